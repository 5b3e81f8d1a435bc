"""``kg explain``."""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.table import Table

from kg.commands._common import cell, opened_store, store_options
from kg.explain import explain, find_entities
from kg.stats import short_name

EXPLAIN_EPILOG = """\b
Examples:
  kg explain https://w3id.org/vnkg/id/body/ban-tuyen-giao-trung-uong
  kg explain "Ban Tuyên giáo Trung ương"     # by label: case and tone-mark style ignored
  kg explain "ban tuyen giao"                # several matches: they are listed, pick one IRI

\b
Shows the entity's canonical label and every label the articles used (with how many
articles used each), its types, the articles it appears in, and the sentences (with
character offsets into the article) that are the evidence for it - i.e. why these
mentions were merged into one entity: what each article keyed the IRI by (name plus
province, level, anchor or term; a curated override from data/identity/ when one
applied), and the entities of the same name kept apart, with what they were keyed by.
Exit status: 0 explained, 1 nothing or several things match, 2 store error.
"""


@click.command(epilog=EXPLAIN_EPILOG)
@click.argument("entity", metavar="IRI_OR_LABEL")
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="Articles and evidence sentences to show (0: all).",
)
@store_options
def explain_command(entity: str, limit: int, store: str | None, endpoint: str | None) -> None:
    """Show the labels, articles and sentences behind an entity."""
    console = Console()
    with opened_store(store, endpoint, read_only=True) as graph_store:
        target = entity
        if not entity.startswith(("http://", "https://")):
            matches = find_entities(graph_store, entity)
            if not matches:
                console.print(f"no entity is labelled {entity!r}", highlight=False)
                sys.exit(1)
            if len(matches) > 1:
                console.print(f"{len(matches)} entities match {entity!r}; explain one by its IRI:", highlight=False)
                for match in matches:
                    console.print(f"  {match.iri}  {match.label}", highlight=False)
                sys.exit(1)
            target = matches[0].iri
        found = explain(graph_store, target)
    if not found.found:
        console.print(f"{target} is not in the store", highlight=False)
        sys.exit(1)
    console.print(f"[bold]{found.label or target}[/bold]  {target}", highlight=False)
    if found.types:
        console.print("types: " + ", ".join(short_name(t) for t in found.types), highlight=False)
    labels = Table(title="Labels used by the articles", title_justify="left")
    labels.add_column("label")
    labels.add_column("articles", justify="right")
    for label, count in found.labels:
        labels.add_row(cell(label), cell(str(count)))
    console.print(labels)
    articles = Table(title=f"Appears in {len(found.articles)} articles", title_justify="left")
    for column in ("article", "published", "title", "source"):
        articles.add_column(column, overflow="fold")
    by_date = sorted(found.articles, key=lambda r: (r.published or "", r.article_id))
    for record in by_date if limit == 0 else by_date[:limit]:
        articles.add_row(
            cell(record.article_id),
            cell(record.published or ""),
            cell(record.title or ""),
            cell(record.source),
        )
    console.print(articles)
    if limit and len(found.articles) > limit:
        console.print(f"... {len(found.articles) - limit} more articles (use --limit 0)", highlight=False)
    if found.keys:
        keys = Table(title="Identity: what each article keyed this IRI by", title_justify="left")
        for column in ("article", "keyed by"):
            keys.add_column(column, overflow="fold")
        for article_id, key in found.keys if limit == 0 else found.keys[:limit]:
            keys.add_row(cell(article_id), cell(key))
        console.print(keys)
    if found.namesakes:
        apart = Table(title="Kept apart: same name, other evidence", title_justify="left")
        for column in ("entity", "keyed by"):
            apart.add_column(column, overflow="fold")
        for other, other_keys in found.namesakes if limit == 0 else found.namesakes[:limit]:
            apart.add_row(cell(other), cell("; ".join(other_keys)))
        console.print(apart)
    shown = found.evidence if limit == 0 else found.evidence[:limit]
    evidence = Table(title=f"Evidence ({len(found.evidence)} sentences)", title_justify="left")
    for column in ("article", "offsets", "about", "sentence"):
        evidence.add_column(column, overflow="fold")
    for item in shown:
        offsets = f"{item.start}-{item.end}" if item.start is not None else ""
        about = "" if item.subject == target else short_name(item.subject)
        evidence.add_row(cell(item.article_id), cell(offsets), cell(about), cell(item.sentence))
    console.print(evidence)
    if len(shown) < len(found.evidence):
        console.print(f"... {len(found.evidence) - len(shown)} more (use --limit 0)", highlight=False)
