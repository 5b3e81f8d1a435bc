"""Exports parse back (rdflib and pyoxigraph) to exactly what the store holds."""

from __future__ import annotations

import io
from pathlib import Path

import fakes
import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from kg.build import build
from kg.cli import cli
from kg.export import dataset_quads, export, merged_triples
from kg.store import (
    ENTITIES_GRAPH,
    ID_NS,
    KG,
    META_GRAPH,
    ONTOLOGY_GRAPH,
    RDFS,
    REFERENCE_GRAPH,
    EmbeddedStore,
    StoreError,
)

RDFLIB_FORMATS = {"turtle": "turtle", "trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}
OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("export")
    fakes.write_corpus(root / "corpus", 10)
    ontology = root / "kg.ttl"
    ontology.write_text(f"<{KG}Evidence> a <http://www.w3.org/2002/07/owl#Class> .\n", encoding="utf-8")
    with EmbeddedStore(root / "store") as store:
        build(
            store,
            [str(root / "corpus")],
            jobs=1,
            ontology=ontology,
            process=fakes.fake_article_graph,
            reader=fakes.read_txt,
            lister=fakes.list_paths,
        )
    return root / "store"


@pytest.fixture
def store(store_path: Path) -> EmbeddedStore:
    opened = EmbeddedStore(store_path, read_only=True)
    yield opened
    opened.close()


def exported(store: EmbeddedStore, format_name: str, graph: str | None = None) -> bytes:
    buffer = io.BytesIO()
    export(store, format_name, buffer, graph)  # type: ignore[arg-type]
    return buffer.getvalue()


def as_ntriples(items: object) -> set[str]:
    """Statements as canonical N-Triples / N-Quads lines, whichever library parsed them."""
    return {str(item) for item in items}  # type: ignore[attr-defined]


def rdflib_statements(data: bytes, format_name: str) -> set[str]:
    """Parse with rdflib, then hand over as N-Quads so both libraries are compared alike."""
    dataset = rdflib.Dataset()
    dataset.parse(data=data.decode("utf-8"), format=RDFLIB_FORMATS[format_name])
    nquads = dataset.serialize(format="nquads", encoding="utf-8")
    return as_ntriples(ox.parse(nquads, ox.RdfFormat.N_QUADS))


@pytest.mark.parametrize("format_name", ["turtle", "jsonld"])
def test_merged_graph_round_trips(store: EmbeddedStore, format_name: str) -> None:
    expected = as_ntriples(merged_triples(store))
    data = exported(store, format_name)
    assert as_ntriples(ox.parse(data, OX_FORMATS[format_name])) == expected
    assert rdflib_statements(data, format_name) == expected
    assert len(expected) > 100


@pytest.mark.parametrize("format_name", ["trig", "nquads"])
def test_dataset_round_trips_with_every_article_graph(store: EmbeddedStore, format_name: str) -> None:
    in_store = {q for q in store.graph_quads() if q.graph_name != ox.NamedNode(META_GRAPH)}
    data = exported(store, format_name)
    assert as_ntriples(ox.parse(data, OX_FORMATS[format_name])) == as_ntriples(in_store)
    assert rdflib_statements(data, format_name) == as_ntriples(in_store)
    graphs = {q.graph_name.value for q in ox.parse(data, OX_FORMATS[format_name])}
    assert len(graphs) == 13 and {ENTITIES_GRAPH, ONTOLOGY_GRAPH, REFERENCE_GRAPH} <= graphs
    assert META_GRAPH not in graphs


def test_merged_graph_has_one_label_per_entity(store: EmbeddedStore) -> None:
    triples = list(merged_triples(store))
    labels: dict[str, list[str]] = {}
    for triple in triples:
        if triple.predicate.value == RDFS + "label":
            labels.setdefault(triple.subject.value, []).append(triple.object.value)
    assert labels[ID_NS + "org/btg-tw"] == ["Ban Tuyên giáo Trung ương"]
    assert all(len(values) == 1 for values in labels.values())
    alt = {
        t.object.value for t in triples if t.subject.value == ID_NS + "org/btg-tw" and "altLabel" in t.predicate.value
    }
    assert alt == {"Ban Tuyên giáo TW"}
    # each triple once, although every article graph repeats the entity's type
    assert len(triples) == len(set(as_ntriples(triples)))


def test_turtle_reads_with_prefixes(store: EmbeddedStore) -> None:
    text = exported(store, "turtle").decode("utf-8")
    for prefix in ("foaf:", "org:", "skos:", "prov:", "kg:", "xsd:", "schema:"):
        assert f"@prefix {prefix}" in text
    assert 'skos:prefLabel "Ban Tuyên giáo Trung ương"' in text
    assert "<https://w3id.org/vnkg/id/" not in text.split("\n", 30)[-1]  # instance IRIs are prefixed


def test_exports_are_byte_identical(store: EmbeddedStore) -> None:
    for format_name in OX_FORMATS:
        assert exported(store, format_name) == exported(store, format_name)


def test_one_article_graph(store: EmbeddedStore) -> None:
    record = next(store.article_records())
    data = exported(store, "nquads", record.article_id)
    quads = list(ox.parse(data, ox.RdfFormat.N_QUADS))
    assert {q.graph_name.value for q in quads} == {record.graph_iri}
    assert len(quads) == record.triples
    assert as_ntriples(quads) == as_ntriples(dataset_quads(store, record.graph_iri))


def test_unknown_graph_is_an_error(store: EmbeddedStore) -> None:
    with pytest.raises(StoreError, match="no graph 'nope'"):
        exported(store, "turtle", "nope")


def test_export_command_writes_a_file(store_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.trig"
    result = CliRunner().invoke(cli, ["export", "-f", "trig", "-o", str(target), "--store", str(store_path)])
    assert result.exit_code == 0, result.output
    assert "quads" in result.output
    assert len(list(ox.parse(path=target, format=ox.RdfFormat.TRIG))) > 100
    assert [p.name for p in tmp_path.iterdir()] == ["out.trig"]  # no temporary left


def test_export_command_errors_are_one_line(store_path: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(cli, ["export", "--store", str(tmp_path / "none")])
    assert missing.exit_code == 2 and "run `kg build` first" in missing.output
    assert "Traceback" not in missing.output
    graph = runner.invoke(cli, ["export", "--graph", "nope", "--store", str(store_path)])
    assert graph.exit_code == 2 and "no graph 'nope'" in graph.output
