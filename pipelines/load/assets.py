"""Validation and load assets: every frame passes its suite, then the whole batch is committed at once."""

from collections.abc import Callable

import dagster as dg
import polars as pl

from pipelines.entities import entities_validation_frame, mentions_validation_frame
from pipelines.ingest.checks import articles_validation_frame, source_files_validation_frame
from pipelines.parts import Parts, even_chunks, pool_map, remove_staging, shutdown_pool
from pipelines.reports.preview import markdown_preview
from pipelines.resources import JkcConfig
from pipelines.settings import VALIDATION_CHUNK_PARTS
from pipelines.topics.validation import (
    article_topics_validation_frame,
    topics_validation_frame,
    turn_topics_validation_frame,
)
from pipelines.turns.segment import turns_validation_frame
from pipelines.validation import require_success, suite_columns, validate_frame
from pipelines.warehouse import LoadBatch, commit_load, read_state

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


@dg.asset(group_name="load", kinds={"great_expectations"})
def validation_results(
    context: dg.AssetExecutionContext,
    articles: Parts,
    source_files: pl.DataFrame,
    turns: Parts,
    entities: pl.DataFrame,
    entity_mentions: Parts,
    topics: pl.DataFrame,
    turn_topics: Parts,
    article_topics: Parts,
) -> dg.Output:
    """Great Expectations results of every frame of this load (the checks below block the load on failure)."""
    parts = {
        "articles": articles,
        "turns": turns,
        "entity_mentions": entity_mentions,
        "turn_topics": turn_topics,
        "article_topics": article_topics,
    }
    whole = {"source_files": source_files, "entities": entities, "topics": topics}
    # Fresh workers: those of the earlier stages keep the memory their allocators grew to (~0.6 GB each at 100k),
    # and GX adds its own. The pool is stopped after validation, the last stage with workers.
    shutdown_pool()
    results = run_suites(parts, whole, context.run.run_id)
    shutdown_pool()
    failed = results.filter(~pl.col("success"))
    columns = ["suite", "expectation", "column_name", "unexpected_count", "unexpected_sample"]
    return dg.Output(
        results,
        metadata={
            "expectations": results.height,
            "failed": failed.height,
            "failures": dg.MetadataValue.md(markdown_preview(failed.select(columns))),
        },
    )


def _suite_check(suite: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=validation_results,
        name=f"{suite}_suite",
        blocking=True,
        description=f"Every expectation of expectations/{suite}.json passes.",
    )
    def check(validation_results: pl.DataFrame) -> dg.AssetCheckResult:
        mine = validation_results.filter(pl.col("suite") == suite)
        failed = mine.filter(~pl.col("success"))
        columns = ["expectation", "column_name", "success", "unexpected_count", "unexpected_sample"]
        return dg.AssetCheckResult(
            passed=mine.height > 0 and failed.height == 0,
            metadata={
                "expectations": mine.height,
                "failed": failed.height,
                "results": dg.MetadataValue.md(markdown_preview(mine.select(columns), rows=50)),
            },
        )

    return check


suite_checks = [_suite_check(suite) for suite in (*PART_SUITES, *WHOLE_SUITES)]


@dg.asset(group_name="load", kinds={"duckdb"})
def warehouse(
    context: dg.AssetExecutionContext,
    jkc: JkcConfig,
    articles: Parts,
    source_files: pl.DataFrame,
    turns: Parts,
    entities: pl.DataFrame,
    entity_mentions: Parts,
    candidate_mentions: Parts,
    topics: pl.DataFrame,
    turn_topics: Parts,
    article_topics: Parts,
    article_relevance: Parts,
    article_terms: Parts,
    validation_results: pl.DataFrame,
) -> dg.MaterializeResult:
    """Commit the whole load to the DuckDB warehouse in one transaction (copy, load, atomic swap)."""
    require_success(validation_results)
    path = jkc.warehouse_path
    generation = source_files["scan_generation"][0] if source_files.height else read_state(path).generation
    summary = commit_load(
        path,
        LoadBatch(
            run_id=context.run.run_id,
            raw_dir=str(jkc.raw_path),
            source_files=source_files.drop("scan_generation"),
            article_tables={
                "articles": articles,
                "turns": turns,
                "entity_mentions": entity_mentions,
                "candidate_mentions": candidate_mentions,
                "turn_topics": turn_topics,
                "article_topics": article_topics,
                "article_terms": article_terms,
            },
            article_columns={"articles": article_relevance},
            dimension_tables={"entities": entities, "topics": topics},
            validation_results=validation_results,
            expected_generation=generation,
        ),
    )
    remove_staging(path, context.run.run_id)
    return dg.MaterializeResult(
        metadata={
            "path": str(path),
            "files": dg.MetadataValue.json(summary.counts),
            "table_rows": dg.MetadataValue.json(summary.table_rows),
        }
    )
