"""Where the networks' rows come from: anything that answers SPARQL SELECT.

The projections only need ``query(sparql)``.  Stores answer in different shapes
(pyoxigraph solutions, SPARQL 1.1 JSON results from an endpoint, rdflib results,
plain dicts), so :func:`select_rows` turns each into a list of ``{variable: text}``
dicts and the projections never see the store's own types.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

SKOS = "http://www.w3.org/2004/02/skos/core#"
FOAF = "http://xmlns.com/foaf/0.1/"
SCHEMA = "https://schema.org/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"

PREFIXES = """\
PREFIX kg: <https://w3id.org/vnkg/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

Row = dict[str, str]


class SparqlSource(Protocol):
    """The one thing the projections ask of a store."""

    def query(self, sparql: str) -> Any: ...


class VizError(Exception):
    """A problem the user can fix (bad filter, unknown file type); shown as one line."""


class OxigraphSource:
    """A pyoxigraph Store read with the union of its named graphs as default graph."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def query(self, sparql: str) -> Any:
        return self.store.query(sparql, use_default_graph_as_union=True)


def select_rows(source: SparqlSource, sparql: str) -> list[Row]:
    """Run a SELECT with the common prefixes and return its rows as text dicts.

    Unbound variables are left out of a row, so ``row.get("x")`` is None for them.
    """
    answer = source.query(PREFIXES + sparql)
    return list(_rows_of(answer))


def _rows_of(answer: Any) -> Iterable[Row]:
    if isinstance(answer, Mapping):  # SPARQL 1.1 JSON results
        for binding in answer.get("results", {}).get("bindings", []):
            yield {name: str(cell.get("value", "")) for name, cell in binding.items()}
        return
    variables = getattr(answer, "variables", None)
    if variables is not None and not isinstance(answer, list | tuple):
        names = [_variable_name(v) for v in variables]
        for solution in answer:
            row: Row = {}
            for variable, name in zip(variables, names, strict=True):
                term = _cell(solution, variable, name)
                if term is not None:
                    row[name] = _term_text(term)
            yield row
        return
    for item in answer:  # already a list of dicts (a wrapper that did the work)
        yield {str(k).lstrip("?"): _term_text(v) for k, v in dict(item).items() if v is not None}


def _variable_name(variable: Any) -> str:
    # pyoxigraph Variable has .value; rdflib Variable is a str subclass.
    return str(getattr(variable, "value", variable)).lstrip("?")


def _cell(solution: Any, variable: Any, name: str) -> Any:
    try:
        return solution[variable]
    except (KeyError, TypeError, IndexError):
        try:
            return solution[name]
        except (KeyError, TypeError, IndexError):
            return None


def _term_text(term: Any) -> str:
    value = getattr(term, "value", None)  # pyoxigraph NamedNode / Literal / BlankNode
    return str(value) if isinstance(value, str) else str(term)
