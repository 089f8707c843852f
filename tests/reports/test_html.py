"""The HTML coverage report and the coverage_report asset on the seeded warehouse of conftest.py."""

import base64
import re
from datetime import UTC, datetime

import dagster as dg
import duckdb
import polars as pl

from pipelines.reports.assets import coverage_report, report_path
from pipelines.reports.html import NO_DATA, build_report, month_summary
from pipelines.resources import JkcConfig
from pipelines.warehouse import apply_schema, create_views

from .conftest import PROMINENT_MENTIONS, build_views, insert_mentions, seed

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
GENERATED = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)


def test_report_of_the_latest_month(prominent):
    report = build_report(prominent, GENERATED)
    assert report.month == "2025-12"
    assert set(report.charts) == {"coverage", "topic_shares", "top_entities", "cooccurrence", "speakers"}
    # 2025-12: Japan in a3 and a4; Kazakhstan twice in a4 (PROMINENT_MENTIONS); JICA once in a3.
    assert report.frames["top_entities"]["name_en"].to_list() == ["Japan", "Kazakhstan", "JICA"]
    assert report.frames["month_by_outlet"].select("outlet", "n_articles").rows() == [
        ("Kazinform", 1),
        ("unknown", 1),
    ]
    assert report.summary.startswith("**2025-12**: 2 articles (en 1, kk 1), 1 about Japan–Kazakhstan")
    assert "(+0 on 2025-11: 2)" in report.summary


def test_html_is_self_contained_with_one_svg_chart_per_section(prominent):
    page = build_report(prominent, GENERATED).html
    assert page.count("<svg") == 5
    assert len(re.findall(r'class="mark-rect role-mark', page)) >= 5
    assert "<script" not in page
    assert not re.search(r"""(src|href)=["']?https?:""", page)
    assert "Kassym-Jomart Tokayev" in page
    assert "Generated 2026-01-02 03:04 UTC" in page


def test_empty_warehouse_gives_a_report_without_charts():
    with duckdb.connect() as con:
        apply_schema(con)
        create_views(con)
        report = build_report(con, GENERATED)
    assert report.month is None
    assert report.charts == {}
    assert report.html.count(NO_DATA) == 5


def test_month_summary_compares_with_the_month_before():
    coverage = pl.DataFrame(
        {
            "month": ["2025-10", "2025-11", "2025-11"],
            "lang": ["kk", "kk", "ru"],
            "n_articles": [5, 1, 2],
            "n_about_japan_kazakhstan": [4, 1, 0],
            "n_unscored": [0, 0, 2],
        }
    )
    frames = {
        "coverage": coverage,
        "top_entities": pl.DataFrame({"name_en": ["Japan"]}),
        "topic_shares": pl.DataFrame({"month": ["2025-11"], "topic": ["Energy"], "share_of_articles": [0.5]}),
    }
    assert month_summary(frames, "2025-11") == (
        "**2025-11**: 3 articles (kk 1, ru 2), 1 about Japan–Kazakhstan relations (-2 on 2025-10: 5). "
        "Most mentioned: Japan. Top topics: Energy (50%)."
    )


def test_month_summary_says_when_relevance_is_not_scored():
    coverage = pl.DataFrame(
        {
            "month": ["2025-11"],
            "lang": ["kk"],
            "n_articles": [2],
            "n_about_japan_kazakhstan": [0],
            "n_unscored": [2],
        }
    )
    frames = {
        "coverage": coverage,
        "top_entities": pl.DataFrame(),
        "topic_shares": pl.DataFrame({"month": []}),
    }
    assert month_summary(frames, "2025-11") == "**2025-11**: 2 articles (kk 2), relevance not scored yet."


def test_coverage_report_asset_writes_the_page_and_shows_charts_in_metadata(tmp_path):
    warehouse = tmp_path / "wh" / "jkc.duckdb"
    warehouse.parent.mkdir()
    with duckdb.connect(str(warehouse)) as con:
        apply_schema(con)
        seed(con)
        insert_mentions(con, PROMINENT_MENTIONS)
        build_views(con, stored=True)
    jkc = JkcConfig(raw_dir=str(tmp_path), warehouse=str(warehouse))
    result = dg.materialize([coverage_report], resources={"jkc": jkc})
    assert result.success
    path = report_path(warehouse)
    assert path == tmp_path / "wh" / "reports" / "coverage.html"
    assert path.read_text(encoding="utf-8").count("<svg") == 5
    metadata = result.asset_materializations_for_node("coverage_report")[0].metadata
    assert metadata["month"].value == "2025-12"
    for chart in ("coverage", "topic_shares", "top_entities", "speakers"):
        markdown = metadata[f"chart: {chart}"].value
        encoded = re.fullmatch(r"!\[\w+\]\(data:image/png;base64,([A-Za-z0-9+/=]+)\)", markdown)[1]
        assert base64.b64decode(encoded).startswith(PNG_MAGIC)
    assert "| Japan |" in metadata["table: top entities this month"].value
