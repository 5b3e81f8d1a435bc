"""The derived graph (kg/derived.py) kept up to date piece by piece equals the one computed
whole: after building the sample articles in two steps, and after removing some.

The builds use worker processes (jobs=2): an article pipeline run in this process leaves
state behind that changes a later in-process build of the samples (seen on main: building
them first makes tests/test_same_answers.py lose an articles-mentioning row)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg import derived
from kg.build import build, remove
from kg.store import DERIVED_GRAPH, GraphStore, open_graph_store

ARTICLES = Path(__file__).resolve().parent.parent / "data" / "articles"


def rows(store: GraphStore) -> set[str]:
    return {f"{q.subject} {q.predicate} {q.object}" for q in store.graph_quads(DERIVED_GRAPH)}


def recomputed(store: GraphStore) -> set[str]:
    derived.refresh(store, None)
    return rows(store)


@pytest.fixture()
def halves(tmp_path: Path) -> tuple[Path, Path]:
    files = sorted(ARTICLES.glob("*.txt"))
    first, rest = tmp_path / "first", tmp_path / "all"
    first.mkdir()
    rest.mkdir()
    for index, path in enumerate(files):
        if index < 2:
            shutil.copy(path, first / path.name)
        shutil.copy(path, rest / path.name)
    return first, rest


def test_two_step_build_gives_the_full_derived_graph(tmp_path: Path, halves: tuple[Path, Path]) -> None:
    first, every = halves
    with open_graph_store(tmp_path / "store") as store:
        assert build(store, [str(first)], jobs=2).added == 2
        assert rows(store) == recomputed(store)
        assert build(store, [str(every)], jobs=2).added == 3
        assert not derived.is_stale(store)
        stepwise = rows(store)
        whole = recomputed(store)
    kinds = {row.split(" ")[2] for row in whole if "22-rdf-syntax-ns#type" in row}
    assert kinds == {"<https://w3id.org/vnkg/ontology#ProvinceActivity>"}
    assert stepwise == whole


def test_removing_articles_updates_the_derived_graph(tmp_path: Path, halves: tuple[Path, Path]) -> None:
    first, every = halves
    with open_graph_store(tmp_path / "store") as store:
        build(store, [str(every)], jobs=2)
        before = rows(store)
        removed = remove(store, [str(path) for path in sorted(first.glob("*.txt"))])
        assert len(removed.removed) == 2
        after = rows(store)
        assert after != before  # the removed articles' counts went
        assert after == recomputed(store)
