"""The chart renderer warmed in a background thread as a load begins (pipelines.reports.html.warm_up)."""

import subprocess
import sys

from pipelines.settings import PROJECT_ROOT

WARM_UP = """
import sys
from pipelines.reports.html import warm_up
warm_up().join()
from pipelines.reports import html
svg = html.chart_svg(html.alt.Chart(html.pl.DataFrame({"x": [1]})).mark_point().encode(x="x"))
assert svg.startswith("<svg"), svg[:80]
# Python imports in a background thread can deadlock with the run's own imports: the warm-up must import nothing
# heavy (GX is imported by the validation, in the run's thread).
assert "great_expectations" not in sys.modules
"""


def test_warm_up_starts_the_chart_renderer_and_imports_nothing_heavy():
    result = subprocess.run([sys.executable, "-c", WARM_UP], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
