"""A store of the sample articles and a real `kg serve` process on a free loopback port.

The store is built once per test session with the real pipeline (spaCy extractor, rdf,
store), exactly as ``kg build data/articles`` does; each test module that needs a
server starts its own ``python -m kg serve`` on it and stops it at the end.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
ARTICLES = REPO / "data" / "articles"
_BUILT: dict[str, Path] = {}
LOGS: dict[str, Any] = {}  # base URL -> the server's log file (stdout and stderr), while it runs


def sample_store(folder: Path) -> Path:
    """``folder/store`` built from data/articles (once per session: later calls reuse it)."""
    if "store" not in _BUILT:
        from kg.build import build
        from kg.store import EmbeddedStore

        target = folder / "store"
        with EmbeddedStore(target) as store:
            summary = build(store, [str(ARTICLES)], jobs=2)
        assert summary.ok and summary.added == len(list(ARTICLES.glob("*.txt"))), summary
        _BUILT["store"] = target
    return _BUILT["store"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str, accept: str | None = None, timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
    """Status, headers (lower-case names) and body of a GET, error statuses included."""
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def post(
    url: str, body: bytes, content_type: str, accept: str | None = None, timeout: float = 30
) -> tuple[int, dict[str, str], bytes]:
    headers = {"Content-Type": content_type, **({"Accept": accept} if accept else {})}
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def fetch(
    url: str, source: str = "127.0.0.1", body: bytes | None = None, timeout: float = 30,
    headers: dict[str, str] | None = None,
) -> tuple[int, bytes]:
    """Status and body of a GET (POST with ``body``) sent from loopback address ``source``
    (any of 127.0.0.0/8 on Linux): a way to be several clients from one machine."""
    import http.client

    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout, source_address=(source, 0))
    try:
        path = parts.path + ("?" + parts.query if parts.query else "")
        connection.request("POST" if body is not None else "GET", path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def server_log(base: str) -> str:
    descriptor = LOGS[base].fileno()  # pread: the server shares (and moves) the file's offset
    return os.pread(descriptor, os.fstat(descriptor).st_size, 0).decode("utf-8", "replace")


@contextlib.contextmanager
def running_server(store: Path | None, *options: str) -> Iterator[str]:
    """``kg serve [--store STORE] OPTIONS`` on a free port; yields its base URL."""
    port = free_port()
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in the finally below, after the server
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    command = [sys.executable, "-m", "kg", "serve", "--port", str(port)]
    if store is not None:
        command += ["--store", str(store)]
    process = subprocess.Popen(
        [*command, "--log-level", "warning", *options], stdout=log, stderr=subprocess.STDOUT, env=env, cwd=REPO
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"kg serve exited with {process.returncode}: {log.read().decode()[-2000:]}")
            with contextlib.suppress(OSError):
                status, _, body = get(base + "/status", timeout=2)
                if status == 200 and json.loads(body)["runner"].get("idle", 1) >= 1:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("kg serve did not answer within 60 s")
            time.sleep(0.1)
        LOGS[base] = log
        yield base
    finally:
        LOGS.pop(base, None)
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()

