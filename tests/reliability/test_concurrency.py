"""Concurrency: one writer at a time (flock), a stale scan is refused, readers keep a snapshot during a load."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from pipelines import warehouse as wh
from pipelines.ingest import scan
from tests.reliability.helpers import query, run_load, settle, warehouse_tables
from tests.reliability.test_bad_inputs import EN, KK, RU
from tests.reliability.test_crash_safety import RUN_TIMEOUT_SECONDS, generate_folder, start_load

HOLD_SECONDS = 2.0


def _folder(tmp_path: Path, texts: dict[str, str]) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    for name, text in texts.items():
        (raw / name).write_text(text, encoding="utf-8")
        settle(raw / name)
    return raw


def _last_run(warehouse: Path) -> dict:
    return query(warehouse, "select * from load_runs order by finished_at desc limit 1").row(0, named=True)


def test_a_reader_holding_the_warehouse_open_during_loads(tmp_path: Path) -> None:
    """The reader keeps its snapshot; new connections (even in the reader's process) and later loads see the
    committed state: a load never works from a stale manifest."""
    warehouse = tmp_path / "jkc.duckdb"
    raw = _folder(tmp_path, {"a.txt": EN, "b.txt": RU})
    assert run_load(raw, warehouse).success
    reader = wh.connect(warehouse)
    try:
        assert reader.execute("select count(*) from articles").fetchone()[0] == 2
        _folder(tmp_path, {"c.txt": KK})
        assert run_load(raw, warehouse).success
        assert reader.execute("select count(*) from articles").fetchone()[0] == 2, "the reader's snapshot"
        with wh.connect(warehouse) as fresh:
            assert fresh.execute("select count(*) from articles").fetchone()[0] == 3, "a new connection"

        _folder(tmp_path, {"d.txt": KK.replace("2025-03-05", "2025-06-01")})
        assert run_load(raw, warehouse).success
        run = _last_run(warehouse)
        assert (run["n_new"], run["n_unchanged"]) == (1, 3), "the third load scanned against the second"
        assert reader.execute("select count(*) from articles").fetchone()[0] == 2
    finally:
        reader.close()


def test_a_waiting_writer_gets_the_lock_when_it_is_released(tmp_path: Path) -> None:
    warehouse = tmp_path / "jkc.duckdb"
    raw = _folder(tmp_path, {"a.txt": EN})
    released = threading.Event()

    def hold() -> None:
        with wh.writer_lock(warehouse):
            time.sleep(HOLD_SECONDS)
        released.set()

    holder = threading.Thread(target=hold)
    holder.start()
    time.sleep(0.2)
    result = run_load(raw, warehouse)  # waits on the lock, then commits on the state it finds
    holder.join()
    assert released.is_set() and result.success
    assert query(warehouse, "select count(*) n from articles")["n"][0] == 1


def test_a_writer_that_waits_too_long_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    warehouse = tmp_path / "jkc.duckdb"
    with wh.writer_lock(warehouse), pytest.raises(wh.WarehouseBusy, match=f"pid {os.getpid()}"):  # noqa: SIM117
        with wh.writer_lock(warehouse, timeout=0.3):
            pass
    with wh.writer_lock(warehouse, timeout=0.3):  # released: free again
        pass


@pytest.mark.slow
def test_a_load_whose_scan_went_stale_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another load commits between this run's scan and its commit: WarehouseChanged, nothing written."""
    warehouse = tmp_path / "wh" / "jkc.duckdb"
    raw = _folder(tmp_path, {"a.txt": EN, "b.txt": RU})
    real_scan = scan.scan_raw_folder

    def scan_then_let_another_load_commit(root: Path):
        listed = real_scan(root)
        other = start_load(raw, warehouse, tmp_path / "home")
        output = other.communicate(timeout=RUN_TIMEOUT_SECONDS)[0].decode()
        assert other.returncode == 0, output
        return listed

    monkeypatch.setattr(scan, "scan_raw_folder", scan_then_let_another_load_commit)
    result = run_load(raw, warehouse)
    assert not result.success
    failure = next(e for e in result.all_events if e.is_step_failure).step_failure_data.error
    assert "WarehouseChanged" in failure.to_string() and "run the load again" in failure.to_string()
    assert query(warehouse, "select count(*) n from load_runs")["n"][0] == 1, "only the other load committed"


@pytest.mark.slow
def test_two_loads_started_at_once_never_interleave(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    generate_folder(raw, 300)
    together, alone = tmp_path / "together" / "jkc.duckdb", tmp_path / "alone" / "jkc.duckdb"
    runs = [start_load(raw, together, tmp_path / f"home{i}") for i in range(2)] + [
        start_load(raw, alone, tmp_path / "home_alone")
    ]
    outputs = [p.communicate(timeout=RUN_TIMEOUT_SECONDS)[0].decode() for p in runs]
    codes = [p.returncode for p in runs]
    assert codes[2] == 0, outputs[2]
    assert 0 in codes[:2], outputs
    for code, output in zip(codes[:2], outputs[:2], strict=True):
        if code != 0:  # refused, with a message saying why and what to do
            assert "was committed after this run scanned" in output or "another load is writing" in output, output
    n_committed = query(together, "select count(*) n from load_runs")["n"][0]
    assert n_committed == codes[:2].count(0)
    expected, actual = warehouse_tables(alone), warehouse_tables(together)
    assert actual.keys() == expected.keys()
    for name, frame in expected.items():
        assert actual[name].equals(frame), f"table {name} differs from a single load"
