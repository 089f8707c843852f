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
from pipelines.parts import Parts, even_chunks, pool_map, staging_dir
from pipelines.reports.preview import markdown_preview
from pipelines.resources import JkcConfig
from pipelines.settings import BATCH_ARTICLES
from pipelines.warehouse import read_state


def parse_batch(root: Path, batch: list, ingested_at: datetime) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Read and parse one batch of files (runs in a worker process)."""
    rows, parsed = read_and_parse(root, batch)
    return rows, articles_frame(parsed, ingested_at)


def parse_part(root: Path, batch: list, ingested_at: datetime, path: str) -> tuple[pl.DataFrame, list[str]]:
    """Parse one batch and write its articles to ``path`` (in a worker process); return its rows and article ids.

    Only the rows and the ids travel back to the run's process: sending the articles (~15 MB a part) and writing
    them there cost that process ~0.09 s of CPU a part.
    """
    rows, articles = parse_batch(root, batch, ingested_at)
    _write_articles(articles, path)
    return rows, articles["article_id"].to_list()


def parse_into_parts(
    root: Path, to_read: list, ingested_at: datetime, directory: Path
) -> tuple[Parts, list[pl.DataFrame]]:
    """Parse the files ``to_read`` into article parts in ``directory``; return the parts and the files' rows.

    One part for a small load (no worker start-up); otherwise parts of at most BATCH_ARTICLES, as many for each
    worker. An article whose copy is in an earlier part is removed from its part (it is one article).
    """
    n = len(to_read)
    chunks = even_chunks(n, BATCH_ARTICLES) if n > BATCH_ARTICLES else [range(n)]
    directory.mkdir(parents=True, exist_ok=True)
    paths = [str(directory / f"part-{k:05d}.parquet") for k in range(len(chunks))]
    jobs = [(root, to_read[c.start : c.stop], ingested_at, path) for c, path in zip(chunks, paths, strict=True)]
    rows: list[pl.DataFrame] = []
    seen: set[str] = set()
    n_articles = 0
    for path, (batch_rows, ids) in zip(paths, pool_map(parse_part, jobs), strict=True):
        rows.append(batch_rows)
        if copies := seen.intersection(ids):  # rare: rewrite the part without them
            _write_articles(pl.read_parquet(path).filter(~pl.col("article_id").is_in(list(copies))), path)
        seen.update(ids)
        n_articles += len(ids) - len(copies)
    return Parts(tuple(paths), ARTICLES_SCHEMA, n_articles), rows


def _write_articles(articles: pl.DataFrame, path: str) -> None:
    articles.write_parquet(path, compression="lz4")  # as parts.PartsWriter writes a part


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
