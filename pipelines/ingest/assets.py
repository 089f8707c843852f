"""Ingest assets: the raw folder, scanned against the manifest, parsed into new and changed articles."""

from datetime import UTC, datetime

import dagster as dg
import polars as pl

from pipelines.ingest.scan import plan_ingest, source_files_frame
from pipelines.ingest.stage import parse_into_parts
from pipelines.parts import staging_dir
from pipelines.reports.html import warm_up as start_chart_renderer
from pipelines.reports.preview import markdown_preview
from pipelines.resources import JkcConfig
from pipelines.warehouse import read_state


@dg.multi_asset(
    outs={
        "articles": dg.AssetOut(
            description="New and changed articles parsed from the raw folder (header, dateline, language).",
            kinds={"polars", "parquet"},
        ),
        "source_files": dg.AssetOut(
            description="Every raw file with its fingerprint and what this scan found (new, changed, ...).",
            kinds={"polars"},
        ),
    },
    group_name="ingest",
)
def raw_articles(context: dg.AssetExecutionContext, jkc: JkcConfig):
    """Scan the raw folder, read only new or changed files, decode, normalise and parse them."""
    state = read_state(jkc.warehouse_path)
    plan = plan_ingest(
        jkc.raw_path, state.manifest, max_file_bytes=jkc.max_file_bytes, settle_seconds=jkc.settle_seconds
    )
    for path in plan.skipped:
        context.log.warning(f"not read: {path} is a symlink leading outside the raw folder, or not a regular file")
    articles_parts, rows = parse_into_parts(
        jkc.raw_path,
        plan.to_read,
        datetime.now(UTC),
        staging_dir(jkc.warehouse_path, context.run.run_id) / "articles",
    )
    start_chart_renderer()  # in a background thread, ready when the report draws
    source_files = source_files_frame([plan.decided, *rows], state.generation)
    changes = dict(source_files.group_by("change").len().sort("change").iter_rows())
    rejected = source_files.filter(pl.col("reason").is_not_null() & pl.col("change").is_in(["new", "changed"]))
    for row in rejected.iter_rows(named=True):
        context.log.warning(f"rejected {row['path']}: {row['reason']} ({row['detail']})")
    context.log.info(
        f"files: {changes}; {articles_parts.n_rows} new or changed articles in {len(articles_parts)} parts"
    )
    preview = articles_parts.head(10).select("article_id", "published_date", "lang", "outlet", "title")
    yield dg.Output(
        articles_parts,
        output_name="articles",
        metadata={
            "row_count": articles_parts.n_rows,
            "parts": len(articles_parts),
            "preview": dg.MetadataValue.md(markdown_preview(preview)),
        },
    )
    yield dg.Output(
        source_files,
        output_name="source_files",
        metadata={
            "row_count": source_files.height,
            "changes": dg.MetadataValue.json(changes),
            "rejected": dg.MetadataValue.md(markdown_preview(rejected.select("path", "reason", "detail"))),
            "not_read": dg.MetadataValue.json(plan.skipped),
        },
    )
