"""Security: SQL only with parameters, the UI on 127.0.0.1 by default, no secrets in the repository.

(Nothing outside the raw folder is read: test_bad_inputs proves it with access times on a symlink's target.)
"""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

import pytest

import pipelines
from pipelines import cli

PACKAGE = Path(pipelines.__file__).resolve().parent
PROJECT = PACKAGE.parent
SQL_METHODS = frozenset({"execute", "executemany", "sql", "query"})
# What may be pasted into SQL: identifiers that come from code (table names of the contract, the stem of a file
# in sql/, column names of a pl.Schema constant, ...) and the text of the repository's own sql/ files; never data.
IDENTIFIER_NAME = re.compile(
    r"^(table|name|path\.stem|c|column|columns|assignments|layer|view|path\.read_text\(encoding='utf-8'\))$"
)
SECRET_PATTERNS = {
    "private key": re.compile(r"-----BEGIN (?:RSA |EC |OPENSSH |DSA |PGP )?PRIVATE KEY-----"),
    "AWS access key": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    "Slack token": re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}\b"),
    "OpenAI-style key": re.compile(r"\bsk-[A-Za-z0-9]{32,}\b"),
    "password assignment": re.compile(r"(?i)\b(password|passwd|secret|api_key|token)\s*[:=]\s*['\"][^'\"\s]{8,}['\"]"),
}


def _interpolated(node: ast.expr) -> list[str]:
    """The source of every value pasted into a SQL string (f-string fields, + operands, .format/% arguments)."""
    if isinstance(node, ast.JoinedStr):
        return [ast.unparse(v.value) for v in node.values if isinstance(v, ast.FormattedValue)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        pasted = [] if isinstance(node.right, ast.Constant) else [ast.unparse(node.right)]
        return _interpolated(node.left) + pasted if isinstance(node.left, ast.JoinedStr | ast.BinOp) else pasted
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return [ast.unparse(a) for a in node.args] + [ast.unparse(k.value) for k in node.keywords]
    return []


def _pasted_values(source: str) -> list[tuple[int, str]]:
    """(line, expression) of every value pasted into the SQL argument of a DuckDB call."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_METHODS
        ) and node.args:
            found += [(node.lineno, expr) for expr in _interpolated(node.args[0])]
    return found


def _unsafe(expr: str) -> bool:
    bare = re.sub(r"!r$|:[^}]*$", "", expr)
    return not (IDENTIFIER_NAME.match(bare) or re.fullmatch(r"[A-Z_]+", bare))


def test_the_sql_scan_catches_a_pasted_value() -> None:
    """The checker itself: values pasted by f-string, + or .format are caught; identifiers are allowed."""
    bad = (
        "con.execute(f\"select * from articles where title = '{title}'\")\n"
        "con.sql('select * from source_files where path = ' + path)\n"
        'con.execute("delete from {} where id = {}".format(table, article_id))\n'
    )
    assert [expr for _, expr in _pasted_values(bad) if _unsafe(expr)] == ["title", "path", "article_id"]
    good = 'con.execute(f"insert into {table} by name select * from batch_rows")\ncon.execute("select ?", [x])'
    assert [expr for _, expr in _pasted_values(good) if _unsafe(expr)] == []


def test_sql_only_with_parameters() -> None:
    """No DuckDB call in the package pastes a value (file name, title, ...) into its SQL string."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for line, expr in _pasted_values(path.read_text(encoding="utf-8")):
            if _unsafe(expr):
                offenders.append(f"{path.relative_to(PROJECT)}:{line}: {expr}")
    assert offenders == []


def test_the_ui_binds_to_localhost_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    launched: list[list[str]] = []
    monkeypatch.setattr(cli, "ensure_dagster_home", lambda: PROJECT / ".dagster")
    monkeypatch.setattr(cli.os, "chdir", lambda _: None)
    monkeypatch.setattr(cli.os, "execv", lambda _, command: launched.append(command))
    args = cli.build_parser().parse_args(["ui"])
    args.func(args)
    (command,) = launched
    assert command[command.index("-h") + 1] == "127.0.0.1"
    assert "0.0.0.0" not in command


def test_the_docs_do_not_expose_the_ui() -> None:
    """README and docs name 127.0.0.1 for the UI and never tell users to bind it to every interface."""
    docs = [PROJECT / "README.md", *sorted((PROJECT / "docs").glob("*.md"))]
    text = "\n".join(p.read_text(encoding="utf-8") for p in docs if p.exists())
    assert "0.0.0.0" not in text
    readme = PROJECT / "README.md"
    if readme.exists() and "jkc ui" in readme.read_text(encoding="utf-8"):
        assert "127.0.0.1" in readme.read_text(encoding="utf-8")


def test_no_secrets_in_the_repository() -> None:
    files = (
        subprocess.run(["git", "ls-files", "-z"], cwd=PROJECT, capture_output=True, check=True)
        .stdout.decode()
        .split("\0")
    )
    assert len(files) > 10
    found = []
    for name in filter(None, files):
        path = PROJECT / name
        if not path.is_file() or path.stat().st_size > 2**20:
            continue
        text = path.read_bytes().decode("utf-8", errors="ignore")
        found += [f"{name}: {kind}" for kind, pattern in SECRET_PATTERNS.items() if pattern.search(text)]
    assert found == []
    assert not any(Path(n).name in {".env.local", "id_rsa", "id_ed25519", "credentials.json"} for n in files)
