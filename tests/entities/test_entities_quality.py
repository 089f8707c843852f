"""Quality of entity extraction on the gold annotation of the sample corpus.

For each sample article with a gold file: parse, segment into turns, extract mentions, and compare the set of
distinct entity ids per article with the gold ``entities``. Prints micro precision/recall/F1 and type accuracy
per language and overall; fails below the thresholds in any of kk, ru, en.
"""

from __future__ import annotations

from collections import defaultdict

import polars as pl
import pytest
import yaml

from pipelines.entities.extract import extract_mentions
from pipelines.entities.gazetteer import load_gazetteer
from pipelines.ingest.parse import ParsedArticle, parse_bytes
from pipelines.settings import LANGUAGES, PROJECT_ROOT, SAMPLE_CORPUS_DIR
from pipelines.turns.segment import segment_turns

GOLD_DIR = PROJECT_ROOT / "tests" / "gold"
MIN_F1 = 0.95
MIN_TYPE_ACCURACY = 0.98


def _gold_articles() -> list[tuple[ParsedArticle, dict]]:
    pairs = []
    for gold_path in sorted(GOLD_DIR.glob("*.yaml")):
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        raw = SAMPLE_CORPUS_DIR / gold["file"]
        if raw.exists():
            parsed = parse_bytes(raw.read_bytes())
            assert isinstance(parsed, ParsedArticle), f"{raw.name}: {parsed}"
            pairs.append((parsed, gold))
    return pairs


def _scores(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@pytest.fixture(scope="module")
def evaluation() -> dict[str, dict]:
    pairs = _gold_articles()
    if not pairs:
        pytest.skip("no sample articles with gold annotation")
    articles = pl.DataFrame(
        [{"article_id": p.article_id, "title": p.title, "body": p.body, "lang": p.lang} for p, _ in pairs]
    )
    turns = segment_turns(articles)
    entities = load_gazetteer()
    mentions = extract_mentions(turns, articles, entities)
    types = dict(entities.select("entity_id", "entity_type").iter_rows())
    found = defaultdict(set)
    for article_id, entity_id in mentions.select("article_id", "entity_id").iter_rows():
        found[article_id].add(entity_id)

    counts: dict[str, dict] = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0, "typed": 0, "n": 0, "errors": []})
    for parsed, gold in pairs:
        expected = {e["id"]: e["type"] for e in gold.get("entities") or []}
        got = found[parsed.article_id]
        for lang in (gold["lang"], "all"):
            c = counts[lang]
            c["tp"] += len(got & expected.keys())
            c["fp"] += len(got - expected.keys())
            c["fn"] += len(expected.keys() - got)
            c["n"] += len(expected)
            c["typed"] += sum(types.get(eid) == etype for eid, etype in expected.items())
        for eid in sorted(got - expected.keys()):
            counts["all"]["errors"].append(f"{gold['file']}: extra {eid}")
        for eid in sorted(expected.keys() - got):
            counts["all"]["errors"].append(f"{gold['file']}: missed {eid}")
        for eid, etype in expected.items():
            if types.get(eid) != etype:
                counts["all"]["errors"].append(f"{gold['file']}: {eid} is {types.get(eid)}, gold {etype}")

    print("\nlang  articles-entities  precision  recall  F1     type_acc")
    for lang in (*LANGUAGES, "all"):
        c = counts[lang]
        precision, recall, f1 = _scores(c["tp"], c["fp"], c["fn"])
        c["f1"] = f1
        c["type_accuracy"] = c["typed"] / c["n"] if c["n"] else 1.0
        print(f"{lang:4}  {c['n']:17}  {precision:9.3f}  {recall:6.3f}  {f1:.3f}  {c['type_accuracy']:.3f}")
    print("\n".join(counts["all"]["errors"]))
    return counts


@pytest.mark.parametrize("lang", LANGUAGES)
def test_distinct_entities_f1(evaluation, lang):
    if evaluation[lang]["n"] == 0:
        pytest.skip(f"no {lang} gold articles")
    assert evaluation[lang]["f1"] >= MIN_F1


@pytest.mark.parametrize("lang", LANGUAGES)
def test_type_accuracy(evaluation, lang):
    if evaluation[lang]["n"] == 0:
        pytest.skip(f"no {lang} gold articles")
    assert evaluation[lang]["type_accuracy"] >= MIN_TYPE_ACCURACY
