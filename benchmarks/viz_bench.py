"""How fast a large network page opens: a generated graph -> kg viz HTML -> Chromium.

    python benchmarks/viz_bench.py                    # 5,000 nodes, then 8,000 (beyond the note's threshold)
    python benchmarks/viz_bench.py --sizes 2000,5000 --runs 5

The graph is shaped like the "people" network of a large store: bodies nested in a few
trees, people holding one to three posts each (a few bodies hold many), every node with
two facts and a source sentence, as the side panel would have them.  Names are drawn from
short lists written here, with a seed, so a run is repeatable.

Printed per size: Python time to lay out and write the page, the page's size, and in
Debian's Chromium (headless, offline, file://) the time to first draw (``window.__firstDraw``,
milliseconds since navigation start: HTML parse, JSON parse, set-up and the first complete
frame), the time of one more frame (what panning and zooming cost) and whether the page
shows the "too many nodes, filter with ..." note.  Target: first draw under 3 s at 5,000.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.viz.html import CROWDED_ABOVE, render_html  # noqa: E402
from kg.viz.prepare import prepare  # noqa: E402
from kg.viz.projections import KINDS, Network  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô")
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Xuân", "Ngọc", "Công", "Hoài", "Trọng")
GIVEN = ("An", "Bình", "Chung", "Dũng", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Long", "Mai", "Nam", "Nghĩa", "Phương")
GIVEN += ("Quân", "Sơn", "Tâm", "Thắng", "Thủy", "Trang", "Tuấn", "Vinh", "Yến", "Khánh", "Lực", "Tám")
PLACES = ("Nghệ An", "Thái Nguyên", "Lạng Sơn", "Quảng Bình", "Hà Tĩnh", "Thanh Hóa", "Ninh Bình", "Quảng Trị")
PLACES += ("Thừa Thiên Huế", "Đắk Lắk", "Cà Mau", "Bắc Ninh", "Hải Phòng", "Cần Thơ", "Lâm Đồng", "Sơn La")
UNITS = ("Ban Tuyên giáo", "Ban Tổ chức", "Ban Dân vận", "Ủy ban Kiểm tra", "Văn phòng", "Ban Thường vụ")
ROLES = ("Bí thư", "Phó Bí thư", "Trưởng Ban", "Phó Trưởng Ban", "Ủy viên", "Chánh Văn phòng")


def generated_network(nodes: int, seed: int = 7) -> Network:
    """About a fifth bodies, the rest people; each person holds 1-3 posts."""
    rng = random.Random(seed)
    graph = nx.Graph()
    body_count = max(10, nodes // 5)
    bodies: list[str] = []
    for index in range(body_count):
        place = PLACES[index % len(PLACES)]
        level = index // len(PLACES)
        name = f"Tỉnh ủy {place}" if level == 0 else f"{UNITS[level % len(UNITS)]} {level} Tỉnh ủy {place}"
        iri = f"https://w3id.org/vnkg/id/body/b{index}"
        bodies.append(iri)
        graph.add_node(iri, type="body", label=name, iri=iri, facts=[f"province: {place}", "level: province"])
    # popularity: a few bodies hold many posts
    weights = [1.0 / (rank + 1) ** 0.6 for rank in range(body_count)]
    for index in range(nodes - body_count):
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        iri = f"https://w3id.org/vnkg/id/person/p{index}"
        graph.add_node(iri, type="person", label=name, iri=iri)
        posts = []
        for body in set(rng.choices(bodies, weights=weights, k=rng.randint(1, 3))):
            role = rng.choice(ROLES)
            date = f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            graph.add_edge(iri, body, kind="position", label=f"{role} ({date})", weight=1)
            posts.append(f"{role} — {graph.nodes[body]['label']} ({date})")
        graph.nodes[iri]["facts"] = ["positions: " + "; ".join(posts)]
    for _, data in graph.nodes(data=True):
        data["provenance"] = [
            {
                "sentence": f"Đồng chí {data['label']} phát biểu tại hội nghị tổng kết công tác năm.",
                "headline": f"Hội nghị tổng kết công tác tuyên giáo {rng.choice(PLACES)}",
                "article": "https://w3id.org/vnkg/id/article/0",
            }
        ]
    return Network("people", KINDS["people"], graph, [f"generated, seed {seed}"])


def measure_in_chromium(page_path: Path, runs: int) -> tuple[list[float], list[float], bool]:
    from playwright.sync_api import sync_playwright

    first_draws: list[float] = []
    frames: list[float] = []
    note = False
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1280, "height": 860})
                page = context.new_page()
                errors: list[str] = []
                page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
                page.goto(page_path.as_uri())
                page.wait_for_function("window.__firstDraw !== undefined", timeout=60_000)
                if errors:
                    raise RuntimeError(f"the page failed: {errors[0]}")
                first_draws.append(float(page.evaluate("window.__firstDraw")))
                frames.append(float(page.evaluate("window.kgNetwork.drawTime()")))
                note = page.locator("#crowded").count() == 1 and page.locator("#crowded").is_visible()
                context.close()
        finally:
            browser.close()
    return first_draws, frames, note


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="5000,8000", help="node counts, comma-separated (default 5000,8000)")
    parser.add_argument("--runs", type=int, default=3, help="page loads per size (default 3; the median is shown)")
    parser.add_argument("--keep", type=Path, default=None, help="folder to keep the generated pages in")
    arguments = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing: apt-get install -y chromium")
    folder = arguments.keep or Path(tempfile.mkdtemp(prefix="viz-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"note shown above {CROWDED_ABOVE:,} nodes; Chromium headless, offline, 1280x860, {arguments.runs} loads")
    print(
        f"{'nodes':>7} {'links':>7} {'layout s':>9} {'write s':>8} {'page MB':>8} {'first draw ms':>14} "
        f"{'frame ms':>9} {'note':>5}"
    )
    for size in (int(part) for part in arguments.sizes.split(",")):
        network = generated_network(size)
        started = time.perf_counter()
        prepare(network)
        laid_out = time.perf_counter()
        page = render_html(network)
        written = time.perf_counter()
        path = folder / f"people-{size}.html"
        path.write_text(page, encoding="utf-8")
        first_draws, frames, note = measure_in_chromium(path, arguments.runs)
        graph = network.graph
        print(
            f"{graph.number_of_nodes():>7,} {graph.number_of_edges():>7,} {laid_out - started:>9.1f} "
            f"{written - laid_out:>8.2f} {path.stat().st_size / 1e6:>8.1f} {statistics.median(first_draws):>14,.0f} "
            f"{statistics.median(frames):>9.1f} {'yes' if note else 'no':>5}",
            flush=True,
        )
    if arguments.keep:
        print(f"pages kept in {folder}")


if __name__ == "__main__":
    main()
