"""Validation frames of the entities and entity_mentions tables: cross-row checks as boolean check_* columns
(the GX suites expectations/entities.json and expectations/entity_mentions.json expect them to be true)."""

from __future__ import annotations

import polars as pl

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
WIKIDATA_ID = r"^Q[1-9][0-9]*$"


def entities_validation_frame(entities: pl.DataFrame) -> pl.DataFrame:
    """``entities`` plus check_slug, check_names_present, check_wikidata_format, check_aliases_non_empty."""
    names = ["name_en", "name_kk", "name_ru"]
    return entities.with_columns(
        check_slug=pl.col("entity_id").str.contains(SLUG).fill_null(False),
        check_names_present=pl.all_horizontal(
            [(pl.col(n).str.strip_chars().str.len_chars() > 0).fill_null(False) for n in names]
        ),
        check_wikidata_format=pl.col("wikidata_id").is_null() | pl.col("wikidata_id").str.contains(WIKIDATA_ID),
        check_aliases_non_empty=pl.col("aliases")
        .list.eval(pl.element().str.strip_chars().str.len_chars() > 0)
        .list.all()
        .fill_null(True),
    )


def mentions_validation_frame(
    mentions: pl.DataFrame, entities: pl.DataFrame, articles: pl.DataFrame, turns: pl.DataFrame
) -> pl.DataFrame:
    """``mentions`` plus check_entity_exists, check_surface_at_offsets (surface == body or title slice),
    check_offsets_ordered, check_inside_turn (title mentions: no turn) and check_no_overlap."""
    spans = turns.select("turn_id", _turn_article="article_id", _turn_start="char_start", _turn_end="char_end")
    frame = (
        mentions.with_columns(_entity_known=pl.col("entity_id").is_in(entities["entity_id"].implode()))
        .join(articles.select("article_id", "title", "body"), on="article_id", how="left")
        .join(spans, on="turn_id", how="left")
    )
    source = pl.when(pl.col("turn_id").is_null()).then(pl.col("title")).otherwise(pl.col("body"))
    at_offsets = source.str.slice(pl.col("char_start"), pl.col("char_end") - pl.col("char_start"))
    previous_end = pl.col("char_end").shift(1).over(["article_id", pl.col("turn_id").is_null()], order_by="char_start")
    return frame.with_columns(
        check_entity_exists=pl.col("_entity_known"),
        check_surface_at_offsets=(at_offsets == pl.col("surface")).fill_null(False),
        check_offsets_ordered=(pl.col("char_start") >= 0) & (pl.col("char_end") > pl.col("char_start")),
        check_inside_turn=pl.col("turn_id").is_null()
        | (
            (pl.col("_turn_article") == pl.col("article_id"))
            & (pl.col("char_start") >= pl.col("_turn_start"))
            & (pl.col("char_end") <= pl.col("_turn_end"))
        ).fill_null(False),
        check_no_overlap=(pl.col("char_start") >= previous_end).fill_null(True),
    ).select(*mentions.columns, pl.selectors.starts_with("check_"))
