"""Person names and quote attribution inside article paragraphs (pure Python regexes, kk/ru/en).

Only paragraphs that need it go through here (quotes in news, interview leads), so plain ``re`` is fine.
A person is a run of capitalised words in the article's script, cut after the last title/place/organisation
word and kept to its last two words (``Президент Казахстана Касым-Жомарт Токаев`` -> ``Касым-Жомарт Токаев``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from pipelines.names import nominative

_CYR_UP, _CYR_LOW = "А-ЯЁӘҒҚҢӨҰҮҺІ", "а-яёәғқңөұүһі"
_LAT_UP, _LAT_LOW = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ'’"


def _run_pattern(up: str, low: str) -> str:
    token = f"[{up}][{low}]+(?:-[{up}{low}][{low}]+)*"
    return f"{token}(?: {token})*"


# Runs of capitalised words in the article's script; the same pattern serves Python re and polars.
NAME_RUN_PATTERNS = {"kk": _run_pattern(_CYR_UP, _CYR_LOW), "ru": _run_pattern(_CYR_UP, _CYR_LOW)}
NAME_RUN_PATTERNS["en"] = _run_pattern(_LAT_UP, _LAT_LOW)
NAME_RUNS = {lang: re.compile(pattern) for lang, pattern in NAME_RUN_PATTERNS.items()}
# Runs in either script (never mixed), for one vectorised pass over all paragraphs; see PersonRegistry.in_runs.
NAME_RUN_PATTERN = f"{NAME_RUN_PATTERNS['ru']}|{NAME_RUN_PATTERNS['en']}"
_FIRST_CYRILLIC = "\u0400"
PERSON_MAX_WORDS = 2

# Lower-case capitalised words that are not (part of) a person's name: titles, places, organisations,
# sentence openers. Entries of 4+ letters match as prefixes, shorter ones as whole words. A word containing
# "стан"/"stan" is a country (Қазақстан, Uzbekistan).
NON_PERSON_PREFIXES = (
    # kk
    "президент", "премьер", "министр", "мемлекет", "елші", "төраға", "басшы", "директор", "жапон", "қазақ",
    "орталық", "азия", "еуразия", "каспий", "токио", "астана", "алматы", "республика", "біріккен", "ұлттық",
    "халықаралық", "сыртқы", "назарбаев", "әл-фараби", "семей", "хиросима", "нагасаки", "ақтау", "шымкент",
    "абай", "түркия", "қытай", "ресей", "еуропа", "корея", "транскаспий", "орта", "kazinform", "казинформ",
    # ru
    "глава", "посол", "премьер", "заместитель", "председатель", "сопредседатель", "профессор", "корреспондент",
    "япон", "казах", "центральн", "азии", "азию", "евраз", "каспийск", "токио", "астан", "алмат", "республик",
    "министерств", "агентств", "университет", "национальн", "международн", "правительств", "банк", "фонд",
    "турци", "кита", "росси", "европ", "коре", "грузи", "азербайджан", "акорд", "тау-кен", "самрук",
    "транскаспийск", "средн", "семей", "семея", "семее", "семипалатинск", "хиросим", "нагасаки", "актау",
    "шымкент", "абайск",
    "ранее", "напомним", "также", "однако", "по", "в", "на", "с", "как", "когда", "стороны",
    # en
    "president", "prime", "minister", "ministry", "vice", "deputy", "ambassador", "head", "state", "chair",
    "director", "executive", "secretary", "chief", "governor", "mayor", "professor", "dr", "mr", "mrs", "ms",
    "first", "japan", "kazakh", "tokyo", "astana", "almaty", "central", "asia", "eurasia", "caspian", "middle",
    "corridor", "trans", "the", "on", "in", "at", "according", "under", "since", "after", "during", "both",
    "government", "embassy", "agency", "organi", "corporation", "company", "bank", "university", "institute",
    "federation", "fund", "council", "commission", "committee", "international", "national", "summit",
    "forum", "dialogue", "route", "sea", "region", "republic", "union", "european", "turk", "türk", "chin",
    "russia", "europe", "korea", "georgia", "azerbaijan", "baku", "tbilisi", "ankara", "mongolia", "hokkaido",
    "hiroshima", "nagasaki", "semey", "semipalatinsk", "aktau", "atyrau", "shymkent", "karaganda", "mangystau",
    "east", "west", "north", "south", "day", "temir", "zholy", "qazinform", "kazinform", "open",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "nuclear", "tests", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday",
)  # fmt: skip
COUNTRY_INFIXES = ("стан", "stan")
_NON_PERSON_WORDS = frozenset(NON_PERSON_PREFIXES)
_NON_PERSON_PREFIXES = tuple(w for w in NON_PERSON_PREFIXES if len(w) >= 4)

PRONOUNS = {
    "kk": frozenset({"ол"}),
    "ru": frozenset({"он", "она"}),
    "en": frozenset({"he", "she"}),
}
# Words that make a phrase a bare title (Мемлекет басшысы, the minister, посол): resolved like a pronoun.
TITLE_WORDS = {
    "kk": ("басшы", "президент", "министр", "елші", "төраға", "директор", "өкіл", "сарапшы", "маман",
           "профессор", "ғалым", "дәрігер", "дипломат", "консул", "жетекші", "спикер", "әкім"),
    "ru": ("глава", "президент", "министр", "посол", "председател", "директор", "руководител", "эксперт",
           "синоптик", "представител", "премьер", "профессор", "учён", "ученый", "врач", "дипломат",
           "аналитик", "специалист", "консул", "аким"),
    "en": ("head of state", "president", "minister", "ambassador", "chair", "director", "official", "expert",
           "spokes", "leader", "coach", "governor", "envoy", "diplomat", "professor", "scientist", "doctor",
           "analyst", "specialist", "researcher", "consul", "representative", "head", "mayor"),
}  # fmt: skip

# Speech cues, found by plain substring search (a regex alternation is 5x slower here) at word boundaries.
# "verb": the speaker is named after it (kk/ru usual) or right before it (en usual); "after": "according to X"
# with X after it (ru: genitive); "before": X before it (kk: Тоқаевтың сөзінше, genitive).
SPEECH_CUES: dict[str, tuple[tuple[str, str], ...]] = {
    "kk": tuple(
        (cue, "verb")
        for cue in (
            "деді", "атап өтті", "атап көрсетті", "мәлімдеді", "айтты", "санайды", "сенеді", "қосты",
            "түйіндеді", "жазды", "хабарлады", "сендірді", "толықтырды", "баса айтты", "есептейді",
            "жеткізді", "білдірді", "пайымдайды", "тоқталды",
        )
    )
    + (("айтуынша", "before"), ("сөзінше", "before"), ("пікірінше", "before")),
    "ru": tuple(
        (form, "verb")
        for cue in (
            "сказал", "отметил", "заявил", "подчеркнул", "добавил", "сообщил", "рассказал", "пояснил",
            "уточнил", "констатировал", "резюмировал", "ответил", "напомнил", "признался", "поделился",
            "указал",
        )
        for form in (cue, cue + "а")
    )
    + tuple((cue, "verb") for cue in ("считает", "уверен", "уверена", "говорит", "полагает"))
    + tuple((cue, "after") for cue in ("по словам", "По словам", "по мнению", "По мнению", "Согласно", "согласно")),
    "en": tuple(
        (cue, "verb")
        for cue in (
            "said", "says", "noted", "added", "stressed", "emphasised", "emphasized", "told", "stated",
            "explained", "remarked", "underlined", "pointed out", "believes", "concluded", "recalled",
        )
    )
    + tuple((cue, "after") for cue in ("according to", "According to", "in the words of", "In the words of")),
}  # fmt: skip
# How far before/after a cue its speaker phrase is looked for (characters).
PHRASE_WINDOW = 160
_CLAUSE_END = re.compile(r"[.,;:!?«»\"“”()]|\s[-–—]\s")
# A phrase after the verb runs to the end of the sentence: "деді жоба жетекшісі, биолог Гүлназ Тұрсынбаева."
_SENTENCE_END = re.compile(r"[.;:!?«»\"“”()]|\s[-–—]\s")
QUOTED = r"«[^»]*»|\"[^\"]*\"|“[^”]*”"
_QUOTED = re.compile(QUOTED)


@cache
def _is_non_person(word: str) -> bool:
    lower = word.lower()
    return (
        lower in _NON_PERSON_WORDS
        or lower.startswith(_NON_PERSON_PREFIXES)
        or any(infix in lower for infix in COUNTRY_INFIXES)
    )


@cache
def run_persons(run: str) -> tuple[tuple[str, ...], ...]:
    """Candidate person names in a run of capitalised words: the stretches between non-person words,
    each kept to its last words (``Президент Казахстана Касым-Жомарт Токаев`` -> ``Касым-Жомарт Токаев``)."""
    stretches: list[list[str]] = [[]]
    for word in run.split(" "):
        if _is_non_person(word):
            stretches.append([])
        else:
            stretches[-1].append(word)
    return tuple(tuple(stretch[-PERSON_MAX_WORDS:]) for stretch in stretches if stretch)


@cache
def _name_and_surname(words: tuple[str, ...], lang: str, case: str | None) -> tuple[str, str, bool]:
    """(nominative name, its surname, whether it has 2+ words) of a person's words."""
    name = nominative(" ".join(words), lang, case)
    return name, name.split(" ")[-1], len(words) >= 2


@cache
def _run_names(run: str, lang: str) -> tuple[tuple[str, str, bool], ...]:
    """:func:`_name_and_surname` of each candidate person of a run in the script of ``lang`` (none in the other)."""
    if (run[0] < _FIRST_CYRILLIC) != (lang == "en"):
        return ()
    return tuple(_name_and_surname(words, lang, None) for words in run_persons(run))


@dataclass
class PersonRegistry:
    """Persons named so far in one article, full nominative name as first given (keyed by surname)."""

    lang: str
    names: dict[str, str] = field(default_factory=dict)

    def resolve(self, words: tuple[str, ...], case: str | None = None) -> str | None:
        """Full name for a run's words: a known name ending in the same surname, else the words if 2+ long."""
        return self._known(*_name_and_surname(words, self.lang, case)) if words else None

    def _known(self, name: str, surname: str, full: bool) -> str | None:
        known = self.names.get(surname)
        if known:
            return known
        if full:
            self.names.setdefault(surname, name)
            return name
        return None

    def mentions(self, text: str, start: int = 0, end: int | None = None) -> list[str]:
        """Persons named in ``text[start:end]`` (outside quotations), in order; registers new full names."""
        segment = _QUOTED.sub(lambda m: " " * len(m.group()), text[start:end])
        return self.in_runs([match.group() for match in NAME_RUNS[self.lang].finditer(segment)])

    def in_runs(self, runs: list[str]) -> list[str]:
        """Persons named in runs of capitalised words (those in the article's script), in order."""
        known, lang = self._known, self.lang
        return [name for run in runs for candidate in _run_names(run, lang) if (name := known(*candidate))]


def _speaker_in(
    phrase: str, lang: str, registry: PersonRegistry, case: str | None, forward: bool
) -> tuple[str, str | None]:
    """Classify a speaker phrase: ("name", name) | ("pronoun", None) | ("none", None).

    ``forward``: the phrase follows the verb, so its first person is the speaker (else its last).
    """
    stripped = phrase.strip()
    if {stripped.partition(" ")[0].lower(), stripped.rpartition(" ")[2].lower()} & PRONOUNS[lang]:
        return "pronoun", None
    candidates = (words for run in NAME_RUNS[lang].finditer(phrase) for words in run_persons(run.group()))
    for words in candidates if forward else reversed([*candidates]):
        name = registry.resolve(words, case)
        if name:
            return "name", name
    lower = stripped.lower()
    if any(title in lower for title in TITLE_WORDS[lang]):
        return "pronoun", None
    return "none", None


ALL_CUES = sorted({cue for cues in SPEECH_CUES.values() for cue, _ in cues})
_CUE_KINDS = {lang: dict(cues) for lang, cues in SPEECH_CUES.items()}


def _cues(text: str, lang: str, present: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the speech cues of ``lang`` among ``present`` in ``text``, in document order."""
    found = []
    kinds = _CUE_KINDS[lang]
    for cue in dict.fromkeys(c for c in present if c in kinds):
        kind = kinds[cue]
        at = text.find(cue)
        while at >= 0:
            end = at + len(cue)
            if (at == 0 or not text[at - 1].isalpha()) and (end == len(text) or not text[end].isalpha()):
                found.append((at, end, kind))
            at = text.find(cue, end)
    return sorted(found)


def _phrase_before(bare: str, start: int) -> str:
    """The clause of ``bare`` that ends at ``start`` (within :data:`PHRASE_WINDOW`)."""
    return _CLAUSE_END.split(bare[max(0, start - PHRASE_WINDOW) : start])[-1]


def _phrase_after(bare: str, end: int) -> str:
    """The rest of the sentence of ``bare`` from ``end`` (within :data:`PHRASE_WINDOW`)."""
    return _SENTENCE_END.split(bare[end : end + PHRASE_WINDOW], maxsplit=1)[0]


def _attributions(bare: str, lang: str, present: list[str]) -> Iterator[tuple[int, str, str | None, bool]]:
    """(position, phrase, case, forward) of each phrase that may name the speaker, in the order they are tried.

    Lazy: a phrase is cut out only when the ones before it named nobody.
    """
    for start, end, kind in _cues(bare, lang, present):
        if kind == "after":
            yield end, _CLAUSE_END.split(_phrase_after(bare, end), maxsplit=1)[0], "gent", True
        elif kind == "before":
            yield start, _phrase_before(bare, start), None, False
        elif lang == "en":
            yield start, _phrase_before(bare, start), "nomn", False
            yield end, _phrase_after(bare, end), "nomn", True
        else:
            yield end, _phrase_after(bare, end), "nomn", True
            yield start, _phrase_before(bare, start), "nomn", False


def attribute_quote(
    paragraph: str, lang: str, registry: PersonRegistry, last_person: str | None, cues: list[str] | None = None
) -> str | None:
    """Speaker of a quotation paragraph: named by a speech verb, "according to", or in the paragraph.

    A pronoun or bare title is the last person named before it (``last_person`` from earlier paragraphs).
    ``cues``: the strings of :data:`ALL_CUES` present in the paragraph, if already found (else searched).
    """
    bare = _QUOTED.sub(lambda m: " " * len(m.group()), paragraph)
    found_pronoun_at = None
    for position, phrase, case, forward in _attributions(bare, lang, ALL_CUES if cues is None else cues):
        kind, name = _speaker_in(phrase, lang, registry, case, forward)
        if kind == "name":
            return name
        if kind == "pronoun" and found_pronoun_at is None:
            found_pronoun_at = position
    if found_pronoun_at is not None:
        before = registry.mentions(paragraph, 0, found_pronoun_at)
        return before[-1] if before else last_person
    named = registry.mentions(paragraph)
    return named[0] if named else None
