"""`kg extract`: one article in, its facts out (no store)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kg.commands._output import write_output
from kg.errors import InputError

FORMATS = ("ttl", "trig", "jsonld", "json")


@click.command(
    "extract",
    epilog="""\b
Examples:
  kg extract data/articles/000_49fade46e9b719c9.txt            # Turtle on stdout
  kg extract article.html --format json -o facts.json          # facts with evidence offsets
  kg extract feed.jsonl --format trig                          # one named graph per record
\b
Inputs: .txt (first line is the headline), .html/.htm (a saved page: the article
body is taken, navigation and related-article lists dropped), .json/.jsonl
(records with "text" and optional "title", "url", "published", "outlet").
The publication date (metadata, JSON-LD, or a date line at the top of a text
such as "Thứ Ba, 15/06/2021 09:42" or "Thứ Hai, 08/09/2025") dates meetings
written without a year.
A file that cannot be read gets one line on stderr naming it and why, exit 2.""",
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write here instead of standard output.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="ttl",
    show_default=True,
    help="ttl/trig/jsonld: RDF with the ontology's and the standard terms; "
    "json: the extracted facts with their sentences and character offsets.",
)
def extract_command(file: Path, output: Path | None, fmt: str) -> None:
    """Extract the persons, positions, bodies, documents and meetings of one article.

    Every fact keeps the sentence it was read in, with character offsets into the
    original text, so that it can be checked against the source.
    """
    from kg.ingest import read_path
    from kg.pipeline import extract

    failures = 0
    chunks: list[str] = []
    facts_list = []
    for item in read_path(file):
        if isinstance(item, InputError):
            click.echo(f"error: {item}", err=True)
            failures += 1
            continue
        facts_list.append(extract(item))
    if not facts_list:
        sys.exit(2)
    if fmt == "json":
        payload = [facts.to_dict() for facts in facts_list]
        chunks.append(json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=2))
    else:
        chunks.append(_rdf(facts_list, fmt))
    text = "\n".join(chunks)
    if output:
        write_output(output, (text + "\n").encode("utf-8"))
    else:
        click.echo(text)
    if failures:
        sys.exit(2)


def _rdf(facts_list: list, fmt: str) -> str:
    from rdflib import Dataset, Graph

    from kg.rdf import bind_prefixes, serialize, to_graph
    from kg.resolve import resolve

    graphs = [to_graph(resolve(facts)) for facts in facts_list]
    if len(graphs) == 1:
        return serialize(graphs[0], fmt)
    if fmt == "trig":
        dataset = Dataset()
        bind_prefixes(dataset)
        for ag in graphs:
            named = dataset.graph(ag.graph_iri)
            for triple in ag.graph:
                named.add(triple)
        return dataset.serialize(format="trig")
    merged = Graph()
    bind_prefixes(merged)
    for ag in graphs:
        for triple in ag.graph:
            merged.add(triple)
    return merged.serialize(format="json-ld" if fmt == "jsonld" else "turtle")
