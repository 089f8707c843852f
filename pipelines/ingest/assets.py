"""Ingest assets: the raw folder, scanned against the manifest, parsed into new and changed articles."""

import dagster as dg
import polars as pl

from pipelines.ingest.scan import ingest
from pipelines.reports.preview import markdown_preview
from pipelines.resources import JkcConfig
from pipelines.warehouse import read_state


@dg.multi_asset(
    outs={
        "articles": dg.AssetOut(
            description="New and changed articles parsed from the raw folder (header, dateline, language).",
            kinds={"polars"},
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
    result = ingest(
        jkc.raw_path,
        state.manifest,
        generation=state.generation,
        max_file_bytes=jkc.max_file_bytes,
        settle_seconds=jkc.settle_seconds,
    )
    for path in result.skipped:
        context.log.warning(f"not followed: {path} is a symlink that leads outside the raw folder")
    changes = result.source_files.group_by("change").len().sort("change")
    rejected = result.source_files.filter(pl.col("reason").is_not_null() & pl.col("change").is_in(["new", "changed"]))
    for row in rejected.iter_rows(named=True):
        context.log.warning(f"rejected {row['path']}: {row['reason']} ({row['detail']})")
    yield dg.Output(
        result.articles,
        output_name="articles",
        metadata={
            "row_count": result.articles.height,
            "by_language": dg.MetadataValue.json(dict(result.articles.group_by("lang").len().sort("lang").iter_rows())),
            "preview": dg.MetadataValue.md(
                markdown_preview(result.articles.select("article_id", "published_date", "lang", "outlet", "title"))
            ),
        },
    )
    yield dg.Output(
        result.source_files,
        output_name="source_files",
        metadata={
            "row_count": result.source_files.height,
            "changes": dg.MetadataValue.json(dict(changes.iter_rows())),
            "rejected": dg.MetadataValue.md(markdown_preview(rejected.select("path", "reason", "detail"))),
            "symlinks_not_followed": dg.MetadataValue.json(result.skipped),
        },
    )
