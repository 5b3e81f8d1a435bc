"""Running a user's SPARQL query in a worker and writing its answer, at most ``max_rows`` long.

The solutions are read lazily and only ``max_rows + 1`` are taken, so a query matching
millions of rows costs no more than the cap (the time limit bounds the rest); their text
is counted as they are read, and an answer over ``max_bytes`` is refused (413) before it
is written, so a few long values cannot fill the worker's or the web process's memory.  Results
are written in SPARQL 1.1 JSON by :func:`kg.queries.to_json`'s rules; the other result
formats are pyoxigraph's own serialisers reading that JSON back, and graphs are written
by pyoxigraph too.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.queries import CannedQuery, Result, json_term
from kg.serve.guard import refuse_service
from kg.serve.negotiate import (
    CSV,
    JSON_LD,
    N_TRIPLES,
    RDF_XML,
    SPARQL_JSON,
    SPARQL_XML,
    TSV,
    TURTLE,
)
from kg.store import ID_NS, PREFIXES, EmbeddedStore, GraphStore

MAX_ANSWER_BYTES = 32 * 1024 * 1024


def _too_large(limit: int) -> Exception:
    from kg.serve.runner import TaskError

    return TaskError(
        413,
        f"the answer is larger than the limit of {limit:,} bytes (kg serve --max-answer-mb); "
        "ask for fewer rows (LIMIT) or shorter values",
    )


def _take(found: Any, max_rows: int, max_bytes: int, width: int) -> list[Any]:
    """At most ``max_rows + 1`` solutions or triples, counting their text as they come."""
    taken: list[Any] = []
    size = 0
    for item in itertools.islice(found, max_rows + 1):
        terms = [item[i] for i in range(width)] if width else [item.subject, item.predicate, item.object]
        size += sum(len(term.value) + 16 for term in terms if term is not None and hasattr(term, "value"))
        if size > max_bytes:
            raise _too_large(max_bytes)
        taken.append(terms if width else item)
    return taken

RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    SPARQL_XML: ox.QueryResultsFormat.XML,
    CSV: ox.QueryResultsFormat.CSV,
    TSV: ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    TURTLE: ox.RdfFormat.TURTLE,
    JSON_LD: ox.RdfFormat.JSON_LD,
    N_TRIPLES: ox.RdfFormat.N_TRIPLES,
    RDF_XML: ox.RdfFormat.RDF_XML,
}


@dataclass(frozen=True, slots=True)
class Dataset:
    """The SPARQL Protocol's ``default-graph-uri`` / ``named-graph-uri`` (empty: the union of
    all named graphs is the default graph, every named graph is available)."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Answer:
    body: bytes
    media_type: str
    kind: str  # "bindings", "boolean", "graph"
    count: int  # rows or triples written
    truncated: bool


@dataclass(slots=True)
class Table:
    """An answer kept as terms, for the HTML pages and the canned queries' own formats."""

    result: Result
    truncated: bool
    turtle: str | None = None  # CONSTRUCT/DESCRIBE answers, written out for reading


def execute(store: GraphStore, query: str, dataset: Dataset = Dataset()) -> Any:
    """Run ``query``; SyntaxError for a bad query, StoreError when the store fails,
    :class:`kg.serve.guard.Refused` for a SERVICE pattern (also with --endpoint: the
    remote server is never asked to fetch from elsewhere either)."""
    refuse_service(query)
    if dataset.default_graphs or dataset.named_graphs:
        if not isinstance(store, EmbeddedStore):
            from kg.serve.runner import TaskError

            raise TaskError(400, "default-graph-uri and named-graph-uri are not supported with kg serve --endpoint")
        try:
            return store.oxigraph.query(
                query,
                default_graph=[ox.NamedNode(g) for g in dataset.default_graphs] or None,
                named_graphs=[ox.NamedNode(g) for g in dataset.named_graphs] or None,
                use_default_graph_as_union=not dataset.default_graphs,
            )
        except ValueError as error:
            raise SyntaxError(f"bad graph IRI in default-graph-uri or named-graph-uri: {error}") from None
    return store.query(query, union_default_graph=True)


def _bindings_json(variables: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    bindings = [
        {name: json_term(term) for name, term in zip(variables, row, strict=True) if term is not None}
        for row in rows
    ]
    payload = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def answer(
    store: GraphStore,
    query: str,
    results_type: str,
    graph_type: str,
    max_rows: int,
    dataset: Dataset = Dataset(),
    max_bytes: int = MAX_ANSWER_BYTES,
) -> Answer:
    """Run ``query`` and write its answer: SELECT/ASK as ``results_type``, CONSTRUCT/DESCRIBE
    as ``graph_type`` (both already negotiated with the client)."""
    found = execute(store, query, dataset)
    if isinstance(found, ox.QueryBoolean | bool):
        payload = json.dumps({"head": {}, "boolean": bool(found)}).encode("utf-8")
        return Answer(_convert(payload, results_type), results_type, "boolean", 1, False)
    if isinstance(found, ox.QuerySolutions):
        variables = [v.value for v in found.variables]
        rows = _take(found, max_rows, max_bytes, len(variables)) if variables else _rows(found, max_rows)
        truncated = len(rows) > max_rows
        rows = rows[:max_rows]
        payload = _bindings_json(variables, rows)
        body = _convert(payload, results_type)
        if len(body) > max_bytes:
            raise _too_large(max_bytes)
        return Answer(body, results_type, "bindings", len(rows), truncated)
    triples = _take(found, max_rows, max_bytes, 0)
    truncated = len(triples) > max_rows
    triples = triples[:max_rows]
    body = ox.serialize(triples, format=GRAPH_FORMATS[graph_type], prefixes=_prefixes(graph_type, triples))
    if len(body) > max_bytes:
        raise _too_large(max_bytes)
    return Answer(body, graph_type, "graph", len(triples), truncated)


def _rows(found: Any, max_rows: int) -> list[list[Any]]:
    """Solutions of a query without variables (``SELECT * {}``): empty rows."""
    return [[] for _ in itertools.islice(found, max_rows + 1)]


def _convert(sparql_json: bytes, media_type: str) -> bytes:
    if media_type == SPARQL_JSON:
        return sparql_json
    parsed = ox.parse_query_results(sparql_json, format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=RESULT_FORMATS[media_type])


# Namespaces whose IRIs hold "/" after the namespace read badly as prefixed names ("kgid:person\\/x").
_UNPREFIXED = ("kgid", "kgg")


def _prefixes(media_type: str, triples: list[ox.Triple]) -> dict[str, str] | None:
    """The prefixes the triples use (Turtle and RDF/XML only)."""
    if media_type not in (TURTLE, RDF_XML):
        return None
    used = {t.predicate.value for t in triples}
    used |= {term.value for t in triples for term in (t.subject, t.object) if isinstance(term, ox.NamedNode)}
    used |= {t.object.datatype.value for t in triples if isinstance(t.object, ox.Literal)}
    return {
        name: namespace
        for name, namespace in PREFIXES.items()
        if name not in _UNPREFIXED and any(value.startswith(namespace) for value in used)
    }


def table(
    store: GraphStore,
    query: str,
    max_rows: int,
    dataset: Dataset = Dataset(),
    max_bytes: int = MAX_ANSWER_BYTES,
    canned: tuple[CannedQuery, dict[str, str]] | None = None,
) -> Table:
    """Run ``query`` and keep its answer as terms (at most ``max_rows``, ``max_bytes`` of text).
    ``canned``: the canned question and values ``query`` was bound from, answered from the
    summary tables beside the store when they can (:func:`kg.queries.summary_answer`)."""
    if canned is not None:
        from kg.queries import summary_answer

        summary = summary_answer(store, *canned, limit=max_rows + 1)  # one more: to know it was cut
        if summary is not None:
            rows = summary.rows
            summary.rows = rows[:max_rows]
            return Table(summary, len(rows) > max_rows)
    found = execute(store, query, dataset)
    if isinstance(found, ox.QueryBoolean | bool):
        return Table(Result(variables=[], rows=[], boolean=bool(found)), False)
    if isinstance(found, ox.QuerySolutions):
        variables = [v.value for v in found.variables]
        rows = _take(found, max_rows, max_bytes, len(variables)) if variables else _rows(found, max_rows)
        return Table(Result(variables=variables, rows=rows[:max_rows]), len(rows) > max_rows)
    triples = _take(found, max_rows, max_bytes, 0)
    shown = triples[:max_rows]
    turtle = ox.serialize(shown, format=ox.RdfFormat.TURTLE, prefixes=_prefixes(TURTLE, shown)).decode("utf-8")
    rows = [[t.subject, t.predicate, t.object] for t in shown]
    result = Result(variables=["subject", "predicate", "object"], rows=rows, is_graph=True)
    return Table(result, len(triples) > max_rows, turtle)


def graph_document(triples: list[ox.Triple], media_type: str) -> bytes:
    """Triples written as ``media_type`` (one of :data:`GRAPH_FORMATS`)."""
    return ox.serialize(triples, format=GRAPH_FORMATS[media_type], prefixes=_prefixes(media_type, triples))


LABELLED_LIMIT = 2000  # IRIs named in an HTML table; beyond, they show as IRIs


def labelled_table(
    store: GraphStore,
    query: str,
    max_rows: int,
    dataset: Dataset = Dataset(),
    max_bytes: int = MAX_ANSWER_BYTES,
    canned: tuple[CannedQuery, dict[str, str]] | None = None,
) -> tuple[Table, dict[str, str]]:
    """:func:`table` and the names of the kg entities in it (for the HTML pages)."""
    from kg.serve.views import labels_for

    answer = table(store, query, max_rows, dataset, max_bytes, canned)
    entities: dict[str, None] = {}
    for row in answer.result.rows:
        for term in row:
            if isinstance(term, ox.NamedNode) and term.value.startswith(ID_NS):
                entities.setdefault(term.value)
        if len(entities) >= LABELLED_LIMIT:
            break
    return answer, labels_for(store, entities) if entities else {}


def table_document(
    store: GraphStore,
    query: str,
    output: str,
    max_rows: int,
    max_bytes: int = MAX_ANSWER_BYTES,
    canned: tuple[CannedQuery, dict[str, str]] | None = None,
) -> tuple[bytes, bool]:
    """A canned query's answer written in the worker as ``output`` ("json": SPARQL JSON, "csv":
    CSV with a byte-order mark, as ``kg query`` writes them); and whether it was cut."""
    from kg.queries import to_csv, to_json

    answer = table(store, query, max_rows, Dataset(), max_bytes, canned)
    text = to_json(answer.result) if output == "json" else to_csv(answer.result)
    body = text.encode("utf-8")
    if len(body) > max_bytes:
        raise _too_large(max_bytes)
    return body, answer.truncated
