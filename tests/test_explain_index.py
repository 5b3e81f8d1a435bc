"""`kg explain` finds an entity through the name index, not by reading every label."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import build
from kg.explain import find_entities
from kg.store import META_GRAPH, EmbeddedStore

ARTICLES = Path(__file__).resolve().parent.parent / "data" / "articles"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    path = tmp_path_factory.mktemp("explain") / "store"
    with EmbeddedStore(path) as built:
        build(built, [str(ARTICLES)], jobs=1)
    return EmbeddedStore(path, read_only=True)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("phan xuan thuy", "Phan Xuân Thủy"),  # whole name, no diacritics
        ("Phan Xuân Thuỷ", "Phan Xuân Thủy"),  # the other tone-mark style
        ("xuan thuy", "Phan Xuân Thủy"),  # words of the name
        ("tinh uy nghe an", "Tỉnh ủy Nghệ An"),
    ],
)
def test_a_name_is_found_through_the_index(
    store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch, text: str, label: str
) -> None:
    asked: list[str] = []
    real = store.select

    def spy(sparql: str) -> list:
        asked.append(sparql)
        return real(sparql)

    monkeypatch.setattr(store, "select", spy)
    matches = find_entities(store, text)
    assert [m.label for m in matches] == [label]
    # the scan of every label of every article graph (which joins the article records) never ran
    assert not any(META_GRAPH in sparql for sparql in asked)


def test_a_name_the_index_does_not_know_falls_back_to_the_scan(store: EmbeddedStore) -> None:
    assert find_entities(store, "zzz-nobody") == []
