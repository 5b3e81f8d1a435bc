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
from itertools import chain, islice
from typing import IO, Literal

import pyoxigraph as ox

from kg.store import (
    ENTITIES_GRAPH,
    ID_NS,
    META_GRAPH,
    ONTOLOGY_GRAPH,
    PREFIXES,
    RDFS,
    REFERENCE_GRAPH,
    SKOS,
    STORE_NS,
    GraphStore,
    StoreError,
)

Format = Literal["turtle", "trig", "nquads", "jsonld"]
FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}
DATASET_FORMATS = ("trig", "nquads")
SHORT_GRAPH_NAMES = {
    "entities": ENTITIES_GRAPH, "ontology": ONTOLOGY_GRAPH, "meta": META_GRAPH, "reference": REFERENCE_GRAPH,
}


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
    """The union of the article graphs, the reference graph and the entity descriptions, each triple once,
    sorted by subject, predicate and object; an article's rdfs:label / skos:prefLabel of
    an entity that has a merged description gives way to the description's single
    canonical label.

    The union comes from one CONSTRUCT (Oxigraph removes duplicates) and is sorted here:
    SPARQL ORDER BY over a whole store is two orders of magnitude slower.  The merged
    graph is therefore held in memory once (a few hundred bytes per triple); the dataset
    formats (TriG, N-Quads) stream graph by graph instead."""
    described = {
        row["s"].value
        for row in store.select(f"SELECT ?s WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?s <{RDFS}label> ?l }} }}")
    }
    from_articles = store.query(
        f"""CONSTRUCT {{ ?s ?p ?o }} WHERE {{
          GRAPH <{META_GRAPH}> {{ ?g <{STORE_NS}articleId> ?id }} GRAPH ?g {{ ?s ?p ?o }}
        }}"""
    )
    # the reference graph (the gazetteers' tree, posts, changes and links) joins them
    reference = (ox.Triple(q.subject, q.predicate, q.object) for q in store.graph_quads(REFERENCE_GRAPH))
    merged = {
        triple
        for triple in chain(from_articles, reference)  # type: ignore[arg-type]
        if not (triple.predicate.value in _RELABELLED and triple.subject.value in described)
    }
    merged.update(ox.Triple(q.subject, q.predicate, q.object) for q in store.graph_quads(ENTITIES_GRAPH))
    yield from sorted(merged, key=_order)


_RELABELLED = (RDFS + "label", SKOS + "prefLabel")


def _order(statement: ox.Triple | ox.Quad) -> tuple[str, str, str]:
    return (str(statement.subject), statement.predicate.value, str(statement.object))


def graph_triples(store: GraphStore, graph_iri: str) -> Iterator[ox.Triple]:
    """One graph's triples, sorted."""
    for quad in _sorted_quads(store, graph_iri):
        yield ox.Triple(quad.subject, quad.predicate, quad.object)


def dataset_quads(store: GraphStore, graph_iri: str | None = None) -> Iterator[ox.Quad]:
    """Quads of every graph but the bookkeeping one (or of one graph), sorted by graph,
    then subject, predicate, object - one graph in memory at a time."""
    names = [graph_iri] if graph_iri else [g for g in store.graph_names() if g != META_GRAPH]
    for name in names:
        yield from _sorted_quads(store, name)


def _sorted_quads(store: GraphStore, graph_iri: str) -> list[ox.Quad]:
    # a graph holds each quad once: sorting is all that is needed
    return sorted(store.graph_quads(graph_iri), key=_order)


def export_prefixes(store: GraphStore, sample: int = 50) -> dict[str, str]:
    """Our prefixes, plus one per kind of instance IRI so that names read ``person:p3``
    rather than ``<https://w3id.org/vnkg/id/person/p3>`` (the kind is the first path
    segment under ``https://w3id.org/vnkg/id/``; a kind that collides with a vocabulary
    prefix such as ``org`` becomes ``org_``).  Kinds are read from the entity
    descriptions and the first ``sample`` article graphs (a full scan would cost more
    than the export): an IRI of a kind not seen there is simply written in full."""
    prefixes = {name: namespace for name, namespace in PREFIXES.items() if name not in ("sh", "kgs")}
    graphs = [ENTITIES_GRAPH, REFERENCE_GRAPH]
    graphs += [record.graph_iri for record in islice(store.article_records(), sample)]
    kinds: set[str] = set()
    for graph in graphs:
        for quad in store.graph_quads(graph):
            for term in (quad.subject, quad.object):
                if isinstance(term, ox.NamedNode) and term.value.startswith(ID_NS):
                    kinds.add(term.value[len(ID_NS) :].split("/", 1)[0])
    for kind in sorted(kinds):
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
