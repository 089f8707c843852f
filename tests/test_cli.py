"""The jkc command on a warehouse built from the sample corpus."""

import os
from pathlib import Path

from pipelines.cli import main
from pipelines.settings import SAMPLE_CORPUS_DIR
from pipelines.warehouse import connect


def test_status_lists_tables_and_the_last_load(sample_warehouse: Path, capsys):
    assert main(["status", "--warehouse", str(sample_warehouse)]) == 0
    out = capsys.readouterr().out
    assert "articles" in out and "turns" in out and "Last load" in out


def test_entities_candidates_prints_counted_names(sample_warehouse: Path, capsys):
    assert main(["entities", "candidates", "--warehouse", str(sample_warehouse), "--limit", "3"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].split()[:2] == ["n_articles", "n_mentions"]
    assert 1 <= len(lines) - 1 <= 3
    assert all(int(line.split()[0]) >= 1 for line in lines[1:])


def test_status_without_a_warehouse_says_so(tmp_path: Path, capsys):
    assert main(["status", "--warehouse", str(tmp_path / "none.duckdb")]) == 1
    assert "jkc load" in capsys.readouterr().out


def test_doctor_flags_a_missing_raw_folder(sample_warehouse: Path, tmp_path: Path, capsys):
    code = main(["doctor", "--raw", str(tmp_path / "nowhere"), "--warehouse", str(sample_warehouse)])
    out = capsys.readouterr().out
    assert code == 1 and "BAD  raw folder readable" in out


def test_load_writes_the_warehouse_it_is_given(tmp_path: Path, monkeypatch, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("kk_05_tokayev_takaichi_tokyo_talks.txt", "en_03_uranium_analyst_interview.txt"):
        (raw / name).write_bytes((SAMPLE_CORPUS_DIR / name).read_bytes())
        os.utime(raw / name, (0, 0))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    target = tmp_path / "elsewhere" / "jkc.duckdb"
    assert main(["load", "--raw", str(raw), "--warehouse", str(target)]) == 0
    out = capsys.readouterr().out
    assert target.exists() and "2 new" in out
    with connect(target) as con:
        assert con.execute("select count(*) from articles").fetchall() == [(2,)]
