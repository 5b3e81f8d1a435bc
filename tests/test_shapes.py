"""The ontology and the SHACL shapes: the output conforms, broken data does not."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pyshacl
import pytest
from conftest import RDF_DATA
from factbuilder import facts_from_case, load_case
from ontology_terms import is_standard_term
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import _toPythonMapping

from kg.mapping import DEFAULT_DIR, SECTOR_CLASSES, Tables, gazetteer_dir, load_tables
from kg.rdf import to_graph
from kg.resolve import resolve
from kg.vocab import KG, ORG, SCHEMA

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"
CASES = sorted(RDF_DATA.glob("*.json"))


@cache
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY / "kg.ttl", format="turtle")


@cache
def shapes() -> Graph:
    return Graph().parse(ONTOLOGY / "shapes.ttl", format="turtle")


def validate(data: Graph, inference: str = "none") -> tuple[bool, str]:
    # owlrl (used by pyshacl for RDFS inference) leaves its own xsd:gMonthDay parser
    # registered in rdflib, which rejects "--04-21"; undo that so later tests are unaffected.
    saved = dict(_toPythonMapping)
    try:
        conforms, _, report = pyshacl.validate(
            data, shacl_graph=shapes(), ont_graph=ontology(), inference=inference, advanced=True
        )
    finally:
        _toPythonMapping.clear()
        _toPythonMapping.update(saved)
    return bool(conforms), str(report)


def _article_graph(case: str, tables: Tables) -> Graph:
    facts = facts_from_case(load_case(RDF_DATA / case))
    data = Graph()
    for triple in to_graph(resolve(facts, tables), tables).graph:
        data.add(triple)
    return data


def _kg_terms(kind: URIRef) -> list[URIRef]:
    return sorted(s for s in ontology().subjects(RDF.type, kind) if isinstance(s, URIRef) and s in KG)


def test_ontology_declares_every_class_with_labels_and_a_standard_superclass() -> None:
    graph = ontology()
    classes = _kg_terms(OWL.Class)
    assert len(classes) >= 50
    for cls in classes:
        languages = {label.language for label in graph.objects(cls, RDFS.label)}
        assert {"vi", "en"} <= languages, cls
        assert any(c.language == "en" for c in graph.objects(cls, RDFS.comment)), cls
        ancestors = set(graph.transitive_objects(cls, RDFS.subClassOf)) - {cls}
        assert any(a not in KG for a in ancestors), f"{cls} has no standard superclass"
        # a standard superclass is a term its vocabulary defines, and not re-declared here
        for ancestor in ancestors - set(_kg_terms(OWL.Class)):
            assert is_standard_term(ancestor), ancestor
            assert not list(graph.triples((ancestor, None, None))), f"{ancestor} is declared in kg.ttl"


def test_ontology_declares_every_property_with_labels() -> None:
    graph = ontology()
    properties = [
        p
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        for p in _kg_terms(kind)
    ]
    assert len(properties) >= 20
    for prop in properties:
        assert {label.language for label in graph.objects(prop, RDFS.label)} >= {"vi", "en"}, prop
        assert any(True for _ in graph.objects(prop, RDFS.comment)), prop
    supers = {
        (KG.chair, SCHEMA.attendee),
        (KG.attendingBody, SCHEMA.attendee),
        (KG.discussed, SCHEMA.about),
        (KG.refersTo, SCHEMA.citation),
        (KG.subject, SCHEMA.description),
    }
    for sub, sup in supers:
        assert (sub, RDFS.subPropertyOf, sup) in graph


def test_every_term_the_rdf_stage_writes_is_declared(tables: Tables) -> None:
    """Our terms are declared in kg.ttl; the others are terms their standard vocabulary defines."""
    graph = ontology()
    declared = set(graph.subjects(RDF.type, None))
    for case in CASES:
        data = _article_graph(case.name, tables)
        used = {p for p in data.predicates() if p != RDF.type} | set(data.objects(None, RDF.type))
        ours = {term for term in used if term in KG}
        assert ours <= declared, sorted(ours - declared)
        assert all(is_standard_term(term) for term in used - ours), sorted(
            term for term in used - ours if not is_standard_term(term)
        )


def _classes_in(path: Path, column: str) -> set[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row[column] for row in csv.DictReader(handle) if row.get(column)}


@pytest.mark.parametrize(
    "directory",
    [RDF_DATA / "gazetteers", DEFAULT_DIR, gazetteer_dir()],
    ids=["test", "repository", "configured"],
)
def test_gazetteer_classes_exist_in_the_ontology(directory: Path) -> None:
    files = [(directory / "document_types.csv", "class"), (directory / "meeting_kinds.csv", "class")]
    present = [(path, column) for path, column in files if path.is_file()]
    if not present:
        pytest.skip(f"no class-mapping gazetteers in {directory}")
    classes = set(_kg_terms(OWL.Class))
    for path, column in present:
        for name in _classes_in(path, column):
            assert KG[name] in classes, f"{path.name}: {name} is not a kg class"
    for name in SECTOR_CLASSES.values():
        assert KG[name] in classes


@pytest.mark.parametrize("case", [p.name for p in CASES])
@pytest.mark.parametrize("inference", ["none", "rdfs"])
def test_output_conforms(case: str, inference: str, tables: Tables) -> None:
    expected = load_case(RDF_DATA / case)["expect"]["conforms"]
    conforms, report = validate(_article_graph(case, tables), inference)
    assert conforms == expected, report


@pytest.mark.parametrize("case", [p.name for p in CASES])
def test_output_conforms_with_the_configured_gazetteers(case: str) -> None:
    """The real gazetteers (data/gazetteers or $KG_GAZETTEERS) map to classes the shapes accept."""
    if not (gazetteer_dir() / "bodies.csv").is_file():
        pytest.skip(f"no gazetteers in {gazetteer_dir()}")
    real = load_tables()
    expected = load_case(RDF_DATA / case)["expect"]["conforms"]
    conforms, report = validate(_article_graph(case, real), "rdfs")
    assert conforms == expected, report


def _first(data: Graph, cls: URIRef) -> URIRef:
    return sorted(data.subjects(RDF.type, cls))[0]


def test_position_without_member_does_not_conform(tables: Tables) -> None:
    data = _article_graph("reporters_conference.json", tables)
    position = _first(data, KG.Position)
    data.remove((position, ORG.member, None))
    conforms, report = validate(data)
    assert not conforms
    assert "exactly one org:member" in report


def test_position_with_two_members_does_not_conform(tables: Tables) -> None:
    data = _article_graph("reporters_conference.json", tables)
    position = _first(data, KG.Position)
    others = sorted(data.subjects(RDF.type, KG.Person))
    for person in others:
        data.add((position, ORG.member, person))
    assert not validate(data)[0]


@pytest.mark.parametrize(
    "bad_date",
    [
        Literal("18-9"),
        Literal("2020-13-45", datatype=XSD.date),
        Literal("2020-09-18T08:00:00", datatype=XSD.dateTime),
        Literal("18/9/2020", datatype=XSD.string),
    ],
    ids=["plain", "ill-typed", "datetime", "string"],
)
def test_meeting_with_malformed_date_does_not_conform(bad_date: Literal, tables: Tables) -> None:
    data = _article_graph("reporters_conference.json", tables)
    meeting = _first(data, KG.Meeting)
    data.remove((meeting, SCHEMA.startDate, None))
    data.add((meeting, SCHEMA.startDate, bad_date))
    conforms, report = validate(data)
    assert not conforms, bad_date
    assert "start date" in report


def test_malformed_document_identifier_does_not_conform(tables: Tables) -> None:
    data = _article_graph("reporters_conference.json", tables)
    document = _first(data, KG.Document)
    for bad in ("CT/TW", "05", "05-CT TW", "số 05-CT/TW"):
        data.remove((document, SCHEMA.legislationIdentifier, None))
        data.add((document, SCHEMA.legislationIdentifier, Literal(bad)))
        assert not validate(data)[0], bad
    data.remove((document, SCHEMA.legislationIdentifier, None))
    data.add((document, SCHEMA.legislationIdentifier, Literal("125-HD/BTGTW")))
    assert validate(data)[0]


def test_fact_without_evidence_does_not_conform(tables: Tables) -> None:
    data = _article_graph("appointment.json", tables)
    body = _first(data, KG.Body)
    data.remove((body, KG.evidence, None))
    conforms, report = validate(data)
    assert not conforms
    assert "kg:evidence" in report


def test_evidence_with_reversed_offsets_does_not_conform(tables: Tables) -> None:
    data = _article_graph("appointment.json", tables)
    evidence = _first(data, KG.Evidence)
    start = data.value(evidence, KG.startOffset)
    data.remove((evidence, KG.endOffset, None))
    data.add((evidence, KG.endOffset, start))
    assert not validate(data)[0]


def test_chair_not_stated_as_attendee_does_not_conform(tables: Tables) -> None:
    data = _article_graph("reporters_conference.json", tables)
    meeting = _first(data, KG.Meeting)
    for chair in list(data.objects(meeting, KG.chair)):
        data.remove((meeting, SCHEMA.attendee, chair))
    assert not validate(data)[0]


def test_body_without_standard_type_does_not_conform(tables: Tables) -> None:
    data = _article_graph("working_visit.json", tables)
    body = _first(data, KG.Body)
    data.remove((body, RDF.type, ORG.Organization))
    assert not validate(data)[0]


def test_body_under_two_provinces_committees_does_not_conform(tables: Tables) -> None:
    """Huyện ủy Kỳ Sơn of Nghệ An also put under Tỉnh ủy Thái Nguyên: two bodies under one IRI."""
    data = _article_graph("working_visit.json", tables)
    district = URIRef("https://w3id.org/vnkg/id/body/nghe-an/huyen-uy-ky-son")
    assert (district, ORG.subOrganizationOf, URIRef("https://w3id.org/vnkg/id/body/tinh-uy-nghe-an")) in data
    assert validate(data)[0]
    other = URIRef("https://w3id.org/vnkg/id/body/tinh-uy-thai-nguyen")
    data.add((other, KG.province, URIRef("https://w3id.org/vnkg/id/place/thai-nguyen")))
    data.add((district, ORG.subOrganizationOf, other))
    conforms, report = validate(data)
    assert not conforms
    assert "committees of two provinces" in report


def test_body_in_two_provinces_does_not_conform(tables: Tables) -> None:
    data = _article_graph("working_visit.json", tables)
    district = URIRef("https://w3id.org/vnkg/id/body/nghe-an/huyen-uy-ky-son")
    data.add((district, KG.province, URIRef("https://w3id.org/vnkg/id/place/hoa-binh")))
    conforms, report = validate(data)
    assert not conforms
    assert "one province" in report
