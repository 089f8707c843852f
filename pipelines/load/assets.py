"""Validation and load assets: every frame passes its suite, then the whole batch is committed at once."""

import dagster as dg
import polars as pl

from pipelines.ingest.checks import articles_validation_frame, source_files_validation_frame
from pipelines.reports.preview import markdown_preview
from pipelines.resources import JkcConfig
from pipelines.validation import require_success, validate_frame
from pipelines.warehouse import LoadBatch, commit_load, read_state

# suite -> builder of its validation frame from the batch's frames (keyed by asset name)
SUITES = {
    "articles": lambda f: articles_validation_frame(f["articles"], f["source_files"]),
    "source_files": lambda f: source_files_validation_frame(f["source_files"], f["articles"]),
}
WAREHOUSE_POOL = "jkc_warehouse"


def run_suites(frames: dict[str, pl.DataFrame], run_id: str) -> pl.DataFrame:
    """Validate every frame of the batch against its suite; one row per expectation."""
    return pl.concat([validate_frame(suite, build(frames), run_id) for suite, build in SUITES.items()])


@dg.asset(group_name="load", kinds={"great_expectations", "polars"})
def validation_results(context: dg.AssetExecutionContext, articles: pl.DataFrame, source_files: pl.DataFrame):
    """Great Expectations results of every frame of this run (the checks below block the load on failure)."""
    results = run_suites({"articles": articles, "source_files": source_files}, context.run.run_id)
    failed = results.filter(~pl.col("success"))
    return dg.Output(
        results,
        metadata={
            "row_count": results.height,
            "failed": failed.height,
            "failures": dg.MetadataValue.md(
                markdown_preview(
                    failed.select("suite", "expectation", "column_name", "unexpected_count", "unexpected_sample")
                )
            ),
        },
    )


def _suite_check(suite: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=validation_results,
        name=f"{suite}_suite",
        blocking=True,
        description=f"Every expectation of expectations/{suite}.json passes.",
    )
    def check(results: pl.DataFrame) -> dg.AssetCheckResult:
        mine = results.filter(pl.col("suite") == suite)
        failed = mine.filter(~pl.col("success"))
        return dg.AssetCheckResult(
            passed=failed.height == 0,
            metadata={
                "expectations": mine.height,
                "failed": failed.height,
                "results": dg.MetadataValue.md(
                    markdown_preview(
                        mine.select("expectation", "column_name", "success", "unexpected_count", "unexpected_sample"),
                        rows=50,
                    )
                ),
            },
        )

    return check


suite_checks = [_suite_check(suite) for suite in SUITES]


@dg.asset(group_name="load", kinds={"duckdb"}, pool=WAREHOUSE_POOL)
def warehouse(
    context: dg.AssetExecutionContext,
    jkc: JkcConfig,
    articles: pl.DataFrame,
    source_files: pl.DataFrame,
    validation_results: pl.DataFrame,
) -> dg.MaterializeResult:
    """Commit the batch to the DuckDB warehouse in one transaction (copy, load, atomic swap)."""
    require_success(validation_results)
    path = jkc.warehouse_path
    generation = source_files["scan_generation"][0] if source_files.height else read_state(path).generation
    summary = commit_load(
        path,
        LoadBatch(
            run_id=context.run.run_id,
            started_at=articles["ingested_at"][0] if articles.height else _now(),
            raw_dir=str(jkc.raw_path),
            source_files=source_files.drop("scan_generation"),
            article_tables={"articles": articles},
            validation_results=validation_results,
            expected_generation=generation,
        ),
    )
    return dg.MaterializeResult(
        metadata={
            "path": str(path),
            "files": dg.MetadataValue.json(summary.counts),
            "table_rows": dg.MetadataValue.json(summary.table_rows),
        }
    )


def _now():
    from datetime import UTC, datetime

    return datetime.now(UTC)
