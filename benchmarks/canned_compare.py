"""Canned questions of two checkouts timed on one store, side by side (same run, same
machine load): e.g. the queries before the name index against those after it.

    python benchmarks/canned_compare.py --store STORE --old OLD_QUERIES_DIR [--repeats 7]

Each query is bound to values the store holds (the most active chair, the most cited
document, the most named provincial Ban Tuyên giáo: ``run.py``'s ``corpus_examples``) and
run ``--repeats`` times; it prints p50 / p95 ms and the row counts of both versions."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def bound(folder: Path | None, examples: dict[str, str]) -> dict[str, str]:
    from benchmarks.run import CORPUS_BINDINGS
    from kg import queries as canned

    out = {}
    for name, query in sorted(canned.load_queries(folder).items()):
        values = query.example_values()
        for (query_name, parameter), key in CORPUS_BINDINGS.items():
            if query_name == name and key in examples:
                values[parameter] = examples[key]
        if any(p.required and p.name not in values for p in query.parameters):
            continue
        out[name] = query.bind(values)
    return out


def timed(store: object, sparql: str, repeats: int, budget: float) -> tuple[list[float], int]:
    times, rows = [], 0
    for _ in range(repeats):
        started = time.perf_counter()
        rows = sum(1 for _ in store.query(sparql, use_default_graph_as_union=True))  # type: ignore[attr-defined]
        times.append((time.perf_counter() - started) * 1000)
        if sum(times) > budget * 1000 and len(times) >= 3:
            break
    return times, rows


def main(argv: list[str] | None = None) -> int:
    import pyoxigraph as ox

    from benchmarks.run import corpus_examples

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--old", type=Path, required=True, help="the other checkout's queries/ folder")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--budget", type=float, default=20.0, help="seconds per query and version at most")
    parser.add_argument("--only", default="", help="comma-separated query names")
    options = parser.parse_args(argv)
    examples = corpus_examples(options.store)
    print("bound to: " + ", ".join(f"{k}={v!r}" for k, v in examples.items()))
    store = ox.Store.read_only(str(options.store))
    old, new = bound(options.old, examples), bound(None, examples)
    wanted = set(filter(None, options.only.split(",")))
    print("| query | old p50 ms | old p95 ms | new p50 ms | new p95 ms | old/new p50 | rows old | rows new |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name in sorted(set(old) & set(new)):
        if wanted and name not in wanted:
            continue
        before, rows_before = timed(store, old[name], options.repeats, options.budget)
        after, rows_after = timed(store, new[name], options.repeats, options.budget)

        def p95(values: list[float]) -> float:
            return sorted(values)[max(0, round(0.95 * len(values)) - 1)]

        b50, a50 = statistics.median(before), statistics.median(after)
        print(
            f"| {name} | {b50:,.1f} | {p95(before):,.1f} | {a50:,.1f} | {p95(after):,.1f} | x{b50 / a50:.1f} "
            f"| {rows_before:,} | {rows_after:,} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
