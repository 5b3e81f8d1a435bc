"""What is in a store: counts per class, the most connected entities, articles by year."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.store import (
    ENTITIES_GRAPH,
    ID_NS,
    KG,
    META_GRAPH,
    PREFIXES,
    RDF,
    RDFS,
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
_ARTICLE_GRAPHS = f"GRAPH <{META_GRAPH}> {{ ?g <{STORE_NS}articleId> ?articleId }}"


@dataclass(frozen=True, slots=True)
class ConnectedEntity:
    iri: str
    label: str | None
    degree: int  # distinct other nodes it is linked to, in any article


@dataclass(slots=True)
class StoreStats:
    articles: int = 0
    triples: int = 0  # every quad in the store, all graphs together
    graphs: int = 0
    entities: int = 0  # entities with a merged description
    classes: list[tuple[str, int]] = field(default_factory=list)  # (class IRI, instances)
    connected: list[ConnectedEntity] = field(default_factory=list)
    years: list[tuple[str, int]] = field(default_factory=list)  # ("2020" or "unknown", articles)


def store_stats(store: GraphStore, top: int = 10) -> StoreStats:
    stats = StoreStats()
    stats.triples = store.count_triples()
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
    excluded = ", ".join(f"<{p}>" for p in _NOT_CONNECTIONS)
    rows = store.select(
        f"""SELECT ?e (COUNT(DISTINCT ?other) AS ?degree) (SAMPLE(?name) AS ?label) WHERE {{
          {{
            {_ARTICLE_GRAPHS}
            GRAPH ?g {{ {{ ?e ?p ?other }} UNION {{ ?other ?p ?e }} }}
            FILTER(isIRI(?other) && ?p NOT IN ({excluded}))
          }}
          GRAPH <{ENTITIES_GRAPH}> {{ ?e <{RDFS}label> ?name }}
          FILTER(STRSTARTS(STR(?e), "{ID_NS}"))
        }} GROUP BY ?e ORDER BY DESC(?degree) ?e LIMIT {int(top)}"""
    )
    stats.connected = [
        ConnectedEntity(row["e"].value, row["label"].value if row["label"] else None, int(row["degree"].value))
        for row in rows
    ]
    return stats


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
