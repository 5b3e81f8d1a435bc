"""The store on its own: atomic article writes, bookkeeping, merged entities, opening errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg.build import ntriples
from kg.store import (
    ENTITIES_GRAPH,
    ID_NS,
    META_GRAPH,
    ArticleRecord,
    EmbeddedStore,
    Endpoints,
    StoreError,
    as_rdflib_dataset,
    graph_iri_for,
    open_graph_store,
)

LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ORG = "http://www.w3.org/ns/org#Organization"


def entity_nt(key: str, label: str, extra: str = "") -> str:
    subject = f"<{ID_NS}{key}>"
    return f'{subject} <{LABEL}> "{label}" .\n{subject} <{TYPE}> <{ORG}> .\n{extra}'


def record(article_id: str, content_hash: str = "h", **fields: object) -> ArticleRecord:
    return ArticleRecord(article_id, content_hash, f"{article_id}.txt", graph_iri_for(article_id), **fields)


def graph_triples(store: EmbeddedStore, graph: str) -> set[tuple[str, str, str]]:
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in store.graph_quads(graph)}


@pytest.fixture
def store(tmp_path: Path) -> EmbeddedStore:
    opened = EmbeddedStore(tmp_path / "store")
    yield opened
    opened.close()


def test_replace_graph_swaps_the_whole_article_and_its_record(store: EmbeddedStore) -> None:
    store.replace_graph(graph_iri_for("a1"), entity_nt("org/x", "Old name"), record("a1", "h1", triples=2))
    store.replace_graph(graph_iri_for("a1"), entity_nt("org/y", "New name"), record("a1", "h2", triples=2))
    triples = graph_triples(store, graph_iri_for("a1"))
    assert all("org/y" in s for s, _, _ in triples) and len(triples) == 2
    assert store.article_state("a1") == "h2"
    assert [r.article_id for r in store.article_records()] == ["a1"]
    assert store.article_state("unknown") is None


def test_article_moving_to_another_graph_iri_leaves_no_orphan(store: EmbeddedStore) -> None:
    first = ArticleRecord("a1", "h1", "a1.txt", graph_iri_for("old-iri"))
    store.replace_graph(graph_iri_for("old-iri"), entity_nt("org/x", "X"), first)
    moved = ArticleRecord("a1", "h2", "a1.txt", graph_iri_for("new-iri"))
    store.replace_graph(graph_iri_for("new-iri"), entity_nt("org/x", "X"), moved)
    assert graph_iri_for("old-iri") not in store.graph_names()
    assert store.article_record("a1").graph_iri == graph_iri_for("new-iri")


def test_a_bad_triple_rolls_back_the_whole_write(store: EmbeddedStore) -> None:
    store.replace_graph(graph_iri_for("a1"), entity_nt("org/x", "Kept"), record("a1", "h1"))
    with pytest.raises(SyntaxError):
        store.replace_graph(graph_iri_for("a1"), entity_nt("org/x", "New") + "<broken", record("a1", "h2"))
    assert store.article_state("a1") == "h1"
    assert (f"<{ID_NS}org/x>", f"<{LABEL}>", '"Kept"') in graph_triples(store, graph_iri_for("a1"))


def test_awkward_literals_survive_the_sparql_write(store: EmbeddedStore) -> None:
    graph = rdflib.Graph()
    nasty = ['quote " back\\slash', "line\nbreak\ttab", "\\u0022 not a quote", "😀 Tuyên giáo", "}} ;"]
    for n, text in enumerate(nasty):
        graph.add((rdflib.URIRef(f"{ID_NS}x{n}"), rdflib.RDFS.label, rdflib.Literal(text, lang="vi")))
    store.replace_graph(graph_iri_for("a1"), graph.serialize(format="nt"), record("a1"))
    stored = {q.object.value for q in store.graph_quads(graph_iri_for("a1"))}
    assert stored == set(nasty)
    # the workers' own N-Triples writer gives the same store
    store.replace_graph(graph_iri_for("a2"), ntriples(graph), record("a2"))
    assert {str(q.object) for q in store.graph_quads(graph_iri_for("a2"))} == {
        str(q.object) for q in store.graph_quads(graph_iri_for("a1"))
    }


def test_remove_graph_drops_triples_and_record(store: EmbeddedStore) -> None:
    store.replace_graph(graph_iri_for("a1"), entity_nt("org/x", "X"), record("a1"))
    assert store.remove_graph(graph_iri_for("a1")) is True
    assert store.remove_graph(graph_iri_for("a1")) is False
    assert store.article_state("a1") is None and store.graph_names() == [META_GRAPH]


def test_entities_take_the_most_frequent_label_and_keep_the_others(store: EmbeddedStore) -> None:
    labels = ["Ban Tuyên giáo TW", "Ban Tuyên giáo Trung ương", "Ban Tuyên giáo Trung ương"]
    for n, label in enumerate(labels):
        store.replace_graph(graph_iri_for(f"a{n}"), entity_nt("org/btg", label), record(f"a{n}"))
    assert store.entities_stale()
    assert store.recompute_entities() == 1
    assert not store.entities_stale()
    merged = graph_triples(store, ENTITIES_GRAPH)
    subject = f"<{ID_NS}org/btg>"
    assert (subject, f"<{LABEL}>", '"Ban Tuyên giáo Trung ương"') in merged
    assert (subject, f"<{PREF}>", '"Ban Tuyên giáo Trung ương"') in merged
    assert (subject, f"<{ALT}>", '"Ban Tuyên giáo TW"') in merged
    assert (subject, f"<{TYPE}>", f"<{ORG}>") in merged
    assert len([t for t in merged if t[1] == f"<{LABEL}>"]) == 1


def test_equal_counts_pick_the_fuller_label_whatever_the_order(tmp_path: Path) -> None:
    chosen = []
    for order in (["Tỉnh ủy", "Tỉnh ủy Nghệ An"], ["Tỉnh ủy Nghệ An", "Tỉnh ủy"]):
        with EmbeddedStore(tmp_path / f"s{len(chosen)}") as store:
            for n, label in enumerate(order):
                store.replace_graph(graph_iri_for(f"a{n}"), entity_nt("org/tu-na", label), record(f"a{n}"))
            store.recompute_entities()
            chosen.append({t for t in graph_triples(store, ENTITIES_GRAPH) if t[1] == f"<{LABEL}>"})
    assert chosen[0] == chosen[1] == {(f"<{ID_NS}org/tu-na>", f"<{LABEL}>", '"Tỉnh ủy Nghệ An"')}


def test_records_for_source_finds_files_and_jsonl_records(store: EmbeddedStore) -> None:
    store.replace_graph(graph_iri_for("a1"), "", ArticleRecord("a1", "h", "news.jsonl#3", graph_iri_for("a1")))
    store.replace_graph(graph_iri_for("a2"), "", ArticleRecord("a2", "h", "other.txt", graph_iri_for("a2")))
    assert [r.article_id for r in store.records_for_source("news.jsonl")] == ["a1"]


def test_rdflib_view_sees_the_store(store: EmbeddedStore) -> None:
    store.replace_graph(graph_iri_for("a1"), entity_nt("org/x", "X"), record("a1"))
    dataset = as_rdflib_dataset(store)
    graph = dataset.graph(rdflib.URIRef(graph_iri_for("a1")))
    assert (rdflib.URIRef(f"{ID_NS}org/x"), rdflib.RDFS.label, rdflib.Literal("X")) in graph


def test_store_locked_by_another_process_is_one_clear_line(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import pyoxigraph, sys; s = pyoxigraph.Store({str(folder)!r}); "
            "print('open', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(StoreError) as error:
            open_graph_store(folder)
        message = str(error.value)
        assert "in use by another process" in message and "\n" not in message
    finally:
        holder.communicate("")


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        (lambda p: (p.mkdir(), (p / "CURRENT").write_text("garbage\n")), "damaged"),
        (lambda p: (p.mkdir(), (p / "notes.txt").write_text("x")), "holds no kg store"),
        (lambda p: p.write_text("x"), "is a file"),
    ],
)
def test_unusable_folders_are_refused_with_one_line(tmp_path: Path, setup, expected: str) -> None:
    folder = tmp_path / "store"
    setup(folder)
    with pytest.raises(StoreError) as error:
        open_graph_store(folder)
    assert expected in str(error.value) and "\n" not in str(error.value)


def test_read_only_open_of_a_missing_store_says_build_first(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="run `kg build` first"):
        open_graph_store(tmp_path / "nothing", read_only=True)
    assert not (tmp_path / "nothing").exists()


def test_read_only_store_refuses_writes(tmp_path: Path) -> None:
    EmbeddedStore(tmp_path / "s").close()
    with EmbeddedStore(tmp_path / "s", read_only=True) as store, pytest.raises(StoreError, match="read-only"):
        store.replace_graph(graph_iri_for("a"), "", record("a"))


@pytest.mark.parametrize(
    ("url", "query", "update", "graph_store"),
    [
        (
            "http://127.0.0.1:7878",
            "http://127.0.0.1:7878/query",
            "http://127.0.0.1:7878/update",
            "http://127.0.0.1:7878/store",
        ),
        (
            "http://h:3030/ds/sparql",
            "http://h:3030/ds/sparql",
            "http://h:3030/ds/update",
            "http://h:3030/ds/data",
        ),
        ("http://h/query/", "http://h/query", "http://h/update", "http://h/store"),
    ],
)
def test_endpoint_urls_are_derived_from_one(url: str, query: str, update: str, graph_store: str) -> None:
    assert Endpoints.from_url(url) == Endpoints(query, update, graph_store)


def test_endpoint_must_be_http() -> None:
    with pytest.raises(StoreError, match="not an http"):
        Endpoints.from_url("ftp://example.org/sparql")


def test_query_results_are_pyoxigraph_terms(store: EmbeddedStore) -> None:
    store.replace_graph(graph_iri_for("a1"), entity_nt("org/x", "X"), record("a1"))
    rows = store.select(f"SELECT ?l WHERE {{ GRAPH ?g {{ <{ID_NS}org/x> <{LABEL}> ?l }} }}")
    assert rows[0]["l"] == ox.Literal("X")
    union = list(store.query(f"SELECT ?l WHERE {{ <{ID_NS}org/x> <{LABEL}> ?l }}", union_default_graph=True))
    assert [row["l"].value for row in union] == ["X"]


def test_rdflib_view_queries_the_union_of_graphs(store: EmbeddedStore) -> None:
    for n in range(2):
        store.replace_graph(graph_iri_for(f"a{n}"), entity_nt(f"org/x{n}", "X"), record(f"a{n}"))
    dataset = as_rdflib_dataset(store)
    rows = list(dataset.query(f"SELECT DISTINCT ?s WHERE {{ ?s a <{ORG}> }}"))
    assert {str(row[0]) for row in rows} == {f"{ID_NS}org/x0", f"{ID_NS}org/x1"}


def test_article_text_is_kept_with_its_record_and_read_on_demand(store: EmbeddedStore) -> None:
    text = 'Ngày 18-9, đồng chí "Phan Xuân Thủy"\nchủ trì \\ hội nghị.'
    store.replace_graph(graph_iri_for("a1"), "", record("a1", text=text))
    store.replace_graph(graph_iri_for("a2"), "", record("a2"))
    assert store.article_text("a1") == text  # quotes, backslash and line break survive
    assert store.article_text("a2") is None and store.article_text("unknown") is None
    assert store.article_record("a1").text is None  # listings stay light
    store.replace_graph(graph_iri_for("a1"), "", record("a1", "h2", text="Bài mới."))
    assert store.article_text("a1") == "Bài mới."
