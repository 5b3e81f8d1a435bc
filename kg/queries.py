"""Canned SPARQL queries: read their headers, bind their parameters, run them, format the rows.

A canned query is a ``queries/<name>.rq`` file whose first comment block says what
the question is and which parameters it takes (the grammar is in
``queries/README.md``)::

    # title: Meetings chaired by a person
    # description: Every meeting whose chair's name contains PERSON, newest first.
    # scope: entity
    # param: person | text | required | example: Nguyễn Trọng Nghĩa | Part of the chair's name

Parameters are never pasted into the query text.  Each value is checked and turned
into an RDF term of its type (pyoxigraph writes the term in N-Triples syntax, with
every quote, backslash and newline escaped, and refuses an IRI holding ``>``, a space
or a quote), and the terms go into a ``VALUES`` block that replaces the query's
``# @bind`` line.  A ``VALUES`` block is plain SPARQL 1.1, so the same bound query runs
on the embedded store and on any SPARQL endpoint.  A parameter left out is ``UNDEF``:
the query sees it unbound and its filter lets everything through.

Each article's facts live in a named graph of their own.  The canned queries read a
fact and its attributes inside ``GRAPH ?g`` (the article that states it), labels from
``rdfs:label`` (written once per entity, in the merged entities graph), and the few
links that must chain across articles from the default graph, which must be the union
of all graphs: the embedded store is asked for that, Oxigraph servers get their
``union-default-graph`` parameter, other servers must be set up so.  ``--sparql``
queries get the same union.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox

from kg.nameindex import bare, lookup_key
from kg.text import canonical

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "queries"
PARAMETER_TYPES = ("text", "iri", "date", "year", "integer")
SCOPES = ("entity", "corpus")
FORMATS = ("table", "csv", "tsv", "json", "md")
BIND_MARKER = "# @bind"
# Parameter NAME is the variable ?param_NAME in the query, which keeps it apart from the
# variables the query binds itself (a shared name would silently join with them).
PARAM_PREFIX = "param_"
#: Forms of a text parameter a query may use besides ?param_NAME (see :func:`derived_terms`).
DERIVED = {"_key": lookup_key, "_bare": bare}

XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = XSD + "string"
_XSD_DATE = ox.NamedNode(XSD + "date")
_XSD_INTEGER = ox.NamedNode(XSD + "integer")

_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
_PARAM_NAME = re.compile(r"[a-z][a-z0-9_]*")
_HEADER_FIELD = re.compile(r"#\s?([a-z]+):\s*(.*)")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR = re.compile(r"\d{4}")
_INTEGER = re.compile(r"[+-]?\d+")
_IRI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


class QueryFileError(ValueError):
    """A canned query file that cannot be used; the message names the file (and line)."""


class ParameterError(ValueError):
    """A parameter value that is missing, unknown or not of its type."""


class QueryRunError(RuntimeError):
    """The store or the endpoint refused or failed the query."""


# -- canned queries ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    type: str  # one of PARAMETER_TYPES
    required: bool
    default: str | None = None  # as written; converted like a user value
    example: str | None = None  # used by `kg queries`, the tests and the benchmark
    help: str = ""

    @property
    def variable(self) -> str:
        """The SPARQL variable (without "?") the value is bound to: ``param_<name>``."""
        return PARAM_PREFIX + self.name

    def describe(self) -> str:
        """ "person (text, required)", "since (date)", "min_posts (integer, default 2)"."""
        extra = ", required" if self.required else (f", default {self.default}" if self.default else "")
        return f"{self.name} ({self.type}{extra})"


@dataclass(slots=True)
class CannedQuery:
    name: str  # the file's stem: "meetings-chaired-by"
    path: Path
    title: str
    description: str
    sparql: str  # the whole file, header included (it is made of SPARQL comments)
    scope: str = "corpus"  # "entity": about one person, body or document (benchmark target 100 ms)
    parameters: list[Parameter] = field(default_factory=list)

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)

    def example_values(self) -> dict[str, str]:
        return {p.name: p.example for p in self.parameters if p.example}

    def bind(self, values: Mapping[str, str]) -> str:
        """The query text with ``values`` (strings as typed by a user) bound; see :func:`bind`."""
        return bind(self, values)


def query_dir() -> Path:
    """``$KG_QUERIES`` when set, else the repository's ``queries/``."""
    return Path(os.environ.get("KG_QUERIES") or DEFAULT_DIR)


def load_queries(directory: Path | str | None = None) -> dict[str, CannedQuery]:
    """Every ``*.rq`` file of ``directory`` by name, sorted; the first broken file raises."""
    folder = Path(directory) if directory is not None else query_dir()
    if not folder.is_dir():
        raise QueryFileError(f"{folder}: no such folder of canned queries")
    return {q.name: q for q in (load_query(path) for path in sorted(folder.glob("*.rq")))}


def load_query(path: Path | str) -> CannedQuery:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise QueryFileError(f"{path}: not UTF-8 ({error.reason} at byte {error.start})") from None
    except OSError as error:
        raise QueryFileError(f"{path}: cannot read ({error.strerror})") from None
    return parse_query(text, path)


def parse_query(text: str, path: Path | str) -> CannedQuery:
    """Read a canned query's header; raise :class:`QueryFileError` naming ``path`` and the line."""
    path = Path(path)
    name = path.stem
    if not _NAME.fullmatch(name):
        raise QueryFileError(f"{path}: the file name must be lower-case letters, digits and '-'")
    fields: dict[str, str] = {}
    params: list[tuple[int, str]] = []
    last: tuple[str, int] | None = None  # field a continuation line extends
    lines = text.splitlines()
    body_start = len(lines)
    for number, line in enumerate(lines, start=1):
        if not line.startswith("#"):
            body_start = number - 1
            break
        if line.strip() == "#":
            last = None
            continue
        where = f"{path}:{number}"
        if line.startswith(("#  ", "#\t")) and last is not None:
            key, index = last
            continued = line[1:].strip()
            if key == "param":
                params[index] = (params[index][0], params[index][1] + " " + continued)
            else:
                fields[key] += " " + continued
            continue
        match = _HEADER_FIELD.fullmatch(line.rstrip())
        if match is None:
            raise QueryFileError(f"{where}: expected '# key: value' in the header, got {line.strip()!r}")
        key, value = match.group(1), match.group(2).strip()
        if key == "param":
            params.append((number, value))
            last = ("param", len(params) - 1)
        elif key in ("title", "description", "scope"):
            if key in fields:
                raise QueryFileError(f"{where}: '{key}' given twice")
            fields[key] = value
            last = (key, number)
        else:
            raise QueryFileError(f"{where}: unknown header key {key!r} (known: title, description, scope, param)")
    for key in ("title", "description"):
        if not fields.get(key):
            raise QueryFileError(f"{path}: the header has no '# {key}:' line")
    scope = fields.get("scope", "corpus")
    if scope not in SCOPES:
        raise QueryFileError(f"{path}: scope must be one of {', '.join(SCOPES)}, not {scope!r}")
    parameters = [_parse_param(value, f"{path}:{number}") for number, value in params]
    seen: set[str] = set()
    for param in parameters:
        if param.name in seen:
            raise QueryFileError(f"{path}: parameter {param.name!r} declared twice")
        seen.add(param.name)

    body = "\n".join(lines[body_start:])
    if not re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body, re.IGNORECASE):
        raise QueryFileError(f"{path}: no SELECT, ASK, CONSTRUCT or DESCRIBE after the header")
    markers = sum(1 for line in lines[body_start:] if line.strip() == BIND_MARKER)
    if parameters and markers != 1:
        raise QueryFileError(
            f"{path}: a query with parameters needs exactly one '{BIND_MARKER}' line "
            f"where their VALUES block goes (found {markers})"
        )
    if not parameters and markers:
        raise QueryFileError(f"{path}: '{BIND_MARKER}' line but no '# param:' in the header")
    for param in parameters:
        if not re.search(rf"\?{param.variable}(?:{'|'.join(DERIVED)})?\b", body):
            raise QueryFileError(f"{path}: parameter {param.name!r} is never used as ?{param.variable} in the query")
    return CannedQuery(
        name=name,
        path=path,
        title=fields["title"],
        description=fields["description"],
        sparql=text,
        scope=scope,
        parameters=parameters,
    )


def _parse_param(value: str, where: str) -> Parameter:
    """``name | type | required|optional|default: V | example: V | help``."""
    parts = [part.strip() for part in value.split("|")]
    if len(parts) != 5:
        raise QueryFileError(
            f"{where}: a param line has 5 fields 'name | type | required|optional|default: V | "
            f"example: V | help', this one has {len(parts)}"
        )
    name, kind, need, example_field, help_text = parts
    if not _PARAM_NAME.fullmatch(name):
        raise QueryFileError(f"{where}: parameter name {name!r} must be lower-case letters, digits and '_'")
    if kind not in PARAMETER_TYPES:
        raise QueryFileError(
            f"{where}: parameter {name!r} has unknown type {kind!r} (known: {', '.join(PARAMETER_TYPES)})"
        )
    default: str | None = None
    if need == "required":
        required = True
    elif need == "optional":
        required = False
    elif need.startswith("default:"):
        required = False
        default = need.removeprefix("default:").strip()
        if not default:
            raise QueryFileError(f"{where}: parameter {name!r} has an empty default")
    else:
        raise QueryFileError(
            f"{where}: third field of parameter {name!r} must be 'required', 'optional' or "
            f"'default: VALUE', not {need!r}"
        )
    if not example_field.startswith("example:"):
        raise QueryFileError(f"{where}: fourth field of parameter {name!r} must be 'example: VALUE'")
    example = example_field.removeprefix("example:").strip() or None
    if required and example is None:
        raise QueryFileError(f"{where}: required parameter {name!r} needs an example")
    if not help_text:
        raise QueryFileError(f"{where}: parameter {name!r} has no help text")
    param = Parameter(name, kind, required, default, example, help_text)
    for label, sample in (("default", default), ("example", example)):
        if sample is not None:
            try:
                convert(param, sample)
            except ParameterError as error:
                raise QueryFileError(f"{where}: the {label} of {error}") from None
    return param


# -- parameters ------------------------------------------------------------------


def convert(param: Parameter, raw: str) -> ox.NamedNode | ox.Literal:
    """A user's string as the RDF term of the parameter's type, or :class:`ParameterError`.

    text: canonical tone marks, lower case (queries compare with ``LCASE`` of canonical
    labels, so "Thuỷ", "THỦY" and "thủy" find the same name); iri: an absolute IRI;
    date: ``YYYY-MM-DD``; year: four digits; integer: digits.
    """
    value = raw.strip()
    where = f"parameter {param.name!r} ({param.type})"
    if param.type == "text":
        folded = canonical(value).lower()
        if not folded:
            raise ParameterError(f"{where}: empty text")
        return _literal(folded, where)
    if param.type == "iri":
        if value.startswith("<") and value.endswith(">"):
            value = value[1:-1]
        if not _IRI_SCHEME.match(value):
            raise ParameterError(f"{where}: {raw!r} is not an absolute IRI (e.g. https://w3id.org/vnkg/id/...)")
        try:
            return ox.NamedNode(value)
        except ValueError as error:
            raise ParameterError(f"{where}: {raw!r} is not a valid IRI ({error})") from None
    if param.type == "date":
        if not _ISO_DATE.fullmatch(value):
            raise ParameterError(f"{where}: {raw!r} is not a date YYYY-MM-DD")
        try:
            date.fromisoformat(value)
        except ValueError as error:
            raise ParameterError(f"{where}: {raw!r} is not a date ({error})") from None
        return ox.Literal(value, datatype=_XSD_DATE)
    if param.type == "year":
        if not _YEAR.fullmatch(value):
            raise ParameterError(f"{where}: {raw!r} is not a four-digit year")
        return ox.Literal(str(int(value)), datatype=_XSD_INTEGER)
    if param.type == "integer":
        if not _INTEGER.fullmatch(value):
            raise ParameterError(f"{where}: {raw!r} is not an integer")
        return ox.Literal(str(int(value)), datatype=_XSD_INTEGER)
    raise ParameterError(f"{where}: unknown type")  # parse_query never lets this through


def _literal(value: str, where: str) -> ox.Literal:
    try:
        return ox.Literal(value)
    except (ValueError, TypeError, UnicodeError) as error:
        raise ParameterError(f"{where}: cannot be used as text ({error})") from None


def parse_assignments(items: Iterable[str]) -> dict[str, str]:
    """``["person=Nguyễn Văn A", "since=2020-01-01"]`` -> dict; ``ParameterError`` on a bad item."""
    values: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ParameterError(f"--param {item!r}: expected NAME=VALUE")
        if name in values:
            raise ParameterError(f"--param {name!r} given twice")
        values[name] = value
    return values


def bound_terms(query: CannedQuery, values: Mapping[str, str]) -> dict[str, ox.NamedNode | ox.Literal | None]:
    """Each declared parameter's term (None: left unbound), after checking ``values``."""
    unknown = [name for name in values if query.parameter(name) is None]
    if unknown:
        known = ", ".join(p.name for p in query.parameters) or "none"
        raise ParameterError(f"query {query.name!r} has no parameter {unknown[0]!r} (its parameters: {known})")
    terms: dict[str, ox.NamedNode | ox.Literal | None] = {}
    for param in query.parameters:
        raw = values.get(param.name)
        if raw is None or raw.strip() == "":
            if param.required:
                hint = f", e.g. --param {param.name}={shell_quote(param.example)}" if param.example else ""
                raise ParameterError(f"query {query.name!r} needs parameter {param.name!r}{hint}")
            raw = param.default
        terms[param.name] = convert(param, raw) if raw is not None else None
    return terms


def values_block(terms: Mapping[str, ox.NamedNode | ox.Literal | None]) -> str:
    """``VALUES (?param_a ?param_b) { ("x" UNDEF) }`` from terms written by pyoxigraph
    (N-Triples syntax: quotes, backslashes and line breaks escaped)."""
    names = " ".join(f"?{PARAM_PREFIX}{name}" for name in terms)
    row = " ".join("UNDEF" if term is None else str(term) for term in terms.values())
    return f"VALUES ({names}) {{ ({row}) }}"


def derived_terms(
    query: CannedQuery, terms: Mapping[str, ox.NamedNode | ox.Literal | None]
) -> dict[str, ox.Literal | None]:
    """The name-index forms of the text parameters the query uses (:mod:`kg.nameindex`):
    ``?param_NAME_key``, the search key to look the name up by, and ``?param_NAME_bare``,
    the whole name without diacritics (each unbound when the parameter is)."""
    out: dict[str, ox.Literal | None] = {}
    for param in query.parameters:
        if param.type != "text":
            continue
        term = terms.get(param.name)
        for suffix, form in DERIVED.items():
            if re.search(rf"\?{param.variable}{suffix}\b", query.sparql):
                out[param.name + suffix] = None if term is None else ox.Literal(form(term.value))
    return out


def bind(query: CannedQuery, values: Mapping[str, str]) -> str:
    """The query text with its ``# @bind`` line replaced by the VALUES block of ``values``."""
    terms = bound_terms(query, values)
    if not terms:
        return query.sparql
    block = values_block({**terms, **derived_terms(query, terms)})
    lines = query.sparql.splitlines()
    out = [line[: len(line) - len(line.lstrip())] + block if line.strip() == BIND_MARKER else line for line in lines]
    return "\n".join(out) + "\n"


def shell_quote(value: str | None) -> str:
    if value is None:
        return ""
    return f'"{value}"' if re.search(r"[^\w./:-]", value) else value


# -- running -----------------------------------------------------------------------


class SparqlBackend(Protocol):
    """Anything that answers SPARQL the way pyoxigraph does (the embedded store, an endpoint)."""

    def query(self, sparql: str) -> Any: ...


@dataclass(slots=True)
class Result:
    """A query's answer: rows of terms (SELECT), a boolean (ASK), or triples (CONSTRUCT)."""

    variables: list[str]
    rows: list[list[Term | None]]
    boolean: bool | None = None
    is_graph: bool = False
    # how the rows were found when not by running the query text (kg/summaries.py)
    note: str = ""


def to_result(answer: Any) -> Result:
    """pyoxigraph's QuerySolutions / QueryBoolean / QueryTriples as a :class:`Result`."""
    if isinstance(answer, ox.QueryBoolean | bool):
        return Result(variables=[], rows=[], boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        rows = [[solution[name] for name in variables] for solution in answer]
        return Result(variables=variables, rows=rows)
    # QueryTriples, or any iterable of triples
    rows = [[t.subject, t.predicate, t.object] for t in answer]
    return Result(variables=["subject", "predicate", "object"], rows=rows, is_graph=True)


def run(backend: SparqlBackend, sparql: str) -> Result:
    """Run ``sparql`` on ``backend``; a syntax error becomes :class:`QueryRunError` (one line)."""
    try:
        return to_result(backend.query(sparql))
    except SyntaxError as error:
        raise QueryRunError(f"SPARQL syntax error: {' '.join(str(error).split())}") from None
    except OSError as error:
        raise QueryRunError(f"the store failed the query: {' '.join(str(error).split())}") from None


def answer(backend: SparqlBackend, query: CannedQuery, values: Mapping[str, str]) -> Result:
    """A canned question's answer: read from the summary tables beside an embedded store
    when they can give it (:mod:`kg.summaries`: the question is one they keep, its ``.rq`` is
    the one they implement, and they were counted from the store as it is now; the
    result's ``note`` then says so), else the bound query run on ``backend``."""
    sparql = bind(query, values)
    graph_store = getattr(backend, "graph_store", None)
    found = summary_answer(graph_store, query, values) if graph_store is not None else None
    return found if found is not None else run(backend, sparql)


def summary_answer(
    graph_store: Any, query: CannedQuery, values: Mapping[str, str], limit: int | None = None
) -> Result | None:
    """The answer :mod:`kg.summaries` gives from the tables beside ``graph_store`` (a
    :class:`kg.store.GraphStore`), or None when the query text must run (see :func:`answer`)."""
    if getattr(graph_store, "path", None) is None:  # an endpoint: nothing beside it
        return None
    from kg import summaries

    if not summaries.answers(query.name, query.sparql):
        return None
    found = summaries.answer(graph_store, query, bound_terms(query, values), limit)
    return None if found is None else Result(variables=found[0], rows=found[1], note=summaries.NOTE)


def check_syntax(sparql: str) -> None:
    """Raise SyntaxError when ``sparql`` does not parse (runs it on an empty in-memory store)."""
    ox.Store().query(sparql)


class EmbeddedBackend:
    """A pyoxigraph store read with the union of its named graphs as the default graph."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def query(self, sparql: str) -> Any:
        return self.store.query(sparql, use_default_graph_as_union=True)


class GraphStoreBackend:
    """The project's :class:`kg.store.GraphStore` (embedded or remote), asked for the union graph."""

    def __init__(self, graph_store: Any) -> None:
        self.graph_store = graph_store

    def query(self, sparql: str) -> Any:
        return self.graph_store.query(sparql, union_default_graph=True)


# -- formatting ---------------------------------------------------------------------

# Prefixes used to shorten IRIs in the human formats (table, md); csv/tsv/json keep them whole.
SHORT_PREFIXES: dict[str, str] = {
    "kg": "https://w3id.org/vnkg/ontology#",
    "id": "https://w3id.org/vnkg/id/",
    "graph": "https://w3id.org/vnkg/graph/",
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "xsd": XSD,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}


def plain(term: Term | None) -> str:
    """A term as a spreadsheet cell: the IRI, the literal's text, ``_:id`` (SPARQL CSV style)."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def short(term: Term | None) -> str:
    """Like :func:`plain` but IRIs shortened with :data:`SHORT_PREFIXES` (for reading)."""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in SHORT_PREFIXES.items():
            if term.value.startswith(namespace):
                return f"{prefix}:{term.value[len(namespace) :]}"
    return plain(term)


def json_term(term: Term) -> dict[str, Any]:
    """One term in SPARQL 1.1 JSON results (quoted triples as in SPARQL 1.2)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    parts = {"subject": term.subject, "predicate": term.predicate, "object": term.object}
    return {"type": "triple", "value": {k: json_term(v) for k, v in parts.items()}}


def to_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON (https://www.w3.org/TR/sparql11-results-json/)."""
    if result.is_graph:
        raise ParameterError("json is for SELECT and ASK results; show CONSTRUCT results as table, csv or tsv")
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean}, ensure_ascii=False, indent=2)
    bindings = [
        {name: json_term(term) for name, term in zip(result.variables, row, strict=True) if term is not None}
        for row in result.rows
    ]
    payload = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(payload, ensure_ascii=False, indent=2)


def _cells(result: Result, show: Any = plain) -> tuple[list[str], list[list[str]]]:
    if result.boolean is not None:
        return ["boolean"], [["true" if result.boolean else "false"]]
    return list(result.variables), [[show(term) for term in row] for row in result.rows]


def to_csv(result: Result, bom: bool = True) -> str:
    """RFC 4180 CSV, header row of variable names; a UTF-8 byte-order mark first by default.

    Spreadsheets (Excel above all) read a CSV file without a BOM in the system's legacy
    code page and mangle Vietnamese; with the BOM they read UTF-8.
    """
    header, rows = _cells(result)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" if bom else "") + buffer.getvalue()


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def to_tsv(result: Result) -> str:
    """One row per line, tab-separated plain values; tab, newline and backslash escaped."""
    header, rows = _cells(result)
    lines = ["\t".join(header)] + ["\t".join(cell.translate(_TSV_ESCAPES) for cell in row) for row in rows]
    return "\n".join(lines) + "\n"


def to_markdown(result: Result) -> str:
    """A GitHub-flavoured Markdown table (IRIs shortened)."""
    header, rows = _cells(result, short)

    def cell(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", "").replace("\n", "<br>")

    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def to_rich_table(result: Result, title: str | None = None) -> Any:
    """A rich Table for the terminal; long cells fold instead of being cut."""
    from rich.table import Table

    header, rows = _cells(result, short)
    count = len(rows) if result.boolean is None else None
    caption = None if count is None else f"{count} row{'s' if count != 1 else ''}"
    if caption and result.note:
        caption += f" ({result.note})"
    table = Table(title=title, caption=caption, show_lines=False, header_style="bold")
    for name in header:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*row)
    return table


def render(result: Result, fmt: str, bom: bool = True) -> str:
    """``result`` as text in ``fmt`` (all but "table", which :func:`to_rich_table` draws)."""
    if fmt == "json":
        return to_json(result) + "\n"
    if fmt == "csv":
        return to_csv(result, bom=bom)
    if fmt == "tsv":
        return to_tsv(result)
    if fmt == "md":
        return to_markdown(result)
    raise ParameterError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")


def describe_parameters(parameters: Sequence[Parameter]) -> str:
    return ", ".join(p.describe() for p in parameters) or "-"
