"""Screenshots of the pages of a running `kg serve`, taken with Debian's Chromium (headless).

    python scripts/screenshots.py http://127.0.0.1:8000 --out docs/screenshots

Each page is loaded offline-style (any request leaving the server's host is counted and
reported), then saved as PNG; the script prints one line per page with its status, the
number of console errors and of requests to other hosts.
"""

from __future__ import annotations

import argparse
import sys
import urllib.parse
from pathlib import Path

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
PAGES = (
    ("home", "/"),
    ("sparql-editor", "/sparql"),
    ("sparql-results", "/sparql?query=" + urllib.parse.quote(
        "PREFIX org: <http://www.w3.org/ns/org#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "PREFIX foaf: <http://xmlns.com/foaf/0.1/>\nSELECT DISTINCT ?person ?name ?role ?body WHERE {\n"
        "  ?p org:member ?person ; org:role/skos:prefLabel ?role ; org:organization ?b .\n"
        "  ?person foaf:name ?name . ?b skos:prefLabel ?body } ORDER BY ?name LIMIT 20")),
    ("queries", "/queries"),
    ("query-form", "/queries/meetings-chaired-by"),
    ("query-results", "/queries/meetings-chaired-by?person=" + urllib.parse.quote("Nguyễn Trọng Nghĩa")),
    ("person", "/id/person/central/phan-xuan-thuy-0e6218"),
    ("body", "/id/body/ban-tuyen-giao-trung-uong"),
    ("people-list", "/entities/person"),
    ("articles", "/articles"),
    ("viz-index", "/viz"),
    ("viz-org", "/viz/org"),
    ("error-404", "/id/person/nobody"),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="the service's address, e.g. http://127.0.0.1:8000")
    parser.add_argument("--out", default="screenshots", help="folder for the PNG files")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--full", action="store_true", help="whole pages, not just the first screen")
    parser.add_argument("--extra", action="append", default=[], metavar="NAME=PATH", help="another page")
    options = parser.parse_args()
    from playwright.sync_api import sync_playwright

    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    base = options.base.rstrip("/")
    own_host = urllib.parse.urlsplit(base).netloc
    pages = list(PAGES) + [tuple(item.split("=", 1)) for item in options.extra]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": options.width, "height": options.height})
        for name, path in pages:
            page = context.new_page()
            errors: list[str] = []
            outside: list[str] = []
            page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
            page.on(
                "request",
                lambda r, outside=outside: outside.append(r.url)
                if urllib.parse.urlsplit(r.url).netloc not in (own_host, "") and not r.url.startswith("data:")
                else None,
            )
            response = page.goto(base + path, wait_until="load")
            page.wait_for_timeout(800)
            page.screenshot(path=str(out / f"{name}.png"), full_page=options.full)
            status = response.status if response else "-"
            print(f"{name:16} {status}  console errors: {len(errors)}  outside requests: {len(outside)}  {path[:60]}")
            for text in errors[:3]:
                print("    console:", text[:200])
            page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
