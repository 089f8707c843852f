"""The ingest stage's work on the parsed files, Dagster-free: the worker processes import this module (importing
Dagster would cost each of them ~0.9 s of CPU)."""

from datetime import datetime
from pathlib import Path

import polars as pl

from pipelines.ingest.scan import ARTICLES_SCHEMA, articles_frame, read_and_parse
from pipelines.parts import Parts, even_chunks, pool_map, write_part
from pipelines.settings import BATCH_ARTICLES


def parse_batch(root: Path, batch: list, ingested_at: datetime) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Read and parse one batch of files: their source rows and their articles."""
    rows, parsed = read_and_parse(root, batch)
    return rows, articles_frame(parsed, ingested_at)


def parse_part(root: Path, batch: list, ingested_at: datetime, path: str) -> tuple[pl.DataFrame, list[str]]:
    """Parse one batch and write its articles to ``path`` (in a worker process); return its rows and article ids.

    Only the rows and the ids travel back to the run's process: sending the articles (~15 MB a part) and writing
    them there cost that process ~0.09 s of CPU a part.
    """
    rows, articles = parse_batch(root, batch, ingested_at)
    write_part(articles, path, ARTICLES_SCHEMA)
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
            write_part(pl.read_parquet(path).filter(~pl.col("article_id").is_in(list(copies))), path, ARTICLES_SCHEMA)
        seen.update(ids)
        n_articles += len(ids) - len(copies)
    return Parts(tuple(paths), ARTICLES_SCHEMA, n_articles), rows
