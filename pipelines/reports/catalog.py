"""The warehouse catalogue: every table, view and column with its description, rendered as docs/warehouse.md.

Descriptions come from the schema's ``comment on`` statements (tables), from the header comment of each
view's SQL file (a ``-- columns:`` block of ``--   name: description`` lines), from the table a staging or
schema view projects, and, for the few uncommented bookkeeping columns, from :data:`GLOSSARY`. A table holding
the stored rows of a view (pipelines/reports/summaries.py) takes its column descriptions from that view.
"""

from __future__ import annotations

import re

import duckdb
import polars as pl

from pipelines.reports.summaries import STORED_PREFIX, refresh_report_tables
from pipelines.settings import SQL_DIR
from pipelines.warehouse import VIEW_LAYERS, apply_schema, create_views

CATALOG_SCHEMA = pl.Schema(
    {
        "layer": pl.Utf8,
        "relation": pl.Utf8,
        "relation_description": pl.Utf8,
        "column": pl.Utf8,
        "data_type": pl.Utf8,
        "description": pl.Utf8,
    }
)
# Layers in the order the document presents them: loaded tables, the schema's own views, then the SQL layers.
LAYERS = ("table", "schema view", *VIEW_LAYERS)
LAYER_TITLES = {
    "table": "Tables (written by the load)",
    "schema view": "Views of the schema",
    "staging": "Staging views (sql/staging: renames and casts of the tables)",
    "marts": "Marts (sql/marts: facts and dimensions at a business grain)",
    "reports": "Reports (sql/reports: what analysts read)",
}
# Views that only rename and cast one table: their columns default to that table's column descriptions.
PROJECTION_LAYERS = ("staging", "schema view")
FROM_TABLE = re.compile(r"\bfrom\s+(\"?\w+\"?)", re.IGNORECASE)
COLUMN_LINE = re.compile(r"^--\s{2,}(\w+):\s*(.+)$")

# Descriptions of columns the schema leaves uncommented: "relation.column" first, then "column".
GLOSSARY = {
    "schema_info.schema_version": "Version of the warehouse schema (pipelines.settings.SCHEMA_VERSION).",
    "schema_info.pipeline_version": "Version of the parsing pipeline that wrote the data.",
    "load_runs.started_at": "When the load started.",
    "load_runs.finished_at": "When the load committed.",
    "load_runs.raw_dir": "The raw folder the load scanned.",
    "validation_results.run_id": "The load (load_runs.run_id) whose data was validated.",
    "validation_results.column_name": "Column the expectation checks; null for table-level expectations.",
    "validation_results.success": "True when the expectation held.",
    "validation_results.n_rows": "Rows validated.",
    "validation_results.unexpected_count": "Rows that did not meet the expectation.",
    "validation_results.validated_at": "When the validation ran.",
    "article_terms.term": "The term (normalised form).",
    "article_terms.n": "Occurrences of the term in the article.",
    "article_sources.mtime": "Modification time of the file at the last load that saw it.",
    "stored_view_definitions.view_name": "A stored view.",
    "stored_view_definitions.sql_sha256": "SHA-256 of its SQL file when its rows were last stored.",
    "stored_article_versions.ingested_at": "The article's ingested_at when its rows were last stored.",
    "article_id": "The article (articles.article_id).",
    "turn_id": "The turn (turns.turn_id).",
    "entity_id": "The entity (entities.entity_id).",
    "topic_id": "Stable id of the topic, e.g. diplomacy, transport_logistics.",
    "mention_id": "Stable id of the mention.",
    "run_id": "Dagster run id of the load (load_runs.run_id).",
    "label_en": "English label of the topic.",
    "label_kk": "Kazakh label of the topic.",
    "label_ru": "Russian label of the topic.",
    "description_en": "What the topic covers, in English.",
    "description_kk": "What the topic covers, in Kazakh.",
    "description_ru": "What the topic covers, in Russian.",
}
SCHEMA_INFO_DESCRIPTION = "Schema and pipeline version of the warehouse (one row)."


def parse_header(sql: str) -> tuple[str, dict[str, str]]:
    """The description (header lines before ``-- columns:``) and the column descriptions of a view's SQL."""
    description, columns, in_columns = [], {}, False
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        text = line[2:].strip()
        if text == "columns:":
            in_columns = True
        elif in_columns and (match := COLUMN_LINE.match(line)):
            columns[match[1]] = match[2].strip()
        elif not in_columns and text:
            description.append(text)
    return " ".join(description), columns


def _layer_files() -> dict[str, tuple[str, str]]:
    """View name -> (layer, SQL text) for every view file of the SQL layers."""
    return {
        path.stem: (layer, path.read_text(encoding="utf-8"))
        for layer in VIEW_LAYERS
        for path in sorted((SQL_DIR / layer).glob("*.sql"))
    }


def warehouse_catalog(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """One row per column of every table and view of ``con`` with its description (null if undocumented)."""
    columns = con.sql(
        """
        select c.table_name as relation, c.column_name as column, c.data_type, c.comment,
               coalesce(t.comment, v.comment) as relation_comment, t.table_name is not null as is_table,
               v.sql as view_sql
        from duckdb_columns() c
        left join duckdb_tables() t using (database_name, schema_name, table_name)
        left join duckdb_views() v on v.database_name = c.database_name and v.schema_name = c.schema_name
            and v.view_name = c.table_name
        where c.schema_name = 'main' and c.database_name = current_database()
        order by not is_table, c.table_name, c.column_index
        """
    ).pl()
    files = _layer_files()
    headers = {name: parse_header(sql) for name, (_, sql) in files.items()}
    resolved: dict[tuple[str, str], str] = {}
    rows = []
    # Tables come first, so a projection view can take over the resolved description of its table's column.
    for relation, column, data_type, comment, relation_comment, is_table, view_sql in columns.iter_rows():
        layer = "table" if is_table else files.get(relation, ("schema view", ""))[0]
        stored_view = relation.removeprefix(STORED_PREFIX) if is_table else None
        header_description, header_columns = headers.get(relation, ("", {}))
        if stored_view in headers:
            header_columns = headers[stored_view][1]
            relation_comment = f"The rows of the view `{stored_view}`, stored by the last load: read the view."
        source = _projected_table(view_sql) if layer in PROJECTION_LAYERS else None
        description = (
            comment
            or header_columns.get(column)
            or resolved.get((source, column))
            or GLOSSARY.get(f"{relation}.{column}")
            or GLOSSARY.get(column)
        )
        if is_table and description:
            resolved[(relation, column)] = description
        if relation == "schema_info":
            relation_comment = SCHEMA_INFO_DESCRIPTION
        header_description = _sentence(header_description.removeprefix(f"{relation}: "))
        rows.append((layer, relation, relation_comment or header_description or None, column, data_type, description))
    return pl.DataFrame(rows, schema=CATALOG_SCHEMA, orient="row").sort(
        pl.col("layer").replace_strict(LAYERS, list(range(len(LAYERS)))), "relation", maintain_order=True
    )


def _projected_table(view_sql: str | None) -> str | None:
    """The table a projection view (staging, schema view) selects from."""
    match = FROM_TABLE.search(view_sql or "")
    return match[1].strip('"').lower() if match else None


def build_catalog() -> pl.DataFrame:
    """The catalogue of a fresh in-memory warehouse with the current schema and SQL files, views stored."""
    with duckdb.connect() as con:
        apply_schema(con)
        create_views(con)
        refresh_report_tables(con)
        return warehouse_catalog(con)


def render_markdown(catalog: pl.DataFrame) -> str:
    """docs/warehouse.md: one section per layer, one table of columns per relation."""
    out = [
        "# The jkc warehouse: tables, views and columns",
        "",
        "Generated from the schema and the SQL files by `.venv/bin/python scripts/warehouse_doc.py`;",
        "do not edit by hand (tests/reports/test_warehouse_doc.py fails when this file is out of date).",
        "",
        "Open the warehouse read-only (never blocks, nor is blocked by, a load):",
        "",
        "```python",
        "from pipelines.warehouse import connect",
        "con = connect()  # warehouse/jkc.duckdb, or connect(path)",
        "sql = 'select * from top_entities where period = ? and entity_type = ? order by rank_in_type'",
        "con.execute(sql, ['2025-12', 'PERSON']).pl()",
        "```",
        "",
        "Views take no parameters: each report exposes its grain columns (month, period, entity_type,",
        "lang, ...) so callers filter with `?` parameters. Articles whose source files all disappeared stay",
        "in `articles` (source_missing = true) but are left out of every mart and report.",
    ]
    for layer in LAYERS:
        in_layer = catalog.filter(pl.col("layer") == layer)
        if in_layer.is_empty():
            continue
        out += ["", f"## {LAYER_TITLES[layer]}"]
        for (relation,), columns in in_layer.group_by("relation", maintain_order=True):
            out += ["", f"### `{relation}`", "", columns["relation_description"][0] or "", ""]
            out += ["| column | type | description |", "|---|---|---|"]
            out += [
                f"| `{column}` | {data_type} | {_escape(description or '')} |"
                for column, data_type, description in columns.select("column", "data_type", "description").iter_rows()
            ]
    return "\n".join(out) + "\n"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _escape(text: str) -> str:
    return text.replace("|", "\\|")
