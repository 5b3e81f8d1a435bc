from __future__ import annotations

import sys
from pathlib import Path

# tests/fakes.py must be importable by name, also in the worker processes `kg build`
# starts (they inherit sys.path)
TESTS = str(Path(__file__).resolve().parent)
if TESTS not in sys.path:
    sys.path.insert(0, TESTS)
