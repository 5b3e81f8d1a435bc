"""Bodies in RDF: no alternative label shared by two bodies of one article (issue 12, item 4),
and a body no gazetteer lists kept, unresolved, under its parent (item 2).

A list phrase ("Ban Tuyên giáo và Trung tâm chính trị các huyện: A, B, C") names every body it
expands to; if each expanded body kept the phrase as ``skos:altLabel`` a name search would
return all of them for one phrase.  Checked on the sample articles and on every test text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import ORG, SKOS

from kg.errors import InputError
from kg.extract import extract_article
from kg.ingest import read_path
from kg.rdf import to_graph
from kg.resolve import resolve
from kg.vocab import KG

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "data" / "articles").glob("*.txt")) + sorted(
    p
    for p in (ROOT / "tests" / "data" / "extract").iterdir()
    if p.suffix in (".txt", ".json") and not p.name.endswith(".expected.json")
)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_no_alternative_label_names_two_bodies(path: Path) -> None:
    (article,) = list(read_path(path))
    assert not isinstance(article, InputError), article
    graph = to_graph(resolve(extract_article(article))).graph
    bodies = set(graph.subjects(RDF.type, ORG.Organization))
    owners: dict[Literal, set[URIRef]] = {}
    for body in bodies:
        for label in graph.objects(body, SKOS.altLabel):
            owners.setdefault(label, set()).add(body)  # type: ignore[arg-type]
    shared = {str(label): sorted(map(str, who)) for label, who in owners.items() if len(who) > 1}
    assert not shared, shared


def test_an_unknown_body_is_an_unresolved_organisation_under_its_parent() -> None:
    """ "Cục An ninh nội địa (Bộ Công an)": the Cục is org:subOrganizationOf the ministry, kg:resolved false."""
    (article,) = list(read_path(ROOT / "tests" / "data" / "extract" / "unknown_bodies.txt"))
    assert not isinstance(article, InputError), article
    graph = to_graph(resolve(extract_article(article))).graph
    by_label = {str(label): body for body, label in graph.subject_objects(SKOS.prefLabel)}
    unit, ministry = by_label["Cục An ninh nội địa, Bộ Công an"], by_label["Bộ Công an"]
    assert (unit, RDF.type, ORG.Organization) in graph
    assert (unit, ORG.subOrganizationOf, ministry) in graph
    assert {str(v) for v in graph.objects(unit, KG.resolved)} == {"false"}
    assert {str(v) for v in graph.objects(ministry, KG.resolved)} == {"true"}
