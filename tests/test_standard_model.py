"""The model answerable with standard terms only (issue 14): OWL-Time dates on positions,
the chair as a schema:Role, org:Post / org:headOf, Web Annotation selectors on evidence,
and the reference graph (the tree of bodies, the 2025 changes, links to Wikidata).

Each case in tests/data/model/ is an article's facts with the queries that must hold
(``ask``), must not hold (``not_ask``) and their expected rows (``select``) beside it.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from factbuilder import facts_from_case, load_case
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

from kg.facts import PartialDate
from kg.mapping import DEFAULT_DIR, GazetteerError, load_tables
from kg.model import RoleInfo, instant, post_label
from kg.rdf import to_graph
from kg.reference import WIKIDATA, reference_ntriples, reference_triples
from kg.resolve import body_iri, resolve
from kg.vocab import KG, OA, ORG, SKOS, TIME

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
CASES = sorted((TESTS / "data" / "model").glob("*.json"))
LINKS = ROOT / "data" / "links" / "wikidata.csv"


def _graph(case: Path) -> Graph:
    tables = load_tables(DEFAULT_DIR)
    graph = Graph()
    for triple in to_graph(resolve(facts_from_case(load_case(case)), tables), tables).graph:
        graph.add(triple)
    return graph


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case(case: Path) -> None:
    expect = load_case(case)["expect"]
    graph = _graph(case)
    for query in expect["ask"]:
        assert graph.query(query).askAnswer, query
    for query in expect["not_ask"]:
        assert not graph.query(query).askAnswer, query
    for select in expect["select"]:
        rows = [[str(value) if value is not None else "" for value in row] for row in graph.query(select["query"])]
        assert rows == select["rows"], select["why"]


def test_selectors_locate_the_evidence_in_the_article_text() -> None:
    case = TESTS / "data" / "model" / "no_year_date_chair_post_evidence.json"
    text = load_case(case)["article"]["text"]
    graph = _graph(case)
    quotes = 0
    for evidence in graph.subjects(RDF.type, OA.SpecificResource):
        start = end = None
        for selector in graph.objects(evidence, OA.hasSelector):
            if (selector, RDF.type, OA.TextPositionSelector) in graph:
                start = int(graph.value(selector, OA.start))  # type: ignore[arg-type]
                end = int(graph.value(selector, OA.end))  # type: ignore[arg-type]
        for selector in graph.objects(evidence, OA.hasSelector):
            if (selector, RDF.type, OA.TextQuoteSelector) in graph:
                assert start is not None and end is not None
                exact = str(graph.value(selector, OA.exact))
                prefix = str(graph.value(selector, OA.prefix))
                suffix = str(graph.value(selector, OA.suffix))
                assert text[start:end] == exact
                assert text[:start].endswith(prefix) and text[end:].startswith(suffix)
                assert text.count(prefix + exact + suffix) == 1  # the quote alone finds the span again
                quotes += 1
    assert quotes >= 2


def test_a_day_without_a_year_and_without_a_bound_stays_in_its_article() -> None:
    triples: list[tuple[object, object, object]] = []
    node = instant(lambda s, p, o: triples.append((s, p, o)), PartialDate(None, 9, 18), None, "a1")
    assert str(node).endswith("date/--09-18/in/a1")
    assert not any(p == TIME.inside for _, p, _ in triples)
    bounded = instant(lambda s, p, o: None, PartialDate(None, 9, 18), PartialDate(2023, 9, 20), "a1")
    assert str(bounded).endswith("date/--09-18/not-after/2023-09-20")
    # a bound without a year bounds nothing
    loose = instant(lambda s, p, o: None, PartialDate(None, 9, 18), PartialDate(None, 9, 20), "a1")
    assert str(loose).endswith("/in/a1")


@pytest.mark.parametrize(
    ("role", "body", "expected"),
    [
        (RoleInfo("Tổng Bí thư", "head", "Ban Chấp hành Trung ương Đảng", ""), "Ban Chấp hành Trung ương Đảng",
         "Tổng Bí thư"),
        (RoleInfo("Trưởng Ban", "head", "", "Ban"), "Ban Tuyên giáo Trung ương", "Trưởng Ban Tuyên giáo Trung ương"),
        (RoleInfo("Chánh Văn phòng", "head", "", "Văn phòng"), "Văn phòng Trung ương Đảng",
         "Chánh Văn phòng Trung ương Đảng"),
        (RoleInfo("Bí thư", "secretary", "", ""), "Tỉnh ủy Nghệ An", "Bí thư Tỉnh ủy Nghệ An"),
        (RoleInfo("Trưởng Ban", "head", "", "Ban"), "Tỉnh ủy Nghệ An", "Trưởng Ban Tỉnh ủy Nghệ An"),
    ],
)
def test_post_labels(role: RoleInfo, body: str, expected: str) -> None:
    assert post_label(role, body) == expected


# -- the reference graph ------------------------------------------------------------------


@pytest.fixture(scope="module")
def reference() -> Graph:
    graph = Graph()
    for triple in reference_triples(load_tables(DEFAULT_DIR)):
        graph.add(triple)
    return graph


def _body(name: str) -> URIRef:
    return URIRef(body_iri(name, load_tables(DEFAULT_DIR)))


def test_every_gazetteer_body_carries_its_parent(reference: Graph) -> None:
    with (DEFAULT_DIR / "bodies.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        node = _body(row["name"])
        assert (node, SKOS.prefLabel, Literal(row["name"], lang="vi")) in reference
        parents = set(reference.objects(node, ORG.subOrganizationOf))
        assert parents == ({_body(row["parent"])} if row["parent"] else set()), row["name"]
    # the four bodies of the issue reach the party at the top
    party = _body("Đảng Cộng sản Việt Nam")
    for name in ("Ban Tuyên giáo Trung ương", "Bộ Chính trị", "Ban Bí thư", "Ban Chấp hành Trung ương Đảng"):
        assert party in set(reference.transitive_objects(_body(name), ORG.subOrganizationOf)), name


def test_every_successor_is_described_and_has_a_change_event(reference: Graph) -> None:
    pairs = list(reference.subject_objects(KG.succeededBy))
    assert len(pairs) >= 20
    for old, new in pairs:
        assert reference.value(new, SKOS.prefLabel) is not None, new
        assert (new, RDF.type, ORG.Organization) in reference
        events = set(reference.objects(old, ORG.changedBy)) & set(reference.objects(new, ORG.resultedFrom))
        assert events, f"no org:ChangeEvent from {old} to {new}"
        for event in events:
            assert (event, RDF.type, ORG.ChangeEvent) in reference


def test_change_dates_come_only_from_rows_that_cite_a_source(reference: Graph) -> None:
    with (DEFAULT_DIR / "changes.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    dated = [row for row in rows if row["date"]]
    assert dated, "at least the Ban Tuyên giáo và Dân vận merger has a date read in a source"
    for row in dated:
        assert "http" in row["source"], row["id"]
    merger = URIRef("https://w3id.org/vnkg/id/change/2025-ban-tuyen-giao-va-dan-van")
    assert set(reference.objects(merger, ORG.originalOrganization)) == {
        _body("Ban Tuyên giáo Trung ương"), _body("Ban Dân vận Trung ương")
    }
    when = reference.value(merger, TIME.hasTime)
    assert str(reference.value(when, TIME.inXSDDate)) == "2025-02-03"
    undated = URIRef("https://w3id.org/vnkg/id/change/2025-bo-xay-dung")
    assert reference.value(undated, TIME.hasTime) is None


def test_posts_a_title_names_on_its_own(reference: Graph) -> None:
    post = URIRef("https://w3id.org/vnkg/id/post/ban-chap-hanh-trung-uong-dang/tong-bi-thu")
    assert (post, RDF.type, ORG.Post) in reference
    assert (post, ORG.postIn, _body("Ban Chấp hành Trung ương Đảng")) in reference
    assert (post, SKOS.prefLabel, Literal("Tổng Bí thư", lang="vi")) in reference


def test_reference_graph_is_deterministic_and_has_no_blank_nodes() -> None:
    first = reference_ntriples(load_tables(DEFAULT_DIR))
    assert first == reference_ntriples(load_tables(DEFAULT_DIR))
    assert "_:" not in first


def test_a_change_naming_an_unknown_body_is_a_one_line_error(tmp_path: Path) -> None:
    for name in ("bodies.csv", "roles.csv"):
        (tmp_path / name).write_bytes((DEFAULT_DIR / name).read_bytes())
    (tmp_path / "changes.csv").write_text(
        "id,date,label,originals,resulting,source\nx,,,Ban Không Có,Bộ Tài chính,somewhere\n", encoding="utf-8"
    )
    with pytest.raises(GazetteerError, match=r"changes\.csv: row 2: 'Ban Không Có' is not a body of bodies\.csv"):
        reference_triples(load_tables(tmp_path))


# -- links out ------------------------------------------------------------------------------


def test_wikidata_links_are_exact_matches_with_a_cited_source(reference: Graph) -> None:
    with LINKS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    for row in rows:
        assert row["source"].strip(), row
    matches = list(reference.subject_objects(SKOS.exactMatch))
    assert len(matches) == len(rows)
    assert {str(o).removeprefix(WIKIDATA) for _, o in matches} == {row["qid"] for row in rows}
    assert not list(reference.triples((None, OWL.sameAs, None)))


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("body,Bộ Tài chính,X12,Ministry,somewhere", "is not a Wikidata item id"),
        ("body,Bộ Tài chính,Q12,Ministry,", "no source for Q12"),
        ("thing,Bộ Tài chính,Q12,Ministry,somewhere", "kind 'thing'"),
    ],
)
def test_a_bad_link_row_is_refused(tmp_path: Path, row: str, message: str) -> None:
    links = tmp_path / "wikidata.csv"
    links.write_text(f"kind,name,qid,label_en,source\n{row}\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=message):
        reference_triples(load_tables(DEFAULT_DIR), links)
