#!/usr/bin/env bash
# Set up, then load the bundled sample corpus into warehouse/jkc.duckdb and show what is in it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh
.venv/bin/jkc load --raw data/sample --warehouse warehouse/jkc.duckdb
