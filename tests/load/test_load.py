"""End-to-end loads in-process on a tmp_path warehouse: contents, idempotency, increments, failures."""

import os
import time
from pathlib import Path

import duckdb
import pytest
from polars.testing import assert_frame_equal

from pipelines import validation, warehouse
from pipelines.ingest.parse import ParsedArticle, parse_bytes
from tests.conftest import file_digest, make_config, run_load, warehouse_tables


def _expected_article_ids(raw: Path) -> set[str]:
    parsed = [parse_bytes(p.read_bytes()) for p in raw.rglob("*.txt")]
    return {a.article_id for a in parsed if isinstance(a, ParsedArticle)}


def _query(path: Path, sql: str, params=()):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql, params).fetchall()


def test_sample_corpus_loads_every_file(sample_raw: Path, warehouse_path: Path):
    result = run_load(make_config(sample_raw, warehouse_path))
    assert result.success
    n_files = len(list(sample_raw.rglob("*.txt")))
    assert _query(warehouse_path, "select count(*) from source_files")[0][0] == n_files
    ids = {r[0] for r in _query(warehouse_path, "select article_id from articles")}
    assert ids == _expected_article_ids(sample_raw)
    langs = {r[0] for r in _query(warehouse_path, "select distinct lang from articles")}
    assert langs == {"kk", "ru", "en"}
    (run,) = _query(warehouse_path, "select n_new, n_unchanged, n_rejected, status from load_runs")
    assert run == (n_files, 0, 0, "success")
    failed = _query(warehouse_path, "select count(*) from validation_results where not success")[0][0]
    suites = {r[0] for r in _query(warehouse_path, "select distinct suite from validation_results")}
    assert failed == 0 and {"articles", "source_files"} <= suites


def test_second_load_changes_nothing(sample_raw: Path, warehouse_path: Path):
    config = make_config(sample_raw, warehouse_path)
    assert run_load(config).success
    before = warehouse_tables(warehouse_path, ignore_columns=frozenset({"last_seen"}))
    assert run_load(config).success
    after = warehouse_tables(warehouse_path, ignore_columns=frozenset({"last_seen"}))
    assert before.keys() == after.keys()
    for name in before:
        assert before[name].equals(after[name]), f"table {name} changed on a second load"
    runs = _query(warehouse_path, "select n_new, n_changed, n_unchanged from load_runs order by finished_at")
    assert runs[1] == (0, 0, len(list(sample_raw.rglob("*.txt"))))


def test_incremental_add_modify_delete(sample_raw: Path, warehouse_path: Path):
    config = make_config(sample_raw, warehouse_path)
    assert run_load(config).success
    files = sorted(sample_raw.glob("*.txt"))
    deleted, modified = files[0], files[1]
    deleted_id = parse_bytes(deleted.read_bytes()).article_id
    old_modified_id = parse_bytes(modified.read_bytes()).article_id
    deleted.unlink()
    modified.write_text(" date 2026-11-20 Жаңа тақырып\nЖапония мен Қазақстан жаңа келісімге қол қойды.\n", "utf-8")
    (sample_raw / "sub folder").mkdir()
    added = sample_raw / "sub folder" / "new article.txt"
    added.write_text(" date 2026-11-21 New title\nJapan and Kazakhstan signed a new agreement.\n", "utf-8")
    assert run_load(config).success

    (run,) = _query(
        warehouse_path, "select n_new, n_changed, n_missing from load_runs order by finished_at desc limit 1"
    )
    assert run == (1, 1, 1)
    ids = {r[0] for r in _query(warehouse_path, "select article_id from articles")}
    assert old_modified_id not in ids  # a changed file replaces its article
    assert parse_bytes(modified.read_bytes()).article_id in ids
    assert parse_bytes(added.read_bytes()).article_id in ids
    # a deleted file keeps its article, flagged
    assert _query(warehouse_path, "select source_missing from articles where article_id = ?", [deleted_id]) == [(True,)]
    assert _query(warehouse_path, "select present from source_files where path = ?", [deleted.name]) == [(False,)]
    assert (
        _query(warehouse_path, "select count(*) from source_files where path = ?", ["sub folder/new article.txt"])[0][0]
        == 1
    )


def test_increment_ends_where_a_clean_load_ends(sample_raw: Path, warehouse_path: Path, tmp_path: Path):
    """Modified files, a copy of a loaded article under a new name and a new file: no stale or doubled rows."""
    assert run_load(make_config(sample_raw, warehouse_path)).success
    files = sorted(sample_raw.glob("*.txt"))
    files[0].write_text(" date 2026-11-20 Жаңа тақырып\nЖапония мен Қазақстан жаңа келісімге қол қойды.\n", "utf-8")
    files[1].write_bytes(files[1].read_bytes() + "\nЖапония туралы тағы бір абзац.\n".encode())
    (sample_raw / "copy of an article.txt").write_bytes(files[2].read_bytes())
    (sample_raw / "new.txt").write_text(" date 2026-11-21 New title\nJapan and Kazakhstan signed.\n", "utf-8")
    assert run_load(make_config(sample_raw, warehouse_path)).success
    clean = tmp_path / "clean" / "jkc.duckdb"
    assert run_load(make_config(sample_raw, clean)).success
    volatile = frozenset({"ingested_at", "first_seen", "last_seen"})
    incremental, expected = warehouse_tables(warehouse_path, volatile), warehouse_tables(clean, volatile)
    assert incremental.keys() == expected.keys()
    for name in expected:  # article_topics scores are sums in another order: equal to the last bits only
        assert_frame_equal(incremental[name], expected[name], check_exact=False, rtol=1e-12)


def test_failing_expectation_blocks_the_load(sample_raw: Path, warehouse_path: Path, tmp_path: Path, monkeypatch):
    config = make_config(sample_raw, warehouse_path)
    assert run_load(config).success
    digest = file_digest(warehouse_path)
    (sample_raw / "extra.txt").write_text(" date 2026-11-22 Extra\nA new paragraph about Japan.\n", "utf-8")
    strict = tmp_path / "articles.json"
    strict.write_text(
        '{"name": "articles", "expectations": [{"type": "expect_column_values_to_be_in_set",'
        ' "kwargs": {"column": "lang", "value_set": ["xx"]}}]}',
        "utf-8",
    )
    real_suite_path = validation.suite_path
    monkeypatch.setattr(validation, "suite_path", lambda s: strict if s == "articles" else real_suite_path(s))
    result = run_load(config)
    assert not result.success
    checks = {
        e.event_specific_data.check_name: e.event_specific_data.passed
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    }
    assert checks["articles_suite"] is False
    assert file_digest(warehouse_path) == digest  # untouched
    assert not list(warehouse_path.parent.glob("*.loading"))


def test_crash_during_commit_leaves_warehouse_as_it_was(sample_raw: Path, warehouse_path: Path, monkeypatch):
    config = make_config(sample_raw, warehouse_path)
    assert run_load(config).success
    digest = file_digest(warehouse_path)
    (sample_raw / "extra.txt").write_text(" date 2026-11-22 Extra\nA new paragraph about Japan.\n", "utf-8")

    def crash(con):
        raise RuntimeError("simulated crash while creating views")

    monkeypatch.setattr(warehouse, "create_views", crash)
    assert not run_load(config).success
    assert file_digest(warehouse_path) == digest
    assert not [p for p in warehouse_path.parent.iterdir() if ".loading" in p.name]


def test_recently_modified_file_is_deferred_then_loaded(sample_raw: Path, warehouse_path: Path):
    fresh = sample_raw / "being_written.txt"
    fresh.write_text(" date 2026-11-22 Fresh\nJapan and Kazakhstan.\n", "utf-8")
    assert run_load(make_config(sample_raw, warehouse_path, settle_seconds=3600)).success
    assert _query(warehouse_path, "select count(*) from source_files where path = 'being_written.txt'")[0][0] == 0
    old = time.time() - 10
    os.utime(fresh, (old, old))
    assert run_load(make_config(sample_raw, warehouse_path, settle_seconds=5)).success
    assert _query(warehouse_path, "select count(*) from article_sources where path = 'being_written.txt'")[0][0] == 1


def test_concurrent_writer_is_refused_with_a_clear_message(warehouse_path: Path):
    warehouse_path.parent.mkdir(parents=True)
    with (
        warehouse.writer_lock(warehouse_path),
        pytest.raises(warehouse.WarehouseBusy, match="another load"),
        warehouse.writer_lock(warehouse_path, timeout=0.3),
    ):
        pass


@pytest.mark.parametrize(("table", "key"), [("entity_mentions", "mention_id"), ("turns", "turn_id")])
def test_a_warehouse_with_a_dropped_primary_key_is_rebuilt_without_it(
    sample_raw: Path, warehouse_path: Path, table: str, key: str
):
    config = make_config(sample_raw, warehouse_path)
    assert run_load(config).success
    before = warehouse_tables(warehouse_path, ignore_columns=frozenset({"last_seen"}))
    with duckdb.connect(str(warehouse_path)) as con:  # the key as warehouses built before it was dropped had it
        con.execute(f"create table keyed as select * from {table} limit 0")
        con.execute(f"alter table keyed add primary key ({key})")
        con.execute(f"insert into keyed select * from {table}")
        con.execute(f"drop table {table}")
        con.execute(f"alter table keyed rename to {table}")
    keys = "select table_name from duckdb_constraints() where constraint_type = 'PRIMARY KEY' order by 1"
    assert (table,) in _query(warehouse_path, keys)
    assert run_load(config).success
    tables_with_keys = {t for (t,) in _query(warehouse_path, keys)}
    assert table not in tables_with_keys
    assert {"articles", "source_files"} <= tables_with_keys
    after = warehouse_tables(warehouse_path, ignore_columns=frozenset({"last_seen"}))
    assert before.keys() == after.keys()
    for name in before:
        assert before[name].equals(after[name]), f"table {name} changed by the rebuild"


def test_a_warehouse_with_a_dropped_column_loses_it_on_the_next_load(sample_raw: Path, warehouse_path: Path):
    config = make_config(sample_raw, warehouse_path)
    assert run_load(config).success
    terms = "select * from article_terms order by all"
    before = _query(warehouse_path, terms)
    with duckdb.connect(str(warehouse_path)) as con:  # article_terms as warehouses built before lang was dropped
        con.execute("alter table article_terms add column lang varchar default 'en'")
    columns = "select column_name from duckdb_columns() where table_name = 'article_terms' order by column_index"
    assert ("lang",) in _query(warehouse_path, columns)
    assert run_load(config).success
    assert _query(warehouse_path, columns) == [("article_id",), ("term",), ("n",)]
    assert _query(warehouse_path, terms) == before
