"""Engines that take seconds to start, started in a background thread when a load begins, so that the report finds
them ready: vl-convert's JavaScript runtime (~0.65 s before the first chart).

Only native code runs in that thread. GX is not warmed this way: importing it in a thread (~3 s) while the run's
thread imports modules too can fail with Python's import-lock deadlock error and fail the load.
"""

from __future__ import annotations

import threading


def start_engines() -> threading.Thread:
    """Start the chart renderer's runtime in a background thread; return the thread."""
    from pipelines.reports import html

    return html.warm_up()
