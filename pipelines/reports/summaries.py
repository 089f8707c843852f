"""Summary tables behind the report views, refreshed by the loader inside the load transaction.

A *stored* view is computed once per load instead of on every query. Its SQL file stays its definition (a fresh
warehouse computes it as it is); :func:`refresh_report_tables` stores the view's rows in the table
``stored_<view>`` and re-points the view at them, so readers of the view get the same rows in milliseconds. The
next load recreates the view from its file and stores it again. Views are stored in dependency order, so later
ones read the rows stored before them.

Rows derived per article (:data:`PER_ARTICLE_VIEWS`) are maintained for the changed articles only: an article's
rows change only when the load re-inserts it, which gives it a new ``articles.ingested_at`` (or, for a view that
leaves out articles whose files disappeared, when its ``source_missing`` flips); ``stored_article_versions``
remembers the version each stored article was computed from. A per-article view is stored whole again when its SQL
file, or a small table it reads whole (:data:`VIEW_INPUTS`), changes, or when its table is missing.

Rows of a view in :data:`SORT_KEYS` are stored in that order, so DuckDB's zone maps skip all row groups but a few
for a filter on the key: a report reading a few thousand long texts reads them from a few row groups instead of
decompressing the text column of every row group of ``turns``. Their text columns are compressed with zstd, as
``turns.text`` is (at 100k articles, storing quotes_by_speaker whole: 9.4 -> 6.3 CPU s; its top speaker's query
59 -> 35 ms).
"""

from __future__ import annotations

import hashlib

import duckdb

from pipelines.settings import SQL_DIR

# Views stored at load time, in dependency order.
STORED_VIEWS = (
    ("marts", "dim_articles"),
    ("marts", "agg_article_entities"),
    ("reports", "top_entities"),
    ("reports", "entity_cooccurrence"),
    ("reports", "speakers"),
    ("reports", "emerging_terms"),
    ("reports", "quotes_by_speaker"),
)
# Stored views whose rows are keyed by article_id and computed from that article's rows alone, with the columns of
# `articles` whose change recomputes an article's rows (ingested_at: the article was re-inserted; source_missing:
# dim_articles, which leaves out articles whose files disappeared, gained or lost it).
PER_ARTICLE_VIEWS = {
    "agg_article_entities": ("ingested_at",),
    "quotes_by_speaker": ("ingested_at", "source_missing"),
}
# Small tables a per-article view reads whole (speaker names): a change of their rows stores the view whole again.
VIEW_INPUTS = {"quotes_by_speaker": "select entity_id, name_en from dim_entities order by entity_id"}
# Stored views holding long texts, kept in the order of the column their documented query filters on (their varchar
# columns compressed with zstd).
SORT_KEYS = {"quotes_by_speaker": "speaker_key"}
# Rows appended by loads since a sorted stored view was last sorted (each query reads them all: their row groups' zone
# maps span every key; ~30 ms of text per row group at 100k articles) after which it is sorted again: a row group.
RESORT_ROWS = 122_880
STORED_PREFIX = "stored_"
VERSIONS_TABLE = "stored_article_versions"
DEFINITIONS_TABLE = "stored_view_definitions"


def stored_table(view: str) -> str:
    """The table holding the stored rows of ``view``."""
    return STORED_PREFIX + view


def refresh_report_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Store the rows of every stored view of ``con`` and point the views at them.

    Called by :func:`pipelines.warehouse.commit_load` right after the views are (re)created, in the same
    transaction, so a failed load leaves them as they were. Each view is recreated from its file first, so a
    second call stores the same rows.
    """
    con.execute(f"create table if not exists {DEFINITIONS_TABLE} (view_name varchar primary key, sql_sha256 varchar)")
    con.execute(f"create table if not exists {VERSIONS_TABLE} (article_id varchar, ingested_at timestamptz)")
    # Added after the first stored views: null in older warehouses, whose views reading it are then stored whole.
    con.execute(f"alter table {VERSIONS_TABLE} add column if not exists source_missing boolean")
    con.execute(
        f"comment on table {DEFINITIONS_TABLE} is 'SHA-256 of the SQL file each stored view was last stored from "
        "(and of the rows of the small tables a per-article view reads whole).'"
    )
    con.execute(
        f"comment on column {VERSIONS_TABLE}.source_missing is "
        "'The article''s source_missing when its rows were last stored; null if stored before this column existed.'"
    )
    con.execute(
        f"comment on table {VERSIONS_TABLE} is "
        "'The articles (and their ingested_at and source_missing) the per-article stored views were last computed "
        "from.'"
    )
    for layer, view in STORED_VIEWS:
        path = SQL_DIR / layer / f"{view}.sql"
        table = stored_table(view)
        column = SORT_KEYS.get(view)
        con.execute(f"create or replace view {view} as\n{path.read_text(encoding='utf-8')}")
        digest = _digest(con, view, path.read_text(encoding="utf-8"))
        if view in PER_ARTICLE_VIEWS and _stored_digest(con, view) == digest and _exists(con, table):
            _refresh_changed_articles(con, view, table, PER_ARTICLE_VIEWS[view], column)
            if column and _unsorted_rows(con, table, column) > RESORT_ROWS:
                _sort(con, view, table, column)
        elif column:
            columns = _zstd_columns(con, view)
            con.execute(f"create or replace table {table} ({columns})")
            con.execute(f"insert into {table} select * from {view} order by {column}")
        else:
            con.execute(f"create or replace table {table} as select * from {view}")
        con.execute(f"insert or replace into {DEFINITIONS_TABLE} values (?, ?)", [view, digest])
        con.execute(f"create or replace view {view} as select * from {table}")
    con.execute(f"delete from {VERSIONS_TABLE}")
    con.execute(f"insert into {VERSIONS_TABLE} by name select article_id, ingested_at, source_missing from articles")


def _digest(con: duckdb.DuckDBPyConnection, view: str, sql: str) -> str:
    """SHA-256 of the view's SQL file, and of the rows of the small tables it reads whole (:data:`VIEW_INPUTS`)."""
    text = sql
    if view in VIEW_INPUTS:
        text += repr(con.execute(VIEW_INPUTS[view]).fetchall())
    return hashlib.sha256(text.encode()).hexdigest()


def _unsorted_rows(con: duckdb.DuckDBPyConnection, table: str, column: str) -> int:
    """Rows of ``table`` stored after the first row out of ``column`` order: those appended by the loads since the
    last sort (~40 ms for the 0.55 M quotes at 100k)."""
    return con.execute(
        f"with ordered as (select rowid as row_id, {column} < lag({column}) over (order by rowid) as descends "
        f"from {table}) select count(*) from ordered where row_id >= (select min(row_id) from ordered where descends)"
    ).fetchall()[0][0]


def _sort(con: duckdb.DuckDBPyConnection, view: str, table: str, column: str) -> None:
    """Store the rows of ``table`` again in ``column`` order."""
    columns = _zstd_columns(con, view)
    con.execute(f"create table {table}_sorted ({columns})")
    con.execute(f"insert into {table}_sorted select * from {table} order by {column}")
    con.execute(f"drop table {table}")
    con.execute(f"alter table {table}_sorted rename to {table}")


def _zstd_columns(con: duckdb.DuckDBPyConnection, view: str) -> str:
    """The column definitions of a table holding the rows of ``view``, its varchar columns compressed with zstd."""
    return ", ".join(
        f'"{name}" {data_type}' + (" using compression zstd" if data_type == "VARCHAR" else "")
        for name, data_type, *_ in con.execute(f"describe {view}").fetchall()
    )


def _exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(con.execute("select count(*) from duckdb_tables() where table_name = ?", [table]).fetchall()[0][0])


def _stored_digest(con: duckdb.DuckDBPyConnection, view: str) -> str | None:
    rows = con.execute(f"select sql_sha256 from {DEFINITIONS_TABLE} where view_name = ?", [view]).fetchall()
    return rows[0][0] if rows else None


def _refresh_changed_articles(
    con: duckdb.DuckDBPyConnection, view: str, table: str, version: tuple[str, ...], column: str | None
) -> None:
    """Replace the stored rows of the articles removed, re-inserted, added or otherwise changed (``version``, columns
    of `articles`) since the last load; new rows are appended in the order of ``column`` when given."""
    columns = ", ".join(("article_id", *version))
    con.execute(
        "create or replace temp table stored_stale_articles as "
        f"select article_id from (select {columns} from {VERSIONS_TABLE} except select {columns} from articles)"
    )
    con.execute(
        "create or replace temp table stored_new_articles as "
        f"select article_id from (select {columns} from articles except select {columns} from {VERSIONS_TABLE})"
    )
    con.execute(f"delete from {table} where article_id in (select article_id from stored_stale_articles)")
    # Skipped when empty: with nothing to insert DuckDB would still aggregate the whole view.
    if con.execute("select count(*) from stored_new_articles").fetchall()[0][0]:
        if column:
            con.execute(
                f"insert into {table} select * from {view} "
                f"where article_id in (select article_id from stored_new_articles) order by {column}"
            )
        else:
            con.execute(
                f"insert into {table} select * from {view} "
                "where article_id in (select article_id from stored_new_articles)"
            )
    con.execute("drop table stored_stale_articles")
    con.execute("drop table stored_new_articles")
