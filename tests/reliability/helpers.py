"""Helpers of the reliability tests: in-process loads, whole-tree digests, a spy on every file opened."""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.resources import JkcConfig

# Rows and columns that record the load itself (run ids, wall-clock times) and so differ between two loads of
# the same folder by design; every other value must be identical.
BOOKKEEPING_TABLES = frozenset({"load_runs", "validation_results"})
BOOKKEEPING_COLUMNS = frozenset({"first_seen", "last_seen", "ingested_at"})
# Modification time given to corpus files so that they are settled (older than any settle window).
SETTLED_AGE_SECONDS = 3600


def config(raw: Path, warehouse: Path, **overrides) -> JkcConfig:
    return JkcConfig(raw_dir=str(raw), warehouse=str(warehouse), **({"settle_seconds": 0} | overrides))


def run_load(raw: Path, warehouse: Path, **overrides):
    """Run the nightly_load job in-process, exactly as `jkc load` and the UI do; return the result."""
    from pipelines.definitions import defs

    return defs.resolve_job_def("nightly_load").execute_in_process(
        resources={"jkc": config(raw, warehouse, **overrides)}, raise_on_error=False
    )


def query(warehouse: Path, sql: str, params: list | None = None) -> pl.DataFrame:
    """One query on a fresh read-only connection, closed before returning (so no load sees a cached instance)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.sql(sql, params=params).pl()


def warehouse_tables(warehouse: Path) -> dict[str, pl.DataFrame]:
    """Every table except bookkeeping, without bookkeeping columns, sorted by all sortable columns."""
    frames = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        names = [r[0] for r in con.execute("select table_name from duckdb_tables() order by 1").fetchall()]
        for name in names:
            if name in BOOKKEEPING_TABLES:
                continue
            frame = con.sql(f'select * from "{name}"').pl()
            frame = frame.drop([c for c in frame.columns if c in BOOKKEEPING_COLUMNS])
            sortable = [c for c, t in frame.schema.items() if not isinstance(t, pl.List)]
            frames[name] = frame.sort(sortable) if sortable else frame
    return frames


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


class OpenSpy:
    """Records every path this process opens (audit hook ``open``) while active."""

    installed = False
    active: OpenSpy | None = None

    def __init__(self) -> None:
        self.paths: list[str] = []

    @classmethod
    def _hook(cls, event: str, args: tuple) -> None:
        if event == "open" and cls.active is not None and isinstance(args[0], str | bytes | os.PathLike):
            cls.active.paths.append(os.fsdecode(args[0]))

    def opened_below(self, folder: Path) -> list[str]:
        folder = folder.resolve()
        return [p for p in self.paths if Path(os.path.abspath(p)).is_relative_to(folder)]

    def opened(self, path: Path) -> bool:
        return any(os.path.abspath(p) == str(path.absolute()) for p in self.paths)


@pytest.fixture
def open_spy() -> Iterator[OpenSpy]:
    """Audit hooks cannot be removed: one is installed per session and switched on for the test."""
    if not OpenSpy.installed:
        sys.addaudithook(OpenSpy._hook)
        OpenSpy.installed = True
    spy = OpenSpy()
    OpenSpy.active = spy
    try:
        yield spy
    finally:
        OpenSpy.active = None
