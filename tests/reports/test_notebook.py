"""notebooks/coverage.ipynb runs top to bottom against a warehouse built from the sample corpus."""

import nbformat
import pytest
from nbclient import NotebookClient

from pipelines.settings import PROJECT_ROOT
from pipelines.warehouse import connect

NOTEBOOK = PROJECT_ROOT / "notebooks" / "coverage.ipynb"
TIMEOUT_SECONDS = 120


def _stream_text(notebook) -> str:
    return "".join(
        output.get("text", "")
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "stream"
    )


@pytest.mark.slow
def test_notebook_runs_against_the_sample_warehouse(sample_warehouse, monkeypatch):
    monkeypatch.setenv("JKC_WAREHOUSE", str(sample_warehouse))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(
        notebook,
        timeout=TIMEOUT_SECONDS,
        kernel_name="python3",
        resources={"metadata": {"path": str(PROJECT_ROOT)}},
    ).execute()
    with connect(sample_warehouse) as con:
        n_articles, month = con.sql("select count(*), strftime(max(month), '%Y-%m') from dim_articles").fetchall()[0]
    text = _stream_text(notebook)
    assert f"warehouse: {sample_warehouse}" in text
    assert f"articles in coverage_by_month: {n_articles}" in text
    assert f"latest month: {month}" in text
    charts = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if "application/vnd.vegalite.v5+json" in output.get("data", {}) or "text/html" in output.get("data", {})
    ]
    assert charts, "the notebook drew no chart"
