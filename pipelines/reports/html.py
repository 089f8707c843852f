"""The coverage report: report views -> polars frames -> Altair charts -> one self-contained HTML file.

Pure and Dagster-free: :func:`build_report` reads a (read-only) connection and returns the frames, the charts
and the HTML. Charts are rendered to inline SVG with vl-convert: the file needs no JavaScript and no network.
"""

from __future__ import annotations

import html
import threading
from dataclasses import dataclass
from datetime import UTC, datetime

import altair as alt
import duckdb
import polars as pl
import vl_convert as vlc

from pipelines.reports.preview import markdown_preview

TOP_N = 10
COOCCURRENCE_ENTITIES = 12
CHART_WIDTH = 560
PNG_SCALE = 1.0
NO_DATA = "no data yet"

# Each query reads one report view; values are always bound as `?` parameters.
QUERIES = {
    "coverage": """
        select strftime(month, '%Y-%m') as month, lang,
               cast(sum(n_articles) as bigint) as n_articles,
               cast(sum(n_about_japan_kazakhstan) as bigint) as n_about_japan_kazakhstan,
               cast(sum(n_not_about) as bigint) as n_not_about,
               cast(sum(n_unscored) as bigint) as n_unscored
        from coverage_by_month where month is not null group by all order by month, lang
    """,
    "month_by_outlet": """
        select outlet, lang, n_articles, n_about_japan_kazakhstan, n_interviews
        from coverage_by_month where strftime(month, '%Y-%m') = ? order by n_articles desc, outlet, lang
    """,
    "topic_shares": """
        select strftime(month, '%Y-%m') as month, topic_id, any_value(label_en) as topic,
               cast(sum(n_articles) as bigint) as n_articles,
               cast(sum(n_articles_in_month) as bigint) as n_articles_in_month,
               sum(n_articles) / sum(n_articles_in_month) as share_of_articles
        from topic_share_by_month
        where month is not null
        group by all order by month, share_of_articles desc
    """,
    "top_entities": """
        select entity_type, name_en, n_articles, n_mentions, n_langs
        from top_entities where period = ?
        order by n_articles desc, n_mentions desc, entity_id limit ?
    """,
    "cooccurrence": """
        select name_en_a, name_en_b, n_articles, jaccard
        from entity_cooccurrence where period = ?
        order by n_articles desc, jaccard desc, entity_id_a, entity_id_b
    """,
    "speakers": """
        select speaker_name, n_articles, n_turns, n_answers, n_quotes, langs,
               coalesce(top_topic, 'none') as top_topic
        from speakers where period = ? order by rank limit ?
    """,
}


@dataclass(frozen=True)
class CoverageReport:
    """What the report shows: its month, the frames behind it, its charts and the HTML page."""

    month: str | None  # 'YYYY-MM' of the latest month with dated articles
    frames: dict[str, pl.DataFrame]
    charts: dict[str, alt.TopLevelMixin]
    svgs: dict[str, str]  # each chart rendered once, as inline SVG
    summary: str  # one markdown paragraph: what happened in the coverage in `month`
    html: str


def latest_month(con: duckdb.DuckDBPyConnection) -> str | None:
    """The latest month with dated articles, as 'YYYY-MM'."""
    return con.sql("select strftime(max(month), '%Y-%m') from coverage_by_month").fetchall()[0][0]


def load_frames(con: duckdb.DuckDBPyConnection, month: str | None) -> dict[str, pl.DataFrame]:
    """Run the report queries for ``month`` (entities and co-occurrence: that month; speakers: all time)."""
    period = month or "all"
    params = {
        "month_by_outlet": [period],
        "top_entities": [period, TOP_N],
        "cooccurrence": ["all"],
        "speakers": ["all", TOP_N],
    }
    return {name: con.sql(sql, params=params.get(name, [])).pl() for name, sql in QUERIES.items()}


def month_summary(frames: dict[str, pl.DataFrame], month: str | None) -> str:
    """One markdown paragraph on ``month``: volume by language, relevance, change on the month before."""
    coverage = frames["coverage"]
    if month is None or coverage.is_empty():
        return "_No dated articles in the warehouse yet._"
    by_month = coverage.group_by("month").agg(pl.col("n_articles", "n_about_japan_kazakhstan", "n_unscored").sum())
    this = by_month.filter(pl.col("month") == month).row(0, named=True)
    previous = by_month.filter(pl.col("month") < month).sort("month").tail(1)
    langs = ", ".join(
        f"{lang} {n}" for lang, n in coverage.filter(pl.col("month") == month).select("lang", "n_articles").iter_rows()
    )
    relevance = (
        f"{this['n_about_japan_kazakhstan']} about Japan–Kazakhstan relations"
        if this["n_unscored"] < this["n_articles"]
        else "relevance not scored yet"
    )
    text = f"**{month}**: {this['n_articles']} articles ({langs}), {relevance}"
    if previous.height:
        before = previous.row(0, named=True)
        change = this["n_articles"] - before["n_articles"]
        text += f" ({change:+d} on {before['month']}: {before['n_articles']})"
    entities = frames["top_entities"]
    if entities.height:
        text += ". Most mentioned: " + ", ".join(entities["name_en"].head(5).to_list())
    topics = frames["topic_shares"].filter(pl.col("month") == month)
    if topics.height:
        text += ". Top topics: " + ", ".join(
            f"{topic} ({share:.0%})" for topic, share in topics.select("topic", "share_of_articles").head(3).rows()
        )
    return text + "."


def coverage_chart(coverage: pl.DataFrame) -> alt.TopLevelMixin:
    """Articles per month, stacked by language, beside the same bars split by relevance."""
    by_lang = (
        alt.Chart(coverage, title="Articles per month by language")
        .mark_bar()
        .encode(
            x=alt.X("month:O", title="month"),
            y=alt.Y("sum(n_articles):Q", title="articles"),
            color=alt.Color("lang:N", title="language"),
            tooltip=["month", "lang", "n_articles"],
        )
        .properties(width=CHART_WIDTH / 2)
    )
    relevance = coverage.unpivot(
        on=["n_about_japan_kazakhstan", "n_not_about", "n_unscored"],
        index="month",
        variable_name="relevance",
        value_name="n",
    ).with_columns(pl.col("relevance").str.strip_prefix("n_"))
    by_relevance = (
        alt.Chart(relevance, title="Articles per month: about Japan–Kazakhstan?")
        .mark_bar()
        .encode(
            x=alt.X("month:O", title="month"),
            y=alt.Y("sum(n):Q", title="articles"),
            color=alt.Color("relevance:N", title="relevance"),
            tooltip=["month", "relevance", "sum(n)"],
        )
        .properties(width=CHART_WIDTH / 2)
    )
    return alt.hconcat(by_lang, by_relevance).resolve_scale(color="independent")


def topic_share_chart(topic_shares: pl.DataFrame) -> alt.TopLevelMixin:
    """Heat map: share of each month's articles that discuss each topic."""
    return (
        alt.Chart(topic_shares, title="Topic share of each month's articles")
        .mark_rect()
        .encode(
            x=alt.X("month:O", title="month"),
            y=alt.Y("topic:N", title=None),
            color=alt.Color("share_of_articles:Q", title="share", scale=alt.Scale(scheme="blues")),
            tooltip=["month", "topic", "n_articles", alt.Tooltip("share_of_articles:Q", format=".0%")],
        )
        .properties(width=CHART_WIDTH)
    )


def top_entities_chart(entities: pl.DataFrame, period: str) -> alt.TopLevelMixin:
    """Horizontal bars: the most mentioned entities of ``period``, coloured by type."""
    return (
        alt.Chart(entities, title=f"Most mentioned entities ({period})")
        .mark_bar()
        .encode(
            x=alt.X("n_articles:Q", title="articles"),
            y=alt.Y("name_en:N", sort="-x", title=None),
            color=alt.Color("entity_type:N", title="type"),
            tooltip=["name_en", "entity_type", "n_articles", "n_mentions", "n_langs"],
        )
        .properties(width=CHART_WIDTH)
    )


def cooccurrence_chart(pairs: pl.DataFrame) -> alt.TopLevelMixin:
    """Symmetric heat map of the entities most often prominent together in one article (entity_cooccurrence)."""
    both_ways = pl.concat(
        [
            pairs.select("name_en_a", "name_en_b", "n_articles"),
            pairs.select(name_en_a="name_en_b", name_en_b="name_en_a", n_articles="n_articles"),
        ]
    )
    top = (
        both_ways.group_by("name_en_a")
        .agg(pl.col("n_articles").sum())
        .sort(["n_articles", "name_en_a"], descending=[True, False])
        .head(COOCCURRENCE_ENTITIES)["name_en_a"]
    )
    shown = both_ways.filter(pl.col("name_en_a").is_in(top.implode()) & pl.col("name_en_b").is_in(top.implode()))
    order = top.to_list()
    return (
        alt.Chart(shown, title="Entities prominent in the same article")
        .mark_rect()
        .encode(
            x=alt.X("name_en_a:N", sort=order, title=None),
            y=alt.Y("name_en_b:N", sort=order, title=None),
            color=alt.Color("n_articles:Q", title="articles", scale=alt.Scale(scheme="oranges")),
            tooltip=["name_en_a", "name_en_b", "n_articles"],
        )
        .properties(width=CHART_WIDTH * 0.6, height=CHART_WIDTH * 0.6)
    )


def speakers_chart(speakers: pl.DataFrame) -> alt.TopLevelMixin:
    """Horizontal bars: who answers or is quoted in the most turns, coloured by their main topic."""
    return (
        alt.Chart(speakers.drop("langs"), title="Who answers or is quoted most")
        .mark_bar()
        .encode(
            x=alt.X("n_turns:Q", title="answer and quote turns"),
            y=alt.Y("speaker_name:N", sort="-x", title=None),
            color=alt.Color("top_topic:N", title="main topic"),
            tooltip=["speaker_name", "n_articles", "n_answers", "n_quotes", "top_topic"],
        )
        .properties(width=CHART_WIDTH)
    )


def build_charts(frames: dict[str, pl.DataFrame], month: str | None) -> dict[str, alt.TopLevelMixin]:
    """The report's charts; a chart whose data is still empty (e.g. no turns loaded yet) is left out."""
    builders = {
        "coverage": ("coverage", coverage_chart),
        "topic_shares": ("topic_shares", topic_share_chart),
        "top_entities": ("top_entities", lambda f: top_entities_chart(f, month or "all time")),
        "cooccurrence": ("cooccurrence", cooccurrence_chart),
        "speakers": ("speakers", speakers_chart),
    }
    return {name: build(frames[frame]) for name, (frame, build) in builders.items() if frames[frame].height}


def chart_svg(chart: alt.TopLevelMixin) -> str:
    return vlc.vegalite_to_svg(chart.to_json())


def warm_up() -> threading.Thread:
    """Start vl-convert's JavaScript runtime in a background thread (it releases the GIL): the first chart of a
    process costs ~0.65 s, the next ones ~0.1 s. Only native code runs there: a Python import in a second thread
    (GX's, ~3 s, was tried) can fail with an import-lock deadlock against the run's own imports."""
    spec = {"data": {"values": [{"x": 1}]}, "mark": "point", "encoding": {"x": {"field": "x", "type": "quantitative"}}}
    thread = threading.Thread(target=vlc.vegalite_to_svg, args=(spec,), name="vl-convert-warm-up")
    thread.start()
    return thread


def chart_png(svg: str) -> bytes:
    """A chart already rendered to SVG as PNG (rasterised, without running Vega again)."""
    return vlc.svg_to_png(svg, scale=PNG_SCALE)


SECTIONS = (
    ("coverage", "Coverage over time", "coverage"),
    ("topic_shares", "Topic shares", "topic_shares"),
    ("top_entities", "Top entities of the latest month", "top_entities"),
    ("cooccurrence", "Entities prominent together (all time)", "cooccurrence"),
    ("speakers", "Top speakers (all time)", "speakers"),
)
STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; color: #222; }
section { margin-bottom: 2.5rem; } table { border-collapse: collapse; font-size: 0.85rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.2rem 0.6rem; text-align: left; }
.empty { color: #888; font-style: italic; }
"""


def render_html(report_month: str | None, frames, svgs: dict[str, str], summary: str, generated_at: datetime) -> str:
    """A self-contained page: inline SVG charts (no scripts) and the tables behind them."""
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<title>jkc coverage report</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>Japan–Kazakhstan news coverage</h1>",
        f"<p>Generated {generated_at:%Y-%m-%d %H:%M} UTC. Latest month: {html.escape(report_month or 'none')}.</p>",
        f"<p id='summary'>{_markdown_bold(html.escape(summary))}</p>",
    ]
    for chart_name, heading, frame_name in SECTIONS:
        parts.append(f"<section id='{chart_name}'><h2>{heading}</h2>")
        if chart_name in svgs:
            parts.append(f"<div class='chart'>{svgs[chart_name]}</div>")
            parts.append(_html_table(frames[frame_name].head(TOP_N * 2)))
        else:
            parts.append(f"<p class='empty'>{NO_DATA}</p>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)


def build_report(con: duckdb.DuckDBPyConnection, generated_at: datetime | None = None) -> CoverageReport:
    """Read the report views of ``con`` and build the whole report for the latest month."""
    month = latest_month(con)
    frames = load_frames(con, month)
    charts = build_charts(frames, month)
    svgs = {name: chart_svg(chart) for name, chart in charts.items()}
    summary = month_summary(frames, month)
    page = render_html(month, frames, svgs, summary, generated_at or datetime.now(UTC))
    return CoverageReport(month, frames, charts, svgs, summary, page)


def markdown_table(frame: pl.DataFrame, rows: int = TOP_N) -> str:
    """A frame as a markdown table for Dagster metadata (list columns joined with commas)."""
    flat = frame.with_columns(pl.col(pl.List(pl.Utf8)).list.join(", "))
    return markdown_preview(flat, rows=rows)


def _html_table(frame: pl.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>" for row in frame.iter_rows()
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def _markdown_bold(text: str) -> str:
    """Turn the summary's **bold** markers into <strong> (the summary is also used as markdown)."""
    pieces = text.split("**")
    return "".join(f"<strong>{p}</strong>" if i % 2 else p for i, p in enumerate(pieces))
