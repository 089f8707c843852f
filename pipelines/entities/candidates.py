"""Entity candidates: capitalised names in the turns that the gazetteer does not know, for a curator.

How they are found: in every turn, runs of capitalised words (1-4 words) that either stand mid-sentence (after
a lower-case word, digit or comma) or have at least two words. Dropped: runs made only of stop words (months,
nationality adjectives, titles), runs inside a mention of the same turn, and runs containing any gazetteer
form (found by the same matcher as the mentions). The rest are normalised to the nominative with
:func:`pipelines.names.nominative` and counted per (normalised, lang).
"""

from __future__ import annotations

import duckdb
import polars as pl

from pipelines.entities.extract import extract_mentions
from pipelines.entities.gazetteer import load_gazetteer
from pipelines.names import nominative

# One row per occurrence; the view ``entity_candidates`` (sql/schema/20_entities.sql) counts them per name and
# language over the whole warehouse, so counts stay right when articles are added or replaced.
CANDIDATE_MENTIONS_SCHEMA = pl.Schema(
    {"article_id": pl.Utf8, "turn_id": pl.Utf8, "lang": pl.Utf8, "surface": pl.Utf8, "normalised": pl.Utf8}
)
_WORD = r"[\p{Lu}][\p{Ll}'’]+(?:-[\p{L}][\p{Ll}'’]+)*"
_RUN = rf"{_WORD}(?:\s{_WORD}){{0,3}}"
# A run after a lower-case word, digit or comma (not a sentence opener), or any run of 2-4 words.
CANDIDATE_PATTERN = rf"[\p{{Ll}}\d,;]\s+{_RUN}|{_WORD}(?:\s{_WORD}){{1,3}}"
MIN_CANDIDATE_CHARS = 3
# Capitalised words that are not names (months, weekdays, nationality adjectives, titles, sentence openers):
# a run made only of these is no candidate.
# fmt: off
CANDIDATE_STOPWORDS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "japanese", "kazakh", "turkish", "chinese", "russian", "english", "european", "asian", "central",
    "prime", "minister", "deputy", "vice", "ministry", "embassy", "president", "head", "state", "first",
    "secretary", "director", "chief", "government", "trade", "energy", "security", "international",
    "national", "the", "for", "as", "are", "in", "on", "at", "of", "and", "мемлекет", "президент",
    "премьер-министр", "министр", "елші", "үкімет", "жапон", "қазақ", "японский", "японского", "японской",
    "японские", "японских", "казахстанский", "казахстанского", "министерство", "министерства",
    "министерстве", "министерством", "глава", "посол", "правительство",
})
# fmt: on


# Candidate names are matched against the gazetteer as the titles of articles of their own, with these ids.
CANDIDATE_ID_PREFIX = "candidate:"


def candidate_runs(turns: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """Every capitalised run of every turn: turn_id, article_id, lang, surface (leading context removed)."""
    return (
        turns.join(articles.select("article_id", "lang"), on="article_id")
        .select("turn_id", "article_id", "lang", run=pl.col("text").str.extract_all(CANDIDATE_PATTERN))
        .explode("run")
        .drop_nulls("run")
        .with_columns(surface=pl.col("run").str.replace(r"^[^\p{Lu}]+", ""))
        .filter(pl.col("surface").str.len_chars() >= MIN_CANDIDATE_CHARS)
    )


def candidate_names(runs: pl.DataFrame) -> pl.DataFrame:
    """The distinct surfaces of ``runs`` not made only of stop words, as title-only articles for
    :func:`extract_mentions`: article_id (``CANDIDATE_ID_PREFIX`` + a number), title (the surface), body ("")."""
    words = pl.col("surface").str.to_lowercase().str.split(" ")
    return (
        runs.select("surface")
        .unique()
        .filter(~words.list.eval(pl.element().is_in(list(CANDIDATE_STOPWORDS))).list.all())
        .with_row_index("rid")
        .select(article_id=CANDIDATE_ID_PREFIX + pl.col("rid").cast(pl.Utf8), title="surface", body=pl.lit("", pl.Utf8))
    )


def unknown_candidates(
    runs: pl.DataFrame, names: pl.DataFrame, known: pl.Series, mentions: pl.DataFrame
) -> pl.DataFrame:
    """Occurrences (``CANDIDATE_MENTIONS_SCHEMA``) of the ``runs`` whose surface is one of ``names`` but none of
    the ``known`` ones (article ids of names with a gazetteer mention) and lies in no mention of its turn."""
    unknown = names.filter(~pl.col("article_id").is_in(known.implode())).select(surface="title")
    runs = runs.join(unknown, on="surface")
    # A run inside a mention of its turn is a capitalised part of a known name (Транскаспийского ...).
    heads = runs.join(mentions.select("turn_id", mention="surface"), on="turn_id").filter(
        pl.col("mention").str.contains(pl.col("surface"), literal=True)
    )
    runs = runs.join(heads.select("turn_id", "surface").unique(), on=["turn_id", "surface"], how="anti")
    forms = runs.select("surface", "lang").unique()
    forms = forms.with_columns(
        normalised=pl.Series([nominative(s, lang) for s, lang in forms.iter_rows()], dtype=pl.Utf8)
    )
    return (
        runs.join(forms, on=["surface", "lang"])
        .select(CANDIDATE_MENTIONS_SCHEMA.names())
        .cast(CANDIDATE_MENTIONS_SCHEMA)
        .sort("turn_id", "surface")
    )


def candidate_mentions(
    turns: pl.DataFrame, articles: pl.DataFrame, mentions: pl.DataFrame, entities: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Occurrences of capitalised names not in the gazetteer (``CANDIDATE_MENTIONS_SCHEMA``).

    ``mentions`` are the turns' entity mentions: runs overlapping one are skipped. ``entities`` defaults to
    the gazetteer (used to drop runs that contain a known form).
    """
    entities = load_gazetteer() if entities is None else entities
    runs = candidate_runs(turns, articles)
    names = candidate_names(runs)
    known = extract_mentions(turns.clear(), names, entities)["article_id"]
    return unknown_candidates(runs, names, known, mentions)


def top_candidates(con: duckdb.DuckDBPyConnection, limit: int) -> pl.DataFrame:
    """The ``limit`` most frequent rows of table ``entity_candidates`` (for ``jkc entities candidates``)."""
    query = "SELECT * FROM entity_candidates ORDER BY n_articles DESC, n_mentions DESC, normalised LIMIT ?"
    return con.sql(query, params=[limit]).pl()
