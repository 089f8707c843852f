"""The reviewed topic lexicon (``lexicon.yaml``): topics, weighted terms, entity evidence, relevance sides.

Terms are lemmas; their surface forms are generated with the entities machinery
(:mod:`pipelines.entities.forms`) plus the inflection that common nouns have and names rarely do: Kazakh
plural and possessive chains (with the final қ/к/п voicing before a vowel), Russian plural and adjective
genders, English plurals. Matching is the entities' leftmost-longest Aho-Corasick pass with whole-token
boundaries.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import polars as pl
import yaml

from pipelines.entities.extract import _matches
from pipelines.entities.forms import (
    MIN_UPPER_LEN,
    _morph,
    is_abbreviation,
    kk_forms,
    kk_word_forms,
    surface_forms,
)
from pipelines.names import KK_FINAL_CLASSES, KK_POSSESSIVE_ENDINGS, kk_harmonies
from pipelines.topics.constants import LEXICON_PATH, TOPIC_LANGUAGES

TOPICS_SCHEMA = pl.Schema(
    {
        "topic_id": pl.Utf8,
        "label_en": pl.Utf8,
        "label_kk": pl.Utf8,
        "label_ru": pl.Utf8,
        "description_en": pl.Utf8,
        "description_kk": pl.Utf8,
        "description_ru": pl.Utf8,
    }
)
TERMS_SCHEMA = pl.Schema({"topic_id": pl.Utf8, "lang": pl.Utf8, "term": pl.Utf8, "weight": pl.Float64})
ENTITY_EVIDENCE_SCHEMA = pl.Schema({"topic_id": pl.Utf8, "entity_id": pl.Utf8, "weight": pl.Float64})
# side: japan | kazakhstan | both.
SIDE_ENTITIES_SCHEMA = pl.Schema({"side": pl.Utf8, "entity_id": pl.Utf8})
SIDE_TERMS_SCHEMA = pl.Schema({"side": pl.Utf8, "lang": pl.Utf8, "term": pl.Utf8})
# One row per (surface form, language, term): the matcher's input.
FORMS_SCHEMA = pl.Schema({"pattern": pl.Utf8, "lang": pl.Utf8, "term": pl.Utf8})
# The matcher's output: one row per whole-token match of a form in a text unit.
MATCHES_SCHEMA = pl.Schema({"unit_id": pl.Utf8, "lang": pl.Utf8, "term": pl.Utf8, "char_start": pl.Int32})

# Kazakh plural: -лар after vowels and р, у, й, и; -дар after л, м, н, ң, ж, з; -тар after the others.
_KK_PLURAL_AFTER = (("лар", "лер", frozenset("аоұыяёәөүіеэюруйи")), ("дар", "дер", frozenset("лмнңжз")))
_KK_PLURAL_DEFAULT = ("тар", "тер")
# Final voiceless consonants voiced before a vowel-initial suffix (ынтымақтастық -> ынтымақтастығы).
_KK_VOICING = {"қ": "ғ", "к": "г", "п": "б"}
_KK_VOWEL_FINALS = KK_FINAL_CLASSES["vowel"]
WORD_CHAR = r"^[\p{L}\p{N}]"


@cache
def _raw_lexicon(path: Path = LEXICON_PATH) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def topics_frame(path: Path = LEXICON_PATH) -> pl.DataFrame:
    """The ``topics`` table: the taxonomy with labels and descriptions in en/kk/ru."""
    rows = [
        {"topic_id": t["id"]}
        | {f"label_{lang}": t["label"][lang] for lang in TOPIC_LANGUAGES}
        | {f"description_{lang}": t["description"][lang] for lang in TOPIC_LANGUAGES}
        for t in _raw_lexicon(path)["topics"]
    ]
    return pl.DataFrame(rows, schema=TOPICS_SCHEMA)


def topic_ids(path: Path = LEXICON_PATH) -> tuple[str, ...]:
    return tuple(t["id"] for t in _raw_lexicon(path)["topics"])


def lexicon_terms(path: Path = LEXICON_PATH) -> pl.DataFrame:
    """Weighted topic terms (``TERMS_SCHEMA``), in lexicon order."""
    rows = [
        (t["id"], lang, str(term), float(weight))
        for t in _raw_lexicon(path)["topics"]
        for lang in TOPIC_LANGUAGES
        for term, weight in (t["terms"].get(lang) or {}).items()
    ]
    return pl.DataFrame(rows, schema=TERMS_SCHEMA, orient="row")


def entity_evidence(path: Path = LEXICON_PATH) -> pl.DataFrame:
    """Entity evidence (``ENTITY_EVIDENCE_SCHEMA``): a mention of entity_id is evidence for topic_id."""
    rows = [
        (t["id"], entity_id, float(weight))
        for t in _raw_lexicon(path)["topics"]
        for entity_id, weight in (t.get("entities") or {}).items()
    ]
    return pl.DataFrame(rows, schema=ENTITY_EVIDENCE_SCHEMA, orient="row")


def side_entities(path: Path = LEXICON_PATH) -> pl.DataFrame:
    """Entities of the Japan side, the Kazakhstan side and of the relationship itself (``both``)."""
    spec = _raw_lexicon(path)["relevance"]
    rows = [(side, e) for side in ("japan", "kazakhstan") for e in spec[side]["entities"]]
    rows += [("both", e) for e in spec.get("both") or []]
    return pl.DataFrame(rows, schema=SIDE_ENTITIES_SCHEMA, orient="row")


def side_terms(path: Path = LEXICON_PATH) -> pl.DataFrame:
    """Demonyms and adjectives of each side (Japanese, жапон, казахстанский) per language."""
    spec = _raw_lexicon(path)["relevance"]
    rows = [
        (side, lang, term)
        for side in ("japan", "kazakhstan")
        for lang in TOPIC_LANGUAGES
        for term in (spec[side].get("terms") or {}).get(lang) or []
    ]
    return pl.DataFrame(rows, schema=SIDE_TERMS_SCHEMA, orient="row")


def _kk_plural(word: str, harmony: int) -> str:
    last = word[-1].lower()
    for back, front, finals in _KK_PLURAL_AFTER:
        if last in finals:
            return (back, front)[harmony]
    return _KK_PLURAL_DEFAULT[harmony]


def _kk_possessives(word: str, harmony: int) -> tuple[str, str]:
    """(3rd-person, 1st-person plural) possessive of ``word``: сауда -> саудасы, саудамыз; жүк -> жүгі,
    жүгіміз."""
    if word[-1].lower() in _KK_VOWEL_FINALS:
        return word + ("сы", "сі")[harmony], word + ("мыз", "міз")[harmony]
    voiced = word[:-1] + _KK_VOICING.get(word[-1], word[-1])
    return voiced + ("ы", "і")[harmony], voiced + ("ымыз", "іміз")[harmony]


def kk_term_forms(term: str) -> set[str]:
    """Kazakh forms of a lemma: case forms of the lemma, its plural, possessives and plural possessives."""
    head, _, last = term.rpartition(" ")
    if is_abbreviation(last) or not last[-1:].isalpha() or (head and last.endswith(KK_POSSESSIVE_ENDINGS)):
        return kk_forms(term)  # abbreviation, or already a possessive compound (кен орны): the names' rules
    stems: set[tuple[str, bool]] = {(last, False)}
    for harmony in kk_harmonies(last):
        plural = last + _kk_plural(last, harmony)
        third, first_plural = _kk_possessives(last, harmony)
        stems |= {(plural, False), (third, True), (first_plural, False)}
        stems |= {(plural + ("ы", "і")[harmony], True), (plural + ("ымыз", "іміз")[harmony], False)}
    prefix = f"{head} " if head else ""
    return {
        prefix + form for stem, possessive in stems for form in kk_word_forms(stem, possessive=possessive)
    }


def _ru_nominatives(term: str) -> set[str]:
    """The term, its plural, and for a single adjective its other genders (японский -> японская, японские)."""
    words = term.split(" ")
    if len(words) == 1 and is_abbreviation(term):
        return {term}
    parses = [next((p for p in _morph().parse(w.lower()) if p.tag.case == "nomn"), None) for w in words]
    head = next((i for i, p in enumerate(parses) if p is not None and p.tag.POS == "NOUN"), len(words) - 1)
    variants = [{"plur", "nomn"}]
    if len(words) == 1 and parses[0] is not None and parses[0].tag.POS == "ADJF":
        variants += [{"femn", "sing", "nomn"}, {"neut", "sing", "nomn"}]
    out = {term}
    for grammemes in variants:
        inflected = []
        for i, (word, parse) in enumerate(zip(words, parses, strict=True)):
            form = parse.inflect(grammemes) if parse is not None and i <= head and "-" not in word else None
            inflected.append(form.word if form is not None else word)
        out.add(" ".join(inflected))
    return out


def ru_term_forms(term: str) -> set[str]:
    """Russian forms of a lemma in every case and both numbers, each also with ё written е."""
    forms = {f for nominative in _ru_nominatives(term) for f in surface_forms(nominative, "TERM", ("ru",))}
    return forms | {f.replace("ё", "е").replace("Ё", "Е") for f in forms}


def _en_plural(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
        return word[:-1] + "ies"
    return word + "s"


def en_term_forms(term: str) -> set[str]:
    """English forms of a lemma: singular, plural and their possessives."""
    if is_abbreviation(term):
        return {term}
    head, _, last = term.rpartition(" ")
    plural = f"{head} {_en_plural(last)}" if head else _en_plural(last)
    return surface_forms(term, "TERM", ("en",)) | surface_forms(plural, "TERM", ("en",))


def _case_variants(term: str, forms: set[str]) -> set[str]:
    """Sentence-initial capitals of every form of a lower-case term and the term in upper case (headlines)."""
    if term[:1].islower():
        forms = forms | {f[:1].upper() + f[1:] for f in forms}
    if len(term) >= MIN_UPPER_LEN and not is_abbreviation(term):
        forms = forms | {term.upper()}
    return forms


@cache
def term_forms(term: str, lang: str) -> frozenset[str]:
    """Every surface form of one lexicon term in language ``lang`` (kk, ru, en)."""
    generate = {"kk": kk_term_forms, "ru": ru_term_forms, "en": en_term_forms}[lang]
    return frozenset(_case_variants(term, generate(term)))


def forms_frame(terms: pl.DataFrame) -> pl.DataFrame:
    """``FORMS_SCHEMA`` rows for the distinct (lang, term) of ``terms``."""
    pairs = terms.select("lang", "term").unique(maintain_order=True).iter_rows()
    rows = [(form, lang, term) for lang, term in pairs for form in sorted(term_forms(term, lang))]
    return pl.DataFrame(rows, schema=FORMS_SCHEMA, orient="row")


def _whole_leftmost_longest(matches: pl.DataFrame, texts: pl.DataFrame) -> pl.DataFrame:
    """Whole-token matches; of overlapping ones the leftmost-longest (a no-op on matches that already are)."""
    text = pl.col("text")
    before = (
        pl.when(pl.col("char_start") > 0)
        .then(text.str.slice(pl.col("char_start") - 1, 1))
        .otherwise(pl.lit(""))
    )
    whole = matches.join(texts.select("tid", "text"), on="tid").filter(
        ~before.str.contains(WORD_CHAR) & ~text.str.slice(pl.col("char_end"), 1).str.contains(WORD_CHAR)
    )
    ordered = whole.sort("tid", "char_start", "char_end", descending=[False, False, True])
    keep, last_tid, last_end = [], None, -1
    for tid, start, end in ordered.select("tid", "char_start", "char_end").iter_rows():
        if tid != last_tid:
            last_tid, last_end = tid, -1
        keep.append(start >= last_end)
        last_end = end if keep[-1] else last_end
    return ordered.filter(pl.Series(keep, dtype=pl.Boolean)).drop("text")


def match_forms(units: pl.DataFrame, forms: pl.DataFrame) -> pl.DataFrame:
    """Whole-token matches (``MATCHES_SCHEMA``) of ``forms`` in ``units`` (unit_id, lang, text), per language.

    The entities' Aho-Corasick pass (forms longest first) finds the occurrences; of overlapping matches the
    leftmost-longest wins, so a phrase hides the shorter terms inside it. A form shared by two terms of a
    language matches both.
    """
    out = [MATCHES_SCHEMA.to_frame()]
    for lang in units["lang"].unique().sort():
        texts = units.filter((pl.col("lang") == lang) & (pl.col("text").str.len_chars() > 0))
        lang_forms = forms.filter(pl.col("lang") == lang)
        patterns = lang_forms.select("pattern").unique()
        if texts.is_empty() or patterns.is_empty():
            continue
        patterns = patterns.sort(pl.col("pattern").str.len_chars(), "pattern", descending=[True, False])
        texts = texts.select("unit_id", "lang", "text").with_row_index("tid")
        found = _matches(texts.select("tid", "text"), patterns).select(
            "tid", "surface", "char_start", "char_end"
        )
        found = _whole_leftmost_longest(found, texts).join(texts.select("tid", "unit_id", "lang"), on="tid")
        out.append(
            found.join(lang_forms, left_on=["surface", "lang"], right_on=["pattern", "lang"]).select(
                MATCHES_SCHEMA.names()
            )
        )
    return pl.concat(out, how="vertical_relaxed").cast(MATCHES_SCHEMA)
