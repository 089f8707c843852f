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
    """``defs`` with every job run by ``executor``."""
    return dg.Definitions(
        assets=defs.assets,
        asset_checks=defs.asset_checks,
        jobs=defs.jobs,
        schedules=defs.schedules,
        sensors=defs.sensors,
        resources=defs.resources,
        executor=executor,
    )


defs = with_executor(local_defs, executor_named(os.environ.get("JKC_EXECUTOR", DEFAULT_EXECUTOR)))
