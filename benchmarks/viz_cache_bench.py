"""What the precomputed network projections (kg.viz.cache) save kg serve on a large store.

    python benchmarks/corpus.py --n 10000 --seed 99 --out /tmp/vc10k
    PYTHONPATH=$PWD python -m kg build /tmp/vc10k/articles --store /tmp/vc10k/store --jobs 2
    PYTHONPATH=$PWD python benchmarks/viz_cache_bench.py /tmp/vc10k/store [--uncached] [--rewrite]

Printed: the time ``kg build`` spends writing the cache (``--rewrite`` deletes it first and
writes it again; otherwise the cache the build wrote is timed only when it was missing),
then per network kind the time of ``kg.serve.network.render_network`` as a fresh query
worker sees it (module caches emptied, a new store handle): the first default view, the
same again, and a filtered view (a period and the busiest body) first in a worker and
again.  ``--uncached`` also times the same views with the cache hidden (what every view
cost before the cache).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.serve import network  # noqa: E402
from kg.store import EmbeddedStore, open_graph_store  # noqa: E402
from kg.viz.cache import MANIFEST, Cache, folder_of, refresh  # noqa: E402
from kg.viz.projections import KINDS  # noqa: E402


def _fresh_worker() -> None:
    network._PROJECTORS.clear()
    network._PROJECTED.clear()
    network._CACHES.clear()


def _timed(store: Any, kind: str, filters: dict[str, str]) -> float:
    started = time.perf_counter()
    network.render_network(store, kind, filters)
    return time.perf_counter() - started


def _busiest_body(store: Any, kind: str) -> str | None:
    projector = network._projector(store)
    graph = network._projected(kind, projector, None, None).graph
    known = {iri for iri, (node_type, _) in projector.entities().items() if node_type == "body"}
    counts: dict[str, int] = {}
    for _, data in graph.nodes(data=True):
        for body in data.get("bodies", []):
            if body in known:
                counts[body] = counts.get(body, 0) + 1
    return max(sorted(counts), key=counts.__getitem__) if counts else None


def views(path: Path, label: str) -> None:
    print(f"\n{label}: seconds per view (first in a fresh worker / again)")
    print(f"{'kind':14} {'default 1st':>12} {'again':>8} {'filtered 1st':>13} {'again':>8}  filter")
    for kind in KINDS:
        _fresh_worker()
        with open_graph_store(path, read_only=True) as store:
            first = _timed(store, kind, {})
            again = _timed(store, kind, {})
            body = _busiest_body(store, kind)
        filters = {"since": "2015"} | ({"body": body} if body else {})
        _fresh_worker()
        with open_graph_store(path, read_only=True) as store:
            filtered = _timed(store, kind, filters)
            filtered_again = _timed(store, kind, filters | {"top": "150"})
        shown = ", ".join(f"{k}={v.rsplit('/', 1)[-1]}" for k, v in filters.items())
        print(f"{kind:14} {first:12.2f} {again:8.2f} {filtered:13.2f} {filtered_again:8.2f}  {shown}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--rewrite", action="store_true", help="delete the cache and time writing it again")
    parser.add_argument("--uncached", action="store_true", help="also time every view with the cache hidden")
    args = parser.parse_args()
    with EmbeddedStore(args.store) as store:
        folder = folder_of(store)
        assert folder is not None
        if args.rewrite and folder.exists():
            shutil.rmtree(folder)
        started = time.perf_counter()
        written = refresh(store)
        seconds = time.perf_counter() - started
        state = f"written in {seconds:.1f} s" if written else f"up to date (checked in {seconds:.2f} s)"
        size = sum(p.stat().st_size for p in folder.iterdir()) / 2**20
        print(f"cache {folder}: {state}, {size:.1f} MiB")
        started = time.perf_counter()
        Cache.open(store)
        print(f"stamp checked (what a worker pays once): {time.perf_counter() - started:.3f} s")
    views(args.store, "with the cache")
    if args.uncached:
        hidden = folder / (MANIFEST + ".hidden")
        (folder / MANIFEST).rename(hidden)
        try:
            views(args.store, "without the cache")
        finally:
            hidden.rename(folder / MANIFEST)


if __name__ == "__main__":
    main()
