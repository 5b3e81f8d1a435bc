"""The rdf stage: one article's resolved facts as an RDF graph.

Every instance carries our class (``kg:``) and the standard one it specialises, and
every property of ours is written together with the standard property it refines
(``kg:chair`` with ``schema:attendee``, ``kg:evidence`` with ``prov:wasDerivedFrom``),
so that a consumer who knows only FOAF, ORG, SKOS, schema.org and PROV-O can query
the graph without inference.  Classes for document types, meeting kinds and body
sectors come from the gazetteer tables (:mod:`kg.mapping`), not from code.

Output is a pure function of the input: no timestamps, no blank nodes, so that the
same article always gives the same triples.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg import __version__
from kg.facts import Body, Document, Meeting, Mention, PartialDate, Person, Place, Position
from kg.mapping import SECTOR_CLASSES, Tables, load_tables
from kg.model import POST_KINDS, chair_role, held_post, membership_time, role_table, text_selectors
from kg.resolve import (
    PROVINCE_LIKE_PLACES,
    ResolvedFacts,
    canonical,
    evidence_iri,
    fold,
    issuer_code,
    place_iri,
    slug,
)
from kg.vocab import FOAF, ID, KG, ORG, PREFIXES, PROV, RDF, SCHEMA, SKOS, XSD

# Predicates and classes as plain URIRefs, built once (namespace lookups allocate).
_TYPE = RDF.type
_K = {name: KG[name] for name in (
    "Person", "Body", "Role", "Position", "Document", "Meeting", "Place", "Province", "District", "Commune", "Venue",
    "Country", "Article", "Evidence", "Extraction", "chair", "attendingBody", "discussed", "refersTo", "term",
    "subject", "documentNumber", "attestedOn", "appointedOn", "province", "place", "bodyKind", "level",
    "evidence", "resolved", "succeededBy", "alias", "sentenceText", "startOffset", "endOffset",
    "identityKey", "yearFrom",
)}
_FOAF_PERSON, _FOAF_NAME = FOAF.Person, FOAF.name
_ORG_ORGANIZATION, _ORG_MEMBERSHIP, _ORG_ROLE = ORG.Organization, ORG.Membership, ORG.Role
_ORG_MEMBER, _ORG_ORG, _ORG_ROLE_P, _ORG_SUB = ORG.member, ORG.organization, ORG.role, ORG.subOrganizationOf
_PREF, _ALT = SKOS.prefLabel, SKOS.altLabel
_S = {name: SCHEMA[name] for name in (
    "Legislation", "legislationIdentifier", "legislationType", "legislationPassedBy", "legislationDate",
    "Event", "name", "startDate", "endDate", "location", "Place", "organizer", "attendee", "about",
    "citation", "description", "NewsArticle", "headline", "url", "datePublished", "author", "publisher",
    "mentions", "isPartOf", "identifier", "inLanguage", "NewsMediaOrganization", "SoftwareApplication",
    "softwareVersion",
)}
_PROV_ENTITY, _PROV_ACTIVITY, _PROV_AGENT = PROV.Entity, PROV.Activity, PROV.SoftwareAgent
_DERIVED, _GENERATED, _USED, _ASSOCIATED = (
    PROV.wasDerivedFrom, PROV.wasGeneratedBy, PROV.used, PROV.wasAssociatedWith,
)
_TRUE, _FALSE = Literal(True), Literal(False)

# Place.kind -> ontology class; "city" is decided per place (see _place_class).
_PLACE_CLASSES: dict[str, URIRef] = {
    "country": _K["Country"],
    "province": _K["Province"],
    "district": _K["District"],
    "town": _K["District"],
    "commune": _K["Commune"],
    "venue": _K["Venue"],
}
_SECTOR_CLASSES: dict[str, URIRef] = {sector: KG[cls] for sector, cls in SECTOR_CLASSES.items()}

FORMATS: dict[str, str] = {
    "ttl": "turtle", "turtle": "turtle", "trig": "trig", "jsonld": "json-ld", "json-ld": "json-ld",
    "nt": "nt", "ntriples": "nt", "nq": "nquads", "nquads": "nquads",
}


Triple = tuple[Node, Node, Node]


@dataclass(slots=True)
class ArticleGraph:
    """The triples of one article, to be stored in the named graph ``graph_iri``.

    ``triples`` holds them in the order they were made (no duplicates); ``graph`` is
    an rdflib Graph of the same triples, built on first use, so that a caller who
    only writes N-Quads or feeds a store never pays for rdflib's indexes.
    """

    graph_iri: str
    article_iri: str
    triples: dict[Triple, None] = field(default_factory=dict)
    _graph: Graph | None = field(default=None, repr=False, compare=False)

    @property
    def graph(self) -> Graph:
        if self._graph is None:
            graph = Graph(identifier=URIRef(self.graph_iri), bind_namespaces="none")
            bind_prefixes(graph)
            add = graph.store.add
            for triple in self.triples:
                add(triple, graph)
            self._graph = graph
        return self._graph

    @classmethod
    def from_graph(cls, graph_iri: str, article_iri: str, graph: Graph) -> ArticleGraph:
        made = cls(graph_iri=graph_iri, article_iri=article_iri, triples=dict.fromkeys(graph))
        made._graph = graph
        return made

    def __len__(self) -> int:
        return len(self._graph) if self._graph is not None else len(self.triples)


@lru_cache(maxsize=4096)
def _date(value: PartialDate) -> Literal | None:
    lexical = value.iso()
    return Literal(lexical, datatype=XSD[value.xsd_type()]) if lexical else None


@lru_cache(maxsize=1 << 14)
def _vi(text: str) -> Literal:
    return Literal(text, lang="vi")


@lru_cache(maxsize=1 << 14)
def _plain(text: str) -> Literal:
    return Literal(text)


@lru_cache(maxsize=1 << 14)
def _integer(value: int) -> Literal:
    return Literal(value)


@lru_cache(maxsize=1024)
def _class(local_name: str) -> URIRef:
    return KG[local_name]


def to_graph(resolved: ResolvedFacts, tables: Tables | None = None) -> ArticleGraph:
    """Map an article's resolved facts to RDF (see the module doc for what is written)."""
    emitter = _Emitter(resolved, tables or load_tables())
    emitter.run()
    return ArticleGraph(
        graph_iri=resolved.graph_iri, article_iri=resolved.article_iri, triples=emitter.triples
    )


class _Emitter:
    """Collects triples in an insertion-ordered dict: one dict update per triple."""

    def __init__(self, resolved: ResolvedFacts, tables: Tables) -> None:
        self.resolved = resolved
        self.tables = tables
        self.facts = resolved.facts
        self.triples: dict[Triple, None] = {}
        triples = self.triples
        self.add = lambda s, p, o: triples.__setitem__((s, p, o), None)
        self.article = URIRef(resolved.article_iri)
        self.iri: dict[str, URIRef] = {k: URIRef(v) for k, v in resolved.iris.items()}
        self.evidence_nodes: dict[tuple[int, int], URIRef] = {}
        self.text = self.facts.article.text
        self.where = f"article {self.facts.article.id} ({self.facts.article.source})"
        self._referrers: dict[str, list[Mention]] | None = None
        self._spellings: dict[str, set[URIRef]] | None = None

    # -- helpers ---------------------------------------------------------------

    def evidence(self, subject: URIRef, mentions: list[Mention]) -> None:
        """Link a fact to the sentences it was read in."""
        add = self.add
        for mention in mentions:
            node = self._evidence_node(mention)
            add(subject, _K["evidence"], node)
            add(subject, _DERIVED, node)

    def _evidence_node(self, mention: Mention) -> URIRef:
        start, end = mention.sentence_start, mention.sentence_end
        if end <= start:  # no sentence recorded: the mention itself is the evidence
            start, end = mention.start, mention.end
        node = self.evidence_nodes.get((start, end))
        if node is not None:
            return node
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"{self.where}: evidence span {start}-{end} lies outside the text")
        node = self.evidence_nodes[(start, end)] = URIRef(evidence_iri(self.resolved.article_iri, start, end))
        add = self.add
        add(node, _TYPE, _K["Evidence"])
        add(node, _TYPE, _PROV_ENTITY)
        # not cached: a sentence seldom recurs and would crowd the label cache
        add(node, _K["sentenceText"], Literal(self.text[start:end], lang="vi"))
        add(node, _K["startOffset"], _integer(start))
        add(node, _K["endOffset"], _integer(end))
        add(node, _S["isPartOf"], self.article)
        text_selectors(add, node, self.article, self.text, start, end)
        return node

    def aliases(
        self, subject: URIRef, label: str, spellings: list[str], names_it: Callable[[str], bool] | None = None
    ) -> None:
        """Spellings as written that differ from the canonical label and are a name of this
        entity alone (``names_it``): a district read for its province, a title read for a
        person or a document's name read for a meeting is evidence, not a name."""
        seen = {label}
        for text in spellings:
            if text and text not in seen:
                seen.add(text)
                if names_it is not None and not names_it(text):
                    continue
                if len(self.spelling_owners().get(fold(text), ())) > 1 and not _shortens(text, label):
                    continue  # the article uses it for two things: a name of neither alone
                literal = _vi(text)
                self.add(subject, _K["alias"], literal)
                self.add(subject, _ALT, literal)

    def spelling_owners(self) -> dict[str, set[URIRef]]:
        """Folded mention text -> the entities of this article it was read for."""
        if self._spellings is None:
            owners: dict[str, set[URIRef]] = {}
            facts = self.facts
            for thing in (*facts.persons, *facts.places, *facts.bodies, *facts.documents, *facts.meetings):
                for mention in thing.mentions:
                    owners.setdefault(fold(mention.text), set()).add(self.iri[thing.id])
            self._spellings = owners
        return self._spellings

    def referrers(self, local_id: str) -> list[Mention]:
        """Mentions of facts that point at ``local_id``: evidence for a thing never named itself."""
        if self._referrers is None:
            found: dict[str, list[Mention]] = {}
            facts = self.facts
            for position in facts.positions:
                if position.evidence is not None:
                    for target in (position.person, position.body):
                        if target:
                            found.setdefault(target, []).append(position.evidence)
            for body in facts.bodies:
                if body.parent and body.mentions:
                    found.setdefault(body.parent, []).append(body.mentions[0])
            for document in facts.documents:
                if document.mentions:
                    for target in (document.issuer, *document.refers_to):
                        if target:
                            found.setdefault(target, []).append(document.mentions[0])
            for meeting in facts.meetings:
                if meeting.mentions:
                    for target in (*meeting.organisers, *meeting.chairs, *meeting.attendees,
                                   *meeting.attending_bodies, *meeting.documents):
                        found.setdefault(target, []).append(meeting.mentions[0])
            self._referrers = found
        return self._referrers.get(local_id, [])

    def province_node(self, name: str) -> URIRef:
        """The province a body or place lies in (named, typed; its other facts come from elsewhere)."""
        name = self.tables.province_name(canonical(name))
        node = URIRef(place_iri(name))
        add = self.add
        add(node, _TYPE, _K["Province"])
        add(node, _TYPE, _K["Place"])
        add(node, _TYPE, _S["Place"])
        add(node, _S["name"], _vi(name))
        return node

    # -- facts -----------------------------------------------------------------

    def run(self) -> None:
        facts = self.facts
        for person in facts.persons:
            self.person(person)
        for place in facts.places:
            self.place(place)
        for body in facts.bodies:
            self.body(body)
        for label, iri in self.resolved.role_iris.items():
            role = URIRef(iri)
            self.add(role, _TYPE, _K["Role"])
            self.add(role, _TYPE, _ORG_ROLE)
            self.add(role, _PREF, _vi(label))
        self.positions()
        for document in facts.documents:
            self.document(document)
        for meeting in facts.meetings:
            self.meeting(meeting)
        self.article_node()
        # what each IRI was keyed by (and the override that applied), for `kg explain`
        for local_id, key in self.resolved.keys.items():
            node = self.iri.get(local_id) or URIRef(local_id)
            self.add(node, _K["identityKey"], _plain(key))

    def person(self, person: Person) -> None:
        add = self.add
        node = self.iri[person.id]
        add(node, _TYPE, _K["Person"])
        add(node, _TYPE, _FOAF_PERSON)
        add(node, _FOAF_NAME, _plain(person.name))
        own = fold(person.name)
        # "đồng chí Trưởng Ban Tuyên giáo Trung ương" refers to him; it is not his name
        self.aliases(node, person.name, [m.text for m in person.mentions], lambda text: own in fold(text))
        self.evidence(node, person.mentions or self.referrers(person.id)[:1])

    def place(self, place: Place) -> None:
        add = self.add
        node = self.iri[place.id]
        add(node, _TYPE, _K["Place"])
        add(node, _TYPE, _S["Place"])
        province_like = place.kind in PROVINCE_LIKE_PLACES and self.tables.is_province(place.name)
        name = self.tables.province_name(place.name) if province_like else place.name
        cls = _K["Province"] if province_like else self._place_class(place)
        if cls is not None:
            add(node, _TYPE, cls)
        add(node, _S["name"], _vi(name))
        own = {fold(name), fold(place.name)}
        tables = self.tables

        def names_place(text: str) -> bool:
            # a district read as evidence of its province is not a name of the province
            folded = fold(text)
            return any(o in folded for o in own) or (province_like and tables.province_name(text) == name)

        self.aliases(node, name, [place.name, *(m.text for m in place.mentions)], names_place)
        local = place.kind in ("district", "town", "commune")
        if place.province and (fold(place.province) != fold(place.name) or local):
            add(node, _K["province"], self.province_node(place.province))
        self.evidence(node, place.mentions)

    def _place_class(self, place: Place) -> URIRef | None:
        if place.kind == "city":
            # A centrally-run city ("Hà Nội") is a province; "Thành phố Đồng Hới" lies in one.
            if not place.province or fold(place.province) == fold(place.name):
                return _K["Province"]
            return _K["District"]
        return _PLACE_CLASSES.get(place.kind)

    def body(self, body: Body) -> None:
        add = self.add
        tables = self.tables
        node = self.iri[body.id]
        label = self.resolved.labels.get(body.id) or canonical(body.name)
        key = label.casefold()  # label is canonical: this is its fold()
        add(node, _TYPE, _K["Body"])
        add(node, _TYPE, _ORG_ORGANIZATION)
        sector = tables.body_sectors.get(key) or tables.kind_sectors.get(body.kind)
        sector_class = _SECTOR_CLASSES.get(sector) if sector else None
        if sector_class is not None:
            add(node, _TYPE, sector_class)
        add(node, _PREF, _vi(label))
        self.aliases(
            node, label, [body.name, body.alias or "", *(m.text for m in body.mentions if m.names)],
            lambda text: text == body.alias or _shortens(tables.canonical_body_name(text), label),
        )
        if body.kind:
            add(node, _K["bodyKind"], _plain(body.kind))
        add(node, _K["level"], _plain(body.level))
        add(node, _K["resolved"], _TRUE if body.resolved else _FALSE)
        if body.parent:
            add(node, _ORG_SUB, self.iri[body.parent])
        if body.place:
            self._body_place(node, body)
        for successor in tables.body_successors.get(key, ()) if body.resolved else ():
            add(node, _K["succeededBy"], URIRef(f"{ID}body/{_slug_body(tables, successor)}"))
        self.evidence(node, body.mentions or self.referrers(body.id)[:1])

    def _body_place(self, node: URIRef, body: Body) -> None:
        place_name = body.place or ""
        # Without a province list, trust the body's level (a district may bear its province's name).
        is_province = body.level != "district" and (self.tables.is_province(place_name) or not self.tables.provinces)
        if is_province:
            province = self.province_node(place_name)
            self.add(node, _K["place"], province)
            self.add(node, _K["province"], province)
            return
        # a district's place is keyed by its province, as the body is (see kg.resolve)
        place = URIRef(self.resolved.place_iris.get(body.id) or place_iri(place_name))
        self.add(place, _TYPE, _K["Place"])
        self.add(place, _TYPE, _S["Place"])
        if body.level == "district":
            self.add(place, _TYPE, _K["District"])
        self.add(place, _S["name"], _vi(canonical(place_name)))
        self.add(node, _K["place"], place)
        # The province of a district: its parent committee's, the article's place list's, the gazetteer's.
        known = self.resolved.body_provinces.get(body.id)
        if known:
            province = self.province_node(known)
            self.add(node, _K["province"], province)
            self.add(place, _K["province"], province)

    def positions(self) -> None:
        add = self.add
        facts = self.facts
        fallback_date = facts.event_date or facts.article.published
        persons = {p.id: p for p in facts.persons}
        for position, iri in zip(facts.positions, self.resolved.position_iris, strict=True):
            node = URIRef(iri)
            add(node, _TYPE, _K["Position"])
            add(node, _TYPE, _ORG_MEMBERSHIP)
            add(node, _ORG_MEMBER, self.iri[position.person])
            add(node, _ORG_ROLE_P, URIRef(self.resolved.role_iris[canonical(position.role)]))
            if position.body:
                add(node, _ORG_ORG, self.iri[position.body])
            # A position holds on the date of the article's event, failing that its publication.
            attested = position.date or fallback_date
            attested_literal = _date(attested) if attested is not None else None
            if attested_literal is not None:
                add(node, _K["attestedOn"], attested_literal)
            if position.kind == "appointed" and position.date is not None:
                appointed = _date(position.date)
                if appointed is not None:
                    add(node, _K["appointedOn"], appointed)
            if position.evidence is not None:
                self.evidence(node, [position.evidence])
            else:
                person = persons.get(position.person)
                self.evidence(node, person.mentions[:1] if person else [])
            self.position_standard(node, position, attested)

    def position_standard(self, node: URIRef, position: Position, attested: PartialDate | None) -> None:
        """The position again in OWL-Time and ORG terms only (see :mod:`kg.model`)."""
        appointed = position.date if position.kind == "appointed" else None
        membership_time(self.add, node, attested, appointed, self.facts.article.published, self.facts.article.id)
        info = role_table(self.tables.directory).get(fold(position.role))
        if position.body and info is not None and info.kind in POST_KINDS:
            body = self.iri[position.body]
            body_label = self.resolved.labels.get(position.body) or canonical(
                next((b.name for b in self.facts.bodies if b.id == position.body), "")
            )
            role = URIRef(self.resolved.role_iris[canonical(position.role)])
            held_post(self.add, self.iri[position.person], body, body_label, role, info)

    def document(self, document: Document) -> None:
        add = self.add
        node = self.iri[document.id]
        add(node, _TYPE, _K["Document"])
        add(node, _TYPE, _S["Legislation"])
        cls = self._document_class(document)
        if cls is not None:
            add(node, _TYPE, cls)
        label = canonical(document.label)
        add(node, _S["name"], _vi(label))
        symbol = fold(document.identifier) if document.identifier else None
        self.aliases(
            node, label, [m.text for m in document.mentions], (lambda text: symbol in fold(text)) if symbol else None
        )
        add(node, _S["legislationType"], _vi(canonical(document.doc_type)))
        if document.identifier:
            add(node, _S["legislationIdentifier"], _plain(canonical(document.identifier)))
        if document.number:
            add(node, _K["documentNumber"], _plain(document.number))
        if document.issuer:
            add(node, _S["legislationPassedBy"], self.iri[document.issuer])
        if document.date is not None:
            date = _date(document.date)
            if date is not None:
                add(node, _S["legislationDate"], date)
        if document.term:
            add(node, _K["term"], _plain(document.term))
        if document.subject:
            subject = _vi(canonical(document.subject))
            add(node, _K["subject"], subject)
            add(node, _S["description"], subject)
        for other in document.refers_to:
            add(node, _K["refersTo"], self.iri[other])
            add(node, _S["citation"], self.iri[other])
        self.evidence(node, document.mentions or self.referrers(document.id)[:1])

    def _names_meeting(self, text: str) -> bool:
        """A meeting is named by a phrase of a meeting kind ("Đại hội XIII của Đảng"), not by
        the document it adopted ("Nghị quyết Trung ương 4") or a delegation ("đoàn công tác")."""
        return not self.tables.meeting_classes or self.tables.meeting_class(text, "") is not None

    def _document_class(self, document: Document) -> URIRef | None:
        classes = self.tables.document_classes
        cls = classes.get(fold(document.doc_type))
        if cls is None and document.identifier:
            # The type letters of the symbol: "CT" in "05-CT/TW", "CĐ" in "1300/CĐ-TTg".
            issuer = issuer_code(document.identifier)
            for part in document.identifier.replace("/", "-").split("-"):
                if part and not part.isdigit() and part != issuer:
                    cls = classes.get(fold(part))
                    break
        return _class(cls) if cls else None

    def meeting(self, meeting: Meeting) -> None:
        add = self.add
        iri = self.iri
        node = iri[meeting.id]
        add(node, _TYPE, _K["Meeting"])
        add(node, _TYPE, _S["Event"])
        cls = self.tables.meeting_class(meeting.name, meeting.kind)
        if cls:
            add(node, _TYPE, _class(cls))
        name = canonical(meeting.name or meeting.kind)
        add(node, _S["name"], _vi(name))
        self.aliases(node, name, [m.text for m in meeting.mentions], self._names_meeting)
        for predicate, value in ((_S["startDate"], meeting.start), (_S["endDate"], meeting.end)):
            date = _date(value) if value is not None else None
            if date is not None:
                add(node, predicate, date)
        if meeting.year_from and meeting.start is not None and meeting.start.year:
            add(node, _K["yearFrom"], _plain(meeting.year_from))  # why the meeting has its year
        if meeting.place:
            add(node, _S["location"], iri[meeting.place])
        for organiser in meeting.organisers:
            add(node, _S["organizer"], iri[organiser])
        for chair in meeting.chairs:
            add(node, _K["chair"], iri[chair])
            add(node, _S["attendee"], iri[chair])
            chair_role(add, node, iri[chair])
        for attendee in meeting.attendees:
            add(node, _S["attendee"], iri[attendee])
        for body in meeting.attending_bodies:
            add(node, _K["attendingBody"], iri[body])
            add(node, _S["attendee"], iri[body])
        for document in meeting.documents:
            add(node, _K["discussed"], iri[document])
            add(node, _S["about"], iri[document])
        self.evidence(node, meeting.mentions)

    def article_node(self) -> None:
        add = self.add
        facts = self.facts
        article = facts.article
        node = self.article
        add(node, _TYPE, _K["Article"])
        add(node, _TYPE, _S["NewsArticle"])
        add(node, _TYPE, _PROV_ENTITY)
        add(node, _S["identifier"], _plain(article.id))
        add(node, _S["inLanguage"], _plain("vi"))
        if article.title:
            add(node, _S["headline"], _vi(article.title))
        if article.url:
            add(node, _S["url"], Literal(article.url, datatype=XSD.anyURI))
        if article.published is not None:
            published = _date(article.published)
            if published is not None:
                add(node, _S["datePublished"], published)
        if facts.author:
            add(node, _S["author"], self.iri[facts.author])
        if article.outlet:
            outlet = URIRef(f"{ID}outlet/{slug(article.outlet)}")
            add(node, _S["publisher"], outlet)
            add(outlet, _TYPE, _S["NewsMediaOrganization"])
            add(outlet, _S["name"], _plain(canonical(article.outlet)))
        mentioned = (*facts.persons, *facts.places, *facts.bodies, *facts.documents, *facts.meetings)
        for thing in mentioned:
            add(node, _S["mentions"], self.iri[thing.id])

        # The graph itself: what it was derived from and by which activity.
        graph = URIRef(self.resolved.graph_iri)
        extraction = URIRef(f"{ID}extraction/{article.id}")
        agent = URIRef(f"{ID}software/kg/{__version__}")
        add(graph, _TYPE, _PROV_ENTITY)
        add(graph, _DERIVED, node)
        add(graph, _GENERATED, extraction)
        add(extraction, _TYPE, _K["Extraction"])
        add(extraction, _TYPE, _PROV_ACTIVITY)
        add(extraction, _USED, node)
        add(extraction, _ASSOCIATED, agent)
        add(agent, _TYPE, _PROV_AGENT)
        add(agent, _TYPE, _S["SoftwareApplication"])
        add(agent, _S["name"], _plain("kg"))
        add(agent, _S["softwareVersion"], _plain(__version__))


def _shortens(spelling: str, label: str) -> bool:
    """Is ``spelling`` the label, or the label with its trailing words (the place) left out,
    as an article writes "Ban Tuyên giáo Tỉnh ủy" once the province is clear?"""
    short, full = fold(spelling), fold(label)
    return full == short or (full.startswith(short) and full[len(short) : len(short) + 1] == " ")


def _slug_body(tables: Tables, name: str) -> str:
    return slug(tables.canonical_body_name(name))


def bind_prefixes(graph: Graph) -> None:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)


def serialize(ag: ArticleGraph, fmt: str) -> str:
    """The article's triples as Turtle/N-Triples, or in its named graph as TriG/N-Quads/JSON-LD."""
    name = FORMATS.get(fmt.lower())
    if name is None:
        raise ValueError(f"unknown RDF format {fmt!r}: use one of {', '.join(sorted(FORMATS))}")
    if name in ("nt", "nquads"):
        return to_ntriples(ag, named=name == "nquads")
    if name == "turtle":
        return ag.graph.serialize(format="turtle")
    dataset = Dataset()
    bind_prefixes(dataset)
    named = dataset.graph(URIRef(ag.graph_iri))
    add = named.store.add
    for triple in ag.graph:
        add(triple, named)
    if name == "json-ld":
        return dataset.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True)
    return dataset.serialize(format=name)


_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _nt_term(term: Node) -> str:
    if isinstance(term, Literal):
        lexical = '"' + str(term).translate(_NT_ESCAPES) + '"'
        if term.language:
            return f"{lexical}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{lexical}^^<{term.datatype}>"
        return lexical
    return f"<{term}>"


def to_ntriples(ag: ArticleGraph, named: bool = False) -> str:
    """N-Triples (or N-Quads in the article's graph) written directly, in a stable order.

    Much faster than rdflib's serializers; meant for bulk loading into a store.
    """
    triples = ag.graph if ag._graph is not None else ag.triples
    terms: dict[Node, str] = {}
    suffix = f" <{ag.graph_iri}> .\n" if named else " .\n"
    lines = []
    for triple in triples:
        parts = []
        for term in triple:
            text = terms.get(term)
            if text is None:
                text = terms[term] = _nt_term(term)
            parts.append(text)
        lines.append(" ".join(parts) + suffix)
    lines.sort()
    return "".join(lines)
