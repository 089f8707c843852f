"""`jkc doctor`: check the set-up of an unattended nightly load and say how to fix what is wrong (no printing).

Checks: the raw folder is readable; the warehouse folder is writable; the warehouse is absent or at
``settings.SCHEMA_VERSION``; every expectation suite the load uses is in ``expectations/`` and parses; there is
room for a load (it copies the warehouse); no staging copies left by a crashed load; Dagster telemetry is off.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from pipelines.resources import JkcConfig
from pipelines.settings import PROJECT_ROOT, SCHEMA_VERSION

# A load copies the warehouse, grows the copy and writes Parquet parts beside it: free space must be at least
# this many times the warehouse size, plus a margin for the first load and Dagster's own storage.
DISK_SPACE_FACTOR = 3
DISK_SPACE_MARGIN_BYTES = 512 * 1024 * 1024
DEFAULT_DAGSTER_HOME = PROJECT_ROOT / ".dagster"
DAGSTER_HOME_TEMPLATE = PROJECT_ROOT / "dagster_home" / "dagster.yaml"


@dataclass(frozen=True)
class Finding:
    check: str
    ok: bool
    message: str
    fix: str | None = None


def run_doctor(jkc: JkcConfig, dagster_home: Path | None = None) -> list[Finding]:
    """Every check, in order; ``dagster_home`` defaults to $DAGSTER_HOME or the project's .dagster/."""
    home = dagster_home or Path(os.environ.get("DAGSTER_HOME") or DEFAULT_DAGSTER_HOME)
    return [
        check_raw_folder(jkc.raw_path),
        check_warehouse_folder(jkc.warehouse_path),
        check_schema_version(jkc.warehouse_path),
        check_expectation_suites(),
        check_disk_space(jkc.warehouse_path),
        check_stale_staging(jkc.warehouse_path),
        check_telemetry(home),
    ]


def check_raw_folder(raw: Path) -> Finding:
    name = "raw folder readable"
    if not raw.is_dir():
        return Finding(name, False, f"{raw} is not a folder", "set JKC_RAW_DIR (or --raw) to the folder of .txt files")
    try:
        n = sum(1 for _ in os.scandir(raw))
    except OSError as exc:
        return Finding(
            name, False, f"cannot list {raw}: {exc.strerror}", f"give this user read access: chmod u+rx {raw}"
        )
    return Finding(name, True, f"{raw} ({n} entries at the top level)")


def _existing_ancestor(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def check_warehouse_folder(warehouse: Path) -> Finding:
    name = "warehouse folder writable"
    folder = warehouse.parent
    probe_in = folder if folder.is_dir() else _existing_ancestor(folder)
    try:  # a real write: os.access says yes to root even on a read-only mount
        with tempfile.NamedTemporaryFile(dir=probe_in, prefix=".jkc-doctor-"):
            pass
    except OSError as exc:
        return Finding(
            name,
            False,
            f"cannot write in {probe_in}: {exc.strerror}",
            f"make {probe_in} writable, or set JKC_WAREHOUSE",
        )
    created = "" if folder.is_dir() else " (the first load creates it)"
    return Finding(name, True, f"{folder}{created}")


def check_schema_version(warehouse: Path) -> Finding:
    name = "warehouse schema version"
    if not warehouse.exists():
        return Finding(name, True, f"no warehouse at {warehouse} yet", "run `jkc load` to build it")
    from pipelines.warehouse import connect

    try:
        with connect(warehouse) as con:
            rows = con.execute("select schema_version from schema_info").fetchall()
    except Exception as exc:  # a foreign or damaged file: duckdb raises its own error types
        return Finding(
            name,
            False,
            f"{warehouse} cannot be read as a jkc warehouse: {str(exc).splitlines()[0]}",
            f"move {warehouse} aside and run `jkc load` (the warehouse is rebuilt from the raw folder)",
        )
    versions = sorted({r[0] for r in rows})
    if versions != [SCHEMA_VERSION]:
        return Finding(
            name,
            False,
            f"{warehouse} has schema version {versions or 'none'}, this code expects {SCHEMA_VERSION}",
            f"move {warehouse} aside and run `jkc load` (the warehouse is rebuilt from the raw folder)",
        )
    return Finding(name, True, f"schema version {SCHEMA_VERSION}")


def pipeline_suites() -> list[str]:
    """The expectation suites the load validates against."""
    from pipelines.load.suites import PART_SUITES, WHOLE_SUITES

    return sorted({*PART_SUITES, *WHOLE_SUITES})


def check_expectation_suites() -> Finding:
    name = "expectation suites"
    from pipelines.validation import load_suite, suite_path

    problems = []
    suites = pipeline_suites()
    for suite in suites:
        path = suite_path(suite)
        if not path.exists():
            problems.append(f"{path.name} is missing")
            continue
        try:
            if json.loads(path.read_text(encoding="utf-8")).get("name") != suite:
                problems.append(f"{path.name}: its name is not {suite!r}")
            load_suite(suite)
        except Exception as exc:  # JSON or Great Expectations rejects the file
            problems.append(f"{path.name} does not parse: {str(exc).splitlines()[0]}")
    if problems:
        return Finding(name, False, "; ".join(problems), "restore the files from git: git checkout -- expectations/")
    return Finding(name, True, f"{len(suites)} suites present and parsed: {', '.join(suites)}")


def check_disk_space(warehouse: Path) -> Finding:
    name = "disk space"
    size = warehouse.stat().st_size if warehouse.exists() else 0
    needed = DISK_SPACE_FACTOR * size + DISK_SPACE_MARGIN_BYTES
    free = shutil.disk_usage(_existing_ancestor(warehouse.parent)).free
    message = f"{free / 2**30:.1f} GiB free, a load needs {needed / 2**30:.1f} GiB (warehouse {size / 2**20:.0f} MiB)"
    if free < needed:
        return Finding(name, False, message, f"free space on the disk of {warehouse.parent}, or move the warehouse")
    return Finding(name, True, message)


def stale_staging(warehouse: Path) -> list[Path]:
    """Staging copies and part folders left by loads that did not finish (empty while a load is running)."""
    folder = warehouse.parent
    if not folder.is_dir():
        return []
    lock = warehouse.with_name(warehouse.name + ".lock")
    if lock.exists():
        with open(lock) as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:  # a load holds the writer lock: its staging files are live
                return []
            fcntl.flock(handle, fcntl.LOCK_UN)
    parts = folder / ".staging"
    return sorted(folder.glob(f".{warehouse.name}.*.loading*")) + (sorted(parts.iterdir()) if parts.is_dir() else [])


def check_stale_staging(warehouse: Path) -> Finding:
    name = "leftovers of crashed loads"
    stale = stale_staging(warehouse)
    if stale:
        listed = " ".join(f"'{p}'" for p in stale)
        return Finding(
            name,
            False,
            f"{len(stale)} staging file(s) left by a load that was killed (harmless: the warehouse is intact)",
            f"remove them to free the space: rm -rf {listed}",
        )
    return Finding(name, True, "none")


def check_telemetry(home: Path) -> Finding:
    name = "Dagster telemetry off"
    config = home / "dagster.yaml"
    if not config.exists():
        source = DAGSTER_HOME_TEMPLATE
        if not source.exists():
            return Finding(name, False, f"no {config} and no template", "restore dagster_home/dagster.yaml from git")
    else:
        source = config
    try:
        settings = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        return Finding(name, False, f"{source} does not parse: {exc}", f"fix or delete {source}")
    enabled = (settings.get("telemetry") or {}).get("enabled", True)
    if enabled is not False:
        return Finding(name, False, f"telemetry is on in {source}", f"set `telemetry: {{enabled: false}}` in {source}")
    return Finding(name, True, f"off in {source}" + ("" if source == config else " (copied on first use)"))
