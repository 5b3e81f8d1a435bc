"""The derived graph: a corpus question answered at build time.

``activity-by-province`` counts, over every article graph, the meetings and articles of each
province and year: 0.2 s at 10,000 articles, seconds at 100,000, for a table of a few
hundred rows.  `kg build` and `kg remove` keep that table in the named graph
:data:`DERIVED_GRAPH`, and the canned query reads it (queries/README.md):
``kg:ProvinceActivity``, one node per province and year: ``kg:activityProvince``,
``kg:activityYear`` (four digits, "" when unknown), ``kg:meetingCount``,
``kg:articleCount``.  Labels are not copied: the query reads them from the entities graph,
so a merge that renames a province never leaves the derived graph behind.

(Co-attendance pairs, posts per person and article, and document citations were tried
too and dropped: read from this graph, those questions were slower than counting, because
their answers are as large as what they count; docs/scaling.md gives the figures.)

Incremental upkeep: a build (or removal) passes the entities it touched (the writer's
``touched`` set, as for :meth:`GraphStore.recompute_entities`), together with
:func:`keys_in_graphs` of the graphs it replaced or removed, read before they went.  Only
the rows of the provinces those reach are computed again.  A row's inputs change only
through a triple of a written or dropped graph, and the province is reached from either
IRI of such a triple: it is one, or lies in it (``kg:province``), or is that of a
meeting's place or organiser (in the store after the change, and in the dropped graphs
before)."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from kg.store import DERIVED_GRAPH, GRAPH_NS, ID_NS, KG, META_GRAPH, STORE_NS, GraphStore, iri

#: the derived graph's rows are computed (set once, by the first full computation)
_COMPLETE = f'<{DERIVED_GRAPH}> <{STORE_NS}complete> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .'
#: set while the rows are being brought up to date: found at the start, a run was cut short
_STALE = f'<{DERIVED_GRAPH}> <{STORE_NS}stale> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .'
_ROW_NS = "https://w3id.org/vnkg/derived/"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
#: Past this many touched IRIs the table is counted whole: finding the provinces they reach
#: costs about 0.8 ms an IRI (3.4 s for the 4,186 IRIs of 100 articles at 10,000 articles),
#: counting the whole table 0.3 s there (benchmarks/derived_bench.py; docs/scaling.md).
INCREMENTAL_MAX = 1000
#: keys per VALUES block
_CHUNK = 200

_PREFIXES = f"""PREFIX kg: <{KG}>
PREFIX schema: <https://schema.org/>
PREFIX kgg: <{GRAPH_NS}>
"""


@dataclass(slots=True)
class DerivedSummary:
    """What :func:`refresh` rewrote: how many provinces (None: all of them), how many rows."""

    provinces: int | None
    rows: int


def is_stale(store: GraphStore) -> bool:
    """True when the derived rows were never computed, or a refresh was cut short."""
    return store.ask(f"ASK {{ GRAPH <{META_GRAPH}> {{ {_STALE} }} }}") or not store.ask(
        f"ASK {{ GRAPH <{META_GRAPH}> {{ {_COMPLETE} }} }}"
    )


def keys_in_graphs(store: GraphStore, graph_iris: Collection[str]) -> set[str]:
    """The provinces whose rows depend on these graphs, read before they are
    replaced or dropped (after that, a link the graph alone stated is gone)."""
    found: set[str] = set()
    ordered = sorted(graph_iris)
    for start in range(0, len(ordered), _CHUNK):
        values = " ".join(iri(graph) for graph in ordered[start : start + _CHUNK])
        rows = store.select(
            f"SELECT DISTINCT ?x WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ {{ ?x ?p ?o }} UNION {{ ?s ?p ?x }} }} "
            f'FILTER(isIRI(?x) && STRSTARTS(STR(?x), "{ID_NS}")) }}'
        )
        found.update(row["x"].value for row in rows)
    return _provinces(store, found)


def refresh(store: GraphStore, entities: Collection[str] | None = None) -> DerivedSummary:
    """Bring the derived graph up to date: every row (``entities`` None, or the graph was
    never computed or a refresh was cut short), else only the rows these entities reach.
    Call it after the entities graph is up to date (the queries it runs read types)."""
    if entities is not None and (len(entities) > INCREMENTAL_MAX or is_stale(store)):
        entities = None
    store.update(f"INSERT DATA {{ GRAPH <{META_GRAPH}> {{ {_STALE} }} }}")
    if entities is None:
        store.update(f"DROP SILENT GRAPH <{DERIVED_GRAPH}>")
        summary = DerivedSummary(None, _write(store, _activity(store, None)))
    else:
        # the provinces reached, and those with rows that the touched IRIs name: a province
        # the removed articles alone named is no longer a kg:Province and loses its rows
        listed = {row["p"].value for row in store.select(
            f"SELECT DISTINCT ?p WHERE {{ GRAPH <{DERIVED_GRAPH}> {{ ?row <{KG}activityProvince> ?p }} }}"
        )}
        provinces = sorted(_provinces(store, entities) | (listed & set(entities)))
        rows = 0
        if provinces:
            _delete(store, ("activityProvince",), provinces)
            # Counted with the whole-store query, whose DISTINCT subqueries are hash-joined:
            # restricted to a few provinces (a VALUES block) the store plans it worse
            # (2.5 s against 0.7 s for 55 provinces at 10,000 articles).
            wanted = {iri(province) for province in provinces}
            lines = [line for line in _activity(store, None) if line.split(" ; ")[1].split(" ", 1)[1] in wanted]
            rows = _write(store, lines)
        summary = DerivedSummary(len(provinces), rows)
    store.update(
        f"DELETE DATA {{ GRAPH <{META_GRAPH}> {{ {_STALE} }} }} ;\n"
        f"INSERT DATA {{ GRAPH <{META_GRAPH}> {{ {_COMPLETE} }} }}"
    )
    return summary


# --- which keys ----------------------------------------------------------------------------


def _values(items: Iterable[str]) -> str:
    return " ".join(iri(item) for item in items)


def _provinces(store: GraphStore, entities: Collection[str]) -> set[str]:
    """The provinces whose activity rows these entities can change: those they are, those
    they lie in, and those of a meeting's place or organiser."""
    found: set[str] = set()
    ordered = sorted(entities)
    for start in range(0, len(ordered), _CHUNK):
        values = _values(ordered[start : start + _CHUNK])
        rows = store.select(
            f"""{_PREFIXES}SELECT DISTINCT ?p WHERE {{
  VALUES ?x {{ {values} }}
  {{ GRAPH kgg:entities {{ ?x a kg:Province }} BIND(?x AS ?p) }}
  UNION {{ GRAPH ?g {{ ?x kg:province ?p }} }}
  UNION {{ GRAPH ?g {{ ?x schema:location ?w }} GRAPH ?h {{ ?w kg:province ?p }} }}
  UNION {{ GRAPH ?g {{ ?x schema:organizer ?w }} GRAPH ?h {{ ?w kg:province ?p }} }}
  UNION {{ GRAPH ?g {{ ?x schema:location ?p }} GRAPH kgg:entities {{ ?p a kg:Province }} }}
  UNION {{ GRAPH ?g {{ ?x schema:organizer ?p }} GRAPH kgg:entities {{ ?p a kg:Province }} }}
}}"""
        )
        found.update(row["p"].value for row in rows)
    return found


# --- the rows ------------------------------------------------------------------------------


def _row_iri(kind: str, *key: str) -> str:
    digest = hashlib.sha1("\n".join(key).encode("utf-8")).hexdigest()[:20]
    return f"{_ROW_NS}{kind}/{digest}"


def _integer(value: str) -> str:
    return f'"{int(value)}"^^<{_XSD_INTEGER}>'


def _string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _activity(store: GraphStore, provinces: list[str] | None) -> list[str]:
    if provinces is None:
        chosen = "GRAPH kgg:entities { ?province_iri a kg:Province }"
    else:
        chosen = f"VALUES ?province_iri {{ {_values(provinces)} }}"
    # the body of queries/activity-by-province.rq as it was before this graph, grouped by IRI
    query = f"""{_PREFIXES}SELECT ?province_iri ?year (COUNT(DISTINCT ?meeting) AS ?meetings)
  (COUNT(DISTINCT ?article_graph) AS ?articles)
WHERE {{
  {{ SELECT ?province_iri WHERE {{ {chosen} }} }}
  {{
    SELECT DISTINCT ?where ?province_iri WHERE {{
      {{ GRAPH ?g {{ ?where kg:province ?province_iri }} }}
      UNION
      {{ GRAPH kgg:entities {{ ?where a kg:Province }} BIND(?where AS ?province_iri) }}
    }}
  }}
  {{
    {{
      SELECT DISTINCT ?meeting ?where WHERE {{
        {{ GRAPH ?g {{ ?meeting schema:location ?where }} }} UNION {{ GRAPH ?g {{ ?meeting schema:organizer ?where }} }}
      }}
    }}
    OPTIONAL {{
      SELECT DISTINCT ?meeting ?meeting_year WHERE {{
        GRAPH ?g {{ ?meeting schema:startDate ?start }}
        FILTER(!STRSTARTS(STR(?start), "-"))
        BIND(SUBSTR(STR(?start), 1, 4) AS ?meeting_year)
      }}
    }}
    BIND(COALESCE(?meeting_year, "") AS ?year)
  }} UNION {{
    {{
      SELECT DISTINCT ?article_graph ?where WHERE {{
        {{ GRAPH ?article_graph {{ ?where kg:province ?somewhere }} }}
        UNION
        {{ GRAPH ?article_graph {{ ?where a kg:Province }} }}
        FILTER(?article_graph != kgg:entities)
      }}
    }}
    OPTIONAL {{
      SELECT ?article_graph (SAMPLE(?a_year) AS ?published_year) WHERE {{
        GRAPH ?article_graph {{ ?article schema:datePublished ?published }}
        FILTER(!STRSTARTS(STR(?published), "-"))
        BIND(SUBSTR(STR(?published), 1, 4) AS ?a_year)
      }}
      GROUP BY ?article_graph
    }}
    OPTIONAL {{
      SELECT ?article_graph (SAMPLE(?e_year) AS ?event_year) WHERE {{
        GRAPH ?article_graph {{ ?event schema:startDate ?held }}
        FILTER(!STRSTARTS(STR(?held), "-"))
        BIND(SUBSTR(STR(?held), 1, 4) AS ?e_year)
      }}
      GROUP BY ?article_graph
    }}
    BIND(COALESCE(?published_year, ?event_year, "") AS ?year)
  }}
}}
GROUP BY ?province_iri ?year"""
    lines = []
    for row in store.select(query):
        province, year = row["province_iri"].value, row["year"].value
        node = iri(_row_iri("activity", province, year))
        lines.append(
            f"{node} a <{KG}ProvinceActivity> ; <{KG}activityProvince> {iri(province)} ; "
            f"<{KG}activityYear> {_string(year)} ; <{KG}meetingCount> {_integer(row['meetings'].value)} ; "
            f"<{KG}articleCount> {_integer(row['articles'].value)} ."
        )
    return lines


def _delete(store: GraphStore, predicates: tuple[str, ...], keys: list[str]) -> None:
    values = _values(keys)
    for predicate in predicates:
        store.update(
            f"DELETE {{ GRAPH <{DERIVED_GRAPH}> {{ ?row ?p ?o }} }} WHERE {{ VALUES ?key {{ {values} }} "
            f"GRAPH <{DERIVED_GRAPH}> {{ ?row <{KG}{predicate}> ?key . ?row ?p ?o }} }}"
        )


def _write(store: GraphStore, lines: list[str]) -> int:
    """Store rows written ``NODE a CLASS ; P O ; ... .`` as N-Triples (what
    :meth:`GraphStore.add_triples` takes); no object holds " ; "."""
    triples = []
    for line in lines:
        node, rest = line.split(" ", 1)
        for part in rest.removesuffix(" .").split(" ; "):
            predicate, obj = part.split(" ", 1)
            predicate = f"<{_RDF_TYPE}>" if predicate == "a" else predicate
            triples.append(f"{node} {predicate} {obj} .")
    for start in range(0, len(triples), 20000):
        store.add_triples(DERIVED_GRAPH, "\n".join(triples[start : start + 20000]))
    return len(lines)
