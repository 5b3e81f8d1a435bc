"""What is in a store: counts per class, the most connected entities, articles by year."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.store import (
    DERIVED_GRAPH,
    ENTITIES_GRAPH,
    ID_NS,
    KG,
    META_GRAPH,
    ONTOLOGY_GRAPH,
    PREFIXES,
    RDF,
    RDFS,
    REFERENCE_GRAPH,
    STORE_NS,
    GraphStore,
)

# Links that say where a fact was read or what a node is, not what it is connected to
# (an article mentioning an entity does count: it is a node of the graph).
_NOT_CONNECTIONS = (
    RDF + "type",
    KG + "evidence",
    "http://www.w3.org/ns/prov#wasDerivedFrom",
    "http://www.w3.org/ns/prov#hadPrimarySource",
)
PROV_SOFTWARE_AGENT = "http://www.w3.org/ns/prov#SoftwareAgent"
_ARTICLE_GRAPHS = f"GRAPH <{META_GRAPH}> {{ ?g <{STORE_NS}articleId> ?articleId }}"


@dataclass(frozen=True, slots=True)
class ConnectedEntity:
    iri: str
    label: str | None
    degree: int  # distinct other nodes it is linked to, in any article


@dataclass(slots=True)
class StoreStats:
    articles: int = 0
    triples: int = 0  # every quad in the store, all graphs together: the six below
    article_triples: int = 0  # in the article graphs (what `kg build` reports writing)
    entity_triples: int = 0  # the merged entity descriptions
    ontology_triples: int = 0
    reference_triples: int = 0  # the gazetteers' tree and posts (kg/reference.py)
    meta_triples: int = 0  # the bookkeeping records (never exported)
    derived_triples: int = 0  # the corpus questions' answers (kg/derived.py)
    graphs: int = 0
    entities: int = 0  # entities with a merged description
    classes: list[tuple[str, int]] = field(default_factory=list)  # (class IRI, instances)
    connected: list[ConnectedEntity] = field(default_factory=list)
    years: list[tuple[str, int]] = field(default_factory=list)  # ("2020" or "unknown", articles)


def store_stats(store: GraphStore, top: int = 10) -> StoreStats:
    stats = StoreStats()
    stats.triples = store.count_triples()
    stats.entity_triples = store.count_triples(ENTITIES_GRAPH)
    stats.ontology_triples = store.count_triples(ONTOLOGY_GRAPH)
    stats.reference_triples = store.count_triples(REFERENCE_GRAPH)
    stats.meta_triples = store.count_triples(META_GRAPH)
    stats.derived_triples = store.count_triples(DERIVED_GRAPH)
    stats.article_triples = (
        stats.triples - stats.entity_triples - stats.ontology_triples - stats.reference_triples - stats.meta_triples
        - stats.derived_triples
    )
    stats.graphs = len(store.graph_names())
    stats.entities = _count(
        store,
        f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?e <{RDFS}label> ?l }} }}",
    )
    years: dict[str, int] = {}
    for record in store.article_records():
        stats.articles += 1
        key = str(record.year) if record.year else "unknown"
        years[key] = years.get(key, 0) + 1
    stats.years = sorted(years.items(), key=lambda kv: (kv[0] == "unknown", kv[0]))
    rows = store.select(
        f"""SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {{
          {_ARTICLE_GRAPHS}
          GRAPH ?g {{ ?s <{RDF}type> ?class }}
        }} GROUP BY ?class ORDER BY DESC(?n) ?class"""
    )
    stats.classes = [(row["class"].value, int(row["n"].value)) for row in rows]
    stats.connected = _most_connected(store, top)
    return stats


def _most_connected(store: GraphStore, top: int) -> list[ConnectedEntity]:
    """The entities with a merged description linked to the most distinct other nodes,
    counted in one pass over the article graphs (a single SPARQL query joining every
    article graph with the descriptions grew with the square of the store: 95 s at
    1,200 articles).  The software agent that made every extraction is provenance, not
    a node of the news: it is neither ranked nor counted as a neighbour."""
    labels: dict[str, str] = {}
    for row in store.select(f"SELECT ?e ?l WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?e <{RDFS}label> ?l }} }}"):
        entity = row["e"].value
        if entity.startswith(ID_NS) and (entity not in labels or row["l"].value < labels[entity]):
            labels[entity] = row["l"].value
    agents = {
        row["a"].value
        for row in store.select(f"SELECT DISTINCT ?a WHERE {{ GRAPH ?g {{ ?a <{RDF}type> <{PROV_SOFTWARE_AGENT}> }} }}")
    }
    neighbours: dict[str, set[str]] = {}
    skipped = frozenset(_NOT_CONNECTIONS)
    for record in store.article_records():
        for quad in store.graph_quads(record.graph_iri):
            subject, obj = quad.subject, quad.object
            if not isinstance(obj, ox.NamedNode) or not isinstance(subject, ox.NamedNode):
                continue
            if quad.predicate.value in skipped:
                continue
            s, o = subject.value, obj.value
            if s == o or s in agents or o in agents:
                continue
            if s in labels:
                neighbours.setdefault(s, set()).add(o)
            if o in labels:
                neighbours.setdefault(o, set()).add(s)
    ranked = sorted(neighbours.items(), key=lambda item: (-len(item[1]), item[0]))[:top]
    return [ConnectedEntity(entity, labels.get(entity), len(others)) for entity, others in ranked]


def _count(store: GraphStore, sparql: str) -> int:
    rows = store.select(sparql)
    return int(rows[0]["n"].value) if rows else 0


def short_name(iri: str, prefixes: dict[str, str] = PREFIXES) -> str:
    """``org:Organization`` for an IRI in a known namespace, the IRI otherwise."""
    best = max((ns for ns in prefixes.values() if iri.startswith(ns) and len(iri) > len(ns)), key=len, default=None)
    if best is None:
        return iri
    name = next(prefix for prefix, ns in prefixes.items() if ns == best)
    return f"{name}:{iri[len(best) :]}"
