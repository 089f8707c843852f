import json

import polars as pl
import pytest

from pipelines.settings import EXPECTATIONS_DIR
from pipelines.topics.lexicon import (
    entity_evidence,
    forms_frame,
    lexicon_terms,
    match_forms,
    matched_terms,
    side_entities,
    term_forms,
    term_matches,
    topic_ids,
    topics_frame,
)

TAXONOMY = (
    "diplomacy",
    "trade_investment",
    "energy_resources",
    "transport_logistics",
    "environment_green",
    "digital_technology",
    "education_science",
    "nuclear_disarmament",
    "health_humanitarian",
    "culture_people",
    "regional_security",
)


def test_taxonomy_has_the_eleven_stable_ids_with_three_languages():
    topics = topics_frame()
    assert tuple(topics["topic_id"]) == TAXONOMY
    assert topics.null_count().sum_horizontal().item() == 0
    assert (topics.select(pl.all().str.len_chars().min()).row(0)) > (0,) * topics.width


def test_every_topic_has_terms_in_every_language():
    counts = lexicon_terms().group_by("topic_id", "lang").len()
    assert counts.height == len(TAXONOMY) * 3
    assert counts["len"].min() >= 10


def test_weights_are_positive_and_bounded():
    assert lexicon_terms()["weight"].is_between(0.1, 1.5).all()
    assert entity_evidence()["weight"].is_between(0.1, 1.5).all()
    assert set(entity_evidence()["topic_id"]) <= set(TAXONOMY)


def test_issue_entity_evidence():
    pairs = set(entity_evidence().select("entity_id", "topic_id").iter_rows())
    assert {
        ("kazatomprom", "energy_resources"),
        ("middle-corridor", "transport_logistics"),
        ("semipalatinsk-test-site", "nuclear_disarmament"),
        ("mext", "education_science"),
    } <= pairs


def test_lexicon_entity_ids_are_in_the_gazetteer():
    from pipelines.entities.gazetteer import load_gazetteer

    named = set(entity_evidence()["entity_id"]) | set(side_entities()["entity_id"])
    unknown = named - set(load_gazetteer()["entity_id"])
    assert not unknown, f"lexicon names entities the gazetteer lacks: {sorted(unknown)}"


@pytest.mark.parametrize("suite", ["topics", "turn_topics", "article_topics"])
def test_suites_list_exactly_the_lexicon_topics(suite):
    spec = json.loads((EXPECTATIONS_DIR / f"{suite}.json").read_text(encoding="utf-8"))
    sets = [
        e["kwargs"]["value_set"]
        for e in spec["expectations"]
        if e["kwargs"].get("column") == "topic_id" and "value_set" in e["kwargs"]
    ]
    assert sets == [list(topic_ids())]


@pytest.mark.parametrize(
    ("term", "lang", "form"),
    [
        ("ынтымақтастық", "kk", "ынтымақтастығымыз"),  # voicing қ -> ғ before the 1st-person possessive
        ("ынтымақтастық", "kk", "ынтымақтастықты"),
        ("сауда", "kk", "саудасын"),  # possessive + accusative
        ("жүк", "kk", "жүктерді"),  # plural + accusative
        ("ядролық сынақ", "kk", "ядролық сынақтарының"),  # phrase: the last word takes the chain
        ("инвестиция", "kk", "инвестициялар"),
        ("ядерное испытание", "ru", "ядерных испытаний"),  # plural genitive of a phrase
        ("японский", "ru", "японскую"),  # other gender of an adjective
        ("стратегическое партнёрство", "ru", "стратегического партнерства"),  # ё written е
        ("инвестиция", "ru", "Инвестиции"),  # sentence-initial capital
        ("rare earth", "en", "rare earths"),
        ("company", "en", "companies"),
        ("Japanese", "en", "Japanese"),
    ],
)
def test_term_forms_cover_inflection(term, lang, form):
    assert form in term_forms(term, lang)


def test_abbreviations_are_matched_as_written():
    assert term_forms("IT", "en") == {"IT"}


def test_match_forms_whole_tokens_longest_first():
    terms = pl.DataFrame({"lang": ["ru", "ru", "kk"], "term": ["газ", "энергетическая безопасность", "уран"]})
    units = pl.DataFrame(
        {
            "unit_id": ["a", "b", "c"],
            "lang": ["ru", "ru", "kk"],
            "text": [
                "Газета пишет о поставках газа.",
                "Вопросы энергетической безопасности.",
                "Жапония Қазақстаннан уранды сатып алады.",
            ],
        }
    )
    found = match_forms(units, forms_frame(terms)).sort("unit_id", "char_start")
    assert found.select("unit_id", "term").rows() == [
        ("a", "газ"),
        ("b", "энергетическая безопасность"),
        ("c", "уран"),
    ]
    assert found["char_start"][0] == units["text"][0].index("газа")


def test_match_forms_word_boundaries_of_adjacent_matches():
    # Мұнай and Газ match back to back inside one word: neither is a whole token; газ alone is.
    terms = pl.DataFrame({"lang": ["kk", "kk"], "term": ["мұнай", "газ"]})
    units = pl.DataFrame({"unit_id": ["a", "b"], "lang": ["kk", "kk"], "text": ["КазМұнайГаз мен", "мұнай, газ"]})
    found = match_forms(units, forms_frame(terms)).sort("unit_id", "char_start")
    assert found.select("unit_id", "term", "char_start").rows() == [("b", "мұнай", 0), ("b", "газ", 7)]
    assert matched_terms(units, forms_frame(terms)).sort("term").select("unit_id", "term").rows() == [
        ("b", "газ"),
        ("b", "мұнай"),
    ]


def test_match_forms_falls_back_to_a_whole_token_prefix_form():
    terms = pl.DataFrame({"lang": ["en", "en"], "term": ["energy", "energy security"]})
    units = pl.DataFrame({"unit_id": ["a"], "lang": ["en"], "text": ["On energy securityx and energy."]})
    found = match_forms(units, forms_frame(terms)).sort("char_start")
    assert found.select("term", "char_start").rows() == [("energy", 3), ("energy", 24)]


def test_matches_at_text_edges_and_across_units():
    # Markers at the very start and end of units next to each other: an adjacent marker is the neighbour only
    # within its own unit.
    terms = pl.DataFrame({"lang": ["kk", "kk"], "term": ["мұнай", "газ"]})
    units = pl.DataFrame(
        {
            "unit_id": ["a", "b", "c", "d"],
            "lang": ["kk"] * 4,
            "text": ["газ", "мұнайгаз", "Газ мұнай", "газ, газ"],
        }
    )
    found = match_forms(units, forms_frame(terms)).sort("unit_id", "char_start")
    assert found.select("unit_id", "term", "char_start").rows() == [
        ("a", "газ", 0),
        ("c", "газ", 0),
        ("c", "мұнай", 4),
        ("d", "газ", 0),
        ("d", "газ", 5),
    ]
    repeats = term_matches(units, forms_frame(terms)).filter(pl.col("unit") == 3)
    assert repeats["term"].to_list() == ["газ", "газ"]  # every match; matched_terms keeps one
    assert matched_terms(units, forms_frame(terms)).filter(pl.col("unit_id") == "d")["term"].to_list() == ["газ"]
