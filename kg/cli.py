"""The `kg` command line.

Each sub-command lives in its own module under ``kg.commands`` and is loaded only
when used, so ``kg --help`` stays fast and a stage's heavy imports (spaCy,
pyoxigraph, matplotlib) are paid only by the commands that need them.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys

import click

# name -> (module under kg.commands, one-line summary shown by `kg --help`)
COMMANDS: dict[str, tuple[str, str]] = {
    "extract": ("extract", "Extract the facts of one article and print them (no store)."),
    "build": ("build", "Add articles (files, folders, globs) to the store, incrementally."),
    "remove": ("build", "Remove an article's graph from the store."),
    "compact": ("build", "Compact the store's files (smaller, faster to read)."),
    "summarize": ("build", "Bring the summary tables of the corpus questions up to date."),
    "export": ("export", "Write the store as Turtle, TriG, N-Quads or JSON-LD."),
    "validate": ("validate", "Check the store against the SHACL shapes."),
    "stats": ("stats", "Counts per class, most connected entities, articles by year."),
    "explain": ("explain", "Show the labels, articles and sentences behind an entity."),
    "queries": ("query", "List the canned SPARQL queries."),
    "query": ("query", "Run a canned query (or your own SPARQL) on the store."),
    "viz": ("viz", "Draw a network (HTML, PNG, SVG, GraphML, GEXF, JSON)."),
    "serve": ("serve", "Serve the store over HTTP: SPARQL, queries, entity pages, networks."),
}

EPILOG = """\b
Typical session:
  kg extract data/articles/000_49fade46e9b719c9.txt      # facts of one article, as Turtle
  kg extract ARTICLE --format json                       # the same with evidence offsets
  kg build data/articles                                 # fill ./kg-store
  kg queries                                             # the questions you can ask
  kg query meetings-chaired-by --param person="Nguyễn Trọng Nghĩa"
  kg export --format turtle -o graph.ttl
The store defaults to ./kg-store (or $KG_STORE); --endpoint URL uses a SPARQL 1.1 server.
"""


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name, (module, _) in COMMANDS.items() if _module_exists(module)]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module_name, _ = COMMANDS[name]
        module = importlib.import_module(f"kg.commands.{module_name}")
        return getattr(module, name.replace("-", "_") + "_command", None)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _module_exists(module: str) -> bool:
    return importlib.util.find_spec(f"kg.commands.{module}") is not None


@click.group(cls=LazyGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def cli() -> None:
    """kg builds a knowledge graph of people, posts, party bodies, documents and
    meetings from Vietnamese party and government news, with every fact traceable
    to the sentence it came from."""


def main() -> None:
    try:
        cli.main(prog_name="kg", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as error:  # a bug must reach the user as one line, not a traceback
        if os.environ.get("KG_DEBUG"):
            raise
        click.echo(f"kg: internal error: {type(error).__name__}: {error} (set KG_DEBUG=1 for the traceback)", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
