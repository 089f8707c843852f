"""Validation frames of the entities and entity_mentions tables: cross-row checks as boolean check_* columns
(the GX suites expectations/entities.json and expectations/entity_mentions.json expect them to be true)."""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa

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


def _utf8(values: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """The UTF-8 bytes of ``values`` (nulls as empty strings) and the byte offset of each value (n + 1 offsets)."""
    array = values.fill_null("").to_arrow().cast(pa.large_string())
    array = pa.concat_arrays([array]) if array.offset else array  # offsets from 0
    _, offsets, data = array.buffers()
    offsets = np.frombuffer(offsets, dtype=np.int64)[: len(array) + 1]
    data = np.frombuffer(data, dtype=np.uint8)[: offsets[-1]] if data is not None else np.zeros(0, np.uint8)
    return data, offsets


def _surface_at_offsets(texts: pl.Series, tid: np.ndarray, start: np.ndarray, end: np.ndarray, surfaces: pl.Series):
    """Whether ``texts[tid][start:end] == surface`` (character offsets) for every row, in one vectorised pass:
    the byte position of every character of the texts, then a byte comparison of the slices with the surfaces."""
    data, offsets = _utf8(texts)
    char_bytes = np.append(np.flatnonzero((data & 0xC0) != 0x80), len(data))  # byte of every character start
    first_char = np.searchsorted(char_bytes, offsets)  # index of each text's first character; n + 1 entries
    n_chars = np.diff(first_char)
    known = tid >= 0
    t = np.where(known, tid, 0)
    known &= texts.is_not_null().to_numpy()[t]
    ok = known & (start >= 0) & (start <= end) & (end <= n_chars[t])
    begin = np.where(ok, char_bytes[first_char[t] + np.where(ok, start, 0)], 0)
    stop = np.where(ok, char_bytes[first_char[t] + np.where(ok, end, 0)], 0)
    s_data, s_offsets = _utf8(surfaces)
    s_len = np.diff(s_offsets)
    ok &= surfaces.is_not_null().to_numpy() & (stop - begin == s_len)
    # Compare the bytes of the rows whose lengths agree, all at once.
    lengths = np.where(ok, s_len, 0)
    total = int(lengths.sum())
    if total:
        row = np.repeat(np.arange(len(lengths)), lengths)
        within = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        differs = data[begin[row] + within] != s_data[s_offsets[row] + within]
        ok[np.unique(row[differs])] = False
    return ok


def mentions_validation_frame(
    mentions: pl.DataFrame, entities: pl.DataFrame, articles: pl.DataFrame, turns: pl.DataFrame
) -> pl.DataFrame:
    """``mentions`` plus check_entity_exists, check_surface_at_offsets (surface == body or title slice),
    check_offsets_ordered, check_inside_turn (title mentions: no turn) and check_no_overlap."""
    spans = turns.select("turn_id", _turn_article="article_id", _turn_start="char_start", _turn_end="char_end")
    # Every title and body once (text id: 2 * article row, + 1 for the body); mentions point at theirs by id.
    texts = articles.select(text=pl.concat_list("title", "body")).explode("text")["text"]
    text_id = articles.select("article_id", _tid=pl.int_range(pl.len(), dtype=pl.Int64) * 2)
    frame = (
        mentions.with_columns(_entity_known=pl.col("entity_id").is_in(entities["entity_id"].implode()))
        .join(text_id, on="article_id", how="left", maintain_order="left")
        .join(spans, on="turn_id", how="left", maintain_order="left")
        .with_columns(_tid=pl.col("_tid") + pl.col("turn_id").is_not_null().cast(pl.Int64))
    )
    at_offsets = _surface_at_offsets(
        texts,
        frame["_tid"].fill_null(-1).to_numpy(),
        frame["char_start"].fill_null(-1).cast(pl.Int64).to_numpy(),
        frame["char_end"].fill_null(-1).cast(pl.Int64).to_numpy(),
        frame["surface"],
    )
    previous_end = pl.col("char_end").shift(1).over(["article_id", pl.col("turn_id").is_null()], order_by="char_start")
    return frame.with_columns(
        check_entity_exists=pl.col("_entity_known"),
        check_surface_at_offsets=pl.Series(at_offsets, dtype=pl.Boolean),
        check_offsets_ordered=(pl.col("char_start") >= 0) & (pl.col("char_end") > pl.col("char_start")),
        check_inside_turn=pl.col("turn_id").is_null()
        | (
            (pl.col("_turn_article") == pl.col("article_id"))
            & (pl.col("char_start") >= pl.col("_turn_start"))
            & (pl.col("char_end") <= pl.col("_turn_end"))
        ).fill_null(False),
        check_no_overlap=(pl.col("char_start") >= previous_end).fill_null(True),
    ).select(*mentions.columns, pl.selectors.starts_with("check_"))
