"""Person names and quote attribution inside article paragraphs (pure Python regexes, kk/ru/en).

Only paragraphs that need it go through here (quotes in news, interview leads), so plain ``re`` is fine.
A person is a run of capitalised words in the article's script, cut after the last title/place/organisation
word and kept to its last two words (``Президент Казахстана Касым-Жомарт Токаев`` -> ``Касым-Жомарт Токаев``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipelines.names import nominative

_CYR_UP, _CYR_LOW = "А-ЯЁӘҒҚҢӨҰҮҺІ", "а-яёәғқңөұүһі"
_LAT_UP, _LAT_LOW = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ'’"


def _run_pattern(up: str, low: str) -> re.Pattern[str]:
    token = f"[{up}][{low}]+(?:-[{up}{low}][{low}]+)*"
    return re.compile(f"{token}(?: {token})*")


NAME_RUNS = {"kk": _run_pattern(_CYR_UP, _CYR_LOW), "ru": _run_pattern(_CYR_UP, _CYR_LOW)}
NAME_RUNS["en"] = _run_pattern(_LAT_UP, _LAT_LOW)
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
    "kk": ("ол",),
    "ru": ("он", "она"),
    "en": ("he", "she"),
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

_KK_VERBS = (
    "атап өтті|атап көрсетті|мәлімдеді|айтты|санайды|сенеді|қосты|түйіндеді|жазды|хабарлады|сендірді"
    "|толықтырды|баса айтты|баса назар аударды|есептейді|жеткізді|білдірді|пайымдайды|тоқталды|деді"
)
_RU_VERBS = (
    "сказал|отметил|заявил|подчеркнул|добавил|сообщил|рассказал|пояснил|уточнил|констатировал|резюмировал"
    "|ответил|напомнил|признался|поделился|считает|уверен|говорит|убежден|убеждён|полагает|указал"
)
_EN_VERBS = (
    "said|says|noted|added|stressed|emphasi[sz]ed|told|stated|explained|remarked|underlined|pointed out"
    "|believes|concluded|recalled"
)
# Speech verbs: the speaker is named after the verb (kk/ru usual) or right before it (en usual).
SPEECH_VERBS = {
    "kk": re.compile(f"(?:деп )?(?:{_KK_VERBS})(?=[ .,;:!?]|$)"),
    "ru": re.compile(f"(?<![{_CYR_LOW}])(?:{_RU_VERBS})а?(?=[ .,;:!?]|$)"),
    "en": re.compile(f"(?<![a-z])(?:{_EN_VERBS})(?=[ .,;:!?]|$)"),
}
# "According to X": the speaker follows (ru: in the genitive) or precedes (kk: in the genitive).
ACCORDING_AFTER = {
    "ru": re.compile("(?:[Пп]о словам|[Пп]о мнению|[Сс]огласно) "),
    "en": re.compile("(?:[Aa]ccording to|[Ii]n the words of) "),
}
ACCORDING_BEFORE = {"kk": re.compile("(?: айтуынша| сөзінше| пікірінше)")}
_CLAUSE_END = re.compile(r"[.,;:!?«»\"“”()]|\s[-–—]\s")
# A phrase after the verb runs to the end of the sentence: "деді жоба жетекшісі, биолог Гүлназ Тұрсынбаева."
_SENTENCE_END = re.compile(r"[.;:!?«»\"“”()]|\s[-–—]\s")
_QUOTED = re.compile(r"«[^»]*»|\"[^\"]*\"|“[^”]*”")


def _is_non_person(word: str) -> bool:
    lower = word.lower()
    return (
        lower in _NON_PERSON_WORDS
        or lower.startswith(_NON_PERSON_PREFIXES)
        or any(infix in lower for infix in COUNTRY_INFIXES)
    )


def run_persons(run: str) -> list[list[str]]:
    """Candidate person names in a run of capitalised words: the stretches between non-person words,
    each kept to its last words (``Президент Казахстана Касым-Жомарт Токаев`` -> ``Касым-Жомарт Токаев``)."""
    stretches: list[list[str]] = [[]]
    for word in run.split(" "):
        if _is_non_person(word):
            stretches.append([])
        else:
            stretches[-1].append(word)
    return [stretch[-PERSON_MAX_WORDS:] for stretch in stretches if stretch]


@dataclass
class PersonRegistry:
    """Persons named so far in one article, full nominative name as first given."""

    lang: str
    names: list[str] = field(default_factory=list)

    def resolve(self, words: list[str], case: str | None = None) -> str | None:
        """Full name for a run's words: a known name ending in the same surname, else the words if 2+ long."""
        if not words:
            return None
        name = nominative(" ".join(words), self.lang, case)
        surname = name.split(" ")[-1]
        known = next((n for n in self.names if n.split(" ")[-1] == surname), None)
        if known:
            return known
        if len(words) >= 2:
            self.names.append(name)
            return name
        return None

    def mentions(self, text: str, start: int = 0, end: int | None = None) -> list[str]:
        """Persons named in ``text[start:end]`` (outside quotations), in order; registers new full names."""
        segment = _QUOTED.sub(lambda m: " " * len(m.group()), text[start:end])
        found = []
        for match in NAME_RUNS[self.lang].finditer(segment):
            for words in run_persons(match.group()):
                name = self.resolve(words)
                if name:
                    found.append(name)
        return found


def _speaker_in(
    phrase: str, lang: str, registry: PersonRegistry, case: str | None, forward: bool
) -> tuple[str, str | None]:
    """Classify a speaker phrase: ("name", name) | ("pronoun", None) | ("none", None).

    ``forward``: the phrase follows the verb, so its first person is the speaker (else its last).
    """
    words = phrase.strip().split(" ")
    lower = phrase.strip().lower()
    if words and words[0].lower() in PRONOUNS[lang] or words[-1].lower() in PRONOUNS[lang]:
        return "pronoun", None
    candidates = [words for run in NAME_RUNS[lang].finditer(phrase) for words in run_persons(run.group())]
    for words in candidates if forward else reversed(candidates):
        name = registry.resolve(words, case)
        if name:
            return "name", name
    if any(title in lower for title in TITLE_WORDS[lang]):
        return "pronoun", None
    return "none", None


def attribute_quote(paragraph: str, lang: str, registry: PersonRegistry, last_person: str | None) -> str | None:
    """Speaker of a quotation paragraph: named by a speech verb, "according to", or in the paragraph.

    A pronoun or bare title is the last person named before it (``last_person`` from earlier paragraphs).
    """
    bare = _QUOTED.sub(lambda m: " " * len(m.group()), paragraph)
    found_pronoun_at = None
    attributions: list[tuple[str, int, str | None, bool]] = []  # (phrase, position, case, forward)
    for match in SPEECH_VERBS[lang].finditer(bare):
        after = _SENTENCE_END.split(bare[match.end() :], maxsplit=1)[0]
        before = _CLAUSE_END.split(bare[: match.start()])[-1]
        order = [(before, match.start(), "nomn", False), (after, match.end(), "nomn", True)]
        attributions += order if lang == "en" else order[::-1]
    if lang in ACCORDING_AFTER:
        for match in ACCORDING_AFTER[lang].finditer(bare):
            after = _CLAUSE_END.split(bare[match.end() :], maxsplit=1)[0]
            attributions.append((after, match.end(), "gent", True))
    if lang in ACCORDING_BEFORE:
        for match in ACCORDING_BEFORE[lang].finditer(bare):
            before = _CLAUSE_END.split(bare[: match.start()])[-1]
            attributions.append((before, match.start(), None, False))
    for phrase, position, case, forward in attributions:
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
