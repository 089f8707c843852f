"""The DuckDB warehouse: read-only connections for notebooks, and the all-or-nothing loader.

DuckDB allows one read-write process *or* many read-only ones. So a load never opens the live file for writing:
it copies the warehouse, applies the whole load to the copy in one transaction, checkpoints it and atomically
renames it over the live file. Readers that hold the old file keep a consistent snapshot; new connections see the
new data; a crash or a failed validation leaves the live file exactly as it was (the copy is discarded).
One writer at a time: an exclusive ``flock`` on ``<warehouse>.lock`` for the whole copy-load-swap.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from pipelines.ingest.scan import MANIFEST_SCHEMA
from pipelines.parts import Parts
from pipelines.reports.summaries import refresh_report_tables
from pipelines.settings import (
    DEFAULT_WAREHOUSE,
    LOAD_DUCKDB_CONFIG,
    LOCK_TIMEOUT_SECONDS,
    PIPELINE_VERSION,
    SCHEMA_VERSION,
    SQL_DIR,
)

SCHEMA_DIR = SQL_DIR / "schema"
VIEW_LAYERS = ("staging", "marts", "reports")
# Tables whose primary key was dropped: ids unique by construction (they start with the article id, and an article's
# rows are deleted before it is loaded again) and validated before the load, never looked up one by one. At 100k
# articles the ART index of entity_mentions.mention_id cost ~4 s of CPU per full load and 0.35 GB of file; that of
# turns.turn_id 1.3 CPU s, 2 s of every commit (the index is written whole) and 80 MB.
UNKEYED_TABLES = ("entity_mentions", "turns")
# Columns dropped from the contract, dropped from older warehouses on their next load. article_terms.lang: the
# article's language (articles.lang), 46 M rows at 100k articles that cost every full load 2.7 CPU s.
DROPPED_COLUMNS = {"article_terms": ("lang",)}


class WarehouseBusy(RuntimeError):
    """Another load holds the warehouse lock."""


class WarehouseChanged(RuntimeError):
    """Another load committed between this run's scan and its load."""


def connect(path: Path | str | None = None, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Open the warehouse; read-only by default, which never blocks (nor is blocked by) a load.

    Read-only, the file is attached to a fresh in-memory database: ``duckdb.connect`` would hand back the instance
    an open connection of this process still holds, i.e. the file as it was before the last swap.
    """
    if not read_only:
        return duckdb.connect(str(path or DEFAULT_WAREHOUSE))
    con = duckdb.connect()
    con.execute("attach ? as warehouse (read_only)", [str(path or DEFAULT_WAREHOUSE)])
    con.execute("use warehouse")
    return con


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


@contextmanager
def writer_lock(warehouse: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    """Hold the single-writer lock of ``warehouse``; wait up to ``timeout`` seconds, then refuse."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path(warehouse), "a+") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "another process"
                    raise WarehouseBusy(
                        f"another load is writing {warehouse} ({holder}); waited {timeout:.0f} s"
                    ) from None
                time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass(frozen=True)
class WarehouseState:
    manifest: pl.DataFrame  # MANIFEST_SCHEMA: files present at the last load
    generation: str | None  # run_id of the last committed load


def read_state(warehouse: Path) -> WarehouseState:
    """What the last committed load left: the manifest of present files and its run id."""
    if not warehouse.exists():
        return WarehouseState(MANIFEST_SCHEMA.to_frame(), None)
    with connect(warehouse) as con:
        manifest = con.sql(
            "select path, size, mtime_ns, sha256, article_id, encoding, reason, detail, pipeline_version "
            "from source_files where present"
        ).pl()
        return WarehouseState(manifest.cast(MANIFEST_SCHEMA), _generation(con))


def _generation(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute("select run_id from load_runs order by finished_at desc, run_id limit 1").fetchone()
    return row[0] if row else None


@dataclass
class LoadBatch:
    """Everything one load writes. Article tables hold rows of (re)parsed articles only."""

    run_id: str
    raw_dir: str
    source_files: pl.DataFrame  # scan.SOURCE_FILES_SCHEMA
    article_tables: Mapping[str, Parts]  # table -> rows keyed by article_id, as Parquet parts; `articles` first
    article_columns: Mapping[str, Parts] = field(default_factory=dict)  # table -> extra columns by article_id
    dimension_tables: Mapping[str, pl.DataFrame] = field(default_factory=dict)  # replaced whole
    validation_results: pl.DataFrame | None = None
    expected_generation: str | None = None
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass(frozen=True)
class LoadSummary:
    run_id: str
    counts: dict[str, int]  # files by change, plus n_rejected
    table_rows: dict[str, int]


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table of the contract that does not exist yet; rebuild tables that still have a dropped key and
    drop the columns that left the contract."""
    keyed = [
        name
        for (name,) in con.execute(
            "select table_name from duckdb_constraints() "
            "where constraint_type = 'PRIMARY KEY' and list_contains(?, table_name)",
            [list(UNKEYED_TABLES)],
        ).fetchall()
    ]
    for table in keyed:
        con.execute(f"alter table {table} rename to {table}_keyed")
    for path in sorted(SCHEMA_DIR.glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))
    for table, columns in DROPPED_COLUMNS.items():
        for column in columns:
            con.execute(f"alter table {table} drop column if exists {column}")
    for table in keyed:
        con.execute(f"insert into {table} by name select * from {table}_keyed")
        con.execute(f"drop table {table}_keyed")
    con.execute("delete from schema_info")
    con.execute("insert into schema_info values (?, ?)", [SCHEMA_VERSION, PIPELINE_VERSION])


def create_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """(Re)create every view in sql/staging, sql/marts and sql/reports, in that order; return their names."""
    names = []
    for layer in VIEW_LAYERS:
        for path in sorted((SQL_DIR / layer).glob("*.sql")):
            con.execute(f"create or replace view {path.stem} as\n{path.read_text(encoding='utf-8')}")
            names.append(path.stem)
    return names


def commit_load(warehouse: Path, batch: LoadBatch) -> LoadSummary:
    """Apply ``batch`` to a copy of the warehouse in one transaction and swap it in atomically."""
    with writer_lock(warehouse):
        current = _generation_of(warehouse)
        if current != batch.expected_generation:
            raise WarehouseChanged(
                f"load {current} was committed after this run scanned the raw folder; run the load again"
            )
        staging = warehouse.with_name(f".{warehouse.name}.{batch.run_id}.loading")
        staging.unlink(missing_ok=True)
        if warehouse.exists():
            shutil.copy2(warehouse, staging)
        try:
            with duckdb.connect(str(staging), config=LOAD_DUCKDB_CONFIG) as con:
                con.execute("begin transaction")
                apply_schema(con)
                counts = _apply(con, batch)
                create_views(con)
                refresh_report_tables(con)
                con.execute("commit")
                con.execute("checkpoint")
                table_rows = table_row_counts(con)
            os.replace(staging, warehouse)
            _fsync_dir(warehouse.parent)
        except BaseException:
            staging.unlink(missing_ok=True)
            staging.with_name(staging.name + ".wal").unlink(missing_ok=True)
            raise
    return LoadSummary(batch.run_id, counts, table_rows)


def _generation_of(warehouse: Path) -> str | None:
    if not warehouse.exists():
        return None
    with connect(warehouse) as con:
        return _generation(con)


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def table_row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    tables = con.execute(
        "select table_name from duckdb_tables() where schema_name = 'main' order by table_name"
    ).fetchall()
    return {name: con.execute(f'select count(*) from "{name}"').fetchone()[0] for (name,) in tables}


def _apply(con: duckdb.DuckDBPyConnection, batch: LoadBatch) -> dict[str, int]:
    now = batch.started_at
    files = batch.source_files
    con.register("batch_files", files.to_arrow())
    # Articles whose files changed or vanished: they may lose their last source.
    con.execute(
        "create temp table touched_article_ids as select distinct s.article_id "
        "from source_files s join batch_files f using (path) "
        "where f.change in ('changed', 'missing') and s.article_id is not null"
    )
    con.execute(
        """
        insert or replace into source_files
        select f.path, f.size, f.mtime_ns, f.sha256, f.article_id, f.encoding, f.reason, f.detail,
               f.change <> 'missing' as present,
               case when f.change = 'missing' then s.pipeline_version else ? end as pipeline_version,
               coalesce(s.first_seen, ?) as first_seen,
               case when f.change = 'missing' then s.last_seen else ? end as last_seen
        from batch_files f left join source_files s using (path)
        where f.change <> 'deferred'
        """,
        [PIPELINE_VERSION, now, now],
    )
    con.execute(
        "create temp table batch_article_ids as select article_id from read_parquet(?)",
        [list(batch.article_tables["articles"].paths)],
    )
    # An article none of whose files holds it any more (they changed) is replaced, not kept.
    con.execute(
        "create temp table orphan_article_ids as select article_id from touched_article_ids "
        "except select article_id from source_files where article_id is not null"
    )
    # Rows of an article exist only while the article does: look the replaced ones up in `articles` (indexed), and
    # scan the big tables only when there are any (a load of new files replaces none).
    con.execute(
        "create temp table replaced_article_ids as select article_id from articles "
        "where article_id in (select article_id from batch_article_ids) "
        "or article_id in (select article_id from orphan_article_ids)"
    )
    if con.execute("select count(*) from replaced_article_ids").fetchone()[0]:
        for table in reversed(list(batch.article_tables)):
            con.execute(f"delete from {table} where article_id in (select article_id from replaced_article_ids)")
    for table, parts in batch.article_tables.items():
        if parts.n_rows:
            con.execute(f"insert into {table} by name select * from read_parquet(?)", [list(parts.paths)])
    for table, parts in batch.article_columns.items():
        columns = [c for c in parts.schema if c != "article_id"]
        assignments = ", ".join(f"{c} = u.{c}" for c in columns)
        con.execute(
            f"update {table} t set {assignments} from read_parquet(?) u where t.article_id = u.article_id",
            [list(parts.paths)],
        )
    con.execute(
        """
        update articles a set source_missing = not exists (
            select 1 from source_files s where s.article_id = a.article_id and s.present)
        where source_missing is distinct from not exists (
            select 1 from source_files s where s.article_id = a.article_id and s.present)
        """
    )
    for table, frame in batch.dimension_tables.items():
        con.execute(f"delete from {table}")
        con.register("batch_rows", frame.to_arrow())
        con.execute(f"insert into {table} by name select * from batch_rows")
        con.unregister("batch_rows")
    if batch.validation_results is not None and batch.validation_results.height:
        con.register("batch_rows", batch.validation_results.to_arrow())
        con.execute("insert into validation_results by name select * from batch_rows")
        con.unregister("batch_rows")
    counts = {
        change: files.filter(pl.col("change") == change).height
        for change in ("new", "changed", "unchanged", "missing", "deferred")
    }
    counts["rejected"] = files.filter(
        pl.col("change").is_in(["new", "changed"]) & pl.col("reason").is_not_null()
    ).height
    n_articles = con.execute("select count(*) from articles").fetchone()[0]
    con.execute(
        "insert into load_runs values (?, ?, now(), ?, ?, ?, ?, ?, ?, ?, ?, ?, 'success')",
        [
            batch.run_id,
            now,
            files.filter(pl.col("change") != "missing").height,
            counts["new"],
            counts["changed"],
            counts["unchanged"],
            counts["missing"],
            counts["deferred"],
            counts["rejected"],
            n_articles,
            batch.raw_dir,
        ],
    )
    return counts
