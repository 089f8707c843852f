"""The one name normaliser to the nominative (kk, ru, en), shared by turns and entities.

Kazakh: the last word of a name carries the case suffix (``Мұрат Нұртілеудің``); a suffix is stripped only
when it is the form the stem demands by consonant assimilation and vowel harmony (``KK_CASE_SUFFIXES``), so
``Қазақстан`` and ``Алматы`` stay as they are. Russian: pymorphy3, all words of the name in one common case.
English: unchanged. The suffix tables are public so that inflected forms of gazetteer names can be generated
(:func:`kk_inflect`, :func:`kk_inflections`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from functools import cache

KK_BACK_VOWELS = frozenset("аоұыяё")
KK_FRONT_VOWELS = frozenset("әөүіеэ")
# и, у, ю are diphthongs (ый/ій, ұу/үу, йұ/йү): neutral for harmony; final и, у behave as the sonorants й, у.
KK_NEUTRAL_VOWELS = frozenset("иую")
KK_VOWELS = KK_BACK_VOWELS | KK_FRONT_VOWELS | KK_NEUTRAL_VOWELS
# Russian surname endings whose е follows the root's harmony (Тоқаевтың, Назарбаеваның), front allowed too.
KK_RUSSIAN_SURNAME_ENDINGS = ("ев", "ева", "ёв", "ёва")

# Class of the stem's final sound, which picks the suffix's initial consonant.
KK_FINAL_CLASSES: dict[str, frozenset[str]] = {
    "vowel": frozenset("аоұыяёәөүіеэю"),
    "sonorant": frozenset("лрйуи"),
    "nasal": frozenset("мнң"),
    "voiced": frozenset("жз"),
    "voiceless": frozenset("пткқсшщфхһцчбвгдғ"),
}

# case -> final-sound class -> (back form, front form). Written forms of the standard orthography.
KK_CASE_SUFFIXES: dict[str, dict[str, tuple[str, str]]] = {
    "genitive": {
        "vowel": ("ның", "нің"),
        "nasal": ("ның", "нің"),
        "sonorant": ("дың", "дің"),
        "voiced": ("дың", "дің"),
        "voiceless": ("тың", "тің"),
    },
    "accusative": {
        "vowel": ("ны", "ні"),
        "nasal": ("ды", "ді"),
        "sonorant": ("ды", "ді"),
        "voiced": ("ды", "ді"),
        "voiceless": ("ты", "ті"),
    },
    "dative": {
        "vowel": ("ға", "ге"),
        "nasal": ("ға", "ге"),
        "sonorant": ("ға", "ге"),
        "voiced": ("ға", "ге"),
        "voiceless": ("қа", "ке"),
    },
    "locative": {
        "vowel": ("да", "де"),
        "nasal": ("да", "де"),
        "sonorant": ("да", "де"),
        "voiced": ("да", "де"),
        "voiceless": ("та", "те"),
    },
    "ablative": {
        "vowel": ("дан", "ден"),
        "nasal": ("нан", "нен"),
        "sonorant": ("дан", "ден"),
        "voiced": ("дан", "ден"),
        "voiceless": ("тан", "тен"),
    },
    "instrumental": {
        "vowel": ("мен", "мен"),
        "nasal": ("мен", "мен"),
        "sonorant": ("мен", "мен"),
        "voiced": ("бен", "бен"),
        "voiceless": ("пен", "пен"),
    },
    # -дағы/-дегі: "the one in X" (Жапониядағы), declined like an adjective.
    "locative_attributive": {
        "vowel": ("дағы", "дегі"),
        "nasal": ("дағы", "дегі"),
        "sonorant": ("дағы", "дегі"),
        "voiced": ("дағы", "дегі"),
        "voiceless": ("тағы", "тегі"),
    },
}

# After a 3rd-person possessive (-ы/-і/-сы/-сі: Мемлекет басшысы) the cases take the pronominal -н- forms.
KK_POSSESSIVE_ENDINGS = ("ы", "і")
KK_POSSESSIVE_CASE_SUFFIXES: dict[str, tuple[str, str]] = {
    "genitive": ("ның", "нің"),
    "accusative": ("н", "н"),
    "dative": ("на", "не"),
    "locative": ("нда", "нде"),
    "ablative": ("нан", "нен"),
    "instrumental": ("мен", "мен"),
    "locative_attributive": ("ндағы", "ндегі"),
}

KK_CASES = tuple(KK_CASE_SUFFIXES)
# Cases stripped by default. Locative is left out: it is rare on a person and many names end in -да
# (Кисида, Ямада); pass cases=KK_CASES for place names.
KK_DEFAULT_CASES = ("genitive", "accusative", "dative", "ablative", "instrumental")
KK_MIN_STEM_CHARS = 3
# Nominatives that look inflected: never stripped (Қазақстан = Қазақс + тан, Есенгелді = Есенгел + ді).
KK_PROTECTED_ENDINGS = ("стан", "берді", "гелді", "келді", "болды")
KK_NOMINATIVE_EXCEPTIONS = frozenset({"Өскемен", "Қызылорда", "Орда"})

RU_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
# Last resort for words pymorphy3 does not know in a case: case -> ((oblique ending, nominative ending), ...).
RU_FALLBACK_ENDINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "gent": (("ы", "а"),),
    "ablt": (("ой", "а"), ("ей", "я"), ("ым", ""), ("ом", "")),
}

_EDGE_PUNCT = "«»\"“”„'‘’()[]{},.;:!?–—- \t"
_SPACES = re.compile(r"\s+")


def _clean(name: str) -> str:
    return _SPACES.sub(" ", name).strip(_EDGE_PUNCT)


def kk_final_class(stem: str) -> str | None:
    """Class of the stem's final sound (a key of :data:`KK_FINAL_CLASSES`), None for a non-letter."""
    last = stem[-1:].lower()
    return next((cls for cls, letters in KK_FINAL_CLASSES.items() if last in letters), None)


def kk_harmonies(stem: str) -> tuple[int, ...]:
    """Suffix harmonies the stem takes, preferred first: 0 = back, 1 = front.

    The last back or front vowel decides. Both are admitted, back first, for a Russian surname ending -ев after
    a back vowel (Тоқаевтың); and, front first, for a final и (Такаичиге) or a stem with only neutral vowels.
    """
    vowels = [c for c in stem.lower() if c in KK_BACK_VOWELS or c in KK_FRONT_VOWELS]
    if not vowels or stem[-1:].lower() == "и":
        return (1, 0)
    if vowels[-1] in KK_BACK_VOWELS:
        return (0,)
    if stem.lower().endswith(KK_RUSSIAN_SURNAME_ENDINGS) and len(vowels) > 1 and vowels[-2] in KK_BACK_VOWELS:
        return (0, 1)
    return (1,)


def kk_suffixes(stem: str, case: str, possessive: bool = False) -> tuple[str, ...]:
    """The written forms of ``case`` that ``stem`` takes, preferred first (empty for a non-letter ending).

    ``possessive``: the stem ends in a 3rd-person possessive (басшысы), which takes the -н- forms.
    """
    if possessive:
        return tuple(dict.fromkeys(KK_POSSESSIVE_CASE_SUFFIXES[case][h] for h in kk_harmonies(stem)))
    cls = kk_final_class(stem)
    if cls is None:
        return ()
    classes = [cls]
    if stem[-1:].lower() == "и":
        classes.append("vowel")  # loanwords: Такешидің and Такешиның both occur
    return tuple(dict.fromkeys(KK_CASE_SUFFIXES[case][c][h] for c in classes for h in kk_harmonies(stem)))


def kk_inflect(stem: str, case: str) -> str:
    """``stem`` in ``case`` with its preferred suffix (Жапония, dative -> Жапонияға)."""
    suffixes = kk_suffixes(stem, case)
    return stem + suffixes[0] if suffixes else stem


def kk_inflections(stem: str, cases: Iterable[str] = KK_CASES) -> list[str]:
    """Every admissible inflected form of ``stem`` (all harmonies where they are ambiguous), in case order."""
    return list(dict.fromkeys(stem + s for case in cases for s in kk_suffixes(stem, case)))


def kk_strip_case(word: str, cases: Collection[str] = KK_DEFAULT_CASES) -> str:
    """``word`` without a valid case suffix; unchanged when no suffix fits its stem."""
    lower = word.lower()
    if word in KK_NOMINATIVE_EXCEPTIONS or lower.endswith(KK_PROTECTED_ENDINGS):
        return word
    candidates = {s for case in cases for forms in KK_CASE_SUFFIXES[case].values() for s in forms}
    candidates |= {s for case in cases for s in KK_POSSESSIVE_CASE_SUFFIXES[case] if len(s) > 1}
    for suffix in sorted(candidates, key=len, reverse=True):
        stem = word[: -len(suffix)]
        if (
            lower.endswith(suffix)
            and len(stem) >= KK_MIN_STEM_CHARS
            and any(c in KK_VOWELS for c in stem.lower())
            and any(
                suffix in kk_suffixes(stem, case, possessive=possessive)
                for case in cases
                for possessive in (False, stem.lower().endswith(KK_POSSESSIVE_ENDINGS))
            )
        ):
            return stem
    return word


def _ru_token_nominative(token: str, case: str) -> str | None:
    parses = [
        p for p in _morph().parse(token) if p.tag.case == case and p.tag.number in ("sing", None) and "NOUN" in p.tag
    ]
    parses.sort(key=lambda p: (bool({"Name", "Surn", "Patr"} & p.tag.grammemes), p.score), reverse=True)
    for parse in parses:
        inflected = parse.inflect({"nomn"})
        return inflected.word if inflected else parse.normal_form
    for oblique, nominative_ending in RU_FALLBACK_ENDINGS.get(case, ()):
        if token.lower().endswith(oblique):
            return token[: len(token) - len(oblique)] + nominative_ending
    return None


def _ru_cases(token: str) -> set[str]:
    cases = {p.tag.case for p in _morph().parse(token) if p.tag.case and p.tag.number in ("sing", None)}
    lower = token.lower()
    for case, rules in RU_FALLBACK_ENDINGS.items():
        if lower.endswith(tuple(oblique for oblique, _ in rules)):
            cases.add(case)
    return cases


def _restore_case(original: str, result: str) -> str:
    parts = result.split("-")
    originals = original.split("-")
    if len(parts) == len(originals):
        pairs = zip(parts, originals, strict=True)
        return "-".join(p.capitalize() if o[:1].isupper() else p for p, o in pairs)
    return result.capitalize() if original[:1].isupper() else result


def ru_nominative(name: str, case: str | None = None) -> str:
    """Russian ``name`` in the nominative; ``case``: its pymorphy3 case if known (gent after "по словам")."""
    tokens = name.split(" ")
    if case is None:
        # Without a hint a surname that can be a nominative (-а/-я: Ямасита, Токаева) is kept as it is.
        last = tokens[-1]
        if last.endswith(("а", "я")) or any(
            p.tag.case == "nomn" and p.tag.number != "plur" for p in _morph().parse(last)
        ):
            return name
        common = set.intersection(*(_ru_cases(t) for t in tokens))
        if not common or "nomn" in common:
            return name
        # Only cases outside RU_CASES (a vocative such as "Ев", "Саш"): nothing to undo.
        case = next((c for c in RU_CASES if c in common), None)
        if case is None:
            return name
    if case == "nomn":
        return name
    out = []
    for token in tokens:
        nominative = _ru_token_nominative(token, case)
        out.append(_restore_case(token, nominative) if nominative else token)
    return " ".join(out)


@cache
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@cache
def nominative(name: str, lang: str, case: str | None = None, kk_cases: tuple[str, ...] = KK_DEFAULT_CASES) -> str:
    """``name`` in the nominative in language ``lang`` (kk, ru, en), edge quotes and punctuation removed.

    ``case``: optional Russian case hint (gent after "по словам"); ``kk_cases``: the Kazakh cases to strip.
    """
    cleaned = _clean(name)
    if not cleaned:
        return cleaned
    if lang == "kk":
        head, _, last = cleaned.rpartition(" ")
        stripped = kk_strip_case(last, kk_cases)
        return f"{head} {stripped}" if head else stripped
    if lang == "ru":
        return ru_nominative(cleaned, case)
    return cleaned
