"""The bad-input corpus: every case, built in tmp_path, goes through a real load with its documented outcome.

The outcomes are listed in docs/reliability.md; keep the two in step.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from pipelines.ingest import scan
from pipelines.settings import DEFAULT_MAX_FILE_BYTES
from tests.reliability.helpers import arm_atime, query, run_load, settle, tree_digest, was_read

RU = (
    "date 2025-03-04 Токио и Астана договорились о поставках\n"
    "АСТАНА. KAZINFORM — Стороны обсудили сотрудничество в энергетике и логистике.\n"
    "Министры подписали меморандум о совместной разведке редкоземельных металлов."
)
KK = (
    "date 2025-03-05 Жапония мен Қазақстан ынтымақтастығы\n"
    "АСТАНА. KAZINFORM — Тараптар көлік және энергетика саласындағы ынтымақтастықты талқылады.\n"
    "Министрлер сирек металдарды бірлесіп барлау туралы меморандумға қол қойды."
)
EN = (
    "date 2025-03-06 Japan and Kazakhstan sign a logistics memorandum\n"
    "ASTANA. KAZINFORM — The two sides discussed the Middle Corridor and critical minerals.\n"
    "The ministers agreed to meet again in Tokyo next spring."
)
IMPOSSIBLE_DATE = "2025-02-30"
# A calendar date outside the plausible range of the articles suite (a typo for 2025): must not block the load.
IMPLAUSIBLE_DATE = "2205-03-06"
# A sparse file this many times over the size limit: reading it would take minutes, so the test proves it is not.
SPARSE_FACTOR = 1024

# file name -> (raw bytes, rejection reason or None for "loads as an article")
CASES: dict[str, tuple[bytes, str | None]] = {
    "empty.txt": (b"", "empty"),
    "header_only.txt": (b"date 2025-01-02 A title and nothing after it\n", "no_body"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
    "undecodable.txt": (b"Title\n" + b"\x98\x98 abc \x98" * 20, "undecodable"),
    "cp1251.txt": (RU.encode("cp1251"), None),
    "bom_crlf.txt": (b"\xef\xbb\xbf" + KK.replace("\n", "\r\n").encode("utf-8"), None),
    "impossible_date.txt": (EN.replace("2025-03-06", IMPOSSIBLE_DATE).encode(), None),
    "implausible_date.txt": (
        EN.replace("2025-03-06", IMPLAUSIBLE_DATE).replace("Tokyo", "Osaka").encode(),
        None,
    ),
    "duplicate_a.txt": (KK.replace("2025-03-05", "2025-04-01").encode(), None),
    "duplicate_b.txt": (KK.replace("2025-03-05", "2025-04-01").encode(), None),
    "whitespace_a.txt": (EN.encode(), None),
    "whitespace_b.txt": ("\n".join(line + " \t " for line in EN.split("\n")).encode() + b"\n\n  \n", None),
    "name with spaces 'single' \"double\".txt": (RU.replace("2025-03-04", "2025-05-01").encode(), None),
    "Жапония мақаласы.txt": (KK.replace("2025-03-05", "2025-05-02").encode(), None),
}
TOO_LARGE = "too_large.txt"
OUTSIDE_LINK = "outside_link.txt"
FIFO = "named_pipe.txt"


@dataclass(frozen=True)
class Corpus:
    raw: Path
    outside: Path  # a folder next to the raw folder that no load may read
    warehouse: Path


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    raw, outside = tmp_path / "raw", tmp_path / "outside"
    raw.mkdir()
    outside.mkdir()
    for name, (data, _) in CASES.items():
        (raw / name).write_bytes(data)
    with open(raw / TOO_LARGE, "wb") as handle:  # sparse: no data blocks, a huge apparent size
        handle.truncate(DEFAULT_MAX_FILE_BYTES * SPARSE_FACTOR)
    (outside / "secret.txt").write_text(EN.replace("Japan", "Secret Japan"), encoding="utf-8")
    (raw / OUTSIDE_LINK).symlink_to(outside / "secret.txt")
    os.mkfifo(raw / FIFO)
    for path in raw.iterdir():
        settle(path)
    return Corpus(raw, outside, tmp_path / "warehouse" / "jkc.duckdb")


def _sources(warehouse: Path) -> dict[str, dict]:
    frame = query(warehouse, "select * from source_files")
    return {row["path"]: row for row in frame.iter_rows(named=True)}


def _article(warehouse: Path, path: str) -> dict:
    frame = query(
        warehouse,
        "select a.* from articles a join source_files s using (article_id) where s.path = ?",
        [path],
    )
    assert frame.height == 1, f"{path}: expected one article, found {frame.height}"
    return frame.row(0, named=True)


def test_every_bad_input_has_its_documented_outcome(corpus: Corpus) -> None:
    before = tree_digest(corpus.raw)
    # access times reveal a read by any process; cp1251.txt is the control that the probe works
    probes = [corpus.raw / TOO_LARGE, corpus.outside / "secret.txt", corpus.raw / "cp1251.txt"]
    armed = {path: arm_atime(path) for path in probes}
    result = run_load(corpus.raw, corpus.warehouse)
    assert result.success
    assert [was_read(path, atime) for path, atime in armed.items()] == [False, False, True]
    assert tree_digest(corpus.raw) == before, "the load modified the raw folder"

    sources = _sources(corpus.warehouse)
    for name, (_, reason) in CASES.items():
        assert name in sources, f"{name} is not in source_files"
        assert sources[name]["reason"] == reason, f"{name}: {sources[name]['reason']} != {reason}"
        assert (sources[name]["article_id"] is None) == (reason is not None)
    rejected = query(corpus.warehouse, "select path, reason, detail from rejected_files")
    expected_rejected = {n: r for n, (_, r) in CASES.items() if r} | {TOO_LARGE: "too_large"}
    assert dict(zip(rejected["path"], rejected["reason"], strict=True)) == expected_rejected
    assert rejected["detail"].str.len_chars().min() > 0, "every rejection says why"

    # larger than the limit: rejected from stat alone, never opened, no hash
    assert sources[TOO_LARGE]["sha256"] is None
    assert sources[TOO_LARGE]["size"] == DEFAULT_MAX_FILE_BYTES * SPARSE_FACTOR
    # symlink leading outside and named pipe: not followed, not listed, nothing outside read
    assert OUTSIDE_LINK not in sources and FIFO not in sources
    assert query(corpus.warehouse, "select count(*) n from articles where title like '%Secret%'")["n"][0] == 0

    cp1251 = _article(corpus.warehouse, "cp1251.txt")
    assert (cp1251["encoding"], cp1251["lang"], cp1251["title"]) == ("cp1251", "ru", RU.split("\n")[0][16:])
    assert cp1251["body"] == "\n".join(RU.split("\n")[1:])

    bom = _article(corpus.warehouse, "bom_crlf.txt")
    assert (bom["encoding"], bom["lang"], bom["published_date"]) == ("utf-8-sig", "kk", date(2025, 3, 5))
    assert "\r" not in bom["body"] and "\ufeff" not in bom["title"] + bom["body"]
    assert bom["body"] == "\n".join(KK.split("\n")[1:])

    for name, raw_date in (
        ("impossible_date.txt", IMPOSSIBLE_DATE),
        ("implausible_date.txt", IMPLAUSIBLE_DATE),
    ):
        article = _article(corpus.warehouse, name)
        assert article["published_date"] is None
        assert f"invalid_date:{raw_date}" in article["warnings"]

    for first, second in (("duplicate_a.txt", "duplicate_b.txt"), ("whitespace_a.txt", "whitespace_b.txt")):
        article_id = sources[first]["article_id"]
        assert sources[second]["article_id"] == article_id
        assert sources[first]["sha256"] == sources[second]["sha256"] or first.startswith("whitespace")
        links = query(corpus.warehouse, "select path from article_sources where article_id = ?", [article_id])
        assert sorted(links["path"]) == [first, second]
        assert (
            query(corpus.warehouse, "select count(*) n from articles where article_id = ?", [article_id])["n"][0] == 1
        )

    for name in ("name with spaces 'single' \"double\".txt", "Жапония мақаласы.txt"):
        assert _article(corpus.warehouse, name)["body"]

    n_articles = len({s["article_id"] for s in sources.values() if s["article_id"]})
    assert query(corpus.warehouse, "select count(*) n from articles")["n"][0] == n_articles == 8


def test_a_rejected_file_is_retried_when_it_changes(corpus: Corpus) -> None:
    assert run_load(corpus.raw, corpus.warehouse).success
    fixed = {"empty.txt": RU, "binary.txt": KK, TOO_LARGE: EN.replace("memorandum", "deal")}
    for name, text in fixed.items():
        (corpus.raw / name).unlink()
        (corpus.raw / name).write_text(text.replace("2025-03", "2024-11"), encoding="utf-8")
        settle(corpus.raw / name)
    before = tree_digest(corpus.raw)
    result = run_load(corpus.raw, corpus.warehouse)
    assert result.success
    assert tree_digest(corpus.raw) == before

    sources = _sources(corpus.warehouse)
    for name in fixed:
        assert sources[name]["reason"] is None and sources[name]["article_id"] is not None
        assert _article(corpus.warehouse, name)["published_date"].year == 2024
    still_rejected = set(query(corpus.warehouse, "select path from rejected_files")["path"])
    assert still_rejected == {n for n, (_, r) in CASES.items() if r} - set(fixed)
    run = query(corpus.warehouse, "select * from load_runs order by finished_at desc limit 1").row(0, named=True)
    assert (run["n_changed"], run["n_rejected"]) == (len(fixed), 0)


def test_a_file_still_being_written_is_deferred_then_loaded(tmp_path: Path) -> None:
    raw, warehouse = tmp_path / "raw", tmp_path / "jkc.duckdb"
    raw.mkdir()
    (raw / "old.txt").write_text(EN, encoding="utf-8")
    settle(raw / "old.txt")
    half = KK.encode()[: len(KK.encode()) // 2]
    with open(raw / "growing.txt", "wb") as handle:
        handle.write(half)
        handle.flush()
        result = run_load(raw, warehouse, settle_seconds=60)
        assert result.success
        handle.write(KK.encode()[len(half) :])
    assert "growing.txt" not in _sources(warehouse), "a half-written file was recorded"
    assert query(warehouse, "select n_deferred from load_runs")["n_deferred"].to_list() == [1]
    assert query(warehouse, "select count(*) n from articles")["n"][0] == 1

    settle(raw / "growing.txt")
    assert run_load(raw, warehouse, settle_seconds=60).success
    grown = _article(warehouse, "growing.txt")
    assert grown["body"] == "\n".join(KK.split("\n")[1:]), "the next run loads the whole file"


def test_a_file_deleted_between_scan_and_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw, warehouse = tmp_path / "raw", tmp_path / "jkc.duckdb"
    raw.mkdir()
    for name, text in (("keep.txt", EN), ("known.txt", RU)):
        (raw / name).write_text(text, encoding="utf-8")
        settle(raw / name)
    assert run_load(raw, warehouse).success
    known_id = _sources(warehouse)["known.txt"]["article_id"]
    (raw / "known.txt").write_text(RU + "\nA changed last paragraph.", encoding="utf-8")
    (raw / "brand_new.txt").write_text(KK, encoding="utf-8")
    settle(raw / "known.txt")
    settle(raw / "brand_new.txt")

    real_scan = scan.scan_raw_folder

    def scan_then_delete(root: Path):
        listed = real_scan(root)
        (root / "known.txt").unlink()
        (root / "brand_new.txt").unlink()
        return listed

    monkeypatch.setattr(scan, "scan_raw_folder", scan_then_delete)
    assert run_load(raw, warehouse).success
    sources = _sources(warehouse)
    assert "brand_new.txt" not in sources
    assert sources["known.txt"]["present"] is False
    missing = query(warehouse, "select source_missing from articles where article_id = ?", [known_id])
    assert missing["source_missing"].to_list() == [True], "the article is kept and flagged, not lost"
    assert sources["keep.txt"]["present"] is True


def test_scan_does_not_list_a_named_pipe(tmp_path: Path) -> None:
    """Reading a FIFO blocks forever: a `.txt` pipe in the raw folder must not hang the nightly load."""
    (tmp_path / "article.txt").write_text(EN, encoding="utf-8")
    os.mkfifo(tmp_path / FIFO)
    found, skipped = scan.scan_raw_folder(tmp_path)
    assert [f.path for f in found] == ["article.txt"]
    assert skipped == [FIFO]


def test_a_very_long_first_line_stays_in_the_body_and_does_not_block_the_load(tmp_path: Path) -> None:
    """A first line too long for a title (over the articles suite's limit) once failed validation for every file."""
    raw, warehouse = tmp_path / "raw", tmp_path / "jkc.duckdb"
    raw.mkdir()
    long_line = " ".join(f"word{i}" for i in range(600))
    (raw / "good.txt").write_text(EN, encoding="utf-8")
    (raw / "one_long_line.txt").write_text(long_line + "\nA short last paragraph.", encoding="utf-8")
    for path in raw.iterdir():
        settle(path)
    assert run_load(raw, warehouse).success
    assert query(warehouse, "select count(*) n from articles")["n"][0] == 2
    article = _article(warehouse, "one_long_line.txt")
    assert article["body"] == long_line + "\nA short last paragraph."
    assert long_line.startswith(article["title"].rstrip("…")) and len(article["title"]) < len(long_line)
    assert "title_from_paragraph" in article["warnings"]
