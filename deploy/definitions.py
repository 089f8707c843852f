"""The jkc code location for a cluster: the same assets, job, schedule and sensor, another executor.

``JKC_EXECUTOR`` picks it: ``in_process`` (the default of pipelines/definitions.py), ``multiprocess`` (one
machine, core Dagster), ``k8s`` (dagster-k8s: a pod per step) or ``celery`` (dagster-celery: steps on workers).
Loaded by deploy/workspace.yaml under the location name ``jkc``; see docs/scaling.md.
"""

from __future__ import annotations

import importlib
import os

import dagster as dg

from pipelines.definitions import defs as local_defs

# name -> (module, attribute) of the executor definition
EXECUTORS = {
    "in_process": ("dagster", "in_process_executor"),
    "multiprocess": ("dagster", "multiprocess_executor"),
    "k8s": ("dagster_k8s", "k8s_job_executor"),
    "celery": ("dagster_celery", "celery_executor"),
}
DEFAULT_EXECUTOR = "multiprocess"


def executor_named(name: str) -> dg.ExecutorDefinition:
    """The executor definition called ``name`` (a key of ``EXECUTORS``); its package must be installed."""
    if name not in EXECUTORS:
        raise ValueError(f"JKC_EXECUTOR={name!r}: expected one of {', '.join(EXECUTORS)}")
    module, attribute = EXECUTORS[name]
    return getattr(importlib.import_module(module), attribute)


def with_executor(defs: dg.Definitions, executor: dg.ExecutorDefinition) -> dg.Definitions:
    """``defs`` with every job (and the schedules and sensors that target it) run by ``executor``."""
    jobs = {job.name: _job_with_executor(job, executor) for job in defs.jobs}
    return dg.Definitions(
        assets=defs.assets,
        asset_checks=defs.asset_checks,
        jobs=list(jobs.values()),
        schedules=[schedule.with_attributes(job=jobs[schedule.job_name]) for schedule in defs.schedules],
        sensors=[sensor.with_updated_jobs([jobs[job.name] for job in sensor.jobs]) for sensor in defs.sensors],
        resources=defs.resources,
        executor=executor,
    )


def _job_with_executor(job, executor: dg.ExecutorDefinition):
    """The same asset job (selection, tags, description) with ``executor`` and no executor run config."""
    return dg.define_asset_job(
        job.name, selection=job.selection, description=job.description, tags=job.tags, executor_def=executor
    )


defs = with_executor(local_defs, executor_named(os.environ.get("JKC_EXECUTOR", DEFAULT_EXECUTOR)))
