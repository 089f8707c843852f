"""The example cluster deployment (deploy/) is valid Dagster configuration, checked without connecting anywhere.

The instance file against Dagster's instance schema (and the K8sRunLauncher's own schema when dagster-k8s is
installed); each executor's run config against the nightly_load job of deploy/definitions.py built with that
executor. dagster-k8s and dagster-celery are optional (a `deploy` extra): their cases skip without them.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import dagster as dg
import pytest
import yaml
from dagster._core.errors import DagsterInvalidConfigError
from dagster._core.instance.config import dagster_instance_config

from pipelines.schedules import WRITES_WAREHOUSE_TAG

DEPLOY_DIR = Path(__file__).resolve().parents[2] / "deploy"
RUN_CONFIGS = {  # run config file -> (executor name, package it needs)
    "multiprocess.yaml": ("multiprocess", "dagster"),
    "k8s.yaml": ("k8s", "dagster_k8s"),
    "celery.yaml": ("celery", "dagster_celery"),
}
# What a run pod gets from the jkc-env ConfigMap and the secrets (validation resolves the `env:` sources).
RUN_ENV = {
    "JKC_RAW_DIR": "/data/raw",
    "JKC_WAREHOUSE": "/data/warehouse/jkc.duckdb",
    "JKC_MAX_FILE_BYTES": "10485760",
    "JKC_SETTLE_SECONDS": "2",
    "JKC_CELERY_BROKER": "pyamqp://guest@rabbitmq:5672//",
    "JKC_CELERY_BACKEND": "rpc://",
}


def _deploy_definitions():
    spec = importlib.util.spec_from_file_location("jkc_deploy_definitions", DEPLOY_DIR / "definitions.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _instance_config(folder: Path = DEPLOY_DIR) -> dict:
    config, custom_class = dagster_instance_config(str(folder))
    assert custom_class is None
    return config


def test_instance_config_is_valid_with_postgres_storage_and_queue_limits():
    config = _instance_config()
    assert set(config["storage"]) == {"postgres"}
    assert config["storage"]["postgres"]["postgres_db"]["password"] == {"env": "DAGSTER_PG_PASSWORD"}
    limits = {limit["key"]: limit["limit"] for limit in config["concurrency"]["runs"]["tag_concurrency_limits"]}
    assert limits[WRITES_WAREHOUSE_TAG] == 1  # one warehouse writer at a time, as on one machine
    assert config["run_launcher"]["class"] == "K8sRunLauncher"


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("storage", "postgres", "postgres_db", "hostnmae"), "typo"),  # unknown key
        (("concurrency", "runs", "max_concurrent_runs"), "many"),  # wrong type
    ],
)
def test_instance_config_validation_rejects_mistakes(tmp_path, path, value):
    config = yaml.safe_load((DEPLOY_DIR / "dagster.yaml").read_text(encoding="utf-8"))
    node = config
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    (tmp_path / "dagster.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    with pytest.raises(DagsterInvalidConfigError):
        _instance_config(tmp_path)


def test_k8s_run_launcher_config_matches_its_schema():
    dagster_k8s = pytest.importorskip("dagster_k8s")
    from dagster._config import validate_config

    launcher = _instance_config()["run_launcher"]
    assert launcher["module"] == "dagster_k8s"
    result = validate_config(getattr(dagster_k8s, launcher["class"]).config_type(), launcher["config"])
    assert result.success, [error.message for error in result.errors]


@pytest.mark.parametrize("name", sorted(RUN_CONFIGS))
def test_executor_run_config_is_valid_for_the_nightly_job(name, monkeypatch):
    executor, package = RUN_CONFIGS[name]
    pytest.importorskip(package)
    for key, value in RUN_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("JKC_EXECUTOR", executor)
    defs = _deploy_definitions().defs
    job = defs.resolve_job_def("nightly_load")
    assert job.executor_def.name == _deploy_definitions().executor_named(executor).name
    run_config = yaml.safe_load((DEPLOY_DIR / "run_config" / name).read_text(encoding="utf-8"))
    validated = dg.validate_run_config(job, run_config)
    assert validated["execution"][job.executor_def.name]  # the executor's resolved config
    broken = run_config | {"execution": {"config": {"no_such_option": 1}}}
    with pytest.raises(dg.DagsterInvalidConfigError):
        dg.validate_run_config(job, broken)


def test_deploy_definitions_refuse_an_unknown_executor(monkeypatch):
    monkeypatch.setenv("JKC_EXECUTOR", "ray")
    with pytest.raises(ValueError, match="JKC_EXECUTOR"):
        _deploy_definitions()


def test_workspace_loads_the_same_code_location_name():
    workspace = yaml.safe_load((DEPLOY_DIR / "workspace.yaml").read_text(encoding="utf-8"))
    (entry,) = workspace["load_from"]
    assert entry["python_file"]["location_name"] == "jkc"
    assert (DEPLOY_DIR / entry["python_file"]["relative_path"]).exists()  # relative to deploy/
