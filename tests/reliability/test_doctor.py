"""`jkc doctor`: each check passes on a healthy set-up and fails, with a fix, on the matching breakage."""

from __future__ import annotations

import shutil
from collections import namedtuple
from pathlib import Path

import duckdb
import pytest

from pipelines import doctor, validation
from pipelines.resources import JkcConfig
from pipelines.warehouse import apply_schema, writer_lock

DiskUsage = namedtuple("DiskUsage", "total used free")


@pytest.fixture
def setup(tmp_path: Path) -> tuple[JkcConfig, Path]:
    """A healthy set-up: a raw folder, a warehouse at the current schema, a DAGSTER_HOME with telemetry off."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("Title\nBody.", encoding="utf-8")
    warehouse = tmp_path / "warehouse" / "jkc.duckdb"
    warehouse.parent.mkdir()
    with duckdb.connect(str(warehouse)) as con:
        apply_schema(con)
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copyfile(doctor.DAGSTER_HOME_TEMPLATE, home / "dagster.yaml")
    return JkcConfig(raw_dir=str(raw), warehouse=str(warehouse)), home


def by_check(findings: list[doctor.Finding]) -> dict[str, doctor.Finding]:
    return {f.check: f for f in findings}


def test_a_healthy_setup_passes_every_check(setup) -> None:
    jkc, home = setup
    findings = doctor.run_doctor(jkc, home)
    assert [f.check for f in findings if not f.ok] == []
    assert len(findings) == 7 and all(f.message for f in findings)


def test_missing_raw_folder(setup, tmp_path: Path) -> None:
    jkc, _ = setup
    finding = doctor.check_raw_folder(tmp_path / "nowhere")
    assert not finding.ok and "JKC_RAW_DIR" in finding.fix
    assert doctor.check_raw_folder(jkc.raw_path).ok


def test_warehouse_folder_that_cannot_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    finding = doctor.check_warehouse_folder(blocker / "warehouse" / "jkc.duckdb")
    assert not finding.ok and "JKC_WAREHOUSE" in finding.fix
    assert doctor.check_warehouse_folder(tmp_path / "new" / "jkc.duckdb").ok, "a folder the load will create"


def test_schema_version(setup) -> None:
    jkc, _ = setup
    assert doctor.check_schema_version(jkc.warehouse_path).ok
    with duckdb.connect(str(jkc.warehouse_path)) as con:
        con.execute("update schema_info set schema_version = schema_version + 1")
    finding = doctor.check_schema_version(jkc.warehouse_path)
    assert not finding.ok and "jkc load" in finding.fix
    jkc.warehouse_path.write_bytes(b"this is not a duckdb file" * 100)
    assert not doctor.check_schema_version(jkc.warehouse_path).ok
    jkc.warehouse_path.unlink()
    absent = doctor.check_schema_version(jkc.warehouse_path)
    assert absent.ok and "jkc load" in absent.fix


def test_expectation_suites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert doctor.check_expectation_suites().ok
    suites = doctor.pipeline_suites()
    copies = tmp_path / "expectations"
    shutil.copytree(validation.EXPECTATIONS_DIR, copies)
    (copies / f"{suites[0]}.json").unlink()
    (copies / f"{suites[1]}.json").write_text('{"name": "' + suites[1] + '", "expectations": [', encoding="utf-8")
    monkeypatch.setattr(validation, "EXPECTATIONS_DIR", copies)
    finding = doctor.check_expectation_suites()
    assert not finding.ok
    assert f"{suites[0]}.json is missing" in finding.message and f"{suites[1]}.json does not parse" in finding.message


def test_disk_space(setup, monkeypatch: pytest.MonkeyPatch) -> None:
    jkc, _ = setup
    size = jkc.warehouse_path.stat().st_size
    needed = doctor.DISK_SPACE_FACTOR * size + doctor.DISK_SPACE_MARGIN_BYTES
    monkeypatch.setattr(doctor.shutil, "disk_usage", lambda _: DiskUsage(0, 0, needed - 1))
    assert not doctor.check_disk_space(jkc.warehouse_path).ok
    monkeypatch.setattr(doctor.shutil, "disk_usage", lambda _: DiskUsage(0, 0, needed))
    assert doctor.check_disk_space(jkc.warehouse_path).ok


def test_stale_staging_copies_of_a_crashed_load(setup) -> None:
    jkc, _ = setup
    assert doctor.check_stale_staging(jkc.warehouse_path).ok
    leftovers = [
        jkc.warehouse_path.with_name(f".{jkc.warehouse_path.name}.run-1.loading"),
        jkc.warehouse_path.with_name(f".{jkc.warehouse_path.name}.run-1.loading.wal"),
    ]
    for path in leftovers:
        path.write_bytes(b"x")
    finding = doctor.check_stale_staging(jkc.warehouse_path)
    assert not finding.ok and all(str(p) in finding.fix for p in leftovers)
    with writer_lock(jkc.warehouse_path):  # a load is running: its staging files are not stale
        assert doctor.check_stale_staging(jkc.warehouse_path).ok


def test_telemetry(setup, tmp_path: Path) -> None:
    _, home = setup
    assert doctor.check_telemetry(home).ok
    assert doctor.check_telemetry(tmp_path / "no_home_yet").ok, "the template (telemetry off) will be copied"
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: true\n", encoding="utf-8")
    finding = doctor.check_telemetry(home)
    assert not finding.ok and "enabled: false" in finding.fix
