"""The network projections kg build precomputes beside the store (kg.viz.cache, issue 15 item 6).

A view from the cache must be the view computed fresh from the store, for every kind,
with a period and with filters; a cache made from another store state is never served.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import networkx as nx
import pytest
from serve_helpers import sample_store

from kg.build import remove
from kg.store import EmbeddedStore, open_graph_store
from kg.viz.cache import MANIFEST, Cache, UnionSource, default_page, folder_of, projector_for, refresh, store_stamp
from kg.viz.dates import Period
from kg.viz.filters import ViewFilter, apply_filters
from kg.viz.projections import KINDS, Projector, project


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_store(tmp_path_factory.getbasetemp())


def _copy(built: Path, folder: Path) -> Path:
    """A private copy of the sample store and its cache (a test that changes them)."""
    target = folder / "store"
    shutil.copytree(built, target)
    shutil.copytree(built.with_name(built.name + ".viz"), target.with_name("store.viz"))
    return target


def _same(first: nx.Graph, second: nx.Graph) -> None:
    assert sorted(first.nodes(data=True), key=lambda n: n[0]) == sorted(second.nodes(data=True), key=lambda n: n[0])
    assert sorted(first.edges(data=True), key=repr) == sorted(second.edges(data=True), key=repr)


def test_build_writes_the_cache_beside_the_store(built: Path) -> None:
    folder = built.with_name(built.name + ".viz")
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest["pages"]) == sorted(KINDS)
    with open_graph_store(built, read_only=True) as store:
        assert folder_of(store) == folder
        assert manifest["stamp"] == store_stamp(store)
        cache = Cache.open(store)
        assert cache is not None
        assert cache.page("../store/CURRENT") is None  # a kind from a URL is never a path
        assert not refresh(store)  # up to date: nothing rewritten


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_cached_projection_is_the_computed_one(built: Path, kind: str) -> None:
    with open_graph_store(built, read_only=True) as store:
        cached = projector_for(store)
        assert cached._cache, "the cache's rows were not read"
        for since, until in ((None, None), ("2023", None), (None, "2022-06")):
            period = Period.parse(since, until)
            fresh = Projector(UnionSource(store))
            _same(project(kind, cached, period).graph, project(kind, fresh, period).graph)
        fresh = Projector(UnionSource(store))
        whole = project(kind, fresh).graph
        assert whole.number_of_nodes() > 0
        # a filter: the body with the most attached nodes, as a user would pick it
        known = {iri for iri, (node_type, _) in fresh.entities().items() if node_type == "body"}
        bodies = [body for _, data in whole.nodes(data=True) for body in data.get("bodies", []) if body in known]
        if bodies:
            busiest = max(sorted(set(bodies)), key=bodies.count)
            view = ViewFilter(bodies=(busiest,))
            one = apply_filters(project(kind, cached), view, cached).graph
            other = apply_filters(project(kind, fresh), view, fresh).graph
            assert one.number_of_nodes() > 0
            _same(one, other)
        assert default_page(kind, cached) == Cache.open(store).page(kind)  # type: ignore[union-attr]


def test_the_service_sends_the_cached_page_and_computes_filtered_views(built: Path) -> None:
    from kg.serve import network

    with open_graph_store(built, read_only=True) as store:
        cache = Cache.open(store)
        assert cache is not None
        assert network.render_network(store, "people", {}) == cache.page("people")
        assert network.render_network(store, "org", {"top": "200"}) == cache.page("org")
        fresh = default_page("people", Projector(UnionSource(store)), 3)
        assert network.render_network(store, "people", {"top": "3"}) == fresh


def test_a_cache_of_another_store_state_is_never_served(built: Path, tmp_path: Path) -> None:
    from kg.serve import network

    path = _copy(built, tmp_path)
    folder = path.with_name("store.viz")
    old_manifest = (folder / MANIFEST).read_text(encoding="utf-8")
    old_page = (folder / "people.html").read_text(encoding="utf-8")
    with EmbeddedStore(path) as store:
        first = next(iter(store.article_records()))
        result = remove(store, [first.article_id])
        assert result.removed
        # kg remove wrote the cache again, for the new state
        assert json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["stamp"] == store_stamp(store)
        # a cache left from before (a build killed before it wrote one) is ignored
        (folder / MANIFEST).write_text(old_manifest, encoding="utf-8")
        (folder / "people.html").write_text(old_page, encoding="utf-8")
        assert Cache.open(store) is None
        page = network.render_network(store, "people", {})
        assert page == default_page("people", Projector(UnionSource(store)))
        # and the next refresh replaces it
        assert refresh(store)
        assert Cache.open(store) is not None
    # the service sends the valid cache's page as it is, without computing it
    (folder / "documents.html").write_text("<p>kept page</p>", encoding="utf-8")
    with open_graph_store(path, read_only=True) as store:
        assert network.render_network(store, "documents", {}) == "<p>kept page</p>"
        assert network.render_network(store, "documents", {"top": "150"}) != "<p>kept page</p>"


def test_an_endpoint_store_has_no_cache() -> None:
    class Remote:
        def query(self, sparql: str, *, union_default_graph: bool = False) -> None:
            raise AssertionError("no query expected")

    assert folder_of(Remote()) is None
    assert not refresh(Remote())


def test_the_side_panel_reads_facts_sentences_only_where_shown(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A node with enough sentences of its own is not sent its facts' sentences (a busy
    body has thousands); what the panel shows stays what it was."""
    from kg.viz import enrich

    def asked(limit: int) -> tuple[set[str], dict[str, list[dict[str, object]]]]:
        monkeypatch.setattr(enrich, "MAX_SOURCES", limit)
        subjects: set[str] = set()
        with open_graph_store(built, read_only=True) as store:
            projector = Projector(UnionSource(store))
            graph = project("coattendance", projector).graph
            original = projector.rows

            def rows(sparql: str) -> list[dict[str, str]]:
                if "kg:evidence" in sparql:
                    subjects.update(part.strip("<>") for part in sparql.split("VALUES ?s {")[1].split("}")[0].split())
                return original(sparql)

            projector.rows = rows  # type: ignore[method-assign]
            enrich.enrich(graph, projector)
            return subjects, {str(n): list(d["provenance"]) for n, d in graph.nodes(data=True)}

    few, shown = asked(1)
    many, everything = asked(1000)
    assert few < many  # fewer facts' sentences read
    for node, sources in shown.items():
        assert sources == everything[node][:1] or (not sources and not everything[node])
