"""The topics stage's work on one part, Dagster-free: the worker processes import this module (importing Dagster
would cost each of them ~0.9 s of CPU)."""

import polars as pl

from pipelines.topics.scoring import article_relevance, assign_article_topics, score_turn_topics
from pipelines.topics.terms import article_terms


def topics_of_part(turns: pl.DataFrame, articles: pl.DataFrame, mentions: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Turn topics, article topics, relevance and term counts of one part."""
    turn_topics = score_turn_topics(turns, articles, mentions)
    article_topics = assign_article_topics(turn_topics, turns)
    return {
        "turn_topics": turn_topics,
        "article_topics": article_topics,
        "article_relevance": article_relevance(articles, turns, mentions, article_topics),
        "article_terms": article_terms(turns, articles),
    }
