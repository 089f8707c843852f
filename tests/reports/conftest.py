"""A small hand-made warehouse in memory: the schema, a few articles, turns, entities, topics, and the views.

The world (2025-11: a1 kk interview, a2 ru news; 2025-12: a3 en quote, a4 kk; a5 ru undated; a6 en whose file
disappeared, so it is in no report):

* a1 answers by Tokayev (kk, entity) on diplomacy and energy; a3 quotes Tokayev (en); a5 quotes Ivanov
  (no entity).
* Japan is mentioned in a1 (twice, once in the title), a3, a4 and a6; Kazakhstan in a1 and a4; Tokayev in a1;
  JICA in a3.
"""

from datetime import UTC, date, datetime

import duckdb
import polars as pl
import pytest

from pipelines.warehouse import apply_schema, create_views

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _article(article_id, published, lang, outlet, about, missing=False, n_words=100):
    return {
        "article_id": article_id,
        "published_date": published,
        "title": f"Title {article_id}",
        "body": f"Body {article_id}",
        "lang": lang,
        "outlet": outlet,
        "dateline": "Astana" if outlet else None,
        "encoding": "utf-8",
        "warnings": [],
        "n_chars": 10,
        "n_words": n_words,
        "about_japan_kazakhstan": about,
        "relevance_score": None if about is None else float(about),
        "source_missing": missing,
        "ingested_at": NOW,
    }


ARTICLES = [
    _article("a1", date(2025, 11, 10), "kk", "Kazinform", True, n_words=300),
    _article("a2", date(2025, 11, 20), "kk", "Kazinform", False),
    _article("a3", date(2025, 12, 5), "en", None, True),
    _article("a4", date(2025, 12, 17), "kk", "Kazinform", None),
    _article("a5", None, "ru", "Tengrinews", True),
    _article("a6", date(2025, 12, 1), "en", "Kazinform", True, missing=True),
]


def _turn(article_id, index, role, speaker=None, entity=None, question=None, n_words=10):
    return {
        "turn_id": f"{article_id}-{index:04d}",
        "article_id": article_id,
        "turn_index": index,
        "role": role,
        "speaker": speaker,
        "speaker_entity_id": entity,
        "text": f"text {article_id} {index}",
        "char_start": index * 10,
        "char_end": index * 10 + 9,
        "n_words": n_words,
        "n_sentences": 1,
        "question_turn_id": f"{article_id}-{question:04d}" if question is not None else None,
    }


TURNS = [
    _turn("a1", 0, "lead"),
    _turn("a1", 1, "question"),
    _turn("a1", 2, "answer", "Тоқаев", "kassym-jomart-tokayev", question=1, n_words=40),
    _turn("a1", 3, "question"),
    _turn("a1", 4, "answer", "Тоқаев", "kassym-jomart-tokayev", question=3, n_words=60),
    _turn("a3", 0, "narration"),
    _turn("a3", 1, "quote", "Tokayev", "kassym-jomart-tokayev", n_words=20),
    _turn("a5", 0, "quote", "Иванов", n_words=15),
    _turn("a5", 1, "answer", None),
    _turn("a6", 0, "quote", "Tokayev", "kassym-jomart-tokayev"),
]

ENTITIES = [
    ("japan", "GPE", "Japan"),
    ("kazakhstan", "GPE", "Kazakhstan"),
    ("kassym-jomart-tokayev", "PERSON", "Kassym-Jomart Tokayev"),
    ("jica", "ORGANISATION", "JICA"),
]

# (article_id, turn_id or None for the title, entity_id)
MENTIONS = [
    ("a1", None, "japan"),
    ("a1", "a1-0002", "japan"),
    ("a1", "a1-0002", "kazakhstan"),
    ("a1", "a1-0004", "kassym-jomart-tokayev"),
    ("a3", "a3-0001", "japan"),
    ("a3", "a3-0001", "jica"),
    ("a4", "a4-0000", "japan"),
    ("a4", "a4-0000", "kazakhstan"),
    ("a6", "a6-0000", "japan"),
]

TOPICS = ["diplomacy", "energy"]
TURN_TOPICS = [("a1-0002", "diplomacy", 2.0), ("a1-0002", "energy", 1.0), ("a1-0004", "energy", 1.5)]
ARTICLE_TOPICS = [
    ("a1", "diplomacy", 2.0),
    ("a1", "energy", 2.5),
    ("a2", "diplomacy", 1.0),
    ("a4", "energy", 1.0),
]


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    con.register("seed_rows", pl.DataFrame(rows, infer_schema_length=None).to_arrow())
    con.execute(f"insert into {table} by name select * from seed_rows")
    con.unregister("seed_rows")


def seed(con: duckdb.DuckDBPyConnection) -> None:
    _insert(con, "articles", ARTICLES)
    _insert(con, "turns", TURNS)
    _insert(
        con,
        "entities",
        [
            {"entity_id": i, "entity_type": t, "name_en": n, "name_kk": n, "name_ru": n, "aliases": []}
            for i, t, n in ENTITIES
        ],
    )
    _insert(
        con,
        "entity_mentions",
        [
            {
                "mention_id": f"m{k}",
                "article_id": a,
                "turn_id": t,
                "entity_id": e,
                "surface": e,
                "char_start": 0,
                "char_end": 1,
                "method": "exact",
            }
            for k, (a, t, e) in enumerate(MENTIONS)
        ],
    )
    _insert(
        con,
        "topics",
        [
            {
                f: topic if f == "topic_id" else f"{topic} {f}"
                for f in (
                    "topic_id",
                    "label_en",
                    "label_kk",
                    "label_ru",
                    "description_en",
                    "description_kk",
                    "description_ru",
                )
            }
            for topic in TOPICS
        ],
    )
    _insert(
        con,
        "turn_topics",
        [
            {"turn_id": t, "article_id": t[:2], "topic_id": topic, "score": s, "evidence": [topic]}
            for t, topic, s in TURN_TOPICS
        ],
    )
    _insert(
        con,
        "article_topics",
        [{"article_id": a, "topic_id": t, "score": s, "share_of_turns": 0.5} for a, t, s in ARTICLE_TOPICS],
    )


@pytest.fixture
def seeded() -> duckdb.DuckDBPyConnection:
    """An in-memory warehouse holding the world above, with every view created."""
    con = duckdb.connect()
    apply_schema(con)
    seed(con)
    create_views(con)
    yield con
    con.close()
