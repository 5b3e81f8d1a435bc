"""The kept counts of the merged descriptions (kg/merge.py): a build or a removal merges a
touched entity from its kept counts plus what changed, and the result is the whole merge's,
quad for quad; a store without the counts is merged whole (and gets them)."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from benchmarks import corpus
from kg import build as build_module
from kg import merge
from kg.build import build, remove
from kg.store import ENTITIES_GRAPH, MERGE_INPUTS, META_GRAPH, RDFS, EmbeddedStore, iri, literal

DATA = Path(__file__).resolve().parent / "data" / "merge"


def entities(store: EmbeddedStore) -> set[str]:
    return {str(ox.Triple(q.subject, q.predicate, q.object)) for q in store.graph_quads(ENTITIES_GRAPH)}


def kept(store: EmbeddedStore) -> dict[str, str]:
    found = store.select(f"SELECT ?e ?i WHERE {{ GRAPH <{META_GRAPH}> {{ ?e <{MERGE_INPUTS}> ?i }} }}")
    return {row["e"].value: row["i"].value for row in found if row["e"].value != ENTITIES_GRAPH}  # not the mark


def whole(tmp_path: Path, name: str, folders: list[Path]) -> tuple[set[str], dict[str, str]]:
    with EmbeddedStore(tmp_path / name) as store:
        build(store, [str(folder) for folder in folders], jobs=1)
        return entities(store), kept(store)


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Three folders of generated articles; the central bodies and roles recur in most."""
    root = tmp_path_factory.mktemp("corpus")
    corpus.write_corpus(root / "c", 30, seed=11)
    files = sorted((root / "c" / "articles").glob("*.txt"))
    folders = []
    for index in range(3):
        folder = root / f"part{index}"
        folder.mkdir()
        for path in files[index * 10 : (index + 1) * 10]:
            shutil.copy(path, folder / path.name)
        folders.append(folder)
    return folders


def test_attestations_of_an_article(tmp_path: Path) -> None:
    found = merge.attestations((DATA / "attestations.nt").read_text("utf-8"))
    expected = json.loads((DATA / "attestations.expected.json").read_text("utf-8"))
    # a triple stated twice in one graph counts once
    assert sorted([e, p, str(o)] for (e, p, o) in found) == expected


def test_counts_round_trip_and_are_written_one_way() -> None:
    counts: Counter[merge.Key] = Counter(
        {
            (merge.NAMES[2], ox.Literal("Lê Nam")): 3,
            (merge.NAMES[0], ox.Literal("Lê Nam", language="vi")): 2,
            (merge.ALT_LABEL, ox.Literal('a "b"\nc')): 1,
            (merge.NAMES[3], ox.Literal("05", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#token"))): 1,
            (merge.RDF_TYPE, ox.NamedNode("https://w3id.org/vnkg/ontology#Person")): 5,
            (merge.RDF_TYPE, ox.NamedNode("http://xmlns.com/foaf/0.1/Person")): 0,  # gone: not kept
        }
    )
    text = merge.encode(counts)
    assert merge.decode(text) == +counts
    assert merge.encode(Counter(dict(reversed(list(counts.items()))))) == text


def test_describe_picks_the_name_most_articles_use() -> None:
    entity = "https://w3id.org/vnkg/id/person/x"
    counts: Counter[merge.Key] = Counter(
        {
            (merge.NAMES[2], ox.Literal("Nam")): 3,
            (merge.NAMES[2], ox.Literal("Lê Nam")): 3,  # as many articles, longer: wins
            (merge.NAMES[0], ox.Literal("Nam")): 2,
            (merge.ALT_LABEL, ox.Literal("Lê Văn Nam")): 1,
        }
    )
    lines = merge.describe(entity, counts, ["https://w3id.org/vnkg/ontology#Person"])
    assert f'<{entity}> <{RDFS}label> "Lê Nam" .' in lines
    assert {line.split(" ", 2)[2] for line in lines if "#altLabel" in line} == {'"Lê Văn Nam" .', '"Nam" .'}
    assert any(line.endswith("<https://w3id.org/vnkg/ontology#Person> .") for line in lines)
    counts[(merge.NAMES[2], ox.Literal("Nam"))] = 4
    assert f'<{entity}> <{RDFS}label> "Nam" .' in merge.describe(entity, counts)
    assert merge.describe(entity, Counter({(merge.RDF_TYPE, ox.NamedNode("https://x.org/T")): 2})) == []


def test_building_in_steps_and_removing_gives_the_whole_merge(tmp_path: Path, parts: list[Path]) -> None:
    a, b, c = parts
    with EmbeddedStore(tmp_path / "steps") as store:
        build(store, [str(a)], jobs=1)
        assert store.merge_inputs_kept()
        assert build(store, [str(b)], jobs=1).added == 10
        assert (entities(store), kept(store)) == whole(tmp_path, "ab", [a, b])
        assert build(store, [str(c)], jobs=1).added == 10
        assert (entities(store), kept(store)) == whole(tmp_path, "abc", [a, b, c])
        removed = remove(store, [str(path) for path in sorted(a.glob("*.txt"))])
        assert len(removed.removed) == 10
        assert (entities(store), kept(store)) == whole(tmp_path, "bc", [b, c])
        # an edited article: its old graph's counts go, the new one's come
        edited = sorted(b.glob("*.txt"))[0]
        text = edited.read_text("utf-8")
        words = text.split()
        name = next(w for w in words if w[:1].isupper() and len(w) > 3)
        edited.write_text(text.replace(name, name + "x"), "utf-8")
        try:
            changed = build(store, [str(b)], jobs=1)
            assert changed.added + changed.updated == 1
            assert (entities(store), kept(store)) == whole(tmp_path, "bc2", [b, c])
        finally:
            edited.write_text(text, "utf-8")


def test_the_merge_reads_the_kept_counts_not_every_article(tmp_path: Path, parts: list[Path]) -> None:
    """A count altered by hand is carried on by the next build (plus what its articles add):
    the popular entity was not counted again from the articles that named it before."""
    a, b, _ = parts
    with EmbeddedStore(tmp_path / "store") as store:
        build(store, [str(a)], jobs=1)
        added: merge.Attestations = Counter()
        for path in sorted(b.glob("*.txt")):
            added.update(_attestations_of(path))
        counts = {e: merge.decode(t) for e, t in kept(store).items()}
        # the name of a kept entity that the most of b's articles state again
        (entity, predicate, name), more = max(
            ((key, n) for key, n in added.items() if key[0] in counts and key[1] != merge.RDF_TYPE),
            key=lambda item: item[1],
        )
        assert more > 1 and counts[entity][(predicate, name)] > 0
        counts[entity][(predicate, name)] = 10_000
        store.update(
            f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ {iri(entity)} <{MERGE_INPUTS}> ?i }} }} ;\n"
            f"INSERT DATA {{ GRAPH <{META_GRAPH}> {{ {iri(entity)} <{MERGE_INPUTS}> "
            f"{literal(merge.encode(counts[entity]))} }} }}"
        )
        build(store, [str(b)], jobs=1)
        assert merge.decode(kept(store)[entity])[(predicate, name)] == 10_000 + more
        store.recompute_entities()  # the whole merge counts again from the articles
        assert (entities(store), kept(store)) == whole(tmp_path, "ab", [a, b])


def _attestations_of(path: Path) -> set[tuple[str, str, ox.Literal | ox.NamedNode]]:
    from kg.build import process_article
    from kg.ingest import read_path

    (article,) = list(read_path(path))
    return merge.attestations(process_article(article).ntriples)


def test_a_store_without_kept_counts_is_merged_whole(tmp_path: Path, parts: list[Path]) -> None:
    """A store built before the counts were kept (no mark): its next build merges whole and
    keeps them; a removal from it too.  Its descriptions are never merged from missing counts."""
    a, b, c = parts
    with EmbeddedStore(tmp_path / "old") as store:
        build(store, [str(a), str(b)], jobs=1)
        store.update(f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ ?e <{MERGE_INPUTS}> ?i }} }}")
        assert not store.merge_inputs_kept() and not store.entities_stale()
        assert build(store, [str(a), str(b)], jobs=1).entities is not None  # nothing new: upgraded anyway
        assert store.merge_inputs_kept()
        assert (entities(store), kept(store)) == whole(tmp_path, "ab", [a, b])
        store.update(f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ ?e <{MERGE_INPUTS}> ?i }} }}")
        build(store, [str(c)], jobs=1)
        assert (entities(store), kept(store)) == whole(tmp_path, "abc", [a, b, c])
        store.update(f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ ?e <{MERGE_INPUTS}> ?i }} }}")
        remove(store, [str(path) for path in sorted(c.glob("*.txt"))])
        assert (entities(store), kept(store)) == whole(tmp_path, "ab2", [a, b])


def test_a_build_too_large_to_track_merges_whole(
    tmp_path: Path, parts: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, _ = parts
    asked: list[object] = []
    real = EmbeddedStore.recompute_entities

    def spy(self: EmbeddedStore, touched: object = None, changes: object = None) -> int:
        asked.append(touched)
        return real(self, touched, changes)  # type: ignore[arg-type]

    with EmbeddedStore(tmp_path / "store") as store:
        build(store, [str(a)], jobs=1)
        monkeypatch.setattr(build_module, "CHANGES_MAX", 50)
        monkeypatch.setattr(EmbeddedStore, "recompute_entities", spy)
        build(store, [str(b)], jobs=1)
        assert asked == [None]
        assert (entities(store), kept(store)) == whole(tmp_path, "ab", [a, b])
