"""Role and speaker accuracy of the segmentation on the gold annotation of the sample corpus."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
import yaml

from pipelines.ingest.parse import ParsedArticle, parse_bytes
from pipelines.settings import PROJECT_ROOT, SAMPLE_CORPUS_DIR
from pipelines.turns.segment import segment_turns

GOLD_DIR = PROJECT_ROOT / "tests" / "gold"
MIN_ROLE_ACCURACY = 0.98
MIN_SPEAKER_ACCURACY = 0.95
_SPACES = re.compile(r"\s+")


def _norm(value: str | None) -> str | None:
    return _SPACES.sub(" ", value).strip() if value else None


def _gold_pairs() -> list[tuple[Path, dict]]:
    pairs = []
    for sample in sorted(SAMPLE_CORPUS_DIR.glob("*.txt")):
        gold = GOLD_DIR / f"{sample.stem}.yaml"
        if gold.exists():
            pairs.append((sample, yaml.safe_load(gold.read_text(encoding="utf-8"))))
    return pairs


def compare() -> pl.DataFrame:
    """One row per gold turn: gold and predicted role and speaker (predicted null when unaligned)."""
    rows = []
    for sample, gold in _gold_pairs():
        article = parse_bytes(sample.read_bytes())
        assert isinstance(article, ParsedArticle), sample
        frame = pl.DataFrame([{"article_id": article.article_id, "lang": article.lang, "body": article.body}])
        turns = segment_turns(frame)
        lines = article.body.split("\n")
        line_starts = {}
        offset = 0
        for line in lines:
            line_starts.setdefault(offset, line)
            offset += len(line) + 1
        predicted = {}
        for turn in turns.iter_rows(named=True):
            para_start = max(s for s in line_starts if s <= turn["char_start"])
            predicted[para_start] = turn
        for g in gold["turns"]:
            start = next((s for s, line in line_starts.items() if line.startswith(g["starts_with"])), None)
            p = predicted.get(start, {})
            rows.append(
                {
                    "file": sample.name,
                    "lang": gold["lang"],
                    "starts_with": g["starts_with"],
                    "gold_role": g["role"],
                    "role": p.get("role"),
                    "gold_speaker": _norm(g["speaker"]),
                    "speaker": _norm(p.get("speaker")),
                }
            )
    return pl.DataFrame(rows).with_columns(
        (pl.col("gold_role") == pl.col("role")).fill_null(False).alias("role_ok"),
        pl.col("gold_speaker").eq_missing(pl.col("speaker")).alias("speaker_ok"),
    )


def accuracy_table(comparison: pl.DataFrame) -> pl.DataFrame:
    overall = comparison.select(
        pl.lit("all").alias("lang"),
        pl.len().alias("turns"),
        pl.col("role_ok").mean().alias("role_accuracy"),
        pl.col("speaker_ok").mean().alias("speaker_accuracy"),
    )
    per_lang = (
        comparison.group_by("lang")
        .agg(
            pl.len().alias("turns"),
            pl.col("role_ok").mean().alias("role_accuracy"),
            pl.col("speaker_ok").mean().alias("speaker_accuracy"),
        )
        .sort("lang")
    )
    return pl.concat([per_lang, overall.cast(per_lang.schema)])


def test_turns_quality_on_gold():
    if not _gold_pairs():
        pytest.skip("no gold-annotated sample articles yet")
    comparison = compare()
    table = accuracy_table(comparison)
    print()
    print(table)
    for e in comparison.filter(~pl.col("role_ok") | ~pl.col("speaker_ok")).iter_rows(named=True):
        print(
            f"{e['file']} | {e['starts_with']} | gold {e['gold_role']}/{e['gold_speaker']}"
            f" | got {e['role']}/{e['speaker']}"
        )
    overall = table.filter(pl.col("lang") == "all").row(0, named=True)
    assert overall["role_accuracy"] >= MIN_ROLE_ACCURACY
    assert overall["speaker_accuracy"] >= MIN_SPEAKER_ACCURACY


if __name__ == "__main__":
    test_turns_quality_on_gold()
