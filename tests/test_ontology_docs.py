"""ontology/kg.ttl documents itself: Vietnamese and English labels and comments on every
kg: term, no standard term re-declared as ours, and docs/ontology.md generated from it
(scripts/ontology_docs.py) and up to date."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from ontology_terms import is_standard_term
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import FOAF, ORG, RDF, RDFS, TIME

ROOT = Path(__file__).resolve().parent.parent
KG = "https://w3id.org/vnkg/ontology#"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ontology_docs", ROOT / "scripts" / "ontology_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["ontology_docs"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ROOT / "ontology" / "kg.ttl", format="turtle")


def test_every_kg_term_has_vietnamese_and_english_labels_and_comments(ontology: Graph) -> None:
    terms = {s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(KG)}
    assert len(terms) >= 80
    for term in terms:
        for predicate in (RDFS.label, RDFS.comment):
            languages = {value.language for value in ontology.objects(term, predicate)}
            assert {"vi", "en"} <= languages, (term, predicate)


def test_no_standard_term_is_declared_as_ours(ontology: Graph) -> None:
    ontology_iri = URIRef(KG.rstrip("#"))
    for subject in set(ontology.subjects()):
        if isinstance(subject, BNode):  # e.g. the union in kg:province's domain
            continue
        assert str(subject).startswith(KG) or subject == ontology_iri, f"{subject} is declared in kg.ttl"


def test_standard_terms_are_checked_against_their_vocabulary() -> None:
    assert is_standard_term(FOAF.Person) and is_standard_term(ORG.memberDuring) and is_standard_term(TIME.inside)
    assert is_standard_term(URIRef("https://schema.org/roleName"))
    assert is_standard_term(URIRef("http://www.w3.org/ns/oa#TextQuoteSelector"))
    assert not is_standard_term(URIRef(str(FOAF) + "Politician"))
    assert not is_standard_term(URIRef("https://schema.org/chairPerson"))
    assert not is_standard_term(URIRef(KG + "Person"))


def test_docs_ontology_md_is_generated_and_up_to_date() -> None:
    assert _script().main(["--check"]) == 0, "run python scripts/ontology_docs.py"


def test_the_generated_page_describes_our_terms_only(ontology: Graph, tmp_path: Path) -> None:
    output = tmp_path / "ontology.md"
    assert _script().main(["-o", str(output)]) == 0
    text = output.read_text(encoding="utf-8")
    assert "### kg:Position" in text and "[org:Membership](http://www.w3.org/ns/org#Membership)" in text
    assert "> Việc một người giữ một chức danh" in text
    assert '<a id="class-Province"></a>' in text and '<a id="property-province"></a>' in text
    assert "### foaf:" not in text and "### org:" not in text and "### schema:" not in text


def test_check_finds_a_stale_page_and_a_bad_ontology_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stale = tmp_path / "ontology.md"
    stale.write_text("# old\n", encoding="utf-8")
    assert _script().main(["--check", "-o", str(stale)]) == 1
    broken = tmp_path / "kg.ttl"
    broken.write_text("kg:x a", encoding="utf-8")
    assert _script().main(["--ontology", str(broken), "-o", str(tmp_path / "x.md")]) == 2
    err = capsys.readouterr().err
    assert "cannot read the ontology" in err and "Traceback" not in err
