"""Every canned query on the store `kg build` makes of data/articles, checked against what a
reader of those five articles expects; then the same answers from an Oxigraph server.

000: Phan Xuân Thủy chairs the reporters' conference of 18-9 (no year); Lê Văn Tuấn attends.
001: Ban Tuyên giáo Tỉnh ủy Nghệ An works with six Huyện ủy (Kha Văn Tám, Lê Thị Hoài Chung).
002: Nguyễn Trọng Nghĩa chairs the 16/7/2021 sơ kết conference, which discusses 05-CT/TW.
003: Đảng ủy Khối's reporters' conference of 28/12/2023 in Hà Nội, many documents incl. 05-CT/TW.
004: seven provinces' Ban Tuyên giáo hold a giao ban in Đồng Hới, 21-23/4/2023, on Chỉ thị 05.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from oxigraph_server import oxigraph_server, server_binary

from kg import queries as canned

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "data" / "articles"
QUERIES = canned.load_queries()

Rows = list[dict[str, str]]


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store the real pipeline builds from data/articles (once per test session)."""
    try:
        from kg.build import build
        from kg.store import open_graph_store
    except ImportError as error:  # the store stage is not there yet
        pytest.skip(f"kg build is not available: {error}")
    path = tmp_path_factory.mktemp("canned") / "kg-store"
    with open_graph_store(path) as store:
        summary = build(store, [str(ARTICLES)], jobs=1)
    assert summary.ok, [failure.one_line() for failure in summary.failed]
    assert summary.added == 5
    return path


@pytest.fixture(scope="session")
def backend(store_path: Path) -> Iterator[canned.SparqlBackend]:
    from kg.store import open_graph_store

    with open_graph_store(store_path, read_only=True) as store:
        yield canned.GraphStoreBackend(store)


@pytest.fixture(scope="session")
def article_iri() -> dict[str, str]:
    """Sample file number ("002") -> the IRI of the article read from it."""
    from kg.ingest import read_path
    from kg.resolve import article_iri as iri_of

    found = {}
    for path in sorted(ARTICLES.glob("*.txt")):
        (article,) = list(read_path(path))
        found[path.name[:3]] = iri_of(article.id)
    return found


def ask(backend: canned.SparqlBackend, query: str, /, **values: str) -> Rows:
    """Run a canned query; rows as {column: plain text} ("" for unbound)."""
    result = canned.run(backend, QUERIES[query].bind(values))
    return [dict(zip(result.variables, map(canned.plain, row), strict=True)) for row in result.rows]


def column(rows: Rows, name: str) -> list[str]:
    return [row[name] for row in rows]


# -- every query answers its own example ----------------------------------------------------


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_canned_query_answers_its_example(backend: canned.SparqlBackend, name: str) -> None:
    rows = ask(backend, name, **QUERIES[name].example_values())
    assert rows, f"{name} gave no rows for its example"


# -- people and positions ---------------------------------------------------------------


def test_people_positions_of_phan_xuan_thuy_in_either_tone_style(backend: canned.SparqlBackend) -> None:
    for spelling in ("Phan Xuân Thủy", "phan xuân thuỷ", "PHAN XUÂN THỦY"):
        rows = ask(backend, "people-positions", person=spelling)
        assert {(r["person"], r["role"], r["body"]) for r in rows} == {
            ("Phan Xuân Thủy", "Phó Trưởng Ban", "Ban Tuyên giáo Trung ương")
        }, spelling
        assert rows[0]["articles"] == "1"


def test_people_positions_filtered_by_body(backend: canned.SparqlBackend) -> None:
    rows = ask(backend, "people-positions", body="Ban Tuyên giáo Tỉnh ủy Nghệ An")
    assert {(r["person"], r["role"]) for r in rows} == {
        ("Kha Văn Tám", "Phó Trưởng Ban Thường trực"),
        ("Lê Thị Hoài Chung", "Phó Trưởng Ban"),
    }
    assert set(column(rows, "first_seen")) == {"2020-02-25"}


def test_body_leadership_over_time(backend: canned.SparqlBackend) -> None:
    rows = ask(backend, "body-leadership", body="Ban Tuyên giáo Trung ương")
    people = {(r["role"], r["person"]) for r in rows}
    assert ("Trưởng Ban", "Nguyễn Trọng Nghĩa") in people
    assert ("Phó Trưởng Ban", "Phan Xuân Thủy") in people
    # a date range keeps dated attestations only: 2021 has Nghĩa, the yearless 18-9 is out
    in_2021 = ask(backend, "body-leadership", body="Ban Tuyên giáo Trung ương", since="2021-01-01", until="2021-12-31")
    assert {(r["role"], r["person"]) for r in in_2021} == {("Trưởng Ban", "Nguyễn Trọng Nghĩa")}
    assert ask(backend, "body-leadership", body="Ban Tuyên giáo Trung ương", since="2022-01-01") == []


def test_person_profile_of_phan_xuan_thuy(backend: canned.SparqlBackend, article_iri: dict[str, str]) -> None:
    rows = ask(backend, "person-profile", person="Phan Xuân Thuỷ")
    sections = {(r["section"], r["item"]) for r in rows}
    assert ("position", "Phó Trưởng Ban") in sections
    chaired = [r for r in rows if r["section"] == "chaired"]
    assert len(chaired) == 1 and chaired[0]["item"].startswith("Hội nghị trực tuyến báo cáo viên tháng 9")
    assert chaired[0]["date"].endswith("09-18")
    assert {r["article"] for r in rows} == {article_iri["000"]}
    assert "mentioned in" in {r["section"] for r in rows}


def test_person_profile_lists_attended_meetings_and_their_documents(backend: canned.SparqlBackend) -> None:
    rows = ask(backend, "person-profile", person="Nguyễn Trọng Nghĩa")
    assert any(r["section"] == "chaired" and r["date"] == "2021-07-16" for r in rows)
    documents = {r["item"] for r in rows if r["section"] == "document"}
    assert "Chỉ thị 05-CT/TW" in documents
    assert {r["detail"] for r in rows if r["section"] == "document"} == {
        next(r["item"] for r in rows if r["section"] == "chaired")
    }
    tuan = ask(backend, "person-profile", person="Lê Văn Tuấn")
    assert any(r["section"] == "attended" and "báo cáo viên tháng 9" in r["item"] for r in tuan)


def test_concurrent_posts(backend: canned.SparqlBackend) -> None:
    rows = ask(backend, "concurrent-posts")
    by_person = {r["person"]: r for r in rows}
    assert {"Nguyễn Trọng Nghĩa", "Kha Văn Tám", "Lê Văn Tuấn"} <= set(by_person)
    assert "Phan Xuân Thủy" not in by_person  # one post only
    assert by_person["Nguyễn Trọng Nghĩa"]["posts"] == "2"
    assert set(by_person["Nguyễn Trọng Nghĩa"]["held"].split("; ")) == {
        "Bí thư Trung ương Đảng, Ban Bí thư",
        "Trưởng Ban, Ban Tuyên giáo Trung ương",
    }
    assert ask(backend, "concurrent-posts", min_posts="3") == []
    assert column(ask(backend, "concurrent-posts", person="kha văn"), "person") == ["Kha Văn Tám"]


def test_co_attendance(backend: canned.SparqlBackend) -> None:
    pairs = ask(backend, "co-attendance")
    # (which of the two is "person" follows the IRIs' order)
    assert (frozenset(("Lê Văn Tuấn", "Phan Xuân Thủy")), "1") in {
        (frozenset((r["person"], r["other"])), r["meetings"]) for r in pairs
    }
    # each pair once without PERSON
    assert len({frozenset((r["person"], r["other"])) for r in pairs}) == len(pairs)
    with_tuan = ask(backend, "co-attendance", person="Lê Văn Tuấn")
    assert column(with_tuan, "other") == ["Phan Xuân Thủy"]
    assert ask(backend, "co-attendance", person="Lê Văn Tuấn", min_meetings="2") == []


# -- meetings ---------------------------------------------------------------------------


def test_meetings_chaired_by_nguyen_trong_nghia(backend: canned.SparqlBackend, article_iri: dict[str, str]) -> None:
    rows = ask(backend, "meetings-chaired-by", person="Nguyễn Trọng Nghĩa")
    assert len(rows) == 1
    (meeting,) = rows
    assert meeting["start"] == "2021-07-16"
    assert "sơ kết công tác tuyên giáo 6 tháng đầu năm" in meeting["meeting"].lower()
    assert meeting["chair"] == "Nguyễn Trọng Nghĩa"
    assert meeting["organisers"] == "Ban Tuyên giáo Trung ương"
    assert meeting["article"] == article_iri["002"]
    assert ask(backend, "meetings-chaired-by", person="NGUYỄN TRỌNG NGHĨA") == rows


def test_meetings_chaired_by_with_a_date_range(backend: canned.SparqlBackend) -> None:
    assert len(ask(backend, "meetings-chaired-by", person="Nghĩa", until="2021-12-31")) == 1
    assert ask(backend, "meetings-chaired-by", person="Nghĩa", since="2021-07-17") == []
    # the 18-9 conference has no year: it is found by name, but never inside a range
    assert len(ask(backend, "meetings-chaired-by", person="Thuỷ")) == 1
    assert ask(backend, "meetings-chaired-by", person="Thuỷ", since="1900-01-01") == []
    # a meeting overlapping the range counts: 25-28/2/2020 is in "since 27/2"
    assert column(ask(backend, "meetings-chaired-by", person="Kha Văn Tám", since="2020-02-27"), "end") == [
        "2020-02-28"
    ]


def test_meetings_in_range_and_their_filters(backend: canned.SparqlBackend) -> None:
    rows = ask(backend, "meetings-in-range", since="2020-01-01", until="2023-12-31")
    starts = column(rows, "start")
    assert starts == sorted(starts)
    assert {"2020-02-25", "2021-07-16", "2023-04-21", "2023-12-28"} <= set(starts)
    assert not any(start.startswith("-") for start in starts)  # yearless dates are not in a range
    giao_ban = next(r for r in rows if r["start"] == "2023-04-21")
    assert giao_ban["place"] == "Đồng Hới" and giao_ban["end"] == "2023-04-23" and giao_ban["kind"] == "Giao ban"
    assert len(giao_ban["organisers"].split("; ")) == 7

    conferences = ask(backend, "meetings-in-range", since="2020-01-01", kind="Hội nghị")
    # sub-kinds count: the reporters' conference of 12/2023 is a Hội nghị
    assert set(column(conferences, "start")) == {"2021-07-16", "2023-12-28"}
    nghe_an = ask(backend, "meetings-in-range", province="Nghệ An")
    # the working sessions of its Ban Tuyên giáo, and the giao ban it co-organised in Quảng Bình
    assert set(column(nghe_an, "start")) == {"2020-02-25", "2023-04-21"}
    assert column(ask(backend, "meetings-in-range", organiser="Đảng ủy Khối"), "start") == ["2023-12-28"]
    assert ask(backend, "meetings-in-range", since="2024-01-01") == []


# -- documents --------------------------------------------------------------------------


def test_document_citations_of_05_ct_tw(backend: canned.SparqlBackend, article_iri: dict[str, str]) -> None:
    rows = ask(backend, "document-citations", document="05-CT/TW")
    assert set(column(rows, "document")) == {"Chỉ thị 05-CT/TW"}
    citing_articles = {r["article"] for r in rows if r["via"] == "article"}
    assert citing_articles == {article_iri["002"], article_iri["003"], article_iri["004"]}
    meeting_dates = {r["date"] for r in rows if r["via"] == "meeting"}
    assert meeting_dates == {"2021-07-16", "2023-04-21", "2023-12-28"}
    assert "Kết luận 01-KL/TW" in {r["title"] for r in rows if r["via"] == "document"}
    # the symbol is matched whole and in any case
    assert ask(backend, "document-citations", document="05-ct/tw") == rows
    assert ask(backend, "document-citations", document="5-CT/TW") == []


def test_documents_with_counts_and_filters(backend: canned.SparqlBackend) -> None:
    rows = ask(backend, "documents", issuer="Bộ Chính trị")
    by_id = {r["identifier"]: r for r in rows}
    assert by_id["05-CT/TW"]["articles"] == "3"
    assert by_id["05-CT/TW"]["meetings"] == "3"
    assert by_id["05-CT/TW"]["type"] == "Chỉ thị"
    assert column(rows, "identifier")[0] == "05-CT/TW"  # the most cited first
    assert "26-CT/TW" not in by_id  # issued by the Ban Bí thư
    assert column(ask(backend, "documents", type="Quy định"), "identifier") == ["208-QĐ/TW"]
    assert column(ask(backend, "documents", year="2019"), "identifier") == ["208-QĐ/TW"]
    assert column(ask(backend, "documents", year="2018"), "identifier") == ["35-NQ/TW"]


# -- bodies and provinces ---------------------------------------------------------------

NGHE_AN_BODIES = {
    "Ban Tuyên giáo Tỉnh ủy Nghệ An",
    "Tỉnh ủy Nghệ An",
    "Huyện ủy Kỳ Sơn",
    "Huyện ủy Tương Dương",
    "Huyện ủy Con Cuông",
    "Huyện ủy Anh Sơn",
    "Huyện ủy Tân Kỳ",
    "Huyện ủy Thanh Chương",
}
OTHER_PROVINCES = ("Thái Nguyên", "Lạng Sơn", "Hà Tĩnh", "Quảng Bình", "Trung ương")


def test_bodies_of_nghe_an_and_their_leaders(backend: canned.SparqlBackend) -> None:
    rows = ask(backend, "province-bodies", province="nghệ an")
    bodies = set(column(rows, "body"))
    assert bodies >= NGHE_AN_BODIES
    assert not [b for b in bodies if any(other in b for other in OTHER_PROVINCES)]
    leaders = next(r["leaders"] for r in rows if r["body"] == "Ban Tuyên giáo Tỉnh ủy Nghệ An")
    assert set(leaders.split("; ")) == {"Phó Trưởng Ban Thường trực: Kha Văn Tám", "Phó Trưởng Ban: Lê Thị Hoài Chung"}
    # named by the articles 001 and 004
    assert next(r["articles"] for r in rows if r["body"] == "Tỉnh ủy Nghệ An") == "2"


def test_hierarchy_under_tinh_uy_nghe_an(backend: canned.SparqlBackend) -> None:
    rows = ask(backend, "body-hierarchy", body="Tỉnh uỷ Nghệ An")
    assert rows[0]["body"] == "Tỉnh ủy Nghệ An" and rows[0]["depth"] == "0"
    depth_one = {r["body"] for r in rows if r["depth"] == "1"}
    assert NGHE_AN_BODIES - {"Tỉnh ủy Nghệ An"} <= depth_one
    assert {r["parent"] for r in rows if r["depth"] == "1"} == {"Tỉnh ủy Nghệ An"}
    assert [int(d) for d in column(rows, "depth")] == sorted(int(d) for d in column(rows, "depth"))
    assert not [b for b in column(rows, "body") if any(other in b for other in OTHER_PROVINCES)]
    # the name is matched whole: the Ban Tuyên giáo has no body under it
    assert column(ask(backend, "body-hierarchy", body="Ban Tuyên giáo Tỉnh ủy Nghệ An"), "depth") == ["0"]


def test_activity_by_province_and_year(backend: canned.SparqlBackend) -> None:
    rows = ask(backend, "activity-by-province")
    table = {(r["province"], r["year"]): (int(r["meetings"]), int(r["articles"])) for r in rows}
    assert table[("Nghệ An", "2020")] == (2, 1)
    assert table[("Hà Nội", "2023")][0] == 1
    assert table[("Quảng Bình", "2023")][0] == 1
    only = ask(backend, "activity-by-province", province="Nghệ An", year="2023")
    assert [(r["province"], r["year"]) for r in only] == [("Nghệ An", "2023")]


# -- provenance -------------------------------------------------------------------------


def test_provenance_sentences_are_the_article_text(backend: canned.SparqlBackend, article_iri: dict[str, str]) -> None:
    from kg.ingest import read_path

    example = QUERIES["provenance"].parameter("iri").example
    rows = ask(backend, "provenance", iri=example or "")
    assert rows and {r["label"] for r in rows} == {"Phan Xuân Thủy"}
    assert {r["article"] for r in rows} == {article_iri["000"]}
    (article,) = list(read_path(next(ARTICLES.glob("000_*.txt"))))
    for row in rows:
        assert article.text[int(row["start"]) : int(row["end"])] == row["sentence"]
        assert "Phan Xuân Thủy" in row["sentence"]


def test_provenance_of_a_fact(backend: canned.SparqlBackend) -> None:
    result = canned.run(
        backend,
        """
        PREFIX org: <http://www.w3.org/ns/org#>
        SELECT ?position WHERE { ?position org:member ?p ; org:role ?r .
          ?p <http://www.w3.org/2004/02/skos/core#prefLabel> "Kha Văn Tám" .
          ?r <http://www.w3.org/2004/02/skos/core#prefLabel> "Phó Trưởng Ban Thường trực"@vi }""",
    )
    position = canned.plain(result.rows[0][0])
    rows = ask(backend, "provenance", iri=position)
    assert rows and all("Kha Văn Tám" in r["sentence"] for r in rows)


def test_articles_mentioning_a_body(backend: canned.SparqlBackend, article_iri: dict[str, str]) -> None:
    rows = ask(backend, "articles-mentioning", name="Ban Tuyên giáo Tỉnh ủy Nghệ An")
    assert {r["article"] for r in rows if r["entity"] == "Ban Tuyên giáo Tỉnh ủy Nghệ An"} == {
        article_iri["001"],
        article_iri["004"],
    }
    assert all(r["sentence"] for r in rows)


def test_find_entity_gives_iris(backend: canned.SparqlBackend) -> None:
    rows = ask(backend, "find-entity", name="phan xuân")
    person = next(r for r in rows if r["label"] == "Phan Xuân Thủy")
    assert person["kind"] == "Person" and person["entity"].startswith("https://w3id.org/vnkg/id/person/")
    assert ask(backend, "provenance", iri=person["entity"])


# -- hostile values on the real store ---------------------------------------------------


@pytest.mark.parametrize("value", ['nghĩa" ) } } ; DROP ALL ; { {', 'x"\n} UNION { ?s ?p ?o }\n#', "\\"])
def test_hostile_values_on_the_real_store(backend: canned.SparqlBackend, value: str) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = canned.run(backend, count).rows
    assert ask(backend, "meetings-chaired-by", person=value) == []
    assert ask(backend, "document-citations", document=value) == []
    assert canned.run(backend, count).rows == before


# -- the command line on the store --------------------------------------------------------


def kg(*args: str) -> tuple[int, bytes]:
    from kg.cli import cli

    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout_bytes


def test_cli_formats(store_path: Path) -> None:
    common = ["query", "meetings-chaired-by", "-p", "person=Nguyễn Trọng Nghĩa", "--store", str(store_path)]
    code, out = kg(*common, "--format", "csv")
    assert code == 0
    assert out.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark: spreadsheets then read Vietnamese
    rows = list(csv.DictReader(io.StringIO(out.decode("utf-8-sig"), newline="")))
    assert [r["chair"] for r in rows] == ["Nguyễn Trọng Nghĩa"]
    code, out = kg(*common, "--format", "json")
    payload = json.loads(out)
    assert payload["head"]["vars"][0] == "start"
    assert payload["results"]["bindings"][0]["start"]["datatype"].endswith("#date")
    code, out = kg(*common, "--format", "table")
    assert code == 0 and "Nguyễn Trọng Nghĩa" in out.decode("utf-8") and "1 row" in out.decode("utf-8")
    code, out = kg(*common, "--format", "md")
    assert out.decode("utf-8").splitlines()[0].startswith("| start | end | meeting |")


def test_cli_own_sparql_and_errors(store_path: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.rq"
    mine.write_text("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <http://xmlns.com/foaf/0.1/Person> }", "utf-8")
    code, out = kg("query", "--sparql", str(mine), "--store", str(store_path), "--format", "tsv")
    assert code == 0 and out.decode().splitlines()[0] == "n" and int(out.decode().splitlines()[1]) >= 10
    broken = tmp_path / "broken.rq"
    broken.write_text("SELECT * WHERE { ?s ?p }", "utf-8")
    from kg.cli import cli

    result = CliRunner().invoke(cli, ["query", "--sparql", str(broken), "--store", str(store_path)])
    assert result.exit_code == 2 and f"{broken}: SPARQL syntax error" in result.output
    code, _ = kg("query", "documents", "--store", str(tmp_path / "nothing-here"))
    assert code == 2


# -- the same answers from a SPARQL server ----------------------------------------------------


@pytest.fixture(scope="session")
def endpoint(store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Oxigraph server holding a copy of the sample store (no union option: the client asks)."""
    import pyoxigraph as ox

    from kg.store import open_graph_store

    server_binary()
    dump = io.BytesIO()
    with open_graph_store(store_path, read_only=True) as store:
        store.dump(dump, ox.RdfFormat.N_QUADS)
    with oxigraph_server(tmp_path_factory.mktemp("server"), dump.getvalue()) as url:
        yield url


def sorted_rows(rows: Rows) -> list[Any]:
    return sorted(tuple(sorted(row.items())) for row in rows)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_endpoint_gives_the_embedded_answers(backend: canned.SparqlBackend, endpoint: str, name: str) -> None:
    from kg.store import open_graph_store

    values = QUERIES[name].example_values()
    with open_graph_store(endpoint=endpoint, read_only=True) as remote:
        remote_rows = ask(canned.GraphStoreBackend(remote), name, **values)
    local_rows = ask(backend, name, **values)
    assert local_rows
    assert sorted_rows(remote_rows) == sorted_rows(local_rows)


def test_cli_on_the_endpoint(endpoint: str) -> None:
    code, out = kg("query", "document-citations", "-p", "document=05-CT/TW", "--endpoint", endpoint, "--format", "tsv")
    assert code == 0
    lines = out.decode("utf-8").splitlines()
    assert lines[0].startswith("document\tvia\tdate") and len(lines) > 5
