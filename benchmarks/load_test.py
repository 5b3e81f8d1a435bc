"""A bounded load test of `kg serve` on loopback: concurrent clients asking canned questions.

    python benchmarks/load_test.py                       # starts kg serve on ./kg-store
    python benchmarks/load_test.py --store /tmp/kg-store --clients 20 --seconds 30
    python benchmarks/load_test.py --url http://127.0.0.1:8000 --clients 5 --seconds 3
    python benchmarks/load_test.py --store /tmp/kg-store --attack      # normal clients beside attackers

Each client keeps one HTTP/1.1 connection open and asks the canned questions in turn,
each with its example parameters (``/queries/NAME.json?...``), until ``--seconds`` have
passed or ``--max-requests`` have been sent in all: the test always stops by itself.
It prints the throughput, the latency percentiles over all requests and per question,
and the errors (any status but 200, or a failed connection).  Target on the sample
store: no errors, p95 under 200 ms with 20 clients.

With ``--attack`` attackers run beside the normal clients for the same time, each from
its own loopback address (Linux routes all of 127.0.0.0/8 to this machine; the normal
clients use 127.0.1.N): two looping fresh runaway queries (a three-way cross product with
a new constant each time), one holding 300 idle sockets open (opening more as the server
closes them), one asking for big answers (every triple, a new comment each time so that
nothing is answered from the cache), and one sending queries nested 3,000 brackets deep.
It prints what the attackers got back (status counts) and the server's memory (the web
process and its workers, resident, the largest seen while the test ran).
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
    source = (f"127.0.1.{offset % 250 + 1}", 0) if target.hostname == "127.0.0.1" else None
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30, source_address=source)
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
                connection = http.client.HTTPConnection(
                    target.hostname, target.port, timeout=30, source_address=source
                )
            elapsed = time.perf_counter() - started
            with tally.lock:
                if failed:
                    tally.errors[failed] += 1
                else:
                    tally.latencies[name].append(elapsed)
    finally:
        connection.close()


# -- the attackers (--attack) ------------------------------------------------------------------

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(?a != <urn:x:{tag}>) }}"
BIG = "SELECT * WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} # big answer {tag}"
DEEP = "SELECT * WHERE " + "{" * 3000 + "}" * 3000


@dataclass
class Attack:
    outcomes: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)
    idle_open: list[int] = field(default_factory=list)  # idle sockets held, sampled each second

    def note(self, who: str, what: str) -> None:
        with self.lock:
            self.outcomes[f"{who}: {what}"] += 1


def _ask(base: str, source: str, query: str, timeout: float = 60) -> str:
    target = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=timeout, source_address=(source, 0))
    try:
        body = query.encode("utf-8")
        connection.request("POST", "/sparql", body=body, headers={"Content-Type": "application/sparql-query"})
        response = connection.getresponse()
        response.read()
        return f"HTTP {response.status}"
    except (OSError, http.client.HTTPException) as error:
        return type(error).__name__
    finally:
        connection.close()


def query_attacker(base: str, who: str, source: str, template: str, deadline: float, attack: Attack) -> None:
    for number in range(10_000):  # bounded: stops at the deadline long before
        if time.monotonic() >= deadline:
            return
        attack.note(who, _ask(base, source, template.format(tag=f"{source}-{number}-{time.time_ns()}")))


def idle_attacker(base: str, source: str, deadline: float, attack: Attack, count: int = 300) -> None:
    """Keep ``count`` connections open that never send a byte, reopening those the server closes."""
    import select

    target = urllib.parse.urlsplit(base)
    held: list[socket.socket] = []
    try:
        for _ in range(10_000):
            if time.monotonic() >= deadline:
                return
            readable = select.select(held, [], [], 0)[0] if held else []
            for sock in readable:  # the server answered (503, 408) or closed it
                with contextlib.suppress(OSError):
                    sock.recv(4096)
                sock.close()
                held.remove(sock)
                attack.note("idle sockets", "closed by the server")
            while len(held) < count:
                try:
                    held.append(socket.create_connection((target.hostname, target.port), 5, (source, 0)))
                except OSError as error:
                    attack.note("idle sockets", type(error).__name__)
                    break
            attack.idle_open.append(len(held))
            time.sleep(1.0)
    finally:
        for sock in held:
            sock.close()


def start_attack(base: str, deadline: float) -> tuple[list[threading.Thread], Attack]:
    attack = Attack()
    plans: list[tuple[object, tuple[object, ...]]] = [
        (query_attacker, (base, "runaway queries", "127.0.0.10", RUNAWAY, deadline, attack)),
        (query_attacker, (base, "runaway queries", "127.0.0.11", RUNAWAY, deadline, attack)),
        (query_attacker, (base, "big answers", "127.0.0.30", BIG, deadline, attack)),
        (query_attacker, (base, "deep nesting", "127.0.0.40", DEEP, deadline, attack)),
        (idle_attacker, (base, "127.0.0.20", deadline, attack)),
    ]
    threads = [threading.Thread(target=target, args=args, daemon=True) for target, args in plans]  # type: ignore[arg-type]
    for thread in threads:
        thread.start()
    return threads, attack


def resident_kb(pids: list[int]) -> int:
    """Resident memory of these processes together (Linux /proc), in KiB."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError, ValueError), open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total


def watch_memory(base: str, server_pid: int | None, deadline: float, peaks: dict[str, int]) -> None:
    """Sample the server's memory every half second until ``deadline``."""
    for _ in range(100_000):
        if time.monotonic() >= deadline:
            return
        with contextlib.suppress(OSError, ValueError), urllib.request.urlopen(base + "/status", timeout=5) as answer:
            status = json.load(answer)
            web = status.get("rss_bytes") or 0
            peaks["web"] = max(peaks.get("web", 0), web // 1024)
            if server_pid is not None:
                every = resident_kb([server_pid, *status["runner"].get("pids", [])])
                peaks["all"] = max(peaks.get("all", 0), every)
        time.sleep(0.5)


def run(
    base: str, clients: int, seconds: float, limit: int, attack: bool = False, server_pid: int | None = None
) -> Tally:
    paths = question_paths(base)
    tally = Tally()
    started = time.monotonic()
    deadline = started + seconds
    threads = [
        threading.Thread(target=client, args=(base, paths, n, deadline, limit, tally), daemon=True)
        for n in range(clients)
    ]
    peaks: dict[str, int] = {}
    threads.append(threading.Thread(target=watch_memory, args=(base, server_pid, deadline, peaks), daemon=True))
    attackers: list[threading.Thread] = []
    if attack:
        attackers, tally.attack = start_attack(base, deadline)  # type: ignore[attr-defined]
    tally.peaks = peaks  # type: ignore[attr-defined]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    tally.elapsed = time.monotonic() - started  # type: ignore[attr-defined]
    for thread in attackers:  # each ends at the deadline, or when its last request is answered
        thread.join(timeout=120)
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
    peaks = getattr(tally, "peaks", {})
    if peaks:
        lines.append("")
        lines.append(f"server memory, largest seen: web process {peaks.get('web', 0) / 1024:.0f} MiB"
                     + (f", with its workers {peaks['all'] / 1024:.0f} MiB" if "all" in peaks else ""))
    attack = getattr(tally, "attack", None)
    if attack is not None:
        lines.append("")
        lines.append("attackers got:")
        for kind, count in sorted(attack.outcomes.items()):
            lines.append(f"  {kind} x{count}")
        if attack.idle_open:
            lines.append(f"  idle sockets held open: median {statistics.median(attack.idle_open):.0f} "
                         f"of 300 (max {max(attack.idle_open)})")
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
    own_server.pid = process.pid  # type: ignore[attr-defined]
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
    parser.add_argument(
        "--attack", action="store_true",
        help="attackers beside the clients: runaway queries, 300 idle sockets, big answers, deep nesting",
    )
    options = parser.parse_args()
    if options.clients < 1 or options.seconds <= 0:
        parser.error("--clients and --seconds must be positive")
    if options.url:
        tally = run(options.url.rstrip("/"), options.clients, options.seconds, options.max_requests, options.attack)
    else:
        if not (Path(options.store) / "CURRENT").is_file():
            parser.error(f"no store at {options.store}: run `kg build data/articles` first, or pass --url")
        with own_server(options.store, options.workers, options.cache_mb) as base:
            pid = getattr(own_server, "pid", None)
            tally = run(base, options.clients, options.seconds, options.max_requests, options.attack, pid)
    print(report(tally, options.clients))
    return 0


if __name__ == "__main__":
    sys.exit(main())
