"""`kg queries` (list the canned questions) and `kg query` (run one, or your own SPARQL)."""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from kg import queries as canned
from kg.commands._common import opened_store, store_options
from kg.commands._isolated import run_isolated
from kg.commands._output import write_output
from kg.store import DEFAULT_STORE

QUERY_EPILOG = """\b
Examples:
  kg query meetings-chaired-by -p person="Nguyễn Trọng Nghĩa"
  kg query document-citations -p document=05-CT/TW --format md
  kg query meetings-in-range -p since=2023-01-01 -p until=2023-12-31 --format csv -o meetings.csv
  kg query --sparql my.rq --format json          # your own query (SELECT, ASK or CONSTRUCT)
  echo 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' | kg query --sparql -
  kg query person-profile -p person="Phan Xuân Thủy" --show-sparql   # the query with its VALUES block
\b
Names match whatever the case and tone-mark style ("Thủy" = "Thuỷ" = "THUỶ").
Dates are YYYY-MM-DD; a date known without its year (--09-18) is never inside a
date range, and an undated meeting is left out as soon as a range is given.
csv starts with a UTF-8 byte-order mark so that spreadsheets show Vietnamese
correctly (--no-bom for tools that do not want it); json is the SPARQL 1.1 JSON
results format. Your own queries see the union of every article's graph as the
default graph: kg asks an Oxigraph --endpoint for it; other servers must be set up
so (Fuseki: tdb2:unionDefaultGraph). The canned queries are in queries/*.rq."""


class BadRequest(click.ClickException):
    """A bad parameter, query name or query: one line on stderr, exit status 2."""

    exit_code = 2


@contextlib.contextmanager
def open_backend(store: str | None, endpoint: str | None) -> Iterator[canned.SparqlBackend]:
    """The store (read-only) or the endpoint, as something with ``.query(sparql)``; store
    errors, also those met while querying, end the command with one line (exit 2)."""
    with opened_store(store, endpoint, read_only=True) as graph_store:
        yield canned.GraphStoreBackend(graph_store)


def _load_all() -> dict[str, canned.CannedQuery]:
    try:
        return canned.load_queries()
    except canned.QueryFileError as error:
        raise click.ClickException(str(error)) from None


@click.command(
    "queries",
    epilog="""\b
Examples:
  kg queries                          # name, title and parameters of each question
  kg queries meetings-chaired-by      # one question: what it answers, its parameters, an example
  kg queries meetings-chaired-by --sparql   # its SPARQL text
  kg queries --format json            # the catalogue for programs""",
)
@click.argument("name", required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "md", "json"]), default="table", show_default=True)
@click.option("--sparql", "show_sparql", is_flag=True, help="Print the SPARQL text of NAME.")
def queries_command(name: str | None, fmt: str, show_sparql: bool) -> None:
    """List the canned questions (or describe one) that `kg query NAME` answers."""
    catalogue = _load_all()
    if name is not None:
        query = catalogue.get(name)
        if query is None:
            raise BadRequest(_unknown(name, catalogue))
        if show_sparql:
            click.echo(query.sparql.rstrip("\n"))
            return
        _describe(query, fmt)
        return
    if show_sparql:
        raise BadRequest("--sparql needs a query NAME")
    if fmt == "json":
        import json

        click.echo(json.dumps([_as_dict(q) for q in catalogue.values()], ensure_ascii=False, indent=2))
        return
    result = canned.Result(
        variables=["name", "title", "parameters"],
        rows=[
            [_lit(q.name), _lit(q.title), _lit(canned.describe_parameters(q.parameters))] for q in catalogue.values()
        ],
    )
    if fmt == "md":
        click.echo(canned.to_markdown(result), nl=False)
    else:
        _print_table(result, title=f"{len(catalogue)} canned queries (kg query NAME -p param=value)")


def _lit(text: str) -> Any:
    import pyoxigraph as ox

    return ox.Literal(text)


def _as_dict(query: canned.CannedQuery) -> dict[str, Any]:
    return {
        "name": query.name,
        "title": query.title,
        "description": query.description,
        "scope": query.scope,
        "parameters": [
            {
                "name": p.name,
                "type": p.type,
                "required": p.required,
                "default": p.default,
                "example": p.example,
                "help": p.help,
            }
            for p in query.parameters
        ],
    }


def _describe(query: canned.CannedQuery, fmt: str) -> None:
    if fmt == "json":
        import json

        click.echo(json.dumps(_as_dict(query), ensure_ascii=False, indent=2))
        return
    example = " ".join(f"-p {name}={canned.shell_quote(value)}" for name, value in query.example_values().items())
    click.echo(f"{query.name}: {query.title}\n\n{query.description}\n")
    if query.parameters:
        click.echo("Parameters:")
        for p in query.parameters:
            extra = f" Example: {p.example}." if p.example else ""
            click.echo(f"  {p.describe()}: {p.help}{extra}")
        click.echo("")
    click.echo(f"Example:\n  kg query {query.name} {example}".rstrip())


def _unknown(name: str, catalogue: dict[str, canned.CannedQuery]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(catalogue), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `kg queries` lists them"
    return f"no canned query named {name!r}{hint}"


@click.command("query", epilog=QUERY_EPILOG)
@click.argument("name", required=False)
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter of the canned query (repeatable); `kg queries NAME` lists them.",
)
@click.option(
    "--sparql",
    "sparql_file",
    type=click.File("rb"),
    metavar="FILE|-",
    help="Run this SPARQL query file ('-': standard input) instead of a canned one.",
)
@click.option("--format", "fmt", type=click.Choice(canned.FORMATS), default="table", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the result to this file instead of standard output.",
)
@click.option("--no-bom", is_flag=True, help="csv: leave out the UTF-8 byte-order mark.")
@click.option("--show-sparql", is_flag=True, help="Print the query with its parameters bound; do not run it.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    metavar="SECONDS",
    help="Stop the query after this many seconds (exit status 2). Ctrl-C stops it at any time.",
)
@store_options
def query_command(
    name: str | None,
    params: tuple[str, ...],
    sparql_file: Any,
    fmt: str,
    output: Path | None,
    no_bom: bool,
    show_sparql: bool,
    timeout: float | None,
    store: str | None,
    endpoint: str | None,
) -> None:
    """Answer a canned question (NAME, see `kg queries`) or run your own SPARQL.

    Parameters are checked against their type and bound as RDF terms in a VALUES
    block, never pasted into the query text.
    """
    if (name is None) == (sparql_file is None):
        raise BadRequest("give either a canned query NAME or --sparql FILE (not both)")
    title: str | None = None
    canned_query: tuple[canned.CannedQuery, dict[str, str]] | None = None
    if sparql_file is not None:
        if params:
            raise BadRequest("--param is for canned queries; write your values into your own query")
        sparql = _query_text(sparql_file.read(), sparql_file.name)
        if not sparql.strip():
            raise BadRequest(f"{sparql_file.name}: empty query")
        source = sparql_file.name
        from kg.serve.guard import Rejected, check_query

        try:  # the same guard as kg serve's endpoint: no SERVICE (nothing fetched elsewhere)
            check_query(sparql)
        except Rejected as error:
            raise BadRequest(f"{source}: {error}") from None
    else:
        catalogue = _load_all()
        query = catalogue.get(name or "")
        if query is None:
            raise BadRequest(_unknown(name or "", catalogue))
        try:
            values = canned.parse_assignments(params)
            sparql = query.bind(values)
            canned_query = (query, values)
        except canned.ParameterError as error:
            raise BadRequest(str(error)) from None
        title = query.title
        source = str(query.path)
    if show_sparql:
        click.echo(sparql.rstrip("\n"))
        return

    try:
        if endpoint:
            with open_backend(store, endpoint) as backend:
                if timeout is not None:
                    backend.graph_store.timeout = timeout  # type: ignore[attr-defined]
                result = canned.run(backend, sparql)
        else:
            # in a child process: Ctrl-C and --timeout stop it, memory is capped; a canned
            # question may be read from the summary tables beside the store (kg.summaries)
            task = functools.partial(_run_query, sparql) if canned_query is None else functools.partial(
                _answer_canned, *canned_query
            )
            result = run_isolated(store or DEFAULT_STORE, task, timeout=timeout)
    except canned.QueryRunError as error:
        if _is_update(sparql):
            raise BadRequest(
                f"{source}: updates are not allowed: kg query only reads (SELECT, ASK, CONSTRUCT, DESCRIBE); "
                "kg build and kg remove change the store"
            ) from None
        # A syntax error is the user's (their file) or ours (a canned query): name the file.
        raise BadRequest(f"{source}: {error}") from None

    if fmt == "table" and output is None:
        _print_table(result, title=title)
        return
    try:
        text = _table_text(result, title) if fmt == "table" else canned.render(result, fmt, bom=not no_bom)
    except canned.ParameterError as error:
        raise BadRequest(str(error)) from None
    data = text.encode("utf-8")
    if output is not None:
        write_output(output, data)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


def _run_query(sparql: str, store: Any) -> canned.Result:
    """The child process's task (module level, to be picklable)."""
    return canned.run(canned.GraphStoreBackend(store), sparql)


def _answer_canned(query: canned.CannedQuery, values: dict[str, str], store: Any) -> canned.Result:
    """The child process's task for a canned question (:func:`kg.queries.answer`)."""
    return canned.answer(canned.GraphStoreBackend(store), query, values)


def _query_text(data: bytes | str, name: str) -> str:
    """The query file as text; a binary or non-UTF-8 file is a one-line error."""
    if isinstance(data, str):
        return data
    if b"\0" in data:
        raise BadRequest(f"{name}: a binary file, not a SPARQL query")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadRequest(f"{name}: not UTF-8 text (bad byte at offset {error.start}), not a SPARQL query") from None


def _is_update(sparql: str) -> bool:
    """True when ``sparql`` is a SPARQL Update request (parsed only, never run)."""
    try:
        from rdflib.plugins.sparql.parser import parseUpdate

        parseUpdate(sparql)
    except Exception:  # noqa: BLE001 - anything that does not parse is not an update
        return False
    return True


def _print_table(result: canned.Result, title: str | None) -> None:
    from rich.console import Console

    console = Console(soft_wrap=False) if sys.stdout.isatty() else Console(width=200, soft_wrap=False)
    console.print(canned.to_rich_table(result, title=title))


def _table_text(result: canned.Result, title: str | None) -> str:
    from rich.console import Console

    console = Console(record=True, width=200, file=_NullWriter())
    console.print(canned.to_rich_table(result, title=title))
    return console.export_text()


class _NullWriter:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass
