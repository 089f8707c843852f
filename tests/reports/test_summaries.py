"""refresh_report_tables: stored views hold exactly the rows their SQL files compute, load after load."""

from datetime import UTC, datetime

import duckdb
import polars as pl

from pipelines.reports.summaries import PER_ARTICLE_VIEWS, STORED_VIEWS, refresh_report_tables, stored_table
from pipelines.settings import SQL_DIR

from .conftest import PROMINENT_MENTIONS, _insert, insert_mentions, warehouse

LATER = datetime(2026, 2, 1, tzinfo=UTC)


def computed(con: duckdb.DuckDBPyConnection, layer: str, view: str) -> list[tuple]:
    """The rows of ``view`` as its SQL file computes them now (over the views it reads)."""
    sql = (SQL_DIR / layer / f"{view}.sql").read_text(encoding="utf-8")
    return sorted(con.execute(f"select * from ({sql})").fetchall(), key=repr)


def stored(con: duckdb.DuckDBPyConnection, view: str) -> list[tuple]:
    return sorted(con.execute(f"select * from {stored_table(view)}").fetchall(), key=repr)


def assert_stored_views_are_current(con: duckdb.DuckDBPyConnection) -> None:
    for layer, view in STORED_VIEWS:
        assert stored(con, view) == computed(con, layer, view), view
        assert con.execute(f"select count(*) from {view}").fetchall() == [(len(stored(con, view)),)]


def test_stored_views_hold_what_their_files_compute():
    con = warehouse(stored=True, extra_mentions=PROMINENT_MENTIONS)
    assert con.execute("select count(*) from stored_entity_cooccurrence").fetchall()[0][0] > 0
    assert_stored_views_are_current(con)
    refresh_report_tables(con)  # a second refresh (the views now read their stored rows) stores the same rows
    assert_stored_views_are_current(con)


def test_per_article_views_follow_replaced_removed_and_new_articles():
    """A later load re-inserts a3 with other mentions, drops a4 and adds a7: only their rows change."""
    con = warehouse(stored=True, extra_mentions=PROMINENT_MENTIONS)
    assert "agg_article_entities" in PER_ARTICLE_VIEWS
    a3 = con.sql("select * from articles where article_id = 'a3'").pl()
    for table in ("entity_mentions", "turns", "articles"):
        con.execute(f"delete from {table} where article_id in ('a3', 'a4')")
    _insert(con, "articles", a3.with_columns(ingested_at=LATER).to_dicts())
    _insert(con, "articles", a3.with_columns(article_id=pl.lit("a7"), ingested_at=LATER).to_dicts())
    insert_mentions(con, [("a3", None, "kazakhstan"), ("a3", "a3-0001", "kazakhstan"), ("a7", None, "jica")], "n")
    refresh_report_tables(con)
    assert_stored_views_are_current(con)
    got = con.execute(
        "select article_id, entity_id, n_mentions, in_title from agg_article_entities "
        "where article_id in ('a3', 'a4', 'a7') order by all"
    ).fetchall()
    assert got == [("a3", "kazakhstan", 2, True), ("a7", "jica", 1, True)]
