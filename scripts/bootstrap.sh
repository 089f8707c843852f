#!/usr/bin/env bash
# Create .venv (Python 3.11) and install exactly the locked dependency set plus the project (editable).
# Sourced by the other scripts; safe to run again (it only installs what is missing or different).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

UV_VERSION="0.13.9"
if [ ! -x .venv/bin/python ]; then
  PYTHON="$(command -v python3.11 || command -v python3)"
  "$PYTHON" -c 'import sys; assert sys.version_info[:2] == (3, 11), f"jkc needs Python 3.11, found {sys.version}"'
  "$PYTHON" -m venv .venv
fi
if ! .venv/bin/uv --version 2>/dev/null | grep -q "$UV_VERSION"; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
fi
# --compile-bytecode: every `jkc load` imports Dagster and GX; without .pyc files (uv writes none by default, and
# PYTHONDONTWRITEBYTECODE may forbid Python to) each load compiles them again: ~10 s more start-up.
.venv/bin/uv pip install --quiet --python .venv/bin/python --compile-bytecode -r requirements.lock
.venv/bin/uv pip install --quiet --python .venv/bin/python --no-deps -e .

# The project's Dagster instance (git-ignored): SQLite storage, telemetry off.
export DAGSTER_HOME="${DAGSTER_HOME:-$PWD/.dagster}"
mkdir -p "$DAGSTER_HOME"
[ -f "$DAGSTER_HOME/dagster.yaml" ] || cp dagster_home/dagster.yaml "$DAGSTER_HOME/dagster.yaml"
