"""Small pieces of HTML shared by every page: escaping, the layout, links to entities, dates.

Pages are built from Python strings (no template engine): every piece of data goes
through :func:`esc`, and the only markup is written here and in :mod:`kg.serve.pages`.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Iterable, Sequence

from kg.serve.views import Value
from kg.store import ID_NS

NAVIGATION = (
    ("/", "Home", "home"),
    ("/sparql", "SPARQL", "sparql"),
    ("/queries", "Questions", "queries"),
    ("/viz", "Networks", "viz"),
    ("/articles", "Articles", "articles"),
)
ARTICLE_PREFIX = ID_NS + "article/"
_SHORT = {
    "https://w3id.org/vnkg/ontology#": "kg:",
    ID_NS: "id:",
    "https://w3id.org/vnkg/graph/": "graph:",
    "https://schema.org/": "schema:",
    "http://www.w3.org/ns/org#": "org:",
    "http://xmlns.com/foaf/0.1/": "foaf:",
    "http://www.w3.org/2004/02/skos/core#": "skos:",
    "http://www.w3.org/ns/prov#": "prov:",
    "http://www.w3.org/2001/XMLSchema#": "xsd:",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
    "http://www.w3.org/2002/07/owl#": "owl:",
}


def esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def short_iri(value: str) -> str:
    for namespace, prefix in _SHORT.items():
        if value.startswith(namespace):
            return prefix + value[len(namespace) :]
    return value


def href_for(entity: str) -> str | None:
    """The page of an IRI minted by kg (articles and their sentences go to the article page)."""
    if not entity.startswith(ID_NS):
        return None
    if entity.startswith(ARTICLE_PREFIX):
        rest = entity[len(ARTICLE_PREFIX) :]
        article, _, fragment = rest.partition("#")
        anchor = f"#{urllib.parse.quote(fragment)}" if fragment else ""
        return "/articles/" + urllib.parse.quote(article, safe="") + anchor
    path, _, fragment = entity[len(ID_NS) :].partition("#")
    anchor = f"#{urllib.parse.quote(fragment)}" if fragment else ""
    return "/id/" + urllib.parse.quote(path, safe="/") + anchor


def article_href(article_id: str, start: int | None = None, end: int | None = None) -> str:
    anchor = f"#s{start}-{end}" if start is not None and end is not None else ""
    return "/articles/" + urllib.parse.quote(article_id, safe="") + anchor


def link(value: Value | None, *, kind_class: str = "") -> str:
    """An entity as a link with its label; other IRIs shortened; literals as text."""
    if value is None:
        return ""
    if value.kind == "iri":
        target = href_for(value.text)
        text = value.label or short_iri(value.text)
        lang = ' lang="vi"' if value.label else ""
        css = f' class="{esc(kind_class)}"' if kind_class else ""
        if target:
            return f'<a href="{esc(target)}"{lang}{css}>{esc(text)}</a>'
        return f'<span title="{esc(value.text)}"{lang}>{esc(text)}</span>'
    if value.kind == "bnode":
        return f"<code>_:{esc(value.text)}</code>"
    if value.datatype in _DATE_TYPES:
        return f'<time datetime="{esc(value.text)}">{esc(human_date(value.text))}</time>'
    lang = f' lang="{esc(value.language)}"' if value.language else ""
    if value.datatype and not value.datatype.endswith(("#integer", "#boolean", "#decimal", "#anyURI")):
        return f'<span{lang} title="{esc(short_iri(value.datatype))}">{esc(value.text)}</span>'
    return f"<span{lang}>{esc(value.text)}</span>" if lang else esc(value.text)


XSD = "http://www.w3.org/2001/XMLSchema#"
_DATE_TYPES = frozenset(XSD + name for name in ("date", "dateTime", "gYear", "gYearMonth", "gMonthDay"))
_ISO = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_MONTH_DAY = re.compile(r"--(\d{2})-(\d{2})$")


def human_date(value: str | None) -> str:
    """Vietnamese order: 18/09/2020, 09/2020, 2020; a date read without its year: 18/09 (year?)."""
    if not value:
        return ""
    if match := _MONTH_DAY.match(value):
        return f"{match.group(2)}/{match.group(1)} (no year)"
    if match := _ISO.match(value[:10]):
        year, month, day = match.groups()
        return "/".join(part for part in (day, month, year) if part)
    return value


def date_html(value: str | None) -> str:
    if not value:
        return '<span class="muted">—</span>'
    return f'<time datetime="{esc(value)}">{esc(human_date(value))}</time>'


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], *, caption: str = "", css: str = "") -> str:
    """A data table; ``rows`` hold HTML already escaped."""
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    cap = f"<caption>{caption}</caption>" if caption else ""
    cls = f' class="{css}"' if css else ""
    return f'<div class="table-wrap"><table{cls}>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def page(title: str, body: str, *, active: str = "", scripts: Sequence[str] = (), wide: bool = False) -> str:
    """A whole page: the site header with navigation, ``body`` in <main>, and the footer."""
    nav = "".join(
        f'<li><a href="{href}"{" aria-current=page" if key == active else ""}>{esc(label)}</a></li>'
        for href, label, key in NAVIGATION
    )
    script_tags = "".join(f'<script src="/static/{esc(name)}" defer></script>' for name in scripts)
    main_class = ' class="wide"' if wide else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} · kg</title>
<link rel="stylesheet" href="/static/style.css">
<link rel="icon" href="data:,">
{script_tags}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site">
  <a class="brand" href="/">kg <span>knowledge graph of party &amp; state news</span></a>
  <nav aria-label="Sections"><ul>{nav}</ul></nav>
  <form class="search" action="/queries/find-entity" method="get" role="search">
    <label for="site-search" class="visually-hidden">Find a person, body, place, document or meeting</label>
    <input id="site-search" name="name" type="search" placeholder="Find a name…" lang="vi">
    <button type="submit">Find</button>
  </form>
</header>
<main id="main"{main_class}>
{body}
</main>
<footer class="site">Read-only. Every fact links to the sentence it was read in.
  Data as <a href="/sparql">SPARQL</a>; each entity page also as Turtle or JSON-LD.</footer>
</body>
</html>
"""


def notice(text: str, *, kind: str = "info") -> str:
    role = ' role="alert"' if kind == "error" else ' role="status"'
    return f'<p class="notice {esc(kind)}"{role}>{text}</p>'

