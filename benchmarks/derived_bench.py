"""What the derived graph (kg/derived.py) costs a build: its whole computation on a store,
and its incremental upkeep for K articles (the rows a build that adds or replaces K of the
store's articles recomputes: those of the persons, provinces and documents they touch).

    python benchmarks/derived_bench.py --store STORE [--sample 100,1000] [--seed 1]

The store is modified (the derived graph is rewritten; the articles are not touched)."""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    from kg import derived
    from kg.store import DERIVED_GRAPH, open_graph_store

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--sample", default="100,1000", help="article counts K, comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args(argv)
    with open_graph_store(options.store) as store:
        graphs = sorted(record.graph_iri for record in store.article_records())
        started = time.perf_counter()
        summary = derived.refresh(store, None)
        whole = time.perf_counter() - started
        quads = store.count_triples(DERIVED_GRAPH)
        print(f"{len(graphs):,} articles: whole derived graph {whole:.1f} s, {summary.rows:,} rows, {quads:,} triples")
        for k in (int(part) for part in options.sample.split(",")):
            chosen = random.Random(options.seed).sample(graphs, min(k, len(graphs)))
            started = time.perf_counter()
            touched = store.entities_in_graphs(chosen) | derived.keys_in_graphs(store, chosen)
            keyed = time.perf_counter() - started
            started = time.perf_counter()
            summary = derived.refresh(store, touched)
            took = time.perf_counter() - started
            print(
                f"  {k:,} articles' keys: {keyed:.1f} s to find ({len(touched):,} IRIs); refresh {took:.1f} s "
                f"({summary.provinces:,} provinces, {summary.rows:,} rows)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
