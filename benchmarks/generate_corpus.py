"""Deterministic synthetic corpus for the benchmarks: N raw article files in kk/ru/en, interviews and news.

Run on demand: ``.venv/bin/python benchmarks/generate_corpus.py 10000 [--out benchmarks/out/10000]``.
Every shape the parser handles appears: dash-marked interviews (``- ``, ``– ``, ``— ``), ``Q:``/``A:``,
``Сұрақ:``/``Жауап:``, ``Вопрос:``/``Ответ:``, ``Name: text`` prefixes, unmarked ``?`` questions; news with
quotes and the dash-quote trap (a news paragraph that opens with a dash but is a quote, not a question); the three
header variants; UTF-8, UTF-8 with BOM and CRLF, UTF-16 with BOM and cp1251. Sentences are recombined from the
sample corpus and from templates filled with gazetteer names and topic-lexicon terms (when those files exist),
so the extractors do realistic work. File ``i`` depends only on ``(seed, i)``: any worker count, same bytes.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

SAMPLE_DIR = PROJECT_ROOT / "data" / "sample"
GAZETTEER_PATH = PROJECT_ROOT / "pipelines" / "entities" / "gazetteer.yaml"
LEXICON_PATH = PROJECT_ROOT / "pipelines" / "topics" / "lexicon.yaml"
DEFAULT_OUT = Path(__file__).resolve().parent / "out"
SEED = 20260101
MIN_BYTES, MAX_BYTES = 3_000, 12_000
LANG_WEIGHTS = {"kk": 0.4, "ru": 0.35, "en": 0.25}
INTERVIEW_SHARE = 0.45
TEMPLATE_SENTENCES_PER_LANG = 600
# Each sample sentence counts this many times in the pools (about half of them then come from real-looking text).
SAMPLE_WEIGHT = 3
CHUNK = 500
YEARS = (2024, 2025, 2026)
# (encoding, CRLF newlines, share); cp1251 only where the text encodes (Russian, English).
ENCODINGS = (("utf-8", False, 0.85), ("utf-8-sig", True, 0.05), ("utf-16", False, 0.05), ("cp1251", False, 0.05))

DATELINES = {
    "kk": ["АСТАНА. KAZINFORM — ", "АЛМАТЫ. KAZINFORM — ", "АҚТАУ. QAZINFORM — ", "ТОКИО. KAZINFORM — "],
    "ru": ["АСТАНА. Казинформ — ", "АЛМАТЫ. KAZINFORM — ", "ТОКИО. Казинформ — ", "Астана. Казинформ — "],
    "en": ["ASTANA. Kazinform – ", "ALMATY. Kazinform – ", "TOKYO. Kazinform – ", "ASTANA, May 5 (Qazinform) - "],
}
QA_MARKERS = {"kk": ("Сұрақ: ", "Жауап: "), "ru": ("Вопрос: ", "Ответ: "), "en": ("Q: ", "A: ")}
DASHES = ("– ", "— ", "- ")
INTERVIEW_SHAPES = ("dash", "qa", "names", "unmarked")
FALLBACK_PEOPLE = {
    "kk": ["Қасым-Жомарт Тоқаев", "Ерлан Сәрсенбаев", "Айгүл Нұрланова", "Мұрат Әбенов", "Сакико Танака"],
    "ru": ["Касым-Жомарт Токаев", "Ерлан Сарсенбаев", "Айгуль Нурланова", "Ясумаса Иидзима", "Кэндзи Ватанабэ"],
    "en": ["Kassym-Jomart Tokayev", "Erlan Sarsenbayev", "Aigul Nurlanova", "Yasumasa Iijima", "Kenji Watanabe"],
}
FALLBACK_PLACES = {
    "kk": ["Жапония", "Қазақстан", "Астана", "Токио", "Орталық Азия", "JICA", "Қазатомөнеркәсіп"],
    "ru": ["Япония", "Казахстан", "Астана", "Токио", "Центральная Азия", "JICA", "Казатомпром"],
    "en": ["Japan", "Kazakhstan", "Astana", "Tokyo", "Central Asia", "JICA", "Kazatomprom"],
}
FALLBACK_TERMS = {
    "kk": ["ынтымақтастық", "инвестиция", "логистика", "энергетика", "білім", "уран"],
    "ru": ["сотрудничество", "инвестиции", "логистика", "энергетика", "образование", "уран"],
    "en": ["cooperation", "investment", "logistics", "energy", "education", "uranium"],
}
JOURNALISTS = {
    "kk": ["Дәулет Жақсылықов", "Әсел Мұратқызы", "Kazinform тілшісі"],
    "ru": ["Анна Ким", "Данияр Серикбаев", "Корреспондент"],
    "en": ["Kazinform", "Dana Omarova", "Interviewer"],
}
STATEMENTS = {
    "kk": [
        "{e1} мен {e2} {t} саласындағы ынтымақтастықты кеңейтуге келісті.",
        "Тараптар {t} мәселесін жан-жақты талқылады.",
        "{e1} өкілдерінің айтуынша, {t} бойынша бірлескен жобалар саны {n}-ге жетті.",
        "Сарапшылар {e1} үшін {t} басым бағыт болып қала беретінін атап өтті.",
        "Кездесуде {e1} және {e2} арасындағы {t} туралы жаңа келісімге қол қойылды.",
    ],
    "ru": [
        "{e1} и {e2} договорились расширить {t} и совместные проекты.",
        "Стороны подробно обсудили {t} и дальнейшие шаги.",
        "{e1} сообщает, что число совместных проектов достигло {n}.",
        "Эксперты отмечают, что {t} остаётся приоритетом для {e1}.",
        "На встрече {e1} и {e2} подписали новое соглашение, в центре которого {t}.",
    ],
    "en": [
        "{e1} and {e2} agreed to expand cooperation on {t}.",
        "The two sides discussed {t} in detail.",
        "The number of joint projects has reached {n}, according to {e1}.",
        "Experts say {t} remains a priority for {e1}.",
        "At the meeting, {e1} and {e2} signed a new agreement on {t}.",
    ],
}
QUESTIONS = {
    "kk": [
        "{t} саласындағы ынтымақтастық қалай дамып келеді?",
        "{e1} үшін бұл жобаның маңызы қандай?",
        "Алдағы жылы {t} бойынша қандай жоспарлар бар?",
    ],
    "ru": [
        "Как развивается {t} в отношениях двух стран?",
        "Что {e1} ожидает от этого проекта?",
        "Какие планы на следующий год, если говорить про {t}?",
    ],
    "en": [
        "How is cooperation on {t} developing?",
        "What does this project mean for {e1}?",
        "What are the plans for {t} next year?",
    ],
}
QUOTES = {  # news quote paragraph, and the dash-quote trap (a quote that opens with a dash)
    "kk": ("«{s}», – деді {p}.", "– {s}, – деді {p}."),
    "ru": ("«{s}», — сказал {p}.", "— {s}, — отметил {p}."),
    "en": ('"{s}," said {p}.', "- {s}, - {p} said."),
}
INTROS = {
    "kk": "{j} {p} мырзамен {t} туралы сұхбаттасты.",
    "ru": "{p} ответил на вопросы корреспондента Казинформа о теме: {t}.",
    "en": "{p} spoke to Kazinform about {t}.",
}
UNIQUE = {  # one sentence with the serial number: every article has its own content hash
    "kk": "Өткен жылы көрсеткіш {a},{b} пайызға өсті.",
    "ru": "За прошлый год показатель вырос на {a},{b} процента.",
    "en": "Last year the figure grew by {a}.{b} percent.",
}
TITLES = {
    "kk": "{e1} мен {e2}: {t} бойынша жаңа кезең",
    "ru": "{e1} и {e2}: новый этап, {t}",
    "en": "{e1} and {e2} open a new chapter in {t}",
}
_MARKER = re.compile(r"^(?:[–—-]\s+|(?:Q|A|Сұрақ|Жауап|Вопрос|Ответ)\s*:\s*|[^:.!?«\"]{2,40}:\s+)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[«\"“A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])")


@dataclass(frozen=True)
class Pools:
    """Per-language material the articles are recombined from."""

    statements: dict[str, list[str]]
    questions: dict[str, list[str]]
    people: dict[str, list[str]]
    names: dict[str, list[str]]
    terms: dict[str, list[str]]


@dataclass(frozen=True)
class Generated:
    files: int
    bytes: int
    seconds: float


def _gazetteer() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(people, other names) per language from the gazetteer, or the fallback lists."""
    if not GAZETTEER_PATH.exists():
        return FALLBACK_PEOPLE, FALLBACK_PLACES
    people: dict[str, list[str]] = {lang: [] for lang in LANG_WEIGHTS}
    names: dict[str, list[str]] = {lang: [] for lang in LANG_WEIGHTS}
    for entry in yaml.safe_load(GAZETTEER_PATH.read_text(encoding="utf-8")) or []:
        for lang in LANG_WEIGHTS:
            forms = [entry.get(f"name_{lang}")] + list((entry.get("aliases") or {}).get(lang) or [])
            target = people if entry.get("entity_type") == "PERSON" else names
            target[lang].extend(f for f in forms if f)
    return (
        {lang: people[lang] or FALLBACK_PEOPLE[lang] for lang in LANG_WEIGHTS},
        {lang: names[lang] or FALLBACK_PLACES[lang] for lang in LANG_WEIGHTS},
    )


def _lexicon() -> dict[str, list[str]]:
    """Topic terms (lemmas) per language from the lexicon, or the fallback lists."""
    if not LEXICON_PATH.exists():
        return FALLBACK_TERMS
    terms: dict[str, list[str]] = {lang: [] for lang in LANG_WEIGHTS}
    for topic in (yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8")) or {}).get("topics", []):
        for lang, lemmas in (topic.get("terms") or {}).items():
            if lang in terms:
                terms[lang].extend(lemmas)
    return {lang: terms[lang] or FALLBACK_TERMS[lang] for lang in LANG_WEIGHTS}


def _sample_sentences() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(statements, questions) per language from the sample corpus, interview markers stripped."""
    from pipelines.ingest.parse import ParsedArticle, parse_bytes

    statements: dict[str, list[str]] = {lang: [] for lang in LANG_WEIGHTS}
    questions: dict[str, list[str]] = {lang: [] for lang in LANG_WEIGHTS}
    for path in sorted(SAMPLE_DIR.glob("*.txt")):
        parsed = parse_bytes(path.read_bytes())
        if not isinstance(parsed, ParsedArticle):
            continue
        for paragraph in parsed.body.split("\n")[1:]:
            for sentence in _SENTENCE_END.split(_MARKER.sub("", paragraph)):
                if len(sentence) < 25 or sentence[0] in '«"“–—-' or sentence[-1] not in ".?!":
                    continue
                (questions if sentence.endswith("?") else statements)[parsed.lang].append(sentence)
    return statements, questions


def build_pools(seed: int = SEED) -> Pools:
    """Sample sentences plus template sentences filled with gazetteer names and lexicon terms (seeded)."""
    rng = random.Random(seed)
    people, names = _gazetteer()
    terms = _lexicon()
    sample_statements, sample_questions = _sample_sentences()
    statements = {lang: sample * SAMPLE_WEIGHT for lang, sample in sample_statements.items()}
    questions = {lang: sample * SAMPLE_WEIGHT for lang, sample in sample_questions.items()}
    for lang in LANG_WEIGHTS:
        for _ in range(TEMPLATE_SENTENCES_PER_LANG):
            fill = {
                "e1": rng.choice(names[lang]),
                "e2": rng.choice(names[lang] + people[lang]),
                "t": rng.choice(terms[lang]),
                "n": rng.randint(2, 400),
            }
            statements[lang].append(rng.choice(STATEMENTS[lang]).format(**fill))
            if rng.random() < 0.3:
                questions[lang].append(rng.choice(QUESTIONS[lang]).format(**fill))
    return Pools(statements, questions, people, names, terms)


def _paragraph(rng: random.Random, pool: list[str], low: int = 2, high: int = 5) -> str:
    return " ".join(rng.choice(pool) for _ in range(rng.randint(low, high)))


def _quote_body(rng: random.Random, pools: Pools, lang: str) -> str:
    return rng.choice(pools.statements[lang]).rstrip(".!?")


def _interview(rng: random.Random, pools: Pools, lang: str, target: int, size: int) -> list[str]:
    shape = rng.choice(INTERVIEW_SHAPES)
    journalist, guest = rng.choice(JOURNALISTS[lang]), rng.choice(pools.people[lang])
    q_mark, a_mark = {
        "dash": (dash := rng.choice(DASHES), dash),
        "qa": QA_MARKERS[lang],
        "names": (f"{journalist}: ", f"{guest}: "),
        "unmarked": ("", ""),
    }[shape]
    paragraphs = []
    while size < target:
        n_questions = 1 if shape == "unmarked" else rng.randint(1, 2)
        question = q_mark + " ".join(rng.choice(pools.questions[lang]) for _ in range(n_questions))
        answer = a_mark + _paragraph(rng, pools.statements[lang], 3, 7)
        paragraphs += [question, answer]
        size += len(question) + len(answer)
        if shape != "unmarked" and rng.random() < 0.25:  # an answer that runs over two paragraphs
            more = _paragraph(rng, pools.statements[lang])
            paragraphs.append(more)
            size += len(more)
    return paragraphs


def _news(rng: random.Random, pools: Pools, lang: str, target: int, size: int) -> list[str]:
    quote, trap = QUOTES[lang]
    paragraphs = []
    while size < target:
        roll = rng.random()
        if roll < 0.2:
            text = quote.format(s=_quote_body(rng, pools, lang), p=rng.choice(pools.people[lang]))
        elif roll < 0.27:
            text = trap.format(s=_quote_body(rng, pools, lang), p=rng.choice(pools.people[lang]))
        else:
            text = _paragraph(rng, pools.statements[lang])
        paragraphs.append(text)
        size += len(text)
    return paragraphs


def article(i: int, pools: Pools, seed: int = SEED) -> tuple[str, bytes]:
    """(relative path, raw bytes) of article ``i``: a pure function of ``(seed, i)`` and the pools."""
    rng = random.Random(seed * 1_000_003 + i)
    lang = rng.choices(list(LANG_WEIGHTS), weights=list(LANG_WEIGHTS.values()))[0]
    year, month, day = rng.choice(YEARS), rng.randint(1, 12), rng.randint(1, 28)
    target = rng.randint(MIN_BYTES, MAX_BYTES) // (1 if lang == "en" else 2)  # Cyrillic: ~2 bytes a char
    names = pools.names[lang]
    fill = {"e1": rng.choice(names), "e2": rng.choice(names), "t": rng.choice(pools.terms[lang])}
    title = TITLES[lang].format(**fill)
    interview = rng.random() < INTERVIEW_SHARE
    lead = _paragraph(rng, pools.statements[lang], 1, 3) + " " + UNIQUE[lang].format(a=i // 10, b=i % 10)
    if interview:
        lead += " " + INTROS[lang].format(j=rng.choice(JOURNALISTS[lang]), p=rng.choice(pools.people[lang]), **fill)
    if rng.random() < 0.8:
        lead = rng.choice(DATELINES[lang]) + lead
    body = (_interview if interview else _news)(rng, pools, lang, target, len(lead) + len(title))
    header = rng.randrange(3)
    head = [f" date {year}-{month:02d}-{day:02d} {title}", f"date {year}-{month:02d}-{day:02d}\n{title}", title][header]
    text = "\n".join([head, lead, *body]) + "\n"
    encoding, crlf = _encoding(rng)
    if crlf:
        text = text.replace("\n", "\r\n")
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:  # Kazakh letters have no cp1251 code
        data = text.encode("utf-8")
    kind = "interview" if interview else "news"
    return f"{year}-{month:02d}/{i:07d}_{lang}_{kind}.txt", data


def _encoding(rng: random.Random) -> tuple[str, bool]:
    roll, total = rng.random(), 0.0
    for encoding, crlf, share in ENCODINGS:
        total += share
        if roll < total:
            return encoding, crlf
    return ENCODINGS[0][:2]


_POOLS: Pools | None = None


def _write_chunk(args: tuple[Path, int, int, int]) -> int:
    out, start, stop, seed = args
    written = 0
    for i in range(start, stop):
        relative, data = article(i, _POOLS, seed)
        path = out / relative
        try:
            path.write_bytes(data)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        written += len(data)
    return written


def generate(out: Path, n: int, *, start: int = 0, seed: int = SEED, workers: int | None = None) -> Generated:
    """Write articles ``start .. start+n-1`` under ``out`` (``YYYY-MM/`` folders), on ``workers`` processes."""
    global _POOLS
    began = time.perf_counter()
    _POOLS = build_pools(seed)
    out.mkdir(parents=True, exist_ok=True)
    chunks = [(out, s, min(s + CHUNK, start + n), seed) for s in range(start, start + n, CHUNK)]
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(chunks) == 1:
        total = sum(map(_write_chunk, chunks))
    else:
        with get_context("fork").Pool(workers) as pool:
            total = sum(pool.imap_unordered(_write_chunk, chunks))
    return Generated(n, total, time.perf_counter() - began)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("--out", type=Path, help=f"output folder (default {DEFAULT_OUT}/<n>)")
    parser.add_argument("--start", type=int, default=0, help="index of the first article (for increments)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--workers", type=int, help="processes (default: all cores)")
    args = parser.parse_args()
    out = args.out or DEFAULT_OUT / str(args.n)
    result = generate(out, args.n, start=args.start, seed=args.seed, workers=args.workers)
    print(
        f"{result.files} files, {result.bytes / 1e6:.1f} MB in {out} in {result.seconds:.1f} s "
        f"({result.files / result.seconds:,.0f} files/s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
