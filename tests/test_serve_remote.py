"""`kg serve --endpoint URL`: the same service over another SPARQL server (Oxigraph's own).

The pages and the endpoint read through the SPARQL 1.1 Protocol; the queries run on the
remote server, in threads here (the HTTP timeout bounds them)."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from serve_helpers import free_port, get, post, running_server, sample_store

PERSON_PATH = "/id/person/phan-xuan-thuy-0e6218"


@pytest.fixture(scope="module")
def remote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Oxigraph server holding a copy of the sample store."""
    binary = shutil.which("oxigraph")
    if binary is None:
        pytest.skip("the oxigraph server is not installed (pip install '.[test]')")
    import pyoxigraph as ox

    from kg.store import open_graph_store

    dump = io.BytesIO()
    with open_graph_store(sample_store(tmp_path_factory.getbasetemp()), read_only=True) as store:
        store.dump(dump, ox.RdfFormat.N_QUADS)
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
    server = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1):
                    break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "the oxigraph server did not start"
                time.sleep(0.05)
        request = urllib.request.Request(
            f"{url}/store", data=dump.getvalue(), method="POST", headers={"Content-Type": "application/n-quads"}
        )
        urllib.request.urlopen(request, timeout=30).close()
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


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
