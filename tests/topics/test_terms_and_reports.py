from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.settings import SQL_DIR
from pipelines.topics.scoring import TURN_TOPICS_SCHEMA
from pipelines.topics.terms import ARTICLE_TERMS_SCHEMA, LANGS, TOKEN, _tokens, article_terms, normalise
from pipelines.topics.validation import (
    article_topics_validation_frame,
    topics_validation_frame,
    turn_topics_validation_frame,
)
from pipelines.validation import validate_frame
from tests.topics.gold_run import gold_run
from tests.topics.helpers import articles, turns_of


def test_article_terms_lemmatise_drop_stopwords_and_count_bigrams():
    arts = articles(
        (
            "r",
            "ru",
            "Зелёный водород",
            "Казахстан производит зелёный водород. Водород и зелёного водорода больше.",
        ),
        ("e", "en", "Japan's hydrogen", "The green hydrogen plant. Green hydrogen is new."),
    )
    result = article_terms(turns_of(arts), arts)
    assert result.schema == ARTICLE_TERMS_SCHEMA
    counts = {(a, t): n for a, t, n in result.iter_rows()}
    assert counts[("r", "водород")] == 4  # title + 3 inflected forms in the body
    assert counts[("r", "зелёный водород")] == 3
    assert ("r", "водород водород") not in counts  # the sentence boundary breaks bigrams
    assert counts[("e", "japan")] == 1  # possessive removed
    assert counts[("e", "green hydrogen")] == 2
    assert not {t for (_, t) in counts if t in {"the", "is", "и"}}


def test_tokens_of_space_separated_pieces_are_the_tokens_of_the_text():
    texts = ["", "  double  spaces, «quotes» and-hyphens. Tab\there", "Қазақстан—Жапония: 2024 ж. It's", "...!?"]
    units = pl.DataFrame({"unit": range(len(texts)), "art": [1] * len(texts), "lang": "en", "text": texts}).cast(
        {"unit": pl.UInt32, "art": pl.UInt64, "lang": LANGS}
    )
    tokens, words = _tokens(units)
    expected = units.select("unit", token=pl.col("text").str.extract_all(TOKEN)).explode("token").drop_nulls()
    assert tokens.select("unit", token=pl.lit(words).gather(pl.col("token"))).rows() == expected.rows()


@pytest.mark.parametrize(
    ("word", "lang", "term"),
    [
        ("инвестиций", "ru", "инвестиция"),
        ("жапониямен", "kk", "жапония"),
        ("и", "ru", None),
        ("the", "en", None),
    ],
)
def test_normalise(word, lang, term):
    assert normalise(word, lang) == term


def _emerging(terms: list[tuple[str, str, str, int]], dates: dict[str, date]) -> pl.DataFrame:
    con = duckdb.connect()
    langs = {article_id: lang for article_id, lang, _, _ in terms}
    con.execute("create table articles (article_id varchar, published_date date, lang varchar)")
    con.executemany("insert into articles values (?, ?, ?)", [(a, d, langs.get(a, "en")) for a, d in dates.items()])
    con.execute("create table article_terms (article_id varchar, term varchar, n integer)")
    con.executemany("insert into article_terms values (?, ?, ?)", [(a, term, n) for a, _, term, n in terms])
    sql = (SQL_DIR / "reports" / "emerging_terms.sql").read_text(encoding="utf-8")
    con.execute(f"create or replace view emerging_terms as {sql}")
    return con.sql("select * from emerging_terms order by lang, rank").pl()


def test_emerging_terms_on_a_seeded_warehouse():
    dates = {
        "r1": date(2026, 6, 30),  # the newest date: windows end here
        "r2": date(2026, 6, 10),
        "p1": date(2026, 4, 1),
        "p2": date(2026, 1, 15),
        "old": date(2025, 6, 1),  # older than 210 days: outside both windows
        "k1": date(2026, 6, 20),
        "k2": date(2026, 6, 21),
    }
    terms = [
        ("r1", "en", "hydrogen", 4),
        ("r2", "en", "hydrogen", 3),
        ("p1", "en", "hydrogen", 1),
        ("old", "en", "hydrogen", 50),
        ("r1", "en", "oil", 5),
        ("r2", "en", "oil", 5),
        ("p1", "en", "oil", 40),
        ("p2", "en", "oil", 40),
        ("r1", "en", "lithium", 9),  # one recent article only: excluded
        ("r1", "en", "rare", 2),
        ("r2", "en", "rare", 2),  # under the minimum count: excluded
        ("p2", "en", "filler", 100),
        ("k1", "kk", "сутегі", 3),
        ("k2", "kk", "сутегі", 3),
    ]
    result = _emerging(terms, dates)
    assert result.select("lang", "term", "n_recent", "n_previous", "n_articles_recent", "rank").rows() == [
        ("en", "hydrogen", 7, 1, 2, 1),
        ("kk", "сутегі", 6, 0, 2, 1),
    ]
    hydrogen = result.row(0, named=True)
    assert hydrogen["share_recent"] == pytest.approx(7 / 30)  # hydrogen 7, oil 10, lithium 9, rare 4
    assert hydrogen["share_previous"] == pytest.approx(1 / 181)
    assert hydrogen["log_odds"] > 0 and hydrogen["z_score"] > 0


def test_emerging_terms_sql_style():
    text = (SQL_DIR / "reports" / "emerging_terms.sql").read_text(encoding="utf-8")
    assert text.startswith("-- emerging_terms:")
    assert text.rstrip().endswith("select * from final")
    assert text == text.lower() or all(line.startswith("--") for line in text.splitlines() if line != line.lower())


def _bad_turn_topics() -> pl.DataFrame:
    return pl.DataFrame(
        [("a-0000", "a", "energy_resources", 0.5, ["oil"]), ("z-0000", "a", "energy_resources", 0.5, [])],
        schema=TURN_TOPICS_SCHEMA,
        orient="row",
    )


def test_validation_frames_flag_bad_rows():
    turns = pl.DataFrame({"turn_id": ["a-0000"], "article_id": ["a"]})
    checked = turn_topics_validation_frame(_bad_turn_topics(), turns)
    assert checked["check_turn_exists"].to_list() == [True, False]
    assert checked["check_has_evidence"].to_list() == [True, False]
    article_topics = pl.DataFrame(
        {"article_id": ["a", "a"], "topic_id": ["energy_resources", "diplomacy"], "score": [0.6, 0.4]}
    )
    checked = article_topics_validation_frame(article_topics, _bad_turn_topics())
    assert checked["check_has_turn_evidence"].to_list() == [True, False]
    assert checked["check_max_topics"].all()
    topics = pl.DataFrame({"topic_id": ["diplomacy", "gossip"]})
    assert topics_validation_frame(topics)["check_in_lexicon"].to_list() == [True, False]


def test_gx_suites_pass_on_the_gold_corpus_and_fail_on_bad_rows():
    from pipelines.topics.lexicon import topics_frame

    run = gold_run()
    frames = {
        "topics": topics_validation_frame(topics_frame()),
        "turn_topics": turn_topics_validation_frame(run.turn_topics, run.turns),
        "article_topics": article_topics_validation_frame(run.article_topics, run.turn_topics),
    }
    for suite, frame in frames.items():
        results = validate_frame(suite, frame)
        assert results["success"].all(), results.filter(~pl.col("success"))
    bad = turn_topics_validation_frame(_bad_turn_topics(), run.turns)
    assert not validate_frame("turn_topics", bad)["success"].all()


def test_sql_file_is_where_the_loader_expects_it():
    assert Path(SQL_DIR / "reports" / "emerging_terms.sql").is_file()
