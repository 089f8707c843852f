"""The validation of a load, Dagster-free: the part suites over the parts, chunk by chunk on the worker pool, and
the whole-frame suites once.

Kept out of :mod:`pipelines.load.assets` so that the worker processes, which import the module of the function they
run, do not import Dagster (~0.9 CPU s per worker).
"""

from collections.abc import Callable

import polars as pl

from pipelines.entities import entities_validation_frame, mentions_validation_frame
from pipelines.ingest.checks import articles_validation_frame, source_files_validation_frame
from pipelines.parts import Parts, even_chunks, pool_map
from pipelines.settings import VALIDATION_CHUNK_PARTS
from pipelines.topics.validation import (
    article_topics_validation_frame,
    topics_validation_frame,
    turn_topics_validation_frame,
)
from pipelines.turns.segment import turns_validation_frame
from pipelines.validation import suite_columns, validate_frame

# Suites over the rows of new articles, validated part by part. Builders take the frames of one part (and the
# whole-load frames source_files, entities, topics) by asset name.
PART_SUITES: dict[str, Callable[[dict[str, pl.DataFrame]], pl.DataFrame]] = {
    "articles": lambda f: articles_validation_frame(f["articles"], f["source_files"]),
    "turns": lambda f: turns_validation_frame(f["turns"], f["articles"]),
    "entity_mentions": lambda f: mentions_validation_frame(
        f["entity_mentions"], f["entities"], f["articles"], f["turns"]
    ),
    "turn_topics": lambda f: turn_topics_validation_frame(f["turn_topics"], f["turns"]),
    "article_topics": lambda f: article_topics_validation_frame(f["article_topics"], f["turn_topics"]),
}
# Suites over frames that are whole in every load.
WHOLE_SUITES: dict[str, Callable[[dict[str, pl.DataFrame]], pl.DataFrame]] = {
    "source_files": lambda f: source_files_validation_frame(f["source_files"], f["articles"]),
    "entities": lambda f: entities_validation_frame(f["entities"]),
    "topics": lambda f: topics_validation_frame(f["topics"]),
}


def validate_chunk(
    parts: dict[str, Parts], whole: dict[str, pl.DataFrame], indexes: list[int], run_id: str, with_whole: bool
) -> pl.DataFrame:
    """Every part suite over the parts ``indexes``, and the whole-frame suites if ``with_whole`` (runs in a worker
    process when there are several chunks).

    Validation frames are built part by part (their checks compare frames of the same articles), narrowed to the
    columns each suite reads, and validated together: one GX call per suite per chunk, not per part, because each
    call has a fixed cost of a few tenths of a second.
    """
    frames: dict[str, list[pl.DataFrame]] = {suite: [] for suite in PART_SUITES}
    for index in indexes:
        part = {name: p.read(index) for name, p in parts.items()} | whole
        for suite, build in PART_SUITES.items():
            frame = build(part)
            frames[suite].append(frame.select([c for c in suite_columns(suite) if c in frame.columns]))
    results = [
        validate_frame(suite, pl.concat(chunk, how="vertical_relaxed"), run_id) for suite, chunk in frames.items()
    ]
    if with_whole:
        articles_ids = pl.read_parquet(list(parts["articles"].paths), columns=["article_id"])  # ids, not bodies
        whole_frames = whole | {"articles": articles_ids}
        results += [validate_frame(suite, build(whole_frames), run_id) for suite, build in WHOLE_SUITES.items()]
    return pl.concat(results)


def run_suites(parts: dict[str, Parts], whole: dict[str, pl.DataFrame], run_id: str) -> pl.DataFrame:
    """Validate every part and every whole frame of the load; one row per expectation."""
    chunks = even_chunks(len(parts["articles"]), VALIDATION_CHUNK_PARTS)
    results = list(
        pool_map(validate_chunk, [(parts, whole, list(chunk), run_id, k == 0) for k, chunk in enumerate(chunks)])
    )
    keys = ["run_id", "suite", "expectation", "column_name", "kwargs"]
    return (
        pl.concat(results)
        .group_by(keys, maintain_order=True)
        .agg(
            pl.col("success").all(),
            pl.col("n_rows").sum(),
            pl.col("unexpected_count").sum(),
            pl.col("unexpected_sample").filter(pl.col("unexpected_sample") != "[]").first().fill_null("[]"),
            pl.col("validated_at").max(),
        )
    )
