"""The GX suite expectations/turns.json on segmented turns, and the quotes report view in DuckDB."""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl

from pipelines.settings import SQL_DIR
from pipelines.turns.segment import segment_turns, turns_validation_frame
from pipelines.validation import validate_frame

ARTICLES = pl.DataFrame(
    {
        "article_id": ["0123456789abcdef", "fedcba9876543210"],
        "lang": ["kk", "en"],
        "body": [
            "АСТАНА. KAZINFORM — Елші Ясумаса Ииджима Kazinform агенттігіне сұхбат берді.\n"
            "- Қандай жоспарлар бар?\n- Ынтымақтастықты кеңейтеміз.",
            'TOKYO. Kazinform - The talks were held on Friday.\n"We value our partnership with Japan," said '
            "Kassym-Jomart Tokayev.",
        ],
        "title": ["Сұхбат", "Talks"],
        "published_date": [date(2026, 11, 1), None],
        "outlet": ["Kazinform", "Kazinform"],
    }
)


def test_suite_passes_on_segmented_turns_and_fails_on_broken_ones():
    turns = segment_turns(ARTICLES)
    assert validate_frame("turns", turns_validation_frame(turns, ARTICLES))["success"].all()
    broken = turns.with_columns(
        pl.when(pl.col("role") == "answer").then(None).otherwise(pl.col("question_turn_id")).alias("question_turn_id"),
        pl.when(pl.col("role") == "quote").then(None).otherwise(pl.col("speaker")).alias("speaker"),
        pl.when(pl.col("turn_index") == 0).then(pl.lit("summary")).otherwise(pl.col("role")).alias("role"),
    )
    results = validate_frame("turns", turns_validation_frame(broken, ARTICLES))
    failed = set(results.filter(~pl.col("success"))["column_name"].to_list())
    assert {"role", "check_answer_has_question", "check_quote_has_speaker"} <= failed


def test_quotes_view_lists_quotes_and_answers_with_article_attributes():
    with duckdb.connect() as con:
        con.register("turns_frame", segment_turns(ARTICLES))
        con.register("articles_frame", ARTICLES)
        con.execute("create table turns as select * from turns_frame")
        con.execute("create table articles as select * from articles_frame")
        con.execute("create or replace view quotes as " + (SQL_DIR / "reports" / "quotes.sql").read_text())
        quotes = con.sql("select * from quotes order by article_id, turn_index").pl()
    assert quotes["role"].to_list() == ["answer", "quote"]
    assert quotes["speaker"].to_list() == ["Ясумаса Ииджима", "Kassym-Jomart Tokayev"]
    assert quotes["lang"].to_list() == ["kk", "en"]
    assert quotes["published_date"].to_list() == [date(2026, 11, 1), None]
    assert quotes["outlet"].to_list() == ["Kazinform", "Kazinform"]


def test_suite_fails_on_empty_or_missing_turn_text():
    turns = segment_turns(ARTICLES)
    for text in ("", None):
        broken = turns.with_columns(
            pl.when(pl.col("turn_index") == 1).then(pl.lit(text, pl.Utf8)).otherwise(pl.col("text")).alias("text")
        )
        results = validate_frame("turns", turns_validation_frame(broken, ARTICLES))
        failed = set(results.filter(~pl.col("success"))["column_name"].to_list())
        assert {"text_chars", "check_text_matches_body"} <= failed
