"""The coverage report asset: a self-contained HTML page beside the warehouse, its key charts in the UI."""

import base64
from pathlib import Path

import dagster as dg

from pipelines.reports.html import CoverageReport, build_report, chart_png, markdown_table
from pipelines.resources import JkcConfig
from pipelines.warehouse import connect

REPORT_DIR = "reports"
REPORT_FILE = "coverage.html"
# Charts shown in the asset's metadata (the page has them all).
METADATA_CHARTS = ("coverage", "topic_shares", "top_entities", "speakers")
METADATA_TABLES = {
    "month_by_outlet": "this month by outlet",
    "top_entities": "top entities this month",
    "speakers": "top speakers (all time)",
}


def report_path(warehouse: Path) -> Path:
    """Where the report of ``warehouse`` is written: reports/coverage.html in the warehouse's folder."""
    return warehouse.parent / REPORT_DIR / REPORT_FILE


def report_metadata(report: CoverageReport, path: Path) -> dict[str, dg.MetadataValue]:
    """The month's summary, the key charts as inline PNGs and markdown tables, for the Dagster UI."""
    metadata = {
        "path": dg.MetadataValue.path(str(path)),
        "month": dg.MetadataValue.text(report.month or "none"),
        "summary": dg.MetadataValue.md(report.summary),
    }
    for name in METADATA_CHARTS:
        if name in report.svgs:
            encoded = base64.b64encode(chart_png(report.svgs[name])).decode("ascii")
            metadata[f"chart: {name}"] = dg.MetadataValue.md(f"![{name}](data:image/png;base64,{encoded})")
    for name, title in METADATA_TABLES.items():
        metadata[f"table: {title}"] = dg.MetadataValue.md(markdown_table(report.frames[name]))
    return metadata


@dg.asset(group_name="reports", kinds={"html", "altair"}, deps=["warehouse"])
def coverage_report(jkc: JkcConfig) -> dg.MaterializeResult:
    """Coverage report (reports/coverage.html beside the warehouse): months, topics, entities, speakers."""
    warehouse = jkc.warehouse_path
    with connect(warehouse) as con:
        report = build_report(con)
    path = report_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".html.tmp")
    tmp.write_text(report.html, encoding="utf-8")
    tmp.replace(path)
    return dg.MaterializeResult(metadata=report_metadata(report, path))
