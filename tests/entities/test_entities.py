"""Unit tests of the entities package: forms, matching, guards, speakers, candidates, validation."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.entities import (
    CANDIDATE_MENTIONS_SCHEMA,
    ENTITIES_SCHEMA,
    ENTITY_MENTIONS_SCHEMA,
    candidate_mentions,
    entities_validation_frame,
    extract_mentions,
    link_speakers,
    load_gazetteer,
    mentions_validation_frame,
    top_candidates,
)
from pipelines.entities.extract import find_forms
from pipelines.entities.forms import kk_forms, ru_forms, surface_forms
from pipelines.entities.stage import mentions_and_candidates
from pipelines.warehouse import apply_schema


@pytest.fixture(scope="module")
def entities() -> pl.DataFrame:
    return load_gazetteer()


def _one(body: str, title: str = "Title") -> tuple[pl.DataFrame, pl.DataFrame]:
    articles = pl.DataFrame({"article_id": ["a1"], "title": [title], "body": [body], "lang": ["kk"]})
    turns = pl.DataFrame(
        {"turn_id": ["a1-0000"], "article_id": ["a1"], "text": [body], "char_start": [0], "char_end": [len(body)]}
    )
    return turns, articles


def _found(entities: pl.DataFrame, body: str) -> list[tuple[str, str]]:
    turns, articles = _one(body)
    mentions = extract_mentions(turns, articles, entities).filter(pl.col("turn_id").is_not_null())
    return list(mentions.select("entity_id", "surface").iter_rows())


def test_gazetteer_frame(entities):
    assert entities.schema == ENTITIES_SCHEMA
    assert entities.height >= 300
    assert entities["entity_id"].is_unique().all()
    assert entities_validation_frame(entities).select(pl.selectors.starts_with("check_")).to_numpy().all()


def test_kazakh_forms():
    assert {"Жапонияда", "Жапонияға", "Жапонияның", "Жапониямен", "Жапониядағы"} <= kk_forms("Жапония")
    assert {"Қазақстандағы", "Қазақстанның", "Қазақстанмен"} <= kk_forms("Қазақстан")
    assert "Тоқаевтың" in kk_forms("Тоқаев")
    assert {"Абай облысында", "Абай облысындағы", "Абай облысының"} <= kk_forms("Абай облысы")
    assert "Қазақс" not in kk_forms("Қазақстан") and "Алмат" not in kk_forms("Алматы")


def test_russian_forms():
    assert {"Японии", "Японией"} <= ru_forms("Япония", "GPE")
    assert {"Касым-Жомарта Токаева", "Касым-Жомартом Токаевым"} <= ru_forms("Касым-Жомарт Токаев", "PERSON")
    assert "Каспийского моря" in ru_forms("Каспийское море", "LOCATION")
    assert "Министерства иностранных дел Японии" in ru_forms("Министерство иностранных дел Японии", "ORGANISATION")
    assert ru_forms("Алматы", "GPE") == {"Алматы"}


def test_english_and_upper_forms():
    assert {"Japan", "Japan's", "JAPAN"} <= surface_forms("Japan", "GPE", ("en",))
    assert "Mangystau region" in surface_forms("Mangystau Region", "GPE", ("en",))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Жапониядағы елші Тоқаевтың сапарын айтты.",
            [("japan", "Жапониядағы"), ("kassym-jomart-tokayev", "Тоқаевтың")],
        ),
        ("Визит Токаева в Японию.", [("kassym-jomart-tokayev", "Токаева"), ("japan", "Японию")]),
        ("Japanese firms and Japan's JICA.", [("japan", "Japan's"), ("jica", "JICA")]),
        ("Қазақстандық студенттер келді.", []),
    ],
)
def test_inflected_mentions_and_token_boundaries(entities, body, expected):
    assert _found(entities, body) == expected


def test_find_forms_whole_tokens_offsets_and_fallback():
    patterns = pl.DataFrame({"pattern": ["Ural", "Ural river", "Japan", "AB", "A", "B", "Абай облысы", "Абай"]})
    texts = pl.DataFrame(
        {
            "tid": [0, 1, 2, 3],
            "text": ["Japanese Japan", "Ural rivers, Ural river.", "AB A\x01B xA", "Абай облысы Абайға"],
        }
    ).with_columns(pl.col("tid").cast(pl.UInt32))
    found = find_forms(texts, patterns)
    assert found.rows() == [
        (0, "Japan", 9, 14),  # Japan in Japanese: no whole-token form, dropped
        (1, "Ural", 0, 4),  # Ural river in Ural rivers: falls back to Ural
        (1, "Ural river", 13, 23),
        (2, "AB", 0, 2),  # a marker-like control character in the text is a plain non-word character
        (2, "A", 3, 4),
        (2, "B", 5, 6),  # xA: starts inside a word, dropped
        (3, "Абай облысы", 0, 11),  # Абайға: ends inside a word, dropped
    ]
    for tid, surface, start, end in found.iter_rows():
        assert texts["text"][tid][start:end] == surface


def test_longest_match_organisation_swallows_country(entities):
    body = "The Japan International Cooperation Agency opened an office."
    assert _found(entities, body) == [("jica", "Japan International Cooperation Agency")]
    body = "Жапонияның Халықаралық ынтымақтастық агенттігі қолдады."
    assert [e for e, _ in _found(entities, body)] == ["jica"]


def test_guards(entities):
    assert _found(entities, "Абай облысында жұмыс жүргізілді.") == [("abai-region", "Абай облысында")]
    assert _found(entities, "Ақынның өлеңін Абай жазды.") == [("abai-kunanbayev", "Абай")]
    assert _found(entities, "Токио декларациясы қабылданды.") == []
    assert _found(entities, "Токиода кездесу өтті.") == [("tokyo", "Токиода")]
    assert _found(entities, "Karaganda and East Kazakhstan regions.") == [
        ("karaganda-region", "Karaganda"),
        ("east-kazakhstan-region", "East Kazakhstan"),
    ]


def test_datelines_count_but_not_the_outlet(entities):
    assert _found(entities, "АСТАНА. KAZINFORM — Жаңалық.") == [("astana", "АСТАНА")]
    assert _found(entities, "TOKYO. Kazinform – News for Kazinform readers.") == [
        ("tokyo", "TOKYO"),
        ("kazinform", "Kazinform"),
    ]


def test_mentions_have_exact_offsets_and_no_overlap(entities):
    body = "Қасым-Жомарт Тоқаев Жапонияға барды.\nJICA мен JBIC Астанада кездесті."
    title = "Тоқаев Токиода"
    articles = pl.DataFrame({"article_id": ["a1"], "title": [title], "body": [body], "lang": ["kk"]})
    turns = pl.DataFrame(
        {"turn_id": ["a1-0000", "a1-0001"], "article_id": ["a1", "a1"], "text": body.split("\n"),
         "char_start": [0, 37], "char_end": [36, len(body)]}
    )  # fmt: skip
    mentions = extract_mentions(turns, articles, entities)
    assert mentions.schema == ENTITY_MENTIONS_SCHEMA
    assert mentions["turn_id"].to_list() == [None, None, "a1-0000", "a1-0000", "a1-0001", "a1-0001", "a1-0001"]
    for row in mentions.iter_rows(named=True):
        source = title if row["turn_id"] is None else body
        assert source[row["char_start"] : row["char_end"]] == row["surface"]
    checks = mentions_validation_frame(mentions, entities, articles, turns).select(pl.selectors.starts_with("check_"))
    assert checks.to_numpy().all()


def test_validation_frame_catches_bad_mentions(entities):
    turns, articles = _one("Жапония мен Қазақстан.")
    bad = pl.DataFrame(
        {"mention_id": ["m1", "m2"], "article_id": ["a1", "a1"], "turn_id": ["a1-0000", "a1-0000"],
         "entity_id": ["japan", "atlantis"], "surface": ["Жапония", "Қазақстан"], "char_start": [0, 5],
         "char_end": [7, 14], "method": ["gazetteer", "gazetteer"]},
        schema=ENTITY_MENTIONS_SCHEMA,
    )  # fmt: skip
    checks = mentions_validation_frame(bad, entities, articles, turns)
    assert checks["check_entity_exists"].to_list() == [True, False]
    assert checks["check_surface_at_offsets"].to_list() == [True, False]
    assert checks["check_no_overlap"].to_list() == [True, False]


def test_link_speakers(entities):
    turns = pl.DataFrame(
        {"turn_id": ["t1", "t2", "t3"], "speaker": ["Такеши Ивая", "Unknown Person", None],
         "speaker_entity_id": [None, None, None]},
        schema={"turn_id": pl.Utf8, "speaker": pl.Utf8, "speaker_entity_id": pl.Utf8},
    )  # fmt: skip
    expected = turns.with_columns(speaker_entity_id=pl.Series(["takeshi-iwaya", None, None], dtype=pl.Utf8))
    assert_frame_equal(link_speakers(turns, entities), expected)
    reversed_order = turns.with_columns(speaker=pl.lit("Ивая Такеши"))
    assert link_speakers(reversed_order, entities)["speaker_entity_id"].to_list() == ["takeshi-iwaya"] * 3


def test_entity_candidates(entities):
    body = "Делегацию возглавил Арыстан Бекмухамбетов из Токио. Арыстан Бекмухамбетов выступил в Японии."
    turns, articles = _one(body)
    articles = articles.with_columns(lang=pl.lit("ru"))
    mentions = extract_mentions(turns, articles, entities)
    occurrences = candidate_mentions(turns, articles, mentions, entities)
    assert occurrences.schema == CANDIDATE_MENTIONS_SCHEMA
    assert not occurrences["surface"].str.contains("Токио|Япони").any()
    with duckdb.connect() as con:
        apply_schema(con)
        con.register("occurrences", occurrences.to_arrow())
        con.execute("insert into candidate_mentions select * from occurrences")
        con.register("turn_rows", turns.to_arrow())
        con.execute(
            "insert into turns by name select *, 0 as turn_index, 'narration' as role, 0 as n_words, "
            "0 as n_sentences from turn_rows"
        )
        top = top_candidates(con, 5)
    assert top.select("surface", "n_articles", "n_mentions").row(0) == ("Арыстан Бекмухамбетов", 1, 2)
    assert top["example_text"][0].startswith("Делегацию")


def test_one_pass_equals_mentions_then_candidates(entities):
    bodies = {
        "a1": "Делегацию возглавил Арыстан Бекмухамбетов из Токио. Арыстан Бекмухамбетов выступил в Японии.",
        "a2": "Envoy Arystan Bekmukhambetov met the Japan International Cooperation Agency in the Tokyo Bay Area.",
    }
    articles = pl.DataFrame(
        {
            "article_id": list(bodies),
            "title": ["Токио", "Astana Visit"],
            "body": list(bodies.values()),
            "lang": ["ru", "en"],
        }
    )
    turns = pl.DataFrame(
        {
            "turn_id": [f"{a}-0000" for a in bodies],
            "article_id": list(bodies),
            "text": list(bodies.values()),
            "char_start": [0, 0],
            "char_end": [len(b) for b in bodies.values()],
        }
    )
    mentions = extract_mentions(turns, articles, entities)
    out = mentions_and_candidates(turns, articles, entities)
    assert_frame_equal(out["entity_mentions"], mentions)
    assert_frame_equal(out["candidate_mentions"], candidate_mentions(turns, articles, mentions, entities))
    assert "Tokyo Bay Area" not in out["candidate_mentions"]["surface"].to_list()
    assert out["candidate_mentions"].height > 0
