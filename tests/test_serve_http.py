"""`kg serve` as its users use it: a real server process, SPARQLWrapper and plain HTTP clients.

One server runs for the whole module on the store of the sample articles, with a short
time limit (2 s) and a small row cap (500) so that both can be seen to work.
"""

from __future__ import annotations

import csv
import io
import json
import re
import threading
import time
import urllib.error
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from serve_helpers import get, post, running_server, sample_store
from SPARQLWrapper import CSV, JSON, JSONLD, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import EndPointNotFound, QueryBadFormed

TIMEOUT = 2.0
MAX_ROWS = 500
PERSON = "https://w3id.org/vnkg/id/person/central/phan-xuan-thuy-0e6218"
FOAF_NAME = "http://xmlns.com/foaf/0.1/name"
# Every triple of the store three times over: far more than anyone can wait for.
FORM = "application/x-www-form-urlencoded"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = sample_store(tmp_path_factory.getbasetemp())
    options = ["--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS), "--workers", "2", "--max-request-size", "4096"]
    options += ["--cache-mb", "0"]  # every request reaches a worker
    with running_server(store, *options) as url:
        yield url


def wrapper(base: str, query: str, return_format: str = JSON) -> SPARQLWrapper:
    sparql = SPARQLWrapper(base + "/sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(return_format)
    return sparql


# -- SPARQLWrapper -------------------------------------------------------------------------


def test_select_with_sparqlwrapper_get_and_post(base: str) -> None:
    query = f"SELECT DISTINCT ?name WHERE {{ ?person <{FOAF_NAME}> ?name }} ORDER BY ?name"
    for method in ("GET", POST):
        sparql = wrapper(base, query)
        sparql.setMethod(method)
        names = [row["name"]["value"] for row in sparql.query().convert()["results"]["bindings"]]
        assert "Phan Xuân Thủy" in names and "Nguyễn Trọng Nghĩa" in names
        assert names == sorted(names) and len(names) == len(set(names))


def test_select_as_xml_and_csv(base: str) -> None:
    query = f"SELECT ?name WHERE {{ <{PERSON}> <{FOAF_NAME}> ?name }} LIMIT 1"
    document = wrapper(base, query, XML).query().convert()  # an xml.dom document
    assert [n.firstChild.data for n in document.getElementsByTagName("literal")] == ["Phan Xuân Thủy"]
    text = wrapper(base, query, CSV).query().convert().decode("utf-8")
    assert list(csv.reader(io.StringIO(text))) == [["name"], ["Phan Xuân Thủy"]]


def test_ask(base: str) -> None:
    assert wrapper(base, f'ASK {{ ?p <{FOAF_NAME}> "Phan Xuân Thủy" }}').query().convert()["boolean"] is True
    assert wrapper(base, f'ASK {{ ?p <{FOAF_NAME}> "Không Có Ai" }}').query().convert()["boolean"] is False


def test_construct_as_turtle_and_json_ld(base: str) -> None:
    query = (
        "PREFIX org: <http://www.w3.org/ns/org#> CONSTRUCT { ?body org:subOrganizationOf ?parent } "
        "WHERE { ?body org:subOrganizationOf ?parent }"
    )
    turtle = wrapper(base, query, TURTLE).query().convert()
    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    expected = {
        (rdflib.URIRef("https://w3id.org/vnkg/id/body/ban-tuyen-giao-tinh-uy-thai-nguyen"),
         rdflib.URIRef("http://www.w3.org/ns/org#subOrganizationOf"),
         rdflib.URIRef("https://w3id.org/vnkg/id/body/tinh-uy-thai-nguyen"))
    }
    assert expected <= set(graph) and len(graph) >= 5
    as_json_ld = wrapper(base, query, JSONLD).query().convert()  # SPARQLWrapper parses it with rdflib
    assert set(as_json_ld) == set(graph)


def test_syntax_error_is_a_400_with_the_reason(base: str) -> None:
    with pytest.raises(QueryBadFormed, match="syntax error"):
        wrapper(base, "SELECT ?x WHERE { ?x ").query()


def test_unknown_path_is_a_404(base: str) -> None:
    with pytest.raises(EndPointNotFound):
        SPARQLWrapper(base + "/no-such-endpoint").query()


# -- the protocol by hand -----------------------------------------------------------------------


def test_post_sparql_query_body_and_form(base: str) -> None:
    query = f"SELECT ?name WHERE {{ <{PERSON}> <{FOAF_NAME}> ?name }}"
    status, headers, body = post(base + "/sparql", query.encode(), "application/sparql-query", "text/csv")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert body.decode("utf-8").splitlines() == ["name", "Phan Xuân Thủy"]
    form = urllib.parse.urlencode({"query": query}).encode()
    form_type = "application/x-www-form-urlencoded"
    status, headers, body = post(base + "/sparql", form, form_type, "text/tab-separated-values")
    assert status == 200 and body.decode("utf-8").splitlines() == ["?name", '"Phan Xuân Thủy"']


def test_rows_are_capped_and_the_answer_says_so(base: str) -> None:
    url = base + "/sparql?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"})
    status, headers, body = get(url, "application/sparql-results+json")
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    assert "500" in headers["x-kg-truncated"]
    small = base + "/sparql?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"})
    status, headers, body = get(small, "application/sparql-results+json")
    assert len(json.loads(body)["results"]["bindings"]) == 3 and "x-kg-truncated" not in headers


def test_dataset_parameters_choose_the_graphs(base: str) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    counts = {}
    for graph in ("entities", "ontology"):
        url = base + "/sparql?" + urllib.parse.urlencode(
            {"query": query, "default-graph-uri": f"https://w3id.org/vnkg/graph/{graph}"}
        )
        status, _, body = get(url, "application/sparql-results+json")
        assert status == 200
        counts[graph] = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    assert counts["entities"] > 0 and counts["ontology"] > 0 and counts["entities"] != counts["ontology"]


# -- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://127.0.0.1:9/data.ttl>",
        "CLEAR ALL",
        "DROP ALL",
    ],
)
def test_updates_are_refused_every_way_they_can_arrive(base: str, update: str) -> None:
    before = count_triples(base)
    answers = [
        get(base + "/sparql?" + urllib.parse.urlencode({"query": update})),
        get(base + "/sparql?" + urllib.parse.urlencode({"update": update})),
        post(base + "/sparql", update.encode(), "application/sparql-update"),
        post(base + "/sparql", urllib.parse.urlencode({"update": update}).encode(), FORM),
        post(base + "/sparql", update.encode(), "application/sparql-query"),
    ]
    for status, _, body in answers:
        assert status == 403 and b"read-only" in body
    assert count_triples(base) == before


def test_sparqlwrapper_update_is_refused(base: str) -> None:
    sparql = SPARQLWrapper(base + "/sparql", updateEndpoint=base + "/sparql")
    sparql.setMethod(POST)
    sparql.setQuery("INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }")
    with pytest.raises(urllib.error.HTTPError) as caught:
        sparql.query()
    assert caught.value.code == 403


def test_service_is_refused_and_nothing_is_fetched(base: str) -> None:
    # a listener standing for "another host": it must never be called
    import socket

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(0.5)
        target = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
        for query in (
            f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ \\u0053ERVICE <{target}> {{ ?s ?p ?o }} }}",
        ):
            status, _, body = get(base + "/sparql?" + urllib.parse.urlencode({"query": query}))
            assert status == 403 and b"SERVICE" in body
        with pytest.raises(TimeoutError):
            listener.accept()


def test_requests_over_the_size_limit_are_refused(base: str) -> None:
    padding = "# " + "x" * 5000 + "\n"
    status, _, body = post(base + "/sparql", (padding + "ASK {}").encode(), "application/sparql-query")
    assert status == 413 and b"4,096 bytes" in body
    status, _, _ = post(base + "/sparql", b"ASK {}", "application/sparql-query")
    assert status == 200


def test_other_hosts_are_refused_on_loopback(base: str) -> None:
    import http.client

    connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=10)
    connection.request("GET", "/status", headers={"Host": "evil.example"})
    response = connection.getresponse()
    assert response.status == 400 and b"evil.example" in response.read()
    connection.close()


def test_a_runaway_query_is_stopped_while_others_are_answered(base: str) -> None:
    runaway: dict[str, object] = {}

    def run_away() -> None:
        started = time.monotonic()
        runaway["answer"] = get(base + "/sparql?" + urllib.parse.urlencode({"query": RUNAWAY}))
        runaway["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run_away)
    thread.start()
    time.sleep(0.3)  # the runaway is running now
    quick = f"ASK {{ <{PERSON}> <{FOAF_NAME}> ?name }}"
    latencies = []
    while thread.is_alive():
        started = time.monotonic()
        status, _, body = get(base + "/sparql?" + urllib.parse.urlencode({"query": quick}), "application/json")
        latencies.append(time.monotonic() - started)
        assert status == 200 and json.loads(body)["boolean"] is True
        status, _, page = get(base + "/id/person/central/phan-xuan-thuy-0e6218", "text/html")
        assert status == 200 and "Phan Xuân Thủy" in page.decode("utf-8")
        time.sleep(0.1)
    thread.join()
    status, _, body = runaway["answer"]  # type: ignore[misc]
    assert status == 503 and f"time limit of {TIMEOUT:g} s".encode() in body
    assert TIMEOUT <= runaway["seconds"] < TIMEOUT + 3  # type: ignore[operator]
    assert len(latencies) >= 3 and max(latencies) < 1.0
    # the worker that ran it was killed and replaced
    deadline = time.monotonic() + 20
    while True:
        status_now = json.loads(get(base + "/status")[2])["runner"]
        if status_now["alive"] == 2 + status_now["reserve"] and status_now["idle"] == 2:
            break
        assert time.monotonic() < deadline, status_now
        time.sleep(0.2)
    assert status_now["timeouts"] >= 1 and status_now["restarts"] >= 1


def count_triples(base: str) -> int:
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    status, _, body = get(base + "/sparql?" + urllib.parse.urlencode({"query": query}), "application/json")
    assert status == 200
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


# -- canned queries, entities, articles -------------------------------------------------------------


def test_canned_query_as_json_csv_and_page(base: str) -> None:
    params = urllib.parse.urlencode({"person": "Nguyễn Trọng Nghĩa"})
    status, headers, body = get(f"{base}/queries/meetings-chaired-by.json?{params}")
    assert status == 200 and headers["content-type"].startswith("application/sparql-results+json")
    rows = json.loads(body)["results"]["bindings"]
    assert rows and all(row["chair"]["value"] == "Nguyễn Trọng Nghĩa" for row in rows)
    assert any("sơ kết công tác tuyên giáo" in row["meeting"]["value"] for row in rows)
    status, headers, body = get(f"{base}/queries/meetings-chaired-by.csv?{params}")
    assert status == 200 and body.startswith("\ufeff".encode())  # spreadsheets read it as UTF-8
    table = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert [r["meeting"] for r in table] == [r["meeting"]["value"] for r in rows]
    assert 'filename="meetings-chaired-by.csv"' in headers["content-disposition"]
    status, _, page = get(f"{base}/queries/meetings-chaired-by?{params}", "text/html")
    text = page.decode("utf-8")
    assert status == 200 and "Hội nghị sơ kết công tác tuyên giáo" in text and 'name="person"' in text


def test_canned_query_parameter_errors(base: str) -> None:
    status, _, body = get(f"{base}/queries/meetings-chaired-by.json?since=not-a-date&person=x")
    assert status == 400 and b"since" in body
    status, _, body = get(f"{base}/queries/meetings-chaired-by.json")
    assert status == 400 and b"needs parameter 'person'" in body
    status, _, body = get(f"{base}/queries/meetings-chaired-by.json?nobody=1&person=x")
    assert status == 400 and b"nobody" in body
    assert get(f"{base}/queries/no-such-question")[0] == 404


def test_every_canned_query_answers_with_its_example(base: str) -> None:
    status, _, body = get(base + "/queries.json")
    listing = json.loads(body)
    assert status == 200 and len(listing) >= 13
    for query in listing:
        example = {p["name"]: p["example"] for p in query["parameters"] if p["example"]}
        status, _, answer = get(f"{base}/queries/{query['name']}.json?{urllib.parse.urlencode(example)}")
        assert status == 200, (query["name"], answer[:300])
        assert "head" in json.loads(answer)


def test_entity_iri_resolves_by_accept(base: str) -> None:
    url = base + "/id/person/central/phan-xuan-thuy-0e6218"
    status, headers, body = get(url, "text/turtle")
    assert status == 200 and headers["content-type"].startswith("text/turtle") and "Accept" in headers["vary"]
    graph = rdflib.Graph().parse(data=body, format="turtle")
    person = rdflib.URIRef(PERSON)
    assert (person, rdflib.URIRef(FOAF_NAME), rdflib.Literal("Phan Xuân Thủy")) in graph
    assert (person, rdflib.RDF.type, rdflib.URIRef("http://xmlns.com/foaf/0.1/Person")) in graph
    status, headers, body = get(url, "application/ld+json")
    assert status == 200 and set(rdflib.Graph().parse(data=body, format="json-ld")) == set(graph)
    status, headers, body = get(url, "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
    page = body.decode("utf-8")
    assert status == 200 and '<meta charset="utf-8">' in page
    assert "Phó Trưởng Ban" in page and "Ban Tuyên giáo Trung ương" in page  # position over time
    sentences = evidence_of(base, PERSON)
    assert sentences
    for sentence in sentences:  # each source sentence is linked to its place in the article
        article, fragment = sentence.removeprefix("https://w3id.org/vnkg/id/article/").split("#")
        assert f'href="/articles/{article}#{fragment}"' in page
    assert get(base + "/id/person/nobody-at-all", "text/turtle")[0] == 404
    assert get(base + "/id/person/nobody-at-all", "text/html")[0] == 404


def evidence_of(base: str, entity: str) -> list[str]:
    """The IRIs of the sentences the entity was read in, asked through the endpoint."""
    query = f"SELECT DISTINCT ?s WHERE {{ <{entity}> <https://w3id.org/vnkg/ontology#evidence> ?s }}"
    status, _, body = get(base + "/sparql?" + urllib.parse.urlencode({"query": query}), "application/json")
    assert status == 200
    return sorted(row["s"]["value"] for row in json.loads(body)["results"]["bindings"])


def test_article_page_highlights_what_was_read(base: str) -> None:
    status, _, body = get(base + "/articles/99c758d743d5ec10", "text/html")
    page = body.decode("utf-8")
    assert status == 200
    sentence = next(s for s in evidence_of(base, PERSON) if "99c758d743d5ec10#" in s)
    fragment = sentence.split("#")[1]
    marked = {name for names in re.findall(r'data-sentences="([^"]+)"', page) for name in names.split()}
    assert f'id="{fragment}"' in page and fragment in marked  # marked in the text
    assert 'class="mention kind-person" href="/id/person/central/phan-xuan-thuy-0e6218"' in page
    assert "Tại Hội nghị, các báo cáo viên" in page  # text with no fact is shown too
    # the article IRI itself: HTML goes to the page, Turtle describes its sentences
    status, headers, _ = get(base + "/id/article/99c758d743d5ec10", "text/html")
    assert status == 200  # (after the redirect)
    status, _, turtle = get(base + "/id/article/99c758d743d5ec10", "text/turtle")
    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    start = int(fragment[1:].split("-")[0])
    offset = rdflib.URIRef("https://w3id.org/vnkg/ontology#startOffset")
    assert (rdflib.URIRef(sentence), offset, rdflib.Literal(start)) in graph


def test_pages_are_utf8_offline_and_guarded(base: str) -> None:
    for path in ("/", "/sparql", "/queries", "/articles", "/entities/person", "/viz"):
        status, headers, body = get(base + path, "text/html")
        assert status == 200, path
        assert headers["content-type"] == "text/html; charset=utf-8"
        assert "default-src 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        text = body.decode("utf-8")
        # nothing is loaded from elsewhere: every script and stylesheet is our own
        for tag in ('<script src="', '<link rel="stylesheet" href="', '<img src="'):
            for found in text.split(tag)[1:]:
                assert found.startswith("/"), (path, found[:80])

def test_network_frames_for_every_kind_and_their_filters(base: str) -> None:
    for kind in ("org", "people", "coattendance", "documents"):
        status, headers, body = get(base + f"/viz/{kind}/graph", "text/html")
        page = body.decode("utf-8")
        assert status == 200, kind
        assert "script-src 'unsafe-inline'" in headers["content-security-policy"]
        count = int(re.search(r'<span id="node-count">(\d+)</span>', page).group(1))
        assert count > 0, kind
    # a filter narrows the network; a filter matching nothing is a 400 that says why
    query = urllib.parse.urlencode({"person": "Phan Xuân Thủy", "depth": "1"})
    status, _, body = get(base + f"/viz/people/graph?{query}", "text/html")
    assert status == 200 and "Phan Xuân Thủy" in body.decode("utf-8")
    status, _, body = get(base + "/viz/people/graph?person=Nobody%20Here", "text/html")
    assert status == 400 and "no person matches" in body.decode("utf-8")


def test_load_test_runs_and_reports(base: str, tmp_path: Path) -> None:
    import subprocess
    import sys

    from serve_helpers import REPO

    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "load_test.py"), "--url", base, "--clients", "4", "--seconds", "2"],
        capture_output=True, text=True, timeout=60, cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    report = result.stdout
    assert "requests" in report and "p95" in report and "errors 0" in report


def test_kept_alive_connections_do_not_stall(base: str) -> None:
    """With Nagle's algorithm on, each answer on a kept-alive connection waits ~40 ms for the
    client's delayed ACK (the headers and the body go out as two writes)."""
    import http.client

    connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=10)
    durations = []
    for _ in range(20):
        started = time.perf_counter()
        connection.request("GET", "/status")
        response = connection.getresponse()
        assert response.status == 200 and response.read()
        durations.append(time.perf_counter() - started)
    connection.close()
    durations.sort()
    assert durations[len(durations) // 2] < 0.02, durations
