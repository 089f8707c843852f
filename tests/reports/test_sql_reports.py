"""Every report on the small hand-made warehouse of conftest.py: the exact rows an analyst would read."""

import re
from datetime import date

import duckdb
import pytest

from pipelines.settings import SQL_DIR
from pipelines.warehouse import VIEW_LAYERS, apply_schema, create_views

NOV, DEC = date(2025, 11, 1), date(2025, 12, 1)
TOKAYEV = "kassym-jomart-tokayev"
OWNED_ELSEWHERE = {"quotes", "emerging_terms"}
MY_VIEW_FILES = sorted(
    p for layer in VIEW_LAYERS for p in (SQL_DIR / layer).glob("*.sql") if p.stem not in OWNED_ELSEWHERE
)


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()


def test_coverage_by_month_counts_articles_and_splits_by_relevance(seeded):
    got = rows(
        seeded,
        "select month, lang, outlet, n_articles, n_about_japan_kazakhstan, n_not_about, n_unscored, "
        "share_about_japan_kazakhstan, n_words, n_interviews from coverage_by_month "
        "order by month nulls last, lang, outlet",
    )
    assert got == [
        (NOV, "kk", "Kazinform", 2, 1, 1, 0, 0.5, 400, 1),
        (DEC, "en", "unknown", 1, 1, 0, 0, 1.0, 100, 0),
        (DEC, "kk", "Kazinform", 1, 0, 0, 1, None, 100, 0),
        (None, "ru", "Tengrinews", 1, 1, 0, 0, 1.0, 100, 1),
    ]


def test_coverage_by_month_filters_with_parameters(seeded):
    got = rows(seeded, "select sum(n_articles) from coverage_by_month where month = ? and lang = ?", [DEC, "kk"])
    assert got == [(1,)]


def test_articles_whose_files_disappeared_are_in_no_report(seeded):
    assert rows(seeded, "select count(*) from dim_articles where article_id = 'a6'") == [(0,)]
    assert rows(seeded, "select sum(n_articles) from coverage_by_month") == [(5,)]


def test_topic_share_by_month(seeded):
    got = rows(
        seeded,
        "select month, lang, topic_id, label_en, n_articles, n_articles_in_month, share_of_articles, "
        "mean_score from topic_share_by_month order by month, lang, topic_id",
    )
    assert got == [
        (NOV, "kk", "diplomacy", "diplomacy label_en", 2, 2, 1.0, 1.5),
        (NOV, "kk", "energy", "energy label_en", 1, 2, 0.5, 2.5),
        (DEC, "kk", "energy", "energy label_en", 1, 1, 1.0, 1.0),
    ]


def test_top_entities_over_the_whole_corpus(seeded):
    got = rows(
        seeded,
        "select entity_type, entity_id, name_en, n_articles, n_mentions, n_langs, n_in_title, rank_in_type "
        "from top_entities where period_grain = ? and period = ? order by entity_type, rank_in_type",
        ["all", "all"],
    )
    assert got == [
        ("GPE", "japan", "Japan", 3, 4, 2, 1, 1),
        ("GPE", "kazakhstan", "Kazakhstan", 2, 2, 1, 0, 2),
        ("ORGANISATION", "jica", "JICA", 1, 1, 1, 0, 1),
        ("PERSON", TOKAYEV, "Kassym-Jomart Tokayev", 1, 1, 1, 0, 1),
    ]


def test_top_entities_by_month_and_type(seeded):
    got = rows(
        seeded,
        "select period_start, entity_id, n_articles, n_mentions, n_langs from top_entities "
        "where period_grain = 'month' and period = ? and entity_type = ? order by rank_in_type",
        ["2025-12", "GPE"],
    )
    assert got == [(DEC, "japan", 2, 2, 2), (DEC, "kazakhstan", 1, 1, 1)]


def test_top_entities_years_match_months(seeded):
    got = rows(
        seeded,
        "select period_grain, sum(n_articles) from top_entities where period_grain <> 'all' group by 1 order by 1",
    )
    assert got == [("month", 7), ("year", 7)]


def test_entity_cooccurrence_counts_pairs_prominent_in_the_same_article(prominent):
    got = rows(
        prominent,
        "select entity_id_a, entity_id_b, n_articles, n_articles_a, n_articles_b, round(jaccard, 4) "
        "from entity_cooccurrence where period = ? order by entity_id_a, entity_id_b",
        ["all"],
    )
    # Tokayev and Kazakhstan are prominent together in a1 only; passing mentions (Kazakhstan in a2, Japan and
    # JICA in a3) pair with nothing.
    assert got == [
        ("japan", TOKAYEV, 2, 3, 2, round(2 / 3, 4)),
        ("japan", "kazakhstan", 2, 3, 2, round(2 / 3, 4)),
    ]
    assert rows(prominent, "select * from entity_cooccurrence where period = '2025' order by all") == rows(
        prominent,
        "select * replace ('year' as period_grain, '2025' as period) from entity_cooccurrence "
        "where period = 'all' order by all",
    )


def test_entity_cooccurrence_by_month(prominent):
    sql = (
        "select name_en_a, entity_type_a, name_en_b, entity_type_b, n_articles, jaccard "
        "from entity_cooccurrence where period_grain = 'month' and period = ? order by all"
    )
    assert rows(prominent, sql, ["2025-11"]) == [("Japan", "GPE", "Kassym-Jomart Tokayev", "PERSON", 2, 1.0)]
    assert rows(prominent, sql, ["2025-12"]) == [], "Japan and Kazakhstan are prominent together once in 2025-12"


def test_entity_cooccurrence_needs_prominent_entities(seeded):
    """In the base world every entity but Japan in a1 is mentioned once: no pair is prominent."""
    assert rows(seeded, "select count(*) from entity_cooccurrence") == [(0,)]


def test_speakers_over_the_whole_corpus(seeded):
    got = rows(
        seeded,
        "select speaker_key, speaker_name, speaker_entity_id, n_articles, n_turns, n_answers, n_quotes, "
        "n_words, langs, topics, top_topic, rank from speakers where period = 'all' order by rank",
    )
    assert got == [
        (
            TOKAYEV,
            "Kassym-Jomart Tokayev",
            TOKAYEV,
            2,
            3,
            2,
            1,
            120,
            ["en", "kk"],
            ["energy", "diplomacy"],
            "energy",
            1,
        ),
        ("Иванов", "Иванов", None, 1, 1, 0, 1, 15, ["ru"], [], None, 2),
    ]


def test_speakers_by_month(seeded):
    got = rows(
        seeded,
        "select speaker_key, n_articles, n_turns, n_answers, n_quotes, n_words, langs from speakers "
        "where period_grain = 'month' and period = ? order by rank",
        ["2025-11"],
    )
    assert got == [(TOKAYEV, 1, 2, 2, 0, 100, ["kk"])]


def test_quotes_by_speaker(seeded):
    got = rows(
        seeded,
        "select turn_id, role, speaker, lang, question_text, text, topics from quotes_by_speaker "
        "where speaker_key = ? order by published_date, turn_index",
        [TOKAYEV],
    )
    assert got == [
        ("a1-0002", "answer", "Тоқаев", "kk", "text a1 1", "text a1 2", ["diplomacy", "energy"]),
        ("a1-0004", "answer", "Тоқаев", "kk", "text a1 3", "text a1 4", ["energy"]),
        ("a3-0001", "quote", "Tokayev", "en", None, "text a3 1", []),
    ]
    assert rows(seeded, "select count(*) from quotes_by_speaker") == [(4,)]


def test_outlet_coverage(seeded):
    got = rows(
        seeded,
        "select outlet, lang, n_articles, n_about_japan_kazakhstan, share_about_japan_kazakhstan, "
        "n_interviews, n_words, first_published, last_published, n_months, datelines, topics "
        "from outlet_coverage order by all",
    )
    assert got == [
        (
            "Kazinform",
            "kk",
            3,
            1,
            0.5,
            1,
            500,
            date(2025, 11, 10),
            date(2025, 12, 17),
            2,
            ["Astana"],
            ["diplomacy", "energy"],
        ),
        ("Tengrinews", "ru", 1, 1, 1.0, 1, 100, None, None, 0, ["Astana"], []),
        ("unknown", "en", 1, 1, 1.0, 0, 100, date(2025, 12, 5), date(2025, 12, 5), 1, [], []),
    ]


def test_every_view_works_on_an_empty_warehouse():
    con = duckdb.connect()
    apply_schema(con)
    for name in create_views(con):
        assert con.execute(f"select count(*) from {name}").fetchone() == (0,), name


@pytest.mark.parametrize("path", MY_VIEW_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_sql_style(path):
    """A header comment naming the model, lowercase code, CTEs first, ending in `select * from final`."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"-- {path.stem}: "), "header comment must start with '-- <name>: what it answers'"
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))
    code_without_literals = re.sub(r"'[^']*'", "''", code)
    assert code_without_literals == code_without_literals.lower(), "SQL keywords and names must be lowercase"
    assert code.strip().startswith("with"), "CTEs first"
    assert code.strip().endswith("select * from final")
