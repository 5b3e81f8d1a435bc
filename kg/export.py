"""Writing the store out: Turtle / JSON-LD (the merged graph) and TriG / N-Quads (the
per-article graphs with their provenance).

The merged graph is what a reader wants: the union of every article graph and the
merged entity descriptions, each triple once, and one rdfs:label / skos:prefLabel per
entity (the labels the articles used are kept as skos:altLabel in the descriptions).
Output is sorted (graph, subject, predicate, object), so two exports of the same store
are byte-identical and diff well.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Literal

import pyoxigraph as ox

from kg.store import (
    ENTITIES_GRAPH,
    ID_NS,
    META_GRAPH,
    ONTOLOGY_GRAPH,
    PREFIXES,
    RDFS,
    SKOS,
    STORE_NS,
    GraphStore,
    StoreError,
    iri,
)

Format = Literal["turtle", "trig", "nquads", "jsonld"]
FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}
DATASET_FORMATS = ("trig", "nquads")
SHORT_GRAPH_NAMES = {"entities": ENTITIES_GRAPH, "ontology": ONTOLOGY_GRAPH, "meta": META_GRAPH}


@dataclass(frozen=True, slots=True)
class ExportResult:
    statements: int  # triples (turtle, jsonld) or quads (trig, nquads) written
    graphs: int  # named graphs covered


def resolve_graph(store: GraphStore, name: str) -> str:
    """A graph from what a user types: an article id, "entities"/"ontology"/"meta", or a
    graph IRI.  Raises StoreError naming what was not found."""
    if name in SHORT_GRAPH_NAMES:
        return SHORT_GRAPH_NAMES[name]
    record = store.article_record(name)
    if record is not None:
        return record.graph_iri
    if name.startswith(("http://", "https://")) and name in store.graph_names():
        return name
    raise StoreError(f"no graph {name!r} in the store (give an article id, entities, ontology or a graph IRI)")


def export(store: GraphStore, format: Format, output: IO[bytes], graph: str | None = None) -> ExportResult:
    """Write the store (or one graph of it) to ``output`` in ``format``."""
    if format not in FORMATS:
        raise StoreError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    target = resolve_graph(store, graph) if graph else None
    counter = _Counter()
    prefixes = export_prefixes(store)
    if format in DATASET_FORMATS:
        quads = counter.wrap(dataset_quads(store, target))
        ox.serialize(quads, output, FORMATS[format], prefixes=prefixes)
        return ExportResult(counter.count, len(counter.graphs))
    triples = counter.wrap(graph_triples(store, target) if target else merged_triples(store))
    if format == "turtle":
        ox.serialize(triples, output, ox.RdfFormat.TURTLE, prefixes=prefixes)
    else:
        _write_jsonld(triples, output, prefixes)
    graphs = 1 if target else len(store.select(_ARTICLE_GRAPH_COUNT)) + 1
    return ExportResult(counter.count, graphs)


_ARTICLE_GRAPH_COUNT = f"SELECT ?g WHERE {{ GRAPH <{META_GRAPH}> {{ ?g <{STORE_NS}articleId> ?id }} }}"


class _Counter:
    def __init__(self) -> None:
        self.count = 0
        self.graphs: set[str] = set()

    def wrap(self, items: Iterator[ox.Triple] | Iterator[ox.Quad]) -> Iterator[ox.Triple | ox.Quad]:
        for item in items:
            self.count += 1
            if isinstance(item, ox.Quad):
                self.graphs.add(str(item.graph_name))
            yield item


def merged_triples(store: GraphStore) -> Iterator[ox.Triple]:
    """The union of the article graphs and the entity descriptions, sorted, each triple
    once; an article's rdfs:label / skos:prefLabel of an entity that has a merged
    description gives way to the description's single canonical label."""
    rows = store.query(
        f"""SELECT DISTINCT ?s ?p ?o WHERE {{
          {{
            GRAPH <{META_GRAPH}> {{ ?g <{STORE_NS}articleId> ?id }}
            GRAPH ?g {{ ?s ?p ?o }}
            FILTER(?p NOT IN (<{RDFS}label>, <{SKOS}prefLabel>)
                   || NOT EXISTS {{ GRAPH <{ENTITIES_GRAPH}> {{ ?s <{RDFS}label> ?canonical }} }})
          }} UNION {{
            GRAPH <{ENTITIES_GRAPH}> {{ ?s ?p ?o }}
          }}
        }} ORDER BY ?s ?p ?o"""
    )
    for row in rows:  # type: ignore[union-attr]
        yield ox.Triple(row["s"], row["p"], row["o"])


def graph_triples(store: GraphStore, graph_iri: str) -> Iterator[ox.Triple]:
    rows = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH {iri(graph_iri)} {{ ?s ?p ?o }} }} ORDER BY ?s ?p ?o")
    for row in rows:  # type: ignore[union-attr]
        yield ox.Triple(row["s"], row["p"], row["o"])


def dataset_quads(store: GraphStore, graph_iri: str | None = None) -> Iterator[ox.Quad]:
    """Quads of every graph but the bookkeeping one (or of one graph), sorted."""
    if graph_iri:
        graph = ox.NamedNode(graph_iri)
        for triple in graph_triples(store, graph_iri):
            yield ox.Quad(triple.subject, triple.predicate, triple.object, graph)
        return
    rows = store.query(
        f"""SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{META_GRAPH}>) }}
        ORDER BY ?g ?s ?p ?o"""
    )
    for row in rows:  # type: ignore[union-attr]
        yield ox.Quad(row["s"], row["p"], row["o"], row["g"])


def export_prefixes(store: GraphStore) -> dict[str, str]:
    """Our prefixes, plus one per kind of instance IRI so that names read ``person:p3``
    rather than ``<https://w3id.org/vnkg/id/person/p3>`` (the kind is the first path
    segment under ``https://w3id.org/vnkg/id/``; a kind that collides with a vocabulary
    prefix such as ``org`` becomes ``org_``)."""
    prefixes = {name: namespace for name, namespace in PREFIXES.items() if name not in ("sh", "kgs")}
    rows = store.select(
        f"""SELECT DISTINCT ?kind WHERE {{
          GRAPH ?g {{ ?s ?p ?o }}
          FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{ID_NS}"))
          BIND(STRBEFORE(STRAFTER(STR(?s), "{ID_NS}"), "/") AS ?kind)
        }}"""
    )
    for kind in sorted(row["kind"].value for row in rows if row["kind"] is not None):
        if not _PREFIX_NAME.fullmatch(kind):
            continue
        name = kind if kind not in prefixes else kind + "_"
        prefixes.setdefault(name, f"{ID_NS}{kind}/")
    return prefixes


_PREFIX_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


def _write_jsonld(triples: Iterator[ox.Triple], output: IO[bytes], prefixes: dict[str, str]) -> None:
    """Compact JSON-LD through rdflib (pyoxigraph writes expanded JSON-LD only), with a
    @context of our prefixes so that keys read ``rdfs:label``, ``org:memberOf``."""
    import rdflib

    graph = rdflib.Graph()
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    graph.parse(data=data.decode("utf-8"), format="nt")
    text = graph.serialize(format="json-ld", context=dict(prefixes), auto_compact=True)
    document = json.loads(text)
    if isinstance(document, dict) and isinstance(document.get("@graph"), list):
        # rdflib's node order follows hashing; sort it so exports are reproducible
        document["@graph"].sort(key=lambda node: json.dumps(node, sort_keys=True, ensure_ascii=False))
    output.write(json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8"))
    output.write(b"\n")
