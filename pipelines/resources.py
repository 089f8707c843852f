"""Dagster resources: the run-time configuration of a load.

The code location configures :class:`JkcConfig` with ``EnvVar``: the values are read when a run starts, never at
import. A variable that is not set gets its default from ``settings.ENV_DEFAULTS`` (set with ``setdefault``, so
the environment always wins); ``jkc load`` passes its own values.
"""

import os
from pathlib import Path

import dagster as dg

from pipelines.settings import DEFAULT_MAX_FILE_BYTES, ENV_DEFAULTS, PROJECT_ROOT, SETTLE_SECONDS


def project_path(value: str) -> Path:
    """A path from configuration: relative paths are relative to the project folder, not the cwd."""
    path = Path(value).expanduser()
    return (path if path.is_absolute() else PROJECT_ROOT / path).resolve()


class JkcConfig(dg.ConfigurableResource):
    """Where the raw articles are, where the warehouse is, and the ingest limits."""

    raw_dir: str
    warehouse: str
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    settle_seconds: int = SETTLE_SECONDS

    @property
    def raw_path(self) -> Path:
        return project_path(self.raw_dir)

    @property
    def warehouse_path(self) -> Path:
        return project_path(self.warehouse)


def config_from_env() -> JkcConfig:
    """The resource as the code location configures it: each field from a JKC_* environment variable."""
    for name, default in ENV_DEFAULTS.items():
        os.environ.setdefault(name, default)
    return JkcConfig(
        raw_dir=dg.EnvVar("JKC_RAW_DIR"),
        warehouse=dg.EnvVar("JKC_WAREHOUSE"),
        max_file_bytes=dg.EnvVar.int("JKC_MAX_FILE_BYTES"),
        settle_seconds=dg.EnvVar.int("JKC_SETTLE_SECONDS"),
    )
