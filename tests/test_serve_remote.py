"""`kg serve --endpoint URL`: the same service over another SPARQL server (Oxigraph's own).

The pages and the endpoint read through the SPARQL 1.1 Protocol; the queries run on the
remote server, in threads here (the HTTP timeout bounds them)."""

from __future__ import annotations

import io
import json
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from oxigraph_server import oxigraph_server, server_binary
from serve_helpers import get, post, running_server, sample_store

PERSON_PATH = "/id/person/central/phan-xuan-thuy-0e6218"


@pytest.fixture(scope="module")
def remote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Oxigraph server holding a copy of the sample store."""
    import pyoxigraph as ox

    from kg.store import open_graph_store

    server_binary()
    dump = io.BytesIO()
    with open_graph_store(sample_store(tmp_path_factory.getbasetemp()), read_only=True) as store:
        store.dump(dump, ox.RdfFormat.N_QUADS)
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph-server"), dump.getvalue()) as url:
        yield url


@pytest.fixture(scope="module")
def base(remote: str) -> Iterator[str]:
    with running_server(None, "--endpoint", remote, "--timeout", "5") as url:
        yield url


def test_endpoint_mode_answers_queries_and_pages(base: str, remote: str) -> None:
    status = json.loads(get(base + "/status")[2])
    assert status["runner"]["mode"] == "threads" and status["cache"] is None
    query = "SELECT ?name WHERE { ?p <http://xmlns.com/foaf/0.1/name> ?name } ORDER BY ?name"
    code, headers, body = get(base + "/sparql?" + urllib.parse.urlencode({"query": query}), "text/csv")
    assert code == 200 and "Phan Xuân Thủy" in body.decode("utf-8").splitlines()
    code, _, body = get(base + PERSON_PATH, "text/html")
    assert code == 200 and "Phó Trưởng Ban" in body.decode("utf-8")
    code, _, body = get(base + "/articles/99c758d743d5ec10", "text/html")
    assert code == 200 and '<mark class="ev"' in body.decode("utf-8")
    code, _, body = get(base + "/queries/meetings-chaired-by.json?person=Nguy%E1%BB%85n", "application/json")
    assert code == 200 and json.loads(body)["results"]["bindings"]


def test_endpoint_mode_keeps_the_remote_store_unchanged(base: str, remote: str) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"

    def triples() -> int:
        with urllib.request.urlopen(f"{remote}/query?" + urllib.parse.urlencode({"query": count})) as answer:
            return int(json.load(answer)["results"]["bindings"][0]["n"]["value"])

    before = triples()
    for update in ("CLEAR ALL", "INSERT DATA { <http://a> <http://b> <http://c> }"):
        assert post(base + "/sparql", update.encode(), "application/sparql-update")[0] == 403
        assert get(base + "/sparql?" + urllib.parse.urlencode({"query": update}))[0] == 403
    assert triples() == before


def test_endpoint_mode_refuses_service_and_nothing_is_fetched(base: str) -> None:
    # the remote server would carry out a SERVICE call: the guard runs before it is asked
    from test_serve_attacks import Listener, service_spellings

    listener = Listener()
    try:
        spellings = service_spellings(listener.port, 30, seed=16)
        spellings.append(f"PREFIX : <http://127.0.0.1:{listener.port}/> SELECT * WHERE {{ SERVICE:x {{ ?a ?b ?c }} }}")
        for query in spellings:
            status, _, body = post(base + "/sparql", query.encode(), "application/sparql-query", "*/*")
            assert status in (400, 403), (status, query, body[:300])
        assert listener.contacts == 0
    finally:
        listener.close()
