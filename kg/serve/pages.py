"""The HTML pages: each function turns the data of a view into a whole page."""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from kg.queries import CannedQuery, Parameter, Result
from kg.serve.html import (
    article_href,
    date_html,
    esc,
    href_for,
    link,
    notice,
    page,
    short_iri,
    table,
)
from kg.serve.sparql import Table
from kg.serve.views import (
    KINDS,
    ArticleListItem,
    ArticleView,
    EntityListItem,
    EntityView,
    EvidenceSpan,
    Overview,
    Value,
    value_of,
)

SOURCES_SHOWN = 50  # sentences on an entity page; the provenance question lists them all
HTML_ROWS = 1000  # rows drawn in a page; downloads carry them all (up to --max-rows)
KIND_NAMES = {
    "person": "Person",
    "body": "Body",
    "meeting": "Meeting",
    "document": "Document",
    "place": "Place",
    "role": "Role",
    "position": "Position",
    "article": "Article",
    "evidence": "Sentence",
    "thing": "Thing",
}


@dataclass(frozen=True, slots=True)
class VizKind:
    name: str
    title: str
    description: str


# -- home ---------------------------------------------------------------------------


def home_page(overview: Overview, queries: Sequence[CannedQuery], viz_kinds: Sequence[VizKind]) -> str:
    cards = "".join(
        f'<li><a href="/entities/{kind}"><strong>{overview.counts.get(kind, 0)}</strong> {esc(label)}</a></li>'
        for kind, (_, label) in KINDS.items()
    )
    cards = (
        f'<li><a href="/articles"><strong>{overview.articles}</strong> Articles</a></li>' + cards
    )
    question_items = "".join(
        f'<li><a href="/queries/{esc(q.name)}">{esc(q.title)}</a></li>' for q in list(queries)[:8]
    )
    network_items = "".join(
        f'<li><a href="/viz/{esc(v.name)}">{esc(v.title)}</a></li>' for v in viz_kinds
    ) or "<li>No network views in this installation.</li>"
    body = f"""
<h1>Knowledge graph of party and state news</h1>
<p class="lead">People, positions, party and state bodies, documents and meetings read from
{overview.articles} Vietnamese news articles ({overview.triples:,} facts). Every fact keeps the sentence
it was read in.</p>
<ul class="counts" aria-label="What the graph holds">{cards}</ul>
<div class="columns">
<section aria-labelledby="h-questions"><h2 id="h-questions">Ask a question</h2>
<ul>{question_items}</ul><p><a href="/queries">All questions →</a></p></section>
<section aria-labelledby="h-networks"><h2 id="h-networks">Look at a network</h2>
<ul>{network_items}</ul></section>
<section aria-labelledby="h-sparql"><h2 id="h-sparql">Query it yourself</h2>
<p>The <a href="/sparql">SPARQL endpoint</a> answers the SPARQL 1.1 Protocol at
<code>/sparql</code> (JSON, XML, CSV, TSV; Turtle or JSON-LD for graphs); in a browser it is a query editor.</p>
<p>Every entity IRI <code>https://w3id.org/vnkg/id/…</code> is served at <code>/id/…</code>:
a page for people, Turtle or JSON-LD for programs (<code>Accept</code> header).</p></section>
</div>"""
    return page("Home", body, active="home")


# -- entities -------------------------------------------------------------------------------


def _kind_badge(kind: str) -> str:
    return f'<span class="badge kind-{esc(kind)}">{esc(KIND_NAMES.get(kind, kind))}</span>'


def _article_link(article_id: str, titles: Mapping[str, str | None]) -> str:
    title = titles.get(article_id)
    text = f'<span lang="vi">{esc(title)}</span>' if title else esc(article_id)
    return f'<a href="{esc(article_href(article_id))}">{text}</a>'


def entity_page(view: EntityView) -> str:
    own = KIND_NAMES.get(view.kind, "").lower()
    type_names = sorted({t.label or short_iri(t.text) for t in view.types} - {KIND_NAMES.get(view.kind, "")})
    type_names = [name for name in type_names if name.lower() not in (own, "organization", "event", "entity")]
    alternative = _also_written(view.alt_labels)
    sections: list[str] = []
    if view.positions:
        sections.append(_positions_section(view))
    if view.meetings:
        sections.append(_meetings_section(view))
    if view.documents:
        rows = [
            [
                link(d.document),
                esc(d.identifier or ""),
                date_html(d.date),
                esc(d.relation) + (" " + link(d.via) if d.via else ""),
            ]
            for d in view.documents
        ]
        sections.append(
            '<section aria-labelledby="h-docs"><h2 id="h-docs">Documents</h2>'
            + table(["Document", "Number", "Date", "How"], rows)
            + "</section>"
        )
    if view.facts:
        rows = [[esc(f.predicate_label), link(f.value)] for f in view.facts]
        sections.append(
            '<section aria-labelledby="h-facts"><h2 id="h-facts">Facts</h2>'
            + table(["Property", "Value"], rows, css="facts")
            + "</section>"
        )
    if view.referrers:
        rows = [[link(subject), esc(relation)] for subject, relation in view.referrers]
        sections.append(
            '<section aria-labelledby="h-refs"><h2 id="h-refs">Linked from</h2>'
            + table(["Entity", "Relation (to this one)"], rows, css="facts")
            + "</section>"
        )
    if view.sources:
        sections.append(_sources_section(view))
    if view.articles:
        items = "".join(
            f'<li><a href="{esc(article_href(a.article_id))}" lang="vi">{esc(a.headline or a.article_id)}</a>'
            f"{' · ' + date_html(a.published) if a.published else ''}</li>"
            for a in view.articles
        )
        sections.append(
            '<section aria-labelledby="h-articles"><h2 id="h-articles">Articles naming it</h2>'
            f"<ul>{items}</ul></section>"
        )
    iri_path = href_for(view.iri) or ""
    formats = (
        f'<p class="formats">IRI <code>{esc(view.iri)}</code> · as '
        f'<a href="{esc(iri_path)}?format=turtle">Turtle</a> · '
        f'<a href="{esc(iri_path)}?format=jsonld">JSON-LD</a></p>'
    )
    body = f"""
<p class="crumbs">{_kind_badge(view.kind)} {esc(" · ".join(type_names))}</p>
<h1 lang="vi">{esc(view.label)}</h1>
{alternative}
{formats}
{"".join(sections) or notice("The store holds nothing more about this entity.")}"""
    return page(view.label, body)


def _also_written(spellings: Sequence[str]) -> str:
    """Other spellings: inline when few and short, else folded away (documents are often
    named by a whole clause)."""
    if not spellings:
        return ""
    ordered = sorted(spellings, key=lambda text: (len(text), text))
    if len(ordered) <= 3 and sum(len(text) for text in ordered) <= 160:
        inline = ", ".join(f'<span lang="vi">{esc(a)}</span>' for a in ordered)
        return f'<p class="aka">Also written: {inline}</p>'
    items = "".join(f'<li lang="vi">{esc(a)}</li>' for a in ordered)
    summary = f"<summary>Also written in {len(ordered)} other ways</summary>"
    return f'<details class="aka">{summary}<ul>{items}</ul></details>'


def _positions_section(view: EntityView) -> str:
    headers = ["Since", "Person", "Role", "Body", "Attested on", "Read in"]
    rows = []
    for position in view.positions:
        dates = ", ".join(date_html(d) for d in position.dates) or date_html(None)
        rows.append(
            [
                date_html(position.dates[0] if position.dates else None),
                link(position.person),
                link(position.role),
                link(position.body),
                dates,
                "<br>".join(_article_link(a, view.article_titles) for a in position.articles),
            ]
        )
    # the column naming this entity says nothing: drop it
    drop = {"person": 1, "role": 2, "body": 3}.get(view.kind)
    if drop is not None:
        headers = [h for i, h in enumerate(headers) if i != drop]
        rows = [[c for i, c in enumerate(row) if i != drop] for row in rows]
    headers, rows = headers[1:], [row[1:] for row in rows]  # "Attested on" already lists the dates
    return (
        '<section aria-labelledby="h-positions"><h2 id="h-positions">Positions over time</h2>'
        '<p class="hint">One row per role in a body, with every date an article attests it, oldest first.</p>'
        + table(headers, rows)
        + "</section>"
    )


RELATION_NAMES = {
    "chair": "chaired",
    "attendee": "attended",
    "organiser": "organised",
    "attending body": "took part",
    "place": "held here",
    "discussed": "discussed it",
}


def _meetings_section(view: EntityView) -> str:
    rows = [
        [
            date_html(m.start) + (" – " + date_html(m.end) if m.end and m.end != m.start else ""),
            link(m.meeting),
            esc(RELATION_NAMES.get(m.relation, m.relation)),
            link(m.place),
            "<br>".join(_article_link(a, view.article_titles) for a in m.articles),
        ]
        for m in view.meetings
    ]
    return (
        '<section aria-labelledby="h-meetings"><h2 id="h-meetings">Meetings</h2>'
        + table(["Date", "Meeting", "Role", "Place", "Read in"], rows)
        + "</section>"
    )


def _sources_section(view: EntityView) -> str:
    items = []
    for sentence in view.sources[:SOURCES_SHOWN]:
        target = article_href(sentence.article_id, sentence.start, sentence.end)
        items.append(
            f'<li><blockquote lang="vi">{esc(sentence.text)}</blockquote>'
            f'<a href="{esc(target)}">in <span lang="vi">{esc(sentence.headline or sentence.article_id)}</span>'
            f", characters {sentence.start}–{sentence.end}</a></li>"
        )
    more = ""
    if len(view.sources) > SOURCES_SHOWN:
        question = "/queries/provenance?" + urllib.parse.urlencode({"iri": view.iri})
        count = len(view.sources) - SOURCES_SHOWN
        more = f'<p class="hint">{count:,} more: <a href="{esc(question)}">all of them</a>.</p>'
    return (
        '<section aria-labelledby="h-sources"><h2 id="h-sources">Source sentences</h2>'
        f'<ul class="sources">{"".join(items)}</ul>{more}</section>'
    )


def entity_list_page(kind: str, items: Sequence[EntityListItem]) -> str:
    title = KINDS[kind][1]
    rows = [[link(item.entity), str(item.articles)] for item in items]
    others = " · ".join(
        f'<a href="/entities/{k}"{" aria-current=page" if k == kind else ""}>{esc(label)}</a>'
        for k, (_, label) in KINDS.items()
    )
    body = (
        f"<h1>{esc(title)}</h1><p class=\"crumbs\">{others}</p>"
        + (table(["Name", "Articles"], rows) if rows else notice("None in this store."))
    )
    return page(title, body)


# -- articles -------------------------------------------------------------------------------


def article_list_page(items: Sequence[ArticleListItem]) -> str:
    rows = [
        [
            date_html(item.published),
            f'<a href="{esc(article_href(item.article_id))}" lang="vi">{esc(item.title or item.article_id)}</a>',
            str(item.facts),
        ]
        for item in items
    ]
    body = "<h1>Articles</h1>" + (table(["Published", "Headline", "Facts"], rows) if rows else notice("No articles."))
    return page("Articles", body, active="articles")


def article_page(view: ArticleView) -> str:
    numbers = {(e.start, e.end): n for n, e in enumerate(view.evidence, start=1)}
    meta = []
    if view.published:
        meta.append(f"Published {date_html(view.published)}")
    if view.outlet:
        meta.append(f'<span lang="vi">{esc(view.outlet)}</span>')
    if view.author:
        meta.append("by " + link(view.author))
    if view.url and urllib.parse.urlsplit(view.url.strip()).scheme.lower() in ("http", "https"):
        meta.append(f'<a href="{esc(view.url)}" rel="noreferrer noopener external">original</a>')
    elif view.url:  # javascript:, data: ... - shown, never a link
        meta.append(f"source <code>{esc(view.url)}</code>")
    if view.source_name:
        meta.append(f"file <code>{esc(view.source_name)}</code>")
    legend = "".join(
        f'<li><span class="mention kind-{k}">{esc(KIND_NAMES[k])}</span></li>'
        for k in ("person", "body", "meeting", "document", "place")
    )
    if view.text is None:
        text_html = notice(
            "This store was built before article texts were kept: only the sentences facts were read in "
            "are shown. Rebuild it (<code>kg remove ID</code>, then <code>kg build</code>) to see the whole text."
        ) + "".join(
            f'<p id="s{e.start}-{e.end}" class="sentence-only" lang="vi">{esc(e.text)} '
            f'<a class="ref" href="#facts-{n}">[{n}]</a></p>'
            for n, e in ((numbers[(e.start, e.end)], e) for e in view.evidence)
        )
    else:
        text_html = f'<div class="article-text" lang="vi">{highlight(view, numbers)}</div>'
    facts_html = "".join(_evidence_item(e, numbers[(e.start, e.end)]) for e in view.evidence)
    body = f"""
<p class="crumbs"><a href="/articles">Articles</a> · {_kind_badge("article")}</p>
<h1 lang="vi">{esc(view.title or view.article_id)}</h1>
<p class="meta">{" · ".join(meta)}</p>
<p class="hint">Sentences in which facts were read are <mark class="ev">highlighted</mark>; names are underlined
by kind, and each sentence's number leads to what was read in it.</p>
<ul class="legend" aria-label="Kinds of names">{legend}</ul>
<div class="article-layout">
<article aria-label="Article text">{text_html}</article>
<aside aria-labelledby="h-read"><h2 id="h-read">What was read ({len(view.evidence)} sentences)</h2>
<ol class="facts-list">{facts_html}</ol>
<p class="formats">As data: <a href="{esc(href_for(view.iri) or "")}?format=turtle" rel="nofollow">Turtle</a>
(<code>{esc(view.iri)}</code>)</p></aside>
</div>"""
    return page(view.title or view.article_id, body, active="articles", scripts=["article.js"], wide=True)


def _evidence_item(evidence: EvidenceSpan, number: int) -> str:
    facts = "".join(
        f"<li>{_kind_badge(f.kind)} "
        + (
            f'<a href="{esc(href_for(f.subject.text) or "")}" lang="vi">{esc(f.summary)}</a>'
            if href_for(f.subject.text)
            else f'<span lang="vi">{esc(f.summary)}</span>'
        )
        + "</li>"
        for f in evidence.facts
    )
    return (
        f'<li id="facts-{number}" value="{number}"><a class="back" href="#s{evidence.start}-{evidence.end}" '
        f'aria-label="Sentence {number} in the text">sentence {number} ↑</a>'
        f'<ul>{facts or "<li>(the article itself)</li>"}</ul></li>'
    )


def highlight(view: ArticleView, numbers: Mapping[tuple[int, int], int]) -> str:
    """The article text with its evidence sentences marked, the names read in each sentence
    linked, and a numbered reference after each sentence.

    Sentences may overlap, so the text is cut at every sentence and name boundary and each
    piece is wrapped in the marks that cover it."""
    text = view.text or ""
    spans = [(e.start, e.end) for e in view.evidence if 0 <= e.start < e.end <= len(text)]
    mentions = _mentions(view, text)
    cuts = {0, len(text)}
    for start, end in spans:
        cuts.update((start, end))
    for start, end, _ in mentions:
        cuts.update((start, end))
    points = sorted(cuts)
    starts: dict[int, list[tuple[int, int]]] = {}
    ends: dict[int, list[tuple[int, int]]] = {}
    for span in spans:
        starts.setdefault(span[0], []).append(span)
        ends.setdefault(span[1], []).append(span)
    out: list[str] = []
    mention_at = {start: (start, end, entity) for start, end, entity in mentions}
    current_mention: tuple[int, int, str] | None = None
    for left, right in zip(points, points[1:], strict=False):
        for span in ends.get(left, []):
            number = numbers.get(span)
            out.append(f'<a class="ref" href="#facts-{number}" aria-label="what was read in sentence {number}">'
                       f"<sup>{number}</sup></a>")
        for span in starts.get(left, []):
            out.append(f'<span class="anchor" id="s{span[0]}-{span[1]}"></span>')
        if left in mention_at:
            current_mention = mention_at[left]
        if current_mention and left >= current_mention[1]:
            current_mention = None
        piece = esc(text[left:right])
        if current_mention:
            entity = current_mention[2]
            kind = view.kinds.get(entity, "thing")
            title = f"{KIND_NAMES.get(kind, kind)}: {view.labels.get(entity, '')}"
            piece = (
                f'<a class="mention kind-{esc(kind)}" href="{esc(href_for(entity) or "")}" '
                f'title="{esc(title)}">{piece}</a>'
            )
        covering = [s for s in spans if s[0] <= left and right <= s[1]]
        if covering:
            data = " ".join(f"s{s[0]}-{s[1]}" for s in covering)
            piece = f'<mark class="ev" data-sentences="{esc(data)}">{piece}</mark>'
        out.append(piece)
    for span in ends.get(len(text), []):
        number = numbers.get(span)
        out.append(f'<a class="ref" href="#facts-{number}"><sup>{number}</sup></a>')
    return "".join(out)


def _mentions(view: ArticleView, text: str) -> list[tuple[int, int, str]]:
    """Where the names of the things read in each sentence occur in it: longest first,
    never overlapping (``(start, end, entity IRI)``, sorted)."""
    taken: list[tuple[int, int, str]] = []
    for evidence in view.evidence:
        candidates: list[tuple[int, str, str]] = []  # (-length, spelling, entity)
        for fact in evidence.facts:
            for spelling in view.spellings.get(fact.subject.text, ()):
                if len(spelling) >= 2:
                    candidates.append((-len(spelling), spelling, fact.subject.text))
        candidates.sort()
        sentence = text[evidence.start : evidence.end]
        for _, spelling, entity in candidates:
            position = sentence.find(spelling)
            while position >= 0:
                start = evidence.start + position
                end = start + len(spelling)
                if _word_bounded(text, start, end) and not any(s < end and start < e for s, e, _ in taken):
                    taken.append((start, end, entity))
                position = sentence.find(spelling, position + 1)
    return sorted(taken)


def _word_bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()


# -- SPARQL editor ---------------------------------------------------------------------------------

EXAMPLE_QUERIES: tuple[tuple[str, str], ...] = (
    (
        "People and their positions",
        """PREFIX org:  <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX kg:   <https://w3id.org/vnkg/ontology#>

SELECT DISTINCT ?name ?role ?body ?date WHERE {
  ?position org:member ?person ; org:role ?r ; org:organization ?b .
  OPTIONAL { ?position kg:attestedOn ?date }
  ?person foaf:name ?name .
  ?r skos:prefLabel ?role .
  ?b skos:prefLabel ?body .
}
ORDER BY ?name ?date
LIMIT 100""",
    ),
    (
        "Meetings with their chair",
        """PREFIX schema: <https://schema.org/>
PREFIX kg:     <https://w3id.org/vnkg/ontology#>
PREFIX foaf:   <http://xmlns.com/foaf/0.1/>

SELECT DISTINCT ?meeting ?name ?date ?chairName WHERE {
  ?meeting a schema:Event ; schema:name ?name .
  OPTIONAL { ?meeting schema:startDate ?date }
  OPTIONAL { ?meeting kg:chair/foaf:name ?chairName }
}
ORDER BY ?date
LIMIT 100""",
    ),
    (
        "Entities by kind (count)",
        """PREFIX kgg: <https://w3id.org/vnkg/graph/>

SELECT ?class (COUNT(DISTINCT ?entity) AS ?entities) WHERE {
  GRAPH kgg:entities { ?entity a ?class }
}
GROUP BY ?class
ORDER BY DESC(?entities)""",
    ),
    (
        "Is Phan Xuân Thủy in the graph? (ASK)",
        """PREFIX foaf: <http://xmlns.com/foaf/0.1/>

ASK { ?person foaf:name "Phan Xuân Thủy" }""",
    ),
    (
        "Bodies and what they are part of (CONSTRUCT)",
        """PREFIX org:  <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

CONSTRUCT { ?body org:subOrganizationOf ?parent ; skos:prefLabel ?label }
WHERE { ?body org:subOrganizationOf ?parent ; skos:prefLabel ?label }""",
    ),
)

EDITOR_FORMATS = (
    ("html", "a table on this page"),
    ("json", "SPARQL JSON"),
    ("xml", "SPARQL XML"),
    ("csv", "CSV"),
    ("tsv", "TSV"),
    ("turtle", "Turtle (CONSTRUCT, DESCRIBE)"),
    ("jsonld", "JSON-LD (CONSTRUCT, DESCRIBE)"),
)


def sparql_page(
    query: str | None,
    answer: Table | None = None,
    labels: Mapping[str, str] | None = None,
    error: str | None = None,
    seconds: float | None = None,
    max_rows: int = 0,
    timeout: float = 0,
) -> str:
    text = query if query is not None else EXAMPLE_QUERIES[0][1]
    examples = "".join(
        f'<option value="{i}" data-query="{esc(q)}">{esc(title)}</option>'
        for i, (title, q) in enumerate(EXAMPLE_QUERIES)
    )
    formats = "".join(f'<option value="{value}">{esc(label)}</option>' for value, label in EDITOR_FORMATS)
    result_html = ""
    if error:
        result_html = notice(esc(error), kind="error")
    elif answer is not None:
        result_html = _result_section(answer, labels or {}, seconds, max_rows, query or "")
    body = f"""
<h1>SPARQL</h1>
<p class="hint">The default graph is the union of every article's graph; name graphs with <code>GRAPH</code>
(<code>https://w3id.org/vnkg/graph/entities</code> holds one merged description per entity).
Read-only; at most {max_rows:,} rows; {timeout:g} s per query. Programs: send the SPARQL 1.1 Protocol to this URL.</p>
<form id="sparql-form" class="sparql-form" method="get" action="/sparql">
  <label for="query">Query</label>
  <textarea id="query" name="query" rows="14" spellcheck="false" autocapitalize="off"
    autocomplete="off">{esc(text)}</textarea>
  <div class="controls">
    <label for="format">Results as</label>
    <select id="format" name="format">{formats}</select>
    <button type="submit">Run query</button>
    <span class="hint">Ctrl+Enter runs it too.</span>
    <span class="examples"><label for="examples">Examples</label>
    <select id="examples"><option value="">choose…</option>{examples}</select></span>
  </div>
</form>
<div id="results" aria-live="polite">{result_html}</div>"""
    return page("SPARQL", body, active="sparql", scripts=["sparql.js"])


def _result_section(answer: Table, labels: Mapping[str, str], seconds: float | None, max_rows: int, query: str) -> str:
    result = answer.result
    took = f" in {seconds * 1000:.0f} ms" if seconds is not None else ""
    if result.boolean is not None:
        verdict = "yes (true)" if result.boolean else "no (false)"
        return f'<h2 id="h-results">Answer</h2><p class="boolean">{verdict}</p><p class="hint">Answered{took}.</p>'
    count = len(result.rows)
    what = "triple" if result.is_graph else "row"
    parts = [f'<h2 id="h-results">Results</h2><p class="hint">{plural(count, what)}{took}.']
    if result.note:
        parts.append(f" Read {esc(result.note)}.")
    if answer.truncated:
        parts.append(f" Only the first {max_rows:,} are shown (kg serve --max-rows).")
    downloads = (
        ("turtle", "Turtle"), ("jsonld", "JSON-LD")
    ) if result.is_graph else (("json", "JSON"), ("csv", "CSV"), ("tsv", "TSV"), ("xml", "XML"))
    links = " · ".join(
        f'<a href="/sparql?{urllib.parse.urlencode({"query": query, "format": fmt})}">{label}</a>'
        for fmt, label in downloads
    )
    parts.append(f" Download: {links}</p>")
    parts.append(result_table(result, labels))
    if result.is_graph and answer.turtle:
        parts.append(f'<details><summary>As Turtle</summary><pre class="code">{esc(answer.turtle)}</pre></details>')
    return "".join(parts)


def result_table(result: Result, labels: Mapping[str, str]) -> str:
    """Rows of terms as a table; kg's IRIs link to their pages and show their names."""
    if result.boolean is not None:
        return f'<p class="boolean">{"true" if result.boolean else "false"}</p>'
    if not result.rows:
        return notice("No rows.")
    shown = result.rows[:HTML_ROWS]
    rows = [[_cell(term, labels) for term in row] for row in shown]
    more = ""
    if len(result.rows) > HTML_ROWS:
        more = notice(
            f"The first {HTML_ROWS:,} of {len(result.rows):,} rows are shown; download the rest as CSV or JSON."
        )
    return more + table(result.variables, rows, css="results")


def _cell(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None, labels: Mapping[str, str]) -> str:
    if term is None:
        return ""
    value: Value = value_of(term, dict(labels))
    if value.kind == "iri":
        target = href_for(value.text)
        shown = value.label or short_iri(value.text)
        if target:
            return f'<a href="{esc(target)}" title="{esc(value.text)}">{esc(shown)}</a>'
        return f'<span title="{esc(value.text)}">{esc(shown)}</span>'
    return link(value)


# -- canned queries ----------------------------------------------------------------------------------


def queries_index_page(queries: Sequence[CannedQuery]) -> str:
    rows = [
        [
            f'<a href="/queries/{esc(q.name)}">{esc(q.title)}</a>',
            esc(q.description),
            ", ".join(f"<code>{esc(p.name)}</code>" for p in q.parameters) or "—",
            f'<a href="/queries/{esc(q.name)}.csv?{_example_query(q)}">CSV</a> · '
            f'<a href="/queries/{esc(q.name)}.json?{_example_query(q)}">JSON</a>',
        ]
        for q in queries
    ]
    body = (
        "<h1>Questions</h1><p class=\"lead\">Questions the graph answers. Fill in a name or a date and "
        "get a table; every table is also a CSV file (opens in a spreadsheet) and SPARQL JSON.</p>"
        + table(["Question", "What it answers", "Parameters", "Example"], rows, css="questions")
    )
    return page("Questions", body, active="queries")


def _example_query(query: CannedQuery) -> str:
    return esc(urllib.parse.urlencode(query.example_values()))


def _editor_link(sparql: str) -> str:
    return f' · <a href="/sparql?{esc(urllib.parse.urlencode({"query": sparql}))}">open in the SPARQL editor</a>'


_INPUT_TYPES = {"date": "date", "year": "number", "integer": "number", "iri": "url", "text": "search"}


def _parameter_field(param: Parameter, value: str | None) -> str:
    input_type = _INPUT_TYPES.get(param.type, "text")
    attributes = [
        f'id="p-{esc(param.name)}"',
        f'name="{esc(param.name)}"',
        f'type="{input_type}"',
        f'aria-describedby="help-{esc(param.name)}"',
    ]
    if value:
        attributes.append(f'value="{esc(value)}"')
    if param.example:
        attributes.append(f'placeholder="{esc(param.example)}"')
    if param.required:
        attributes.append("required")
    if param.type == "year":
        attributes.append('min="1900" max="2100"')
    if param.type == "text":
        attributes.append('lang="vi"')
    need = "required" if param.required else (f"default {param.default}" if param.default else "optional")
    return (
        f'<div class="field"><label for="p-{esc(param.name)}">{esc(param.name)} '
        f'<span class="muted">({esc(param.type)}, {esc(need)})</span></label>'
        f"<input {' '.join(attributes)}>"
        f'<small id="help-{esc(param.name)}">{esc(param.help)}'
        + (f" — e.g. <span lang=\"vi\">{esc(param.example)}</span>" if param.example else "")
        + "</small></div>"
    )


def canned_query_page(
    query: CannedQuery,
    values: Mapping[str, str],
    *,
    answer: Table | None = None,
    labels: Mapping[str, str] | None = None,
    error: str | None = None,
    bound_sparql: str | None = None,
    seconds: float | None = None,
    max_rows: int = 0,
) -> str:
    fields = "".join(_parameter_field(p, values.get(p.name)) for p in query.parameters)
    encoded = urllib.parse.urlencode({k: v for k, v in values.items() if v})
    example = urllib.parse.urlencode(query.example_values())
    results = ""
    if error:
        results = notice(esc(error), kind="error")
    elif answer is not None:
        took = f" in {seconds * 1000:.0f} ms" if seconds is not None else ""
        count = len(answer.result.rows)
        more = f" (only the first {max_rows:,})" if answer.truncated else ""
        results = (
            f'<h2 id="h-results">Answer</h2><p class="hint">{plural(count, "row")}{more}{took}. Download: '
            f'<a href="/queries/{esc(query.name)}.csv?{esc(encoded)}">CSV</a> · '
            f'<a href="/queries/{esc(query.name)}.json?{esc(encoded)}">JSON</a>'
            + (_editor_link(bound_sparql) if bound_sparql else "")
            + "</p>"
            + result_table(answer.result, labels or {})
        )
    elif query.parameters:
        results = notice(
            f'Fill in the form and press “Answer”, or <a href="/queries/{esc(query.name)}?{esc(example)}">try the '
            "example</a>."
        )
    form = f"""
<form class="params" method="get" action="/queries/{esc(query.name)}">
  <fieldset><legend>Parameters</legend>{fields or "<p>This question has no parameters.</p>"}</fieldset>
  <button type="submit">Answer</button>
</form>"""
    body = f"""
<p class="crumbs"><a href="/queries">Questions</a></p>
<h1>{esc(query.title)}</h1>
<p class="lead">{esc(query.description)}</p>
{form}
<div id="results" aria-live="polite">{results}</div>
<details><summary>The SPARQL behind it</summary><pre class="code">{esc(query.sparql)}</pre></details>"""
    return page(query.title, body, active="queries")


# -- networks --------------------------------------------------------------------------------------

VIZ_FILTERS: tuple[tuple[str, str, str, str], ...] = (
    # name, label, input type, help
    ("body", "Body", "search", "What is attached to this body and the bodies under it (several: a; b)"),
    ("province", "Province", "search", "What is attached to the bodies of this province"),
    ("person", "Person", "search", "The people and things around this person"),
    ("depth", "Depth", "number", "How many links away from the person (with Person)"),
    ("since", "Since", "text", "Facts dated from then on: YYYY, YYYY-MM or YYYY-MM-DD"),
    ("until", "Until", "text", "Facts dated up to then: YYYY, YYYY-MM or YYYY-MM-DD"),
    ("min_weight", "Minimum weight", "number", "Drop links weaker than this (e.g. meetings shared)"),
    ("top", "Most linked", "number", "Draw at most this many nodes, the most linked first (default 200)"),
)


def viz_index_page(kinds: Sequence[VizKind], error: str | None = None) -> str:
    if error:
        return page("Networks", "<h1>Networks</h1>" + notice(esc(error), kind="error"), active="viz")
    items = "".join(
        f'<li><a href="/viz/{esc(k.name)}"><strong>{esc(k.title)}</strong></a><br>{esc(k.description)}</li>'
        for k in kinds
    )
    body = (
        "<h1>Networks</h1><p class=\"lead\">Interactive pictures of the graph: drag to move, scroll to zoom, "
        f"click a node to see its facts and the sentences they come from.</p><ul class=\"cards\">{items}</ul>"
    )
    return page("Networks", body, active="viz")


def viz_page(kind: VizKind, values: Mapping[str, str], kinds: Sequence[VizKind], error: str | None = None) -> str:
    fields = "".join(
        f'<div class="field"><label for="f-{name}">{esc(label)}</label>'
        f'<input id="f-{name}" name="{name}" type="{input_type}" value="{esc(values.get(name, ""))}"'
        f'{" lang=vi" if input_type == "search" else ""}{" min=0 step=1" if input_type == "number" else ""}'
        f' aria-describedby="fh-{name}"><small id="fh-{name}">{esc(help_text)}</small></div>'
        for name, label, input_type, help_text in VIZ_FILTERS
    )
    others = " · ".join(
        f'<a href="/viz/{esc(k.name)}"{" aria-current=page" if k.name == kind.name else ""}>{esc(k.title)}</a>'
        for k in kinds
    )
    encoded = urllib.parse.urlencode({k: v for k, v in values.items() if v})
    frame_src = f"/viz/{kind.name}/graph" + (f"?{encoded}" if encoded else "")
    content = (
        notice(esc(error), kind="error")
        if error
        else f'<iframe class="network" src="{esc(frame_src)}" title="{esc(kind.title)}: interactive network"></iframe>'
        f'<p class="hint"><a href="{esc(frame_src)}">Open the network on its own page</a> '
        "(it works offline once saved).</p>"
    )
    body = f"""
<p class="crumbs"><a href="/viz">Networks</a> · {others}</p>
<h1>{esc(kind.title)}</h1>
<p class="lead">{esc(kind.description)}</p>
<details class="filters"{" open" if encoded else ""}><summary>Filters</summary>
<form class="params filters-form" method="get" action="/viz/{esc(kind.name)}">{fields}
<button type="submit">Draw</button> <a href="/viz/{esc(kind.name)}">clear</a></form></details>
{content}"""
    return page(kind.title, body, active="viz", wide=True)


# -- errors ------------------------------------------------------------------------------------------

STATUS_TITLES = {
    400: "This request cannot be answered",
    403: "Refused",
    404: "Not found",
    406: "No acceptable format",
    413: "Request too large",
    500: "Something went wrong",
    502: "The SPARQL server failed",
    503: "Not answered in time",
}


def error_page(status: int, message: str) -> str:
    title = STATUS_TITLES.get(status, "Error")
    body = f"<h1>{esc(title)}</h1>{notice(esc(message), kind='error')}<p><a href=\"/\">Home</a></p>"
    return page(title, body)


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
