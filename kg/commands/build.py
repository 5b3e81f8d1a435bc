"""``kg build`` and ``kg remove``."""

from __future__ import annotations

import glob
import sys
import time
from pathlib import Path

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from kg.build import BATCH_SIZE, COMPACT_AFTER, ENGINES, BuildSummary, Engine, Status, build, default_jobs, remove
from kg.commands._common import STORE_HELP, StoreFailure, opened_store, store_options
from kg.distributed import DaskUnavailable
from kg.store import StoreError

BUILD_EPILOG = """\b
Examples:
  kg build data/articles                    # every article under the folder, into ./kg-store
  kg build 'news/2024-*.jsonl' extra.html   # globs (quoted) and single files
  kg build data/articles --jobs 1           # no worker processes (easier to debug)
  kg build data/articles --validate         # refuse articles that break ontology/shapes.ttl
  kg build data/articles --endpoint http://localhost:7878   # into a SPARQL 1.1 server
  kg build data/articles --engine dask --scheduler local    # on a Dask cluster of local processes
  kg build /shared/news --engine dask --scheduler tcp://10.0.0.5:8786   # on a running Dask cluster

\b
Building is incremental: an article whose content did not change is skipped, a changed
one replaces its graph, a new one is added; building twice leaves the same store. A
.txt or .html file is one article: edit it and the next build replaces that file's
article (one article, the new facts only). A JSON/JSONL record is known by its url, or
else by its text, wherever it sits in the file. New
articles are written --batch at a time (the embedded store bulk-loads them), a changed
one in a transaction of its own; an interrupted build keeps only whole articles, and
re-running it drops what an unfinished batch left behind and completes the store.

\b
Exit status: 0 all articles built, 1 some failed (the others were built), 2 usage or
store error (missing input, store locked by another process, endpoint unreachable).
"""


@click.command(epilog=BUILD_EPILOG)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help=f"Worker processes for extraction (default: one per CPU, here {default_jobs()}).",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="local",
    show_default=True,
    help="Where the articles' graphs are computed: local worker processes, or a Dask cluster.",
)
@click.option(
    "--scheduler",
    metavar="ADDR",
    envvar="KG_DASK_SCHEDULER",
    default=None,
    help="With --engine dask: the Dask scheduler's address (tcp://host:8786), or 'local' (the default) "
    "for a cluster of --jobs worker processes on this machine. Or $KG_DASK_SCHEDULER.",
)
@click.option("--validate", is_flag=True, help="Check each article's graph against the SHACL shapes.")
@click.option(
    "--batch",
    type=click.IntRange(min=1),
    default=BATCH_SIZE,
    show_default=True,
    help="New articles written to the store together (larger: faster builds, more memory; "
    "smaller: steadier progress).",
)
@click.option(
    "--compact/--no-compact",
    default=None,
    help=f"Compact the store's files at the end (default: when the build wrote {COMPACT_AFTER:,} "
    "articles or more; a large build's store is then about 40% smaller and faster to read).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar (the summary is still printed).")
@store_options
def build_command(
    paths: tuple[str, ...],
    jobs: int | None,
    engine: Engine,
    scheduler: str | None,
    validate: bool,
    batch: int,
    compact: bool | None,
    quiet: bool,
    store: str | None,
    endpoint: str | None,
) -> None:
    """Add the articles under PATH... (files, folders searched recursively, globs) to the
    store: extract each article's facts in parallel and write one named graph per article,
    with the sentence behind every fact."""
    try:
        from kg.errors import InputError
        from kg.ingest import iter_paths, read_path
    except ImportError as error:  # only while the ingest stage is missing from a checkout
        raise StoreFailure(f"kg build needs the ingest stage: {error}") from None

    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler is for --engine dask")
    err = Console(stderr=True)
    missing = [name for name in paths if not Path(name).exists() and not glob.glob(name, recursive=True)]
    if missing:
        raise StoreFailure(f"no such file, folder or match: {', '.join(missing)}")
    try:
        total_files = sum(1 for _ in iter_paths(paths))
    except InputError as error:
        raise StoreFailure(str(error)) from None
    if total_files == 0:
        raise StoreFailure(f"no input files under {' '.join(paths)}")
    from kg.identity import IdentityError, load_rules

    try:  # a bad override file would fail every article the same way: say it once
        load_rules()
    except IdentityError as error:
        raise StoreFailure(str(error)) from None
    with opened_store(store, endpoint, read_only=False) as graph_store:
        display = _ProgressDisplay(err, total_files, enabled=not quiet and err.is_terminal)
        try:
            with display:
                summary = build(
                    graph_store,
                    paths,
                    jobs=jobs,
                    validate=validate,
                    reader=read_path,
                    lister=iter_paths,
                    observer=display,
                    engine=engine,
                    scheduler=scheduler,
                    batch_size=batch,
                    compact=compact,
                )
        except DaskUnavailable as error:
            raise StoreFailure(str(error)) from None
        except InputError as error:
            raise StoreFailure(str(error)) from None
        except StoreError as error:
            raise StoreFailure(str(error)) from None
    _print_summary(Console(), summary)
    if summary.interrupted:
        err.print("interrupted: the articles written so far are whole; run the same command to finish", highlight=False)
        sys.exit(130)
    sys.exit(0 if summary.ok else 1)


class _ProgressDisplay:
    """A rich progress bar: files read, articles per second, errors so far."""

    def __init__(self, console: Console, total_files: int, enabled: bool) -> None:
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("files"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[articles]} articles, {task.fields[rate]:.1f}/s"),
            TextColumn("[red]{task.fields[errors]} errors"),
            TimeElapsedColumn(),
            console=console,
            disable=not enabled,
            transient=False,
        )
        self.task = self.progress.add_task("build", total=total_files, articles=0, rate=0.0, errors=0)
        self.articles = 0
        self.errors = 0
        self.started = time.perf_counter()

    def __enter__(self) -> _ProgressDisplay:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def file_read(self, path: Path) -> None:
        self.progress.advance(self.task)

    def article_done(self, status: Status, source: str, reason: str | None = None) -> None:
        self.articles += 1
        if status == "failed":
            self.errors += 1
            self.progress.console.print(f"[red]failed[/red] {source}: {reason}", markup=True, highlight=False)
        elapsed = max(time.perf_counter() - self.started, 1e-6)
        self.progress.update(self.task, articles=self.articles, rate=self.articles / elapsed, errors=self.errors)


def _print_summary(console: Console, summary: BuildSummary) -> None:
    table = Table(title="kg build", show_header=False, title_justify="left")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("files read", str(summary.files))
    table.add_row("articles added", str(summary.added))
    table.add_row("articles updated", str(summary.updated))
    table.add_row("articles unchanged", str(summary.unchanged))
    if summary.duplicates:
        table.add_row("duplicates skipped", str(summary.duplicates))
    table.add_row("articles failed", str(len(summary.failed)))
    if summary.dropped_partial:
        table.add_row("partial graphs dropped (interrupted build)", str(summary.dropped_partial))
    table.add_row("article triples written", str(summary.triples_written))
    if summary.entities is not None:
        table.add_row("entities (merged)", str(summary.entities))
    if summary.compacted:
        table.add_row("store compacted", "yes")
    rate = summary.triples_written / summary.seconds if summary.seconds else 0.0
    table.add_row("time", f"{summary.seconds:.1f} s ({rate:,.0f} triples/s)")
    console.print(table)
    for failure in summary.failed:
        console.print(f"failed: {failure.one_line()}", markup=False, highlight=False)


REMOVE_EPILOG = """\b
Examples:
  kg remove ARTICLE_ID                             # by article id (kg explain NAME lists ids)
  kg remove data/articles/000_49fade46e9b719c9.txt # every article read from that file
The merged entity descriptions are recomputed afterwards.
Exit status: 0 removed, 1 nothing matched some argument, 2 store error.
"""


@click.command(epilog=REMOVE_EPILOG)
@click.argument("targets", nargs=-1, required=True, metavar="ARTICLE_ID_OR_PATH...")
@store_options
def remove_command(targets: tuple[str, ...], store: str | None, endpoint: str | None) -> None:
    """Remove articles (their named graphs and records) from the store."""
    with opened_store(store, endpoint, read_only=False) as graph_store:
        result = remove(graph_store, targets)
    console = Console()
    for record in result.removed:
        console.print(f"removed {record.article_id} ({record.source})", markup=False, highlight=False)
    for target in result.not_found:
        Console(stderr=True).print(f"no stored article matches {target}", markup=False, highlight=False)
    sys.exit(1 if result.not_found else 0)


COMPACT_EPILOG = """\b
Examples:
  kg compact                     # ./kg-store (or $KG_STORE)
  kg compact --store /data/news  # another store
kg build compacts by itself after writing many articles (see kg build --help); compact by
hand after many small builds or removals. A SPARQL server manages its own files.
Exit status: 0 compacted, 2 store error (missing, in use by another process).
"""


@click.command(epilog=COMPACT_EPILOG)
@store_options
def compact_command(store: str | None, endpoint: str | None) -> None:
    """Compact the store's files: merge them and drop what deleted or replaced articles
    left behind (smaller, faster to read; the graph is unchanged)."""
    from kg.store import DEFAULT_STORE

    folder = Path(store or DEFAULT_STORE)
    if not endpoint and not (folder / "CURRENT").is_file():
        raise StoreFailure(f"no store at {folder}: run `kg build` first (or pass --store / set KG_STORE)")
    started = time.perf_counter()
    with opened_store(store, endpoint, read_only=False) as graph_store:
        done = graph_store.compact()
        where = graph_store.location
    if not done:
        Console(stderr=True).print(f"{where}: a SPARQL server compacts its own files; nothing done", highlight=False)
        return
    Console().print(f"compacted {where} in {time.perf_counter() - started:.1f} s", markup=False, highlight=False)


SUMMARIZE_EPILOG = """\b
Examples:
  kg summarize                     # ./kg-store (or $KG_STORE): what changed since the last count
  kg summarize --whole --store S   # count every table again from the store S
kg build and kg remove keep the tables up to date by themselves; run this for a store built
before they existed, or one a killed build or another program changed. Until the tables
match the store, co-attendance and concurrent-posts are counted when asked (slower, the
same rows). A SPARQL server (--endpoint) has no tables: the questions are always counted.
Exit status: 0 up to date, 2 store error (missing, in use by another process).
"""


@click.command(epilog=SUMMARIZE_EPILOG)
@click.option("--whole", is_flag=True, help="Count every table again instead of only what changed.")
@click.option("--store", metavar="PATH", envvar="KG_STORE", default=None, help=STORE_HELP)
def summarize_command(whole: bool, store: str | None) -> None:
    """Bring the summary tables beside the store up to date (STORE.summary.sqlite): the
    answers of co-attendance and concurrent-posts, read from them by kg query and kg serve
    (docs/scaling.md, queries/README.md)."""
    import sqlite3

    from kg import summaries
    from kg.store import DEFAULT_STORE

    folder = Path(store or DEFAULT_STORE)
    if not (folder / "CURRENT").is_file():
        raise StoreFailure(f"no store at {folder}: run `kg build` first (or pass --store / set KG_STORE)")
    with opened_store(str(folder), None, read_only=False) as graph_store:
        if graph_store.entities_stale():
            raise StoreFailure(
                f"{folder}: a build was cut short (the merged entities are stale): run `kg build` again first"
            )
        try:
            done = summaries.refresh(graph_store, None, whole=whole)  # every entity's labels read again
        except (OSError, sqlite3.Error) as error:
            raise StoreFailure(f"{summaries.path_of(graph_store)}: cannot write the summary tables ({error})") from None
    if done is None:
        return
    how = "counted whole" if done.whole else f"{done.added:,} article graphs read, {done.dropped:,} dropped"
    Console().print(
        f"{summaries.path_of(graph_store)}: {how}, {done.persons:,} persons' pairs counted, in {done.seconds:.1f} s",
        markup=False,
        highlight=False,
    )
