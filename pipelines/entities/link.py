"""Speaker linking: a turn's speaker (a nominative name) to a gazetteer entity."""

from __future__ import annotations

import polars as pl


def name_key(expr: pl.Expr) -> pl.Expr:
    """Order- and case-insensitive key of a name: ``Ивая Такеши`` and ``Такеши Ивая`` share one."""
    words = expr.str.to_lowercase().str.replace_all("ё", "е").str.replace_all(r"[.,«»\"]", " ").str.split(" ")
    return words.list.eval(pl.element().filter(pl.element() != "")).list.sort().list.join(" ")


def entity_name_keys(entities: pl.DataFrame) -> pl.DataFrame:
    """(key, entity_id) of every name and alias of every entity; keys shared by two entities are dropped."""
    names = entities.select(
        "entity_id", pl.concat_list("name_en", "name_kk", "name_ru", "aliases").alias("name")
    ).explode("name")
    keys = names.select(key=name_key(pl.col("name")), entity_id="entity_id").unique()
    return keys.filter(pl.col("key").is_unique())


def link_speakers(turns: pl.DataFrame, entities: pl.DataFrame) -> pl.DataFrame:
    """``turns`` with ``speaker_entity_id`` set wherever the speaker is a name or alias of a known entity
    (word order and case ignored); other rows keep their value."""
    keys = entity_name_keys(entities).rename({"entity_id": "_linked"})
    linked = turns.with_columns(_key=name_key(pl.col("speaker"))).join(keys, left_on="_key", right_on="key", how="left")
    current = pl.col("speaker_entity_id") if "speaker_entity_id" in turns.columns else pl.lit(None, pl.Utf8)
    return linked.with_columns(speaker_entity_id=pl.coalesce("_linked", current)).select(
        *turns.columns, *(["speaker_entity_id"] if "speaker_entity_id" not in turns.columns else [])
    )
