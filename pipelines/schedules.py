"""The nightly load job, its schedule and the sensor that starts a load when raw files appear or change."""

import hashlib

import dagster as dg

from pipelines.ingest.scan import scan_raw_folder
from pipelines.resources import JkcConfig

NIGHTLY_CRON = "0 2 * * *"
NIGHTLY_TIMEZONE = "Asia/Almaty"
SENSOR_INTERVAL_SECONDS = 60
WRITES_WAREHOUSE_TAG = "jkc/writes-warehouse"

nightly_load = dg.define_asset_job(
    "nightly_load",
    selection=dg.AssetSelection.all(),
    description="Scan the raw folder, parse what is new or changed, validate and load the warehouse.",
    tags={WRITES_WAREHOUSE_TAG: "true"},
)

nightly_schedule = dg.ScheduleDefinition(
    name="nightly_load_schedule",
    job=nightly_load,
    cron_schedule=NIGHTLY_CRON,
    execution_timezone=NIGHTLY_TIMEZONE,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every night at 02:00 Asia/Almaty.",
)


def raw_folder_fingerprint(jkc: JkcConfig) -> str:
    """A digest of (path, size, mtime) of every raw file: it changes when a file appears, changes or goes."""
    files, _ = scan_raw_folder(jkc.raw_path)
    digest = hashlib.sha256()
    for raw in files:
        digest.update(f"{raw.path}\0{raw.size}\0{raw.mtime_ns}\n".encode())
    return digest.hexdigest()


@dg.sensor(
    job=nightly_load,
    minimum_interval_seconds=SENSOR_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Requests a load when files in the raw folder are added, changed or removed.",
)
def raw_folder_sensor(context: dg.SensorEvaluationContext, jkc: JkcConfig):
    """Cursor = fingerprint of the raw folder; one run per distinct fingerprint (it is also the run key)."""
    fingerprint = raw_folder_fingerprint(jkc)
    if fingerprint == context.cursor:
        return dg.SkipReason("no new or changed files in the raw folder")
    context.update_cursor(fingerprint)
    return dg.RunRequest(run_key=fingerprint)
