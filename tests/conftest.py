"""Shared fixtures: a tmp_path warehouse loaded in-process with the same job the UI runs."""

import hashlib
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.resources import JkcConfig
from pipelines.settings import SAMPLE_CORPUS_DIR

# The load's own log: one row per load by design, so two loads of the same data differ there.
BOOKKEEPING_TABLES = {"load_runs", "validation_results"}


def run_load(config: JkcConfig, with_report: bool = False):
    """Materialise the code location's assets and checks in-process (ephemeral instance) on ``config``.

    The HTML report is left out unless asked for: its own tests cover it, and it adds seconds to every load.
    """
    import dagster as dg

    from pipelines.definitions import asset_checks, assets

    selection = (
        dg.AssetSelection.all()
        if with_report
        else dg.AssetSelection.all() - dg.AssetSelection.assets("coverage_report")
    )
    return dg.materialize(
        [*assets, *asset_checks],
        resources={"jkc": config},
        selection=selection,
        raise_on_error=False,
    )


def make_config(raw: Path, warehouse: Path, **overrides) -> JkcConfig:
    return JkcConfig(raw_dir=str(raw), warehouse=str(warehouse), **({"settle_seconds": 0} | overrides))


def warehouse_tables(path: Path, ignore_columns: frozenset[str] = frozenset()) -> dict[str, pl.DataFrame]:
    """Every data table of the warehouse (bookkeeping tables left out) sorted by all columns."""
    with duckdb.connect(str(path), read_only=True) as con:
        names = [r[0] for r in con.execute("select table_name from duckdb_tables() order by 1").fetchall()]
        frames = {}
        for name in names:
            if name in BOOKKEEPING_TABLES:
                continue
            frame = con.sql(f'select * from "{name}"').pl()
            frame = frame.drop([c for c in frame.columns if c in ignore_columns])
            sortable = [c for c, t in frame.schema.items() if not isinstance(t, pl.List)]
            frames[name] = frame.sort(sortable) if sortable else frame
        return frames


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def sample_raw(tmp_path: Path) -> Path:
    """A private copy of the bundled sample corpus (tests may add, change and delete files in it)."""
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE_CORPUS_DIR, raw)
    return raw


@pytest.fixture
def warehouse_path(tmp_path: Path) -> Path:
    return tmp_path / "warehouse" / "jkc.duckdb"


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory) -> Path:
    """A warehouse built once per session from the bundled sample corpus (read-only for tests)."""
    path = tmp_path_factory.mktemp("sample_warehouse") / "jkc.duckdb"
    result = run_load(make_config(SAMPLE_CORPUS_DIR, path))
    assert result.success, "loading the sample corpus failed"
    return path
