"""Throughput of the topic functions against one Aho-Corasick pass and one tokenisation of the same text.

Run on demand: ``.venv/bin/python benchmarks/bench_topics.py [--corpus DIR | --mb 15] [--threads 1]``.
``--corpus`` reads a raw folder (``benchmarks/generate_corpus.py 2000 --out /tmp/c2k`` makes one); otherwise
the sample articles are repeated up to ``--mb`` MB. Turns and entity mentions are computed first (not
timed). Each step runs once to warm the per-process caches (lexicon forms, automata, lemmas; what a worker
pays once) and then REPEATS times; the table shows the cold run and the best warm run, in CPU seconds of this
process (the machine may be shared; with --threads 1 CPU time is the time on one core) and MB/s of article
text (titles and bodies). Baselines measured in the same run: ``str.extract_many`` of all lexicon forms
(one pass, all languages) and ``str.extract_all`` of the article_terms token pattern.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from microbench import REPEATS, repeated_samples, setup_threads, timed

setup_threads()

import polars as pl  # noqa: E402

from pipelines.entities.extract import extract_mentions  # noqa: E402
from pipelines.entities.gazetteer import load_gazetteer  # noqa: E402
from pipelines.ingest.parse import ParsedArticle, parse_bytes  # noqa: E402
from pipelines.ingest.scan import articles_frame  # noqa: E402
from pipelines.topics.lexicon import forms_frame, lexicon_terms  # noqa: E402
from pipelines.topics.scoring import article_relevance, assign_article_topics, score_turn_topics  # noqa: E402
from pipelines.topics.terms import TOKEN, article_terms  # noqa: E402
from pipelines.turns.segment import segment_turns  # noqa: E402

TARGET_MB_PER_S = 20.0
DEFAULT_MB = 15.0


def parsed_articles(corpus: Path | None, megabytes: float) -> list[ParsedArticle]:
    """The articles of ``corpus`` (a raw folder), or the sample articles repeated up to ``megabytes`` MB."""
    if corpus is None:
        return repeated_samples(megabytes)
    parsed = (parse_bytes(path.read_bytes()) for path in sorted(corpus.rglob("*.txt")))
    return [p for p in parsed if isinstance(p, ParsedArticle)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="a raw folder (default: the sample articles repeated)")
    parser.add_argument("--mb", type=float, default=DEFAULT_MB, help="MB of repeated samples (default 15)")
    parser.add_argument("--threads", type=int, default=1, help="POLARS_MAX_THREADS (default 1)")
    args = parser.parse_args()

    articles = articles_frame(parsed_articles(args.corpus, args.mb), datetime(2026, 1, 1, tzinfo=UTC))
    turns = segment_turns(articles)
    mentions = extract_mentions(turns, articles, load_gazetteer())
    mb = sum(articles.select(pl.col("title", "body").str.len_bytes().sum()).row(0)) / 1e6
    texts = pl.concat([articles.select(text="title"), turns.select("text")])
    forms = pl.lit(forms_frame(lexicon_terms())["pattern"].unique().implode())

    results: dict[str, object] = {}

    def step(name: str, fn):
        """``fn`` that also keeps its result for the next steps."""

        def run():
            results[name] = fn()
            return results[name]

        return run

    runs = {
        "baseline: str.extract_many (all forms)": lambda: texts.select(
            pl.col("text").str.extract_many(forms, leftmost=True)
        ),
        "baseline: str.extract_all (TOKEN)": lambda: texts.select(pl.col("text").str.extract_all(TOKEN)),
        "score_turn_topics": step("turn_topics", lambda: score_turn_topics(turns, articles, mentions)),
        "assign_article_topics": step("article_topics", lambda: assign_article_topics(results["turn_topics"], turns)),
        "article_relevance": step(
            "relevance", lambda: article_relevance(articles, turns, mentions, results["article_topics"])
        ),
        "article_terms": step("terms", lambda: article_terms(turns, articles)),
    }
    print(f"corpus: {articles.height} articles, {turns.height} turns, {mentions.height} mentions, {mb:.1f} MB")
    print(f"threads: {args.threads}; CPU seconds of this process; warm = best of {REPEATS}")
    print(f"{'step':40} {'cold s':>7} {'MB/s':>7} {'warm s':>7} {'MB/s':>7}")
    total_cold = total_warm = 0.0
    for name, fn in runs.items():
        cold, warm, _ = timed(fn)
        if not name.startswith("baseline"):
            total_cold, total_warm = total_cold + cold, total_warm + warm
        print(f"{name:40} {cold:7.3f} {mb / cold:7.1f} {warm:7.3f} {mb / warm:7.1f}")
    four = "the four topic functions"
    print(f"{four:40} {total_cold:7.3f} {mb / total_cold:7.1f} {total_warm:7.3f} {mb / total_warm:7.1f}")
    rate = mb / total_warm
    print(f"target {TARGET_MB_PER_S:.0f} MB/s (warm, one core): {'OK' if rate >= TARGET_MB_PER_S else 'BELOW TARGET'}")


if __name__ == "__main__":
    main()
