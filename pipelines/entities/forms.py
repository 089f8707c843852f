"""Surface forms of gazetteer names: Kazakh suffix chains, Russian declension, English possessives.

Forms are *generated* from the nominative names (never stripped from the text): the matcher then accepts a known
stem followed by a valid suffix chain, because every valid chain is one of the generated patterns. The Kazakh suffix
tables are those of :mod:`pipelines.names`; where harmony or assimilation is uncertain (loan names: Тоқаев,
Нагасаки) they admit both variants, and a non-word pattern costs nothing and never matches.
"""

from __future__ import annotations

import re
from functools import cache

from pipelines.names import (
    KK_CASE_SUFFIXES,
    KK_POSSESSIVE_CASE_SUFFIXES,
    KK_POSSESSIVE_ENDINGS,
    KK_VOWELS,
    _morph,  # one analyzer per process, shared with the name normaliser (loading one costs ~0.05 s)
    kk_final_class,
    kk_harmonies,
)

# Kazakh letters absent from Russian: an alias containing one is Kazakh only (never declined the Russian way).
KK_ONLY_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")

RU_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
# pymorphy tags of proper names: a parse with one of these is preferred.
RU_NAME_TAGS = ("Surn", "Name", "Patr", "Geox", "Orgn")
RU_MAX_PARSES = 3
EN_POSSESSIVES = ("'s", "’s")
# Upper-case variants (datelines: АСТАНА, TOKYO; all-caps headlines) only for names at least this long.
MIN_UPPER_LEN = 4

_LETTER = re.compile(r"[^\W\d_]")


def is_abbreviation(word: str) -> bool:
    """All-caps token of letters (JICA, БҰҰ, ШОС): not inflected, matched as is."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def kk_word_forms(word: str, possessive: bool = False) -> set[str]:
    """Case forms of one Kazakh word, nominative included; ``possessive`` adds the н-forms (облысы -> облысын).

    Suffixes come from the tables of :mod:`pipelines.names`; a stem whose last vowel letter is и/у/ю
    (Каспий -> Каспийдің / Каспийдың) takes both harmonies.
    """
    final = kk_final_class(word)
    if not word or is_abbreviation(word) or final is None:
        return {word}
    harmonies = set(kk_harmonies(word))
    if next((c for c in reversed(word.lower()) if c in KK_VOWELS), "") in "иую":
        harmonies |= {0, 1}
    classes = {final, "vowel"} if word[-1:].lower() == "и" else {final}
    forms = {word}
    for case, table in KK_CASE_SUFFIXES.items():
        forms.update(word + table[c][h] for c in classes for h in harmonies)
        if possessive:
            forms.update(word + KK_POSSESSIVE_CASE_SUFFIXES[case][h] for h in harmonies)
    return forms


def kk_forms(name: str) -> set[str]:
    """Kazakh forms of a name: the last word takes the suffixes (Абай облысы -> Абай облысындағы)."""
    head, _, last = name.rpartition(" ")
    possessive = last.lower().endswith(KK_POSSESSIVE_ENDINGS) and (bool(head) or last.endswith(("сы", "сі")))
    prefix = f"{head} " if head else ""
    return {prefix + form for form in kk_word_forms(last, possessive=possessive)}


@cache
def _parses(word: str) -> tuple:
    """pymorphy3 parses of a lower-case word, cached: many names share words (области, Республики)."""
    return tuple(_morph().parse(word))


def _inflections(parse, cases: tuple[str, ...]) -> dict[str, str | None]:
    """``parse.inflect({case}).word`` for every case (None where there is none), from one lexeme lookup:
    pymorphy3's own choice (the lexeme forms with the case, the one most similar to ``parse``), without building
    the lexeme again for every case."""
    lexeme = parse.lexeme
    words: dict[str, str | None] = {}
    for case in cases:
        required = {case}
        possible = [f for f in lexeme if required <= f.tag.grammemes]
        if not possible:
            required = parse.tag.fix_rare_cases(required)
            possible = [f for f in lexeme if required <= f.tag.grammemes]
        grammemes = parse.tag.updated_grammemes(required)
        best = max(
            possible,
            key=lambda f: len(grammemes & f.tag.grammemes) - 0.1 * len(grammemes ^ f.tag.grammemes),  # noqa: B023
            default=None,
        )
        words[case] = None if best is None else best.word
    return words


def _restore_case(original: str, form: str) -> str:
    """Give a lower-case pymorphy form the capitalisation of the original word on their common prefix."""
    chars = [o if o.lower() == f else f for o, f in zip(original, form, strict=False)]
    return "".join(chars) + form[len(original) :]


def _plausible(original: str, form: str) -> bool:
    """Keep declined forms that only change the ending (guards against guessed lexemes like Алматы -> Алмат)."""
    keep = max(len(original) - 2, 1)
    return len(form) >= len(original) and form[:keep].lower() == original[:keep].lower()


# Fallback declension of names pymorphy has no nominative parse for (Токаев, Исиба): ending -> case endings.
_RU_RULES: tuple[tuple[str, dict[str, str]], ...] = (
    ("ова", {"gent": "овой", "datv": "овой", "accs": "ову", "ablt": "овой", "loct": "овой"}),
    ("ева", {"gent": "евой", "datv": "евой", "accs": "еву", "ablt": "евой", "loct": "евой"}),
    ("ина", {"gent": "иной", "datv": "иной", "accs": "ину", "ablt": "иной", "loct": "иной"}),
    ("ов", {"gent": "ова", "datv": "ову", "accs": "ова", "ablt": "овым", "loct": "ове"}),
    ("ев", {"gent": "ева", "datv": "еву", "accs": "ева", "ablt": "евым", "loct": "еве"}),
    ("ин", {"gent": "ина", "datv": "ину", "accs": "ина", "ablt": "иным", "loct": "ине"}),
    ("а", {"gent": "ы", "datv": "е", "accs": "у", "ablt": "ой", "loct": "е"}),
    ("я", {"gent": "и", "datv": "е", "accs": "ю", "ablt": "ей", "loct": "е"}),
    ("й", {"gent": "я", "datv": "ю", "accs": "я", "ablt": "ем", "loct": "е"}),
)
_RU_INDECLINABLE_ENDINGS = tuple("оеиуыэю")


def _ru_rule_forms(word: str) -> dict[str, str]:
    if word.lower().endswith(_RU_INDECLINABLE_ENDINGS):
        return {}
    for ending, cases in _RU_RULES:
        if word.lower().endswith(ending):
            stem = word[: len(word) - len(ending)]
            return {case: stem + suffix for case, suffix in cases.items()}
    if word[-1:].isalpha() and word[-1].lower() not in "ь":
        return {"gent": word + "а", "datv": word + "у", "accs": word + "а", "ablt": word + "ом", "loct": word + "е"}
    return {}


@cache
def ru_word_forms(word: str) -> dict[str, str]:
    """Russian case -> form of one word (the nominative parse's number and gender kept)."""
    if is_abbreviation(word) or not word.isalpha() and "-" not in word:
        return dict.fromkeys(RU_CASES, word)
    head, sep, last = word.rpartition("-")
    parses = [p for p in _parses(last.lower()) if p.tag.case == "nomn"]
    parses.sort(key=lambda p: not any(tag in p.tag for tag in RU_NAME_TAGS))
    forms = {"nomn": word}
    if not parses:
        forms.update((case, head + sep + form) for case, form in _ru_rule_forms(last).items())
        return forms
    for parse in parses[:RU_MAX_PARSES]:
        known = parse.is_known
        for case, inflected in _inflections(parse, RU_CASES[1:]).items():
            if inflected is None or case in forms:
                continue
            form = _restore_case(last, inflected)
            if known or _plausible(last, form):
                forms[case] = head + sep + form
    return forms


def ru_forms(name: str, entity_type: str) -> set[str]:
    """Russian forms: persons decline every word; other names decline words up to and including the head noun."""
    words = name.split(" ")
    if entity_type == "PERSON":
        declined = len(words)
    else:
        declined = next(
            (
                i + 1
                for i, w in enumerate(words)
                if not is_abbreviation(w) and any(p.tag.POS == "NOUN" for p in _parses(w.lower())[:1])
            ),
            len(words),
        )
    per_word = [ru_word_forms(w) for w in words[:declined]]
    forms = {name}
    for case in RU_CASES:
        declined_words = [f.get(case, w) for f, w in zip(per_word, words[:declined], strict=True)]
        forms.add(" ".join(declined_words + words[declined:]))
    return forms


def en_forms(name: str) -> set[str]:
    """English forms: the name and its possessives, also with the words after the first in lower case
    (Mangystau region, the Semipalatinsk test site)."""
    first, _, rest = name.partition(" ")
    names = {name, f"{first} {rest.lower()}"} if rest and not is_abbreviation(rest) else {name}
    return {n + s for n in names for s in ("", *EN_POSSESSIVES)}


def alias_language(alias: str) -> tuple[str, ...]:
    """Languages whose morphology applies to an alias: Latin -> en; Kazakh letters -> kk; other Cyrillic -> kk, ru."""
    if any("a" <= c.lower() <= "z" for c in alias) and not any("а" <= c.lower() <= "я" for c in alias):
        return ("en",)
    if any(c in KK_ONLY_LETTERS for c in alias):
        return ("kk",)
    return ("kk", "ru")


def surface_forms(name: str, entity_type: str, languages: tuple[str, ...] | None = None) -> set[str]:
    """Every surface form of one name in the given (or detected) languages, plus upper-case variants."""
    languages = languages or alias_language(name)
    forms: set[str] = set()
    for lang in languages:
        if lang == "kk":
            forms |= kk_forms(name)
        elif lang == "ru":
            forms |= ru_forms(name, entity_type)
        else:
            forms |= en_forms(name)
    if len(name) >= MIN_UPPER_LEN and not is_abbreviation(name):
        forms.add(name.upper())
    if name[:1].islower():
        forms |= {f[:1].upper() + f[1:] for f in forms}
    return forms
