"""docs/warehouse.md documents every column of every table and view, and is what the generator writes."""

import duckdb
import polars as pl

from pipelines.reports.catalog import build_catalog, parse_header, render_markdown, warehouse_catalog
from pipelines.warehouse import apply_schema, create_views
from scripts.warehouse_doc import DOC_PATH

REGENERATE = "run `.venv/bin/python scripts/warehouse_doc.py` and commit docs/warehouse.md"


def test_every_column_of_every_table_and_view_is_documented():
    catalog = build_catalog()
    undocumented = catalog.filter(pl.col("description").is_null() | (pl.col("description").str.strip_chars() == ""))
    assert undocumented.is_empty(), f"undocumented columns: {undocumented.select('relation', 'column').rows()}"
    no_description = catalog.filter(pl.col("relation_description").is_null())["relation"].unique().to_list()
    assert no_description == [], f"relations without a description: {no_description}"


def test_the_catalog_covers_every_relation_of_the_warehouse():
    with duckdb.connect() as con:
        apply_schema(con)
        views = create_views(con)
        tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
        catalog = warehouse_catalog(con)
    assert set(catalog["relation"]) >= tables | set(views)
    assert set(catalog.filter(pl.col("layer") == "table")["relation"]) == tables


def test_docs_warehouse_md_is_up_to_date():
    assert DOC_PATH.read_text(encoding="utf-8") == render_markdown(build_catalog()), REGENERATE


def test_parse_header_reads_description_and_columns():
    sql = "-- v: what it answers.\n-- Grain: one row.\n--\n-- columns:\n--   a: first.\n--   b_2: 2nd.\nwith"
    assert parse_header(sql) == ("v: what it answers. Grain: one row.", {"a": "first.", "b_2": "2nd."})
