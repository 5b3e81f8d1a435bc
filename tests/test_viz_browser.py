"""The `kg viz` HTML page in a real browser: Debian's Chromium driven by Playwright, offline.

Each page is opened from disk (file://) with every request to the network blocked and
noted, and the browser's console watched: a page passes only with no request leaving the
file, no failed request and no console error.  Chromium comes from the system
(``apt-get install -y chromium``); Playwright's own browser download is never used.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, Watched, require_browser
from serve_helpers import sample_store

from kg.store import EmbeddedStore
from kg.viz.html import render_html
from kg.viz.prepare import prepare
from kg.viz.projections import Network, Projector, project

PERSON = "Phan Xuân Thủy"
BODY = "Ban Tuyên giáo Trung ương"

sync_api = require_browser()



class _UnionSource:
    def __init__(self, store: EmbeddedStore) -> None:
        self.store = store

    def query(self, sparql: str) -> Any:
        return self.store.query(sparql, union_default_graph=True)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Network]]:
    """The people network of data/articles as a page, and a copy that calls itself crowded."""
    store = sample_store(tmp_path_factory.getbasetemp())
    folder = tmp_path_factory.mktemp("viz-pages")
    made: dict[str, tuple[Path, Network]] = {}
    with EmbeddedStore(store, read_only=True) as opened:
        projector = Projector(_UnionSource(opened))
        people = prepare(project("people", projector), projector)
        for name, crowded_above in (("people", 5000), ("crowded", 3)):
            path = folder / f"{name}.html"
            path.write_text(render_html(people, projector, crowded_above=crowded_above), encoding="utf-8")
            made[name] = (path, people)
    return made


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[tuple[Any, Watched]]:
    """A fresh page that may read files only; any other request is blocked and noted."""
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="vi-VN")
    watched = Watched()

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            request_route.continue_()
        else:
            watched.outside.append(url)
            request_route.abort()

    context.route("**/*", route)
    opened = context.new_page()
    opened.on("console", lambda message: message.type == "error" and watched.console_errors.append(message.text))
    opened.on("pageerror", lambda error: watched.console_errors.append(str(error)))
    opened.on("requestfailed", lambda request: watched.failed.append(request.url))
    yield opened, watched
    context.close()


def open_page(tab: Any, path: Path) -> None:
    tab.goto(path.as_uri())
    tab.wait_for_function("window.__firstDraw !== undefined", timeout=10_000)


def canvas_point(tab: Any, label: str) -> tuple[float, float]:
    """Where a node is drawn, in page coordinates."""
    point = tab.evaluate("(label) => window.kgNetwork.screenPoint(label)", label)
    assert point is not None, f"{label} is not in the page"
    box = tab.locator("#network").bounding_box()
    return box["x"] + point[0], box["y"] + point[1]


def test_page_opens_from_disk_and_draws(page: tuple[Any, Watched], pages: dict[str, tuple[Path, Network]]) -> None:
    tab, watched = page
    path, network = pages["people"]
    open_page(tab, path)
    assert tab.title() == network.title
    # the canvas has pixels drawn in it, in more than one colour
    painted = tab.evaluate(
        """() => {
        const canvas = document.getElementById("network");
        const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0; const colours = new Set();
        for (let i = 0; i < pixels.length; i += 4) {
          if (pixels[i + 3] > 0) { painted++; colours.add(pixels[i] + "," + pixels[i + 1] + "," + pixels[i + 2]); }
        }
        return [painted, colours.size];
    }"""
    )
    assert painted[0] > 2000 and painted[1] > 3
    nodes = network.graph.number_of_nodes()
    assert tab.inner_text("#node-count") == str(nodes)
    assert tab.evaluate("window.kgNetwork.nodeCount") == nodes
    assert tab.evaluate("window.kgNetwork.linkCount") == network.graph.number_of_edges()
    assert tab.locator("#crowded").count() == 0
    watched.assert_clean()


def test_search_finds_a_person_and_the_panel_shows_sources(
    page: tuple[Any, Watched], pages: dict[str, tuple[Path, Network]]
) -> None:
    tab, watched = page
    path, network = pages["people"]
    open_page(tab, path)
    tab.fill("#search", "phan xuan thuy")  # typed without diacritics
    match = tab.locator("#matches button", has_text=PERSON)
    match.wait_for(state="visible")
    tab.fill("#search", PERSON)
    tab.keyboard.press("Enter")
    tab.wait_for_selector("#panel:not([hidden])")
    assert tab.inner_text("#panel h2") == PERSON
    assert tab.evaluate("window.kgNetwork.selected()") == PERSON
    # the sentences the facts were read in, and the articles they are from
    person = next(data for _, data in network.graph.nodes(data=True) if data["label"] == PERSON)
    expected_headlines = {source["headline"] for source in person["provenance"]}
    quotes = tab.locator("#panel ul.sources blockquote").all_inner_texts()
    assert quotes and all(PERSON in quote for quote in quotes[:1])
    cites = [text.removeprefix("— ") for text in tab.locator("#panel ul.sources cite").all_inner_texts()]
    assert cites and set(cites) <= expected_headlines
    assert "Phó Trưởng Ban" in tab.inner_text("#panel ul.facts")
    watched.assert_clean()


def test_click_on_a_node_opens_its_panel(page: tuple[Any, Watched], pages: dict[str, tuple[Path, Network]]) -> None:
    tab, watched = page
    path, _ = pages["people"]
    open_page(tab, path)
    assert tab.locator("#panel").is_hidden()
    x, y = canvas_point(tab, BODY)
    tab.mouse.click(x, y)
    tab.wait_for_selector("#panel:not([hidden])")
    assert tab.inner_text("#panel h2") == BODY
    assert "posts held here" in tab.inner_text("#panel ul.facts")
    assert tab.locator("#panel ul.links button", has_text=PERSON).count() == 1
    # a link in the panel moves to the other node
    tab.locator("#panel ul.links button", has_text=PERSON).click()
    assert tab.inner_text("#panel h2") == PERSON
    tab.keyboard.press("Escape")
    assert tab.locator("#panel").is_hidden()
    watched.assert_clean()


def test_hover_on_a_link_shows_its_role(page: tuple[Any, Watched], pages: dict[str, tuple[Path, Network]]) -> None:
    tab, watched = page
    path, _ = pages["people"]
    open_page(tab, path)
    (x1, y1), (x2, y2) = canvas_point(tab, PERSON), canvas_point(tab, BODY)
    tab.mouse.move((x1 + x2) / 2, (y1 + y2) / 2)
    tab.wait_for_selector("#tip:not([hidden])")
    tip = tab.inner_text("#tip")
    assert PERSON in tip and BODY in tip and "Phó Trưởng Ban" in tip
    tab.mouse.move(x1, y1)  # on the node itself: its name and number of links
    assert tab.inner_text("#tip").startswith(PERSON + " · Person")
    watched.assert_clean()


def test_type_filter_hides_a_type(page: tuple[Any, Watched], pages: dict[str, tuple[Path, Network]]) -> None:
    tab, watched = page
    path, network = pages["people"]
    open_page(tab, path)
    bodies = sum(1 for _, data in network.graph.nodes(data=True) if data["type"] == "body")
    total = network.graph.number_of_nodes()
    assert tab.evaluate("window.kgNetwork.visibleCount()") == total
    tab.locator("fieldset.types label", has_text="Person").locator("input").uncheck()
    assert tab.evaluate("window.kgNetwork.visibleCount()") == bodies < total
    # a hidden person is not under the pointer any more
    x, y = canvas_point(tab, PERSON)
    tab.mouse.click(x, y)
    assert tab.locator("#panel").is_hidden()
    watched.assert_clean()


def test_crowded_page_says_how_to_filter(page: tuple[Any, Watched], pages: dict[str, tuple[Path, Network]]) -> None:
    tab, watched = page
    path, _ = pages["crowded"]
    open_page(tab, path)
    note = tab.locator("#crowded")
    assert note.is_visible() and "--person" in note.inner_text() and "Filters form" in note.inner_text()
    watched.assert_clean()
