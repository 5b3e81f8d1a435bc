"""``kg export``."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import click

from kg.commands._common import opened_store, store_options
from kg.commands._output import output_stream
from kg.export import FORMATS, export

EXPORT_EPILOG = """\b
Formats:
  turtle   the merged graph: every article graph plus the merged entity descriptions,
           each triple once, one label per entity, readable prefixes (foaf, org, skos...)
  jsonld   the same merged graph as compact JSON-LD with a @context for those prefixes
  trig     the dataset: one named graph per article (facts + provenance), the
           entity descriptions and the ontology
  nquads   the same dataset, one quad per line (for bulk loading elsewhere)

\b
Examples:
  kg export --format turtle -o graph.ttl
  kg export --format trig -o dataset.trig
  kg export --format turtle --graph ARTICLE_ID   # one article's graph (ids: kg explain NAME)
  kg export --format turtle --graph entities            # only the merged descriptions
  kg export --format nquads --endpoint http://localhost:7878 | gzip > kg.nq.gz

Output is sorted, so exporting the same store twice gives identical files.
"""


@click.command(epilog=EXPORT_EPILOG)
@click.option(
    "--format",
    "-f",
    "format_name",
    type=click.Choice(list(FORMATS)),
    default="turtle",
    show_default=True,
    help="Serialization to write.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="File to write (default: standard output). A file is written whole or not at all and keeps "
    "its permissions; a symlink is followed; a FIFO or device (/dev/null) is written through.",
)
@click.option(
    "--graph",
    "-g",
    metavar="ARTICLE_ID",
    default=None,
    help="Only this graph: an article id, 'entities', 'ontology', 'reference' or a graph IRI.",
)
@store_options
def export_command(
    format_name: str, output: Path | None, graph: str | None, store: str | None, endpoint: str | None
) -> None:
    """Write the store as Turtle, TriG, N-Quads or JSON-LD."""
    with opened_store(store, endpoint, read_only=True) as graph_store, _destination(output) as stream:
        result = export(graph_store, format_name, stream, graph)  # type: ignore[arg-type]
    if output is not None:
        if graph:
            what = f"{'quads' if format_name in ('trig', 'nquads') else 'triples'} of graph {graph}"
        elif format_name in ("trig", "nquads"):
            what = "quads (every graph but the bookkeeping one)"
        else:
            what = "triples (the merged graph: each distinct triple of the articles and entity descriptions once)"
        click.echo(f"wrote {result.statements} {what} to {output}", err=True)


@contextlib.contextmanager
def _destination(output: Path | None) -> Iterator[IO[bytes]]:
    """Standard output, or ``output`` written safely (:mod:`kg.commands._output`)."""
    if output is None:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    with output_stream(output) as stream:
        yield stream
