#!/usr/bin/env bash
# Set up, then lint and run the whole test suite (the browser test needs Debian's chromium: installed if missing).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "Installing Debian's chromium for the browser test..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "warning: could not install chromium; the browser test will fail under CI"
fi
.venv/bin/ruff check .
.venv/bin/python -m pytest -n 2 "$@"
