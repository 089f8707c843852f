"""Markdown previews of frames for Dagster asset metadata."""

from __future__ import annotations

import polars as pl

PREVIEW_ROWS = 10
PREVIEW_CELL_CHARS = 80


def markdown_preview(frame: pl.DataFrame, rows: int = PREVIEW_ROWS) -> str:
    """The first ``rows`` rows of ``frame`` as a markdown table (cells cut to a readable width)."""
    if frame.height == 0:
        return "_no rows_"
    head = frame.head(rows)
    cells = [[_cell(value) for value in row] for row in head.iter_rows()]
    lines = ["| " + " | ".join(head.columns) + " |", "|" + "---|" * len(head.columns)]
    lines += ["| " + " | ".join(row) + " |" for row in cells]
    if frame.height > rows:
        lines.append(f"\n_{frame.height - rows} more rows_")
    return "\n".join(lines)


def _cell(value) -> str:
    text = "" if value is None else str(value)
    text = text.replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= PREVIEW_CELL_CHARS else text[: PREVIEW_CELL_CHARS - 1] + "…"
