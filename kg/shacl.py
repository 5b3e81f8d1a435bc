"""SHACL checks (pyshacl) with results a person can read: focus node, path, message.

Used by ``kg build --validate`` (one article graph at a time, in the worker processes)
and by ``kg validate`` (every article graph of a store, then the merged entity
descriptions together with the reference graph, against the shapes marked
``kgsh:checks kgsh:MergedGraph``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.namespace import SH

from kg.store import ENTITIES_GRAPH, PREFIXES, REFERENCE_GRAPH, ArticleRecord, GraphStore, StoreError

KGSH = rdflib.Namespace("https://w3id.org/vnkg/shapes#")
MERGED_ID = "(merged)"  # the article id under which the merged graph's report is shown


@dataclass(frozen=True, slots=True)
class Violation:
    """One SHACL result."""

    focus: str  # the node that broke the rule (prefixed when possible)
    path: str | None  # the property concerned
    message: str
    severity: str  # "Violation", "Warning" or "Info"
    value: str | None = None  # the offending value, when the shape names one
    shape: str | None = None

    def one_line(self) -> str:
        where = f"{self.focus} {self.path}" if self.path else self.focus
        value = f" (value {self.value})" if self.value and self.value != self.focus else ""
        return f"{where}: {self.message}{value}"


class ShapesError(Exception):
    """The shapes or ontology file cannot be read; ``str()`` is one line."""


@lru_cache(maxsize=4)
def load_rules(shapes: Path, ontology: Path | None) -> tuple[rdflib.Graph, rdflib.Graph | None]:
    """Parse the shapes and ontology once per process (workers validate many articles)."""
    return _parse(shapes), (_parse(ontology) if ontology and ontology.is_file() else None)


def _parse(path: Path) -> rdflib.Graph:
    if not path.is_file():
        raise ShapesError(f"{path}: no such shapes file")
    graph = rdflib.Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as error:  # rdflib raises many parser exception types
        raise ShapesError(f"{path}: cannot parse ({' '.join(str(error).split())[:200]})") from None
    return graph


def check_graph(
    data: rdflib.Graph,
    shapes: rdflib.Graph,
    ontology: rdflib.Graph | None = None,
) -> list[Violation]:
    """Every SHACL result for the data graph, most severe first, in a stable order.

    The ontology is mixed in (as pyshacl's ``ont_graph``) so that ``sh:class`` sees the
    class hierarchy; no inference is run, the graph is checked as stored."""
    import pyshacl

    _, results, _ = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        advanced=True,
        allow_warnings=True,
        allow_infos=True,
    )
    names = _namer(data)
    found: list[Violation] = []
    # the report's own results: nested ones (sh:detail, e.g. why an sh:node failed) are
    # part of the result they explain, not results of their own
    for result in set(results.objects(None, SH.result)):
        severity = results.value(result, SH.resultSeverity)
        messages = [str(m) for m in results.objects(result, SH.resultMessage)]
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        shape = results.value(result, SH.sourceShape)
        found.append(
            Violation(
                focus=names(results.value(result, SH.focusNode)),
                path=names(path) if path is not None else None,
                message=" ".join(" ".join(messages).split()) or "violates a shape",
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                value=names(value) if value is not None else None,
                shape=names(shape) if isinstance(shape, rdflib.URIRef) else None,
            )
        )
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    found.sort(key=lambda v: (order.get(v.severity, 3), v.focus, v.path or "", v.message))
    return found


def violations_only(results: list[Violation]) -> list[Violation]:
    return [v for v in results if v.severity == "Violation"]


def _namer(graph: rdflib.Graph):  # type: ignore[no-untyped-def]
    """Compact a term with our prefixes: kgid:body/ban-tuyen-giao, "text"@vi."""
    items = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))

    def name(term: object) -> str:
        if isinstance(term, rdflib.URIRef):
            text = str(term)
            for prefix, namespace in items:
                if text.startswith(namespace) and len(text) > len(namespace):
                    return f"{prefix}:{text[len(namespace) :]}"
            return f"<{text}>"
        if isinstance(term, rdflib.Literal):
            return f'"{term}"'
        if isinstance(term, rdflib.BNode):
            return "[]"  # blank-node ids mean nothing to a reader
        return str(term)

    return name


@dataclass(slots=True)
class GraphReport:
    """The SHACL results of one article graph."""

    article_id: str
    source: str
    graph_iri: str
    results: list[Violation]

    @property
    def conforms(self) -> bool:
        return not violations_only(self.results)


def merged_shapes(shapes: rdflib.Graph) -> rdflib.Graph:
    """The shapes marked ``kgsh:checks kgsh:MergedGraph``."""
    return shape_closure(shapes, shapes.subjects(KGSH.checks, KGSH.MergedGraph))


def shape_closure(shapes: rdflib.Graph, roots: Iterable[rdflib.term.Node]) -> rdflib.Graph:
    """The given shapes with everything they lead to (their blank nodes, the named property
    and node shapes and prefix declarations they use), as a shapes graph of its own."""
    picked = rdflib.Graph()
    todo = list(roots)
    seen: set[rdflib.term.Node] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for triple in shapes.triples((node, None, None)):
            picked.add(triple)
            value = triple[2]
            if isinstance(value, rdflib.BNode) or (isinstance(value, rdflib.URIRef) and value in KGSH):
                todo.append(value)
    return picked


def _graph_of(store: GraphStore, *graph_iris: str) -> rdflib.Graph:
    data = rdflib.Graph()
    for graph_iri in graph_iris:
        quads = store.graph_quads(graph_iri)
        ntriples = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads), format=_NT)
        data.parse(data=ntriples.decode("utf-8"), format="nt")
    return data


def validate_merged(store: GraphStore, shapes: Path, ontology: Path | None = None) -> GraphReport:
    """The merged entity descriptions and the reference graph, checked as one graph: what no
    single article shows (one IRI typed a person in one article and a body in another)."""
    shapes_graph, ontology_graph = load_rules(shapes, ontology)
    data = _graph_of(store, ENTITIES_GRAPH)
    # as in the merged export: an entity's canonical label is the description's, so the
    # reference graph's label of an entity described there gives way
    described = set(data.subjects(rdflib.RDFS.label, None))
    for s, p, o in _graph_of(store, REFERENCE_GRAPH):
        if not (p in (rdflib.RDFS.label, rdflib.SKOS.prefLabel) and s in described):
            data.add((s, p, o))
    results = check_graph(data, merged_shapes(shapes_graph), ontology_graph)
    return GraphReport(MERGED_ID, "entity descriptions + reference graph", ENTITIES_GRAPH, results)


def validate_store(
    store: GraphStore,
    shapes: Path,
    ontology: Path | None = None,
    article_ids: list[str] | None = None,
) -> Iterator[GraphReport]:
    """Check each article graph (or the named ones) on its own, one at a time, so memory
    stays flat however big the store is; then, unless articles were named, the merged
    graph (:func:`validate_merged`)."""
    shapes_graph, ontology_graph = load_rules(shapes, ontology)
    if article_ids is None:
        records: Iterable[ArticleRecord] = store.article_records()
    else:
        records = []
        for article_id in article_ids:
            record = store.article_record(article_id)
            if record is None:
                raise StoreError(f"no article {article_id!r} in the store")
            records.append(record)
    for record in records:
        data = _graph_of(store, record.graph_iri)
        results = check_graph(data, shapes_graph, ontology_graph)
        yield GraphReport(record.article_id, record.source, record.graph_iri, results)
    if article_ids is None:
        yield validate_merged(store, shapes, ontology)


_NT = ox.RdfFormat.N_TRIPLES
