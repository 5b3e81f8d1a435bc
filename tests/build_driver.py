"""Run `build` with the fake pipeline in a process of its own (for the kill test).

    python tests/build_driver.py STORE CORPUS JOBS [BATCH]

Prints "written <article id>" after each article is stored, then "done <summary>".
"""

from __future__ import annotations

import sys
from pathlib import Path

import fakes

from kg.build import Status, build
from kg.store import EmbeddedStore


class PrintWrites:
    def file_read(self, path: Path) -> None:
        pass

    def article_done(self, status: Status, source: str, reason: str | None = None) -> None:
        if status in ("added", "updated"):
            print(f"written {source}", flush=True)


def main() -> None:
    store_path, corpus, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    batch = int(sys.argv[4]) if len(sys.argv) > 4 else 10
    with EmbeddedStore(store_path) as store:
        summary = build(
            store,
            [corpus],
            jobs=jobs,
            process=fakes.fake_article_graph,
            reader=fakes.read_txt,
            lister=fakes.list_paths,
            observer=PrintWrites(),
            batch_size=batch,
        )
    print(f"done added={summary.added} unchanged={summary.unchanged} failed={len(summary.failed)}", flush=True)


if __name__ == "__main__":
    main()
