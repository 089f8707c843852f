"""The jkc code location: the per-domain modules merged into one Definitions object."""

import dagster as dg

from pipelines.entities import assets as entities
from pipelines.ingest import assets as ingest
from pipelines.load import assets as load
from pipelines.reports import assets as reports
from pipelines.resources import config_from_env
from pipelines.schedules import nightly_load, nightly_schedule, raw_folder_sensor
from pipelines.topics import assets as topics
from pipelines.turns import assets as turns

# The domains, in the order a load runs through them.
DOMAINS = [ingest, turns, entities, topics, load, reports]
assets = dg.load_assets_from_modules(DOMAINS)
asset_checks = dg.load_asset_checks_from_modules(DOMAINS)

defs = dg.Definitions(
    assets=assets,
    asset_checks=asset_checks,
    jobs=[nightly_load],
    schedules=[nightly_schedule],
    sensors=[raw_folder_sensor],
    resources={"jkc": config_from_env()},
    executor=dg.in_process_executor,
)
