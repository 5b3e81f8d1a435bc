"""What the side panel shows: each node's facts and the sentences they were read in.

Run after filtering, on the nodes that remain only, in batches of VALUES so that a
large store is not described whole.
"""

from __future__ import annotations

import re
from collections import defaultdict

import networkx as nx

from kg.viz.dates import display_date
from kg.viz.projections import Projector, local_name

BATCH = 300
MAX_SOURCES = 8  # sentences per node: enough to trace, small enough for a 5,000-node page
MAX_VALUES = 8  # values per property in the panel (e.g. attendees of a big meeting)

# Property -> how the panel names it, forwards and (for links into the node) backwards.
_FORWARD = {
    "prefLabel": "name",
    "name": "name",
    "legislationIdentifier": "identifier",
    "legislationPassedBy": "issued by",
    "legislationDate": "date",
    "startDate": "date",
    "endDate": "until",
    "subOrganizationOf": "part of",
    "province": "province",
    "organizer": "organised by",
    "attendee": "attendees",
    "chair": "chaired by",
    "discussed": "discussed",
    "refersTo": "refers to",
    "location": "place",
    "altLabel": "also called",
}
_BACKWARD = {
    "subOrganizationOf": "has part",
    "attendee": "attended",
    "chair": "chaired",
    "organizer": "organised",
    "legislationPassedBy": "issued",
    "discussed": "discussed at",
    "refersTo": "referred to by",
}
# Bookkeeping, and properties that repeat another one the panel already shows
# (kg:alias = skos:altLabel, schema:citation = kg:refersTo, schema:about = kg:discussed,
# schema:description = kg:subject, rdfs:label = the title of the panel).
_SKIPPED = {
    "type",
    "evidence",
    "member",
    "organization",
    "role",
    "sameAs",
    "wasDerivedFrom",
    "resolved",
    "alias",
    "label",
    "citation",
    "about",
    "description",
    "mentions",
    "attendingBody",
}

_DESCRIBE = """
SELECT ?s ?p ?o ?label WHERE {
  VALUES ?s { %s }
  ?s ?p ?o .
  OPTIONAL { ?o skos:prefLabel|foaf:name|schema:name ?label }
}"""

_DESCRIBE_BACK = """
SELECT ?s ?p ?o ?label WHERE {
  VALUES ?s { %s }
  VALUES ?p { org:subOrganizationOf schema:attendee kg:chair schema:organizer
              schema:legislationPassedBy kg:discussed kg:refersTo }
  ?o ?p ?s .
  OPTIONAL { ?o skos:prefLabel|foaf:name|schema:name ?label }
}"""

_EVIDENCE = """
SELECT ?s ?sentence ?start ?end ?article ?headline ?url WHERE {
  VALUES ?s { %s }
  ?s kg:evidence ?ev .
  ?ev kg:sentenceText ?sentence .
  OPTIONAL { ?ev kg:startOffset ?start }
  OPTIONAL { ?ev kg:endOffset ?end }
  OPTIONAL { ?ev schema:isPartOf ?article
             OPTIONAL { ?article schema:headline ?headline }
             OPTIONAL { ?article schema:url ?url } }
}"""

_POSITIONS = """
SELECT ?m ?person ?body WHERE {
  VALUES ?x { %s }
  ?m org:member|org:organization ?x ; org:member ?person .
  OPTIONAL { ?m org:organization ?body }
}"""

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def enrich(graph: nx.Graph, projector: Projector) -> None:
    """Set ``facts`` (list of "property: values") and ``provenance`` on every node,
    and ``provenance`` on every edge that stands for reified facts."""
    nodes = [str(n) for n in graph.nodes]
    labels = {iri: label for iri, (_, label) in projector.entities().items()}
    memberships = {m.iri: m for m in projector.memberships()}

    facts: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for sparql, names in ((_DESCRIBE, _FORWARD), (_DESCRIBE_BACK, _BACKWARD)):
        for row in _batched(projector, sparql, nodes):
            predicate = local_name(row["p"])
            if predicate in _SKIPPED or (names is _FORWARD and predicate in ("prefLabel", "name")):
                continue
            value = row.get("label") or labels.get(row["o"]) or _readable(row["o"])
            key = names.get(predicate, _CAMEL.sub(" ", predicate).lower())
            if value not in facts[row["s"]][key]:
                facts[row["s"]][key].append(value)

    # Positions are reified (org:Membership), so they are read through the membership.
    fact_iris: dict[str, set[str]] = defaultdict(set)
    for row in _batched(projector, _POSITIONS, nodes, variable="x"):
        item = memberships.get(row["m"])
        if item is None:
            continue
        for node in (item.person, item.body):
            if node in graph:
                fact_iris[node].add(item.iri)
                other = item.body if node == item.person else item.person
                where = labels.get(other, local_name(other)) if other else "?"
                when = f" ({', '.join(display_date(d) for d in item.dates)})" if item.dates else ""
                line = f"{item.role} — {where}{when}" if node == item.person else f"{where}: {item.role}{when}"
                bucket = facts[node]["positions" if node == item.person else "posts held here"]
                if line not in bucket:
                    bucket.append(line)
    for a, b, data in graph.edges(data=True):
        for iri in data.get("facts", []):
            fact_iris[str(a)].add(iri)
            fact_iris[str(b)].add(iri)

    evidence_subjects = sorted(set(nodes) | {iri for iris in fact_iris.values() for iri in iris})
    sources: dict[str, list[dict[str, object]]] = defaultdict(list)
    for row in _batched(projector, _EVIDENCE, evidence_subjects):
        item: dict[str, object] = {"sentence": row["sentence"], "article": row.get("article", "")}
        item["headline"] = row.get("headline") or (local_name(row["article"]) if row.get("article") else "")
        for key in ("start", "end"):
            if row.get(key, "").lstrip("-").isdigit():
                item[key] = int(row[key])
        if row.get("url"):
            item["url"] = row["url"]
        if item not in sources[row["s"]]:
            sources[row["s"]].append(item)

    for node in nodes:
        data = graph.nodes[node]
        data["facts"] = [f"{key}: {_join(values)}" for key, values in sorted(facts.get(node, {}).items()) if values]
        own = list(sources.get(node, []))
        for iri in sorted(fact_iris.get(node, ())):
            own.extend(s for s in sources.get(iri, []) if s not in own)
        data["provenance"] = own[:MAX_SOURCES]
    for _, _, data in graph.edges(data=True):
        found: list[dict[str, object]] = []
        for iri in data.get("facts", []):
            found.extend(s for s in sources.get(iri, []) if s not in found)
        data["provenance"] = found[:3]


def _batched(projector: Projector, template: str, iris: list[str], variable: str = "s") -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for start in range(0, len(iris), BATCH):
        chunk = [iri for iri in iris[start : start + BATCH] if _safe_iri(iri)]
        if chunk:
            rows.extend(projector.rows(template % " ".join(f"<{iri}>" for iri in chunk)))
    return rows


def _safe_iri(iri: str) -> bool:
    # An IRI that cannot be written inside <...> is skipped rather than breaking the query.
    return bool(iri) and not any(c in iri for c in '<>"{}|^`\\ \n')


def _readable(value: str) -> str:
    return local_name(value) if value.startswith(("http://", "https://", "urn:")) else value


def _join(values: list[str]) -> str:
    shown = sorted(values)[:MAX_VALUES]
    more = len(values) - len(shown)
    return "; ".join(shown) + (f" (+{more} more)" if more > 0 else "")
