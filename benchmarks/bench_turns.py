"""Throughput of turn segmentation on one core, against reading and splitting the same text into lines.

Run on demand: ``.venv/bin/python benchmarks/bench_turns.py [--mb 30]``. Builds a synthetic corpus in memory by
repeating the sample articles (each copy with its own id and a varied number), or simple templates when the
sample corpus is not there, and prints a table. Target: at least 20 MB/s.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ["POLARS_MAX_THREADS"] = "1"  # one core: set before polars is imported

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import polars as pl  # noqa: E402

from pipelines.settings import SAMPLE_CORPUS_DIR  # noqa: E402
from pipelines.turns.segment import segment_turns  # noqa: E402

TARGET_MB_PER_S = 20.0
DEFAULT_MB = 30.0
REPEATS = 3
TEMPLATES = {
    "kk": "АСТАНА. KAZINFORM — Жапония мен Қазақстан {n} келісімге қол қойды.\n"
    "«Біз екі ел арасындағы ынтымақтастықты дамытамыз», – деді Қасым-Жомарт Тоқаев.\n"
    "- Біз жаңа жобаларды бастаймыз, - деді ол.",
    "ru": "АСТАНА. Казинформ — Япония и Казахстан подписали {n} соглашений.\n"
    "Посол Японии Ясумаса Ииджима дал интервью Казинформу.\n"
    "— Какие планы на год?\n— Мы расширим сотрудничество.\n— Что дальше?\n— Новые проекты.",
    "en": "ASTANA. Kazinform – Japan and Kazakhstan signed {n} agreements.\n"
    '"We will deepen our cooperation in many areas," said Kassym-Jomart Tokayev.\n'
    "- We are ready to invest, - he said.",
}


def sample_articles() -> list[tuple[str, str]]:
    """(lang, body) of the sample corpus, or of the templates when it is not there."""
    try:
        from pipelines.ingest.parse import ParsedArticle, parse_bytes
    except ImportError:
        parse_bytes = None
    articles = []
    if parse_bytes is not None:
        for path in sorted(SAMPLE_CORPUS_DIR.glob("*.txt")):
            parsed = parse_bytes(path.read_bytes())
            if isinstance(parsed, ParsedArticle):
                articles.append((parsed.lang, parsed.body))
    return articles or [(lang, body.format(n=3)) for lang, body in TEMPLATES.items()]


def corpus(megabytes: float) -> pl.DataFrame:
    """Copies of the sample articles, varied (a number changed) and each with its own id, up to ``megabytes``."""
    base = sample_articles()
    rows, size, i = [], 0, 0
    while size < megabytes * 1e6:
        lang, body = base[i % len(base)]
        body = body.replace("2", str(i % 10), 1)
        rows.append({"article_id": f"{i:016x}", "lang": lang, "body": body})
        size += len(body.encode("utf-8"))
        i += 1
    return pl.DataFrame(rows, schema={"article_id": pl.Utf8, "lang": pl.Utf8, "body": pl.Utf8})


def best_seconds(fn, repeats: int = REPEATS) -> tuple[float, float]:
    """Best (CPU seconds of this process, wall seconds) over ``repeats`` runs.

    CPU time is the figure: with polars on one thread it is the time of one core, and it stays meaningful on a
    machine busy with other work, where wall time is not.
    """
    cpu, wall = [], []
    for _ in range(repeats):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start_wall)
    return min(cpu), min(wall)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=DEFAULT_MB, help="corpus size in MB of UTF-8 text")
    args = parser.parse_args()
    articles = corpus(args.mb)
    bodies = articles["body"].to_list()
    megabytes = sum(len(b.encode("utf-8")) for b in bodies) / 1e6
    cases = {
        "baseline: split into lines (Python)": lambda: [b.split("\n") for b in bodies],
        "baseline: split into lines (polars)": lambda: articles.select(pl.col("body").str.split("\n")).explode("body"),
        "segment_turns": lambda: segment_turns(articles),
    }
    n_turns = segment_turns(articles).height
    print(f"corpus: {articles.height} articles, {megabytes:.1f} MB UTF-8, {n_turns} turns; one core, best of {REPEATS}")
    print(f"{'case':<40} {'cpu s':>8} {'MB/s':>9} {'wall s':>8} {'wall MB/s':>10}")
    rates = {}
    for name, fn in cases.items():
        cpu, wall = best_seconds(fn)
        rates[name] = megabytes / cpu
        print(f"{name:<40} {cpu:>8.3f} {rates[name]:>9.1f} {wall:>8.3f} {megabytes / wall:>10.1f}")
    rate = rates["segment_turns"]
    verdict = "OK" if rate >= TARGET_MB_PER_S else "BELOW TARGET"
    print(f"segment_turns: {rate:.1f} MB/s of CPU time (target {TARGET_MB_PER_S:.0f} MB/s): {verdict}")
    return 0 if rate >= TARGET_MB_PER_S else 1


if __name__ == "__main__":
    sys.exit(main())
