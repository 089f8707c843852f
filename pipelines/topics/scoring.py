"""Topic scores of turns, topic assignment of articles, and the Japan–Kazakhstan relevance of articles.

Pure functions over polars frames; thresholds and weights are in :mod:`pipelines.topics.constants`, terms and
entity evidence in ``lexicon.yaml``. How scores become assignments is documented in docs/topics.md.
"""

from __future__ import annotations

from functools import cache

import polars as pl

from pipelines.entities.extract import DATELINE
from pipelines.topics.constants import (
    CO_TURN_WEIGHT,
    JAPAN_SHARE_WEIGHT,
    MAX_TOPICS,
    MIN_MASS,
    MIN_RELATIVE,
    MIN_TURNS,
    NO_TOPIC_FACTOR,
    RELEVANCE_THRESHOLD,
    TITLE_WEIGHT,
    TURN_SCALE,
)
from pipelines.topics.lexicon import (
    entity_evidence,
    forms_frame,
    lexicon_terms,
    side_entities,
    side_terms,
    term_matches,
)

TURN_TOPICS_SCHEMA = pl.Schema(
    {
        "turn_id": pl.Utf8,
        "article_id": pl.Utf8,
        "topic_id": pl.Utf8,
        "score": pl.Float64,
        "evidence": pl.List(pl.Utf8),
    }
)
ARTICLE_TOPICS_SCHEMA = pl.Schema(
    {"article_id": pl.Utf8, "topic_id": pl.Utf8, "score": pl.Float64, "share_of_turns": pl.Float64}
)
ARTICLE_RELEVANCE_SCHEMA = pl.Schema(
    {"article_id": pl.Utf8, "about_japan_kazakhstan": pl.Boolean, "relevance_score": pl.Float64}
)


def _turn_units(turns: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """Turns as matcher units (unit_id = turn_id) in their article's language."""
    return turns.join(articles.select("article_id", "lang"), on="article_id").select(
        pl.col("turn_id").alias("unit_id"), "article_id", "lang", "text"
    )


@cache
def _keyed_evidence() -> tuple[pl.DataFrame, pl.DataFrame]:
    """Lexicon terms and entity evidence with integer keys that sort like their strings: ``topic`` (of
    topic_id) and ``evidence_key`` (of the term or entity id, one ranking over both)."""
    terms, entities = lexicon_terms(), entity_evidence()
    topics = pl.concat([terms["topic_id"], entities["topic_id"]]).unique().sort().to_frame().with_row_index("topic")
    keys = pl.concat([terms["term"], entities["entity_id"]]).unique().sort().rename("evidence")
    keys = keys.to_frame().with_row_index("evidence_key")
    return (
        terms.join(topics, on="topic_id").join(keys, left_on="term", right_on="evidence"),
        entities.join(topics, on="topic_id").join(keys, left_on="entity_id", right_on="evidence"),
    )


def score_turn_topics(turns: pl.DataFrame, articles: pl.DataFrame, mentions: pl.DataFrame) -> pl.DataFrame:
    """Topic scores of turns (``TURN_TOPICS_SCHEMA``): one row per turn and topic with any evidence.

    score = 1 - exp(-raw / TURN_SCALE), raw = the summed weights of the distinct lexicon terms (in the
    article's language) and entities matched in the turn; evidence = those terms and entity ids, sorted.
    """
    terms, entities = _keyed_evidence()
    units = _turn_units(turns, articles)
    # turn: the rank of the turn id, so hits sort on integers (turn, topic, evidence_key) like their strings.
    turn_keys = units.select(
        "article_id", "lang", turn_id="unit_id", turn=pl.col("unit_id").rank("dense")
    ).with_row_index("unit")
    keys = ["turn", "topic", "evidence_key", "weight"]
    term_hits = (
        term_matches(units, forms_frame(lexicon_terms()))
        .join(turn_keys, on="unit")
        .join(terms, on=["lang", "term"])
        .select("turn_id", "article_id", "topic_id", pl.col("term").alias("evidence"), *keys)
    )
    entity_hits = (
        mentions.join(entities, on="entity_id")  # title mentions (turn_id null) find no turn
        .join(turn_keys.select("turn_id", "turn"), on="turn_id")
        .select("turn_id", "article_id", "topic_id", pl.col("entity_id").alias("evidence"), *keys)
    )
    # Sorted once: distinct hits (a term matched twice in a turn counts once), distinct evidence and the
    # (turn, topic) groups are runs of adjacent rows.
    hits = pl.concat([term_hits, entity_hits], how="vertical_relaxed").sort(keys)
    hits = hits.filter(_changed(*keys))
    return (
        hits.with_columns(group=_changed("turn", "topic").cum_sum(), new_evidence=_changed(*keys[:3]))
        .group_by("group", maintain_order=True)
        .agg(
            pl.col("turn_id", "article_id", "topic_id").first(),
            raw=pl.col("weight").sum(),
            evidence=pl.col("evidence").filter("new_evidence"),
        )
        .with_columns(score=1.0 - (-pl.col("raw") / TURN_SCALE).exp())
        .select(TURN_TOPICS_SCHEMA.names())
        .cast(TURN_TOPICS_SCHEMA)
    )


def _changed(*columns: str) -> pl.Expr:
    """Whether a row differs from the previous one in any of ``columns`` (true on the first row)."""
    return pl.any_horizontal(pl.col(c).ne_missing(pl.col(c).shift(1)) for c in columns).fill_null(True)


def topic_masses(turn_topics: pl.DataFrame, turns: pl.DataFrame) -> pl.DataFrame:
    """Per article and topic: mass (summed turn scores), n_turns with evidence, share_of_turns, relative (mass
    / the article's top mass), rank by mass and share (mass / the article's total topic mass)."""
    n_turns = turns.group_by("article_id").agg(article_turns=pl.len())
    return (
        turn_topics.group_by("article_id", "topic_id")
        .agg(mass=pl.col("score").sum(), n_turns=pl.len())
        .join(n_turns, on="article_id", how="left")
        .with_columns(
            share_of_turns=(pl.col("n_turns") / pl.col("article_turns")).clip(upper_bound=1.0),
            relative=pl.col("mass") / pl.col("mass").max().over("article_id"),
            share=pl.col("mass") / pl.col("mass").sum().over("article_id"),
            rank=pl.col("mass").rank("ordinal", descending=True).over("article_id", order_by="topic_id"),
        )
    )


def select_topics(
    masses: pl.DataFrame,
    min_mass: float = MIN_MASS,
    min_relative: float = MIN_RELATIVE,
    min_turns: int = MIN_TURNS,
    max_topics: int = MAX_TOPICS,
) -> pl.DataFrame:
    """The assigned rows of :func:`topic_masses` under the given thresholds (parameters for calibration)."""
    secondary = (pl.col("relative") >= min_relative) & (pl.col("n_turns") >= min_turns)
    return masses.filter(
        (pl.col("mass") >= min_mass) & (pl.col("rank") <= max_topics) & ((pl.col("rank") == 1) | secondary)
    )


def assign_article_topics(turn_topics: pl.DataFrame, turns: pl.DataFrame) -> pl.DataFrame:
    """Topics an article substantially discusses (``ARTICLE_TOPICS_SCHEMA``), usually 1-4 per article.

    score = the topic's share of the article's topic mass (0..1); share_of_turns = share of the article's
    turns with evidence for the topic.
    """
    assigned = select_topics(topic_masses(turn_topics, turns))
    return (
        assigned.select("article_id", "topic_id", pl.col("share").alias("score"), "share_of_turns")
        .cast(ARTICLE_TOPICS_SCHEMA)
        .sort("article_id", "topic_id")
    )


def _side_flags(articles: pl.DataFrame, turns: pl.DataFrame, mentions: pl.DataFrame) -> pl.DataFrame:
    """One row per unit (turn, or the title with turn_id null) that names a side: article_id, turn_id, japan,
    kazakhstan. Sides come from entity mentions (outside the dateline) and from demonyms."""
    sides = side_entities()
    dateline = articles.select("article_id", dateline_end=pl.col("body").str.extract(DATELINE, 0).str.len_chars())
    entity_sides = (
        mentions.join(dateline, on="article_id", how="left")
        .filter(pl.col("turn_id").is_null() | (pl.col("char_start") >= pl.col("dateline_end").fill_null(0)))
        .join(sides, on="entity_id")
        .select("article_id", "turn_id", "side")
    )
    units = pl.concat(
        [
            _turn_units(turns, articles).select("article_id", "lang", "text", turn_id="unit_id"),
            articles.select("article_id", "lang", text=pl.col("title").fill_null(""), turn_id=pl.lit(None, pl.Utf8)),
        ]
    )
    terms = side_terms()
    term_sides = (
        term_matches(units, forms_frame(terms))
        .join(units.select("article_id", "lang", "turn_id").with_row_index("unit"), on="unit")
        .join(terms, on=["lang", "term"])
        .select("article_id", "turn_id", "side")
    )
    return (
        pl.concat([entity_sides, term_sides])
        .group_by("article_id", "turn_id")
        .agg(
            japan=pl.col("side").is_in(["japan", "both"]).any(),
            kazakhstan=pl.col("side").is_in(["kazakhstan", "both"]).any(),
        )
    )


def article_relevance(
    articles: pl.DataFrame, turns: pl.DataFrame, mentions: pl.DataFrame, article_topics: pl.DataFrame
) -> pl.DataFrame:
    """Whether each article is substantively about Japan–Kazakhstan relations (``ARTICLE_RELEVANCE_SCHEMA``).

    Both sides must be named (entities of each side, demonyms) and connected: turns naming both, Japan in the
    title, and the share of turns naming Japan raise the score; a passing mention of Japan in one turn does
    not.
    """
    flags = _side_flags(articles, turns, mentions)
    body = flags.filter(pl.col("turn_id").is_not_null())
    title = flags.filter(pl.col("turn_id").is_null()).select(
        "article_id", title_japan="japan", title_kazakhstan="kazakhstan"
    )
    per_article = body.group_by("article_id").agg(
        co_turns=(pl.col("japan") & pl.col("kazakhstan")).sum(),
        japan_turns=pl.col("japan").sum(),
        body_japan=pl.col("japan").any(),
        body_kazakhstan=pl.col("kazakhstan").any(),
    )
    n_turns = turns.group_by("article_id").agg(article_turns=pl.len())
    has_topic = article_topics.select("article_id").unique().with_columns(has_topic=pl.lit(True))
    frame = (
        articles.select("article_id")
        .join(per_article, on="article_id", how="left")
        .join(title, on="article_id", how="left")
        .join(n_turns, on="article_id", how="left")
        .join(has_topic, on="article_id", how="left")
        .with_columns(
            pl.col("^(body|title)_.*$", "has_topic").fill_null(False),
            pl.col("co_turns", "japan_turns", "article_turns").fill_null(0),
        )
    )
    japan = pl.col("body_japan") | pl.col("title_japan")
    kazakhstan = pl.col("body_kazakhstan") | pl.col("title_kazakhstan")
    japan_share = pl.when(pl.col("article_turns") > 0).then(pl.col("japan_turns") / pl.col("article_turns"))
    raw = (
        CO_TURN_WEIGHT * pl.col("co_turns")
        + TITLE_WEIGHT * (pl.col("title_japan") & kazakhstan).cast(pl.Float64)
        + JAPAN_SHARE_WEIGHT * japan_share.fill_null(0.0)
    )
    score = (1.0 - (-raw).exp()) * pl.when(pl.col("has_topic")).then(1.0).otherwise(NO_TOPIC_FACTOR)
    score = pl.when(japan & kazakhstan).then(score).otherwise(0.0)
    return (
        frame.with_columns(relevance_score=score)
        .with_columns(about_japan_kazakhstan=pl.col("relevance_score") >= RELEVANCE_THRESHOLD)
        .select(ARTICLE_RELEVANCE_SCHEMA.names())
        .cast(ARTICLE_RELEVANCE_SCHEMA)
        .sort("article_id")
    )
