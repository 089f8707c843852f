"""CPU cost of each stage on one part, the unit every worker processes, and a check that outputs are unchanged.

Run on demand: ``.venv/bin/python benchmarks/bench_stages.py [--corpus DIR] [--threads 1] [--save DIR | --compare
DIR]``. Without ``--corpus`` a corpus of ``settings.BATCH_ARTICLES`` articles is generated into a temp folder
(``generate_corpus.py``, the same articles every time). Each stage runs the function its asset maps over the parts
(``parse_batch``, ``linked_turns``, ``mentions_and_candidates``, ``topics_of_part``, then the validation frames
and one GX call per suite, as ``validate_chunk``), once cold (what a fresh worker pays: lexicons, automata,
lemmas) and then REPEATS times; the table shows CPU seconds of this process (with ``--threads 1``, the time on one
core; the machine may be shared) and MB/s of raw text. ``--save`` writes every output frame as Parquet;
``--compare`` checks them against a saved run (``polars.testing.assert_frame_equal``), so a speed change can show
that it changed nothing else.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from microbench import REPEATS, setup_threads, timed

setup_threads()

import polars as pl  # noqa: E402
from polars.testing import assert_frame_equal  # noqa: E402

from pipelines.entities.gazetteer import load_gazetteer  # noqa: E402
from pipelines.entities.stage import mentions_and_candidates  # noqa: E402
from pipelines.ingest.scan import MANIFEST_SCHEMA, plan_ingest  # noqa: E402
from pipelines.ingest.stage import parse_batch  # noqa: E402
from pipelines.load.suites import PART_SUITES, WHOLE_SUITES  # noqa: E402
from pipelines.settings import BATCH_ARTICLES  # noqa: E402
from pipelines.topics.lexicon import topics_frame  # noqa: E402
from pipelines.topics.stage import topics_of_part  # noqa: E402
from pipelines.turns.stage import linked_turns  # noqa: E402
from pipelines.validation import suite_columns, validate_frame  # noqa: E402

INGESTED_AT = datetime(2026, 1, 1, tzinfo=UTC)  # fixed, so saved outputs compare equal


def corpus_folder(corpus: Path | None, workdir: Path) -> Path:
    if corpus is not None:
        return corpus
    from generate_corpus import generate

    out = workdir / "corpus"
    generate(out, BATCH_ARTICLES, workers=1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="a raw folder (default: a generated part)")
    parser.add_argument("--threads", type=int, default=1, help="POLARS_MAX_THREADS (default 1)")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--save", type=Path, help="write every output frame as Parquet into this folder")
    group.add_argument("--compare", type=Path, help="compare every output frame with those saved in this folder")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        root = corpus_folder(args.corpus, Path(tmp))
        plan = plan_ingest(root, MANIFEST_SCHEMA.to_frame(), max_file_bytes=10 * 2**20, settle_seconds=0)
        megabytes = sum(raw.size for raw, _, _ in plan.to_read) / 1e6
        entities = load_gazetteer()
        rows: list[tuple[str, float, float]] = []
        outputs: dict[str, pl.DataFrame] = {}

        def stage(name: str, fn):
            cold, warm, result = timed(fn)
            rows.append((name, cold, warm))
            return result

        source_rows, articles = stage("ingest: parse_batch", lambda: parse_batch(root, plan.to_read, INGESTED_AT))
        turns = stage("turns: linked_turns", lambda: linked_turns(articles, entities))
        entity_out = stage(
            "entities: mentions_and_candidates", lambda: mentions_and_candidates(turns, articles, entities)
        )
        mentions = entity_out["entity_mentions"]
        topic_out = stage("topics: topics_of_part", lambda: topics_of_part(turns, articles, mentions))
        # mtime_ns: the generated corpus is written anew in every run
        frames = {
            "source_rows": source_rows.drop("mtime_ns"),
            "articles": articles,
            "turns": turns,
            **entity_out,
            **topic_out,
        }
        part = frames | {"source_files": source_rows, "entities": entities, "topics": topics_frame()}
        validation_frames = stage(
            "validation: frames", lambda: {suite: build(part) for suite, build in PART_SUITES.items()}
        )
        for suite, frame in validation_frames.items():
            narrowed = frame.select([c for c in suite_columns(suite) if c in frame.columns])
            results = stage(f"validation: GX {suite}", lambda s=suite, f=narrowed: validate_frame(s, f))
            if not results["success"].all():
                sys.exit(f"suite {suite} failed on this corpus")
        all_frames = validation_frames | {suite: build(part) for suite, build in WHOLE_SUITES.items()}
        outputs = frames | {  # what GX sees of each validation frame
            f"validation_{suite}": frame.select([c for c in suite_columns(suite) if c in frame.columns])
            for suite, frame in all_frames.items()
        }

    print(f"part: {articles.height} articles, {turns.height} turns, {megabytes:.1f} MB of raw text")
    print(f"threads: {args.threads}; CPU seconds of this process; warm = best of {REPEATS}")
    print(f"{'stage':<40}{'cold s':>9}{'warm s':>9}{'MB/s':>8}")
    for name, cold, warm in rows:
        print(f"{name:<40}{cold:>9.3f}{warm:>9.3f}{megabytes / warm:>8.1f}")
    print(f"{'all stages':<40}{sum(r[1] for r in rows):>9.3f}{sum(r[2] for r in rows):>9.3f}")

    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for name, frame in outputs.items():
            frame.write_parquet(args.save / f"{name}.parquet")
        print(f"saved {len(outputs)} frames in {args.save}")
    if args.compare:
        for name, frame in outputs.items():
            assert_frame_equal(frame, pl.read_parquet(args.compare / f"{name}.parquet"), check_row_order=True)
        print(f"all {len(outputs)} frames equal those in {args.compare}")


if __name__ == "__main__":
    main()
