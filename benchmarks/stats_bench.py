"""How `kg stats` grows with the store: seconds and peak memory at a few corpus sizes.

    python benchmarks/stats_bench.py                      # 400 and 1,200 articles
    python benchmarks/stats_bench.py --sizes 400,1200,4000 --work /tmp/sb

For each size: the seeded benchmark corpus (``benchmarks/corpus.py``, seed 1) is built
into a fresh embedded store with the real pipeline (kept under --work and reused), then
``python -m kg stats`` runs in a subprocess, as a user runs it (the store is read in a
child process of its own).  Prints articles, quads, seconds, seconds per 1,000 articles
and the peak memory of the `kg stats` process.  Linear growth keeps the last column flat;
before issue 16 it was 12 s at 400 articles and 95 s at 1,200 (a join of every article
graph with the entity descriptions).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="400,1200", help="corpus sizes, comma-separated (default 400,1200)")
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks" / ".work" / "stats")
    args = parser.parse_args(argv)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    print(f"{'articles':>9} {'quads':>10} {'stats s':>8} {'s / 1k art.':>12} {'peak MB':>8}")
    for size in (int(s) for s in args.sizes.split(",")):
        corpus, store = args.work / f"corpus-{size}", args.work / f"store-{size}"
        if not (corpus / "articles").is_dir():
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "benchmarks" / "corpus.py"),
                    "--n",
                    str(size),
                    "--seed",
                    "1",
                    "--out",
                    str(corpus),
                ],
                check=True,
                env=env,
                stdout=subprocess.DEVNULL,
            )
        if not store.is_dir():
            subprocess.run(
                [sys.executable, "-m", "kg", "build", str(corpus / "articles"), "--store", str(store), "-q"],
                check=True,
                env=env,
                stdout=subprocess.DEVNULL,
            )
        started = time.perf_counter()
        # a wrapper process runs `kg stats`, so that its peak memory is not the build's
        wrapper = (
            "import resource, subprocess, sys; "
            "r = subprocess.run(sys.argv[1:], capture_output=True, text=True, check=True); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); print(r.stdout)"
        )
        result = subprocess.run(
            [sys.executable, "-c", wrapper, sys.executable, "-m", "kg", "stats", "--store", str(store)],
            check=True,
            env=dict(env, COLUMNS="200"),
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
        peak_kb, _, output = result.stdout.partition("\n")
        peak = int(peak_kb) / 1024
        quads = output.split(" quads", 1)[0].rsplit(" ", 1)[-1]
        print(f"{size:>9} {quads:>10} {seconds:>8.1f} {seconds / size * 1000:>12.2f} {peak:>8.0f}")


if __name__ == "__main__":
    main()
