"""``kg export``."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import click

from kg.commands._common import StoreFailure, opened_store, store_options
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
  kg export --format turtle --graph 49fade46e9b719c9    # one article's graph
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
    help="File to write (default: standard output). Written whole or not at all.",
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
        what = "quads" if format_name in ("trig", "nquads") else "triples"
        click.echo(f"wrote {result.statements} {what} to {output}", err=True)


@contextlib.contextmanager
def _destination(output: Path | None) -> Iterator[IO[bytes]]:
    """Standard output, or a temporary file renamed over the target once complete (an
    interrupted export never leaves half a file behind)."""
    if output is None:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    folder = output.resolve().parent
    if not folder.is_dir():
        raise StoreFailure(f"{output}: folder {folder} does not exist")
    handle, temporary = tempfile.mkstemp(prefix=f".{output.name}.", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
        os.replace(temporary, output)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
