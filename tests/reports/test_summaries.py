"""refresh_report_tables: stored views hold exactly the rows their SQL files compute, load after load."""

from datetime import UTC, datetime

import duckdb
import polars as pl
import pytest

from pipelines.reports import summaries
from pipelines.reports.summaries import PER_ARTICLE_VIEWS, STORED_VIEWS, refresh_report_tables, stored_table
from pipelines.settings import SQL_DIR

from .conftest import PROMINENT_MENTIONS, _insert, _turn, insert_mentions, warehouse

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


def quotes(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        "select speaker_key, speaker_name, article_id, turn_id, question_text, text from quotes_by_speaker "
        "order by speaker_key, article_id, turn_index"
    ).fetchall()


def stored_speaker_keys(con: duckdb.DuckDBPyConnection) -> list[str]:
    """speaker_key of the stored quotes in storage order."""
    return [k for (k,) in con.execute("select speaker_key from stored_quotes_by_speaker order by rowid").fetchall()]


def test_stored_quotes_are_ordered_by_speaker():
    """quotes_by_speaker is stored in speaker_key order (zone maps then skip the other speakers' row groups), and a
    later load appends its rows in that order too."""
    assert "quotes_by_speaker" in PER_ARTICLE_VIEWS
    con = warehouse(stored=False)
    speakers = ["Zhou", "Abe", "Mills", "Abe", "Zhou", "Mills"]
    _insert(con, "turns", [_turn("a2", i, "quote", speaker) for i, speaker in enumerate(speakers)])
    refresh_report_tables(con)
    keys = stored_speaker_keys(con)
    assert keys == sorted(keys) and len(keys) == 4 + len(speakers)
    a2 = con.sql("select * from articles where article_id = 'a2'").pl()
    _insert(con, "articles", a2.with_columns(article_id=pl.lit("a7"), ingested_at=LATER).to_dicts())
    _insert(con, "turns", [_turn("a7", i, "quote", speaker) for i, speaker in enumerate(speakers)])
    refresh_report_tables(con)
    assert_stored_views_are_current(con)
    appended = stored_speaker_keys(con)[len(keys) :]
    assert appended == sorted(speakers)


def test_stored_quotes_are_sorted_again_when_loads_appended_many(monkeypatch: pytest.MonkeyPatch):
    """Past RESORT_ROWS appended rows, the stored quotes are sorted again as a whole."""
    con = warehouse(stored=True)
    monkeypatch.setattr(summaries, "RESORT_ROWS", 2)
    a2 = con.sql("select * from articles where article_id = 'a2'").pl()
    for article_id, speakers in (("a7", ["Abe", "Zhou"]), ("a8", ["Mills", "Abe", "Zhou"])):
        _insert(con, "articles", a2.with_columns(article_id=pl.lit(article_id), ingested_at=LATER).to_dicts())
        _insert(con, "turns", [_turn(article_id, i, "quote", speaker) for i, speaker in enumerate(speakers)])
        refresh_report_tables(con)
        assert_stored_views_are_current(con)
    keys = stored_speaker_keys(con)
    assert keys == sorted(keys) and len(keys) == 4 + 5


def test_stored_quotes_follow_replaced_removed_new_and_missing_articles():
    """A later load re-inserts a1 with another answer, drops a3, adds a7, and a5's file disappears while a6's comes
    back (source_missing flips, the article is not re-inserted); then the gazetteer renames Tokayev."""
    con = warehouse(stored=True, extra_mentions=PROMINENT_MENTIONS)
    a1 = con.sql("select * from articles where article_id = 'a1'").pl()
    a1_turns = con.sql("select * from turns where article_id = 'a1'").pl()
    for table in ("turn_topics", "entity_mentions", "turns", "articles"):
        con.execute(f"delete from {table} where article_id in ('a1', 'a3')")
    _insert(con, "articles", a1.with_columns(ingested_at=LATER).to_dicts())
    _insert(
        con,
        "turns",
        a1_turns.with_columns(text=pl.col("text") + " (corrected)").filter(pl.col("turn_index") < 3).to_dicts(),
    )
    _insert(
        con,
        "articles",
        a1.with_columns(article_id=pl.lit("a7"), title=pl.lit("Title a7"), ingested_at=LATER).to_dicts(),
    )
    _insert(
        con,
        "turns",
        a1_turns.filter(pl.col("turn_index") == 2)
        .with_columns(
            article_id=pl.lit("a7"),
            turn_id=pl.lit("a7-0000"),
            turn_index=0,
            question_turn_id=None,
            speaker=pl.lit("Ivanov"),
            speaker_entity_id=None,
            text=pl.lit("text a7 0"),
        )
        .to_dicts(),
    )
    con.execute("update articles set source_missing = (article_id = 'a5')")
    refresh_report_tables(con)
    assert_stored_views_are_current(con)
    assert quotes(con) == [
        ("Ivanov", "Ivanov", "a7", "a7-0000", None, "text a7 0"),
        (
            "kassym-jomart-tokayev",
            "Kassym-Jomart Tokayev",
            "a1",
            "a1-0002",
            "text a1 1 (corrected)",
            "text a1 2 (corrected)",
        ),
        ("kassym-jomart-tokayev", "Kassym-Jomart Tokayev", "a6", "a6-0000", None, "text a6 0"),
    ]
    con.execute("update entities set name_en = 'K.-J. Tokayev' where entity_id = 'kassym-jomart-tokayev'")
    refresh_report_tables(con)
    assert_stored_views_are_current(con)
    assert {row[1] for row in quotes(con)} == {"Ivanov", "K.-J. Tokayev"}
