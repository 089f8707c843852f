"""Parsing the files to read into article parts, as the raw_articles asset does."""

from datetime import UTC, datetime
from pathlib import Path

import polars as pl
from polars.testing import assert_frame_equal

from pipelines.ingest.scan import MANIFEST_SCHEMA, ingest, plan_ingest
from pipelines.ingest.stage import parse_into_parts

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def test_parts_hold_each_article_once_like_a_single_pass(tmp_path: Path, monkeypatch):
    root = tmp_path / "raw"
    root.mkdir()
    texts = {
        "a": "Japan\nTokyo.",
        "b": "Astana\nAlmaty.",
        "c": "Japan\nTokyo.",
        "d": "Osaka\nKyoto.",
        "e": "Astana\nAlmaty. ",
    }
    for name, text in texts.items():  # c copies a, e copies b (trailing space): each in a later part
        (root / f"{name}.txt").write_text(text, encoding="utf-8")
    monkeypatch.setattr("pipelines.ingest.stage.BATCH_ARTICLES", 2)
    plan = plan_ingest(root, MANIFEST_SCHEMA.to_frame(), max_file_bytes=10**6, settle_seconds=0)

    parts, rows = parse_into_parts(root, plan.to_read, NOW, tmp_path / "articles")

    assert len(parts) >= 3
    single = ingest(root, MANIFEST_SCHEMA.to_frame(), max_file_bytes=10**6, settle_seconds=0, now=NOW)
    articles = pl.concat([parts.read(k) for k in range(len(parts))])
    assert_frame_equal(articles, single.articles)
    assert parts.n_rows == articles.height == 3
    assert_frame_equal(pl.concat(rows), single.source_files.drop("scan_generation"))
