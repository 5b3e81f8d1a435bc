"""A saved news page to its headline, metadata and body paragraphs (selectolax/lexbor).

The body is the element holding most paragraph text (``[itemprop=articleBody]`` when
the page marks it); inside it, navigation, scripts, figures, share bars, related-article
lists and comments are removed before the paragraphs are read in document order.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from kg.facts import PartialDate

from .dates import find_date, parse_published
from .decode import Rejected

# Elements that are never article text.
_JUNK_TAG_NAMES = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "iframe",
        "svg",
        "canvas",
        "button",
        "select",
        "input",
        "textarea",
        "figure",
        "figcaption",
        "picture",
        "video",
        "audio",
        "object",
        "embed",
        "ins",
        "dialog",
        "menu",
    ]
)
_JUNK_TAGS = ", ".join(sorted(_JUNK_TAG_NAMES))
# class/id words of page furniture; matched as substrings...
_JUNK_SUBSTRINGS = (
    "related",
    "relate-",
    "lienquan",
    "lien-quan",
    "cungchuyenmuc",
    "share",
    "social",
    "comment",
    "binhluan",
    "breadcrumb",
    "sidebar",
    "advert",
    "banner",
    "newsletter",
    "subscribe",
    "cookie",
    "popup",
    "caption",
    "toolbar",
    "pagination",
)
# ... and as whole words (too short to be safe as substrings).
_JUNK_WORDS = frozenset(
    (
        "ads",
        "ad",
        "tags",
        "tag",
        "menu",
        "nav",
        "navbar",
        "print",
        "footer",
        "header",
        "widget",
        "more",
        "rating",
    )
)
_CLASS_SPLIT = re.compile(r"[\s_\-]+")
# Block elements whose text is one paragraph.
_BLOCK_SELECTOR = "p, h2, h3, h4, h5, h6, li, blockquote, pre, td, dd, dt"
_MIN_BODY_CHARS = 40
_SENTENCE_END = frozenset('.!?…:;"”’»')
_PARAGRAPH_SPACES = re.compile(r"[ \t\r\f\v\xa0\u200b\u202f\u3000]+")


@dataclass(slots=True)
class Page:
    title: str | None = None
    url: str | None = None
    published: PartialDate | None = None
    site_name: str | None = None
    paragraphs: list[str] = field(default_factory=list)


def _meta(tree: LexborHTMLParser, *names: str) -> str | None:
    for name in names:
        for attribute in ("property", "name", "itemprop"):
            node = tree.css_first(f'meta[{attribute}="{name}"]')
            if node is not None:
                content = (node.attributes.get("content") or "").strip()
                if content:
                    return content
    return None


def _clean(text: str) -> str:
    return " ".join(text.split())


def _is_junk(node: LexborNode) -> bool:
    attributes = node.attributes
    label = f"{attributes.get('class') or ''} {attributes.get('id') or ''}".lower()
    if not label.strip():
        return False
    if any(part in label for part in _JUNK_SUBSTRINGS):
        return True
    return not _JUNK_WORDS.isdisjoint(_CLASS_SPLIT.split(label))


def _title(tree: LexborHTMLParser, site_name: str | None) -> str | None:
    heading = tree.css_first("h1")
    if heading is not None:
        text = _clean(heading.text(deep=True))
        if len(text.split()) >= 2:
            return text
    og_title = _meta(tree, "og:title", "twitter:title")
    if og_title:
        return _clean(og_title)
    node = tree.css_first("title")
    if node is None:
        return None
    text = _clean(node.text(deep=True))
    # "Headline - Site" / "Headline | Site": drop the site's name.
    for separator in (" | ", " - ", " – "):
        head, _, tail = text.rpartition(separator)
        if head and (site_name is None or tail.casefold() in site_name.casefold() or len(tail.split()) <= 3):
            return head.strip()
    return text or None


def _url(tree: LexborHTMLParser) -> str | None:
    canonical = tree.css_first('link[rel="canonical"]')
    if canonical is not None and (canonical.attributes.get("href") or "").strip():
        return (canonical.attributes.get("href") or "").strip()
    return _meta(tree, "og:url")


def _published(tree: LexborHTMLParser) -> PartialDate | None:
    value = _meta(tree, "article:published_time", "datePublished", "pubdate", "publishdate", "dc.date")
    if value and (date := parse_published(value)):
        return date
    for node in tree.css('script[type="application/ld+json"]'):
        if date := _json_ld_published(node.text(deep=True)):
            return date
    for node in tree.css("time[datetime]"):
        if date := parse_published(node.attributes.get("datetime") or ""):
            return date
    # A visible date line near the headline: an element whose class names a date.
    for node in tree.css('[class*="date"], [class*="time"], [class*="publish"]'):
        text = node.text(deep=True)
        if len(text) <= 120 and (date := find_date(text)):
            return date
    return None


def _json_ld_published(text: str) -> PartialDate | None:
    """``datePublished`` of a schema.org JSON-LD block (an object, a list, or an ``@graph``)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            value = item.get("datePublished")
            if isinstance(value, str) and (date := parse_published(value)):
                return date
            if isinstance(item.get("@graph"), list):
                stack.extend(reversed(item["@graph"]))
    return None


def _inside_furniture(node: LexborNode, *, by_class: bool) -> bool:
    """Whether an ancestor of ``node`` is page furniture (a junk tag, or a junk class/id)."""
    parent = node.parent
    while parent is not None and parent.tag not in ("body", "html"):
        if parent.tag in _JUNK_TAG_NAMES or (by_class and _is_junk(parent)):
            return True
        parent = parent.parent
    return False


def _body_container(tree: LexborHTMLParser) -> LexborNode | None:
    marked = tree.css_first('[itemprop="articleBody"]')
    if marked is not None:
        return marked
    paragraphs = [p for p in tree.css("p") if len(_clean(p.text(deep=True))) >= 25]
    # Paragraphs under a junk class are skipped, unless that leaves none (a page whose
    # wrapper happens to be called "has-sidebar" still has a body).
    for by_class in (True, False):
        kept = [p for p in paragraphs if not _inside_furniture(p, by_class=by_class)]
        if kept:
            return _densest(kept)
    return None


def _densest(paragraphs: list[LexborNode]) -> LexborNode:
    """The element holding most paragraph text: each paragraph counts fully for its parent,
    half for its grandparent, a quarter above (paragraphs split over sibling divs)."""
    scores: dict[int, float] = {}
    nodes: dict[int, LexborNode] = {}
    for paragraph in paragraphs:
        length = len(_clean(paragraph.text(deep=True)))
        parent = paragraph.parent
        weight = 1.0
        while parent is not None and weight >= 0.25 and parent.tag not in ("body", "html"):
            nodes[parent.mem_id] = parent
            scores[parent.mem_id] = scores.get(parent.mem_id, 0.0) + length * weight
            parent = parent.parent
            weight /= 2
    if not scores:
        return paragraphs[0].parent or paragraphs[0]
    return nodes[max(scores, key=lambda key: scores[key])]


def _remove_furniture(container: LexborNode) -> None:
    """Remove junk elements under ``container`` (outermost first: a removed node's children go with it)."""
    junk: dict[int, LexborNode] = {}
    for node in container.css(_JUNK_TAGS):
        junk[node.mem_id] = node
    for node in container.css("[class], [id]"):
        if _is_junk(node):
            junk[node.mem_id] = node
    # Node.css() matches the node itself too: never remove the container.
    junk.pop(container.mem_id, None)
    for node in junk.values():
        parent = node.parent
        while parent is not None and parent.mem_id != container.mem_id and parent.mem_id not in junk:
            parent = parent.parent
        if parent is not None and parent.mem_id == container.mem_id:
            node.decompose()


def _paragraphs(container: LexborNode) -> list[str]:
    _remove_furniture(container)
    for node in container.css("br"):
        node.replace_with("\n")
    blocks = [
        node
        for node in container.css(_BLOCK_SELECTOR)
        # Only innermost blocks: a <li> holding <p>s is read through its <p>s.
        if len(node.css(_BLOCK_SELECTOR)) == 1
    ]
    paragraphs: list[str] = []
    for node in blocks or [container]:
        paragraphs.extend(_split_at_breaks(node.text(deep=True)))
    return paragraphs


def _split_at_breaks(text: str) -> list[str]:
    """A block's text split at <br>s that end a sentence; a <br> inside a sentence is a space."""
    pieces: list[str] = []
    for piece in text.split("\n"):
        piece = _PARAGRAPH_SPACES.sub(" ", piece).strip()
        if not piece:
            continue
        if pieces and pieces[-1][-1] not in _SENTENCE_END:
            pieces[-1] = f"{pieces[-1]} {piece}"
        else:
            pieces.append(piece)
    return pieces


def read_html(text: str) -> Page:
    """Extract the article; raise :class:`Rejected` when the page has no article body."""
    tree = LexborHTMLParser(text)
    site_name = _meta(tree, "og:site_name", "application-name")
    page = Page(url=_url(tree), published=_published(tree))
    page.site_name = _clean(site_name) if site_name else _domain(page.url)
    page.title = _title(tree, site_name)
    container = _body_container(tree)
    if container is not None:
        page.paragraphs = _paragraphs(container)
    if page.title and page.paragraphs and " ".join(page.paragraphs[0].split()) == page.title:
        page.paragraphs.pop(0)  # the <h1> inside the body container
    if sum(len(p) for p in page.paragraphs) < _MIN_BODY_CHARS:
        raise Rejected("no article body found in the HTML (no paragraphs of text)")
    return page


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None
