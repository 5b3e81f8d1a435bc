"""`kg extract` on the sample articles: Turtle that parses, passes the shapes and uses the standards."""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "data" / "articles").glob("*.txt"))
SHAPES = Graph().parse(ROOT / "ontology" / "shapes.ttl")
ONTOLOGY = Graph().parse(ROOT / "ontology" / "kg.ttl")


def _extract(path: Path, fmt: str = "ttl") -> str:
    result = CliRunner().invoke(cli, ["extract", str(path), "--format", fmt])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module", params=SAMPLES, ids=[p.stem for p in SAMPLES])
def sample_graph(request: pytest.FixtureRequest) -> Graph:
    return Graph().parse(data=_extract(request.param), format="turtle")


def test_turtle_conforms_to_the_shapes(sample_graph: Graph) -> None:
    conforms, _, report = pyshacl.validate(sample_graph, shacl_graph=SHAPES, ont_graph=ONTOLOGY, inference="none")
    assert conforms, report


STANDARD_ONLY = """
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?name ?role ?body WHERE {
  ?m a org:Membership ; org:member ?p ; org:role ?r ; org:organization ?o .
  ?p a foaf:Person ; foaf:name ?name .
  ?r a org:Role ; skos:prefLabel ?role .
  ?o a org:Organization ; skos:prefLabel ?body .
}
"""


def test_standard_terms_alone_answer_who_holds_what() -> None:
    graph = Graph().parse(data=_extract(SAMPLES[0]), format="turtle")
    rows = {(str(n), str(r), str(b)) for n, r, b in graph.query(STANDARD_ONLY)}
    assert ("Phan Xuân Thủy", "Phó Trưởng Ban", "Ban Tuyên giáo Trung ương") in rows


def test_schema_org_meeting_with_chair_as_attendee() -> None:
    graph = Graph().parse(data=_extract(SAMPLES[2]), format="turtle")
    query = """
    PREFIX schema: <https://schema.org/>
    PREFIX foaf: <http://xmlns.com/foaf/0.1/>
    SELECT ?date ?name WHERE { ?e a schema:Event ; schema:startDate ?date ; schema:attendee ?p . ?p foaf:name ?name }
    """
    rows = {(str(d), str(n)) for d, n in graph.query(query)}
    assert ("2021-07-16", "Nguyễn Trọng Nghĩa") in rows


def test_json_format_keeps_evidence_offsets() -> None:
    import json

    data = json.loads(_extract(SAMPLES[0], "json"))
    text = data["article"]["text"]
    for person in data["persons"]:
        for mention in person["mentions"]:
            assert text[mention["start"] : mention["end"]] == mention["text"]


@pytest.mark.parametrize("fmt", ["trig", "jsonld"])
def test_other_rdf_formats_parse(fmt: str) -> None:
    from rdflib import Dataset

    output = _extract(SAMPLES[1], fmt)
    dataset = Dataset()
    dataset.parse(data=output, format="trig" if fmt == "trig" else "json-ld")
    assert len(dataset) > 50 or sum(len(g) for g in dataset.graphs()) > 50


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = CliRunner().invoke(cli, ["extract", str(empty)])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "empty.txt" in lines[0]


YEAR_FROM = """
PREFIX kg: <https://w3id.org/vnkg/ontology#>
PREFIX schema: <https://schema.org/>
SELECT ?start ?source WHERE { ?m a kg:Meeting ; schema:startDate ?start . OPTIONAL { ?m kg:yearFrom ?source } }
"""


def test_meeting_says_where_its_year_came_from() -> None:
    """003 names its meeting "... tháng 12/2023": the year is read from the name; 000's "Ngày 18-9" has none."""
    dated = Graph().parse(data=_extract(ROOT / "data" / "articles" / "003_504386917ef91bfa.txt"), format="turtle")
    assert {(str(r.start), str(r.source)) for r in dated.query(YEAR_FROM)} == {("2023-12-28", "name")}
    yearless = Graph().parse(data=_extract(SAMPLES[0]), format="turtle")
    assert {r.source for r in yearless.query(YEAR_FROM)} == {None}
