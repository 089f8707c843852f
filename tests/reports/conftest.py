"""A small hand-made warehouse in memory: the schema, a few articles, turns, entities, topics, and the views.

The world (2025-11: a1 kk interview, a2 ru news; 2025-12: a3 en quote, a4 kk; a5 ru undated; a6 en whose file
disappeared, so it is in no report):

* a1 answers by Tokayev (kk, entity) on diplomacy and energy; a3 quotes Tokayev (en); a5 quotes Ivanov
  (no entity).
* Japan is mentioned in a1 (twice, once in the title), a3, a4 and a6; Kazakhstan in a1 and a4; Tokayev in a1;
  JICA in a3.
* PROMINENT_MENTIONS (added in the `prominent` fixture only, for entity_cooccurrence, which pairs only entities named
  in the title or at least twice): a1 names Kazakhstan and Tokayev again, a2 names Japan and Tokayev twice and
  Kazakhstan once, a4 names Japan and Kazakhstan again. Prominent: a1 Japan, Kazakhstan, Tokayev; a2 Japan,
  Tokayev; a4 Japan, Kazakhstan.

`seeded` comes in two forms: the views computed from their SQL files, and the views stored by the loader's
`refresh_report_tables`; every report test runs against both.
"""

from datetime import UTC, date, datetime

import duckdb
import polars as pl
import pytest

from pipelines.reports.summaries import refresh_report_tables
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

PROMINENT_MENTIONS = [
    ("a1", "a1-0004", "kazakhstan"),
    ("a1", "a1-0002", "kassym-jomart-tokayev"),
    ("a2", "a2-0000", "japan"),
    ("a2", "a2-0000", "japan"),
    ("a2", "a2-0000", "kassym-jomart-tokayev"),
    ("a2", "a2-0000", "kassym-jomart-tokayev"),
    ("a2", "a2-0000", "kazakhstan"),
    ("a4", "a4-0000", "japan"),
    ("a4", "a4-0000", "kazakhstan"),
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


def insert_mentions(con: duckdb.DuckDBPyConnection, mentions: list[tuple], prefix: str = "m") -> None:
    _insert(
        con,
        "entity_mentions",
        [
            {
                "mention_id": f"{prefix}{k}",
                "article_id": a,
                "turn_id": t,
                "entity_id": e,
                "surface": e,
                "char_start": 0,
                "char_end": 1,
                "method": "exact",
            }
            for k, (a, t, e) in enumerate(mentions)
        ],
    )


def build_views(con: duckdb.DuckDBPyConnection, stored: bool) -> None:
    """Create the views as a load does: from their files, then (``stored``) stored by refresh_report_tables."""
    create_views(con)
    if stored:
        refresh_report_tables(con)


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
    insert_mentions(con, MENTIONS)
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


def warehouse(stored: bool, extra_mentions: list[tuple] = ()) -> duckdb.DuckDBPyConnection:
    """An in-memory warehouse holding the world above (plus ``extra_mentions``), with every view created."""
    con = duckdb.connect()
    apply_schema(con)
    seed(con)
    if extra_mentions:
        insert_mentions(con, list(extra_mentions), prefix="x")
    build_views(con, stored)
    return con


@pytest.fixture(params=[False, True], ids=["computed", "stored"])
def seeded(request) -> duckdb.DuckDBPyConnection:
    """The world above, its views computed from their files or stored by refresh_report_tables."""
    con = warehouse(request.param)
    yield con
    con.close()


@pytest.fixture(params=[False, True], ids=["computed", "stored"])
def prominent(request) -> duckdb.DuckDBPyConnection:
    """`seeded` plus PROMINENT_MENTIONS."""
    con = warehouse(request.param, PROMINENT_MENTIONS)
    yield con
    con.close()
