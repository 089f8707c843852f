"""Frames stored as Parquet parts, one per batch of articles, processed part by part on every core.

A load never holds a whole corpus in memory: ingest writes the new articles in batches of
``settings.BATCH_ARTICLES``; every later stage maps a pure frame function over the parts (part *k* of every asset
holds the same articles) and writes its own parts; the loader inserts the parts straight from Parquet. Assets pass
:class:`Parts` handles, not frames, so Dagster's IO manager stores a few bytes per asset.
"""

from __future__ import annotations

import math
import multiprocessing
import shutil
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl

from pipelines.settings import STAGING_STALE_SECONDS, WORKERS


@dataclass(frozen=True)
class Parts:
    """A frame as an ordered list of Parquet files with one schema."""

    paths: tuple[str, ...]
    schema: pl.Schema
    n_rows: int

    def __len__(self) -> int:
        return len(self.paths)

    def read(self, index: int) -> pl.DataFrame:
        return pl.read_parquet(self.paths[index], schema=self.schema)

    def head(self, n: int) -> pl.DataFrame:
        return self.read(0).head(n) if self.paths else self.schema.to_frame()


def staging_dir(warehouse: Path, run_id: str) -> Path:
    """Where a run keeps its parts: beside the warehouse, removed once the run's load is committed."""
    return warehouse.parent / ".staging" / run_id


def remove_staging(warehouse: Path, run_id: str, stale_seconds: float = STAGING_STALE_SECONDS) -> None:
    """Remove the parts of run ``run_id`` and those of crashed runs (untouched for ``stale_seconds``).

    Another load may be running beside this one (it fails later with WarehouseChanged): its parts are fresh, so
    they are kept and it gets that clear error rather than a missing file.
    """
    root = warehouse.parent / ".staging"
    if not root.is_dir():
        return
    cutoff = time.time() - stale_seconds
    for child in root.iterdir():
        if child.name == run_id or _newest_mtime(child) < cutoff:
            shutil.rmtree(child, ignore_errors=True)


def _newest_mtime(directory: Path) -> float:
    """The newest mtime of ``directory`` and its subfolders (a stage adds its parts in a subfolder)."""
    try:
        return max([directory.stat().st_mtime] + [p.stat().st_mtime for p in directory.iterdir() if p.is_dir()])
    except OSError:
        return time.time()  # vanishing under us: another run's cleanup; leave it


def write_part(frame: pl.DataFrame, path: str | Path, schema: pl.Schema) -> int:
    """Write the columns of ``schema`` of ``frame``, cast to it, as the Parquet part ``path``; return its rows."""
    frame = frame.select(list(schema)).cast(schema)
    frame.write_parquet(path, compression="lz4")
    return frame.height


@cache
def _pool() -> ProcessPoolExecutor:
    # spawn, not fork: the parent runs Dagster's threads. One pool per process, reused by every stage.
    return ProcessPoolExecutor(max_workers=WORKERS, mp_context=multiprocessing.get_context("spawn"))


def even_chunks(n: int, max_size: int, workers: int = WORKERS) -> list[range]:
    """``range(n)`` cut into chunks of at most ``max_size``, as even as possible, their number a multiple of
    ``workers`` (so no worker idles in the last round) unless there are fewer items than workers."""
    n_chunks = min(n, workers * math.ceil(n / (workers * max_size)))
    bounds = [round(k * n / n_chunks) for k in range(n_chunks + 1)] if n_chunks else [0]
    return [range(bounds[k], bounds[k + 1]) for k in range(n_chunks)]


def shutdown_pool() -> None:
    """Stop the worker processes (the next :func:`pool_map` starts new ones): frees their memory for the
    stages that run in this process only (the warehouse commit, the report)."""
    if _pool.cache_info().currsize:
        _pool().shutdown()
        _pool.cache_clear()


def pool_map(func: Callable, arguments: list[tuple]) -> Iterable:
    """``func(*args)`` for each ``args``, in order: in the worker pool when there is more than one call."""
    if len(arguments) <= 1 or WORKERS <= 1:
        return (func(*args) for args in arguments)
    return (job.result() for job in [_pool().submit(func, *args) for args in arguments])


def _run_part(
    func: Callable, inputs: tuple[Parts, ...], constants: tuple, index: int, targets: dict[str, tuple[str, pl.Schema]]
):
    """Compute part ``index`` and write each output to its target path; return the row counts."""
    out = func(*(p.read(index) for p in inputs), *constants)
    frames = out if isinstance(out, dict) else {next(iter(targets)): out}
    return {name: write_part(frames[name], path, schema) for name, (path, schema) in targets.items()}


def map_parts(
    func: Callable[..., pl.DataFrame | dict[str, pl.DataFrame]],
    directory: Path,
    outputs: dict[str, pl.Schema],
    *inputs: Parts,
    constants: tuple = (),
) -> dict[str, Parts]:
    """Apply ``func(part k of each input..., *constants)`` for every *k*; return the outputs' parts by name.

    ``func`` returns a frame (one output) or a dict of frames keyed like ``outputs``. With more than one part the
    parts are processed in a pool of ``settings.WORKERS`` processes that write their outputs themselves (``func``
    must be a module-level function).
    """
    n_parts = len(inputs[0])
    if any(len(p) != n_parts for p in inputs):
        raise ValueError("inputs of one stage must have the same number of parts")
    for name in outputs:
        (directory / name).mkdir(parents=True, exist_ok=True)
    targets = [
        {name: (str(directory / name / f"part-{k:05d}.parquet"), schema) for name, schema in outputs.items()}
        for k in range(n_parts)
    ]
    counts = list(pool_map(_run_part, [(func, inputs, constants, k, targets[k]) for k in range(n_parts)]))
    return {
        name: Parts(tuple(targets[k][name][0] for k in range(n_parts)), schema, sum(c[name] for c in counts))
        for name, schema in outputs.items()
    }
