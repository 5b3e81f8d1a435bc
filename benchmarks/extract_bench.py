"""Extraction speed on one process: characters and articles per second.

    python benchmarks/extract_bench.py                 # the sample articles, repeated
    python benchmarks/extract_bench.py DIR --repeat 1  # any folder of articles

Reads the articles first (ingest is not timed), then times extract -> resolve -> rdf
separately, so the figure for the extractor is the extractor's own.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from kg.errors import InputError
from kg.extract import extract_article
from kg.ingest import read_paths
from kg.rdf import to_graph
from kg.resolve import resolve

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "data" / "articles")])
    parser.add_argument("--repeat", type=int, default=200, help="passes over the articles (default 200)")
    args = parser.parse_args()

    articles = [a for a in read_paths(args.paths) if not isinstance(a, InputError)]
    if not articles:
        raise SystemExit("no readable articles")
    extract_article(articles[0])  # load the pipeline and gazetteers outside the timing
    chars = sum(len(a.text) for a in articles) * args.repeat
    count = len(articles) * args.repeat

    start = time.perf_counter()
    facts = []
    for _ in range(args.repeat):
        facts = [extract_article(a) for a in articles]
    extract_s = time.perf_counter() - start

    start = time.perf_counter()
    for _ in range(args.repeat):
        for f in facts:
            to_graph(resolve(f))
    rdf_s = time.perf_counter() - start

    print(f"articles: {len(articles)} x {args.repeat} passes = {count}, {chars:,} characters")
    print(f"extract:           {chars / extract_s:12,.0f} chars/s  {count / extract_s:8.1f} articles/s")
    print(f"resolve + rdf:     {chars / rdf_s:12,.0f} chars/s  {count / rdf_s:8.1f} articles/s")
    total = extract_s + rdf_s
    print(f"extract+resolve+rdf:{chars / total:11,.0f} chars/s  {count / total:8.1f} articles/s")


if __name__ == "__main__":
    main()
