"""Validation frames of the topic tables: the frame plus boolean ``check_*`` columns the GX suites expect
true."""

from __future__ import annotations

import polars as pl

from pipelines.topics.constants import MAX_TOPICS
from pipelines.topics.lexicon import topic_ids


def topics_validation_frame(topics: pl.DataFrame) -> pl.DataFrame:
    """``topics`` with check_in_lexicon: the topic id is one of the lexicon's taxonomy."""
    return topics.with_columns(check_in_lexicon=pl.col("topic_id").is_in(topic_ids()))


def turn_topics_validation_frame(turn_topics: pl.DataFrame, turns: pl.DataFrame) -> pl.DataFrame:
    """``turn_topics`` with check_turn_exists (turn and article of a real turn), check_has_evidence and
    check_unique_turn_topic."""
    known = turns.select("turn_id", "article_id").unique().with_columns(check_turn_exists=pl.lit(True))
    return turn_topics.join(known, on=["turn_id", "article_id"], how="left").with_columns(
        pl.col("check_turn_exists").fill_null(False),
        check_has_evidence=pl.col("evidence").list.len().fill_null(0) > 0,
        check_unique_turn_topic=~pl.struct("turn_id", "topic_id").is_duplicated(),
    )


def article_topics_validation_frame(article_topics: pl.DataFrame, turn_topics: pl.DataFrame) -> pl.DataFrame:
    """``article_topics`` with check_has_turn_evidence (some turn of the article has evidence for the topic),
    check_max_topics (at most MAX_TOPICS per article) and check_unique_article_topic."""
    evidenced = (
        turn_topics.filter(pl.col("evidence").list.len() > 0)
        .select("article_id", "topic_id")
        .unique()
        .with_columns(check_has_turn_evidence=pl.lit(True))
    )
    return article_topics.join(evidenced, on=["article_id", "topic_id"], how="left").with_columns(
        pl.col("check_has_turn_evidence").fill_null(False),
        check_max_topics=pl.len().over("article_id") <= MAX_TOPICS,
        check_unique_article_topic=~pl.struct("article_id", "topic_id").is_duplicated(),
    )
