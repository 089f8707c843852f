import math

import polars as pl
from polars.testing import assert_frame_equal

from pipelines.topics.constants import MAX_TOPICS, MIN_TURNS
from pipelines.topics.scoring import (
    ARTICLE_RELEVANCE_SCHEMA,
    ARTICLE_TOPICS_SCHEMA,
    TURN_TOPICS_SCHEMA,
    article_relevance,
    assign_article_topics,
    score_turn_topics,
)
from tests.topics.helpers import NO_MENTIONS, articles, mentions, turns_of


def _topics_of(turn_topics: pl.DataFrame, turn_id: str) -> dict[str, list[str]]:
    rows = turn_topics.filter(pl.col("turn_id") == turn_id).select("topic_id", "evidence").rows()
    return {topic: evidence for topic, evidence in rows}


def test_inflected_kazakh_terms_score_their_topic():
    arts = articles(
        (
            "k1",
            "kk",
            "Тақырып",
            "Жапон компаниялары Қазақстаннан уранды сатып алады.\nЕкі ел жүктерді Каспий арқылы тасымалдайды.",
        )
    )
    result = score_turn_topics(turns_of(arts), arts, NO_MENTIONS)
    assert result.schema == TURN_TOPICS_SCHEMA
    assert "уран" in _topics_of(result, "k1-0000")["energy_resources"]
    assert "жүк" in _topics_of(result, "k1-0001")["transport_logistics"]


def test_inflected_russian_terms_and_longest_phrase():
    arts = articles(
        (
            "r1",
            "ru",
            "Заголовок",
            "Стороны обсудили вопросы энергетической безопасности.\nПоставки урана выросли.",
        )
    )
    result = score_turn_topics(turns_of(arts), arts, NO_MENTIONS)
    first = _topics_of(result, "r1-0000")
    assert first == {"energy_resources": ["энергетическая безопасность"]}  # not regional_security
    assert _topics_of(result, "r1-0001")["energy_resources"] == ["уран"]
    assert "trade_investment" in _topics_of(result, "r1-0001")  # поставка


def test_terms_of_another_language_do_not_count():
    arts = articles(("e1", "en", "Title", "Уран and газ are words of another language."))
    assert score_turn_topics(turns_of(arts), arts, NO_MENTIONS).is_empty()


def test_entity_evidence_in_turns_but_not_in_the_title():
    arts = articles(("a1", "en", "Kazatomprom news", "Kazatomprom signed it.\nNothing else here."))
    turns = turns_of(arts)
    found = mentions(turns, ("a1", "a1-0000", "kazatomprom", 0), ("a1", None, "kazatomprom", 0))
    result = score_turn_topics(turns, arts, found)
    assert result.select("turn_id", "topic_id", "evidence").rows() == [("a1-0000", "energy_resources", ["kazatomprom"])]
    assert math.isclose(result["score"][0], 1 - math.exp(-1.5))


def test_repeated_term_in_a_turn_counts_once_and_scores_stay_in_range():
    arts = articles(("a1", "en", "T", "Uranium, uranium and more uranium. Oil and gas, uranium mining and reactors."))
    result = score_turn_topics(turns_of(arts), arts, NO_MENTIONS)
    energy = result.filter(pl.col("topic_id") == "energy_resources").row(0, named=True)
    assert energy["evidence"] == ["gas", "mining", "oil", "reactor", "uranium"]
    assert 0.98 < energy["score"] < 1.0


def _turn_topics(rows):
    frame = pl.DataFrame(rows, schema=["turn_id", "topic_id", "score"], orient="row")
    return (
        frame.with_columns(
            article_id=pl.col("turn_id").str.split("-").list.first(), evidence=pl.lit(["x"], pl.List(pl.Utf8))
        )
        .select(TURN_TOPICS_SCHEMA.names())
        .cast(TURN_TOPICS_SCHEMA)
    )


def _turns(article_id: str, n: int) -> pl.DataFrame:
    return pl.DataFrame({"turn_id": [f"{article_id}-{i:04d}" for i in range(n)], "article_id": [article_id] * n})


def test_assignment_keeps_substantial_topics_and_drops_passing_ones():
    turn_topics = _turn_topics(
        [
            ("a-0000", "energy_resources", 0.9),
            ("a-0001", "energy_resources", 0.8),
            ("a-0002", "energy_resources", 0.7),
            ("a-0001", "trade_investment", 0.6),
            ("a-0002", "trade_investment", 0.5),
            ("a-0003", "culture_people", 0.95),  # one turn only: a passing mention
            ("a-0000", "diplomacy", 0.1),
            ("a-0003", "diplomacy", 0.1),  # two turns but a tiny mass
        ]
    )
    result = assign_article_topics(turn_topics, _turns("a", 4))
    assert result.schema == ARTICLE_TOPICS_SCHEMA
    assert result["topic_id"].to_list() == ["energy_resources", "trade_investment"]
    assert result["share_of_turns"].to_list() == [0.75, 0.5]
    total = 0.9 + 0.8 + 0.7 + 0.6 + 0.5 + 0.95 + 0.2
    assert math.isclose(result["score"][0], 2.4 / total)
    assert MIN_TURNS == 2


TOPICS = ("diplomacy", "trade_investment", "energy_resources", "transport_logistics", "culture_people")


def test_assignment_keeps_the_top_topic_of_a_short_article_and_at_most_max_topics():
    short = _turn_topics([("s-0000", "health_humanitarian", 0.6), ("s-0000", "culture_people", 0.2)])
    assert assign_article_topics(short, _turns("s", 1))["topic_id"].to_list() == ["health_humanitarian"]
    many = _turn_topics(
        [
            (f"m-{t:04d}", topic, 0.9)
            for t in range(3)
            for topic in (
                "diplomacy",
                "trade_investment",
                "energy_resources",
                "transport_logistics",
                "culture_people",
            )
        ]
    )
    assert assign_article_topics(many, _turns("m", 3)).height == MAX_TOPICS


def test_assignment_of_nothing_is_empty():
    empty = assign_article_topics(TURN_TOPICS_SCHEMA.to_frame(), _turns("a", 3))
    assert_frame_equal(empty, ARTICLE_TOPICS_SCHEMA.to_frame())


ARTICLE_TOPIC = pl.DataFrame(
    {"article_id": ["sub", "pass", "one"], "topic_id": ["energy_resources"] * 3, "score": [1.0] * 3}
)


def test_relevance_substantive_vs_passing_mention():
    body_sub = (
        "ASTANA. Kazinform — Kazakhstan and Japan signed a uranium deal.\n"
        "Japanese buyers will take Kazakh uranium.\nKazatomprom said so."
    )
    body_pass = "\n".join(
        ["ASTANA. Kazinform — Kazakhstan judo team won four medals."]
        + ["Kazakhstan athletes trained hard."] * 7
        + ["Japan topped the medal table, followed by Uzbekistan."]
    )
    arts = articles(
        ("sub", "en", "Japan to buy more uranium", body_sub),
        ("pass", "en", "Kazakh judoka win four medals", body_pass),
        ("one", "en", "Japan's economy grows", "Japan's economy grew in the third quarter."),
    )
    turns = turns_of(arts)
    found = mentions(
        turns,
        ("sub", None, "japan", 0),
        ("sub", "sub-0000", "astana", 0),  # in the dateline: ignored
        ("sub", "sub-0000", "kazakhstan", 22),
        ("sub", "sub-0000", "japan", 37),
        ("sub", "sub-0002", "kazatomprom", 0),
        ("pass", "pass-0000", "kazakhstan", 22),
        *[("pass", f"pass-{i:04d}", "kazakhstan", 0) for i in range(1, 8)],
        ("pass", "pass-0008", "japan", 0),
        ("one", None, "japan", 0),
        ("one", "one-0000", "japan", 0),
    )
    result = article_relevance(arts, turns, found, ARTICLE_TOPIC)
    assert result.schema == ARTICLE_RELEVANCE_SCHEMA
    verdict = dict(result.select("article_id", "about_japan_kazakhstan").rows())
    assert verdict == {"sub": True, "pass": False, "one": False}
    scores = dict(result.select("article_id", "relevance_score").rows())
    assert scores["sub"] > 0.9 and 0 < scores["pass"] < 0.5 and scores["one"] == 0.0
    assert result["relevance_score"].is_between(0.0, 1.0).all()


def test_relevance_uses_demonyms_and_penalises_articles_without_topics():
    arts = articles(
        (
            "kk",
            "kk",
            "Жапон инвесторлары",
            "Жапон инвесторлары қазақстандық компаниялармен кездесті.\n"
            "Жапон делегациясы қазақстандық серіктестермен келісті.",
        )
    )
    turns = turns_of(arts)
    with_topic = article_relevance(arts, turns, NO_MENTIONS, ARTICLE_TOPIC.with_columns(article_id=pl.lit("kk")))
    without = article_relevance(arts, turns, NO_MENTIONS, ARTICLE_TOPIC.clear())
    assert with_topic["about_japan_kazakhstan"].item()
    assert math.isclose(without["relevance_score"].item(), with_topic["relevance_score"].item() / 2)
