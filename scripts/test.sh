#!/usr/bin/env bash
# Installs what the tests need and runs every test (the README's test command).
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q -e '.[test]'
# Browser tests drive Debian's Chromium (never a browser downloaded by a test tool).
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "warning: could not install chromium; browser tests will fail in CI" >&2
fi
python -m ruff check kg tests benchmarks
python -m pytest
