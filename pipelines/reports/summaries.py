"""Summary tables behind the report views, refreshed by the loader inside the load transaction."""

from __future__ import annotations

import duckdb


def refresh_report_tables(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)build the summary tables the report views read, from the base tables of ``con``.

    Called by :func:`pipelines.warehouse.commit_load` right after the views are (re)created, in the same
    transaction, so a failed load leaves them as they were. No summary table exists yet.
    """
    del con
