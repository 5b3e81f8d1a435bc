"""`kg build --endpoint` into a real Oxigraph server, against the embedded store.

    python benchmarks/endpoint_bench.py --articles DIR [--n 10000] [--compare STORE]

Starts ``oxigraph serve`` (the `oxigraph` package of the test extra) on a fresh folder
on loopback, builds the first N articles of DIR into it with ``kg.build.build`` over
HTTP (SPARQL Update per article, the Graph Store protocol and the merge of the entity
descriptions), prints the time and articles/s, then asks every canned question with the
values of ``same_answers.py`` on the server and on an embedded store of the same articles
(``--compare STORE``, or built here), and prints how many answers differ (0 expected)."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def main(argv: list[str] | None = None) -> int:
    from oxigraph_server import oxigraph_server

    from benchmarks.same_answers import answers, answers_of, differences
    from kg.build import build
    from kg.store import Endpoints, RemoteStore

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=Path, required=True, help="a folder of .txt articles")
    parser.add_argument("--n", type=int, default=10000, help="articles to build (default 10000)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--compare", type=Path, help="an embedded store of the same articles (default: built here)")
    options = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="kg-endpoint-"))
    try:
        folder = work / "articles"
        folder.mkdir()
        for path in sorted(options.articles.glob("*.txt"))[: options.n]:
            (folder / path.name).symlink_to(path.resolve())
        with oxigraph_server(work / "server") as url:
            store = RemoteStore(Endpoints.from_url(url))
            started = time.perf_counter()
            summary = build(store, [str(folder)], jobs=options.jobs)
            seconds = time.perf_counter() - started
            print(
                f"kg build --endpoint {url}: {summary.added:,} articles in {seconds:.1f} s "
                f"({summary.added / seconds:.1f} articles/s), {summary.triples_written:,} triples, "
                f"{summary.entities:,} entities, {len(summary.failed)} failed",
                flush=True,
            )
            started = time.perf_counter()
            remote = answers_of(store)
            runs = sum(len(v) for v in remote.values())
            print(f"{runs} canned questions asked of the server in {time.perf_counter() - started:.1f} s")
        compare = options.compare
        if compare is None:  # an embedded store of the same articles, built here
            from kg.store import EmbeddedStore

            compare = work / "embedded"
            with EmbeddedStore(compare) as embedded:
                started = time.perf_counter()
                build(embedded, [str(folder)], jobs=options.jobs)
                print(f"the same articles into an embedded store: {time.perf_counter() - started:.1f} s")
        problems = differences(answers(compare), remote)
        for line in problems:
            print(line)
        print(f"answers that differ from the embedded store: {len(problems)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
