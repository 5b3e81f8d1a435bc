"""Extraction on a real Dask cluster of worker processes gives what a local run gives."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="dask[distributed] is in the 'test' extra")

from click.testing import CliRunner  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402
from rdflib import Graph  # noqa: E402
from rdflib.compare import isomorphic  # noqa: E402

from kg.build import build  # noqa: E402
from kg.distributed import DaskUnavailable, connect, map_articles_dask, map_dask  # noqa: E402
from kg.ingest import read_path  # noqa: E402
from kg.pipeline import article_graph  # noqa: E402
from kg.store import EmbeddedStore  # noqa: E402

ARTICLES = Path(__file__).resolve().parent.parent / "data" / "articles"


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """Two single-threaded worker processes, shared by the tests of this module."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


def _paths() -> list[Path]:
    paths = sorted(ARTICLES.glob("*.txt"))
    assert len(paths) >= 5
    return paths


def test_the_cluster_runs_in_other_processes(scheduler: str) -> None:
    with Client(scheduler) as client:
        pids = set(client.run(os.getpid).values())
    assert len(pids) == 2 and os.getpid() not in pids


def test_map_articles_dask_gives_the_local_graphs(scheduler: str) -> None:
    remote = {graph.graph_iri: graph for graph in map_articles_dask(_paths(), scheduler, article_graph)}
    local = {}
    for path in _paths():
        for article in read_path(path):
            graph = article_graph(article)
            local[graph.graph_iri] = graph
    assert set(remote) == set(local) and len(local) == len(_paths())
    for iri, graph in local.items():
        assert len(graph) > 50  # a real article graph, not an empty one
        assert isomorphic(graph.graph, remote[iri].graph), iri


def test_map_dask_keeps_few_tasks_in_flight_and_reads_lazily(scheduler: str) -> None:
    read: list[int] = []

    def items() -> Iterator[int]:
        for i in range(12):
            read.append(i)
            yield i

    seen = []
    with connect(scheduler) as client:
        for item, result in map_dask(items(), abs, client, in_flight=3):
            # when item k comes back, at most 3 items beyond those already returned were read
            seen.append(item)
            assert result == item
            assert len(read) <= len(seen) + 3
    assert sorted(seen) == list(range(12))


def test_map_dask_returns_task_errors_when_asked(scheduler: str) -> None:
    with connect(scheduler) as client:
        results = dict(map_dask(["12", "x"], int, client, return_exceptions=True))
        assert results["12"] == 12 and isinstance(results["x"], ValueError)
        with pytest.raises(ValueError):
            list(map_dask(["x"], int, client))


def _graphs(store: EmbeddedStore) -> dict[str, Graph]:
    """The article graphs of a store (bookkeeping, ontology, merged entities, reference left out)."""
    lines: dict[str, list[str]] = {}
    for quad in store.graph_quads(None):
        name = getattr(quad.graph_name, "value", "")
        if "/graph/" not in name or name.endswith(("/meta", "/ontology", "/entities", "/reference", "/derived")):
            continue
        lines.setdefault(name, []).append(f"{quad.subject} {quad.predicate} {quad.object} .")
    return {name: Graph().parse(data="\n".join(text), format="nt") for name, text in lines.items()}


def test_build_on_dask_gives_the_same_store_as_a_local_build(scheduler: str, tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "local") as store:
        local_summary = build(store, [str(ARTICLES)], jobs=1)
        local = _graphs(store)
    with EmbeddedStore(tmp_path / "dask") as store:
        dask_summary = build(store, [str(ARTICLES)], engine="dask", scheduler=scheduler)
        remote = _graphs(store)
        entities = store.count_triples("https://w3id.org/vnkg/graph/entities")
    assert dask_summary.ok and dask_summary.added == local_summary.added == len(_paths())
    assert dask_summary.triples_written == local_summary.triples_written
    assert set(remote) == set(local) and len(local) == len(_paths())
    for name, graph in local.items():
        assert isomorphic(graph, remote[name]), name
    assert entities > 0  # the merged descriptions were computed after the dask build too


def test_unreachable_scheduler_is_one_clear_error() -> None:
    with (
        pytest.raises(DaskUnavailable, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"),
        connect("tcp://127.0.0.1:9", timeout="2s"),
    ):
        pass


def test_scheduler_without_the_dask_engine_is_a_usage_error(tmp_path: Path) -> None:
    from kg.cli import cli

    result = CliRunner().invoke(
        cli, ["build", str(ARTICLES), "--store", str(tmp_path / "s"), "--scheduler", "tcp://x:1"]
    )
    assert result.exit_code == 2 and "--scheduler is for --engine dask" in result.output
