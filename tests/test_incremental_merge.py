"""The merged entity descriptions, updated for the entities a build or a removal touches,
are the same as those computed from scratch; and the store compacts on request."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import build, remove
from kg.store import ENTITIES_GRAPH, EmbeddedStore, entity_descriptions

ARTICLES = Path(__file__).resolve().parent.parent / "data" / "articles"


def entities(store: EmbeddedStore) -> set[str]:
    return {str(ox.Triple(q.subject, q.predicate, q.object)) for q in store.graph_quads(ENTITIES_GRAPH)}


def copy(names: list[Path], folder: Path) -> Path:
    folder.mkdir(parents=True)
    for path in names:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def paths() -> list[Path]:
    return sorted(ARTICLES.glob("*.txt"))


def test_adding_articles_merges_only_their_entities_and_gives_the_full_merge(
    tmp_path: Path, paths: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = copy(paths[:3], tmp_path / "first")
    everything = copy(paths, tmp_path / "all")
    with EmbeddedStore(tmp_path / "whole") as whole:
        build(whole, [str(everything)], jobs=1)
        expected = entities(whole)
    with EmbeddedStore(tmp_path / "grown") as grown:
        build(grown, [str(first)], jobs=1)
        asked: list[object] = []
        real = EmbeddedStore.recompute_entities

        def spy(self: EmbeddedStore, touched: object = None, changes: object = None) -> int:
            asked.append(touched)
            assert changes, "the changes the build made are passed along"
            return real(self, touched, changes)  # type: ignore[arg-type]

        monkeypatch.setattr(EmbeddedStore, "recompute_entities", spy)
        summary = build(grown, [str(everything)], jobs=1)
        assert summary.added == 2
        assert isinstance(asked[0], set) and asked[0]  # only the touched entities
        assert entities(grown) == expected
        assert summary.entities == len(
            {q.subject for q in grown.graph_quads(ENTITIES_GRAPH) if q.predicate.value.endswith("#label")}
        )


def test_removing_an_article_merges_its_entities_again(tmp_path: Path, paths: list[Path]) -> None:
    rest = copy(paths[1:], tmp_path / "rest")
    with EmbeddedStore(tmp_path / "rest-store") as store:
        build(store, [str(rest)], jobs=1)
        expected = entities(store)
    with EmbeddedStore(tmp_path / "store") as store:
        build(store, [str(ARTICLES)], jobs=1)
        result = remove(store, [str(paths[0])])
        assert len(result.removed) == 1
        assert entities(store) == expected


def test_an_edited_article_is_merged_again(tmp_path: Path, paths: list[Path]) -> None:
    folder = copy(paths[:2], tmp_path / "articles")
    with EmbeddedStore(tmp_path / "store") as store:
        build(store, [str(folder)], jobs=1)
        edited = folder / paths[0].name
        edited.write_text(edited.read_text("utf-8").replace("Phan Xuân Thủy", "Phan Văn Thủy"), "utf-8")
        summary = build(store, [str(folder)], jobs=1)
        assert summary.added + summary.updated == 1
        # the descriptions merged for the touched entities are those a full merge computes
        ntriples, _ = entity_descriptions(store)
        full = {str(ox.Triple(q.subject, q.predicate, q.object)) for q in ox.parse(ntriples, ox.RdfFormat.N_TRIPLES)}
        assert entities(store) == full
    assert any("Phan Văn Thủy" in line for line in full)


def test_build_compacts_on_request(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "store") as store:
        assert build(store, [str(ARTICLES)], jobs=1, compact=True).compacted
        assert not build(store, [str(ARTICLES)], jobs=1).compacted  # nothing written: not by default
        assert store.compact()


def test_kg_compact_command(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import cli as main

    missing = CliRunner().invoke(main, ["compact", "--store", str(tmp_path / "none")])
    assert missing.exit_code == 2 and "no store at" in missing.output
    assert not (tmp_path / "none").exists()
    with EmbeddedStore(tmp_path / "store") as store:
        build(store, [str(ARTICLES)], jobs=1)
    done = CliRunner().invoke(main, ["compact", "--store", str(tmp_path / "store")])
    assert done.exit_code == 0 and "compacted" in done.output
