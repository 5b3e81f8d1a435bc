"""`kg build` speed: build time, triples per second and store size for N articles.

    python benchmarks/build_bench.py                  # 1,000 then 10,000 articles
    python benchmarks/build_bench.py --n 1000         # one size
    python benchmarks/build_bench.py --n 1000 --jobs 1 --keep /tmp/bench

The corpus is generated from the sample articles (data/articles): each copy gets other
people's names (every name the extractor finds in the samples is swapped for one drawn
from common Vietnamese family, middle and given names), other days and years, and a
numbered headline, so the copies are distinct articles with distinct people while the
bodies and documents recur - as in a real news archive.  Times are wall-clock for the
whole `kg build` (reading, extraction in worker processes, writing, merged entities),
then for a second, incremental run that finds nothing to do, and for a Turtle export.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import resource
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from kg.build import build, default_jobs
from kg.errors import InputError
from kg.export import export
from kg.extract import extract_article
from kg.ingest import read_paths
from kg.store import EmbeddedStore

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "articles"

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Quang", "Minh", "Thu", "Hữu", "Đức", "Thanh", "Ngọc", "Xuân"]
GIVEN = [
    "An", "Bình", "Cường", "Dung", "Giang", "Hà", "Khánh", "Lan", "Long", "Mai", "Nam", "Phong",
    "Quân", "Sơn", "Tâm", "Thảo", "Trung", "Vinh", "Yến", "Hải", "Hiếu", "Linh", "Tùng", "Việt",
]  # fmt: skip
DAY_MONTH = re.compile(r"\b([Nn]gày) (\d{1,2})([-/])(\d{1,2})")
YEAR = re.compile(r"\b(20[12]\d)\b")


def sample_names() -> list[str]:
    """Every person name the extractor finds in the samples, longest first."""
    names: set[str] = set()
    for article in read_paths([str(SAMPLES)]):
        if not isinstance(article, InputError):
            names.update(person.name for person in extract_article(article).persons)
    return sorted(names, key=len, reverse=True)


def generated_name(copy: int, index: int) -> str:
    n = copy * 7919 + index * 104729  # two primes: copies and names spread over the pool
    return f"{FAMILY[n % len(FAMILY)]} {MIDDLE[(n // 13) % len(MIDDLE)]} {GIVEN[(n // 130) % len(GIVEN)]}"


def variant(text: str, copy: int, names: list[str]) -> str:
    for index, name in enumerate(names):
        text = text.replace(name, generated_name(copy, index))
    text = DAY_MONTH.sub(lambda m: f"{m[1]} {1 + (int(m[2]) + copy) % 28}{m[3]}{m[4]}", text)
    text = YEAR.sub(lambda m: str(2015 + (int(m[1]) + copy) % 11), text)
    headline, _, rest = text.partition("\n")
    return f"{headline} (bản {copy})\n{rest}"


def write_corpus(folder: Path, count: int) -> int:
    """``count`` articles in ``folder``; returns their total size in characters."""
    samples = sorted(SAMPLES.glob("*.txt"))
    texts = [path.read_text(encoding="utf-8") for path in samples]
    names = sample_names()
    folder.mkdir(parents=True, exist_ok=True)
    characters = 0
    for n in range(count):
        copy, which = divmod(n, len(texts))
        text = variant(texts[which], copy, names)
        (folder / f"{n:06d}.txt").write_text(text, encoding="utf-8")
        characters += len(text)
    return characters


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the worker processes),
    which tells the build's own cost apart from other load on the machine."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def run(count: int, jobs: int, workdir: Path) -> Iterator[tuple[str, str]]:
    corpus, store_path = workdir / f"corpus-{count}", workdir / f"store-{count}"
    shutil.rmtree(store_path, ignore_errors=True)
    characters = write_corpus(corpus, count)
    with EmbeddedStore(store_path) as store:
        started, cpu_started = time.perf_counter(), _cpu_seconds()
        summary = build(store, [str(corpus)], jobs=jobs)
        seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu_started
        triples = store.count_triples()
        started = time.perf_counter()
        again = build(store, [str(corpus)], jobs=jobs)
        incremental = time.perf_counter() - started
        started = time.perf_counter()
        output = io.BytesIO()
        exported = export(store, "turtle", output)
        export_seconds = time.perf_counter() - started
    EmbeddedStore(store_path).close()  # reopening replays and drops the write-ahead log
    yield "articles", f"{count:,} ({characters / 1e6:.1f} M characters), {jobs} worker processes"
    yield "built", f"{summary.added:,} added, {len(summary.failed)} failed, {summary.entities or 0:,} entities"
    yield "build time", f"{seconds:.1f} s ({count / seconds:,.0f} articles/s), CPU {cpu:.1f} s in all processes"
    yield "triples", f"{triples:,} in the store ({summary.triples_written:,} in article graphs)"
    yield "triples/s", f"{summary.triples_written / seconds:,.0f}"
    size = folder_size(store_path)
    yield "store size", f"{size / 2**20:,.1f} MiB on disk ({size / max(triples, 1):,.0f} bytes/triple)"
    yield "rebuild, nothing changed", f"{incremental:.1f} s ({again.unchanged:,} unchanged)"
    yield "export turtle (merged)", f"{export_seconds:.1f} s, {exported.statements:,} triples"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10000], help="corpus sizes (default 1000 10000)")
    parser.add_argument("--jobs", type=int, default=default_jobs(), help="worker processes (default: CPUs)")
    parser.add_argument("--keep", type=Path, default=None, help="work in this folder and keep it")
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="kg-build-bench-"))
    try:
        for count in args.n:
            print(f"--- {count:,} articles")
            for name, value in run(count, args.jobs, workdir):
                print(f"{name:26} {value}", flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"(machine: {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
