"""The jkc command on a warehouse built from the sample corpus."""

from pathlib import Path

from pipelines.cli import main


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
