"""Great Expectations (GX Core 1.x) validation of polars frames.

Suites are JSON files in ``expectations/<suite>.json`` (GX's own ``ExpectationSuite`` format). GX has no polars
engine, so a frame is validated as ``frame.to_pandas()`` in an *ephemeral* context: nothing is written to disk
(no ``gx/`` folder) and GX analytics are off. ``great_expectations`` is imported lazily: it takes seconds to
import and loading the Dagster code location must stay fast.

Checks that span rows or tables (offsets inside the body, contiguous indexes, foreign keys) are computed by the
domain as boolean ``check_*`` columns of a *validation frame*; the suite then expects them to be true.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

from pipelines.settings import EXPECTATIONS_DIR, VALIDATION_SAMPLE_SIZE

VALIDATION_RESULTS_SCHEMA = pl.Schema(
    {
        "run_id": pl.Utf8,
        "suite": pl.Utf8,
        "expectation": pl.Utf8,
        "column_name": pl.Utf8,
        "kwargs": pl.Utf8,
        "success": pl.Boolean,
        "n_rows": pl.Int64,
        "unexpected_count": pl.Int64,
        "unexpected_sample": pl.Utf8,
        "validated_at": pl.Datetime("us", "UTC"),
    }
)


class ValidationFailed(Exception):
    """A frame failed its expectation suite; the load must not happen."""

    def __init__(self, results: pl.DataFrame):
        failed = results.filter(~pl.col("success"))
        lines = [
            f"{r['suite']}.{r['expectation']}({r['column_name'] or ''}): "
            f"{r['unexpected_count']} unexpected, e.g. {r['unexpected_sample']}"
            for r in failed.iter_rows(named=True)
        ]
        super().__init__("validation failed: " + "; ".join(lines))
        self.results = results


def suite_path(suite: str) -> Path:
    return EXPECTATIONS_DIR / f"{suite}.json"


@cache
def _context():
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
    )
    # GX fingerprints every pandas batch under HASH_THRESHOLD bytes by hashing all of its rows, for a batch marker
    # jkc never reads; at 100k articles that hash was 60-70% of the validation CPU. Batches here are in-memory
    # frames validated once, so no fingerprint.
    from great_expectations.execution_engine import pandas_execution_engine

    pandas_execution_engine.HASH_THRESHOLD = 0
    context = gx.get_context(mode="ephemeral", project_config=config)
    context.data_sources.add_pandas("jkc")
    return context


@cache
def _batch_definition(suite: str):
    source = _context().data_sources.get("jkc")
    return source.add_dataframe_asset(name=suite).add_batch_definition_whole_dataframe("whole_frame")


def load_suite(suite: str):
    import great_expectations as gx

    spec = json.loads(suite_path(suite).read_text(encoding="utf-8"))
    return gx.ExpectationSuite(name=spec["name"], expectations=spec["expectations"])


def _jsonable(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value if isinstance(value, str | int | float | bool | type(None)) else str(value)


def suite_columns(suite: str) -> list[str]:
    """The columns the expectations of ``suite`` read."""
    spec = json.loads(suite_path(suite).read_text(encoding="utf-8"))
    columns: list[str] = []
    for expectation in spec["expectations"]:
        kwargs = expectation.get("kwargs", {})
        for name in [
            kwargs.get("column"),
            kwargs.get("column_A"),
            kwargs.get("column_B"),
            *kwargs.get("column_list", []),
        ]:
            if name and name not in columns:
                columns.append(name)
    return columns


def validate_frame(suite: str, frame: pl.DataFrame, run_id: str = "") -> pl.DataFrame:
    """Validate ``frame`` against ``expectations/<suite>.json``; one result row per expectation.

    Only the columns the suite reads are handed to GX (large text columns are never converted to pandas); a
    column the suite names but the frame lacks is kept out too, so GX reports it as a failed expectation.
    """
    expectation_suite = load_suite(suite)
    needed = [c for c in suite_columns(suite) if c in frame.columns]
    # GX's pandas engine vectorises numeric checks only for int64/float64 columns (it loops in Python otherwise).
    narrowed = frame.select(needed).with_columns(
        pl.col(pl.Int8, pl.Int16, pl.Int32, pl.UInt8, pl.UInt16, pl.UInt32).cast(pl.Int64),
        pl.col(pl.Float32).cast(pl.Float64),
    )
    batch = _batch_definition(suite).get_batch(batch_parameters={"dataframe": narrowed.to_pandas()})
    outcome = batch.validate(expectation_suite, result_format="SUMMARY")
    now = datetime.now(UTC)
    rows = []
    for result in outcome.results:
        config = result.expectation_config
        kwargs = {k: v for k, v in config.kwargs.items() if k != "batch_id"}
        details = result.result or {}
        sample = details.get("partial_unexpected_list") or []
        if result.exception_info and result.exception_info.get("raised_exception"):
            sample = [result.exception_info.get("exception_message")]
        rows.append(
            {
                "run_id": run_id,
                "suite": suite,
                "expectation": config.type,
                "column_name": kwargs.get("column"),
                "kwargs": json.dumps(_jsonable(kwargs), ensure_ascii=False, sort_keys=True, default=str),
                "success": bool(result.success),
                "n_rows": frame.height,
                "unexpected_count": int(details.get("unexpected_count") or 0),
                "unexpected_sample": json.dumps(
                    _jsonable(sample[:VALIDATION_SAMPLE_SIZE]), ensure_ascii=False, default=str
                ),
                "validated_at": now,
            }
        )
    return pl.DataFrame(rows, schema=VALIDATION_RESULTS_SCHEMA)


def require_success(results: pl.DataFrame) -> pl.DataFrame:
    """Raise :class:`ValidationFailed` unless every expectation in ``results`` passed."""
    if not results["success"].all():
        raise ValidationFailed(results)
    return results
