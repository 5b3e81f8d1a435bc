"""Where the requests' work runs, so that one slow query never holds up the others.

The web process only talks HTTP.  Every query (the endpoint's, a canned query, the
SPARQL behind an entity page or a network) is a *task*: a module-level function called
as ``function(store, *args)`` in a worker that holds the store open read-only.

* Embedded store: a pool of worker **processes**.  Oxigraph releases the GIL while it
  evaluates, so threads would keep the server responsive too, but a thread cannot be
  stopped: a runaway query would burn a core until it ended by itself.  A process can:
  when a task outlives ``--timeout`` its worker is killed, the client gets a 503 with the
  reason, and a fresh worker takes its place in the background.
* Remote endpoint: a pool of threads (the work is an HTTP request, whose own timeout
  is set to ``--timeout``; the remote server does the evaluating).

A request waits for a free worker at most ``wait_limit`` seconds, then gets a 503.

Besides the ``workers`` of the pool, ``reserve`` more processes are kept for short work
while the pool is busy: a task goes there only when no pool worker is free and its caller
says it may (:mod:`kg.serve.app` keeps clients whose queries run long out of it), and it
is stopped there after ``reserve_timeout`` seconds.  So a few runaway queries can hold
every pool worker for ``--timeout`` seconds, yet a quick question is still answered at once.

Idle workers are pinged every few seconds: one that died or stopped (SIGSTOP, a hung
store) is replaced before a user's request finds it.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import itertools
import logging
import multiprocessing
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Protocol

from kg.store import GraphStore, RemoteStore, StoreError, open_graph_store

log = logging.getLogger("kg.serve")

Task = Callable[..., Any]  # function(store, *args)
STARTUP_LIMIT = 60.0  # seconds a new worker may take to open the store
HEALTH_INTERVAL = 2.0  # seconds between pings of the idle workers
PING_LIMIT = 5.0  # seconds an idle worker may take to answer a ping (generous: a busy machine)
RESERVE_TIMEOUT = 2.0  # seconds a task may run on a reserve worker (at most --timeout)


class TaskError(Exception):
    """A task that did not give an answer: HTTP ``status`` and a one-line ``message``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class ReserveTimeout(TaskError):
    """A task stopped on a reserve worker: the pool was busy and it was not short (503)."""

    def __init__(self, limit: float) -> None:
        super().__init__(
            503,
            f"the server is busy with long queries and this one took more than {limit:g} s on the "
            "worker kept for short ones; try again shortly",
        )


class TaskTimeout(TaskError):
    """A task stopped by the time limit (503)."""

    def __init__(self, timeout: float) -> None:
        super().__init__(
            503,
            f"the query was stopped after the time limit of {timeout:g} s "
            "(kg serve --timeout); narrow it down, e.g. with LIMIT or more specific patterns",
        )


@dataclass(frozen=True, slots=True)
class StoreSpec:
    """How a worker opens the store (sent to worker processes, so plain values only)."""

    store: str | None = None
    endpoint: str | None = None
    timeout: float = 10.0

    def open(self) -> GraphStore:
        opened = open_graph_store(self.store, self.endpoint, read_only=True)
        if isinstance(opened, RemoteStore):
            opened.timeout = self.timeout
        return opened


def call_task(store: GraphStore, function: Task, args: tuple[Any, ...]) -> tuple[Any, ...]:
    """``("ok", value)`` or ``("error", status, message)``: every failure as an HTTP answer."""
    from kg.queries import ParameterError, QueryRunError
    from kg.serve.guard import Refused
    from kg.serve.views import NotFound

    try:
        return ("ok", function(store, *args))
    except TaskError as error:
        return ("error", error.status, error.message)
    except Refused as error:
        return ("error", 403, str(error))
    except NotFound as error:
        return ("error", 404, str(error))
    except SyntaxError as error:
        return ("error", 400, "SPARQL syntax error: " + _one_line(error))
    except ParameterError as error:
        return ("error", 400, _one_line(error))
    except (StoreError, QueryRunError) as error:
        status = 502 if isinstance(store, RemoteStore) else 500
        return ("error", status, _one_line(error))
    except OSError as error:
        return ("error", 500, "the store failed: " + _one_line(error))
    except MemoryError:
        return ("error", 503, "the query needed more memory than this server has; narrow it down")
    except Exception as error:  # a bug: keep the worker alive, log the traceback, answer in one line
        traceback.print_exc(file=sys.stderr)
        return ("error", 500, f"internal error: {type(error).__name__}: {_one_line(error)}")


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 500 else text[:497] + "..."


class Runner(Protocol):
    async def start(self) -> None: ...

    async def run(
        self, function: Task, *args: Any, reserve_ok: bool = True, on_start: Callable[[], None] | None = None
    ) -> Any: ...

    async def stop(self) -> None: ...

    def status(self) -> dict[str, Any]: ...


# -- worker processes -------------------------------------------------------------------


def _die_with_parent(parent: int) -> None:
    """A worker deep in a runaway query would notice its server gone only when the query
    ends: on Linux, ask the kernel to kill it with its parent (PR_SET_PDEATHSIG)."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)
    if os.getppid() != parent:  # the server died before that took effect
        os._exit(1)


def _worker_main(conn: Connection, spec: StoreSpec, parent: int) -> None:
    """A worker process: open the store, then answer tasks until the pipe closes."""
    _die_with_parent(parent)
    # Ctrl+C in a terminal reaches the whole process group: the server stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        store = spec.open()
    except StoreError as error:
        conn.send(("fatal", str(error)))
        return
    conn.send(("ready", os.getpid()))
    try:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                break
            if message is None:
                break
            if message == "ping":
                conn.send("pong")
                continue
            function, args = message
            reply = call_task(store, function, args)
            try:
                conn.send(reply)
            except (TypeError, AttributeError, ValueError) as error:  # an answer that cannot be pickled
                conn.send(("error", 500, f"internal error: cannot send the answer ({_one_line(error)})"))
    finally:
        store.close()


@dataclass(slots=True, eq=False)  # compared (and hashed) by identity
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    reserve: bool = False


def _exit_reason(process: multiprocessing.process.BaseProcess) -> str:
    """Why a worker ended, in words: a signal by name (SIGKILL is what the kernel's
    out-of-memory killer sends), or its exit code."""
    process.join(timeout=1)
    code = process.exitcode
    if code is None:
        return "stopped answering"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        if -code == signal.SIGKILL:
            return f"was killed ({name}; out of memory?)"
        return f"crashed ({name})"
    return f"exited with code {code}"


class ProcessRunner:
    """A pool of worker processes for the embedded store (see the module docstring)."""

    def __init__(
        self,
        spec: StoreSpec,
        workers: int,
        timeout: float,
        wait_limit: float | None = None,
        reserve: int = 0,
        reserve_timeout: float = RESERVE_TIMEOUT,
    ) -> None:
        self.spec = spec
        self.size = max(1, workers)
        self.reserve = max(0, reserve)
        self.timeout = timeout
        self.reserve_timeout = min(timeout, reserve_timeout)
        self.wait_limit = timeout if wait_limit is None else wait_limit
        self._context = multiprocessing.get_context("spawn")  # fork is unsafe under a running event loop
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._spare: asyncio.Queue[_Worker] = asyncio.Queue()  # the reserve's idle workers
        self._monitor: asyncio.Task[None] | None = None
        self._all: set[_Worker] = set()
        self._replacing: set[asyncio.Task[None]] = set()
        self._stopping = False
        self.timeouts = 0  # tasks stopped by the time limit
        self.restarts = 0  # workers replaced (after a timeout, a crash or a cancelled request)
        self.last_size = 0  # bytes of the last answer received (read at once by the caller)
        self.busy = 0
        self.reserve_used = 0  # tasks run on a reserve worker
        self.health_replaced = 0  # idle workers found dead or stopped by the pings

    async def start(self) -> None:
        """Start every worker; :class:`StoreError` when they cannot open the store."""
        roles = [False] * self.size + [True] * self.reserve
        started = await asyncio.gather(*(self._spawn(role) for role in roles), return_exceptions=True)
        failure = next((w for w in started if isinstance(w, BaseException)), None)
        if failure is not None:
            for worker in started:
                if isinstance(worker, _Worker):
                    self._kill(worker)
            raise failure
        for worker in started:
            self._queue_of(worker).put_nowait(worker)  # type: ignore[arg-type]
        self._monitor = asyncio.get_running_loop().create_task(self._watch())

    def _queue_of(self, worker: _Worker) -> asyncio.Queue[_Worker]:
        return self._spare if worker.reserve else self._idle

    async def _watch(self) -> None:
        """Ping the idle workers now and then; replace one that does not answer."""
        while not self._stopping:
            await asyncio.sleep(HEALTH_INTERVAL)
            for queue in (self._idle, self._spare):
                for _ in range(queue.qsize()):
                    try:
                        worker = queue.get_nowait()
                    except asyncio.QueueEmpty:
                        break
                    healthy = False
                    with contextlib.suppress(OSError, EOFError):
                        if worker.process.is_alive():
                            worker.conn.send("ping")
                            healthy = await _readable(worker.conn, PING_LIMIT) and worker.conn.recv() == "pong"
                    if healthy:
                        queue.put_nowait(worker)
                    elif not self._stopping:
                        log.warning("a query worker %s; replacing it", _exit_reason(worker.process))
                        self.health_replaced += 1
                        self._retire(worker)

    async def _take(self, reserve_ok: bool) -> tuple[_Worker, bool]:
        """A free worker (pool first; the reserve when allowed and the pool is full) and
        whether it is a reserve worker; TimeoutError after ``wait_limit``."""
        with contextlib.suppress(asyncio.QueueEmpty):
            return self._idle.get_nowait(), False
        if not (reserve_ok and self.reserve):
            return await asyncio.wait_for(self._idle.get(), self.wait_limit), False
        with contextlib.suppress(asyncio.QueueEmpty):
            return self._spare.get_nowait(), True
        getters = {asyncio.ensure_future(queue.get()): queue for queue in (self._idle, self._spare)}
        try:
            await asyncio.wait(getters, timeout=self.wait_limit, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for getter in getters:
                getter.cancel()
            outcomes = await asyncio.gather(*getters, return_exceptions=True)
        taken = [(g, worker) for g, worker in zip(getters, outcomes, strict=True) if isinstance(worker, _Worker)]
        if not taken:
            raise TimeoutError
        for getter, worker in taken[1:]:  # both got one at the same moment: give one back
            getters[getter].put_nowait(worker)
        worker = taken[0][1]
        return worker, worker.reserve

    async def _spawn(self, reserve: bool = False) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main, args=(child, self.spec, os.getpid()), daemon=True, name="kg-serve-worker"
        )
        process.start()
        child.close()
        worker = _Worker(process, parent, reserve)
        self._all.add(worker)
        if not await _readable(parent, STARTUP_LIMIT):
            self._kill(worker)
            raise StoreError(f"a query worker did not start within {STARTUP_LIMIT:g} s")
        try:
            message = parent.recv()
        except (EOFError, OSError):
            self._kill(worker)
            raise StoreError(f"a query worker stopped while starting (exit code {process.exitcode})") from None
        if message[0] != "ready":
            self._kill(worker)
            raise StoreError(message[1])
        return worker

    async def run(
        self, function: Task, *args: Any, reserve_ok: bool = True, on_start: Callable[[], None] | None = None
    ) -> Any:
        """``function(store, *args)`` in a worker; ``reserve_ok``: it may use a reserve worker
        (with its shorter limit) when the pool is full; ``on_start`` is called when a worker
        takes it (the wait for one does not count as running)."""
        while True:
            try:
                worker, spare = await self._take(reserve_ok)
            except TimeoutError:
                raise TaskError(
                    503,
                    f"the server is busy: all {self.size} query workers were taken for {self.wait_limit:g} s; "
                    "try again shortly",
                ) from None
            if worker.process.is_alive():
                break
            self._retire(worker)  # died while idle, before the pings found it
        if on_start is not None:
            on_start()
        healthy = False
        self.busy += 1
        self.reserve_used += spare
        limit = self.reserve_timeout if spare else self.timeout
        try:
            worker.conn.send((function, args))
            if not await _readable(worker.conn, limit):
                if spare:
                    raise ReserveTimeout(limit)
                self.timeouts += 1
                raise TaskTimeout(self.timeout)
            raw = worker.conn.recv_bytes()
            healthy = True
        except (EOFError, OSError):
            raise TaskError(
                500, f"the query worker {_exit_reason(worker.process)}; it is being replaced"
            ) from None
        finally:
            self.busy -= 1
            if healthy:
                self._queue_of(worker).put_nowait(worker)
            else:
                self._retire(worker)
        message = pickle.loads(raw)
        if message[0] == "ok":
            self.last_size = len(raw)
            return message[1]
        raise TaskError(message[1], message[2])

    def _retire(self, worker: _Worker) -> None:
        """Kill a worker whose task was abandoned, and start its replacement."""
        self._kill(worker)
        if self._stopping:
            return
        self.restarts += 1
        task = asyncio.get_running_loop().create_task(self._replace(worker.reserve))
        self._replacing.add(task)
        task.add_done_callback(self._replacing.discard)

    async def _replace(self, reserve: bool = False) -> None:
        delay = 0.5
        while not self._stopping:
            try:
                worker = await self._spawn(reserve)
            except StoreError as error:
                log.error("cannot start a query worker: %s; retrying in %g s", error, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)
                continue
            if self._stopping:
                self._kill(worker)
            else:
                self._queue_of(worker).put_nowait(worker)
            return

    def _kill(self, worker: _Worker) -> None:
        self._all.discard(worker)
        with contextlib.suppress(OSError):
            worker.conn.close()
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=5)

    async def stop(self) -> None:
        self._stopping = True
        if self._monitor is not None:
            self._monitor.cancel()
        for task in list(self._replacing):
            task.cancel()
        for worker in list(self._all):
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        for worker in list(self._all):
            worker.process.join(timeout=1)
            self._kill(worker)

    def status(self) -> dict[str, Any]:
        return {
            "mode": "processes",
            "workers": self.size,
            "reserve": self.reserve,
            "alive": sum(1 for w in self._all if w.process.is_alive()),
            "busy": self.busy,
            "idle": self._idle.qsize(),
            "reserve_idle": self._spare.qsize(),
            "timeouts": self.timeouts,
            "restarts": self.restarts,
            "reserve_used": self.reserve_used,
            "health_replaced": self.health_replaced,
            "pids": self.worker_pids(),
        }

    def worker_pids(self) -> list[int]:
        return sorted(w.process.pid for w in self._all if w.process.pid is not None)


async def _readable(conn: Connection, timeout: float) -> bool:
    """Wait (without blocking the event loop) until ``conn`` has data; False on timeout."""
    if conn.poll(0):
        return True
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[None] = loop.create_future()
    descriptor = conn.fileno()

    def wake() -> None:
        if not ready.done():
            ready.set_result(None)

    loop.add_reader(descriptor, wake)
    try:
        await asyncio.wait_for(ready, timeout)
        return True
    except TimeoutError:
        return False
    finally:
        loop.remove_reader(descriptor)


# -- threads (remote endpoint) ----------------------------------------------------------------


class ThreadRunner:
    """Tasks in threads, for a remote endpoint: the HTTP timeout bounds each one."""

    def __init__(self, spec: StoreSpec, workers: int, timeout: float, wait_limit: float | None = None) -> None:
        self.spec = spec
        self.size = max(1, workers)
        self.timeout = timeout
        self.wait_limit = timeout if wait_limit is None else wait_limit
        self._store: GraphStore | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._slots = asyncio.Semaphore(self.size)
        self.timeouts = 0
        self.busy = 0

    async def start(self) -> None:
        self._store = self.spec.open()
        self._executor = ThreadPoolExecutor(max_workers=self.size * 2, thread_name_prefix="kg-serve")

    async def run(
        self, function: Task, *args: Any, reserve_ok: bool = True, on_start: Callable[[], None] | None = None
    ) -> Any:
        assert self._store is not None and self._executor is not None, "start() first"
        try:
            await asyncio.wait_for(self._slots.acquire(), self.wait_limit)
        except TimeoutError:
            raise TaskError(503, "the server is busy; try again shortly") from None
        if on_start is not None:
            on_start()
        self.busy += 1
        try:
            loop = asyncio.get_running_loop()
            future = loop.run_in_executor(self._executor, call_task, self._store, function, args)
            try:
                message = await asyncio.wait_for(future, self.timeout + 1)
            except TimeoutError:
                self.timeouts += 1
                raise TaskTimeout(self.timeout) from None
        finally:
            self.busy -= 1
            self._slots.release()
        if message[0] == "ok":
            return message[1]
        raise TaskError(message[1], message[2])

    async def stop(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
        if self._store is not None:
            self._store.close()

    def status(self) -> dict[str, Any]:
        return {"mode": "threads", "workers": self.size, "busy": self.busy, "timeouts": self.timeouts}


def make_runner(spec: StoreSpec, workers: int, timeout: float, reserve: int = 1) -> Runner:
    if spec.endpoint:
        return ThreadRunner(spec, workers, timeout)
    return ProcessRunner(spec, workers, timeout, reserve=reserve)


# -- answers kept ------------------------------------------------------------------------------


class AnswerCache:
    """The answers of recent tasks, least recently used out first, within a byte budget.

    Only for the embedded store: its workers read the store as it was when they opened it
    (restart `kg serve` after `kg build`), so the same task always gives the same answer.
    Failures are not kept."""

    def __init__(self, budget_bytes: int) -> None:
        from collections import OrderedDict

        self.budget = budget_bytes
        self.used = 0
        self._entries: OrderedDict[tuple[Any, ...], tuple[Any, int]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(function: Task, args: tuple[Any, ...]) -> tuple[Any, ...] | None:
        try:
            hash(args)
        except TypeError:
            return None
        return (function.__module__, function.__qualname__, args)

    def get(self, key: tuple[Any, ...]) -> tuple[bool, Any]:
        entry = self._entries.get(key)
        if entry is None:
            self.misses += 1
            return False, None
        self._entries.move_to_end(key)
        self.hits += 1
        return True, entry[0]

    def put(self, key: tuple[Any, ...], value: Any, size_hint: int = 0) -> None:
        size = max(approximate_size(value), size_hint)
        if size > self.budget // 8:  # one huge answer must not flush everything else
            return
        if key in self._entries:
            self.used -= self._entries.pop(key)[1]
        self._entries[key] = (value, size)
        self.used += size
        while self.used > self.budget and self._entries:
            _, (_, dropped) = self._entries.popitem(last=False)
            self.used -= dropped

    def status(self) -> dict[str, Any]:
        return {"entries": len(self._entries), "bytes": self.used, "hits": self.hits, "misses": self.misses}


def approximate_size(value: Any, depth: int = 0) -> int:
    """An estimate of the memory an answer holds: bytes and text exactly, an answer by its
    body, rows and other containers by measuring (a sample of) their items."""
    if isinstance(value, bytes | str):
        return len(value) + 64
    if value is None or isinstance(value, bool | int | float):
        return 32
    if depth > 6:
        return 256
    body = getattr(value, "body", None)
    if isinstance(body, bytes):  # a written answer (sparql.Answer)
        return len(body) + 256
    if isinstance(value, dict):
        items = list(itertools.islice(value.items(), 200))
        measured = sum(approximate_size(k, depth + 1) + approximate_size(v, depth + 1) for k, v in items)
        return 64 + (measured * len(value) // len(items) if items else 0)
    if isinstance(value, tuple | list | set | frozenset):
        sample = list(itertools.islice(value, 200))  # long lists: measure the first 200 and scale
        measured = sum(approximate_size(item, depth + 1) for item in sample)
        return 64 + (measured * len(value) // len(sample) if sample else 0)
    term = getattr(value, "value", None)
    if isinstance(term, str):  # an RDF term: its text and the object around it
        return len(term) + 128
    if dataclasses.is_dataclass(value):
        return 64 + sum(approximate_size(getattr(value, f.name), depth + 1) for f in dataclasses.fields(value))
    return 4096
