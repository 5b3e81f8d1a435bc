"""``kg stats``."""

from __future__ import annotations

import functools

import click
from rich.console import Console
from rich.table import Table

from kg.commands._common import cell, opened_store, store_options
from kg.commands._isolated import run_isolated
from kg.stats import short_name, store_stats
from kg.store import DEFAULT_STORE

STATS_EPILOG = """\b
Examples:
  kg stats
  kg stats --top 25
  kg stats --endpoint http://localhost:7878

\b
Shows: articles, graphs and quads (all graphs: the article graphs - the sum `kg build`
reports writing -, the merged entity descriptions, the ontology, the reference tree
of the gazetteers' bodies and posts, and the bookkeeping records; `kg export` writes
all but the bookkeeping as TriG/N-Quads, and the distinct triples of the articles and
descriptions as Turtle/JSON-LD); instances per class (kg: classes and the standard
ones: foaf:Person, org:Organization, org:Membership, ...); the most connected
entities (distinct nodes each is linked to across all articles, provenance links
and the software agent left out, an article that mentions it counts); and articles
by year of publication.
"""


@click.command(epilog=STATS_EPILOG)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Most connected entities to list.",
)
@store_options
def stats_command(top: int, store: str | None, endpoint: str | None) -> None:
    """Counts per class, most connected entities, articles by year."""
    if endpoint:
        with opened_store(store, endpoint, read_only=True) as graph_store:
            stats = store_stats(graph_store, top=top)
    else:  # in a child process: Ctrl-C stops it, memory is capped, damage is one line
        stats = run_isolated(store or DEFAULT_STORE, functools.partial(store_stats, top=top), what="kg stats")
    console = Console()
    console.print(
        f"{stats.articles} articles, {stats.entities} merged entities, {stats.graphs} graphs, "
        f"{stats.triples} quads: {stats.article_triples} in article graphs, {stats.entity_triples} "
        f"in entity descriptions, {stats.ontology_triples} ontology, {stats.reference_triples} reference, "
        f"{stats.derived_triples} derived (corpus questions' answers), {stats.meta_triples} bookkeeping",
        highlight=False,
    )
    classes = Table(title="Instances per class", title_justify="left")
    classes.add_column("class")
    classes.add_column("instances", justify="right")
    for class_iri, count in stats.classes:
        classes.add_row(cell(short_name(class_iri)), cell(str(count)))
    console.print(classes)
    connected = Table(title=f"Most connected entities (top {top})", title_justify="left")
    connected.add_column("entity")
    connected.add_column("label")
    connected.add_column("links", justify="right")
    for entity in stats.connected:
        connected.add_row(cell(short_name(entity.iri)), cell(entity.label or ""), cell(str(entity.degree)))
    console.print(connected)
    years = Table(title="Articles by year", title_justify="left")
    years.add_column("year")
    years.add_column("articles", justify="right")
    for year, count in stats.years:
        years.add_row(cell(year), cell(str(count)))
    console.print(years)
