"""``kg viz``: draw one of the networks to a file (HTML, PNG, SVG, GraphML, GEXF, JSON)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import click

from kg.commands._common import opened_store, store_options
from kg.commands._output import check_destination, output_stream

VIZ_EPILOG = """\b
Networks (KIND):
  org           bodies and how they nest (org:subOrganizationOf), drawn as an outline
  people        people and the bodies they hold posts in; links carry the role and dates
  coattendance  people who attended the same meetings; link weight = meetings shared
  documents     issuer -> document, document -> document it refers to or continues,
                meeting -> document it discussed

\b
The file's extension chooses the format:
  .html     one interactive page, self-contained: opens from disk with the network off;
            search box, type filters, hover for a link's role or weight, click a node
            for its facts and the sentences and articles they come from
  .png .svg a figure for a report (title, legend, Vietnamese labels that never overlap)
  .graphml .gexf  for Gephi or Cytoscape, with every attribute
  .json     node-link JSON

\b
Filters (they combine):
  --body NAME        entities attached to this body or any body under it
  --province NAME    entities attached to bodies of this province
  --person NAME      the people and entities within --depth links of this person
  --since/--until    facts dated in this period (YYYY, YYYY-MM or YYYY-MM-DD)
  --min-weight W     links of weight at least W (co-attendance: meetings shared)
Names match whatever the tone-mark style or case ("Thủy" = "Thuỷ" = "thuy"), or as a part
of the name when no name matches whole.

\b
Examples:
  kg viz org -o org.html
  kg viz org -o org.png
  kg viz org --body "Tỉnh ủy Nghệ An" -o nghe-an.svg
  kg viz people --province "Nghệ An" -o people.html
  kg viz coattendance --person "Phan Xuân Thủy" --depth 2 -o thuy.html
  kg viz coattendance --min-weight 2 --since 2023 -o often-together.gexf
  kg viz documents --since 2021-01 --until 2023-12 -o documents.graphml
"""


@click.command(epilog=VIZ_EPILOG)
@click.argument("kind", type=click.Choice(["org", "people", "coattendance", "documents"]), metavar="KIND")
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write; its extension (.html .png .svg .graphml .gexf .json) chooses the format.",
)
@click.option(
    "--body", "bodies", multiple=True, metavar="NAME", help="Keep what is attached to this body (repeatable)."
)
@click.option(
    "--province", "provinces", multiple=True, metavar="NAME", help="Keep what is in this province (repeatable)."
)
@click.option("--person", "persons", multiple=True, metavar="NAME", help="Centre on this person (repeatable).")
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="With --person: how many links away from the person to keep.",
)
@click.option("--since", metavar="DATE", default=None, help="Facts dated from this day, month or year on.")
@click.option("--until", metavar="DATE", default=None, help="Facts dated up to this day, month or year.")
@click.option("--min-weight", type=float, default=None, metavar="W", help="Drop links of weight below W.")
@store_options
def viz_command(
    kind: str,
    output: Path,
    bodies: tuple[str, ...],
    provinces: tuple[str, ...],
    persons: tuple[str, ...],
    depth: int,
    since: str | None,
    until: str | None,
    min_weight: float | None,
    store: str | None,
    endpoint: str | None,
) -> None:
    """Draw the network KIND into the file -o FILE."""
    from kg.viz.cache import projector_for
    from kg.viz.dates import Period
    from kg.viz.filters import ViewFilter, apply_filters
    from kg.viz.prepare import counted
    from kg.viz.projections import project
    from kg.viz.source import VizError
    from kg.viz.write import file_format, write_network

    try:
        file_format(output)  # before any work: a wrong extension is told at once
        check_destination(output)
        period = Period.parse(since, until)
        view = ViewFilter(bodies=bodies, provinces=provinces, persons=persons, depth=depth, min_weight=min_weight)
        with opened_store(store, endpoint, read_only=True) as graph_store:
            # the projection rows kg build kept beside the store, when they are its state's
            projector = projector_for(graph_store)
            network = apply_filters(project(kind, projector, period), view, projector)
            _write(network, projector, output, write_network)
    except (VizError, ValueError) as error:
        raise VizFailure(str(error)) from None
    graph = network.graph
    size = f"{counted(graph.number_of_nodes(), 'node')}, {counted(graph.number_of_edges(), 'link')}"
    click.echo(f"wrote the {kind} network ({size}) to {output}", err=True)
    if graph.number_of_nodes() == 0:
        click.echo("note: no node is left: loosen the filters", err=True)


def _write(network: Any, projector: Any, output: Path, write_network: Any) -> None:
    """Write the network into a private folder, then copy it to ``output`` the way every
    ``-o`` is written (:mod:`kg.commands._output`): a FIFO or device written through, a
    symlink followed, an existing file's mode kept."""
    with tempfile.TemporaryDirectory(prefix="kg-viz-") as folder:
        staged = Path(folder) / output.name
        write_network(network, projector, staged)
        with staged.open("rb") as source, output_stream(output) as stream:
            shutil.copyfileobj(source, stream)


class VizFailure(click.ClickException):
    """A one-line error (a filter that matches nothing, an unknown extension); exit status 2."""

    exit_code = 2
