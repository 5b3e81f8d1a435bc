"""Speed of the canned queries on stores of 1,000 and 10,000 articles: p50 / p95 per query.

    python benchmarks/query_bench.py                       # 1,000 and 10,000 articles
    python benchmarks/query_bench.py --sizes 1000 --runs 30
    python benchmarks/query_bench.py --work /tmp/qb        # where corpora and stores are kept

The articles are the five of data/articles repeated with their people, provinces and
dates varied (a seeded generator below): persons are drawn from a pool of generated
names with a skewed popularity, so that some recur in hundreds of articles, and the
sample's own people and provinces stay in a share of the copies, so that every query's
example parameters find something.  The stores are built with the real pipeline
(`kg.build.build`) once and kept under --work; later runs reuse them.

Each query runs with its example parameters through the same path as `kg query`
(GraphStore, union default graph, rows materialised); one warm-up run, then --runs
timed runs.  Targets: "entity" queries (about one person, body, document...) under
100 ms at 10,000 articles; every query under 1 s.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import queries as canned  # noqa: E402

SAMPLES = ROOT / "data" / "articles"
GAZETTEERS = ROOT / "data" / "gazetteers"

# The sample's people who may be swapped for generated ones (public figures such as
# Hồ Chí Minh, Nguyễn Phú Trọng or Tập Cận Bình stay as they are).
SWAPPABLE_PEOPLE = (
    "Phan Xuân Thủy",
    "Lê Văn Tuấn",
    "Duy Phương",
    "Kha Văn Tám",
    "Lê Thị Hoài Chung",
    "Nguyễn Trọng Nghĩa",
    "Mai Chi",
    "Diệp Trương",
    "Quang Minh",
    "Hiền Lương",
)
# The provinces each sample article is about (swapped together, consistently).
SAMPLE_PROVINCES = {
    "000": ("Thái Nguyên",),
    "001": ("Nghệ An",),
    "002": ("Lạng Sơn",),
    "003": (),
    "004": ("Ninh Bình", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Bình", "Quảng Trị", "Thừa Thiên Huế"),
}
# The districts of Nghệ An that 001 names: swapped for made-up names when its province is.
SAMPLE_DISTRICTS = {
    "001": (
        "Kỳ Sơn",
        "Tương Dương",
        "Con Cuông",
        "Anh Sơn",
        "Tân Kỳ",
        "Thanh Chương",
        "Yên Thành",
        "Nam Đàn",
        "Hưng Nguyên",
        "Nghi Lộc",
        "Cửa Lò",
        "Vinh",
    ),
}
DISTRICT_SYLLABLES = (
    "Phú",
    "Hòa",
    "Tân",
    "An",
    "Bình",
    "Lộc",
    "Sơn",
    "Thạch",
    "Đông",
    "Xuân",
    "Yên",
    "Hải",
    "Lương",
    "Thuận",
    "Quế",
    "Mỹ",
    "Kim",
    "Vĩnh",
    "Đức",
    "Trà",
)
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Ngọc", "Xuân", "Trọng", "Thu", "Hoàng", "Kim")
GIVEN = (
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hiếu",
    "Hòa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Ngọc",
    "Phong",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thắng",
    "Thành",
    "Thảo",
    "Trang",
    "Trung",
    "Tuấn",
    "Việt",
    "Vinh",
    "Yến",
)
KEEP_ORIGINAL = 0.1  # share of copies that keep a sample person / province
YEAR = re.compile(r"\b20[0-3]\d\b")
# the number of a document symbol ("05" in "05-CT/TW", "1300" in "1300/CĐ-TTg", "Chỉ thị 05")
SYMBOL_NUMBER = re.compile(r"(?<![\w/-])\d{1,4}(?=-[A-ZĐ]+/|/[A-ZĐ]+-)|(?<=Chỉ thị )\d{1,4}\b")
DAY_MONTH = re.compile(r"\b(\d{1,2})([/-])(\d{1,2})\b(?![/-]?\d*[A-Za-zĐđ])")


# -- corpus -----------------------------------------------------------------------------


def read_lines(path: Path) -> list[str]:
    return [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def province_names() -> list[str]:
    with (GAZETTEERS / "provinces.csv").open(encoding="utf-8", newline="") as handle:
        return [row["name"] for row in csv.DictReader(handle) if row.get("name")]


def province_outlets() -> dict[str, str]:
    """Province -> the web address of its party newspaper ("Nghệ An" -> "Baonghean.vn")."""
    found: dict[str, str] = {}
    with (GAZETTEERS / "outlets.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            pattern, province = row.get("pattern", ""), row.get("province", "")
            if province and pattern.endswith(".vn") and province not in found:
                found[province] = pattern.capitalize()
    return found


def name_pool(rng: random.Random, size: int) -> list[str]:
    surnames = read_lines(GAZETTEERS / "surnames.txt")[:60]
    names: set[str] = set()
    while len(names) < size:
        names.add(f"{rng.choice(surnames)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}")
    return sorted(names)


@dataclass
class Generator:
    seed: int = 7
    pool_size: int = 3000

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.people = name_pool(self.rng, self.pool_size)
        # Zipf-like popularity: the first names of the pool recur far more often
        self.weights = [1.0 / (rank + 1) for rank in range(len(self.people))]
        self.provinces = province_names()
        self.outlets = province_outlets()
        self.samples = sorted(SAMPLES.glob("*.txt"))
        self.texts = {path.name[:3]: path.read_text(encoding="utf-8") for path in self.samples}

    def person(self, original: str) -> str:
        if self.rng.random() < KEEP_ORIGINAL:
            return original
        return self.rng.choices(self.people, self.weights)[0]

    def symbol_number(self, original: str) -> str:
        new = str(self.rng.randint(1, 400))
        return new.zfill(len(original)) if original.startswith("0") else new

    def article(self, number: int) -> str:
        key = sorted(self.texts)[number % len(self.texts)]
        text = self.texts[key]
        swaps: dict[str, str] = {}
        for original in SWAPPABLE_PEOPLE:
            if original in text or original.upper() in text:
                swaps[original] = self.person(original)
        wanted = SAMPLE_PROVINCES[key]
        if wanted and self.rng.random() >= KEEP_ORIGINAL:
            chosen = self.rng.sample([p for p in self.provinces if p not in wanted], len(wanted))
            swaps.update(zip(wanted, chosen, strict=True))
            # its districts go with it, for made-up ones
            for district in SAMPLE_DISTRICTS.get(key, ()):
                first, second = self.rng.sample(DISTRICT_SYLLABLES, 2)
                swaps[district] = f"{first} {second}"
            # the outlet names the province too ("(Baonghean.vn) - ..." in 001)
            for old, new in zip(wanted, chosen, strict=True):
                if old in self.outlets and new in self.outlets:
                    swaps[self.outlets[old]] = self.outlets[new]
        for old, new in swaps.items():
            text = re.sub(rf"(?<!\w){re.escape(old)}(?!\w)", new, text)
            text = re.sub(rf"(?<!\w){re.escape(old.upper())}(?!\w)", new.upper(), text)
        # documents: most copies cite other numbers (one mapping per article keeps
        # "Chỉ thị 05" and "05-CT/TW" the same document)
        if self.rng.random() >= KEEP_ORIGINAL:
            numbers: dict[str, str] = {}
            text = SYMBOL_NUMBER.sub(lambda m: numbers.setdefault(m.group(), self.symbol_number(m.group())), text)
        # dates: every year moved by the same amount, every day/month by the same months
        years = self.rng.randint(-6, 2)
        months = self.rng.randint(0, 11)
        text = YEAR.sub(lambda m: str(int(m.group()) + years), text)
        text = DAY_MONTH.sub(lambda m: _shift(m, months), text)
        # a last line that makes each copy a distinct article (its id hashes the text)
        return text.rstrip("\n") + f"\n\nMã tin: {number:06d}\n"

    def write(self, count: int, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for number in range(count):
            path = folder / f"{number // 1000:03d}" / f"a{number:06d}.txt"
            path.parent.mkdir(exist_ok=True)
            path.write_text(self.article(number), encoding="utf-8")


def _shift(match: re.Match[str], months: int) -> str:
    day, separator, month = int(match.group(1)), match.group(2), int(match.group(3))
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return match.group()
    new_month = (month - 1 + months) % 12 + 1
    new_day = min(day, 28)
    width = len(match.group(3))
    return f"{new_day:0{len(match.group(1))}d}{separator}{new_month:0{width}d}"


# -- stores -----------------------------------------------------------------------------


def ensure_store(work: Path, size: int, jobs: int | None) -> Path:
    """The store of the first ``size`` generated articles, built once and then reused."""
    from kg.build import build
    from kg.store import open_graph_store

    store_path = work / f"store-{size}"
    done = store_path / "BUILT"
    if done.is_file():
        return store_path
    corpus = work / f"articles-{size}"
    if not corpus.is_dir():
        print(f"generating {size:,} articles in {corpus} ...", flush=True)
        Generator().write(size, corpus)
    print(f"building the store of {size:,} articles in {store_path} ...", flush=True)
    started = time.perf_counter()
    with open_graph_store(store_path) as store:
        summary = build(store, [str(corpus)], jobs=jobs)
    seconds = time.perf_counter() - started
    failures = len(summary.failed)
    print(
        f"  {summary.added:,} articles added, {summary.duplicates} duplicates, {failures} failed, "
        f"{summary.triples_written:,} triples, {seconds:.0f} s",
        flush=True,
    )
    done.write_text(f"{summary.added}\n", encoding="utf-8")
    return store_path


# -- timing -------------------------------------------------------------------------------


@dataclass
class Timing:
    name: str
    scope: str
    rows: int
    p50: float  # wall-clock milliseconds
    p95: float
    cpu50: float  # this process's CPU milliseconds (the query runs in it): shows a busy machine

    @property
    def target(self) -> float:
        return 100.0 if self.scope == "entity" else 1000.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def time_queries(store_path: Path, runs: int, only: list[str] | None = None) -> list[Timing]:
    from kg.store import open_graph_store

    catalogue = canned.load_queries()
    timings = []
    with open_graph_store(store_path, read_only=True) as store:
        backend = canned.GraphStoreBackend(store)
        for name, query in catalogue.items():
            if only and name not in only:
                continue
            values = query.example_values()
            # as kg query answers (co-attendance and concurrent-posts from the summary tables
            # when they match the store)
            rows = len(canned.answer(backend, query, values).rows)  # warm-up
            samples, cpu = [], []
            for _ in range(runs):
                started, started_cpu = time.perf_counter(), time.process_time()
                canned.answer(backend, query, values)
                samples.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            timings.append(
                Timing(
                    name,
                    query.scope,
                    rows,
                    statistics.median(samples),
                    percentile(samples, 0.95),
                    statistics.median(cpu),
                )
            )
    return timings


def report(size: int, timings: list[Timing]) -> str:
    lines = [
        f"### {size:,} articles",
        "",
        "| query | scope | rows | p50 ms | p95 ms | CPU p50 ms | target ms | p95 within |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for t in timings:
        ok = "yes" if t.p95 <= t.target else "NO"
        lines.append(
            f"| {t.name} | {t.scope} | {t.rows} | {t.p50:.1f} | {t.p95:.1f} | {t.cpu50:.1f} | {t.target:.0f} | {ok} |"
        )
    return "\n".join(lines) + "\n"


def machine_load() -> str:
    try:
        import os

        one, five, _ = os.getloadavg()
        return f"load average {one:.1f} / {five:.1f} on {os.cpu_count()} CPUs"
    except (OSError, AttributeError):
        return "load average unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=20, help="timed runs per query (default 20)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "query-bench")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes for building")
    parser.add_argument("--query", action="append", help="only this query (repeatable)")
    args = parser.parse_args()

    args.work.mkdir(parents=True, exist_ok=True)
    failed = False
    for size in args.sizes:
        store_path = ensure_store(args.work, size, args.jobs)
        timings = time_queries(store_path, args.runs, args.query)
        print(report(size, timings) + f"\n({machine_load()})\n", flush=True)
        failed |= any(t.p95 > t.target for t in timings if size >= 10000)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
