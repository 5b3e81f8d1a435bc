#!/usr/bin/env bash
# Installs what the tests need and runs every test (the README's test command).
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q -e '.[test]'
python -m ruff check kg tests benchmarks
python -m pytest
