"""Validation and load assets: every frame passes its suite, then the whole batch is committed at once."""

import dagster as dg
import polars as pl

from pipelines.load.suites import PART_SUITES, WHOLE_SUITES, run_suites
from pipelines.parts import Parts, remove_staging, shutdown_pool
from pipelines.reports.preview import markdown_preview
from pipelines.resources import JkcConfig
from pipelines.validation import require_success
from pipelines.warehouse import LoadBatch, commit_load, read_state


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
