"""The issue-14 shapes: one data file per case in tests/data/shapes/, its expected SHACL
results beside it (``<case>.expected.json``: conforms, and each result's focus node,
path and message); then `kg validate` on the merged graph."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph

from kg.shacl import KGSH, ShapesError, check_graph, merged_shapes, shape_closure, validate_merged, violations_only
from kg.store import ENTITIES_GRAPH, ONTOLOGY_FILE, REFERENCE_GRAPH, SHAPES_FILE, EmbeddedStore

DATA = Path(__file__).resolve().parent / "data" / "shapes"
CASES = sorted(DATA.glob("*.ttl"))
BLOCK = ("EndNotBeforeStart", "MembershipHasOrganization", "PersonIsNotOrganization", "OnePrefLabelPerLanguage",
         "DateLexicalForms")


@cache
def rules() -> tuple[Graph, Graph]:
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    return shape_closure(shapes, [KGSH[name] for name in BLOCK]), Graph().parse(ONTOLOGY_FILE, format="turtle")


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case(case: Path) -> None:
    expected = json.loads(case.with_suffix(".expected.json").read_text(encoding="utf-8"))
    shapes, ontology = rules()
    results = violations_only(check_graph(Graph().parse(case, format="turtle"), shapes, ontology))
    assert (not results) == expected["conforms"]
    found = {(r.focus, r.path, r.message) for r in results}
    assert found == {(e["focus"], e.get("path"), e["message"]) for e in expected["results"]}


def test_every_case_has_its_expected_result() -> None:
    assert len(CASES) >= 10
    for case in CASES:
        assert case.with_suffix(".expected.json").is_file(), case


def test_merged_shapes_are_the_identity_checks() -> None:
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    picked = merged_shapes(shapes)
    roots = {s for s in picked.subjects() if (s, KGSH.checks, KGSH.MergedGraph) in picked}
    assert roots == {KGSH.PersonIsNotOrganization, KGSH.OnePrefLabelPerLanguage}
    assert (KGSH.PrefLabelUniqueLang, None, None) in picked  # the named property shape comes along


def test_validate_checks_the_merged_entities_graph(tmp_path: Path) -> None:
    """Each article alone is fine; their merged description types one IRI both ways."""
    with EmbeddedStore(tmp_path / "store") as store:
        store.put_graph(
            ENTITIES_GRAPH,
            "<https://w3id.org/vnkg/id/person/an> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
            " <http://xmlns.com/foaf/0.1/Person> .\n"
            "<https://w3id.org/vnkg/id/person/an> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
            " <https://w3id.org/vnkg/ontology#Body> .\n",
        )
        report = validate_merged(store, SHAPES_FILE, ONTOLOGY_FILE)
    assert not report.conforms
    assert [v.focus for v in violations_only(report.results)] == ["kgid:person/an"]


def test_a_broken_shapes_file_is_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "shapes.ttl"
    broken.write_text("kgsh:x a", encoding="utf-8")
    with EmbeddedStore(tmp_path / "store") as store, pytest.raises(ShapesError, match="cannot parse"):
        validate_merged(store, broken, ONTOLOGY_FILE)


def test_merged_check_reads_labels_as_the_merged_export_does(tmp_path: Path) -> None:
    """An entity's description label wins over the gazetteer's (no false "two prefLabel");
    a reference-only body with two Vietnamese labels is still caught."""
    body = "<https://w3id.org/vnkg/id/body/x>"
    other = "<https://w3id.org/vnkg/id/body/y>"
    pref, label = "<http://www.w3.org/2004/02/skos/core#prefLabel>", "<http://www.w3.org/2000/01/rdf-schema#label>"
    with EmbeddedStore(tmp_path / "store") as store:
        store.put_graph(ENTITIES_GRAPH, f'{body} {label} "Ban X"@vi .\n{body} {pref} "Ban X"@vi .\n')
        store.put_graph(REFERENCE_GRAPH, f'{body} {pref} "Ban X Trung ương"@vi .\n')
        assert validate_merged(store, SHAPES_FILE, ONTOLOGY_FILE).conforms
        store.put_graph(REFERENCE_GRAPH, f'{other} {pref} "Ban Y"@vi .\n{other} {pref} "Ban Y Trung ương"@vi .\n')
        report = validate_merged(store, SHAPES_FILE, ONTOLOGY_FILE)
    assert [v.focus for v in violations_only(report.results)] == ["kgid:body/y"]
