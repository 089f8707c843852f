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


def article_terms(turns: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """Counts of terms (``ARTICLE_TERMS_SCHEMA``) in each article's title and turns."""
    units = pl.concat(
        [
            articles.select("article_id", "lang", pl.col("title").fill_null("").alias("text")),
            turns.join(articles.select("article_id", "lang"), on="article_id").select(
                "article_id", "lang", "text"
            ),
        ]
    ).with_row_index("unit")
    tokens = (
        units.select(
            "unit", "article_id", "lang", token=pl.col("text").str.to_lowercase().str.extract_all(TOKEN)
        )
        .explode("token")
        .drop_nulls("token")
    )
    lemmas = tokens.select("lang", "token").unique()
    lemmas = lemmas.with_columns(
        term=pl.Series(
            [normalise(t, lang) for lang, t in lemmas.iter_rows()] if lemmas.height else [], dtype=pl.Utf8
        )
    )
    tokens = tokens.join(lemmas, on=["lang", "token"], how="left", maintain_order="left")
    bigrams = tokens.with_columns(
        term=pl.when(pl.col("unit") == pl.col("unit").shift(-1)).then(
            pl.concat_str(pl.col("term"), pl.col("term").shift(-1), separator=" ")
        )
    )
    return (
        pl.concat([tokens.select("article_id", "lang", "term"), bigrams.select("article_id", "lang", "term")])
        .drop_nulls("term")
        .group_by("article_id", "lang", "term")
        .agg(n=pl.len())
        .cast(ARTICLE_TERMS_SCHEMA)
        .sort("article_id", "n", "term", descending=[False, True, False])
    )
