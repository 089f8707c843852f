"""Engines that take seconds to start, started in background threads when a load begins, so that the validation
and the report find them ready: GX's import and context (~3 s) and vl-convert's JavaScript runtime (~0.65 s)."""

from __future__ import annotations


def start_engines(validation_in_process: bool) -> None:
    """Warm the report's chart renderer, and GX when this process validates the load itself (a load of one part;
    larger loads validate in worker processes, where warming this process's GX would only cost CPU)."""
    from pipelines import validation
    from pipelines.reports import html

    html.warm_up()
    if validation_in_process:
        validation.warm_up()
