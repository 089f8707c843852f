"""The turns stage's work on one part, Dagster-free: the worker processes import this module (importing Dagster
would cost each of them ~0.9 s of CPU)."""

import polars as pl

from pipelines.entities.link import link_speakers
from pipelines.turns.segment import segment_turns


def linked_turns(articles: pl.DataFrame, entities: pl.DataFrame) -> pl.DataFrame:
    """Segment a part of the articles and link each speaker to the gazetteer where it is known."""
    return link_speakers(segment_turns(articles), entities)
