"""A real Oxigraph SPARQL server on a free loopback port, for the tests of `--endpoint`.

The `oxigraph` package of the test extra ships the server binary; the server is started
on 127.0.0.1 only and stopped (by its own process) when the `with` block ends.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_binary() -> str:
    """The `oxigraph` command; a missing one fails in CI (a broken install) and skips elsewhere."""
    binary = shutil.which("oxigraph")
    if binary is None:
        message = "the oxigraph server is not installed (pip install -e '.[test]')"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return binary


@contextmanager
def oxigraph_server(location: Path, nquads: bytes | None = None) -> Iterator[str]:
    """Start `oxigraph serve` on a store folder (loaded with ``nquads`` if given); yields its URL."""
    port = free_port()
    server = subprocess.Popen(
        [server_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1):
                    break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else "server died"
                assert time.monotonic() < deadline, "the oxigraph server did not answer"
                time.sleep(0.05)
        if nquads is not None:
            request = urllib.request.Request(
                f"{url}/store", data=nquads, method="POST", headers={"Content-Type": "application/n-quads"}
            )
            urllib.request.urlopen(request, timeout=30).close()
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
