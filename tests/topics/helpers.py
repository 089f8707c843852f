"""Small constructed frames for the topic unit tests."""

from __future__ import annotations

import polars as pl

from pipelines.entities.extract import ENTITY_MENTIONS_SCHEMA


def articles(*rows: tuple[str, str, str, str]) -> pl.DataFrame:
    """(article_id, lang, title, body) rows."""
    return pl.DataFrame(rows, schema=["article_id", "lang", "title", "body"], orient="row")


def turns_of(frame: pl.DataFrame) -> pl.DataFrame:
    """One turn per body line, with offsets into the body."""
    rows = []
    for article_id, body in frame.select("article_id", "body").iter_rows():
        start = 0
        for index, line in enumerate(body.split("\n")):
            rows.append((f"{article_id}-{index:04d}", article_id, index, line, start, start + len(line)))
            start += len(line) + 1
    schema = ["turn_id", "article_id", "turn_index", "text", "char_start", "char_end"]
    return pl.DataFrame(rows, schema=schema, orient="row")


def mentions(turns: pl.DataFrame, *rows: tuple[str, str | None, str, int]) -> pl.DataFrame:
    """(article_id, turn_id or None for the title, entity_id, offset in the turn or title) rows."""
    frame = pl.DataFrame(
        rows,
        schema={"article_id": pl.Utf8, "turn_id": pl.Utf8, "entity_id": pl.Utf8, "offset": pl.Int32},
        orient="row",
    )
    starts = turns.select("turn_id", turn_start=pl.col("char_start").cast(pl.Int32))
    frame = frame.join(starts, on="turn_id", how="left").with_columns(
        char_start=pl.col("offset") + pl.col("turn_start").fill_null(0)
    )
    return (
        frame.with_columns(
            mention_id=pl.format("m{}", pl.int_range(pl.len())),
            surface=pl.col("entity_id"),
            char_end=pl.col("char_start") + 5,
            method=pl.lit("gazetteer"),
        )
        .select(ENTITY_MENTIONS_SCHEMA.names())
        .cast(ENTITY_MENTIONS_SCHEMA)
    )


NO_MENTIONS = ENTITY_MENTIONS_SCHEMA.to_frame()
