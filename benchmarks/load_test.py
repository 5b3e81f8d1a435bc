"""A bounded load test of `kg serve` on loopback: concurrent clients asking canned questions.

    python benchmarks/load_test.py                       # starts kg serve on ./kg-store
    python benchmarks/load_test.py --store /tmp/kg-store --clients 20 --seconds 30
    python benchmarks/load_test.py --url http://127.0.0.1:8000 --clients 5 --seconds 3

Each client keeps one HTTP/1.1 connection open and asks the canned questions in turn,
each with its example parameters (``/queries/NAME.json?...``), until ``--seconds`` have
passed or ``--max-requests`` have been sent in all: the test always stops by itself.
It prints the throughput, the latency percentiles over all requests and per question,
and the errors (any status but 200, or a failed connection).  Target on the sample
store: no errors, p95 under 200 ms with 20 clients.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)
    sent: int = 0


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def question_paths(base: str) -> list[tuple[str, str]]:
    """(name, path) of every canned question with its example parameters."""
    with urllib.request.urlopen(base + "/queries.json", timeout=30) as response:
        listing = json.load(response)
    paths = []
    for query in listing:
        example = {p["name"]: p["example"] for p in query["parameters"] if p.get("example")}
        paths.append((query["name"], f"/queries/{query['name']}.json?{urllib.parse.urlencode(example)}"))
    return paths


def client(base: str, paths: list[tuple[str, str]], offset: int, deadline: float, limit: int, tally: Tally) -> None:
    target = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
    turn = offset
    try:
        while time.monotonic() < deadline:
            with tally.lock:
                if tally.sent >= limit:
                    return
                tally.sent += 1
            name, path = paths[turn % len(paths)]
            turn += 1
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Accept": "application/sparql-results+json"})
                response = connection.getresponse()
                response.read()
                failed = None if response.status == 200 else f"HTTP {response.status} {name}"
            except (OSError, http.client.HTTPException) as error:
                failed = f"{type(error).__name__} {name}"
                connection.close()
                connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
            elapsed = time.perf_counter() - started
            with tally.lock:
                if failed:
                    tally.errors[failed] += 1
                else:
                    tally.latencies[name].append(elapsed)
    finally:
        connection.close()


def run(base: str, clients: int, seconds: float, limit: int) -> Tally:
    paths = question_paths(base)
    tally = Tally()
    started = time.monotonic()
    deadline = started + seconds
    threads = [
        threading.Thread(target=client, args=(base, paths, n, deadline, limit, tally), daemon=True)
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    tally.elapsed = time.monotonic() - started  # type: ignore[attr-defined]
    return tally


def report(tally: Tally, clients: int) -> str:
    every = [x for values in tally.latencies.values() for x in values]
    errors = sum(tally.errors.values())
    elapsed = getattr(tally, "elapsed", 0.0) or 1.0
    lines = [
        f"clients {clients}  seconds {elapsed:.1f}  requests {len(every) + errors}  errors {errors}",
        f"throughput {len(every) / elapsed:.1f} req/s",
        f"latency ms  p50 {percentile(every, 0.50) * 1000:.1f}  p95 {percentile(every, 0.95) * 1000:.1f}  "
        f"p99 {percentile(every, 0.99) * 1000:.1f}  max {max(every, default=0) * 1000:.1f}  "
        f"mean {statistics.fmean(every) * 1000 if every else 0:.1f}",
        "",
        f"{'question':28} {'n':>6} {'p50 ms':>8} {'p95 ms':>8}",
    ]
    for name in sorted(tally.latencies):
        values = tally.latencies[name]
        lines.append(
            f"{name:28} {len(values):6d} {percentile(values, 0.5) * 1000:8.1f} {percentile(values, 0.95) * 1000:8.1f}"
        )
    for kind, count in tally.errors.most_common():
        lines.append(f"error: {kind} x{count}")
    return "\n".join(lines)


@contextlib.contextmanager
def own_server(store: str, workers: int | None, cache_mb: int | None) -> Iterator[str]:
    """``kg serve`` on a free loopback port for the length of the test."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    command = [sys.executable, "-m", "kg", "serve", "--store", store, "--port", str(port), "--log-level", "warning"]
    if workers:
        command += ["--workers", str(workers)]
    if cache_mb is not None:
        command += ["--cache-mb", str(cache_mb)]
    process = subprocess.Popen(command, env=env, cwd=REPO)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise SystemExit(f"load_test: kg serve exited with status {process.returncode}")
            with contextlib.suppress(OSError), urllib.request.urlopen(base + "/status", timeout=2) as response:
                if response.status == 200:
                    break
            if time.monotonic() > deadline:
                raise SystemExit("load_test: kg serve did not start within 60 s")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--url", help="a running kg serve (default: start one on --store)")
    target.add_argument("--store", default="kg-store", help="store to serve when no --url (default ./kg-store)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--seconds", type=float, default=30.0, help="how long (default 30)")
    parser.add_argument("--max-requests", type=int, default=200_000, help="stop after this many requests")
    parser.add_argument("--workers", type=int, default=None, help="--workers of the server started here")
    parser.add_argument(
        "--cache-mb", type=int, default=None, help="--cache-mb of the server started here (0: every request is run)"
    )
    options = parser.parse_args()
    if options.clients < 1 or options.seconds <= 0:
        parser.error("--clients and --seconds must be positive")
    if options.url:
        tally = run(options.url.rstrip("/"), options.clients, options.seconds, options.max_requests)
    else:
        if not (Path(options.store) / "CURRENT").is_file():
            parser.error(f"no store at {options.store}: run `kg build data/articles` first, or pass --url")
        with own_server(options.store, options.workers, options.cache_mb) as base:
            tally = run(base, options.clients, options.seconds, options.max_requests)
    print(report(tally, options.clients))
    return 0


if __name__ == "__main__":
    sys.exit(main())
