"""Regenerate docs/warehouse.md from the schema and SQL files: `.venv/bin/python scripts/warehouse_doc.py`."""

from pipelines.reports.catalog import build_catalog, render_markdown
from pipelines.settings import PROJECT_ROOT

DOC_PATH = PROJECT_ROOT / "docs" / "warehouse.md"


def main() -> None:
    catalog = build_catalog()
    DOC_PATH.write_text(render_markdown(catalog), encoding="utf-8")
    undocumented = catalog.filter(catalog["description"].is_null())
    print(f"wrote {DOC_PATH}: {catalog['relation'].n_unique()} relations, {catalog.height} columns")
    for relation, column in undocumented.select("relation", "column").iter_rows():
        print(f"  undocumented: {relation}.{column}")


if __name__ == "__main__":
    main()
