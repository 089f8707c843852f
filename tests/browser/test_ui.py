"""The Dagster UI end to end: `dagster dev`, "Materialize all" in headless Chromium, then the HTML report.

`dagster dev` runs from tmp_path (nothing of the project folder is written)
with the project's workspace.yaml, its own DAGSTER_HOME and warehouse, in its own process group: it is stopped
with SIGINT to the whole group, then SIGKILL if it has not exited. Screenshots go to test-artifacts/ui/.
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from pipelines.reports.assets import report_path
from pipelines.settings import PROJECT_ROOT, SAMPLE_CORPUS_DIR
from pipelines.warehouse import connect

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "ui"
SERVER_START_TIMEOUT = 240
RUN_TIMEOUT = 300
STOP_TIMEOUT = 30
POLL_SECONDS = 1.0
UI_TIMEOUT_MS = 60_000
WELCOME_DIALOG_TIMEOUT_MS = 10_000
LATEST_MONTH = "(select strftime(max(month), '%Y-%m') from coverage_by_month)"
# Section of the HTML report -> the rows behind it: a section has a chart exactly when there are rows.
REPORT_SECTIONS = {
    "coverage": "coverage_by_month",
    "topic_shares": "topic_share_by_month",
    "top_entities": f"top_entities where period = {LATEST_MONTH}",
    "cooccurrence": "entity_cooccurrence",
    "speakers": "speakers",
}
ACTIVE_RUN_STATUSES = {"QUEUED", "NOT_STARTED", "STARTING", "STARTED", "CANCELING"}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists() and os.environ.get("CI") != "true",
        reason=f"{CHROMIUM} is missing (apt-get install -y chromium); the test always runs under CI=true",
    ),
]

RUNS_QUERY = "{ runsOrError { ... on Runs { results { runId status tags { key value } } } } }"
SENSOR_QUERY = """
{ sensorOrError(sensorSelector: {repositoryLocationName: "jkc", repositoryName: "__repository__",
                                 sensorName: "raw_folder_sensor"}) {
    ... on Sensor { sensorState { status ticks(limit: 1) { status } } } } }
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _graphql(url: str, query: str) -> dict:
    request = urllib.request.Request(
        f"{url}/graphql",
        data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["data"]


def _runs(url: str) -> dict[str, str]:
    return {run["runId"]: run["status"] for run in _graphql(url, RUNS_QUERY)["runsOrError"]["results"]}


def _wait_until(condition, timeout: float, what: str, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(POLL_SECONDS)
    tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}\n--- dagster dev log ---\n{tail}")


def _server_up(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/server_info", timeout=5):
            return True
    except OSError:
        return False


def _sensor_settled(url: str) -> bool:
    """The sensor has had its first tick (or is not running), and no run is active."""
    state = (_graphql(url, SENSOR_QUERY)["sensorOrError"] or {}).get("sensorState") or {}
    ticked = state.get("status") != "RUNNING" or bool(state.get("ticks"))
    return ticked and not (set(_runs(url).values()) & ACTIVE_RUN_STATUSES)


def _group_alive(process: subprocess.Popen) -> bool:
    process.poll()  # reap the leader, so a zombie does not keep the group alive
    try:
        os.killpg(process.pid, 0)
    except ProcessLookupError:
        return False
    return True


def _stop_group(process: subprocess.Popen) -> None:
    """SIGINT to dagster dev's whole process group (webserver, daemon, code servers), then SIGKILL."""
    for sig in (signal.SIGINT, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        deadline = time.monotonic() + STOP_TIMEOUT
        while time.monotonic() < deadline:
            if not _group_alive(process):
                return
            time.sleep(POLL_SECONDS)


@pytest.fixture
def dagster_ui(tmp_path):
    """`dagster dev` on a free loopback port with DAGSTER_HOME and the warehouse in tmp_path."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copyfile(PROJECT_ROOT / "dagster_home" / "dagster.yaml", home / "dagster.yaml")
    warehouse = tmp_path / "warehouse" / "jkc.duckdb"
    port = _free_port()
    env = os.environ | {
        "DAGSTER_HOME": str(home),
        "JKC_RAW_DIR": str(SAMPLE_CORPUS_DIR),
        "JKC_WAREHOUSE": str(warehouse),
        "JKC_SETTLE_SECONDS": "0",
        "JKC_MAX_FILE_BYTES": str(10 * 1024 * 1024),
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    log = tmp_path / "dagster-dev.log"
    command = [
        str(Path(sys.executable).with_name("dagster")),
        "dev",
        "-w",
        str(PROJECT_ROOT / "workspace.yaml"),
        "-h",
        "127.0.0.1",
        "-p",
        str(port),
    ]
    with open(log, "w") as out:
        process = subprocess.Popen(
            command,
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            # a shell running pytest in the background leaves SIGINT ignored; dagster dev needs it to stop
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until(lambda: process.poll() is not None or _server_up(url), SERVER_START_TIMEOUT, "the UI", log)
        assert process.poll() is None, f"dagster dev exited:\n{log.read_text(errors='replace')[-3000:]}"
        yield url, warehouse, log
    finally:
        _stop_group(process)


def _dismiss_welcome_dialog(page) -> None:
    """A fresh DAGSTER_HOME opens with a "Join the Dagster community" dialog over the page: skip it."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    skip = page.get_by_role("button", name="Skip")
    try:
        skip.wait_for(state="visible", timeout=WELCOME_DIALOG_TIMEOUT_MS)
    except PlaywrightTimeout:
        return
    skip.click()
    skip.wait_for(state="hidden")


def test_materialize_all_from_the_ui_then_read_the_report(dagster_ui):
    from playwright.sync_api import expect, sync_playwright

    url, warehouse, log = dagster_ui
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # The raw-folder sensor starts a load as soon as the daemon is up: let it finish first.
    _wait_until(lambda: _sensor_settled(url), RUN_TIMEOUT, "the sensor's first load", log)
    report = report_path(warehouse)
    report.unlink(missing_ok=True)
    runs_before = set(_runs(url))

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.set_default_timeout(UI_TIMEOUT_MS)
            page.goto(f"{url}/asset-groups")
            _dismiss_welcome_dialog(page)
            button = page.get_by_role("button", name="Materialize all")
            expect(button).to_be_enabled()
            page.screenshot(path=ARTIFACTS / "01-asset-graph.png")
            button.click()

            new_run = _wait_until(lambda: set(_runs(url)) - runs_before, RUN_TIMEOUT, "the launched run", log)
            (run_id,) = new_run
            page.screenshot(path=ARTIFACTS / "02-launched.png")
            status = _wait_until(
                lambda: (s := _runs(url)[run_id]) not in ACTIVE_RUN_STATUSES and s,
                RUN_TIMEOUT,
                "the run",
                log,
            )
            page.goto(f"{url}/runs/{run_id}")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=ARTIFACTS / "03-run.png")
            assert status == "SUCCESS", f"run {run_id} ended {status}"

            page.goto(f"{url}/assets/coverage_report")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=ARTIFACTS / "04-coverage-report-asset.png", full_page=True)
            page.get_by_text("[Show Markdown]").first.click()  # the coverage chart, a PNG in markdown
            expect(page.locator("img[src^='data:image/png;base64,']").first).to_be_visible()
            page.screenshot(path=ARTIFACTS / "05-coverage-chart-in-metadata.png")
            page.keyboard.press("Escape")

            assert report.exists(), f"the run did not write {report}"
            page.goto(report.as_uri())
            page.screenshot(path=ARTIFACTS / "06-coverage-html.png", full_page=True)
            marks = {
                section: page.locator(f"section#{section} svg .role-mark > *").count() for section in REPORT_SECTIONS
            }
        finally:
            browser.close()
    with connect(warehouse) as con:
        has_data = {
            section: con.sql(f"select count(*) from {view}").fetchall()[0][0] > 0
            for section, view in REPORT_SECTIONS.items()
        }
    assert has_data["coverage"], "the sample corpus left coverage_by_month empty"
    for section, expected in has_data.items():
        assert (marks[section] > 0) == expected, f"{section}: {marks[section]} marks; data in its view: {expected}"
