"""What every store command shares: the --store / --endpoint options and opening.

Use in a command::

    @click.command()
    @store_options
    def stats_command(store: str | None, endpoint: str | None) -> None:
        with opened_store(store, endpoint, read_only=True) as graph_store:
            ...

A store that cannot be opened (missing, locked by another process, damaged, an
unreachable endpoint) ends the command with one line on stderr and exit status 2; a
store a build left half done (killed before the merged entity descriptions were
recomputed) is read with a one-line warning on stderr.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TypeVar

import click
from rich.text import Text

from kg.store import BULK_FLAG, DEFAULT_STORE, META_GRAPH, GraphStore, StoreError, open_graph_store

F = TypeVar("F", bound=Callable[..., object])

STORE_HELP = f"Store folder (embedded Oxigraph). Default ./{DEFAULT_STORE}, or $KG_STORE."
ENDPOINT_HELP = (
    "Use a SPARQL 1.1 server instead of the folder: its base or query URL, e.g. "
    "http://localhost:7878 (Oxigraph) or http://host:3030/ds/sparql (Fuseki). Or $KG_ENDPOINT."
)


class StoreFailure(click.ClickException):
    """A one-line error about the store; exit status 2 like other usage errors."""

    exit_code = 2


def store_options(command: F) -> F:
    """Add ``--store PATH`` and ``--endpoint URL`` (parameters ``store``, ``endpoint``)."""
    command = click.option("--endpoint", metavar="URL", envvar="KG_ENDPOINT", default=None, help=ENDPOINT_HELP)(command)
    command = click.option(
        "--store",
        metavar="PATH",
        envvar="KG_STORE",
        default=None,
        help=STORE_HELP,
    )(command)
    return command


def open_store(store: str | None, endpoint: str | None, read_only: bool) -> GraphStore:
    """Open the embedded store (default ./kg-store) or the remote endpoint; a store that
    cannot be opened raises :class:`StoreFailure` (one line, exit 2).  Close it when done
    (or use :func:`opened_store`)."""
    try:
        return open_graph_store(store, endpoint, read_only=read_only)
    except StoreError as error:
        raise StoreFailure(str(error)) from None


@contextlib.contextmanager
def opened_store(store: str | None, endpoint: str | None, *, read_only: bool) -> Iterator[GraphStore]:
    """:func:`open_store` as a context manager that also turns store errors met while
    working (an endpoint going away, a write refused) into one-line failures."""
    graph_store = open_store(store, endpoint, read_only)
    try:
        if read_only:  # a reader is told when it reads a store a build left half done
            for warning in half_built(graph_store):
                click.echo(warning, err=True)
        yield graph_store
    except StoreError as error:
        raise StoreFailure(str(error)) from None
    finally:
        graph_store.close()


def half_built(store: GraphStore) -> list[str]:
    """One-line warnings about a store a killed or interrupted build left behind."""
    warnings = []
    if store.entities_stale():
        warnings.append(
            f"warning: store {store.location} is incomplete: a build did not finish, the merged entity "
            "descriptions are stale (run the same kg build again to complete it)"
        )
    elif store.ask(f"ASK {{ GRAPH <{META_GRAPH}> {{ {BULK_FLAG} }} }}"):
        warnings.append(
            f"warning: store {store.location} is incomplete: a bulk load did not finish (run kg build again)"
        )
    return warnings


def cell(value: object) -> Text:
    """Data for a rich table cell, shown as is (article text is full of square brackets,
    which rich would otherwise read as markup)."""
    return Text("" if value is None else str(value))
