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
from pipelines.topics.constants import MIN_TERM_CHARS, TOPIC_LANGUAGES
from pipelines.topics.stopwords import STOPWORDS

# No language column: it is the article's (articles.lang); at 100k articles it cost the load 2.7 CPU s for 46 M rows.
ARTICLE_TERMS_SCHEMA = pl.Schema({"article_id": pl.Utf8, "term": pl.Utf8, "n": pl.Int64})
LANGS = pl.Enum(TOPIC_LANGUAGES)
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


def _tokens(units: pl.DataFrame) -> tuple[pl.DataFrame, pl.Series]:
    """The tokens of ``units`` (unit, art, lang, text) in text order, and the distinct token strings.

    Returns unit, art, ``lang`` :data:`LANGS` and ``token`` (UInt32, the index of its string). TOKEN never
    matches a space, so the texts are split at spaces and TOKEN runs once per distinct piece, not per occurrence.
    """
    categorical = pl.List(pl.Categorical(pl.Categories.random()))
    pieces = units.select(
        "unit", "art", pl.col("lang").cast(LANGS), piece=pl.col("text").str.split(" ").cast(categorical)
    ).explode("piece")
    piece_tokens = pieces.schema["piece"].categories.to_series().str.extract_all(TOKEN).cast(categorical)
    token_ids = piece_tokens.list.eval(pl.element().to_physical())  # per piece category: its token indices
    tokens = (
        pieces.select("unit", "art", "lang", token=pl.lit(token_ids).gather(pl.col("piece").to_physical()))
        .explode("token")
        .drop_nulls("token")
    )
    return tokens, piece_tokens.dtype.inner.categories.to_series()


def _term_ids(tokens: pl.DataFrame, words: pl.Series) -> tuple[pl.Series, pl.Series]:
    """The term id of each token (null if it is not a term) and the terms in sorted order (term id = index).

    ``tokens``: ``token`` UInt32 (index into ``words``), ``lang`` :data:`LANGS`. Each distinct (token, lang)
    is lower-cased and normalised once; tokens are keyed by integers, not strings.
    """
    words = words.str.to_lowercase().to_list()
    n_langs = len(TOPIC_LANGUAGES)
    keys = tokens.select(key=pl.col("token").cast(pl.UInt64) * n_langs + pl.col("lang").to_physical())
    n_keys = len(words) * n_langs
    distinct = pl.repeat(False, n_keys, eager=True).scatter(keys["key"], True).arg_true().to_list()
    terms = [normalise(words[key // n_langs], TOPIC_LANGUAGES[key % n_langs]) for key in distinct]
    vocab = pl.DataFrame({"key": distinct, "term": terms}, schema={"key": pl.UInt64, "term": pl.Utf8}).drop_nulls()
    ids = vocab["term"].unique().sort()
    vocab = vocab.join(ids.to_frame().with_row_index("tid"), on="term")
    by_key = pl.repeat(None, n_keys, dtype=pl.UInt32, eager=True).scatter(vocab["key"], vocab["tid"])
    return by_key.gather(keys["key"]), ids


def article_terms(turns: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """Counts of terms (``ARTICLE_TERMS_SCHEMA``) in each article's title and turns.

    Words are lower-cased and lemmatised once per distinct (language, word) of the part. Counting (sort and
    run lengths) and sorting run on one integer key per occurrence: (article rank, first term id, 0 for a word
    or 1 + the second term id of a bigram); only the counted rows get their strings back.
    """
    # art: the article's rank by article_id (the output order; equal ids share it).
    arts = articles.select("article_id", "lang", art=pl.col("article_id").rank("dense").cast(pl.UInt64))
    units = pl.concat(
        [
            arts.select("art", "lang").with_columns(text=articles["title"].fill_null("")),
            turns.select("article_id", "text").join(arts, on="article_id").select("art", "lang", "text"),
        ]
    )
    tokens, words = _tokens(units.with_row_index("unit"))
    token_tids, terms = _term_ids(tokens, words)
    tokens = tokens.select("unit", "art", tid=token_tids)
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
    counted = keys["key"].sort().rle().struct.unnest().select(key="value", n=pl.col("len").cast(pl.UInt64))
    top = int(counted["n"].max() or 0) + 1
    if (arts.height + 1) * top * span < 2**64:  # (art, top - n, term) packed in one integer, sorted, unpacked
        packed = (pl.col("key") // span * top + top - pl.col("n")) * span + pl.col("key") % span
        p = pl.col("p")
        counted = (
            counted.select(p=packed).sort("p").select(key=p // (top * span) * span + p % span, n=top - p // span % top)
        )
    else:
        counted = counted.sort(pl.col("key") // span, "n", pl.col("key") % span, descending=[False, True, False])
    words = pl.lit(terms)
    first = words.gather(pl.col("key") % span // width)
    second = words.gather(pl.when(pl.col("key") % width > 0).then(pl.col("key") % width - 1))  # null for words
    by_art = arts.unique("art", keep="first").sort("art")  # arts are 1, 2, ...
    art = (pl.col("key") // span - 1).cast(pl.UInt32)
    return counted.select(
        pl.lit(by_art["article_id"]).gather(art).alias("article_id"),
        term=pl.concat_str(first, second, separator=" ", ignore_nulls=True),
        n="n",
    ).cast(ARTICLE_TERMS_SCHEMA)
