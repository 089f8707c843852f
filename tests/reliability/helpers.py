"""Helpers of the reliability tests: in-process loads, table snapshots, whole-tree digests, read probes."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import duckdb
import polars as pl

from pipelines.resources import JkcConfig
from tests.conftest import make_config
from tests.conftest import run_load as shared_run_load
from tests.conftest import warehouse_tables as shared_warehouse_tables

# Columns that record when a load ran (wall-clock times) and so differ between two loads of the same folder by
# design; every other value must be identical (the bookkeeping tables load_runs and validation_results, one row
# per run, are left out by tests.conftest.warehouse_tables).
BOOKKEEPING_COLUMNS = frozenset({"first_seen", "last_seen", "ingested_at"})
# Modification time given to corpus files so that they are settled (older than any settle window).
SETTLED_AGE_SECONDS = 3600


def config(raw: Path, warehouse: Path, **overrides) -> JkcConfig:
    return make_config(raw, warehouse, **overrides)


def run_load(raw: Path, warehouse: Path, **overrides):
    """Materialise every asset but the HTML report in-process, as the shared test loader does."""
    return shared_run_load(make_config(raw, warehouse, **overrides))


def query(warehouse: Path, sql: str, params: list | None = None) -> pl.DataFrame:
    """One query on a fresh read-only connection, closed before returning (so no load sees a cached instance)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.sql(sql, params=params).pl()


def warehouse_tables(warehouse: Path) -> dict[str, pl.DataFrame]:
    """Every table except bookkeeping, without bookkeeping columns, sorted by all sortable columns."""
    return shared_warehouse_tables(warehouse, ignore_columns=BOOKKEEPING_COLUMNS)


def settle(path: Path, age: float = SETTLED_AGE_SECONDS) -> None:
    """Give ``path`` (not a symlink's target) an old modification time."""
    when = os.stat(path, follow_symlinks=False).st_mtime - age
    os.utime(path, (when, when), follow_symlinks=False)


def tree_digest(root: Path) -> dict[str, tuple]:
    """Everything observable about a folder tree without following links: type, mode, size, mtime, content."""
    digest = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                content = os.readlink(path)
            elif stat.S_ISREG(st.st_mode) and st.st_size < 2**20:
                content = hashlib.sha256(path.read_bytes()).hexdigest()
            else:  # directories, sparse giants and FIFOs: metadata only (reading would be the bug we test)
                content = None
            digest[path.relative_to(root).as_posix()] = (st.st_mode, st.st_size, st.st_mtime_ns, content)
    return digest


def arm_atime(path: Path) -> int:
    """Set the access time of ``path`` before its mtime, so that any read by any process moves it (relatime)."""
    st = os.stat(path)
    os.utime(path, ns=(st.st_mtime_ns - 10**12, st.st_mtime_ns))
    return os.stat(path).st_atime_ns


def was_read(path: Path, armed_atime: int) -> bool:
    return os.stat(path).st_atime_ns != armed_atime
