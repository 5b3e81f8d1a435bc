"""Standard-vocabulary structures the rdf stage writes beside its own terms.

Each helper states one fact a second time with W3C / schema.org terms only, so that a
user who knows OWL-Time, ORG, schema.org and Web Annotation finds it without our
ontology (docs/store.md, "Modelling choices", says why each form was chosen):

* dates as ``time:Instant`` nodes (``time:inXSDDate`` / ``inXSDgYearMonth`` /
  ``inXSDgYear``); a day without a year as a ``time:DateTimeDescription`` (month
  and day) that lies inside a ``time:ProperInterval`` ending on the article's date, so
  that a date filter can still use the bound;
* posts tied to one body (``org:Post`` with ``org:postIn`` / ``org:heldBy``) and
  ``org:headOf`` for the heads;
* the chair of a meeting as a ``schema:Role`` (``schema:roleName`` "chủ trì");
* evidence spans as Web Annotation selectors (``oa:TextPositionSelector``,
  ``oa:TextQuoteSelector``) on an ``oa:SpecificResource`` of the article.

Like the rest of the rdf stage the output is a pure function of the input: every node
has an IRI made from what it stands for (no blank nodes), so a date or a post is one
node across articles.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.facts import PartialDate
from kg.mapping import _read
from kg.resolve import slug
from kg.text import canonical, fold
from kg.vocab import ID, OA, ORG, RDF, SCHEMA, SKOS, TIME, XSD

Add = Callable[[Node, Node, Node], None]

# Role kinds (roles.csv) whose holder is the one person at the top of a body: org:headOf.
HEAD_KINDS = frozenset({"head", "secretary"})
# Role kinds held by one person at a time in a body: each (role, body) is an org:Post.
POST_KINDS = HEAD_KINDS | {"standing_deputy"}
# Characters of context kept before and after a quoted span (oa:prefix / oa:suffix).
QUOTE_CONTEXT = 32


@dataclass(frozen=True, slots=True)
class RoleInfo:
    """What roles.csv says about a role label."""

    label: str
    kind: str
    implied_body: str  # a bodies.csv name for a title that names its body ("Tổng Bí thư"), else ""
    body_starts_with: str  # the word the body's name begins with when the title ends in it ("Ban")


@lru_cache(maxsize=8)
def role_table(directory: Path) -> dict[str, RoleInfo]:
    """roles.csv by folded label (the first row of a label wins; empty when the file is absent)."""
    table: dict[str, RoleInfo] = {}
    for row in _read(directory / "roles.csv", ("label", "kind")) or ():
        label = canonical(row["label"])
        table.setdefault(
            fold(label),
            RoleInfo(label, row["kind"].strip(), canonical(row.get("implied_body", "")),
                     row.get("body_starts_with", "").strip()),
        )
    return table


# Terms as plain URIRefs, built once (namespace attribute lookups allocate a new URIRef).
_TYPE = RDF.type
_T = {name: TIME[name] for name in (
    "Instant", "Interval", "ProperInterval", "DateTimeDescription", "inDateTime", "unitType", "unitDay", "month",
    "day", "hasEnd", "hasBeginning", "inside",
)}
_O = {name: ORG[name] for name in ("memberDuring", "Post", "postIn", "role", "hasPost", "heldBy", "holds", "headOf")}
_A = {name: OA[name] for name in (
    "SpecificResource", "hasSource", "hasSelector", "TextPositionSelector", "TextQuoteSelector", "start", "end",
    "exact", "prefix", "suffix",
)}
_PREF = SKOS.prefLabel
_SCHEMA_ROLE, _ROLE_NAME, _ATTENDEE = SCHEMA.Role, SCHEMA.roleName, SCHEMA.attendee

# -- dates -------------------------------------------------------------------------------

_IN_XSD = {"date": TIME.inXSDDate, "gYearMonth": TIME.inXSDgYearMonth, "gYear": TIME.inXSDgYear}


def instant_iri(lexical: str) -> str:
    return f"{ID}date/{lexical}"


def instant(add: Add, value: PartialDate, bound: PartialDate | None, scope: str) -> URIRef | None:
    node, triples = _instant(value, bound, scope)
    for triple in triples:
        add(*triple)
    return node


@lru_cache(maxsize=4096)
def _instant(
    value: PartialDate, bound: PartialDate | None, scope: str
) -> tuple[URIRef | None, tuple[tuple[Node, Node, Node], ...]]:
    """:func:`instant`'s node and triples (cached: a corpus has few distinct dates)."""
    made: list[tuple[Node, Node, Node]] = []
    node = _make_instant(lambda s, p, o: made.append((s, p, o)), value, bound, scope)
    return node, tuple(made)


def _make_instant(add: Add, value: PartialDate, bound: PartialDate | None, scope: str) -> URIRef | None:
    """The ``time:Instant`` of a date; None for an empty date.

    A date with its year is one node per value (``id:date/2021-07-16``).  A day without a
    year (``--09-18``) can only be placed by the article that gives it: its node is named
    after the date that bounds it (``bound``, the article's publication date, when that has
    a year) or else after ``scope`` (the article id), and it is put inside the interval that
    ends on the bound."""
    lexical = value.iso()
    if not lexical:
        return None
    kind = value.xsd_type()
    predicate = _IN_XSD.get(kind)
    if predicate is not None:
        node = URIRef(instant_iri(lexical))
        add(node, _TYPE, _T["Instant"])
        add(node, predicate, Literal(lexical, datatype=XSD[kind]))
        return node
    upper = bound if bound is not None and bound.complete else None
    node = URIRef(instant_iri(f"{lexical}/not-after/{upper.iso()}" if upper else f"{lexical}/in/{scope}"))
    description = URIRef(f"{node}#description")
    add(node, _TYPE, _T["Instant"])
    add(node, _T["inDateTime"], description)
    add(description, _TYPE, _T["DateTimeDescription"])
    add(description, _T["unitType"], _T["unitDay"])
    add(description, _T["month"], Literal(f"--{value.month:02d}", datatype=XSD.gMonth))
    add(description, _T["day"], Literal(f"---{value.day:02d}", datatype=XSD.gDay))
    if upper is not None:
        until = URIRef(instant_iri(f"until/{upper.iso()}"))
        end = _make_instant(add, upper, None, scope)
        add(until, _TYPE, _T["ProperInterval"])
        add(until, _T["hasEnd"], end)  # type: ignore[arg-type]  # a complete date always gives a node
        add(until, _T["inside"], node)
    return node


def membership_time(
    add: Add, membership: URIRef, attested: PartialDate | None, appointed: PartialDate | None,
    bound: PartialDate | None, scope: str,
) -> None:
    """``org:memberDuring`` a ``time:Interval`` with the attested instant inside it and, for
    an appointment, the appointment as its beginning.  The interval is one node per
    membership, so the instants of every article that attests it meet there."""
    interval = URIRef(f"{membership}#during")
    add(membership, _O["memberDuring"], interval)
    add(interval, _TYPE, _T["Interval"])
    if attested is not None:
        at = instant(add, attested, bound, scope)
        if at is not None:
            add(interval, _T["inside"], at)
    if appointed is not None:
        start = instant(add, appointed, bound, scope)
        if start is not None:
            add(interval, _T["hasBeginning"], start)


# -- posts -------------------------------------------------------------------------------


def post_iri(body_iri: str, role_label: str) -> str:
    """One post per (body, role): ``id:post/ban-tuyen-giao-trung-uong/truong-ban``."""
    local = body_iri.removeprefix(f"{ID}body/")
    return f"{ID}post/{local}/{slug(role_label)}"


def post_label(info: RoleInfo, body_label: str) -> str:
    """"Tổng Bí thư" (the title names its body), "Trưởng Ban" + "Ban Tuyên giáo Trung ương"
    -> "Trưởng Ban Tuyên giáo Trung ương", else the title and the body's name."""
    if info.implied_body and fold(info.implied_body) == fold(body_label):
        return info.label
    word = info.body_starts_with
    if word and info.label.endswith(" " + word) and body_label.startswith(word + " "):
        return f"{info.label[: -len(word)]}{body_label}"
    return f"{info.label} {body_label}"


def post(add: Add, body: URIRef, body_label: str, role: URIRef, info: RoleInfo) -> URIRef:
    """The post of a role in a body (its holder is added by the caller)."""
    node = URIRef(post_iri(str(body), info.label))
    add(node, _TYPE, _O["Post"])
    add(node, _PREF, Literal(post_label(info, body_label), lang="vi"))
    add(node, _O["postIn"], body)
    add(node, _O["role"], role)
    add(body, _O["hasPost"], node)
    return node


def held_post(add: Add, person: URIRef, body: URIRef, body_label: str, role: URIRef, info: RoleInfo) -> None:
    """A person in a one-holder post: ``org:holds`` / ``org:heldBy``, and ``org:headOf`` for heads."""
    node = post(add, body, body_label, role, info)
    add(node, _O["heldBy"], person)
    add(person, _O["holds"], node)
    if info.kind in HEAD_KINDS:
        add(person, _O["headOf"], body)


# -- meetings ----------------------------------------------------------------------------

CHAIR_ROLE_NAMES = (Literal("chủ trì", lang="vi"), Literal("chair", lang="en"))


def chair_role(add: Add, meeting: URIRef, person: URIRef) -> URIRef:
    """schema.org's role pattern: the meeting's ``schema:attendee`` is a ``schema:Role`` whose
    ``schema:roleName`` is "chủ trì" and whose own ``schema:attendee`` is the person."""
    local = str(person).rstrip("/").rsplit("/", 1)[-1]
    node = URIRef(f"{meeting}#chair-{local}")
    add(node, _TYPE, _SCHEMA_ROLE)
    for name in CHAIR_ROLE_NAMES:
        add(node, _ROLE_NAME, name)
    add(node, _ATTENDEE, person)
    add(meeting, _ATTENDEE, node)
    return node


# -- evidence ----------------------------------------------------------------------------


def text_selectors(add: Add, node: URIRef, article: URIRef, text: str, start: int, end: int) -> None:
    """The evidence span as an ``oa:SpecificResource`` of the article with a position and a
    quote selector (offsets count Unicode code points of the article's text, from 0)."""
    position = URIRef(f"{node}-position")
    quote = URIRef(f"{node}-quote")
    add(node, _TYPE, _A["SpecificResource"])
    add(node, _A["hasSource"], article)
    add(node, _A["hasSelector"], position)
    add(node, _A["hasSelector"], quote)
    add(position, _TYPE, _A["TextPositionSelector"])
    add(position, _A["start"], _integer(start))
    add(position, _A["end"], _integer(end))
    add(quote, _TYPE, _A["TextQuoteSelector"])
    add(quote, _A["exact"], Literal(text[start:end]))
    add(quote, _A["prefix"], Literal(text[max(0, start - QUOTE_CONTEXT) : start]))
    add(quote, _A["suffix"], Literal(text[end : end + QUOTE_CONTEXT]))


@lru_cache(maxsize=1 << 14)
def _integer(value: int) -> Literal:
    return Literal(value)
