"""Scanning the raw folder against the manifest of the last load: what is read, kept, deferred or rejected."""

import os
import time
from pathlib import Path

import polars as pl

from pipelines.ingest.parse import parse_bytes
from pipelines.ingest.scan import MANIFEST_SCHEMA, SOURCE_ROWS_SCHEMA, ingest, plan_ingest, scan_raw_folder
from pipelines.settings import PIPELINE_VERSION

EN = "Japan and Kazakhstan\nTokyo and Astana signed an agreement.\n"
HOUR_NS = 3600 * 10**9


def write(root: Path, name: str, text: str, *, age_ns: int = HOUR_NS) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    mtime = time.time_ns() - age_ns
    os.utime(path, ns=(mtime, mtime))
    return path


def manifest_of(root: Path) -> pl.DataFrame:
    """The manifest a load of ``root`` as it is now would leave."""
    result = ingest(root, MANIFEST_SCHEMA.to_frame(), max_file_bytes=10**6, settle_seconds=0)
    return result.source_files.with_columns(pipeline_version=pl.lit(PIPELINE_VERSION)).select(MANIFEST_SCHEMA.names())


def test_scan_lists_files_in_walk_order_and_skips_hidden_and_outside_links(tmp_path: Path):
    root, outside = tmp_path / "raw", tmp_path / "outside"
    for name in ("b.txt", "a.TXT", "sub/c.txt", "sub/deeper/d.txt", "z/e.txt", ".hidden/f.txt", "sub/.g.txt", "h.md"):
        write(root, name, EN)
    write(outside, "o.txt", EN)
    (root / "inside_link.txt").symlink_to(root / "b.txt")
    (root / "outside_link.txt").symlink_to(outside / "o.txt")
    (root / "linked_folder").symlink_to(outside)
    found, skipped = scan_raw_folder(root)
    assert [f.path for f in found] == [
        "a.TXT",
        "b.txt",
        "inside_link.txt",
        "sub/c.txt",
        "sub/deeper/d.txt",
        "z/e.txt",
    ]
    assert skipped == ["outside_link.txt"]
    stat = (root / "b.txt").stat()
    assert (found[1].size, found[1].mtime_ns) == (stat.st_size, stat.st_mtime_ns)


def test_plan_decides_from_stat_and_reads_only_new_and_changed_files(tmp_path: Path):
    root = tmp_path / "raw"
    for name in ("same.txt", "touched.txt", "edited.txt", "gone.txt", "grows.txt"):
        write(root, name, EN + name)
    manifest = manifest_of(root)
    (root / "gone.txt").unlink()
    write(root, "touched.txt", EN + "touched.txt", age_ns=HOUR_NS // 2)  # same bytes, newer mtime
    write(root, "edited.txt", EN + "edited!")
    write(root, "grows.txt", EN + "grows.txt" + " more" * 100)
    write(root, "new.txt", EN + "new")
    write(root, "fresh.txt", EN + "fresh", age_ns=0)
    plan = plan_ingest(root, manifest, max_file_bytes=200, settle_seconds=60)

    assert [(raw.path, change) for raw, change, _ in plan.to_read] == [
        ("edited.txt", "changed"),
        ("new.txt", "new"),
        ("touched.txt", "changed"),
    ]
    befores = {raw.path: before for raw, _, before in plan.to_read}
    assert befores["new.txt"] is None
    assert befores["edited.txt"] == manifest.row(by_predicate=pl.col("path") == "edited.txt", named=True)
    assert plan.decided.schema == SOURCE_ROWS_SCHEMA
    decided = {row["path"]: row for row in plan.decided.iter_rows(named=True)}
    assert {path: row["change"] for path, row in decided.items()} == {
        "same.txt": "unchanged",
        "gone.txt": "missing",
        "grows.txt": "changed",
        "fresh.txt": "deferred",
    }
    same_id = parse_bytes((root / "same.txt").read_bytes()).article_id
    assert decided["same.txt"]["article_id"] == same_id and decided["same.txt"]["sha256"] is not None
    assert decided["gone.txt"]["article_id"] == manifest.filter(pl.col("path") == "gone.txt")["article_id"].item()
    assert decided["grows.txt"]["reason"] == "too_large" and decided["grows.txt"]["sha256"] is None
    assert decided["grows.txt"]["detail"].startswith(f"{(root / 'grows.txt').stat().st_size} bytes is over")
    assert decided["fresh.txt"]["article_id"] is None


def test_a_touched_file_with_the_same_content_stays_unchanged(tmp_path: Path):
    root = tmp_path / "raw"
    write(root, "touched.txt", EN)
    manifest = manifest_of(root)
    write(root, "touched.txt", EN, age_ns=HOUR_NS // 2)
    result = ingest(root, manifest, max_file_bytes=10**6, settle_seconds=0)
    assert result.articles.height == 0
    assert result.source_files.select("path", "change").rows() == [("touched.txt", "unchanged")]
    assert result.source_files["article_id"].item() == manifest["article_id"].item()
