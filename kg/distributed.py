"""Extraction past one machine, on Dask distributed.

The per-article pipeline (:func:`kg.pipeline.article_graph`) is a pure function of the
article, so spreading it over machines needs no engine of our own: Dask's scheduler
hands tasks to workers, retries those of a worker that died, and streams results back.

* :func:`connect` gives a ``distributed.Client``: ``"local"`` (or None) starts a
  ``LocalCluster`` of worker processes on this machine; any other value is the address
  of a running scheduler (``tcp://10.0.0.5:8786``), started with ``dask scheduler``
  and joined by ``dask worker ADDRESS`` on each machine (see docs/scaling.md).
* :func:`map_dask` maps a function over items with a bounded number of tasks in
  flight, yielding ``(item, result)`` as tasks finish, so memory does not grow with
  the corpus and the caller (the store writer) can write each result at once.
* :func:`map_articles_dask` maps per-file tasks: a worker reads the file itself
  (:func:`kg.ingest.read_path`, so the files must be readable from every worker, e.g.
  a shared folder) and runs ``process`` on each article in it.

``kg build --engine dask --scheduler ADDR`` uses :func:`map_dask` with the build's own
per-article task (:func:`kg.build.process_article`); the main process keeps reading
the inputs, skipping unchanged articles and writing the store.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from distributed import Client

Item = TypeVar("Item")
Result = TypeVar("Result")

#: Worker processes of the cluster started for ``--scheduler local``.
LOCAL_WORKERS = 2


class DaskUnavailable(RuntimeError):
    """Dask distributed is not installed, or the scheduler cannot be reached (one line)."""


def _client_class() -> Any:
    try:
        from distributed import Client
    except ImportError:
        raise DaskUnavailable(
            "the dask engine needs Dask distributed: pip install 'dask[distributed]' (or '.[dask]')"
        ) from None
    return Client


@contextlib.contextmanager
def connect(scheduler: str | None = None, *, workers: int = LOCAL_WORKERS, timeout: str = "20s") -> Iterator[Client]:
    """A client of ``scheduler``; "local" or None starts (and afterwards stops) a cluster of
    ``workers`` single-threaded worker processes on this machine.  A scheduler that does
    not answer within ``timeout`` raises :class:`DaskUnavailable`."""
    client_class = _client_class()
    if scheduler in (None, "", "local"):
        from distributed import LocalCluster

        # One thread per worker: the extractor is CPU-bound Python, threads would only
        # contend for the GIL.  Ports are picked free (":0"), so that two clusters on one
        # machine do not fight over Dask's default dashboard port.
        options = {"n_workers": workers, "threads_per_worker": 1, "processes": True, "dashboard_address": ":0"}
        with LocalCluster(**options) as cluster, client_class(cluster) as client:
            yield client
        return
    try:
        client = client_class(scheduler, timeout=timeout)
    except (OSError, TimeoutError) as error:
        raise DaskUnavailable(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
    try:
        yield client
    finally:
        client.close()


def worker_threads(client: Client) -> int:
    """How many tasks the cluster runs at once (its workers' threads)."""
    try:
        return max(1, sum(client.nthreads().values()))
    except Exception:  # a scheduler that does not answer this is still usable
        return 1


def map_dask(
    items: Iterable[Item],
    function: Callable[..., Result],
    client: Client,
    *args: Any,
    in_flight: int | None = None,
    return_exceptions: bool = False,
) -> Iterator[tuple[Item, Result | BaseException]]:
    """``(item, function(item, *args))`` for every item, in the order tasks finish.

    At most ``in_flight`` tasks (default: twice the cluster's worker threads) are
    submitted at a time; the next item is read only when a task has finished, so a
    lazy iterable of items stays lazy.  A task that raises (or whose workers kept dying,
    Dask's ``KilledWorker``) re-raises here, or with ``return_exceptions`` comes back as
    the exception in place of a result.
    """
    from distributed import as_completed

    limit = in_flight or 2 * worker_threads(client)
    source = iter(items)
    pending: dict[Any, Item] = {}

    def submit(item: Item) -> Any:
        # pure=False: the same article submitted twice (a retry) is run again, not deduplicated
        future = client.submit(function, item, *args, pure=False)
        pending[future] = item
        return future

    first = []
    for item in source:
        first.append(submit(item))
        if len(first) >= limit:
            break
    finished = as_completed(first)
    try:
        for future in finished:
            item = pending.pop(future)
            try:
                result: Result | BaseException = future.result()
            except Exception as error:
                if not return_exceptions:
                    raise
                result = error
            future.release()
            nxt = next(source, _END)
            if nxt is not _END:
                finished.add(submit(nxt))  # type: ignore[arg-type]
            yield item, result
    finally:
        for future in pending:
            future.cancel()


_END = object()


def process_file(path: str, process: Callable[[Any], Result] | None = None) -> list[Result | Any]:
    """In a worker: every article of one file through ``process`` (default
    :func:`kg.pipeline.article_graph`); a file's input errors come back as they are."""
    from kg.facts import Article
    from kg.ingest import read_path

    if process is None:
        from kg.pipeline import article_graph as process
    out: list[Any] = []
    for item in read_path(Path(path)):
        out.append(process(item) if isinstance(item, Article) else item)
    return out


def map_articles_dask(
    paths: Iterable[str | Path],
    scheduler: str | None,
    process: Callable[[Any], Result] | None = None,
    *,
    in_flight: int | None = None,
) -> Iterator[Result | Any]:
    """``process(article)`` for every article of ``paths`` (files), computed on Dask
    workers one file per task, yielded as files finish (input errors pass through as
    :class:`kg.errors.InputError` values).  ``scheduler`` as in :func:`connect`."""
    with connect(scheduler) as client:
        files = (str(p) for p in paths)
        for _, results in map_dask(files, process_file, client, process, in_flight=in_flight):
            yield from results  # type: ignore[misc]
