"""Shared fixtures: the test gazetteers and a facts builder for hand-written cases."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
# tests/factbuilder.py and tests/fakes.py must be importable by name, also in the
# worker processes `kg build` starts (they inherit sys.path)
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from kg.mapping import Tables, load_tables  # noqa: E402

RDF_DATA = TESTS / "data" / "rdf"


@pytest.fixture(scope="session")
def tables() -> Tables:
    """Small gazetteers written for the tests (the real ones are maintained elsewhere)."""
    return load_tables(RDF_DATA / "gazetteers")
