"""Staging parts: a load removes its own parts and crashed runs' leftovers, never a live run's parts."""

import os
import time
from pathlib import Path

from pipelines.parts import remove_staging, staging_dir


def _run_dir(warehouse: Path, run_id: str, age_seconds: float) -> Path:
    directory = staging_dir(warehouse, run_id) / "articles"
    directory.mkdir(parents=True)
    (directory / "part-00000.parquet").write_bytes(b"x")
    past = time.time() - age_seconds
    for path in (directory, directory.parent):
        os.utime(path, (past, past))
    return directory.parent


def test_remove_staging_keeps_live_runs(tmp_path: Path) -> None:
    warehouse = tmp_path / "jkc.duckdb"
    own = _run_dir(warehouse, "own", age_seconds=0)
    live = _run_dir(warehouse, "live", age_seconds=60)
    crashed = _run_dir(warehouse, "crashed", age_seconds=7200)
    remove_staging(warehouse, "own", stale_seconds=3600)
    assert not own.exists()
    assert live.exists()
    assert not crashed.exists()


def test_a_live_run_with_a_fresh_stage_folder_is_kept(tmp_path: Path) -> None:
    warehouse = tmp_path / "jkc.duckdb"
    run = _run_dir(warehouse, "long", age_seconds=7200)
    (run / "turns").mkdir()  # its latest stage just started
    remove_staging(warehouse, "other", stale_seconds=3600)
    assert run.exists()
