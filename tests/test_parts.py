"""Staging parts: a load removes its own parts and crashed runs' leftovers, never a live run's parts."""

import os
import time
from pathlib import Path

import pytest
from polars.testing import assert_frame_equal

from pipelines.parts import even_chunks, remove_staging, staging_dir
from tests.conftest import make_config, run_load, warehouse_tables


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


@pytest.mark.parametrize("n", [0, 1, 2, 3, 5, 9, 10, 11, 20, 21, 50, 101])
@pytest.mark.parametrize("workers", [1, 2, 4])
def test_even_chunks_cover_every_item_once_evenly(n: int, workers: int) -> None:
    chunks = even_chunks(n, max_size=10, workers=workers)
    assert [index for chunk in chunks for index in chunk] == list(range(n))
    sizes = [len(chunk) for chunk in chunks]
    if n:
        assert max(sizes) <= 10
        assert max(sizes) - min(sizes) <= 1
    if n >= workers:
        assert len(chunks) % workers == 0  # no worker idles in the last round


def test_a_load_in_many_parts_equals_a_load_in_one(sample_raw: Path, tmp_path: Path, monkeypatch) -> None:
    """The worker-pool path (parts, process pool, validation chunks) gives the same tables as one part."""
    one = tmp_path / "one" / "jkc.duckdb"
    many = tmp_path / "many" / "jkc.duckdb"
    assert run_load(make_config(sample_raw, one)).success
    monkeypatch.setattr("pipelines.ingest.stage.BATCH_ARTICLES", 5)
    monkeypatch.setattr("pipelines.load.suites.VALIDATION_CHUNK_PARTS", 2)
    result = run_load(make_config(sample_raw, many))
    assert result.success
    parts = result.asset_materializations_for_node("raw_articles")[0].metadata["parts"].value
    assert parts >= 2 * 4  # 34 articles in parts of at most 5, as many for each worker
    ignore = frozenset({"ingested_at", "first_seen", "last_seen"})
    expected, actual = warehouse_tables(one, ignore), warehouse_tables(many, ignore)
    assert actual.keys() == expected.keys()
    for name, frame in expected.items():
        assert_frame_equal(actual[name], frame, check_exact=False)
