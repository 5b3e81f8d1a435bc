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

# Read inside each graph, then DISTINCT: see the note in kg.viz.projections.
_DESCRIBE = """
SELECT DISTINCT ?s ?p ?o WHERE {
  VALUES ?s { %s }
  GRAPH ?g { ?s ?p ?o }
}"""

_DESCRIBE_BACK = """
SELECT DISTINCT ?s ?p ?o WHERE {
  VALUES ?s { %s }
  VALUES ?p { org:subOrganizationOf schema:attendee kg:chair schema:organizer
              schema:legislationPassedBy kg:discussed kg:refersTo }
  GRAPH ?g { ?o ?p ?s }
}"""

# (No nested OPTIONAL here: Oxigraph would evaluate it on its own, over every graph.)
_EVIDENCE = """
SELECT DISTINCT ?s ?sentence ?start ?end ?article WHERE {
  VALUES ?s { %s }
  GRAPH ?g {
    ?s kg:evidence ?ev .
    ?ev kg:sentenceText ?sentence .
    OPTIONAL { ?ev kg:startOffset ?start }
    OPTIONAL { ?ev kg:endOffset ?end }
    OPTIONAL { ?ev schema:isPartOf ?article }
  }
}"""

_ARTICLES = """
SELECT DISTINCT ?s ?headline ?url WHERE {
  VALUES ?s { %s }
  GRAPH ?g { ?s schema:headline ?headline OPTIONAL { ?s schema:url ?url } }
}"""

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def enrich(graph: nx.Graph, projector: Projector) -> None:
    """Set ``facts`` (list of "property: values") and ``provenance`` on every node,
    and ``provenance`` on every edge that stands for reified facts."""
    nodes = [str(n) for n in graph.nodes]
    labels = projector.labels()

    facts: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for sparql, names in ((_DESCRIBE, _FORWARD), (_DESCRIBE_BACK, _BACKWARD)):
        for row in _batched(projector, sparql, nodes):
            predicate = local_name(row["p"])
            if predicate in _SKIPPED or (names is _FORWARD and predicate in ("prefLabel", "name")):
                continue
            if row["o"].startswith(row["s"] + "#"):  # a node of the fact's own (the chair's schema:Role)
                continue
            value = labels.get(row["o"]) or _readable(row["o"])
            key = names.get(predicate, _CAMEL.sub(" ", predicate).lower())
            if value not in facts[row["s"]][key]:
                facts[row["s"]][key].append(value)

    # Positions are reified (org:Membership): the projector has them all already.
    fact_iris: dict[str, set[str]] = defaultdict(set)
    for item in projector.memberships():
        for node in (item.person, item.body):
            if node is None or node not in graph:
                continue
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

    # The nodes' own sentences first: a node with MAX_SOURCES of its own never shows its
    # facts' sentences, so only the other nodes' facts and the edges' are read (a busy
    # body has thousands of posts held in it, each with its sentences).
    rows = _batched(projector, _EVIDENCE, sorted(nodes))
    own_seen: dict[str, set[tuple[str, ...]]] = defaultdict(set)  # as the sources below tell them apart
    for row in rows:
        offsets = tuple(row.get(key, "") if row.get(key, "").lstrip("-").isdigit() else "" for key in ("start", "end"))
        own_seen[row["s"]].add((row["sentence"], row.get("article", ""), *offsets))
    wanted = {iri for _, _, data in graph.edges(data=True) for iri in data.get("facts", [])}
    wanted |= {iri for node, iris in fact_iris.items() if len(own_seen[node]) < MAX_SOURCES for iri in iris}
    rows = rows + _batched(projector, _EVIDENCE, sorted(wanted - set(nodes)))
    articles = {
        row["s"]: row for row in _batched(projector, _ARTICLES, sorted({r["article"] for r in rows if "article" in r}))
    }
    sources: dict[str, list[dict[str, object]]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()  # (subject, item): a list's "in" was quadratic on busy nodes
    for row in rows:
        article = row.get("article", "")
        item: dict[str, object] = {"sentence": row["sentence"], "article": article}
        item["headline"] = articles.get(article, {}).get("headline") or (local_name(article) if article else "")
        for key in ("start", "end"):
            if row.get(key, "").lstrip("-").isdigit():
                item[key] = int(row[key])
        if articles.get(article, {}).get("url"):
            item["url"] = articles[article]["url"]
        if (row["s"], repr(item)) not in seen:
            seen.add((row["s"], repr(item)))
            sources[row["s"]].append(item)
    for found in sources.values():  # the same order whatever the order of the rows
        found.sort(
            key=lambda source: (str(source["headline"]), int(str(source.get("start", 0))), str(source["sentence"]))
        )

    for node in nodes:
        data = graph.nodes[node]
        data["facts"] = [f"{key}: {_join(values)}" for key, values in sorted(facts.get(node, {}).items()) if values]
        own = list(sources.get(node, [])[:MAX_SOURCES])
        for iri in sorted(fact_iris.get(node, ())):
            if len(own) >= MAX_SOURCES:  # only the first MAX_SOURCES are kept
                break
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
