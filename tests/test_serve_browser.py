"""The pages of `kg serve` in a real browser: Debian's Chromium driven by Playwright, offline.

Every page is loaded with any request to another host blocked and counted, and with the
browser's console watched: a page passes only with no outside request and no console error.
Chromium comes from the system (``apt-get install -y chromium``); Playwright's own browser
download is never used.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, Watched, require_browser
from serve_helpers import running_server, sample_store

PERSON_PATH = "/id/person/central/phan-xuan-thuy-0e6218"

sync_api = require_browser()



@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(sample_store(tmp_path_factory.getbasetemp()), "--workers", "2") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, base: str) -> Iterator[tuple[Any, Watched]]:
    """A fresh page that may only talk to the service; everything else is blocked and noted."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    watched = Watched()
    own = urllib.parse.urlsplit(base).netloc

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if urllib.parse.urlsplit(url).netloc == own or url.startswith(("data:", "blob:", "about:")):
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


def test_query_editor_runs_a_query_and_shows_a_table(page: tuple[Any, Watched], base: str) -> None:
    tab, watched = page
    tab.goto(base + "/sparql")
    assert tab.title().startswith("SPARQL")
    query = (
        "PREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"
        "SELECT DISTINCT ?person ?name WHERE { ?person foaf:name ?name } ORDER BY ?name"
    )
    tab.fill("#query", query)
    tab.click("button:has-text('Run query')")
    tab.wait_for_selector("table.results")
    names = tab.locator("table.results tbody tr td:nth-child(2)").all_inner_texts()
    assert "Phan Xuân Thủy" in names and names == sorted(names)
    # an IRI cell links to the entity's page and shows its name
    link = tab.locator("table.results a", has_text="Phan Xuân Thủy").first
    assert link.get_attribute("href") == PERSON_PATH
    assert tab.input_value("#query") == query  # the query stays in the editor
    # an example replaces the text; Ctrl+Enter runs it
    tab.select_option("#examples", label="Is Phan Xuân Thủy in the graph? (ASK)")
    assert "ASK" in tab.input_value("#query")
    tab.focus("#query")
    tab.keyboard.press("Control+Enter")
    tab.wait_for_selector("p.boolean")
    assert "true" in tab.inner_text("p.boolean")
    watched.assert_clean()


def test_query_editor_shows_refusals_and_errors(page: tuple[Any, Watched], base: str) -> None:
    tab, watched = page
    tab.goto(base + "/sparql")
    tab.fill("#query", "CLEAR ALL")
    tab.click("button:has-text('Run query')")
    assert "read-only" in tab.inner_text(".notice.error")
    tab.fill("#query", "SELECT ?x WHERE { ?x")
    tab.click("button:has-text('Run query')")
    assert "syntax error" in tab.inner_text(".notice.error").lower()
    # the browser reports the 403/400 documents as console errors: those are the answers we asked for
    watched.console_errors.clear()
    watched.assert_clean()


def test_canned_question_form(page: tuple[Any, Watched], base: str) -> None:
    tab, watched = page
    tab.goto(base + "/queries")
    tab.click("text=Meetings chaired by a person")
    tab.fill("input[name=person]", "nguyễn trọng nghĩa")  # any case
    tab.click("button:has-text('Answer')")
    tab.wait_for_selector("table.results")
    text = tab.inner_text("table.results")
    assert "Hội nghị sơ kết công tác tuyên giáo" in text
    csv_link = tab.locator("a", has_text="CSV").first.get_attribute("href")
    assert csv_link.startswith("/queries/meetings-chaired-by.csv?")
    watched.assert_clean()


def test_entity_page_and_its_sources(page: tuple[Any, Watched], base: str) -> None:
    tab, watched = page
    tab.goto(base + PERSON_PATH)
    assert tab.inner_text("h1") == "Phan Xuân Thủy"
    positions = tab.inner_text("#h-positions + p + .table-wrap table")
    assert "Phó Trưởng Ban" in positions and "Ban Tuyên giáo Trung ương" in positions
    meetings = tab.inner_text("#h-meetings + .table-wrap table")
    assert "chaired" in meetings
    # a source sentence leads to the article, scrolled to that sentence, which is marked
    source = tab.locator("ul.sources a").first
    target = source.get_attribute("href")
    fragment = target.split("#")[1]
    source.click()
    tab.wait_for_url("**/articles/**")
    assert tab.url.endswith("#" + fragment)
    marked = tab.locator(f'mark.ev.target[data-sentences~="{fragment}"]')
    assert marked.count() >= 1
    assert marked.first.is_visible()
    box = marked.first.bounding_box()
    assert box is not None and 0 <= box["y"] < 900  # scrolled into view
    # the names read in it link back to their pages
    assert tab.locator(f'a.mention[href="{PERSON_PATH}"]').count() >= 1
    watched.assert_clean()


def test_browse_from_home_to_a_body(page: tuple[Any, Watched], base: str) -> None:
    tab, watched = page
    tab.goto(base + "/")
    tab.click("ul.counts >> text=Bodies")
    tab.click("text=Ban Tuyên giáo Trung ương")
    assert tab.inner_text("h1") == "Ban Tuyên giáo Trung ương"
    assert "Nguyễn Trọng Nghĩa" in tab.inner_text("#h-positions + p + .table-wrap table")
    watched.assert_clean()


def test_network_page_draws_offline(page: tuple[Any, Watched], base: str) -> None:
    from kg.serve import network

    if not network.available():
        pytest.skip("kg.viz (the network views) is not installed alongside the service")
    tab, watched = page
    tab.goto(base + "/viz")
    tab.locator("ul.cards a").first.click()
    tab.wait_for_selector("iframe.network")
    frame = tab.frame_locator("iframe.network")
    drawing = frame.locator("canvas, svg").first
    drawing.wait_for(state="visible", timeout=15_000)
    box = drawing.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 200
    # a filter narrows the network: the frame is drawn again from the new address
    tab.click("details.filters summary")
    tab.fill("#f-body", "Ban Tuyên giáo Trung ương")
    tab.click("button:has-text('Draw')")
    tab.wait_for_selector("iframe.network")
    assert "body=" in (tab.get_attribute("iframe.network", "src") or "")
    tab.frame_locator("iframe.network").locator("canvas, svg").first.wait_for(state="visible", timeout=15_000)
    watched.assert_clean()
