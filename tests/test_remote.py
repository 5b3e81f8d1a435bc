"""--endpoint against a real SPARQL 1.1 server: the Oxigraph server from the `oxigraph`
package (test extra), started on a free loopback port and stopped afterwards."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import fakes
import pytest
from click.testing import CliRunner
from oxigraph_server import free_port, oxigraph_server
from real_pipeline import require_pipeline

from kg.build import build, remove
from kg.cli import cli
from kg.export import export
from kg.store import EmbeddedStore, RemoteStore, StoreError, as_rdflib_dataset, open_graph_store

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "articles"


@pytest.fixture
def endpoint(tmp_path: Path) -> Iterator[str]:
    with oxigraph_server(tmp_path / "server") as url:
        yield url


def build_fake(store: object, corpus: Path) -> object:
    return build(
        store,  # type: ignore[arg-type]
        [str(corpus)],
        jobs=1,
        process=fakes.fake_article_graph,
        reader=fakes.read_txt,
        lister=fakes.list_paths,
    )


def exported(store: object, format_name: str) -> bytes:
    buffer = io.BytesIO()
    export(store, format_name, buffer)  # type: ignore[arg-type]
    return buffer.getvalue()


def test_remote_store_behaves_like_the_embedded_one(endpoint: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    fakes.write_corpus(corpus, 9)
    remote = open_graph_store(endpoint=endpoint)
    assert isinstance(remote, RemoteStore)
    first = build_fake(remote, corpus)
    assert (first.added, first.entities) == (9, 14)  # 7 provincial boards, 5 people, the central board, the directive
    again = build_fake(remote, corpus)
    assert (again.added, again.unchanged, again.entities) == (0, 9, None)
    with EmbeddedStore(tmp_path / "local") as local:
        build_fake(local, corpus)
        for format_name in ("turtle", "trig", "nquads", "jsonld"):
            assert exported(remote, format_name) == exported(local, format_name), format_name
        assert sorted(map(str, remote.graph_quads())) == sorted(map(str, local.graph_quads()))
    # removal is one update on the server too
    record = next(remote.article_records())
    assert [r.article_id for r in remove(remote, [record.article_id]).removed] == [record.article_id]
    assert remote.article_state(record.article_id) is None
    assert record.graph_iri not in remote.graph_names()


def test_user_queries_see_the_union_of_graphs(endpoint: str, tmp_path: Path) -> None:
    fakes.write_corpus(tmp_path / "corpus", 3)
    remote = open_graph_store(endpoint=endpoint)
    build_fake(remote, tmp_path / "corpus")
    query = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a <http://xmlns.com/foaf/0.1/Person> }"
    assert int(next(iter(remote.query(query, union_default_graph=True)))["n"].value) == 3
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <https://w3id.org/vnkg/graph/entities> { ?s ?p ?o } }"
    triples = list(remote.query(construct))
    assert len(triples) == remote.count_triples("https://w3id.org/vnkg/graph/entities") > 0
    dataset = as_rdflib_dataset(remote)
    rows = list(dataset.query("SELECT ?g WHERE { GRAPH ?g { ?s a <http://xmlns.com/foaf/0.1/Person> } }"))
    assert len({row[0] for row in rows}) == 4  # three articles and the merged descriptions


def test_cli_build_export_stats_explain_through_the_endpoint(endpoint: str, tmp_path: Path) -> None:
    require_pipeline()
    runner = CliRunner()
    built = runner.invoke(cli, ["build", str(SAMPLES), "--endpoint", endpoint, "--jobs", "1", "--quiet"])
    assert built.exit_code == 0, built.output
    assert "articles added" in built.output
    target = tmp_path / "kg.ttl"
    exported_file = runner.invoke(cli, ["export", "-f", "turtle", "-o", str(target)], env={"KG_ENDPOINT": endpoint})
    assert exported_file.exit_code == 0, exported_file.output
    assert "Ban Tuyên giáo Trung ương" in target.read_text(encoding="utf-8")
    stats = runner.invoke(cli, ["stats", "--endpoint", endpoint], env={"COLUMNS": "200"})
    assert stats.exit_code == 0 and "5 articles" in stats.output
    explained = runner.invoke(cli, ["explain", "Chỉ thị 05-CT/TW", "--endpoint", endpoint], env={"COLUMNS": "200"})
    assert explained.exit_code == 0, explained.output
    assert "Appears in 3 articles" in explained.output


def test_unreachable_endpoint_is_one_line(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError, match="cannot reach"):
        open_graph_store(endpoint=url).article_state("x")
    result = CliRunner().invoke(cli, ["stats", "--endpoint", url])
    assert result.exit_code == 2 and "cannot reach SPARQL endpoint" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
