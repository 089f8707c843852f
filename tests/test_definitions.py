"""The code location loads; the schedule and the sensor behave."""

import os
import time
from pathlib import Path

import dagster as dg

from pipelines.definitions import defs
from pipelines.schedules import NIGHTLY_CRON, NIGHTLY_TIMEZONE, raw_folder_sensor
from tests.conftest import make_config


def test_definitions_load():
    graph = defs.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert {"articles", "source_files", "validation_results", "warehouse"} <= keys
    assert defs.resolve_job_def("nightly_load") is not None
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.group_name, f"{key} has no group"
        assert node.description, f"{key} has no description"


def test_nightly_schedule_runs_at_two_in_almaty():
    schedule = defs.resolve_schedule_def("nightly_load_schedule")
    assert (schedule.cron_schedule, schedule.execution_timezone) == (NIGHTLY_CRON, NIGHTLY_TIMEZONE)
    assert NIGHTLY_CRON == "0 2 * * *" and NIGHTLY_TIMEZONE == "Asia/Almaty"
    with dg.build_schedule_context() as context:
        requests = list(schedule.evaluate_tick(context).run_requests)
    assert len(requests) == 1 and requests[0].job_name in (None, "nightly_load")


def test_sensor_requests_one_run_per_change(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(" date 2026-01-01 A\nJapan.\n", "utf-8")
    resources = {"jkc": make_config(raw, tmp_path / "w.duckdb")}

    def tick(cursor):
        with dg.build_sensor_context(cursor=cursor, resources=resources) as context:
            result = raw_folder_sensor(context)
            return result, context.cursor

    first, cursor = tick(None)
    assert isinstance(first, dg.RunRequest)
    again, same_cursor = tick(cursor)
    assert isinstance(again, dg.SkipReason) and same_cursor == cursor
    (raw / "b.txt").write_text(" date 2026-01-02 B\nKazakhstan.\n", "utf-8")
    later = time.time() + 5
    os.utime(raw / "b.txt", (later, later))
    changed, new_cursor = tick(cursor)
    assert isinstance(changed, dg.RunRequest) and changed.run_key != first.run_key and new_cursor != cursor
