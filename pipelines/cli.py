"""The `jkc` command: load the warehouse in-process, show its status, check the set-up, open the UI."""

import argparse
import os
import shutil
import sys
import threading
import time
import uuid
from pathlib import Path

from pipelines.settings import ENV_DEFAULTS, PROJECT_ROOT

DAGSTER_HOME_TEMPLATE = PROJECT_ROOT / "dagster_home" / "dagster.yaml"
PROGRESS_POLL_SECONDS = 0.5


def ensure_dagster_home() -> Path:
    """DAGSTER_HOME (default: the project's git-ignored .dagster/) with the project's dagster.yaml in it."""
    home = Path(os.environ.get("DAGSTER_HOME") or PROJECT_ROOT / ".dagster")
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        shutil.copyfile(DAGSTER_HOME_TEMPLATE, config)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


def _resource_from_args(args: argparse.Namespace):
    from pipelines.resources import JkcConfig

    def env(name: str) -> str:
        return os.environ.get(name) or ENV_DEFAULTS[name]

    return JkcConfig(
        raw_dir=args.raw or env("JKC_RAW_DIR"),
        warehouse=args.warehouse or env("JKC_WAREHOUSE"),
        max_file_bytes=int(env("JKC_MAX_FILE_BYTES")),
        settle_seconds=int(env("JKC_SETTLE_SECONDS")),
    )


def _print_progress(instance, run_id: str, done: threading.Event) -> None:
    """Print step starts, successes, failures and check results as they happen (reads only new events)."""
    from dagster import DagsterEventType

    wanted = {
        DagsterEventType.STEP_START,
        DagsterEventType.STEP_SUCCESS,
        DagsterEventType.STEP_FAILURE,
        DagsterEventType.ASSET_CHECK_EVALUATION,
    }
    cursor = None
    while True:
        finished = done.is_set()
        page = instance.get_records_for_run(run_id, cursor=cursor, of_type=wanted)
        cursor = page.cursor or cursor
        for record in page.records:
            event = record.event_log_entry.dagster_event
            if event.event_type == DagsterEventType.ASSET_CHECK_EVALUATION:
                data = event.event_specific_data
                print(f"  check {data.check_name}: {'passed' if data.passed else 'FAILED'}", flush=True)
            else:
                verb = {"STEP_START": "…", "STEP_SUCCESS": "✓", "STEP_FAILURE": "✗"}[event.event_type_value]
                print(f"  {verb} {event.step_key}", flush=True)
        if finished and not page.has_more:
            return
        if not page.has_more:
            done.wait(PROGRESS_POLL_SECONDS)


def cmd_load(args: argparse.Namespace) -> int:
    ensure_dagster_home()
    from dagster import DagsterInstance

    from pipelines.definitions import defs
    from pipelines.warehouse import connect

    jkc = _resource_from_args(args)
    if not jkc.raw_path.is_dir():
        print(f"jkc load: raw folder {jkc.raw_path} does not exist", file=sys.stderr)
        return 2
    print(f"Loading {jkc.raw_path} into {jkc.warehouse_path}", flush=True)
    started = time.monotonic()
    run_id = str(uuid.uuid4())
    instance = DagsterInstance.get()
    done = threading.Event()
    progress = threading.Thread(target=_print_progress, args=(instance, run_id, done), daemon=True)
    progress.start()
    try:
        result = defs.resolve_job_def("nightly_load").execute_in_process(
            instance=instance,
            run_id=run_id,
            resources={"jkc": jkc},
            raise_on_error=False,
            run_config={"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}},
            tags={"jkc/launched-by": "cli"},
        )
    finally:
        done.set()
        progress.join()
    elapsed = time.monotonic() - started
    if not result.success:
        print(f"jkc load: failed after {elapsed:.1f} s: {_failure_reason(result)}", file=sys.stderr)
        return 1
    if args.summary_json:
        _write_summary(Path(args.summary_json), run_id, elapsed, result, jkc.warehouse_path)
    with connect(jkc.warehouse_path) as con:
        run = con.execute(
            "select n_new, n_changed, n_unchanged, n_missing, n_deferred, n_rejected from load_runs where run_id = ?",
            [run_id],
        ).fetchone()
        print(
            f"\nFiles: {run[0]} new, {run[1]} changed, {run[2]} unchanged, {run[3]} missing, "
            f"{run[4]} deferred, {run[5]} rejected"
        )
        _print_tables(con)
    print(f"\nLoaded in {elapsed:.1f} s.")
    print("Open the Dagster UI:  .venv/bin/jkc ui   (http://127.0.0.1:3000)")
    print("The notebook:         notebooks/coverage.ipynb (open it in Jupyter or VS Code with the .venv kernel;")
    print("                      run it headless: .venv/bin/jupyter-execute notebooks/coverage.ipynb)")
    print("Query from Python:    from pipelines.warehouse import connect; con = connect()  # read-only")
    return 0


def step_seconds(events) -> dict[str, float]:
    """Wall time of each step of a run, from its STEP_START / STEP_SUCCESS events."""
    started: dict[str, float] = {}
    seconds: dict[str, float] = {}
    for record in events:
        event = record.dagster_event
        if event is None or event.step_key is None:
            continue
        if event.event_type_value == "STEP_START":
            started[event.step_key] = record.timestamp
        elif event.event_type_value == "STEP_SUCCESS" and event.step_key in started:
            seconds[event.step_key] = round(record.timestamp - started[event.step_key], 3)
    return seconds


def _write_summary(path: Path, run_id: str, elapsed: float, result, warehouse: Path) -> None:
    import json

    from dagster import DagsterInstance

    from pipelines.warehouse import connect, table_row_counts

    with connect(warehouse) as con:
        tables = table_row_counts(con)
        files = con.execute(
            "select n_new, n_changed, n_unchanged, n_missing, n_deferred, n_rejected from load_runs where run_id = ?",
            [run_id],
        ).fetchone()
    summary = {
        "run_id": run_id,
        "seconds": round(elapsed, 3),
        "files": dict(zip(("new", "changed", "unchanged", "missing", "deferred", "rejected"), files, strict=True)),
        "tables": tables,
        "steps": step_seconds(DagsterInstance.get().all_logs(run_id)),
    }
    path.write_text(json.dumps(summary, indent=2), encoding="utf-8")


def _failure_reason(result) -> str:
    for event in result.all_events:
        if event.is_step_failure:
            error = event.step_failure_data.error
            message = (error.cause.message if error.cause else error.message) if error else ""
            return f"step {event.step_key}: {message.strip().splitlines()[-1] if message else 'failed'}"
    for event in result.all_events:
        if event.event_type_value == "ASSET_CHECK_EVALUATION" and not event.event_specific_data.passed:
            return f"validation failed: check {event.event_specific_data.check_name}; nothing was loaded"
    skipped = [e.step_key for e in result.all_events if e.event_type_value == "STEP_SKIPPED"]
    return f"steps skipped: {', '.join(skipped)}" if skipped else "the run did not succeed"


def _print_tables(con) -> None:
    from pipelines.warehouse import table_row_counts

    print("\nTables:")
    counts = table_row_counts(con)
    width = max(map(len, counts), default=0)
    for name, rows in counts.items():
        print(f"  {name:<{width}} {rows:>12,}")


def cmd_status(args: argparse.Namespace) -> int:
    from pipelines.warehouse import connect

    jkc = _resource_from_args(args)
    if not jkc.warehouse_path.exists():
        print(f"No warehouse at {jkc.warehouse_path} yet: run `jkc load`.")
        return 1
    with connect(jkc.warehouse_path) as con:
        print(f"Warehouse {jkc.warehouse_path}")
        _print_tables(con)
        last = con.execute(
            "select run_id, started_at, finished_at, n_new, n_changed, n_unchanged, n_rejected "
            "from load_runs order by finished_at desc limit 1"
        ).fetchone()
    if last:
        print(
            f"\nLast load {last[0]}: finished {last[2]:%Y-%m-%d %H:%M:%S %Z}, "
            f"{last[3]} new, {last[4]} changed, {last[5]} unchanged, {last[6]} rejected files"
        )
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from pipelines.doctor import run_doctor

    findings = run_doctor(_resource_from_args(args))
    for finding in findings:
        print(f"{'ok ' if finding.ok else 'BAD'}  {finding.check}: {finding.message}")
        if not finding.ok and finding.fix:
            print(f"     fix: {finding.fix}")
    bad = sum(not f.ok for f in findings)
    print(f"\n{len(findings) - bad} ok, {bad} to fix")
    return 1 if bad else 0


def cmd_candidates(args: argparse.Namespace) -> int:
    from pipelines.entities import top_candidates
    from pipelines.warehouse import connect

    jkc = _resource_from_args(args)
    if not jkc.warehouse_path.exists():
        print(f"No warehouse at {jkc.warehouse_path} yet: run `jkc load`.", file=sys.stderr)
        return 1
    with connect(jkc.warehouse_path) as con:
        rows = top_candidates(con, args.limit)
    print(f"{'n_articles':>10} {'n_mentions':>10}  lang  name (as written)  ->  example")
    for row in rows.iter_rows(named=True):
        example = (row["example_text"] or "").replace("\n", " ")[:70]
        print(
            f"{row['n_articles']:>10} {row['n_mentions']:>10}  {row['lang']:<4}  {row['normalised']} "
            f"({row['surface']})  ->  {example}"
        )
    return 0


def cmd_ui(args: argparse.Namespace) -> int:
    home = ensure_dagster_home()
    print(f"DAGSTER_HOME={home}")
    command = [
        str(Path(sys.executable).with_name("dagster")),
        "dev",
        "-w",
        "workspace.yaml",
        "-h",
        "127.0.0.1",
        "-p",
        str(args.port),
    ]
    os.chdir(PROJECT_ROOT)
    os.execv(command[0], command)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jkc", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, func, help_text in (
        ("load", cmd_load, "materialise every asset in-process: scan, parse, validate, load"),
        ("status", cmd_status, "tables, row counts and the last load of the warehouse"),
        ("doctor", cmd_doctor, "check the raw folder, warehouse, schema version, suites, disk space, Dagster home"),
    ):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--raw", help="raw folder (default: $JKC_RAW_DIR or the bundled sample corpus)")
        p.add_argument("--warehouse", help="DuckDB file (default: $JKC_WAREHOUSE or warehouse/jkc.duckdb)")
        p.set_defaults(func=func, summary_json=None)
    sub.choices["load"].add_argument("--summary-json", help="also write the summary (files, rows, step times) here")
    entities = sub.add_parser("entities", help="the entity gazetteer's curation aids")
    entities_sub = entities.add_subparsers(dest="entities_command", required=True)
    candidates = entities_sub.add_parser("candidates", help="most frequent names that are not in the gazetteer")
    candidates.add_argument("--limit", type=int, default=30)
    candidates.add_argument("--warehouse", help="DuckDB file (default: $JKC_WAREHOUSE or warehouse/jkc.duckdb)")
    candidates.set_defaults(func=cmd_candidates, raw=None)
    ui = sub.add_parser("ui", help="start the Dagster UI (dagster dev -w workspace.yaml) on 127.0.0.1")
    ui.add_argument("--port", type=int, default=3000)
    ui.set_defaults(func=cmd_ui)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("jkc: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
