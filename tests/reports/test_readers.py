"""A notebook holding the warehouse open read-only never blocks a load, nor sees a half-loaded warehouse.

Real second processes read during the load: one keeps a read-only connection open for the whole test, another
opens a fresh connection for every snapshot. The held snapshot must never change; every fresh one must be
internally consistent and either the state before the load or the state after it.
"""

import json
import shutil
import subprocess
import sys
import time

import pytest

from pipelines.settings import PROJECT_ROOT
from tests.conftest import make_config, run_load

# A load of the sample corpus takes seconds; dagster-duckdb's resource retried ~100 s before failing.
MAX_LOAD_SECONDS = 60
READER_STOP_TIMEOUT = 30
# "held" keeps one read-only connection open throughout; "fresh" opens a new one for every snapshot. (Within
# one process DuckDB reuses the open database for a second connect() to the same file, so they run apart.)
READER_MODES = ("held", "fresh")

READER = r"""
import json, pathlib, sys, time
from pipelines.warehouse import connect

SNAPSHOT = (
    "select (select count(*) from articles), (select count(*) from load_runs), "
    "(select n_articles from load_runs order by finished_at desc limit 1), "
    "(select sum(n_articles) from coverage_by_month)"
)
mode, path, stop = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
held = connect(path) if mode == "held" else None
with connect(path) as first:
    print(json.dumps({"ready": first.execute(SNAPSHOT).fetchall()[0]}), flush=True)
seen = set()
while not stop.exists():
    if held is not None:
        seen.add(held.execute(SNAPSHOT).fetchall()[0])
    else:
        with connect(path) as fresh:
            seen.add(fresh.execute(SNAPSHOT).fetchall()[0])
    time.sleep(0.01)
print(json.dumps({"seen": sorted(seen)}), flush=True)
"""


def _state(path) -> tuple:
    from pipelines.warehouse import connect

    with connect(path) as con:
        return tuple(
            con.execute(
                "select (select count(*) from articles), (select count(*) from load_runs), "
                "(select n_articles from load_runs order by finished_at desc limit 1), "
                "(select sum(n_articles) from coverage_by_month)"
            ).fetchall()[0]
        )


@pytest.mark.slow
def test_load_neither_fails_nor_waits_while_a_reader_holds_the_warehouse(sample_raw, warehouse_path, tmp_path):
    held_back = tmp_path / "later"
    held_back.mkdir()
    for path in sorted(sample_raw.glob("*.txt"))[::2]:
        shutil.move(path, held_back / path.name)
    config = make_config(sample_raw, warehouse_path)
    assert run_load(config).success
    before = _state(warehouse_path)

    stop = tmp_path / "stop-readers"
    readers = {mode: _start_reader(mode, warehouse_path, stop) for mode in READER_MODES}
    try:
        for mode, reader in readers.items():
            ready = json.loads(reader.stdout.readline() or "{}")
            assert tuple(ready.get("ready", ())) == before, f"{mode} reader did not start: {_stderr(reader)}"

        for path in held_back.iterdir():
            shutil.move(path, sample_raw / path.name)
        started = time.monotonic()
        result = run_load(config)
        elapsed = time.monotonic() - started
        assert result.success, "the load failed while a reader held the warehouse open"
        assert elapsed < MAX_LOAD_SECONDS, f"the load took {elapsed:.0f} s: it waited for the reader"
        time.sleep(0.5)  # let the fresh reader connect to the swapped-in file
    finally:
        stop.touch()
        outputs = {mode: reader.communicate(timeout=READER_STOP_TIMEOUT) for mode, reader in readers.items()}
    for mode, reader in readers.items():
        assert reader.returncode == 0, f"{mode} reader failed: {outputs[mode][1]}"
    seen = {mode: {tuple(s) for s in json.loads(out)["seen"]} for mode, (out, _) in outputs.items()}
    after = _state(warehouse_path)

    assert after[0] > before[0] and after[1] == before[1] + 1
    for n_articles, _, n_last_load, n_in_reports in [before, after]:
        assert n_articles == n_last_load == n_in_reports
    assert seen["held"] == {before}, "the held connection's snapshot changed during the load"
    assert seen["fresh"] <= {before, after}, "a new connection saw a half-loaded warehouse"
    assert after in seen["fresh"], "new connections never saw the new load"


def _start_reader(mode: str, warehouse, stop) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", READER, mode, str(warehouse), str(stop)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _stderr(reader: subprocess.Popen) -> str:
    return reader.stderr.read() if reader.poll() is not None else "still running"
