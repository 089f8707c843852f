"""Summary tables behind the report views, refreshed by the loader inside the load transaction.

A *stored* view is computed once per load instead of on every query. Its SQL file stays its definition (a fresh
warehouse computes it as it is); :func:`refresh_report_tables` stores the view's rows in the table
``stored_<view>`` and re-points the view at them, so readers of the view get the same rows in milliseconds. The
next load recreates the view from its file and stores it again. Views are stored in dependency order, so later
ones read the rows stored before them.

Rows derived per article (:data:`PER_ARTICLE_VIEWS`) are maintained for the changed articles only: an article's
rows change only when the load re-inserts it, which gives it a new ``articles.ingested_at``;
``stored_article_versions`` remembers the version each stored article was computed from.
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
)
# Stored views whose rows are keyed by article_id and computed from that article's rows alone.
PER_ARTICLE_VIEWS = frozenset({"agg_article_entities"})
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
    con.execute(
        f"comment on table {DEFINITIONS_TABLE} is 'SHA-256 of the SQL file each stored view was last stored from.'"
    )
    con.execute(
        f"comment on table {VERSIONS_TABLE} is "
        "'The articles (and their ingested_at) the per-article stored views were last computed from.'"
    )
    for layer, view in STORED_VIEWS:
        sql = (SQL_DIR / layer / f"{view}.sql").read_text(encoding="utf-8")
        digest = hashlib.sha256(sql.encode()).hexdigest()
        table = stored_table(view)
        con.execute(f"create or replace view {view} as\n{sql}")
        if view in PER_ARTICLE_VIEWS and _stored_digest(con, view) == digest:
            _refresh_changed_articles(con, view, table)
        else:
            con.execute(f"create or replace table {table} as select * from {view}")
        con.execute(f"insert or replace into {DEFINITIONS_TABLE} values (?, ?)", [view, digest])
        con.execute(f"create or replace view {view} as select * from {table}")
    con.execute(f"delete from {VERSIONS_TABLE}")
    con.execute(f"insert into {VERSIONS_TABLE} select article_id, ingested_at from articles")


def _stored_digest(con: duckdb.DuckDBPyConnection, view: str) -> str | None:
    rows = con.execute(f"select sql_sha256 from {DEFINITIONS_TABLE} where view_name = ?", [view]).fetchall()
    return rows[0][0] if rows else None


def _refresh_changed_articles(con: duckdb.DuckDBPyConnection, view: str, table: str) -> None:
    """Replace the stored rows of the articles removed, re-inserted or added since the last load."""
    con.execute(
        "create or replace temp table stored_stale_articles as "
        f"select article_id from (select article_id, ingested_at from {VERSIONS_TABLE} "
        "except select article_id, ingested_at from articles)"
    )
    con.execute(
        "create or replace temp table stored_new_articles as "
        "select article_id from (select article_id, ingested_at from articles "
        f"except select article_id, ingested_at from {VERSIONS_TABLE})"
    )
    con.execute(f"delete from {table} where article_id in (select article_id from stored_stale_articles)")
    # Skipped when empty: with nothing to insert DuckDB would still aggregate the whole view.
    if con.execute("select count(*) from stored_new_articles").fetchall()[0][0]:
        con.execute(
            f"insert into {table} select * from {view} where article_id in (select article_id from stored_new_articles)"
        )
    con.execute("drop table stored_stale_articles")
    con.execute("drop table stored_new_articles")
