"""One identity per real entity across the sample articles (the issue's acceptance test):
`kg build data/articles` then `kg export --format turtle`."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from real_pipeline import require_pipeline

from kg.cli import cli
from kg.explain import explain
from kg.store import EmbeddedStore
from kg.text import fold

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "articles"
NAMES = (rdflib.RDFS.label, rdflib.SKOS.prefLabel, rdflib.SKOS.altLabel)
_IDENTIFIER = rdflib.URIRef("https://schema.org/legislationIdentifier")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, rdflib.Graph]:
    require_pipeline()
    root = tmp_path_factory.mktemp("identity")
    store = root / "store"
    runner = CliRunner()
    result = runner.invoke(cli, ["build", str(SAMPLES), "--store", str(store), "--jobs", "1", "--quiet"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["export", "--format", "turtle", "-o", str(root / "kg.ttl"), "--store", str(store)])
    assert result.exit_code == 0, result.output
    graph = rdflib.Graph()
    graph.parse(root / "kg.ttl", format="turtle")
    return store, graph


def entities_named(graph: rdflib.Graph, test, names=NAMES) -> set[rdflib.URIRef]:  # type: ignore[no-untyped-def]
    """Entities with a label (any label by default) for which ``test(folded label)`` holds."""
    return {
        subject
        for predicate in names
        for subject, label in graph.subject_objects(predicate)
        if isinstance(subject, rdflib.URIRef) and test(fold(str(label)))
    }


def articles_of(store: Path, entity: str) -> int:
    with EmbeddedStore(store, read_only=True) as opened:
        return len(explain(opened, entity).articles)


def test_central_propaganda_board_is_one_iri_across_articles(built: tuple[Path, rdflib.Graph]) -> None:
    store, graph = built
    found = entities_named(graph, lambda label: label in (fold("Ban Tuyên giáo Trung ương"), "ban tuyên giáo tw"))
    assert len(found) == 1, found
    assert articles_of(store, str(next(iter(found)))) >= 2


def test_directive_05_is_one_iri_in_three_articles(built: tuple[Path, rdflib.Graph]) -> None:
    store, graph = built
    # by name ("Kết luận 01-KL/TW về ... Chỉ thị 05-CT/TW" is another document, so only the
    # canonical labels are read) and by identifier
    found = entities_named(graph, lambda label: "05-ct/tw" in label, (rdflib.RDFS.label, rdflib.SKOS.prefLabel))
    identified = {s for s, o in graph.subject_objects(_IDENTIFIER) if str(o) == "05-CT/TW"}
    assert len(found) == 1 and found == identified, (found, identified)
    assert articles_of(store, str(next(iter(found)))) == 3


def test_provincial_boards_of_three_provinces_stay_apart(built: tuple[Path, rdflib.Graph]) -> None:
    _, graph = built
    iris = []
    for province in ("Thái Nguyên", "Nghệ An", "Lạng Sơn"):
        found = entities_named(graph, lambda label, p=province: label == fold(f"Ban Tuyên giáo Tỉnh ủy {p}"))
        assert len(found) == 1, (province, found)
        iris.append(next(iter(found)))
    assert len(set(iris)) == 3
