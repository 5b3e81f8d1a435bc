"""The reference graph: what the gazetteers and curated link files know, as RDF.

Articles name a body without saying where it sits; the gazetteers do.  This graph,
stored in ``https://w3id.org/vnkg/graph/reference`` beside the article graphs, holds
for every body of ``bodies.csv`` its label, classes, parent (``org:subOrganizationOf``)
and successors (``kg:succeededBy``); the posts a title names on its own ("Tổng Bí thư"
in the Central Committee) as ``org:Post``; each reorganisation of ``changes.csv`` as an
``org:ChangeEvent`` with the date only when a source gave it (``time:hasTime``) and the
source (``dcterms:source``); and the curated Wikidata links of ``data/links/wikidata.csv``
as ``skos:exactMatch``.  Every statement is derived from one of those files
(``prov:wasDerivedFrom``), never from an article, and the graph is a pure function of the
files: no blank nodes, sorted N-Triples.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.facts import PartialDate
from kg.mapping import SECTOR_CLASSES, GazetteerError, Tables, _read, _split, load_tables
from kg.model import POST_KINDS, instant, post, role_table
from kg.resolve import body_iri, person_iri, place_iri, role_iri, slug
from kg.text import canonical, fold
from kg.vocab import DCTERMS, GRAPH, ID, KG, ORG, PROV, RDF, SCHEMA, SKOS, TIME

REFERENCE_GRAPH = GRAPH + "reference"
DEFAULT_LINKS = Path(__file__).resolve().parent.parent / "data" / "links" / "wikidata.csv"
WIKIDATA = "http://www.wikidata.org/entity/"

Triple = tuple[Node, Node, Node]
_QID = re.compile(r"Q[1-9][0-9]*")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def links_file() -> Path:
    """``$KG_LINKS`` when set, else the repository's ``data/links/wikidata.csv``."""
    return Path(os.environ.get("KG_LINKS") or DEFAULT_LINKS)


def source_iri(path: Path) -> URIRef:
    """The data file a statement comes from, named by its place in the repository."""
    parts = path.resolve().parts
    tail = "/".join(parts[parts.index("data"):]) if "data" in parts else path.name
    return URIRef(f"{ID}source/{tail}")


def reference_triples(tables: Tables | None = None, links: Path | None = None) -> dict[Triple, None]:
    """The reference graph's triples, in the order made (see the module doc)."""
    tables = tables or load_tables()
    triples: dict[Triple, None] = {}

    def add(s: Node, p: Node, o: Node) -> None:
        triples[(s, p, o)] = None

    directory = tables.directory
    bodies_file = directory / "bodies.csv"
    rows = _read(bodies_file, ("name",)) or []
    known = {fold(canonical(row["name"])): canonical(row["name"]) for row in rows}

    def body(name: str, where: str) -> URIRef:
        if fold(canonical(name)) not in known:
            raise GazetteerError(f"{where}: {name!r} is not a body of {bodies_file.name}")
        return URIRef(body_iri(name, tables))

    bodies_source = _source(add, bodies_file)
    for number, row in enumerate(rows, start=2):
        name = canonical(row["name"])
        node = URIRef(body_iri(name, tables))
        add(node, RDF.type, KG.Body)
        add(node, RDF.type, ORG.Organization)
        sector_class = SECTOR_CLASSES.get(row.get("sector", "").strip())
        if sector_class:
            add(node, RDF.type, KG[sector_class])
        add(node, SKOS.prefLabel, Literal(name, lang="vi"))
        add(node, PROV.wasDerivedFrom, bodies_source)
        if row.get("parent", "").strip():
            add(node, ORG.subOrganizationOf, body(row["parent"], f"{bodies_file}:{number}"))
        for successor in _split(row.get("successor")):
            add(node, KG.succeededBy, body(successor, f"{bodies_file}:{number}"))

    roles_file = directory / "roles.csv"
    roles_source = _source(add, roles_file) if roles_file.is_file() else None
    for info in role_table(directory).values():
        if info.kind in POST_KINDS and fold(info.implied_body) in known:
            role = URIRef(role_iri(info.label))
            add(role, RDF.type, KG.Role)
            add(role, RDF.type, ORG.Role)
            add(role, SKOS.prefLabel, Literal(info.label, lang="vi"))
            node = post(add, body(info.implied_body, str(roles_file)), known[fold(info.implied_body)], role, info)
            add(node, PROV.wasDerivedFrom, roles_source)  # type: ignore[arg-type]

    changes_file = directory / "changes.csv"
    changes_source = _source(add, changes_file) if changes_file.is_file() else None
    for number, row in enumerate(_read(changes_file, ("id", "originals", "resulting")) or [], start=2):
        where = f"{changes_file}: row {number}"
        event = URIRef(f"{ID}change/{slug(row['id'])}")
        add(event, RDF.type, ORG.ChangeEvent)
        add(event, RDF.type, PROV.Activity)
        if row.get("label", "").strip():
            add(event, SKOS.prefLabel, Literal(canonical(row["label"]), lang="vi"))
        resulting = body(row["resulting"], where)
        add(event, ORG.resultingOrganization, resulting)
        add(resulting, ORG.resultedFrom, event)
        originals = list(_split(row["originals"]))
        if not originals:
            raise GazetteerError(f"{where}: no original body")
        for original in originals:
            node = body(original, where)
            add(event, ORG.originalOrganization, node)
            add(node, ORG.changedBy, event)
        date = row.get("date", "").strip()
        if date:
            matched = _DATE.fullmatch(date)
            if matched is None:
                raise GazetteerError(f"{where}: date {date!r} is not YYYY-MM-DD")
            year, month, day = (int(part) for part in matched.groups())
            at = instant(add, PartialDate(year, month, day), None, "")
            add(event, TIME.hasTime, at)  # type: ignore[arg-type]  # a complete date always gives a node
        for url in re.findall(r"https?://[^\s;,)]+", row.get("source", "")):
            add(event, DCTERMS.source, URIRef(url))
        add(event, PROV.wasDerivedFrom, changes_source)  # type: ignore[arg-type]

    links = links if links is not None else links_file()
    if links.is_file():
        links_source = _source(add, links)
        for number, row in enumerate(_read(links, ("kind", "name", "qid", "source")) or [], start=2):
            where = f"{links}: row {number}"
            qid = row["qid"].strip()
            if not _QID.fullmatch(qid):
                raise GazetteerError(f"{where}: {qid!r} is not a Wikidata item id (Q followed by digits)")
            if not row["source"].strip():
                raise GazetteerError(f"{where}: no source for {qid}: every link must cite where it was read")
            node = _linked(row["kind"].strip(), row["name"], tables, where)
            add(node, SKOS.exactMatch, URIRef(WIKIDATA + qid))
            add(node, PROV.wasDerivedFrom, links_source)
    return triples


def _linked(kind: str, name: str, tables: Tables, where: str) -> URIRef:
    if kind == "body":
        return URIRef(body_iri(name, tables))
    if kind == "place":
        return URIRef(place_iri(tables.province_name(canonical(name))))
    if kind == "person":
        return URIRef(person_iri(canonical(name)))
    raise GazetteerError(f"{where}: kind {kind!r} is not body, place or person")


def _source(add: object, path: Path) -> URIRef:
    node = source_iri(path)
    add(node, RDF.type, PROV.Entity)  # type: ignore[operator]
    add(node, RDF.type, SCHEMA.Dataset)  # type: ignore[operator]
    return node


def reference_ntriples(tables: Tables | None = None, links: Path | None = None) -> str:
    """The reference graph as sorted N-Triples (the same files always give the same bytes)."""
    return "".join(sorted(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in reference_triples(tables, links)))
