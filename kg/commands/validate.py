"""``kg validate``."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from kg.commands._common import StoreFailure, cell, opened_store, store_options
from kg.identity import cross_article_conflicts
from kg.shacl import MERGED_ID, ShapesError, validate_store
from kg.store import ONTOLOGY_FILE, SHAPES_FILE

VALIDATE_EPILOG = """\b
Examples:
  kg validate                               # every article graph of ./kg-store, then the merged graph
  kg validate --article 49fade46e9b719c9    # one article
  kg validate --shapes my-shapes.ttl        # other rules
  kg validate --warnings                    # also list warnings and infos

\b
Each article graph is checked on its own against ontology/shapes.ttl, with the
ontology (ontology/kg.ttl) mixed in so class hierarchies count. Then (unless --article
is given) the merged entity descriptions and the reference graph are checked together
against the shapes marked kgsh:checks kgsh:MergedGraph (one IRI both a person and a
body, two skos:prefLabel in one language); their rows show "(merged)" as the article.
Last, the articles are read together for what no single one can show (a body in two
provinces, or under two provinces' committees: one IRI minted for two things); those
rows show "(all articles)". Each problem is shown as: article, focus node (the thing
that breaks the rule), path (the property) and the shape's message. Exit status:
0 conforms, 1 violations found, 2 usage or store error.
"""


@click.command(epilog=VALIDATE_EPILOG)
@click.option(
    "--shapes",
    type=click.Path(dir_okay=False, path_type=Path),
    default=SHAPES_FILE,
    show_default="ontology/shapes.ttl",
    help="SHACL shapes file.",
)
@click.option(
    "--ontology",
    type=click.Path(dir_okay=False, path_type=Path),
    default=ONTOLOGY_FILE,
    show_default="ontology/kg.ttl",
    help="Ontology mixed into each graph while checking (skipped if missing).",
)
@click.option("--article", "articles", multiple=True, metavar="ARTICLE_ID", help="Only these articles.")
@click.option("--warnings", is_flag=True, help="Also report results of severity Warning and Info.")
@store_options
def validate_command(
    shapes: Path,
    ontology: Path,
    articles: tuple[str, ...],
    warnings: bool,
    store: str | None,
    endpoint: str | None,
) -> None:
    """Check the store against the SHACL shapes and report what breaks them."""
    console = Console()
    table = Table(title="SHACL results", title_justify="left")
    for column in ("article", "severity", "focus node", "path", "message"):
        table.add_column(column, overflow="fold")
    checked = failing = violations = 0
    merged = False
    with opened_store(store, endpoint, read_only=True) as graph_store:
        try:
            for report in validate_store(graph_store, shapes, ontology, list(articles) or None):
                if report.article_id == MERGED_ID:
                    merged = True
                else:
                    checked += 1
                failing += not report.conforms
                for result in report.results:
                    if result.severity == "Violation":
                        violations += 1
                    elif not warnings:
                        continue
                    row = (report.article_id, result.severity, result.focus, result.path, result.message)
                    table.add_row(*(cell(value) for value in row))
        except ShapesError as error:
            raise StoreFailure(str(error)) from None
        conflicts = [] if articles else cross_article_conflicts(graph_store)
    for conflict in conflicts:
        row = ("(all articles)", "Violation", conflict.entity, "", conflict.message)
        table.add_row(*(cell(value) for value in row))
    if table.row_count:
        console.print(table)
    verdict = "conforms" if not violations else f"{violations} violations in {failing} graphs"
    if conflicts:
        verdict = (f"{violations} violations in {failing} graphs, " if violations else "") + (
            f"{len(conflicts)} entities described as two things across articles"
        )
    also = " and the merged graph" if merged else ""
    console.print(f"{checked} article graphs{also} checked: {verdict}", highlight=False)
    sys.exit(1 if violations or conflicts else 0)
