"""The sample corpus with a gold annotation run through ingest, turns, entities and topics (for the quality
test and the calibration in docs/topics.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from itertools import product

import polars as pl
import yaml

from pipelines.ingest.parse import ParsedArticle, parse_bytes
from pipelines.ingest.scan import articles_frame
from pipelines.settings import PROJECT_ROOT, SAMPLE_CORPUS_DIR
from pipelines.topics.scoring import (
    article_relevance,
    assign_article_topics,
    score_turn_topics,
    select_topics,
    topic_masses,
)

GOLD_DIR = PROJECT_ROOT / "tests" / "gold"


@dataclass(frozen=True)
class GoldRun:
    articles: pl.DataFrame
    turns: pl.DataFrame
    mentions: pl.DataFrame
    turn_topics: pl.DataFrame
    article_topics: pl.DataFrame
    relevance: pl.DataFrame
    gold: pl.DataFrame  # article_id, stem, lang, topics List(Utf8), about_japan_kazakhstan
    notes: tuple[str, ...]  # fallbacks used while other modules are landing


def _paragraph_turns(articles: pl.DataFrame) -> pl.DataFrame:
    """Fallback segmentation: one turn per body paragraph."""
    rows = []
    for article_id, body in articles.select("article_id", "body").iter_rows():
        start = 0
        for index, line in enumerate(body.split("\n")):
            rows.append((f"{article_id}-{index:04d}", article_id, index, line, start, start + len(line)))
            start += len(line) + 1
    schema = {"turn_id": pl.Utf8, "article_id": pl.Utf8, "turn_index": pl.Int32, "text": pl.Utf8}
    schema |= {"char_start": pl.Int32, "char_end": pl.Int32}
    return pl.DataFrame(rows, schema=schema, orient="row").filter(pl.col("text") != "")


def _turns(articles: pl.DataFrame, notes: list[str]) -> pl.DataFrame:
    try:
        from pipelines.turns.segment import segment_turns
    except ImportError:
        notes.append("turns: pipelines.turns.segment not available, one turn per paragraph")
        return _paragraph_turns(articles)
    return segment_turns(articles)


def _mentions(turns: pl.DataFrame, articles: pl.DataFrame, notes: list[str]) -> pl.DataFrame:
    from pipelines.entities.extract import ENTITY_MENTIONS_SCHEMA, extract_mentions

    try:
        from pipelines.entities.gazetteer import load_gazetteer

        entities = load_gazetteer()
    except (ImportError, FileNotFoundError) as exc:
        notes.append(f"entities: gazetteer not available ({exc.__class__.__name__}), no entity mentions")
        return ENTITY_MENTIONS_SCHEMA.to_frame()
    return extract_mentions(turns, articles, entities)


@cache
def gold_run() -> GoldRun:
    parsed: list[ParsedArticle] = []
    gold_rows = []
    for gold_path in sorted(GOLD_DIR.glob("*.yaml")):
        raw = SAMPLE_CORPUS_DIR / f"{gold_path.stem}.txt"
        if not raw.exists():
            continue
        article = parse_bytes(raw.read_bytes())
        assert isinstance(article, ParsedArticle), f"{raw.name} was rejected: {article}"
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        parsed.append(article)
        gold_rows.append(
            (article.article_id, gold_path.stem, gold["lang"], gold["topics"], gold["about_japan_kazakhstan"])
        )
    notes: list[str] = []
    articles = articles_frame(parsed, datetime(2026, 1, 1, tzinfo=UTC))
    turns = _turns(articles, notes)
    mentions = _mentions(turns, articles, notes)
    turn_topics = score_turn_topics(turns, articles, mentions)
    article_topics = assign_article_topics(turn_topics, turns)
    relevance = article_relevance(articles, turns, mentions, article_topics)
    gold = pl.DataFrame(
        gold_rows,
        schema={
            "article_id": pl.Utf8,
            "stem": pl.Utf8,
            "lang": pl.Utf8,
            "topics": pl.List(pl.Utf8),
            "about_japan_kazakhstan": pl.Boolean,
        },
        orient="row",
    )
    return GoldRun(articles, turns, mentions, turn_topics, article_topics, relevance, gold, tuple(notes))


def topic_f1(predicted: pl.DataFrame, gold: pl.DataFrame) -> pl.DataFrame:
    """Micro precision, recall and F1 of (article, topic) pairs, overall (lang = all) and per language."""
    gold_pairs = gold.select("article_id", "lang", topic_id=pl.col("topics")).explode("topic_id")
    pred_pairs = predicted.select("article_id", "topic_id").join(gold.select("article_id", "lang"), on="article_id")
    tp = gold_pairs.join(pred_pairs, on=["article_id", "lang", "topic_id"])
    counts = []
    for lang in ("all", *sorted(gold["lang"].unique())):

        def n(frame: pl.DataFrame, lang: str = lang) -> int:
            return frame.height if lang == "all" else frame.filter(pl.col("lang") == lang).height

        precision = n(tp) / n(pred_pairs) if n(pred_pairs) else 0.0
        recall = n(tp) / n(gold_pairs) if n(gold_pairs) else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        counts.append((lang, n(gold_pairs), n(pred_pairs), n(tp), precision, recall, f1))
    return pl.DataFrame(
        counts, schema=["lang", "gold", "predicted", "correct", "precision", "recall", "f1"], orient="row"
    )


GRID = {
    "min_mass": (0.5, 1.0, 1.5, 2.0),
    "min_relative": (0.2, 0.3, 0.4, 0.5, 0.6),
    "min_turns": (1, 2, 3),
}


def calibration_grid(run: GoldRun) -> pl.DataFrame:
    """Micro-F1 (overall and per language) of every threshold combination of ``GRID``."""
    masses = topic_masses(run.turn_topics, run.turns)
    rows = []
    for min_mass, min_relative, min_turns in product(*GRID.values()):
        assigned = select_topics(masses, min_mass, min_relative, min_turns)
        scores = topic_f1(assigned, run.gold)
        rows.append(
            {"min_mass": min_mass, "min_relative": min_relative, "min_turns": min_turns}
            | {f"f1_{lang}": f1 for lang, f1 in scores.select("lang", "f1").iter_rows()}
        )
    return pl.DataFrame(rows)


def leave_one_language_out(grid: pl.DataFrame) -> pl.DataFrame:
    """For each language: the thresholds best on the two others, and the F1 they give on the held-out one."""
    langs = [c.removeprefix("f1_") for c in grid.columns if c.startswith("f1_") and c != "f1_all"]
    rows = []
    for held_out in langs:
        others = [pl.col(f"f1_{lang}") for lang in langs if lang != held_out]
        best = grid.with_columns(train=pl.mean_horizontal(others)).sort("train", descending=True).row(0, named=True)
        rows.append(
            {"held_out": held_out, **{k: best[k] for k in GRID}, "f1_train": best["train"]}
            | {"f1_held_out": best[f"f1_{held_out}"]}
        )
    return pl.DataFrame(rows)


if __name__ == "__main__":
    run = gold_run()
    grid = calibration_grid(run)
    with pl.Config(tbl_rows=100, tbl_cols=20):
        print(topic_f1(run.article_topics, run.gold))
        print(grid.sort("f1_all", descending=True).head(15))
        print(leave_one_language_out(grid))
