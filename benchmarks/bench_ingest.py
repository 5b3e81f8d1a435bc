"""How fast is ingest?  Reads the sample articles repeatedly and prints characters per second.

Usage: python benchmarks/bench_ingest.py [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from kg.facts import Article
from kg.ingest import read_path

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"


def measure(paths: list[Path], rounds: int) -> tuple[int, float]:
    characters = 0
    started = time.perf_counter()
    for _ in range(rounds):
        for path in paths:
            for item in read_path(path):
                assert isinstance(item, Article), item
                characters += len(item.text)
    return characters, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=200, help="passes over the samples (default 200)")
    rounds = parser.parse_args().rounds
    samples = sorted(ARTICLES.glob("*.txt"))
    characters, seconds = measure(samples, rounds)
    print(f".txt files : {characters / seconds:12,.0f} chars/s ({characters:,} chars in {seconds:.2f} s)")
    with tempfile.TemporaryDirectory() as folder:
        # The same articles as one JSON Lines file of 50 copies each.
        jsonl = Path(folder) / "samples.jsonl"
        lines = [json.dumps({"text": p.read_text(encoding="utf-8")}, ensure_ascii=False) for p in samples]
        jsonl.write_text("\n".join(lines * 50), encoding="utf-8")
        characters, seconds = measure([jsonl], max(1, rounds // 50))
        print(f".jsonl     : {characters / seconds:12,.0f} chars/s ({characters:,} chars in {seconds:.2f} s)")
        # The same articles as HTML pages.
        pages = []
        for number, path in enumerate(samples):
            lines = path.read_text(encoding="utf-8").split("\n")
            paragraphs = "".join(f"<p>{line}</p>" for line in lines if line)
            page = Path(folder) / f"{number}.html"
            page.write_text(
                f"<html><head><title>t</title></head><body><nav>menu</nav><div class='content'>{paragraphs}"
                "</div><footer>footer</footer></body></html>",
                encoding="utf-8",
            )
            pages.append(page)
        characters, seconds = measure(pages, rounds)
        print(f".html files: {characters / seconds:12,.0f} chars/s ({characters:,} chars in {seconds:.2f} s)")


if __name__ == "__main__":
    main()
