"""Crash safety: `jkc load` killed with SIGKILL at random points never leaves a broken or partial warehouse, and
the next load ends exactly where a clean load of the same folder ends.

Compared: every table and column except the load's own bookkeeping (helpers.BOOKKEEPING_*): the tables
``load_runs`` and ``validation_results`` (one row per run or per run and expectation: a killed-then-resumed
history has other run ids and other row counts by design) and the columns ``first_seen``, ``last_seen`` and
``ingested_at`` (wall-clock times of the loads).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

import pipelines
from tests.reliability.helpers import warehouse_tables

N_ARTICLES = 2000
# Kill points: (anchor, start of the window, its length) in seconds. Anchors: "start" of the process; "step", the
# CLI printing that the warehouse step started; "staging", its staging copy (`.<warehouse>.<run>.loading`)
# appearing, i.e. inside the copy-load-swap itself.
KILL_POINTS = (("start", 0.3, 4.0), ("step", 0.0, 0.5), ("staging", 0.0, 0.02))
WAREHOUSE_STEP_LINE = "… warehouse"
RUN_TIMEOUT_SECONDS = 120
POLL_SECONDS = 0.002
PROJECT = Path(pipelines.__file__).resolve().parent.parent

TEXTS = {
    "kk": "date 2025-{m:02d}-{d:02d} Жапония мен Қазақстан: келіссөздер {i}\n"
    "АСТАНА. KAZINFORM — Тараптар көлік дәлізі мен сирек металдар бойынша {i} келісімге қол қойды.\n"
    "— Ынтымақтастық қалай дамиды?\n— Біз {j} жобаны бірге іске асырамыз.",
    "ru": "date 2025-{m:02d}-{d:02d} Япония и Казахстан обсудили логистику {i}\n"
    "ТОКИО. KAZINFORM — Стороны подписали {i} соглашений о редкоземельных металлах.\n"
    "Вопрос: Что дальше?\nОтвет: Совместная разведка {j} месторождений.",
    "en": "Japan and Kazakhstan sign memorandum {i}\n"
    "ASTANA. KAZINFORM — The sides agreed on {j} joint projects in the Middle Corridor.\n"
    "The ministers will meet again in Tokyo.",
}


def generate_folder(root: Path, n: int, seed: int = 7) -> None:
    """``n`` small deterministic articles in sub-folders: three languages, cp1251, duplicates, a few rejects."""
    rng = random.Random(seed)
    for i in range(n):
        folder = root / f"batch {i // 500:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        lang = ("kk", "ru", "en")[i % 3]
        text = TEXTS[lang].format(i=i, j=rng.randrange(10_000), m=i % 12 + 1, d=i % 28 + 1)
        if i % 97 == 0:
            data = b""  # rejected: empty
        elif i % 50 == 1:
            text = TEXTS[lang].format(i=i - 1, j=0, m=1, d=1)  # a duplicate of a neighbour's text shape
            data = text.encode("utf-8")
        elif lang == "ru" and i % 7 == 0:
            data = text.encode("cp1251")
        else:
            data = text.encode("utf-8")
        path = folder / f"{lang}_{i:05d}.txt"
        path.write_bytes(data)
        old = time.time() - 3600
        os.utime(path, (old, old))


def start_load(raw: Path, warehouse: Path, home: Path) -> subprocess.Popen:
    """`jkc load` (python -m pipelines.cli) in its own process group, with a private DAGSTER_HOME."""
    env = os.environ | {"DAGSTER_HOME": str(home), "JKC_SETTLE_SECONDS": "0"}
    return subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", "load", "--raw", str(raw), "--warehouse", str(warehouse)],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def staging_files(warehouse: Path) -> list[Path]:
    return sorted(warehouse.parent.glob(f".{warehouse.name}.*.loading*"))


def kill_at(process: subprocess.Popen, warehouse: Path, anchor: str, low: float, width: float, rng) -> str:
    """SIGKILL the load's process group at a random moment of its window; say where it was."""
    started, leftovers = time.monotonic(), set(staging_files(warehouse))
    if anchor == "step":
        for line in process.stdout:
            if WAREHOUSE_STEP_LINE in line.decode():
                break
    while anchor == "staging" and not set(staging_files(warehouse)) - leftovers:
        if process.poll() is not None or time.monotonic() - started > RUN_TIMEOUT_SECONDS:
            return f"ended (rc {process.poll()}) before its staging copy was seen: {_tail(process)}"
        time.sleep(POLL_SECONDS)
    time.sleep(low + rng.random() * width)
    if process.poll() is not None:
        return f"ended (rc {process.returncode}) before the kill: {_tail(process)}"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    return f"killed {'during copy-load-swap' if set(staging_files(warehouse)) - leftovers else 'outside the swap'}"


def _tail(process: subprocess.Popen) -> str:
    return process.stdout.read().decode()[-300:] if process.poll() is not None else ""


def assert_consistent(warehouse: Path) -> None:
    """A warehouse that exists is a whole committed load: it opens, and its tables agree with each other."""
    if not warehouse.exists():
        return
    with duckdb.connect(str(warehouse), read_only=True) as con:
        runs = con.execute("select count(*) from load_runs").fetchone()[0]
        assert runs >= 1, "a warehouse file exists without a committed load"
        articles = con.execute("select count(*) from articles").fetchone()[0]
        linked = con.execute(
            "select count(distinct article_id) from source_files where article_id is not null"
        ).fetchone()[0]
        assert articles == linked
        assert con.execute("select n_articles from load_runs order by finished_at desc limit 1").fetchone()[0] == (
            articles
        )


@pytest.mark.slow
def test_sigkill_at_random_points_then_reload_equals_a_clean_load(tmp_path: Path) -> None:
    seed = int(os.environ.get("JKC_CRASH_SEED", random.randrange(2**32)))
    rng = random.Random(seed)
    raw = tmp_path / "raw"
    generate_folder(raw, N_ARTICLES)
    clean, crashed = tmp_path / "clean" / "jkc.duckdb", tmp_path / "crashed" / "jkc.duckdb"
    clean_run = start_load(raw, clean, tmp_path / "home_clean")  # in parallel with the crashes

    where = []
    for anchor, low, width in KILL_POINTS:
        process = start_load(raw, crashed, tmp_path / "home_crashed")
        where.append(kill_at(process, crashed, anchor, low, width, rng))
        assert_consistent(crashed)
    leftovers = staging_files(crashed)

    final = start_load(raw, crashed, tmp_path / "home_crashed")
    try:
        final_output = final.communicate(timeout=RUN_TIMEOUT_SECONDS)[0].decode()
    except subprocess.TimeoutExpired:
        os.killpg(final.pid, signal.SIGKILL)
        pytest.fail(
            f"seed {seed}, {where}: the reload after the crashes hung for {RUN_TIMEOUT_SECONDS} s (something a "
            "killed run left behind blocks the next load)"
        )
    clean_output = clean_run.communicate(timeout=RUN_TIMEOUT_SECONDS)[0].decode()
    assert final.returncode == 0, f"seed {seed}, {where}: reload after the crashes failed:\n{final_output}"
    assert clean_run.returncode == 0, clean_output

    expected, actual = warehouse_tables(clean), warehouse_tables(crashed)
    assert actual.keys() == expected.keys()
    for name, frame in expected.items():
        assert actual[name].equals(frame), f"seed {seed}, kills {where}: table {name} differs from a clean load"
    assert expected["articles"].height > N_ARTICLES // 2
    assert any("during copy-load-swap" in w for w in where), f"no kill landed inside the swap: {where}"
    # staging copies of killed loads stay behind, harmless: the reload ignored them (`jkc doctor` removes them)
    assert set(leftovers) <= set(staging_files(crashed))
