"""The four networks, each built from SPARQL SELECT results into networkx.

* ``org``: bodies, edge child → parent for ``org:subOrganizationOf``.
* ``people``: people and bodies, one edge per (person, body) with the roles and dates
  of the ``org:Membership`` facts behind it.
* ``coattendance``: people, edge weight = meetings both attended (or chaired).
* ``documents``: issuer body → document, document → document it refers to, meeting →
  document it discussed.

Every node carries ``type``, ``label``, ``iri``, the ``provinces`` and ``bodies`` it
is attached to (for the filters) and, once :func:`enrich` ran, ``facts`` and
``provenance``.  Every edge carries ``kind``, ``label`` and ``weight``.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.viz.dates import Period, display_date
from kg.viz.source import FOAF, RDFS, SCHEMA, SKOS, Row, SparqlSource, VizError, select_rows

KINDS: dict[str, str] = {
    "org": "Organisation chart",
    "people": "People and the bodies they hold posts in",
    "coattendance": "People who attended the same meetings",
    "documents": "Documents, their issuers and the meetings that discussed them",
}

NODE_TYPES: tuple[str, ...] = ("body", "person", "meeting", "document")

_TYPE_OF_CLASS = {
    "http://xmlns.com/foaf/0.1/Person": "person",
    "http://www.w3.org/ns/org#Organization": "body",
    "https://schema.org/Legislation": "document",
    "https://schema.org/Event": "meeting",
}

# Facts are read inside each article graph (GRAPH ?g) and made DISTINCT after: over the
# union of the graphs, an entity described in many articles would match once per graph
# at each step of a pattern, and the rows multiply.  Names come once, from the entities
# graph that kg build keeps (one merged label per entity, the same whichever article is
# read); a store without it is read from the article graphs instead.
ENTITIES_GRAPH = "https://w3id.org/vnkg/graph/entities"

_CLASSES = "VALUES ?class { foaf:Person org:Organization schema:Legislation schema:Event }"

_MERGED_TYPES = f"SELECT DISTINCT ?s ?class WHERE {{ {_CLASSES} GRAPH <{ENTITIES_GRAPH}> {{ ?s a ?class }} }}"

_MERGED_LABELS = f"SELECT ?s ?label WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?s skos:prefLabel ?label }} }}"

_TYPES = f"SELECT DISTINCT ?s ?class WHERE {{ {_CLASSES} GRAPH ?g {{ ?s a ?class }} }}"

# in order of preference
_NAME_PROPERTIES = ("skos:prefLabel", "foaf:name", "schema:name", "rdfs:label", "schema:legislationIdentifier")

_LABELS = f"""
SELECT DISTINCT ?s ?p ?label WHERE {{
  VALUES ?p {{ {" ".join(_NAME_PROPERTIES)} }}
  GRAPH ?g {{ ?s ?p ?label }}
}}"""

_PROVINCES = "SELECT DISTINCT ?s ?province WHERE { GRAPH ?g { ?s kg:province ?province } }"

_HIERARCHY = "SELECT DISTINCT ?child ?parent WHERE { GRAPH ?g { ?child org:subOrganizationOf ?parent } }"

_MEMBERSHIPS = """
SELECT DISTINCT ?m ?person ?body ?role ?date WHERE {
  GRAPH ?g {
    ?m org:member ?person .
    OPTIONAL { ?m org:organization ?body }
    OPTIONAL { ?m org:role ?role }
    OPTIONAL { ?m kg:attestedOn|kg:appointedOn|schema:startDate|schema:endDate ?date }
  }
}"""

# schema:attendee also names the bodies that attended; only people count here.
_ATTENDANCE = """
SELECT DISTINCT ?meeting ?person ?chair WHERE {
  GRAPH ?g {
    { ?meeting schema:attendee ?person } UNION { ?meeting kg:chair ?person BIND(true AS ?chair) }
    ?person a foaf:Person .
  }
}"""

_MEETINGS = """
SELECT DISTINCT ?meeting ?start ?organiser WHERE {
  GRAPH ?g {
    ?meeting a schema:Event .
    OPTIONAL { ?meeting schema:startDate ?start }
    OPTIONAL { ?meeting schema:organizer ?organiser }
  }
}"""

_DOCUMENT_LINKS = """
SELECT DISTINCT ?from ?to ?link WHERE {
  GRAPH ?g {
    { ?to schema:legislationPassedBy ?from BIND("issued" AS ?link) }
    UNION { ?from kg:refersTo ?to BIND("refers to" AS ?link) }
    UNION { ?from kg:discussed ?to BIND("discussed" AS ?link) }
  }
}"""

_DOCUMENT_DATES = """
SELECT DISTINCT ?doc ?date WHERE {
  GRAPH ?g { ?doc a schema:Legislation ; schema:legislationDate|schema:datePublished|schema:dateCreated ?date }
}"""


@dataclass(slots=True)
class Network:
    """A projection ready to filter, enrich and write."""

    kind: str
    title: str
    graph: nx.Graph
    notes: list[str] = field(default_factory=list)  # the filters applied, for titles and legends

    @property
    def subtitle(self) -> str:
        nodes, links = self.graph.number_of_nodes(), self.graph.number_of_edges()
        count = f"{nodes:,} node{'' if nodes == 1 else 's'}, {links:,} link{'' if links == 1 else 's'}"
        return " · ".join([count, *self.notes])


@dataclass(slots=True)
class Membership:
    iri: str
    person: str
    body: str | None
    role: str
    dates: list[str]


@dataclass(slots=True)
class MeetingInfo:
    iri: str
    start: str | None = None
    organisers: set[str] = field(default_factory=set)
    people: set[str] = field(default_factory=set)
    chairs: set[str] = field(default_factory=set)


def local_name(iri: str) -> str:
    """The readable tail of an IRI, for entities that have no label."""
    tail = iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return tail or iri


class Projector:
    """Runs the projections' queries against one store, each query at most once."""

    def __init__(self, source: SparqlSource) -> None:
        self.source = source
        self._cache: dict[str, list[Row]] = {}
        self._derived: dict[str, Any] = {}  # results worked out from the rows, also kept

    def rows(self, sparql: str) -> list[Row]:
        if sparql not in self._cache:
            self._cache[sparql] = select_rows(self.source, sparql)
        return self._cache[sparql]

    def _remember(self, name: str, compute: Any) -> Any:
        if name not in self._derived:
            self._derived[name] = compute()
        return self._derived[name]

    # -- shared facts -------------------------------------------------------------------------

    def entities(self) -> dict[str, tuple[str, str]]:
        """IRI -> (node type, label) for every person, body, document and meeting."""
        return self._remember("entities", self._entities)  # type: ignore[no-any-return]

    def _entities(self) -> dict[str, tuple[str, str]]:
        rows = self.rows(_MERGED_TYPES) or self.rows(_TYPES)
        kinds: dict[str, str] = {}
        # an entity of two classes (rare) takes the first in this order, whatever the row order
        order = list(_TYPE_OF_CLASS)
        for row in sorted(rows, key=lambda r: order.index(r["class"]) if r.get("class") in order else len(order)):
            kind = _TYPE_OF_CLASS.get(row.get("class", ""))
            if kind is not None:
                kinds.setdefault(row["s"], kind)
        return {iri: (kind, self.label(iri)) for iri, kind in kinds.items()}

    def labels(self) -> dict[str, str]:
        """IRI -> name, for every entity that has one (roles and places too)."""
        return self._remember("labels", self._labels)  # type: ignore[no-any-return]

    def _labels(self) -> dict[str, str]:
        merged = {row["s"]: row["label"] for row in self.rows(_MERGED_LABELS)}
        if merged:
            return merged
        # no entities graph: the preferred name property, then the smallest name, so that
        # the choice never depends on the order of the rows
        best: dict[str, tuple[int, str]] = {}
        prefixes = {"skos:": SKOS, "foaf:": FOAF, "schema:": SCHEMA, "rdfs:": RDFS}
        ranks = {prefixes[name.split(":")[0] + ":"] + name.split(":")[1]: i for i, name in enumerate(_NAME_PROPERTIES)}
        for row in self.rows(_LABELS):
            candidate = (ranks.get(row["p"], len(ranks)), row["label"])
            best[row["s"]] = min(best.get(row["s"], candidate), candidate)
        return {iri: label for iri, (_, label) in best.items()}

    def label(self, iri: str) -> str:
        return self.labels().get(iri) or local_name(iri)

    def provinces(self) -> dict[str, list[str]]:
        return self._remember("provinces", self._provinces)  # type: ignore[no-any-return]

    def _provinces(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for row in self.rows(_PROVINCES):
            value = row["province"]  # a place (named through labels()) or a plain name
            if value.startswith(("http://", "https://", "urn:")):
                value = self.label(value)
            if value not in found[row["s"]]:
                found[row["s"]].append(value)
        for values in found.values():
            values.sort()
        return found

    def hierarchy(self) -> list[tuple[str, str]]:
        return sorted({(row["child"], row["parent"]) for row in self.rows(_HIERARCHY)})

    def memberships(self) -> list[Membership]:
        return self._remember("memberships", self._memberships)  # type: ignore[no-any-return]

    def _memberships(self) -> list[Membership]:
        merged: dict[str, Membership] = {}
        for row in self.rows(_MEMBERSHIPS):
            role = self.label(row["role"]) if row.get("role") else "member"
            item = merged.setdefault(row["m"], Membership(row["m"], row["person"], row.get("body"), role, []))
            if row.get("date") and row["date"] not in item.dates:
                item.dates.append(row["date"])
        for item in merged.values():
            item.dates.sort()
        return sorted(merged.values(), key=lambda m: m.iri)

    def meetings(self) -> dict[str, MeetingInfo]:
        return self._remember("meetings", self._meetings)  # type: ignore[no-any-return]

    def _meetings(self) -> dict[str, MeetingInfo]:
        found: dict[str, MeetingInfo] = {}
        for row in self.rows(_MEETINGS):
            info = found.setdefault(row["meeting"], MeetingInfo(row["meeting"]))
            if row.get("start") and (info.start is None or row["start"] < info.start):
                info.start = row["start"]
            if row.get("organiser"):
                info.organisers.add(row["organiser"])
        for row in self.rows(_ATTENDANCE):
            info = found.setdefault(row["meeting"], MeetingInfo(row["meeting"]))
            info.people.add(row["person"])
            if row.get("chair"):
                info.chairs.add(row["person"])
        return found

    def bodies_of_people(self) -> dict[str, set[str]]:
        return self._remember("bodies_of_people", self._bodies_of_people)  # type: ignore[no-any-return]

    def _bodies_of_people(self) -> dict[str, set[str]]:
        found: dict[str, set[str]] = defaultdict(set)
        for item in self.memberships():
            if item.body:
                found[item.person].add(item.body)
        return found

    def document_dates(self) -> dict[str, list[str]]:
        return self._remember("document_dates", self._document_dates)  # type: ignore[no-any-return]

    def _document_dates(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for row in self.rows(_DOCUMENT_DATES):
            found[row["doc"]].append(row["date"])
        for values in found.values():
            values.sort()
        return found

    # -- node helper ----------------------------------------------------------------------------

    def add_node(self, graph: nx.Graph, iri: str, fallback_type: str, bodies: Iterable[str] = ()) -> None:
        """Add ``iri`` with its type, label and the bodies/provinces it is attached to."""
        if iri in graph:
            return
        kind, label = self.entities().get(iri, (fallback_type, self.label(iri)))
        attached = sorted({iri} if kind == "body" else set(bodies))
        provinces = self.provinces()
        in_provinces = sorted({p for body in attached for p in provinces.get(body, [])})
        graph.add_node(iri, type=kind, label=label, iri=iri, bodies=attached, provinces=in_provinces)


def project(kind: str, projector: Projector, period: Period | None = None) -> Network:
    """Build the network ``kind`` (a key of :data:`KINDS`) from the store."""
    period = period or Period()
    builders = {"org": _org, "people": _people, "coattendance": _coattendance, "documents": _documents}
    if kind not in builders:
        raise VizError(f"unknown network kind {kind!r}: choose one of {', '.join(KINDS)}")
    graph = builders[kind](projector, period)
    notes = [f"period {period.describe()}"] if period.active else []
    return Network(kind, KINDS[kind], graph, notes)


def _org(projector: Projector, period: Period) -> nx.DiGraph:
    graph = nx.DiGraph()
    nesting = projector.hierarchy()
    bodies = {iri for iri, (kind, _) in projector.entities().items() if kind == "body"}
    bodies |= {iri for pair in nesting for iri in pair}
    if period.active:
        # Nesting has no dates: in a period the chart shows the bodies that did something
        # dated in it (a post held, a meeting organised, a document issued) and the bodies
        # above them, to show where they sit.
        active = {m.body for m in projector.memberships() if m.body and period.admits_any(m.dates)}
        active |= {
            o for meeting in projector.meetings().values() if period.admits(meeting.start) for o in meeting.organisers
        }
        dates = projector.document_dates()
        active |= {
            row["from"]
            for row in projector.rows(_DOCUMENT_LINKS)
            if row["link"] == "issued" and period.admits_any(dates.get(row["to"], []))
        }
        parents: dict[str, set[str]] = defaultdict(set)
        for child, parent in nesting:
            parents[child].add(parent)
        bodies &= reachable(active, parents)
    for iri in sorted(bodies):
        projector.add_node(graph, iri, "body")
    for child, parent in nesting:
        if child in bodies and parent in bodies:
            graph.add_edge(child, parent, kind="part of", label="part of", weight=1)
    return graph


def reachable(start: set[str], links: dict[str, set[str]]) -> set[str]:
    """``start`` and every node reached from it by following ``links`` (node -> next nodes)."""
    seen = set(start)
    stack = list(start)
    while stack:
        for following in links.get(stack.pop(), ()):
            if following not in seen:
                seen.add(following)
                stack.append(following)
    return seen


def _people(projector: Projector, period: Period) -> nx.Graph:
    graph = nx.Graph()
    bodies_of = projector.bodies_of_people()
    for item in projector.memberships():
        if item.body is None or not period.admits_any(item.dates):
            continue
        projector.add_node(graph, item.person, "person", bodies_of.get(item.person, ()))
        projector.add_node(graph, item.body, "body")
        if graph.has_edge(item.person, item.body):
            data = graph.edges[item.person, item.body]
        else:
            graph.add_edge(item.person, item.body, kind="position", roles=[], dates=[], facts=[], weight=0)
            data = graph.edges[item.person, item.body]
        if item.role not in data["roles"]:
            data["roles"].append(item.role)
        data["dates"] = sorted(set(data["dates"]) | set(item.dates))
        data["facts"].append(item.iri)
        data["weight"] += 1
        shown_dates = ", ".join(display_date(d) for d in data["dates"])
        data["label"] = "; ".join(data["roles"]) + (f" ({shown_dates})" if shown_dates else "")
    return graph


def _coattendance(projector: Projector, period: Period) -> nx.Graph:
    graph = nx.Graph()
    bodies_of = projector.bodies_of_people()
    labels = projector.entities()
    for meeting in sorted(projector.meetings().values(), key=lambda m: m.iri):
        if not period.admits(meeting.start):
            continue
        for person in sorted(meeting.people):
            projector.add_node(graph, person, "person", bodies_of.get(person, ()))
        for first, second in itertools.combinations(sorted(meeting.people), 2):
            if not graph.has_edge(first, second):
                graph.add_edge(first, second, kind="co-attended", meetings=[], dates=[], facts=[], weight=0)
            data = graph.edges[first, second]
            data["meetings"].append(labels.get(meeting.iri, ("meeting", local_name(meeting.iri)))[1])
            data["facts"].append(meeting.iri)
            if meeting.start:
                data["dates"] = sorted({*data["dates"], meeting.start})
            data["weight"] += 1
            data["label"] = f"{data['weight']} shared meeting(s): " + "; ".join(data["meetings"][:3])
    return graph


def _documents(projector: Projector, period: Period) -> nx.DiGraph:
    graph = nx.DiGraph()
    entities = projector.entities()
    meetings = projector.meetings()
    doc_dates = projector.document_dates()
    links = [(row["from"], row["to"], row["link"]) for row in projector.rows(_DOCUMENT_LINKS)]

    # In a period, a document stays when its own date is in it or a meeting in it discussed it.
    def meeting_in_period(iri: str) -> bool:
        return period.admits(meetings[iri].start if iri in meetings else None)

    documents = {iri for iri, (kind, _) in entities.items() if kind == "document"}
    documents |= {to for _, to, link in links if link in ("issued", "discussed")}
    kept = {
        doc
        for doc in documents
        if not period.active
        or period.admits_any(doc_dates.get(doc, []))
        or any(link == "discussed" and to == doc and meeting_in_period(src) for src, to, link in links)
    }
    issuer_of = {to: src for src, to, link in links if link == "issued"}
    for doc in sorted(kept):
        projector.add_node(graph, doc, "document", [issuer_of[doc]] if doc in issuer_of else ())
        graph.nodes[doc]["dates"] = sorted(doc_dates.get(doc, []))
    for src, to, link in sorted(links):
        if to not in kept:
            continue
        if link == "issued":
            projector.add_node(graph, src, "body")
        elif link == "refers to":
            if src not in kept:
                continue
        elif link == "discussed":
            if not meeting_in_period(src):
                continue
            organisers = meetings[src].organisers if src in meetings else set()
            projector.add_node(graph, src, "meeting", organisers)
            if src in meetings and meetings[src].start:
                graph.nodes[src]["dates"] = [meetings[src].start]
        graph.add_edge(src, to, kind=link, label=link, weight=1, facts=[])
    return graph


def annotate(graph: nx.Graph) -> None:
    """Degree and betweenness centrality on every node (sampled above 600 nodes to stay fast)."""
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    count = graph.number_of_nodes()
    sample = None if count <= 600 else 200
    centrality = nx.betweenness_centrality(undirected, k=sample, seed=7) if count > 2 else {}
    for node, degree in undirected.degree():
        graph.nodes[node]["degree"] = int(degree)
        graph.nodes[node]["centrality"] = round(float(centrality.get(node, 0.0)), 5)
