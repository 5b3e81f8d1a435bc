"""Reading the embedded store in a child process that cannot take the machine down.

Oxigraph evaluates a query in native code: Ctrl-C is not seen until it returns, and a
store damaged in place (a zeroed block in an .sst file) can make the evaluator collect
errors until the machine runs out of memory (21 GB before the OOM killer acted, in the
report that led to this module).  So `kg query` and `kg stats` run their work on the
embedded store in a spawned child process that

* has its address space capped (``$KG_MEMORY_LIMIT`` in MB, default 4 GB or half the
  RAM if that is less);
* is killed on Ctrl-C (exit status 130) or after ``--timeout`` seconds (exit 2);
* writes its stderr to a file, so that a native crash message never reaches the user.

A child that dies without an answer is followed by a check of the store (every quad
read once, in a child under the same cap): a checksum error is reported as a damaged
store, anything else as a query that needed more memory than the cap.  Either way:
one line on stderr and exit status 2.

The child also says whether the store was left half-built (the merged entity
descriptions not recomputed, or a bulk load cut short): the caller warns in one line.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import tempfile
import time
from collections.abc import Callable
from typing import Any, TypeVar

import click

from kg.commands._common import half_built
from kg.store import EmbeddedStore, StoreError

T = TypeVar("T")

DEFAULT_CAP = 4 * 1024**3
DAMAGED_HINT = "restore a backup or rebuild it with kg build into a new --store"


class IsolatedFailure(click.ClickException):
    """One line on stderr, exit status 2."""

    exit_code = 2


class Interrupted(click.ClickException):
    exit_code = 130

    def show(self, file: Any = None) -> None:
        click.echo(self.message, err=True)


def memory_limit() -> int | None:
    """Bytes the child may map: $KG_MEMORY_LIMIT (MB; 0 for no cap), else 4 GB or half the RAM."""
    given = os.environ.get("KG_MEMORY_LIMIT", "").strip()
    if given:
        try:
            megabytes = int(given)
        except ValueError:
            raise IsolatedFailure(f"KG_MEMORY_LIMIT={given!r} is not a number of megabytes") from None
        return megabytes * 1024 * 1024 if megabytes > 0 else None
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None
    # enough for every query we ship on 1,200 articles with room to spare (1 GB does),
    # small enough that a damaged store is caught in seconds, not after swapping
    return min(total // 2, DEFAULT_CAP)


def _child(connection: Any, store_path: str, task: Callable[[EmbeddedStore], Any], limit: int | None, log: str) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C does
    with open(log, "wb") as stream:
        os.dup2(stream.fileno(), 2)
    if limit:
        import resource

        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        with EmbeddedStore(store_path, read_only=True) as store:
            warnings = half_built(store)
            result = task(store)
        connection.send(("ok", result, warnings))
    except StoreError as error:
        connection.send(("fail", str(error), []))
    except MemoryError:
        connection.send(("memory", "", []))
    except RuntimeError as error:  # RocksDB reports damaged blocks as RuntimeError
        text = " ".join(str(error).split())
        if "corruption" in text.lower() or "checksum" in text.lower():
            connection.send(("fail", f"store {store_path} is damaged ({text[:200]}); {DAMAGED_HINT}", []))
        else:
            connection.send(("raise", error, []))
    except BaseException as error:  # the caller's own one-line errors travel back as they are
        connection.send(("raise", error, []))


def run_isolated(
    store_path: str,
    task: Callable[[EmbeddedStore], T],
    *,
    timeout: float | None = None,
    what: str = "the query",
) -> T:
    """``task(store)`` on the store opened read-only in a child process (see the module
    docstring); ``task`` must be picklable (a module-level function or a partial)."""
    limit = memory_limit()
    result = _spawn(store_path, task, limit, timeout, what)
    if result is None:
        raise IsolatedFailure(_diagnose(store_path, limit, what))
    kind, value, warnings = result
    for warning in warnings:
        click.echo(warning, err=True)
    if kind == "ok":
        return value  # type: ignore[no-any-return]
    if kind == "fail":
        raise IsolatedFailure(value)
    if kind == "memory":
        raise IsolatedFailure(_diagnose(store_path, limit, what))
    raise value


def _spawn(
    store_path: str, task: Callable[[EmbeddedStore], Any], limit: int | None, timeout: float | None, what: str
) -> tuple[str, Any, list[str]] | None:
    """The child's message, or None when it died without one."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    handle, log = tempfile.mkstemp(prefix="kg-child-", suffix=".log")
    os.close(handle)
    process = context.Process(target=_child, args=(sender, store_path, task, limit, log), daemon=True)
    try:
        process.start()
        sender.close()
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            if receiver.poll(0.1):
                try:
                    return receiver.recv()  # type: ignore[no-any-return]
                except EOFError:
                    return None
            if not process.is_alive() and not receiver.poll(0):
                return None
            if deadline is not None and time.monotonic() > deadline:
                raise IsolatedFailure(f"{what} took longer than {timeout:g} s (--timeout) and was stopped")
    except KeyboardInterrupt:
        raise Interrupted(f"interrupted: {what} was stopped") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join(timeout=10)
        receiver.close()
        with contextlib.suppress(OSError):
            os.unlink(log)


def verify_store(store: EmbeddedStore) -> int:
    """Read every quad once (RocksDB checks each block's checksum as it reads it);
    raises RuntimeError on a damaged block.  Returns the number of quads."""
    return sum(1 for _ in store.oxigraph.quads_for_pattern(None, None, None, None))


def _diagnose(store_path: str, limit: int | None, what: str) -> str:
    """Why a child died: a damaged store, or simply not enough memory."""
    cap = f"{limit // (1024 * 1024)} MB" if limit else "the machine's memory"
    checked = _spawn(store_path, verify_store, limit, None, "the store check")
    if checked is not None and checked[0] == "fail":
        return str(checked[1])
    if checked is not None and checked[0] == "ok":
        return f"{what} needed more memory than its cap of {cap} (raise $KG_MEMORY_LIMIT, in MB) and was stopped"
    return f"store {store_path} cannot be read: it looks damaged; {DAMAGED_HINT}"

