"""Ingest assets: the raw folder, scanned against the manifest, parsed into new and changed articles."""

from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import polars as pl

from pipelines.ingest.scan import (
    ARTICLES_SCHEMA,
    articles_frame,
    plan_ingest,
    read_and_parse,
    source_files_frame,
)
from pipelines.parts import PartsWriter, even_chunks, pool_map, staging_dir
from pipelines.reports.preview import markdown_preview
from pipelines.resources import JkcConfig
from pipelines.settings import BATCH_ARTICLES
from pipelines.warehouse import read_state


def parse_batch(root: Path, batch: list, ingested_at: datetime) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Read and parse one batch of files (runs in a worker process)."""
    rows, parsed = read_and_parse(root, batch)
    return rows, articles_frame(parsed, ingested_at)


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
    now = datetime.now(UTC)
    # One part for a small load (no worker start-up); otherwise parts of at most BATCH_ARTICLES, as many for
    # each worker.
    n = len(plan.to_read)
    chunks = even_chunks(n, BATCH_ARTICLES) if n > BATCH_ARTICLES else [range(n)]
    batches = [plan.to_read[chunk.start : chunk.stop] for chunk in chunks]
    writer = PartsWriter(staging_dir(jkc.warehouse_path, context.run.run_id), "articles", ARTICLES_SCHEMA)
    rows = [plan.decided]
    seen: set[str] = set()
    for batch_rows, articles in pool_map(parse_batch, [(jkc.raw_path, b, now) for b in batches]):
        rows.append(batch_rows)
        ids = articles["article_id"].to_list()
        if copies := seen.intersection(ids):  # copies across batches: one article
            articles = articles.filter(~pl.col("article_id").is_in(list(copies)))
        seen.update(ids)
        writer.write(articles)
    if not writer.paths:
        writer.write(ARTICLES_SCHEMA.to_frame())
    articles_parts = writer.parts()
    source_files = source_files_frame(rows, state.generation)
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
