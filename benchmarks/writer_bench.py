"""The single writer alone: how many articles per second `kg build`'s main process stores,
with extraction taken out (the articles' graphs are computed once, up front, and cached).

    python benchmarks/writer_bench.py --articles DIR [--n 2000] [--batch 200,1000] [--add 200,1000]

For each batch size it writes the N articles into a fresh embedded store the way
``kg build`` does (:class:`kg.build._Writer`: bulk load, records, flushes), merges the
entity descriptions, and prints articles/s for the writing, for the merge and in all, with
the process's peak memory.  Then it adds ``--add`` more articles (default: a tenth as many)
to a copy of the full store and to an empty one (the incremental merge): the two costs
should be about the same."""

from __future__ import annotations

import argparse
import pickle
import resource
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def outcomes(folder: Path, n: int, cache: Path) -> list:
    from kg.build import _Pending, process_article
    from kg.ingest import read_path

    if cache.is_file():
        found = pickle.loads(cache.read_bytes())
        if len(found) >= n:
            return found[:n]
    articles = [a for path in sorted(folder.glob("*.txt"))[:n] for a in read_path(path)]
    with ProcessPoolExecutor(2) as pool:
        results = list(pool.map(process_article, articles, chunksize=20))
    found = [(_Pending(a, None), o) for a, o in zip(articles, results, strict=True)]
    cache.write_bytes(pickle.dumps(found))
    return found


def write(store_dir: Path, items: list, batch: int, incremental: bool) -> dict[str, float]:
    from kg.build import BuildSummary, _Writer
    from kg.store import EmbeddedStore

    store = EmbeddedStore(store_dir)
    summary = BuildSummary()
    writer = _Writer(store, summary, None, batch, track=incremental)
    started = time.perf_counter()
    for pending, outcome in items:
        writer.write(pending, outcome)
    writer.commit()
    written = time.perf_counter() - started
    peak_written = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    touched = writer.touched_entities() if incremental else None
    changes = getattr(writer, "changes", None) if touched is not None else None
    if changes is not None:
        store.recompute_entities(touched, changes)
    else:  # the writer of a version that kept no counts
        store.recompute_entities(touched)
    merged = time.perf_counter() - started - written
    store.close()
    peak_merged = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "write_s": written,
        "merge_s": merged,
        "all_s": written + merged,
        "peak_mb_written": peak_written,
        "peak_mb_merged": peak_merged,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=Path, required=True, help="a folder of .txt articles")
    parser.add_argument("--n", type=int, default=2000, help="articles to write (default 2000)")
    parser.add_argument("--batch", default="200,1000", help="batch sizes to try (default 200,1000)")
    parser.add_argument("--add", default="", help="articles to add to the full store (default: a tenth of --n)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "kg-writer-bench.pickle")
    options = parser.parse_args(argv)
    adds = [int(a) for a in options.add.split(",")] if options.add else [options.n // 10]
    items = outcomes(options.articles, options.n + max(adds), options.cache)
    loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory with the cached graphs loaded: {loaded:.0f} MB")
    main_items, extra = items[: options.n], items[options.n :]
    work = Path(tempfile.mkdtemp(prefix="kg-writer-"))
    try:
        for batch in (int(b) for b in options.batch.split(",")):
            store_dir = work / f"b{batch}"
            t = write(store_dir, main_items, batch, incremental=False)
            n = len(main_items)
            print(
                f"batch {batch}: {n} articles written in {t['write_s']:.2f} s ({n / t['write_s']:,.0f} articles/s), "
                f"merge {t['merge_s']:.2f} s, all {n / t['all_s']:,.0f} articles/s; peak memory "
                f"{t['peak_mb_written']:.0f} MB after writing, {t['peak_mb_merged']:.0f} MB after the merge"
            )
            if batch == int(options.batch.split(",")[-1]) and extra:
                for add in adds:
                    added = extra[:add]
                    shutil.copytree(store_dir, work / f"grown{add}")
                    grown = write(work / f"grown{add}", added, batch, incremental=True)
                    empty = write(work / f"empty{add}", added, batch, incremental=False)
                    print(
                        f"adding {len(added)} articles: to the {n}-article store {grown['all_s']:.2f} s "
                        f"(merge {grown['merge_s']:.2f} s), to an empty store {empty['all_s']:.2f} s "
                        f"(merge {empty['merge_s']:.2f} s): x{grown['all_s'] / empty['all_s']:.2f}"
                    )
                    shutil.rmtree(work / f"grown{add}")
                    shutil.rmtree(work / f"empty{add}")
        print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
