"""Fixtures of the reliability tests (the helpers themselves are in helpers.py)."""

from tests.reliability.helpers import open_spy  # noqa: F401  (a fixture)
