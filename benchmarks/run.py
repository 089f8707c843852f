"""End-to-end benchmark of `jkc load`: one table for N = 1k, 10k, 100k articles, against the floor of the same run.

Run on demand: ``.venv/bin/python benchmarks/run.py [--sizes 1000,10000] [--results benchmarks/RESULTS.md]``.
For each size: a full load of a generated corpus (``generate_corpus.py``, cached in benchmarks/out/<N>) into a
fresh warehouse, in a subprocess (wall time, peak RSS and CPU time from ``wait4``, step times from
``--summary-json``); an increment of 1% new files; the floor (read and decode every file, one polars
``str.extract_many`` pass with every gazetteer surface form). Start-up is the load of an empty folder and is
subtracted from every load time. Then the latency of every report view on the largest warehouse, and the
microbenchmarks of the pure stages (``bench_*.py`` next to this file). Column meanings: benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
sys.path.insert(0, str(PROJECT_ROOT))
sys.path.insert(0, str(BENCH_DIR))

import generate_corpus  # noqa: E402
import polars as pl  # noqa: E402

DEFAULT_SIZES = (1_000, 10_000, 100_000)
OUT_DIR = BENCH_DIR / "out"
INCREMENT_SHARE = 0.01
INCREMENT_FOLDER = "_increment"
VIEW_RUNS = 5
VIEW_SLOW_MS = 2_000.0  # a view slower than this once is not run again (it fails the target anyway)
REPORTS_DIR = PROJECT_ROOT / "sql" / "reports"
# `jkc` of the code next to this file (a checkout or a `git archive` snapshot), whatever is installed editable.
JKC = [sys.executable, "-m", "pipelines.cli"]
MICROBENCHMARKS = {"bench_turns.py": ["--mb", "10"], "bench_entities.py": []}
MICRO_TIMEOUT_SECONDS = 600
# Compiled modules of the child processes (an installed deployment has them; PYTHONDONTWRITEBYTECODE would
# otherwise make every `jkc load` compile the Dagster, GX and pandas sources again: seconds of start-up).
BYTECODE_CACHE = OUT_DIR / "pycache"
RSS_POLL_SECONDS = 0.25
PROFILE_RATE = 50  # py-spy samples per second
PROFILE_TOP = 25
# Stage of a Dagster step, by the first keyword its step key contains (checked in this order).
STAGE_KEYWORDS = (
    ("validation", ("validation", "check", "suite")),
    ("load", ("warehouse", "commit", "load")),
    ("turns", ("turn", "speaker", "quote")),
    ("entities", ("entit", "mention", "gazetteer")),
    ("topics", ("topic", "relevance", "lexicon")),
    ("ingest", ("raw", "article", "source", "ingest", "scan", "parse")),
    ("reports", ("report", "html", "notebook")),
)
STAGES = ("ingest", "turns", "entities", "topics", "validation", "load", "reports", "other")
# Targets of the issue, on a 2-core machine.
TARGET_FLOOR_RATIO = 5.0
TARGET_100K_SECONDS = 120.0
TARGET_PEAK_RSS_GB = 3.0
TARGET_INCREMENT_SECONDS = 10.0
TARGET_VIEW_MS = 200.0
RESULTS_START, RESULTS_END = "<!-- results:start -->", "<!-- results:end -->"


@dataclass
class LoadRun:
    seconds: float
    peak_rss_mb: float  # the largest single process (wait4)
    peak_tree_rss_mb: float  # the load and its worker processes together (PSS sampled from /proc)
    cpu_seconds: float
    summary: dict = field(default_factory=dict)


@dataclass
class SizeResult:
    n: int
    megabytes: float
    full: LoadRun
    increment: LoadRun
    n_increment: int
    floor_read_s: float
    floor_extract_s: float
    warehouse_mb: float
    warehouse: Path


def stage_of(step_key: str) -> str:
    """The benchmark stage (ingest, turns, entities, topics, validation, load, other) of a Dagster step key."""
    key = step_key.lower()
    for stage, keywords in STAGE_KEYWORDS:
        if any(word in key for word in keywords):
            return stage
    return "other"


def stage_seconds(steps: dict[str, float]) -> dict[str, float]:
    """Seconds per stage, summed over the step times of a ``--summary-json``."""
    totals = dict.fromkeys(STAGES, 0.0)
    for key, seconds in steps.items():
        totals[stage_of(key)] += seconds
    return totals


def corpus(n: int, regenerate: bool = False) -> Path:
    """The cached corpus of ``n`` articles, generated again when the generator changed or it is incomplete."""
    folder = OUT_DIR / str(n)
    marker = folder / ".complete"
    stamp = f"{n} {generate_corpus.SEED} {_generator_digest()}"
    if regenerate or not marker.exists() or marker.read_text() != stamp:
        shutil.rmtree(folder, ignore_errors=True)
        made = generate_corpus.generate(folder, n)
        print(f"  generated {n:,} files, {made.bytes / 1e6:.0f} MB in {made.seconds:.1f} s", flush=True)
        marker.write_text(stamp)
    return folder


def _generator_digest() -> str:
    digest = hashlib.sha256(Path(generate_corpus.__file__).read_bytes())
    for path in (generate_corpus.GAZETTEER_PATH, generate_corpus.LEXICON_PATH):
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def corpus_megabytes(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*.txt")) / 1e6


def run_load(raw: Path, warehouse: Path, env: dict[str, str], log: Path, profile: Path | None = None) -> LoadRun:
    """`jkc load` in a subprocess: wall time, its peak RSS and CPU time (wait4), and its --summary-json.

    With ``profile``, ``py-spy record`` attaches to the load (and its worker processes) and writes collapsed
    stacks there; the load's own RSS and CPU time are still measured alone.
    """
    summary = log.with_suffix(".json")
    command = [*JKC, "load", "--raw", str(raw), "--warehouse", str(warehouse), "--summary-json", str(summary)]
    started = time.perf_counter()
    with open(log, "w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=PROJECT_ROOT)
        spy = _attach_py_spy(process.pid, profile) if profile is not None else None
        poller = TreeRss(process.pid)
        poller.start()
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    poller.stop()
    if spy is not None:
        spy.wait()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"jkc load of {raw} failed ({process.returncode}): {log.read_text()[-2000:]}")
    return LoadRun(
        seconds=seconds,
        peak_rss_mb=usage.ru_maxrss / 1024,  # KiB on Linux; the largest of the process and its waited children
        peak_tree_rss_mb=poller.peak_bytes / 1e6,
        cpu_seconds=usage.ru_utime + usage.ru_stime,  # the process and its worker processes
        summary=json.loads(summary.read_text()),
    )


class TreeRss(threading.Thread):
    """Samples the summed memory (PSS) of a process and all its descendants until stopped; keeps the peak."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_bytes, self._done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.peak_bytes = max(self.peak_bytes, tree_rss_bytes(self.pid))
            self._done.wait(RSS_POLL_SECONDS)

    def stop(self) -> None:
        self._done.set()
        self.join()


def tree_rss_bytes(root: int) -> int:
    """Summed proportional set size (PSS: shared pages split between their processes, so forked workers are not
    counted twice) of ``root`` and its descendants, from /proc/<pid>/smaps_rollup and stat (ppid)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = {root}, [root]
    while frontier:
        children = [pid for pid, ppid in parents.items() if ppid in frontier and pid not in tree]
        tree.update(children)
        frontier = children
    total = 0
    for pid in tree:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) * 1024 for line in rollup.splitlines() if line.startswith("Pss:")), 0)
    return total


def _attach_py_spy(pid: int, profile: Path) -> subprocess.Popen:
    py_spy = Path(sys.executable).with_name("py-spy")
    command = [str(py_spy), "record", "--pid", str(pid), "--subprocesses", "-r", str(PROFILE_RATE)]
    return subprocess.Popen(
        [*command, "-f", "raw", "-o", str(profile)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def profile_summary(collapsed: Path, top: int = PROFILE_TOP) -> str:
    """Inclusive and self share of samples per function (file:function) of a py-spy raw profile."""
    inclusive: dict[str, int] = {}
    own: dict[str, int] = {}
    total = 0
    for line in collapsed.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        # py-spy --subprocesses roots each stack at a `process <pid>:"<command>"` frame: not a function
        frames = [_frame_name(frame) for frame in stack.split(";") if not frame.startswith("process ")]
        if not frames:
            continue
        total += int(count)
        for frame in set(frames):
            inclusive[frame] = inclusive.get(frame, 0) + int(count)
        own[frames[-1]] = own.get(frames[-1], 0) + int(count)
    lines = [f"{total} samples at {PROFILE_RATE}/s"]
    for title, counts in (("inclusive, project code", inclusive), ("self", own)):
        lines.append(f"-- {title}")
        ranked = sorted(counts.items(), key=lambda item: -item[1])
        if title.startswith("inclusive"):
            ranked = [item for item in ranked if item[0].startswith("pipelines/")]
        lines += [f"{100 * n / max(total, 1):5.1f}%  {name}" for name, n in ranked[:top]]
    return "\n".join(lines)


def _frame_name(frame: str) -> str:
    """``func (path/to/file.py:12)`` -> ``path relative to the project or site-packages:func``."""
    function, _, where = frame.partition(" (")
    path = where.rsplit(":", 1)[0]
    for marker in ("/site-packages/", f"{PROJECT_ROOT}/"):
        path = path.split(marker, 1)[-1]
    return f"{path}:{function}"


def _decode(data: bytes) -> str:
    """The least decoding any loader must do: BOMs, UTF-8, else cp1251."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1251")


def surface_forms() -> list[str]:
    """Every gazetteer surface form, from the entities module's pattern generation (or the raw names)."""
    try:
        from pipelines.entities.gazetteer import entity_patterns, load_gazetteer

        return entity_patterns(load_gazetteer())["pattern"].to_list()
    except (ImportError, FileNotFoundError):
        people, names = generate_corpus._gazetteer()
        return sorted({name for lang in people for name in people[lang] + names[lang]}, key=len, reverse=True)


def floor(raw: Path, forms: list[str]) -> tuple[float, float]:
    """(seconds to read and decode every file, seconds of one extract_many pass over them)."""
    started = time.perf_counter()
    texts = [_decode(path.read_bytes()) for path in sorted(raw.rglob("*.txt"))]
    read_s = time.perf_counter() - started
    frame = pl.DataFrame({"text": texts})
    started = time.perf_counter()
    frame.select(pl.col("text").str.extract_many(forms, leftmost=True))
    return read_s, time.perf_counter() - started


def report_queries(con) -> list[tuple[str, str, str, list]]:
    """(view, label, sql, params): the access pattern each report view's header documents, on this warehouse's
    latest month, its most quoted speaker and its first outlet; plus ``select *`` of every view."""
    month_date, month = con.execute(
        "select date_trunc('month', max(published_date))::date, strftime(max(published_date), '%Y-%m') "
        "from articles where not source_missing"
    ).fetchall()[0]
    speaker = con.execute(
        "select speaker_key from quotes_by_speaker group by speaker_key order by count(*) desc, speaker_key limit 1"
    ).fetchall()[0]
    outlet = con.execute("select min(outlet) from articles").fetchall()[0][0]
    documented = {
        "coverage_by_month": [("month, lang", "where month = ? and lang = ?", [month_date, "kk"])],
        "emerging_terms": [("lang, rank <= 20", "where lang = ? and rank <= 20", ["ru"])],
        "entity_cooccurrence": [
            ("latest month", "where period = ? and n_articles >= ?", [month, 2]),
            ("all", "where period = ? and n_articles >= ?", ["all", 2]),
        ],
        "outlet_coverage": [("outlet", "where outlet = ?", [outlet])],
        "quotes": [("latest month", "where published_date >= ?", [month_date])],
        "quotes_by_speaker": [
            (
                "top speaker",
                "where speaker_key = ? order by published_date, article_id, turn_index",
                [speaker[0] if speaker else ""],
            )
        ],
        "speakers": [
            ("latest month, top 10", "where period_grain = 'month' and period = ? order by rank limit 10", [month]),
            ("all, top 10", "where period = ? order by rank limit 10", ["all"]),
        ],
        "top_entities": [
            (
                "latest month, GPE top 10",
                "where period_grain = 'month' and period = ? and entity_type = ? order by rank_in_type limit 10",
                [month, "GPE"],
            ),
            (
                "all, PERSON top 10",
                "where period = ? and entity_type = ? order by rank_in_type limit 10",
                ["all", "PERSON"],
            ),
        ],
        "topic_share_by_month": [("month", "where month = ?", [month_date])],
    }
    queries = []
    for path in sorted(REPORTS_DIR.glob("*.sql")):
        view = path.stem
        for label, clause, params in documented.get(view, []):
            queries.append((view, label, f"select * from {view} {clause}", params))
        queries.append((view, "select *", f"select * from {view}", []))
    return queries


def query_latencies(warehouse: Path, runs: int = VIEW_RUNS) -> list[tuple[str, str, float, int]]:
    """(view, label, median ms, rows) of every :func:`report_queries` query, fetched as a polars frame.

    A query slower than ``VIEW_SLOW_MS`` on its first run is timed once.
    """
    import duckdb

    latencies = []
    with duckdb.connect(str(warehouse), read_only=True) as con:
        con.execute("set enable_progress_bar = false")
        for view, label, sql, params in report_queries(con):
            times, rows = [], 0
            for _ in range(runs):
                started = time.perf_counter()
                rows = con.sql(sql, params=params).pl().height
                times.append((time.perf_counter() - started) * 1000)
                if times[0] > VIEW_SLOW_MS:
                    break
            latencies.append((view, label, statistics.median(times), rows))
    return latencies


def bench_size(
    n: int, env: dict[str, str], work: Path, forms: list[str], regen: bool, profile: Path | None = None
) -> SizeResult:
    raw = corpus(n, regen)
    increment_dir = raw / INCREMENT_FOLDER
    shutil.rmtree(increment_dir, ignore_errors=True)
    megabytes = corpus_megabytes(raw)
    warehouse = work / f"jkc_{n}.duckdb"
    print(f"  full load of {n:,} files ({megabytes:.0f} MB)", flush=True)
    full = run_load(raw, warehouse, env, work / f"full_{n}.log", profile)
    warehouse_mb = warehouse.stat().st_size / 1e6
    n_increment = max(1, round(n * INCREMENT_SHARE))
    generate_corpus.generate(increment_dir, n_increment, start=n)
    print(f"  increment of {n_increment:,} files", flush=True)
    try:
        increment = run_load(raw, warehouse, env, work / f"increment_{n}.log")
    finally:
        shutil.rmtree(increment_dir, ignore_errors=True)
    print("  floor", flush=True)
    read_s, extract_s = floor(raw, forms)
    return SizeResult(n, megabytes, full, increment, n_increment, read_s, extract_s, warehouse_mb, warehouse)


def _fmt(value: float, digits: int = 1) -> str:
    return f"{value:,.{digits}f}"


def main_table(results: list[SizeResult], startup: float) -> str:
    """The results as one markdown table: a row per metric, a column per corpus size."""
    rows: list[tuple[str, list[str]]] = []

    def add(name: str, fn) -> None:
        rows.append((name, [fn(r) for r in results]))

    def net(run: LoadRun) -> float:
        return max(run.seconds - startup, 1e-9)

    add("corpus MB", lambda r: _fmt(r.megabytes, 0))
    add("articles loaded", lambda r: f"{r.full.summary['tables'].get('articles', 0):,}")
    add("full load s (wall)", lambda r: _fmt(r.full.seconds))
    add("full load s (minus start-up)", lambda r: _fmt(net(r.full)))
    add("articles/s", lambda r: _fmt(r.n / net(r.full), 0))
    add("MB/s", lambda r: _fmt(r.megabytes / net(r.full), 2))
    for stage in STAGES:
        add(f"  {stage} s", lambda r, s=stage: _fmt(stage_seconds(r.full.summary.get("steps", {}))[s], 2))
    add("CPU s / wall s (cores used)", lambda r: _fmt(r.full.cpu_seconds / r.full.seconds, 2))
    add("peak RSS MB, largest process", lambda r: _fmt(r.full.peak_rss_mb, 0))
    add("peak PSS MB, load + workers", lambda r: _fmt(r.full.peak_tree_rss_mb, 0))
    add("warehouse MB", lambda r: _fmt(r.warehouse_mb, 1))
    add("floor: read+decode s", lambda r: _fmt(r.floor_read_s, 2))
    add("floor: extract_many s", lambda r: _fmt(r.floor_extract_s, 2))
    add("load / floor", lambda r: _fmt(net(r.full) / (r.floor_read_s + r.floor_extract_s), 1))
    add("increment files", lambda r: f"{r.n_increment:,}")
    add("increment s (minus start-up)", lambda r: _fmt(net(r.increment), 2))
    add("increment / full", lambda r: _fmt(net(r.increment) / net(r.full), 3))
    for stage in STAGES:
        add(
            f"  increment {stage} s", lambda r, s=stage: _fmt(stage_seconds(r.increment.summary.get("steps", {}))[s], 2)
        )
    add("increment peak PSS MB, load + workers", lambda r: _fmt(r.increment.peak_tree_rss_mb, 0))
    header = "| metric | " + " | ".join(f"N = {r.n:,}" for r in results) + " |"
    lines = [header, "| --- |" + " ---: |" * len(results)]
    lines += [f"| {name} | " + " | ".join(values) + " |" for name, values in rows]
    return "\n".join(lines)


def views_table(latencies: list[tuple[str, str, float, int]]) -> str:
    lines = ["| view | query | median ms | rows | ≤ 200 ms |", "| --- | --- | ---: | ---: | --- |"]
    for view, label, ms, rows in latencies:
        verdict = "yes" if ms <= TARGET_VIEW_MS else "NO"
        lines.append(
            f"| {view} | {label} | {ms:.1f} | {rows:,} | {verdict if label != 'select *' else f'({verdict})'} |"
        )
    return "\n".join(lines)


def microbenchmarks() -> str:
    """Output of the pure-stage microbenchmarks that exist next to this file."""
    parts = []
    for script, args in MICROBENCHMARKS.items():
        path = BENCH_DIR / script
        if not path.exists():
            continue
        try:
            done = subprocess.run(
                [sys.executable, str(path), *args], capture_output=True, text=True, timeout=MICRO_TIMEOUT_SECONDS
            )
            output = (done.stdout + done.stderr).strip()
        except subprocess.TimeoutExpired:
            output = f"timed out after {MICRO_TIMEOUT_SECONDS} s"
        parts.append(f"$ benchmarks/{script} {' '.join(args)}\n{output}")
    return "\n\n".join(parts)


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    memory_kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if "MemTotal" in line
    )
    commit = (
        os.environ.get("JKC_BENCH_COMMIT")
        or subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=PROJECT_ROOT
        ).stdout.strip()
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no", "pipelines", "sql"],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
    ).stdout.strip()
    return (
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores ({cpu}), {memory_kb / 1024**2:.0f} GB RAM; "
        f"Python {platform.python_version()}, polars {pl.__version__}; commit {commit}"
        + (" + uncommitted pipeline changes" if dirty else "")
    )


def verdicts(results: list[SizeResult], startup: float, latencies: list[tuple[str, str, float, int]]) -> list[str]:
    """Each target of the issue, measured on the largest size run."""
    big = results[-1]
    net = big.full.seconds - startup
    ratio = net / (big.floor_read_s + big.floor_extract_s)
    documented = [(ms, view, label) for view, label, ms, _ in latencies if label != "select *"]
    slowest = max(documented, default=(0.0, "", ""))
    lines = [
        f"load/floor at N={big.n:,}: {ratio:.1f} (target ≤ {TARGET_FLOOR_RATIO:.0f})",
        f"full load at N={big.n:,}: {net:.1f} s plus {startup:.1f} s start-up "
        f"(target at 100k: ≤ {TARGET_100K_SECONDS:.0f} s)",
        f"peak RSS of the load and its workers at N={big.n:,}: {big.full.peak_tree_rss_mb / 1e3:.2f} GB "
        f"(target at 100k: ≤ {TARGET_PEAK_RSS_GB:.0f} GB)",
        f"increment of {big.n_increment:,} files: {big.increment.seconds - startup:.1f} s plus start-up "
        f"(target ≤ {TARGET_INCREMENT_SECONDS:.0f} s)",
        f"slowest documented report query at N={big.n:,}: {slowest[1]} ({slowest[2]}) {slowest[0]:.1f} ms "
        f"(target ≤ {TARGET_VIEW_MS:.0f} ms)",
        f"cores used by the full load at N={big.n:,}: "
        f"{big.full.cpu_seconds / big.full.seconds:.2f} of {os.cpu_count()}",
    ]
    return lines


def write_results(path: Path, text: str) -> None:
    """Put ``text`` between the result markers of ``path`` (the prose around them stays), or write it whole."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if RESULTS_START in old and RESULTS_END in old:
        head, rest = old.split(RESULTS_START, 1)
        text = head + RESULTS_START + "\n" + text + "\n" + RESULTS_END + rest.split(RESULTS_END, 1)[1]
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="comma-separated corpus sizes")
    parser.add_argument("--results", type=Path, help="also write the report (markdown) to this file")
    parser.add_argument("--regenerate", action="store_true", help="generate the corpora again even when cached")
    parser.add_argument("--no-micro", action="store_true", help="skip the pure-stage microbenchmarks")
    parser.add_argument(
        "--profile", type=Path, help="py-spy profile of the largest full load and its workers (collapsed stacks)"
    )
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="let the loads compile every module again when PYTHONDONTWRITEBYTECODE is set (as-is start-up)",
    )
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    work = Path(tempfile.mkdtemp(prefix="jkc-bench-", dir=OUT_DIR if OUT_DIR.exists() else None))
    env = os.environ | {"JKC_SETTLE_SECONDS": "0", "DAGSTER_HOME": str(work / "dagster_home")}
    if not args.no_bytecode_cache:
        env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"} | {
            "PYTHONPYCACHEPREFIX": str(BYTECODE_CACHE)
        }
    print(f"working in {work}", flush=True)
    empty = work / "empty"
    empty.mkdir()
    startup = statistics.median(
        run_load(empty, work / f"startup_{i}.duckdb", env, work / f"startup_{i}.log").seconds for i in range(3)
    )
    print(f"start-up (load of an empty folder): {startup:.2f} s", flush=True)
    forms = surface_forms()
    results = []
    for n in sizes:
        print(f"N = {n:,}", flush=True)
        profile = args.profile if n == sizes[-1] else None
        results.append(bench_size(n, env, work, forms, args.regenerate, profile))
    latencies = query_latencies(results[-1].warehouse)
    report = [
        f"Machine: {machine()}",
        f"Sizes run: {', '.join(f'{n:,}' for n in sizes)}; start-up (load of an empty folder, median of 3): "
        f"{startup:.2f} s, subtracted from load times; floor: {len(forms):,} surface forms.",
        "",
        main_table(results, startup),
        "",
        f"Report views on the N = {sizes[-1]:,} warehouse (median of {VIEW_RUNS}):",
        "",
        views_table(latencies),
        "",
        "Targets:",
        "",
        *(f"- {line}" for line in verdicts(results, startup, latencies)),
    ]
    if args.profile:
        report += ["", f"Profile of the N = {sizes[-1]:,} full load (py-spy):", "", "```"]
        report += [profile_summary(args.profile), "```"]
    if not args.no_micro and (micro := microbenchmarks()):
        report += ["", "Microbenchmarks of the pure stages:", "", "```", micro, "```"]
    text = "\n".join(report)
    print("\n" + text)
    if args.results:
        write_results(args.results, text)
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
