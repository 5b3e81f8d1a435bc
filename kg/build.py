"""``kg build``: read articles, extract their graphs in parallel, write them one by one.

Shape of a build:

* the main process walks the inputs lazily (files, folders, globs), reads each file,
  and skips every article whose content hash is already in the store;
* the other articles go to a pool of worker processes that run the pure per-article
  pipeline (and the SHACL check with ``--validate``) and send back N-Triples text;
* at most a few articles per worker are in flight, so memory does not grow with the
  corpus, and the main process - the only writer - stores each article in one
  transaction as soon as its result arrives;
* a failed article is reported with a one-line reason and never stops the others;
* at the end the merged entity descriptions are recomputed if anything changed.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

import rdflib

from kg import derived, merge
from kg.facts import Article
from kg.mapping import GazetteerError
from kg.reference import reference_ntriples
from kg.store import (
    ONTOLOGY_FILE,
    SHAPES_FILE,
    ArticleRecord,
    GraphStore,
    StoreError,
)

if TYPE_CHECKING:
    from kg.rdf import ArticleGraph

Status = Literal["added", "updated", "unchanged", "duplicate", "failed"]
Engine = Literal["local", "dask"]
ENGINES: tuple[Engine, ...] = ("local", "dask")
#: Articles written between two flushes of the store (bounds the writer's memory).
FLUSH_EVERY = 200
#: New articles bulk-loaded together (:meth:`GraphStore.add_articles`); about 12 MB of
#: N-Triples for articles of the usual size.
BATCH_SIZE = 200
#: Articles written by one build past which it compacts the store by default.
COMPACT_AFTER = 5000
#: Attestations (kg/merge.py) a build into a store that holds articles keeps in memory for
#: the incremental merge (about 85 new ones an article, 430 bytes each with the touched
#: entities: 215 MB at this bound, some 6,000 articles); past that it gives them up and
#: merges every entity again at the end, reading the store once.
CHANGES_MAX = 500_000
#: An article's graph from an article (``kg.pipeline.article_graph`` by default).
Process = Callable[[Article], "ArticleGraph"]
#: Articles and input errors of one file (``kg.ingest.read_path`` by default).
Reader = Callable[[Path], Iterable[Any]]
#: Files of the command-line arguments (``kg.ingest.iter_paths`` by default).
Lister = Callable[[Sequence[str]], Iterable[Path]]


@dataclass(frozen=True, slots=True)
class Failure:
    source: str  # the file (or "file#n" record) that failed
    reason: str  # one line

    def one_line(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(slots=True)
class BuildSummary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0  # the same article id met again in this run
    failed: list[Failure] = field(default_factory=list)
    files: int = 0
    triples_written: int = 0
    entities: int | None = None  # None: the merged descriptions did not need recomputing
    seconds: float = 0.0
    dropped_partial: int = 0  # graphs an interrupted bulk load left without a record, dropped
    interrupted: bool = False  # stopped by Ctrl-C: run the same build again to finish
    compacted: bool = False  # the store was compacted at the end

    @property
    def articles(self) -> int:
        return self.added + self.updated + self.unchanged + self.duplicates + len(self.failed)

    @property
    def ok(self) -> bool:
        return not self.failed


class BuildObserver(Protocol):
    """What a progress display hears about (all calls come from the main process)."""

    def file_read(self, path: Path) -> None: ...

    def article_done(self, status: Status, source: str, reason: str | None = None) -> None: ...


@dataclass(frozen=True, slots=True)
class ArticleOutcome:
    """A worker's answer: the article's graph as N-Triples, or why there is none."""

    article_id: str
    source: str
    graph_iri: str = ""
    article_iri: str | None = None
    ntriples: str = ""
    triples: int = 0
    error: str | None = None


def process_article(
    article: Article,
    process: Process | None = None,
    shapes: Path | None = None,
    ontology: Path | None = None,
) -> ArticleOutcome:
    """Run in a worker: the pipeline, the optional SHACL check, then N-Triples text
    (cheap to send between processes, and parsed directly by the store)."""
    try:
        if process is None:
            from kg.pipeline import article_graph as process
        result = process(article)
        if shapes is not None:
            graph = result.graph
            from kg.shacl import check_graph, load_rules, violations_only

            shapes_graph, ontology_graph = load_rules(shapes, ontology)
            broken = violations_only(check_graph(graph, shapes_graph, ontology_graph))
            if broken:
                more = f" (+{len(broken) - 1} more)" if len(broken) > 1 else ""
                return ArticleOutcome(
                    article.id, article.source, error=f"violates the shapes: {broken[0].one_line()}{more}"
                )
        triples = list(result.triples) if shapes is None and hasattr(result, "triples") else list(result.graph)
        return ArticleOutcome(
            article_id=article.id,
            source=article.source,
            graph_iri=str(result.graph_iri),
            article_iri=str(result.article_iri) if result.article_iri else None,
            ntriples=ntriples(triples),
            triples=len(triples),
        )
    except Exception as error:  # one article's failure must not stop the build
        return ArticleOutcome(article.id, article.source, error=_reason(error))


def ntriples(triples: Iterable[tuple[Any, Any, Any]]) -> str:
    """rdflib triples as N-Triples text (about ten times faster than building an rdflib
    Graph to serialize it; the store checks the syntax when it parses the text)."""
    return "".join(f"{_term(s)} {_term(p)} {_term(o)} .\n" for s, p, o in triples)


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _term(term: Any) -> str:
    if isinstance(term, rdflib.URIRef):
        return f"<{term}>"
    if isinstance(term, rdflib.Literal):
        text = '"' + str(term).translate(_ESCAPES) + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f"{text}^^<{term.datatype}>"
        return text
    if isinstance(term, rdflib.BNode):
        return f"_:{term}"
    raise ValueError(f"not an RDF term: {term!r}")


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _reason(error: BaseException) -> str:
    text = " ".join(str(error).split()) or "no message"
    return f"{type(error).__name__}: {text[:300]}"


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


@dataclass(slots=True)
class _Pending:
    article: Article
    previous_hash: str | None
    # graphs of the articles this one replaces: the former article of the same file,
    # stored under another id (a .txt file's id is a hash of its text, so an edit changes it)
    replaces: tuple[str, ...] = ()


def build(
    store: GraphStore,
    paths: Sequence[str],
    *,
    jobs: int | None = None,
    validate: bool = False,
    process: Process | None = None,
    reader: Reader | None = None,
    lister: Lister | None = None,
    observer: BuildObserver | None = None,
    shapes: Path = SHAPES_FILE,
    ontology: Path = ONTOLOGY_FILE,
    engine: Engine = "local",
    scheduler: str | None = None,
    batch_size: int = BATCH_SIZE,
    compact: bool | None = None,
) -> BuildSummary:
    """Bring the store up to date with the articles under ``paths``.

    ``engine="dask"`` computes the articles' graphs on a Dask cluster instead of local
    processes: ``scheduler`` is a scheduler's address, or "local" / None for a cluster of
    ``jobs`` worker processes on this machine (:mod:`kg.distributed`).  Reading the
    inputs and writing the store stay in this process either way.

    ``process``, ``reader`` and ``lister`` default to the real pipeline and ingest; they
    are parameters so that the store can be exercised with other producers (they must be
    module-level functions when ``jobs > 1``, to reach the worker processes).
    ``batch_size`` new articles are written together (see :class:`_Writer`).  ``compact``:
    compact the store at the end (None: when the build wrote :data:`COMPACT_AFTER` articles
    or more)."""
    if reader is None or lister is None:
        from kg.ingest import iter_paths, read_path

        reader = reader or read_path
        lister = lister or iter_paths
    jobs = jobs or default_jobs()
    if validate and not shapes.is_file():
        raise StoreError(f"--validate needs the shapes file {shapes}, which does not exist")
    summary = BuildSummary()
    started = time.perf_counter()
    store.load_ontology(ontology)
    try:
        store.load_reference(reference_ntriples())
    except GazetteerError as error:
        raise StoreError(str(error)) from None
    summary.dropped_partial = store.drop_unrecorded()
    _invalidate_summaries(store)
    # Merge only the descriptions of the entities this build touches, when the store holds
    # articles whose descriptions are up to date; a fresh store, or one a killed build left
    # stale, is merged whole (one scan is then cheaper than looking each entity up).
    incremental = store.has_articles() and not store.entities_stale() and store.merge_inputs_kept()
    writer = _Writer(store, summary, observer, batch_size, track=incremental)
    work = _articles_to_build(store, paths, lister, reader, summary, writer, observer)
    check = (shapes, ontology) if validate else (None, None)
    try:
        if engine == "dask":
            _run_dask(work, scheduler, jobs, process, check, writer)
        elif jobs == 1:
            for pending in work:
                writer.write(pending, process_article(pending.article, process, *check))
        else:
            _run_pool(work, jobs, process, check, writer)
        writer.commit()
    except KeyboardInterrupt:
        # every article written so far is whole; the merged descriptions stay marked
        # stale, so the next build (which skips those articles) recomputes them
        summary.interrupted = True
        writer.commit()  # the articles already computed are worth keeping
        store.drop_unrecorded()  # what a bulk load cut short by the interrupt left
    if not summary.interrupted and (
        store.entities_stale() or derived.is_stale(store) or not store.merge_inputs_kept()
    ):
        touched = writer.touched_entities() if incremental else None
        summary.entities = store.recompute_entities(touched, writer.changes if touched is not None else None)
        derived.refresh(store, touched)
    if not summary.interrupted:
        _refresh_summaries(store, writer.touched_entities() if incremental else None)
    if not summary.interrupted and _should_compact(compact, summary):
        summary.compacted = store.compact()
    if not summary.interrupted:
        _refresh_viz(store)
    summary.seconds = time.perf_counter() - started
    return summary


def _refresh_viz(store: GraphStore) -> None:
    """The network pages of kg serve / kg viz, precomputed beside the store (kg.viz.cache)."""
    from kg.viz.cache import refresh

    refresh(store)


def _invalidate_summaries(store: GraphStore) -> None:
    """The summary tables stop counting before the store changes (kg.summaries.invalidate)."""
    from kg import summaries

    summaries.invalidate(store)


def _refresh_summaries(store: GraphStore, touched: set[str] | None) -> None:
    """The summary tables of two corpus questions, beside the store (kg.summaries); one
    that cannot be written is left stale, and the questions are counted when asked."""
    import contextlib
    import sqlite3

    from kg import summaries

    with contextlib.suppress(OSError, sqlite3.Error):
        summaries.refresh(store, touched)


def _should_compact(compact: bool | None, summary: BuildSummary) -> bool:
    if compact is None:
        return summary.added + summary.updated >= COMPACT_AFTER
    return compact


def _articles_to_build(
    store: GraphStore,
    paths: Sequence[str],
    lister: Lister,
    reader: Reader,
    summary: BuildSummary,
    writer: _Writer,
    observer: BuildObserver | None,
) -> Iterator[_Pending]:
    """Articles that need work, lazily; unchanged ones and input errors are settled here."""
    seen: set[str] = set()
    # an empty store holds none of them: no need to look each one up
    look_up = store.has_articles()
    by_file = _records_by_file(store) if look_up else {}
    for path in lister(paths):
        for item in reader(path):
            if not isinstance(item, Article):  # an InputError: path and one-line reason
                writer.fail(str(getattr(item, "path", path)), str(getattr(item, "reason", item)))
                continue
            if item.id in seen:
                summary.duplicates += 1
                writer.notify("duplicate", item.source)
                continue
            seen.add(item.id)
            previous = store.article_state(item.id) if look_up else None
            if previous is not None and previous == item.content_hash and item.content_hash:
                summary.unchanged += 1
                writer.notify("unchanged", item.source)
                continue
            former = by_file.get(_file_key(item.source), ()) if previous is None else ()
            yield _Pending(item, previous, tuple(r.graph_iri for r in former if r.article_id != item.id))
        summary.files += 1
        if observer is not None:
            observer.file_read(path)


def _file_key(source: str) -> str:
    """The file a single-article source names, as an absolute path ("" for a record
    "file#n" of a JSON or JSONL file: those are known by their own id)."""
    return "" if "#" in source else os.path.realpath(source)


def _records_by_file(store: GraphStore) -> dict[str, list[ArticleRecord]]:
    """The stored articles of every single-article file, read once per build."""
    found: dict[str, list[ArticleRecord]] = {}
    for record in store.article_records():
        key = _file_key(record.source)
        if key:
            found.setdefault(key, []).append(record)
    return found


def _run_pool(
    work: Iterator[_Pending],
    jobs: int,
    process: Process | None,
    check: tuple[Path | None, Path | None],
    writer: _Writer,
) -> None:
    """Keep at most ``2 * jobs`` articles in flight; write results as they arrive.  A
    worker that dies (segfault, out of memory) breaks the pool: the articles that were in
    flight are tried again one at a time, each in a pool of its own, so that only the
    article that kills its worker is reported as failed."""
    limit = max(16 * jobs, BATCH_SIZE)
    # spawn: workers start clean (no inherited locks or threads from the progress display)
    context = multiprocessing.get_context("spawn")
    pool = _new_pool(jobs, context)
    in_flight: dict[Future[ArticleOutcome], _Pending] = {}

    def submit(pending: _Pending) -> None:
        in_flight[pool.submit(process_article, pending.article, process, *check)] = pending

    def settle(futures: Iterable[Future[ArticleOutcome]]) -> list[_Pending]:
        retry: list[_Pending] = []
        for future in futures:
            pending = in_flight.pop(future)
            try:
                writer.write(pending, future.result())
            except BrokenProcessPool:
                retry.append(pending)
        return retry

    def isolate(retry: list[_Pending]) -> None:
        for pending in retry:
            with _new_pool(1, context) as alone:
                try:
                    writer.write(pending, alone.submit(process_article, pending.article, process, *check).result())
                except BrokenProcessPool:
                    writer.fail(pending.article.source, "the worker process died on this article")

    try:
        for pending in work:
            while len(in_flight) >= limit:
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                retry = settle(done)
                if retry:
                    pool = _restart(pool, jobs, context, in_flight, retry, settle)
                    isolate(retry)
            submit(pending)
        while in_flight:
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            retry = settle(done)
            if retry:
                pool = _restart(pool, jobs, context, in_flight, retry, settle)
                isolate(retry)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _process_pending(
    pending: _Pending, process: Process | None, shapes: Path | None, ontology: Path | None
) -> ArticleOutcome:
    """A Dask task: :func:`process_article` of one pending article."""
    return process_article(pending.article, process, shapes, ontology)


def _run_dask(
    work: Iterator[_Pending],
    scheduler: str | None,
    jobs: int,
    process: Process | None,
    check: tuple[Path | None, Path | None],
    writer: _Writer,
) -> None:
    """The articles' graphs computed on Dask workers, written here as they arrive.  Dask
    itself re-runs the tasks of a worker that died; a task that still fails is one failed
    article, not a failed build."""
    from kg.distributed import connect, map_dask, worker_threads

    with connect(scheduler, workers=jobs) as client:
        # enough tasks in flight that the workers keep busy while a batch is written
        in_flight = max(2 * worker_threads(client), writer.batch_size)
        tasks = map_dask(work, _process_pending, client, process, *check, in_flight=in_flight, return_exceptions=True)
        for pending, outcome in tasks:
            if isinstance(outcome, BaseException):
                writer.fail(pending.article.source, f"the Dask task failed: {_reason(outcome)}")
            else:
                writer.write(pending, outcome)


def _restart(
    pool: ProcessPoolExecutor,
    jobs: int,
    context: Any,
    in_flight: dict[Future[ArticleOutcome], _Pending],
    retry: list[_Pending],
    settle: Callable[[Iterable[Future[ArticleOutcome]]], list[_Pending]],
) -> ProcessPoolExecutor:
    """Replace a broken pool; everything still in flight in it is broken too."""
    retry.extend(settle(list(in_flight)))
    pool.shutdown(wait=False, cancel_futures=True)
    return _new_pool(jobs, context)


def _new_pool(jobs: int, context: Any) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)
    )


def _start_worker(parent: int) -> None:
    """Workers leave Ctrl-C to the main process, which stops the build cleanly (the
    articles already written stay whole) instead of every worker printing a traceback;
    and they die with it: a build killed with SIGKILL leaves no worker behind."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """Linux: ask the kernel for SIGKILL when the parent dies (prctl PR_SET_PDEATHSIG);
    elsewhere, a thread that polls the parent's pid.  The kernel sends the signal when
    the *thread* that started the worker ends: pools are made and fed by the build's
    own thread, which lives as long as the build."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(1, signal.SIGKILL, 0, 0, 0) != 0:  # 1 = PR_SET_PDEATHSIG
            raise OSError(ctypes.get_errno(), "prctl failed")
    except (OSError, AttributeError):
        import threading

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(1)
            os._exit(1)

        threading.Thread(target=watch, name="kg-parent-watch", daemon=True).start()
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


class _Writer:
    """The single writer: stores outcomes and keeps the summary and the observer current.

    New articles wait in a batch that is written in one go (:meth:`commit`); an updated
    article is written at once, after the batch, in a transaction of its own."""

    def __init__(
        self,
        store: GraphStore,
        summary: BuildSummary,
        observer: BuildObserver | None,
        batch_size: int = BATCH_SIZE,
        track: bool = False,
    ) -> None:
        self.store = store
        # with ``track``: the graphs written and the entities of the graphs replaced, for
        # the incremental merge of the entity descriptions (:meth:`touched_entities`)
        self.track = track
        self.touched: set[str] = set()
        # the attestations of the graphs written, less those of the graphs replaced
        self.changes: merge.Attestations = Counter()
        self.batch_size = max(1, batch_size)
        self.summary = summary
        self.observer = observer
        self.since_flush = 0
        self.batch: list[tuple[_Pending, ArticleOutcome, ArticleRecord]] = []

    def notify(self, status: Status, source: str, reason: str | None = None) -> None:
        if self.observer is not None:
            self.observer.article_done(status, source, reason)

    def fail(self, source: str, reason: str) -> None:
        self.summary.failed.append(Failure(source, reason))
        self.notify("failed", source, reason)

    def write(self, pending: _Pending, outcome: ArticleOutcome) -> None:
        article = pending.article
        if outcome.error is not None:
            self.fail(article.source, outcome.error)
            return
        record = ArticleRecord(
            article_id=article.id,
            content_hash=article.content_hash,
            source=article.source,
            graph_iri=outcome.graph_iri,
            article_iri=outcome.article_iri,
            title=article.title,
            published=article.published.iso() if article.published else None,
            triples=outcome.triples,
            text=article.text,
        )
        if pending.previous_hash is None and not pending.replaces:
            self.batch.append((pending, outcome, record))
            if len(self.batch) >= self.batch_size:
                self.commit()
            return
        self.commit()
        self._write_one(pending, outcome, record)

    def commit(self) -> None:
        """Write the batch of new articles."""
        batch, self.batch = self.batch, []
        if not batch:
            return
        try:
            self.store.add_articles([(outcome.graph_iri, outcome.ntriples, record) for _, outcome, record in batch])
        except (StoreError, SyntaxError, ValueError):
            # one article whose triples do not parse spoils the whole bulk load: write
            # them one at a time, so that only that article fails, then drop what the
            # bulk load left without a record
            for pending, outcome, record in batch:
                self._write_one(pending, outcome, record)
            self.store.drop_unrecorded()
            return
        for pending, outcome, _ in batch:
            self._written("added", pending, outcome)

    def touched_entities(self) -> set[str] | None:
        """The entities whose merged descriptions this build may have changed (None: it
        wrote too much to keep their changes in memory; merge all of them)."""
        return self.touched if self.track else None

    def _write_one(self, pending: _Pending, outcome: ArticleOutcome, record: ArticleRecord) -> None:
        source = pending.article.source
        lost: merge.Attestations | None = None
        if self.track:
            # the old graphs' entities: those of this article's previous version, and of
            # the article an edited file used to be (pending.replaces)
            old_graphs = list(pending.replaces)
            if pending.previous_hash is not None:
                old = self.store.article_record(record.article_id)
                if old is not None:
                    old_graphs.append(old.graph_iri)
            if old_graphs:
                self.touched |= self.store.entities_in_graphs(old_graphs)
                self.touched |= derived.keys_in_graphs(self.store, old_graphs)
                lost = self.store.attestations_in_graphs(old_graphs)
        try:
            self.store.replace_graph(outcome.graph_iri, outcome.ntriples, record, pending.replaces)
        except StoreError as error:
            self.fail(source, str(error))
            return
        except (SyntaxError, ValueError) as error:  # the article's triples are not valid RDF
            self.fail(source, f"cannot store its graph: {' '.join(str(error).split())[:300]}")
            return
        if lost and self.track:
            self.changes.subtract(lost)
        new = pending.previous_hash is None and not pending.replaces
        self._written("added" if new else "updated", pending, outcome)

    def _written(self, status: Status, pending: _Pending, outcome: ArticleOutcome) -> None:
        if status == "added":
            self.summary.added += 1
        else:
            self.summary.updated += 1
        self.summary.triples_written += outcome.triples
        if self.track:
            self.changes.update(merge.attestations(outcome.ntriples, self.touched))
            if len(self.changes) > CHANGES_MAX:
                self.track, self.touched, self.changes = False, set(), Counter()
        self.since_flush += 1
        if self.since_flush >= FLUSH_EVERY:
            self.store.flush()
            self.since_flush = 0
        self.notify(status, pending.article.source)


# --- removal --------------------------------------------------------------------------------


@dataclass(slots=True)
class RemoveResult:
    removed: list[ArticleRecord] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)
    entities: int | None = None


def remove(store: GraphStore, targets: Sequence[str], reader: Reader | None = None) -> RemoveResult:
    """Drop articles named by id, by the file they came from (even if that file is gone),
    or by the articles a still-existing file holds."""
    result = RemoveResult()
    # only the removed articles' entities are merged again, unless the descriptions were
    # already stale (a killed build): then all of them
    incremental = not store.entities_stale() and store.merge_inputs_kept()
    touched: set[str] = set()
    changes: merge.Attestations = Counter()
    _invalidate_summaries(store)
    for target in targets:
        records = _records_for(store, target, reader)
        if not records:
            result.not_found.append(target)
        for record in records:
            if incremental:
                touched |= store.entities_in_graphs([record.graph_iri])
                touched |= derived.keys_in_graphs(store, [record.graph_iri])
                lost = store.attestations_in_graphs([record.graph_iri])
            if store.remove_graph(record.graph_iri):
                result.removed.append(record)
                if incremental:
                    changes.subtract(lost)
    if result.removed:
        result.entities = store.recompute_entities(touched if incremental else None, changes if incremental else None)
        derived.refresh(store, touched if incremental else None)
        _refresh_summaries(store, touched if incremental else None)
        _refresh_viz(store)
    else:  # nothing removed: the tables still match (their stamp, cleared above, comes back)
        _refresh_summaries(store, set())
    return result


def _records_for(store: GraphStore, target: str, reader: Reader | None) -> list[ArticleRecord]:
    record = store.article_record(target)
    if record is not None:
        return [record]
    records = store.records_for_source(target)
    if records or not Path(target).is_file():
        return records
    if reader is None:
        from kg.ingest import read_path as reader
    found = []
    for item in reader(Path(target)):
        if isinstance(item, Article) and (record := store.article_record(item.id)) is not None:
            found.append(record)
    return found
