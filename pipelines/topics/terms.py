"""Term counts per article (``article_terms``), the input of the emerging_terms report.

A term is a normalised word or a bigram of two normalised words adjacent in a sentence. Normalised: lower
case, letters only (hyphenated words kept whole), at least MIN_TERM_CHARS letters, not a stop-word; Russian
words are lemmatised (pymorphy3 normal form), Kazakh words lose one valid case suffix (the names' suffix
tables), English words lose a possessive 's. Bigrams show new subjects that single words hide ("green
hydrogen").
"""

from __future__ import annotations

from functools import cache

import polars as pl

from pipelines.entities.forms import _morph
from pipelines.names import KK_CASES, kk_strip_case
from pipelines.topics.constants import MIN_TERM_CHARS
from pipelines.topics.stopwords import STOPWORDS

ARTICLE_TERMS_SCHEMA = pl.Schema({"article_id": pl.Utf8, "lang": pl.Utf8, "term": pl.Utf8, "n": pl.Int64})
# A word (letters, inner hyphens or apostrophes) or a sentence boundary; no \b (slow over Cyrillic).
TOKEN = r"\p{L}+(?:[-'’]\p{L}+)*|[.!?;:()«»\"“”—–]"


@cache
def normalise(word: str, lang: str) -> str | None:
    """The term form of a lower-case word, or None for a stop-word or a too short word."""
    if word in STOPWORDS[lang] or len(word) < MIN_TERM_CHARS:
        return None
    if lang == "ru":
        lemma = _morph().parse(word)[0].normal_form
    elif lang == "kk":
        lemma = kk_strip_case(word, KK_CASES)
    else:
        lemma = word.removesuffix("'s").removesuffix("’s")
    return None if lemma in STOPWORDS[lang] or len(lemma) < MIN_TERM_CHARS else lemma


def _term_ids(tokens: pl.DataFrame) -> tuple[pl.DataFrame, pl.Series]:
    """(lang, token, tid) for the distinct tokens that are terms, and the terms in sorted order (tid = index)."""
    vocab = tokens.select("lang", "token").unique()
    words = vocab.select(pl.col("token").str.to_lowercase())["token"]
    terms = [normalise(word, lang) for lang, word in zip(vocab["lang"], words, strict=True)]
    vocab = vocab.with_columns(term=pl.Series(terms, dtype=pl.Utf8)).drop_nulls("term")
    ids = vocab.select("term").unique().sort("term").with_row_index("tid")
    return vocab.join(ids, on="term").select("lang", "token", "tid"), ids["term"]


def article_terms(turns: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """Counts of terms (``ARTICLE_TERMS_SCHEMA``) in each article's title and turns.

    Words are lower-cased and lemmatised once per distinct (language, word) of the part. Counting and sorting
    run on one integer key per occurrence: (article rank, first term id, 0 for a word or 1 + the second term
    id of a bigram); only the counted rows get their strings back.
    """
    # art: the article's rank by article_id (the output order; equal ids share it).
    arts = articles.select("article_id", "lang", art=pl.col("article_id").rank("dense").cast(pl.UInt64))
    units = pl.concat(
        [
            arts.select("art", "lang").with_columns(text=articles["title"].fill_null("")),
            turns.select("article_id", "text").join(arts, on="article_id").select("art", "lang", "text"),
        ]
    )
    tokens = (
        units.with_row_index("unit")
        .select("unit", "art", "lang", token=pl.col("text").str.extract_all(TOKEN))
        .explode("token")
        .drop_nulls("token")
    )
    vocab, terms = _term_ids(tokens)
    tokens = tokens.join(vocab, on=["lang", "token"], how="left", maintain_order="left")
    # Terms sort as (first term id, second): the order of their strings, because tids are in string order and
    # every character of a term sorts after the space that joins a bigram.
    width = terms.len() + 1
    span = width * width
    tid = pl.col("tid").cast(pl.UInt64)
    following = pl.when(pl.col("unit") == pl.col("unit").shift(-1)).then(tid.shift(-1) + 1)
    keys = pl.concat(
        [
            tokens.select(key=pl.col("art") * span + tid * width),
            tokens.select(key=pl.col("art") * span + tid * width + following),
        ]
    ).drop_nulls("key")
    counted = keys.group_by("key").agg(n=pl.len().cast(pl.UInt64))
    top = int(counted["n"].max() or 0) + 1
    if (arts.height + 1) * top * span < 2**64:
        counted = counted.sort((pl.col("key") // span * top + top - pl.col("n")) * span + pl.col("key") % span)
    else:
        counted = counted.sort(pl.col("key") // span, "n", pl.col("key") % span, descending=[False, True, False])
    words = pl.lit(terms)
    first = words.gather(pl.col("key") % span // width)
    second = words.gather((pl.col("key") % width).clip(lower_bound=1) - 1)  # evaluated for words too
    return (
        counted.with_columns(art=pl.col("key") // span)
        .join(arts.unique("art"), on="art", maintain_order="left")
        .select(
            "article_id",
            "lang",
            term=pl.when(pl.col("key") % width == 0).then(first).otherwise(pl.concat_str(first, second, separator=" ")),
            n="n",
        )
        .cast(ARTICLE_TERMS_SCHEMA)
    )
