"""Regression: an article's graph does not depend on what the same process read before.

A whole-text scan was remembered under the id() of its set of first words; a set built
for one call and freed could hand its id to another, so the second reading of a sample
lost a congress (seen as test_same_answers and test_distributed failing in a full run)."""

from __future__ import annotations

from pathlib import Path

from kg.ingest import read_path
from kg.pipeline import article_graph
from kg.rdf import to_ntriples

ARTICLES = Path(__file__).resolve().parent.parent / "data" / "articles"


def _graphs() -> dict[str, set[str]]:
    found = {}
    for path in sorted(ARTICLES.glob("*.txt")):
        for article in read_path(path):
            found[path.name] = set(to_ntriples(article_graph(article)).splitlines())
    return found


def test_reading_the_samples_twice_gives_the_same_graphs() -> None:
    first, second = _graphs(), _graphs()
    assert first.keys() == second.keys()
    for name in first:
        assert first[name] == second[name], name
