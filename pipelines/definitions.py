"""The jkc code location: the per-domain modules merged into one Definitions object."""

import dagster as dg

from pipelines.ingest import assets as ingest
from pipelines.load import assets as load
from pipelines.resources import config_from_env
from pipelines.schedules import nightly_load, nightly_schedule, raw_folder_sensor

defs = dg.Definitions(
    assets=dg.load_assets_from_modules([ingest, load]),
    asset_checks=dg.load_asset_checks_from_modules([load]),
    jobs=[nightly_load],
    schedules=[nightly_schedule],
    sensors=[raw_folder_sensor],
    resources={"jkc": config_from_env()},
    executor=dg.in_process_executor,
)
