"""What the microbenchmarks of the pure stages share: the polars thread count and a corpus of repeated samples.

Import this module, and call :func:`setup_threads`, before polars is imported: POLARS_MAX_THREADS is read once.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REPEATS = 3


def setup_threads() -> None:
    """POLARS_MAX_THREADS from ``--threads`` (default 1, so CPU time is the time on one core); the project on the
    import path."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--threads", type=int, default=1)
    known, _ = parser.parse_known_args()
    os.environ["POLARS_MAX_THREADS"] = str(known.threads)
    sys.path.insert(0, str(PROJECT_ROOT))


def repeated_samples(megabytes: float) -> list:
    """The sample articles (``ParsedArticle``) repeated up to ``megabytes`` MB of titles and bodies, each copy with
    its own id and a numbered copy of its last paragraph appended."""
    from pipelines.ingest.parse import ParsedArticle, parse_bytes
    from pipelines.settings import SAMPLE_CORPUS_DIR

    samples = [parse_bytes(path.read_bytes()) for path in sorted(SAMPLE_CORPUS_DIR.glob("*.txt"))]
    samples = [p for p in samples if isinstance(p, ParsedArticle)]
    if not samples:
        sys.exit(f"no sample articles in {SAMPLE_CORPUS_DIR}")
    out, size = [], 0
    while size < megabytes * 1e6:
        article = samples[len(out) % len(samples)]
        body = f"{article.body}\n{len(out)} — {article.body.splitlines()[-1]}"
        out.append(ParsedArticle(**(vars(article) | {"article_id": f"{len(out):016x}", "body": body})))
        size += len(article.title.encode()) + len(body.encode())
    return out


def timed(fn) -> tuple[float, float, object]:
    """(cold CPU seconds, best of REPEATS warm CPU seconds, result): cold is what a fresh worker pays (per-process
    caches: lexicons, automata, lemmas)."""
    start = time.process_time()
    result = fn()
    cold = time.process_time() - start
    best = float("inf")
    for _ in range(REPEATS):
        start = time.process_time()
        result = fn()
        best = min(best, time.process_time() - start)
    return cold, best, result
