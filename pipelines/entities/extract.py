"""Entity mentions: one Aho-Corasick pass over titles and bodies, then boundaries, guards and longest match.

The patterns are every generated surface form of every gazetteer name. One polars Aho-Corasick pass
(``str.find_many`` / ``str.extract_many``, overlapping) reports every occurrence of every form; a match counts
when it is a whole token (no letter or digit on either side: ``Japan`` in ``Japanese`` and ``Қазақстанды`` in
``Қазақстандық`` fail) and no guard of its entity rejects it (the next or previous word, the dateline outlet).
Of the surviving matches the leftmost-longest win and never overlap: ``Japan International Cooperation
Agency`` is only the organisation, ``Абай облысы`` only the region. Overlapping search (rather than
leftmost-longest inside the automaton) keeps the shorter valid form when the longest one ends inside a word
(``Ural`` in ``Ural rivers`` where ``Ural river`` is also a form).
"""

from __future__ import annotations

import polars as pl

from pipelines.entities.gazetteer import GUARDS_SCHEMA, entity_patterns, load_guards

ENTITY_MENTIONS_SCHEMA = pl.Schema(
    {
        "mention_id": pl.Utf8,
        "article_id": pl.Utf8,
        "turn_id": pl.Utf8,
        "entity_id": pl.Utf8,
        "surface": pl.Utf8,
        "char_start": pl.Int32,
        "char_end": pl.Int32,
        "method": pl.Utf8,
    }
)
# `gazetteer`: the surface is a gazetteer name or alias as written; `inflected`: a generated case form of one.
MENTION_METHODS = ("gazetteer", "inflected")
WORD_CHAR = r"^[\p{L}\p{N}]"
# Characters looked at around a match by the guards.
GUARD_WINDOW = 40
NEXT_WORD = r"^[»\"”')]*\s+([\p{L}\p{N}-]+)"
PREV_WORD = r"([\p{L}\p{N}.-]+)[«\"“(]*\s+$"
# A city followed by other names and a plural "regions" word is the region (Karaganda and East Kazakhstan
# regions; Түркістан және Қызылорда облыстарында; Қызылорда облыстары).
_CONJ = r"(?:\s*,\s*|\s+(?:and|және|мен|и)\s+)"
REGION_PLURAL = rf"^(?:{_CONJ}(?:[\p{{Lu}}][\p{{L}}-]*(?:{_CONJ}|\s+))*?|\s+)(?:regions|облыстар|областя|областе)"
# The dateline at the start of a body: city, outlet and a dash (АСТАНА. KAZINFORM — ).
DATELINE = r"^[^\n]{0,80}?\s[—–-]\s"


def _matches(texts: pl.DataFrame, patterns: pl.DataFrame) -> pl.DataFrame:
    """Every occurrence of every pattern in ``texts`` (tid, article_id, in_title, text), with char offsets."""
    forms = pl.lit(patterns["pattern"].implode())
    found = texts.with_columns(
        byte_start=pl.col("text").str.find_many(forms, overlapping=True),
        surface=pl.col("text").str.extract_many(forms, overlapping=True),
    ).filter(pl.col("byte_start").list.len() > 0)
    found = found.explode("byte_start", "surface")
    prefix = pl.col("text").cast(pl.Binary).bin.slice(0, pl.col("byte_start")).cast(pl.Utf8)
    return found.with_columns(char_start=prefix.str.len_chars().cast(pl.Int32)).with_columns(
        char_end=(pl.col("char_start") + pl.col("surface").str.len_chars()).cast(pl.Int32)
    )


def _whole_tokens(matches: pl.DataFrame) -> pl.DataFrame:
    before = (
        pl.when(pl.col("char_start") > 0)
        .then(pl.col("text").str.slice(pl.col("char_start") - 1, 1))
        .otherwise(pl.lit(""))
    )
    after = pl.col("text").str.slice(pl.col("char_end"), 1)
    return matches.filter(~before.str.contains(WORD_CHAR) & ~after.str.contains(WORD_CHAR))


def _leftmost_longest(matches: pl.DataFrame) -> pl.DataFrame:
    """Greedy leftmost-longest selection of non-overlapping matches within each text."""
    ordered = matches.sort("tid", "char_start", "char_end", descending=[False, False, True])
    keep, last_tid, last_end = [], None, -1
    for tid, start, end in ordered.select("tid", "char_start", "char_end").iter_rows():
        if tid != last_tid:
            last_tid, last_end = tid, -1
        keep.append(start >= last_end)
        if keep[-1]:
            last_end = end
    return ordered.filter(pl.Series(keep, dtype=pl.Boolean))


def _guarded(matches: pl.DataFrame, guards: pl.DataFrame) -> pl.DataFrame:
    """Matches rejected by a guard of their entity (row ids ``mid``)."""
    window_start = (pl.col("char_start") - GUARD_WINDOW).clip(lower_bound=0)
    next_word = pl.col("text").str.slice(pl.col("char_end"), GUARD_WINDOW).str.extract(NEXT_WORD, 1)
    prev_word = pl.col("text").str.slice(window_start, pl.col("char_start") - window_start).str.extract(PREV_WORD, 1)
    in_dateline = ~pl.col("in_title") & (
        pl.col("char_start") < pl.col("text").str.extract(DATELINE, 0).str.len_chars().fill_null(0)
    )
    rejected = (
        ((pl.col("side") == "next") & next_word.str.to_lowercase().str.starts_with(pl.col("prefix")))
        | ((pl.col("side") == "prev") & prev_word.str.to_lowercase().str.starts_with(pl.col("prefix")))
        | ((pl.col("side") == "dateline") & in_dateline)
    )
    return matches.join(guards, on="entity_id").filter(rejected.fill_null(False)).select("mid").unique()


def _relinked(matches: pl.DataFrame, guards: pl.DataFrame) -> pl.DataFrame:
    """Matches of a city that a following plural "regions" word makes its region (``region`` guard)."""
    after = pl.col("text").str.slice(pl.col("char_end"), 2 * GUARD_WINDOW)
    regions = guards.filter(pl.col("side") == "region").select("entity_id", region_id="prefix")
    return matches.join(regions, on="entity_id").filter(after.str.contains(REGION_PLURAL)).select("mid", "region_id")


def extract_mentions(
    turns: pl.DataFrame,
    articles: pl.DataFrame,
    entities: pl.DataFrame,
    guards: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Mentions of ``entities`` in article titles (turn_id null, offsets in the title) and bodies (offsets in
    the body, turn_id of the turn containing the mention; text outside every turn is not scanned for turns).

    ``articles`` needs article_id, title, body; ``turns`` turn_id, article_id, char_start, char_end;
    ``guards`` defaults to the gazetteer's.
    """
    guards = load_guards() if guards is None else guards.cast(GUARDS_SCHEMA)
    patterns = entity_patterns(entities)
    texts = (
        pl.concat(
            [
                articles.select("article_id", pl.lit(True).alias("in_title"), pl.col("title").alias("text")),
                articles.select("article_id", pl.lit(False).alias("in_title"), pl.col("body").alias("text")),
            ]
        )
        .filter(pl.col("text").is_not_null() & (pl.col("text") != ""))
        .with_row_index("tid")
    )
    if texts.is_empty() or patterns.is_empty():
        return ENTITY_MENTIONS_SCHEMA.to_frame()
    matches = _matches(texts, patterns).join(patterns, left_on="surface", right_on="pattern")
    matches = _whole_tokens(matches).with_row_index("mid")
    matches = _leftmost_longest(matches.join(_guarded(matches, guards), on="mid", how="anti"))
    matches = matches.join(_relinked(matches, guards), on="mid", how="left").with_columns(
        entity_id=pl.coalesce("region_id", "entity_id")
    )

    spans = (
        turns.select(
            "article_id",
            "turn_id",
            pl.col("char_start").cast(pl.Int32).alias("turn_start"),
            pl.col("char_end").cast(pl.Int32).alias("turn_end"),
        )
        .with_columns(pl.lit(False).alias("in_title"))
        .sort("turn_start")
    )
    keep = ["article_id", "turn_id", "in_title", "entity_id", "surface", "char_start", "char_end", "is_name"]
    body = (
        matches.filter(~pl.col("in_title"))
        .sort("char_start")
        .join_asof(
            spans,
            left_on="char_start",
            right_on="turn_start",
            by=["article_id", "in_title"],
            check_sortedness=False,  # sorted globally, hence within every group
        )
        .filter(pl.col("char_end") <= pl.col("turn_end"))
        .select(keep)
    )
    title = matches.filter(pl.col("in_title")).with_columns(turn_id=pl.lit(None, pl.Utf8)).select(keep)
    located = pl.concat([title, body])
    return (
        located.with_columns(
            mention_id=pl.format(
                "{}-{}{}",
                "article_id",
                pl.when(pl.col("in_title")).then(pl.lit("t")).otherwise(pl.lit("b")),
                pl.col("char_start").cast(pl.Utf8).str.zfill(6),
            ),
            method=pl.when(pl.col("is_name")).then(pl.lit("gazetteer")).otherwise(pl.lit("inflected")),
        )
        .select(ENTITY_MENTIONS_SCHEMA.names())
        .cast(ENTITY_MENTIONS_SCHEMA)
        .sort("article_id", "turn_id", "char_start", nulls_last=False)
    )
