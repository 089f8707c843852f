"""The reviewed topic lexicon (``lexicon.yaml``): topics, weighted terms, entity evidence, relevance sides.

Terms are lemmas; their surface forms are generated with the entities machinery
(:mod:`pipelines.entities.forms`) plus the inflection that common nouns have and names rarely do: Kazakh
plural and possessive chains (with the final қ/к/п voicing before a vowel), Russian plural and adjective
genders, English plurals. Matching is the entities' leftmost-longest Aho-Corasick pass with whole-token
boundaries.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl
import yaml

from pipelines.entities.forms import (
    MIN_UPPER_LEN,
    _parses,
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
# Markers of the replaced form occurrences: \x02<form index>\x02 (ingest removes control characters from
# text, so they occur nowhere else). A text that starts (_WORD_START) or ends (_WORD_END) with a letter or digit.
_MARK = "\x02"
_WORD_START = r"^[\p{L}\p{N}]"
_WORD_END = r"[\p{L}\p{N}]$"


@cache
def _raw_lexicon(path: Path = LEXICON_PATH) -> dict:
    # libyaml's safe loader when available: the pure-Python one takes ~0.06 s of a worker's start.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)


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


@cache
def lexicon_terms(path: Path = LEXICON_PATH) -> pl.DataFrame:
    """Weighted topic terms (``TERMS_SCHEMA``), in lexicon order."""
    rows = [
        (t["id"], lang, str(term), float(weight))
        for t in _raw_lexicon(path)["topics"]
        for lang in TOPIC_LANGUAGES
        for term, weight in (t["terms"].get(lang) or {}).items()
    ]
    return pl.DataFrame(rows, schema=TERMS_SCHEMA, orient="row")


@cache
def entity_evidence(path: Path = LEXICON_PATH) -> pl.DataFrame:
    """Entity evidence (``ENTITY_EVIDENCE_SCHEMA``): a mention of entity_id is evidence for topic_id."""
    rows = [
        (t["id"], entity_id, float(weight))
        for t in _raw_lexicon(path)["topics"]
        for entity_id, weight in (t.get("entities") or {}).items()
    ]
    return pl.DataFrame(rows, schema=ENTITY_EVIDENCE_SCHEMA, orient="row")


@cache
def side_entities(path: Path = LEXICON_PATH) -> pl.DataFrame:
    """Entities of the Japan side, the Kazakhstan side and of the relationship itself (``both``)."""
    spec = _raw_lexicon(path)["relevance"]
    rows = [(side, e) for side in ("japan", "kazakhstan") for e in spec[side]["entities"]]
    rows += [("both", e) for e in spec.get("both") or []]
    return pl.DataFrame(rows, schema=SIDE_ENTITIES_SCHEMA, orient="row")


@cache
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
    return {prefix + form for stem, possessive in stems for form in kk_word_forms(stem, possessive=possessive)}


def _ru_nominatives(term: str) -> set[str]:
    """The term, its plural, and for a single adjective its other genders (японский -> японская, японские)."""
    words = term.split(" ")
    if len(words) == 1 and is_abbreviation(term):
        return {term}
    parses = [next((p for p in _parses(w.lower()) if p.tag.case == "nomn"), None) for w in words]
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


@cache
def _forms_of(pairs: tuple[tuple[str, str], ...]) -> pl.DataFrame:
    patterns = pl.Series("pattern", [sorted(term_forms(term, lang)) for lang, term in pairs], dtype=pl.List(pl.Utf8))
    frame = pl.DataFrame(list(pairs), schema={"lang": pl.Utf8, "term": pl.Utf8}, orient="row")
    return frame.with_columns(patterns).explode("pattern").select(FORMS_SCHEMA.names())


def forms_frame(terms: pl.DataFrame) -> pl.DataFrame:
    """``FORMS_SCHEMA`` rows for the distinct (lang, term) of ``terms`` (built once per process and term set)."""
    return _forms_of(tuple(terms.select("lang", "term").unique(maintain_order=True).iter_rows()))


@dataclass(frozen=True)
class _Automaton:
    """The forms of one language for the Aho-Corasick pass: ``patterns`` longest first, ``markers`` their
    replacements (``\x02<index>\x02``); ``edges``: the length of a form, whether it starts and ends with a letter
    or digit, and the form counted when a match is followed by a letter or digit (``cut``: its longest prefix
    form ending at a space or hyphen, or null); ``targets``: the terms of each form."""

    patterns: pl.Series
    markers: pl.Series
    edges: pl.DataFrame  # row = form: length: Int32, starts_word, ends_word: Boolean, cut: UInt32 (nullable)
    targets: pl.DataFrame  # form: UInt32, term: Utf8 (one row per term of the form)


def _cut(pattern: str, index: dict[str, int]) -> int | None:
    """The form counted for a match of ``pattern`` that ends inside a word: its longest prefix form that ends at
    a space or hyphen of it (``Ural river`` in ``Ural rivers``), or None."""
    end = len(pattern)
    while (end := max(pattern.rfind(" ", 1, end), pattern.rfind("-", 1, end))) > 0:
        if pattern[:end] in index:
            return index[pattern[:end]]
    return None


def _automaton(lang_forms: pl.DataFrame) -> _Automaton:
    ordered = (
        lang_forms.select("pattern")
        .unique()
        .sort(pl.col("pattern").str.len_chars(), "pattern", descending=[True, False])
        .with_row_index("form")
    )
    patterns = ordered["pattern"].to_list()
    index = {pattern: form for form, pattern in enumerate(patterns)}
    cuts = [_cut(pattern, index) if " " in pattern or "-" in pattern else None for pattern in patterns]
    edges = ordered.select(
        length=pl.col("pattern").str.len_chars().cast(pl.Int32),
        starts_word=pl.col("pattern").str.contains(r"^[\p{L}\p{N}]"),
        ends_word=pl.col("pattern").str.contains(r"[\p{L}\p{N}]$"),
        cut=pl.Series(cuts, dtype=pl.UInt32),
    )
    targets = ordered.join(lang_forms.select("pattern", "term"), on="pattern")
    markers = ordered.select(pl.format(f"{_MARK}{{}}{_MARK}", "form").alias("marker"))["marker"]
    return _Automaton(ordered["pattern"], markers, edges, targets.drop("pattern"))


_AUTOMATA: dict[int, tuple[pl.DataFrame, dict[str, _Automaton]]] = {}


def _automata(forms: pl.DataFrame) -> dict[str, _Automaton]:
    """Per-language automata of ``forms``, cached for the frames :func:`forms_frame` returns (same object)."""
    cached = _AUTOMATA.get(id(forms))
    if cached is not None and cached[0] is forms:
        return cached[1]
    built = {lang: _automaton(forms.filter(pl.col("lang") == lang)) for lang in forms["lang"].unique().sort()}
    if len(_AUTOMATA) >= 16:
        _AUTOMATA.clear()
    _AUTOMATA[id(forms)] = (forms, built)  # the frame is kept alive, so its id is not reused
    return built


def _marked(units: pl.DataFrame, automata: dict[str, _Automaton]) -> list[tuple[_Automaton, pl.DataFrame]]:
    """Per language: the units (unit, text) with every leftmost-longest form occurrence replaced by its
    marker (column ``marked``). One Aho-Corasick pass per language."""
    out = []
    for lang, automaton in automata.items():
        texts = units.filter(pl.col("lang") == lang)
        if texts.is_empty():
            continue
        marked = pl.col("text").str.replace_many(
            automaton.patterns.implode(), automaton.markers.implode(), leftmost=True
        )
        out.append(
            (automaton, texts.select("unit", marked=marked).filter(pl.col("marked").str.contains(_MARK, literal=True)))
        )
    return out


def _pieces(marked: pl.DataFrame) -> pl.DataFrame:
    """The marked texts cut at the marker characters: unit, piece (its place in the unit: even for the text
    before, between and after the markers, odd for a marker), text, and form (a marker's form, null on text).

    Two rows away from a marker is the adjacent marker of the same unit, or a text piece of another unit."""
    split = pl.col("marked").str.split(_MARK)
    return (
        marked.select("unit", piece=pl.int_ranges(0, split.list.len(), dtype=pl.UInt32), text=split)
        .explode("piece", "text")
        .with_columns(form=pl.when(pl.col("piece") % 2 == 1).then(pl.col("text").cast(pl.UInt32, strict=False)))
    )


def _whole(pieces: pl.DataFrame, automaton: _Automaton) -> pl.DataFrame:
    """Whole-token matches of one language (``pieces`` of :func:`_pieces`): unit, piece, form, term.

    The character before a marker ends the text piece before it or, if that is empty, the previous marker's form
    (its last character); the character after it likewise."""
    edges = automaton.edges  # row = form
    starts_word, ends_word = (pl.lit(edges[c]).gather(pl.col("form")) for c in ("starts_word", "ends_word"))
    before, after = pl.col("text").shift(1), pl.col("text").shift(-1)
    hits = pieces.select(
        "unit",
        "piece",
        "form",
        cut=pl.lit(edges["cut"]).gather(pl.col("form")),
        starts_inside=pl.when(before == "").then(ends_word.shift(2)).otherwise(before.str.contains(_WORD_END)),
        ends_inside=pl.when(after == "").then(starts_word.shift(-2)).otherwise(after.str.contains(_WORD_START)),
    )
    hits = hits.filter(pl.col("form").is_not_null() & ~pl.col("starts_inside").fill_null(False))  # not inside a word
    counted = pl.when(pl.col("ends_inside")).then(pl.col("cut")).otherwise(pl.col("form"))
    return (
        hits.select("unit", "piece", form=counted)
        .drop_nulls("form")
        .join(automaton.targets, on="form")
        .select("unit", "piece", "form", "term")
    )


def _units(units: pl.DataFrame) -> pl.DataFrame:
    return units.select("lang", "text").with_row_index("unit")


def term_matches(units: pl.DataFrame, forms: pl.DataFrame) -> pl.DataFrame:
    """(unit, term) of every whole-token match of :func:`match_forms` in ``units`` (lang, text); unit = the
    row of ``units``. A term matched twice in a unit has two rows."""
    found = [
        _whole(_pieces(marked), automaton).select("unit", "term")
        for automaton, marked in _marked(_units(units), _automata(forms))
    ]
    return pl.concat([pl.DataFrame(schema={"unit": pl.UInt32, "term": pl.Utf8}), *found])


def matched_terms(units: pl.DataFrame, forms: pl.DataFrame) -> pl.DataFrame:
    """Distinct (unit_id, lang, term) of the whole-token matches of :func:`match_forms`, without offsets."""
    ids = units.select("unit_id", "lang").with_row_index("unit")
    return term_matches(units, forms).unique().join(ids, on="unit").select("unit_id", "lang", "term")


def match_forms(units: pl.DataFrame, forms: pl.DataFrame) -> pl.DataFrame:
    """Whole-token matches (``MATCHES_SCHEMA``) of ``forms`` in ``units`` (unit_id, lang, text), per language.

    One leftmost-first Aho-Corasick pass per language (forms longest first, so the longest form at each
    position, and no overlaps: a phrase hides the shorter terms inside it) replaces each occurrence by a marker;
    a match preceded by a letter or digit does not count, one followed by a letter or digit counts as its longest
    form ending at a space or hyphen inside it, if any. A form shared by two terms of a language matches both.
    """
    indexed = _units(units)
    out = [MATCHES_SCHEMA.to_frame()]
    for automaton, marked in _marked(indexed, _automata(forms)):
        # Offsets: the text before a marker is the pieces before it: text pieces, and markers counted as the
        # length of the replaced form (not of a shorter counted prefix).
        pieces = _pieces(marked)
        replaced = pl.lit(automaton.edges["length"]).gather(pl.col("form"))
        offsets = pieces.select(
            "unit",
            "piece",
            span=pl.when(pl.col("form").is_null()).then(pl.col("text").str.len_chars()).otherwise(replaced),
        ).select("unit", "piece", char_start=(pl.col("span").cum_sum() - pl.col("span")).over("unit"))
        out.append(
            _whole(pieces, automaton)
            .join(offsets, on=["unit", "piece"])
            .join(indexed.select("unit", "lang"), on="unit")
            .join(units.select("unit_id").with_row_index("unit"), on="unit")
            .select(MATCHES_SCHEMA.names())
        )
    return pl.concat(out, how="vertical_relaxed").cast(MATCHES_SCHEMA)
