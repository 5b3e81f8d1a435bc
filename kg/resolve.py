"""The resolve stage: give every extracted thing its IRI.

Identity is a pure function of one article's facts (names normalised, plus the context
the article gives: province, level, parent, posts, dates) and of data files, so the same
real entity gets the same IRI in every article without any shared state between
articles, and builds are order-independent (rules in :mod:`kg.identity`):

- person    ``id/person/<anchor>/<slug(name)>-<sha1(fold(name))[:6]>``: the anchor is
            ``<province>/<district>`` when the article gives the person posts in one
            district's bodies (the province of the time), else the (post-2025) province
            of the local bodies it gives them posts in, ``central`` (posts in central
            bodies only), ``foreign``, the outlet slug for a byline; with no such evidence
            or posts in two provinces, the article id (never merged by the rules)
- role      ``id/role/<slug(label)>``
- body      ``id/body/<slug(name)>`` (abbreviations spelt out and body-kind aliases
            written as the kind's head first: "Ban Chấp hành Đảng bộ tỉnh X" is "Tỉnh ủy X");
            a local body whose name does not say its province (a district's) is keyed
            by the province as well: ``id/body/<slug(province)>/<slug(name)>``; a body
            whose place (or district's province) is unknown is article-scoped:
            ``id/body/<article-id>/<slug(name)>``
- document  ``id/document/<slug(identifier)>`` for centrally issued symbols,
            ``id/document/<slug(issuer's province)>[/<slug(district)>]/<slug(identifier)>``
            for local ones ("19-CT/TU" exists in every province; the issuer body's slug when
            it has no place), article-scoped when the local issuer is unknown;
            ``id/document/<slug(label)>`` when unnumbered
- meeting   ``id/meeting/<sha1(kind, start, organisers or place)[:12]>`` when the
            start date is complete and an organiser or place is known, else
            article-scoped ``id/meeting/<article-id>/<slug(name)>``
- place     ``id/place/<slug(province)>`` for a province; ``id/place/<slug(province)>/<slug(name)>``
            for a district, town or venue of a known province; a district whose province
            cannot be known (a name used in two provinces) is article-scoped
- position  ``id/position/<sha1(person, role, body, term)[:16]>``, the term (nhiệm kỳ,
            "2020-2025") being the one the attested date falls in
- article   ``id/article/<article.id>``; evidence ``<article IRI>#s<start>-<end>``

The curated files ``data/identity/same_as.csv`` and ``not_same_as.csv`` then merge or
split what the rules decided; ``ResolvedFacts.keys`` says for each entity what it was
keyed by and which override applied (written to the graph for ``kg explain``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg import text
from kg.facts import ArticleFacts, Body, Document, Meeting, Place
from kg.identity import IdentityRules, load_rules, person_anchors, term_of
from kg.mapping import Tables, load_tables
from kg.vocab import GRAPH, ID

# Separates the parts of a hashed key; cannot occur in a label.
_KEY_SEPARATOR = "\x1f"

# Place kinds whose name may be a province written another way.
PROVINCE_LIKE_PLACES = frozenset({"province", "city", "other"})

# Labels recur from article to article (roles, bodies, provinces): normalise each once.
canonical = lru_cache(maxsize=1 << 14)(text.canonical)
fold = lru_cache(maxsize=1 << 14)(text.fold)

_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1 << 14)
def slug(label: str) -> str:
    """Same result as :func:`kg.text.slug`, without its canonical() pass.

    Once diacritics are stripped, tone-mark placement, quote style and spacing no
    longer show, so the costly tone normalisation can be skipped
    (tests/test_resolve.py checks the two agree).
    """
    return _SLUG_JUNK.sub("-", text.strip_diacritics(label).lower()).strip("-")


@dataclass(slots=True)
class ResolvedFacts:
    """An article's facts with an IRI for everything in them."""

    facts: ArticleFacts
    article_iri: str
    graph_iri: str
    iris: dict[str, str] = field(default_factory=dict)  # local id (p1, b1, pl1, d1, m1) -> IRI
    labels: dict[str, str] = field(default_factory=dict)  # body id -> label the IRI was built from
    role_iris: dict[str, str] = field(default_factory=dict)  # canonical role label -> IRI
    position_iris: list[str] = field(default_factory=list)  # parallel to facts.positions
    body_provinces: dict[str, str | None] = field(default_factory=dict)  # body id -> its province
    place_iris: dict[str, str] = field(default_factory=dict)  # body id -> IRI of the body's place
    # local id (or position IRI) -> what its IRI was keyed by, and the override that applied
    keys: dict[str, str] = field(default_factory=dict)


class ResolveError(ValueError):
    """The facts of an article are inconsistent (a dangling or repeated local id)."""


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def article_iri(article_id: str) -> str:
    return f"{ID}article/{article_id}"


def graph_iri(article_id: str) -> str:
    return f"{GRAPH}{article_id}"


@lru_cache(maxsize=1 << 14)
def person_iri(name: str, *anchor: str) -> str:
    """``anchor``: a province (and district), "central", "foreign", an outlet or an article id."""
    return f"{ID}person/{'/'.join(slug(part) for part in anchor)}/{slug(name)}-{_sha1(fold(name))[:6]}"


def role_iri(label: str) -> str:
    return f"{ID}role/{slug(label)}"


def place_iri(name: str, province: str | None = None, district: bool = False) -> str:
    """A province (or country, or a place of no known province) by its name; a place of a
    province under that province, so that Kỳ Sơn (Nghệ An) is not Kỳ Sơn (Hòa Bình), and
    the city of Hòa Bình (``district``) is not its province."""
    if province and (district or fold(province) != fold(name)):
        return f"{ID}place/{slug(province)}/{slug(name)}"
    return f"{ID}place/{slug(name)}"


def body_iri(name: str, tables: Tables | None = None) -> str:
    """IRI of a resolved body from any spelling of its full name."""
    tables = tables or load_tables()
    return f"{ID}body/{slug(tables.canonical_body_name(name))}"


def position_iri(person: str, role: str, body: str | None, term: str = "") -> str:
    key = (person, role, body or "", term) if term else (person, role, body or "")
    return f"{ID}position/{_sha1(_KEY_SEPARATOR.join(key))[:16]}"


def evidence_iri(article: str, start: int, end: int) -> str:
    return f"{article}#s{start}-{end}"


def issuer_code(identifier: str) -> str:
    """The issuer part of a symbol: "05-CT/TW" -> "TW", "1300/CĐ-TTg" -> "TTg"."""
    tail = identifier.rsplit("/", 1)[-1]
    return tail.rsplit("-", 1)[-1].strip()


def resolve(
    facts: ArticleFacts, tables: Tables | None = None, rules: IdentityRules | None = None
) -> ResolvedFacts:
    """Assign IRIs to the persons, places, bodies, roles, documents, meetings and positions."""
    tables = tables or load_tables()
    rules = rules or load_rules()
    overrides = rules.overrides
    article = facts.article
    resolved = ResolvedFacts(
        facts=facts, article_iri=article_iri(article.id), graph_iri=graph_iri(article.id)
    )
    iris = resolved.iris
    keys = resolved.keys
    where = f"article {article.id} ({article.source})"

    def assign(local_id: str, iri: str, key: str | None = None) -> None:
        if local_id in iris:
            raise ResolveError(f"{where}: local id {local_id!r} is used twice")
        final, override = overrides.apply(iri, article.id)
        iris[local_id] = final
        if key is not None or override:
            keys[local_id] = "; ".join(part for part in (key, override) if part)

    _check_labels(facts, where)

    bodies_by_id = {body.id: body for body in facts.bodies}
    places_by_name = {fold(place.name): place for place in facts.places}
    provinces = resolved.body_provinces
    for body in facts.bodies:
        provinces[body.id] = _body_province(body, bodies_by_id, places_by_name, tables, {})

    anchors = person_anchors(facts, provinces, tables)
    for person in facts.persons:
        anchor = anchors[person.id]
        assign(person.id, person_iri(person.name, *anchor.parts), f"name {person.name!r} + {anchor.describe()}")
    for place in facts.places:
        iri, key = _place_iri(place, article.id, tables)
        assign(place.id, iri, key)
    for body in facts.bodies:
        label = tables.canonical_body_name(body.name)
        resolved.labels[body.id] = label
        iri, key = _body_iri(body, label, article.id, provinces[body.id])
        assign(body.id, iri, key)
        if body.place:
            district = body.level == "district" or not tables.is_province(body.place)
            if not body.resolved or (not provinces[body.id] and district):
                resolved.place_iris[body.id] = f"{ID}place/{article.id}/{slug(body.place)}"
            else:
                name = body.place if district else tables.province_name(body.place)
                resolved.place_iris[body.id] = place_iri(name, provinces[body.id], district)
    for document in facts.documents:
        assign(document.id, _document_iri(document, bodies_by_id, article.id, iris, tables, where, provinces))

    scoped_meetings: set[str] = set()
    for meeting in facts.meetings:
        assign(meeting.id, _meeting_iri(meeting, iris, article.id, scoped_meetings, where))

    for index, position in enumerate(facts.positions):
        person = _lookup(iris, position.person, f"{where}: position {index} person")
        body = _lookup(iris, position.body, f"{where}: position {index} body") if position.body else None
        role_label = canonical(position.role)
        role = resolved.role_iris.get(role_label)
        if role is None:
            role = resolved.role_iris[role_label] = role_iri(role_label)
        # two terms in one post are two memberships; one term read in many articles is one
        level = bodies_by_id[position.body].level if position.body in bodies_by_id else "local"
        term = term_of(position.date or facts.event_date or article.published, article.published, level, rules)
        iri = position_iri(person, role, body, term)
        resolved.position_iris.append(iri)
        keys.setdefault(iri, f"person + role {role_label!r} + body + term {term or '(undated)'}")

    _check_references(facts, iris, where)
    return resolved


def _body_province(
    body: Body,
    bodies: dict[str, Body],
    places: dict[str, Place],
    tables: Tables,
    seen: dict[str, None],
) -> str | None:
    """The province a local body lies in: its place when that is a province; for a
    district's body the province of its parent committee, else the article's own place
    list, else the gazetteer when only one province has a district of that name."""
    if body.level in ("central", "foreign") or not body.place:
        return None
    # (a district may bear its province's name: thành phố Hòa Bình, huyện Điện Biên)
    if body.level != "district" and (tables.is_province(body.place) or not tables.provinces):
        return tables.province_name(body.place)
    seen[body.id] = None
    parent = bodies.get(body.parent) if body.parent else None
    if parent is not None and parent.id not in seen:
        found = _body_province(parent, bodies, places, tables, seen)
        if found:
            return found
    described = places.get(fold(body.place))
    if described is not None and described.province:
        return tables.province_name(described.province)
    candidates = tables.district_provinces(body.place)
    return candidates[0] if len(candidates) == 1 else None


_WORDS = re.compile(r"\w+")


@lru_cache(maxsize=1 << 14)
def _names_place(label: str, place: str) -> bool:
    """Does the label spell the place out ("Tỉnh ủy Nghệ An" does, "Huyện ủy Kỳ Sơn" does not
    say its province)?"""
    words, wanted = _WORDS.findall(fold(label)), _WORDS.findall(fold(place))
    return any(words[i : i + len(wanted)] == wanted for i in range(len(words) - len(wanted) + 1))


def _body_iri(body: Body, label: str, article_id: str, province: str | None) -> tuple[str, str]:
    if not body.resolved:
        # A local body whose place is unknown must not merge with another article's.
        return f"{ID}body/{article_id}/{slug(label)}", f"kept to this article: the place of {label!r} is unknown"
    if body.level in ("central", "foreign") or not body.place:
        written = f", written {body.name!r}" if fold(label) != fold(body.name) else ""
        return f"{ID}body/{slug(label)}", f"name {label!r} ({body.level}{written})"
    if province is None:
        return (
            f"{ID}body/{article_id}/{slug(label)}",
            f"kept to this article: the province of {body.place!r} is unknown (the name is used in "
            "several provinces or none)",
        )
    key = f"name {label!r} + level {body.level} + province {province}"
    if fold(label) != fold(body.name):
        key += f" (written {body.name!r})"
    if _names_place(label, province):
        return f"{ID}body/{slug(label)}", key
    return f"{ID}body/{slug(province)}/{slug(label)}", key


# Place kinds a district's name can stand for, which must be told apart by province.
_DISTRICT_KINDS = frozenset({"district", "town", "city"})


def _place_iri(place: Place, article_id: str, tables: Tables) -> tuple[str, str]:
    # "TP. Hà Nội" and "Hà Nội" are one province; districts and venues keep their own name.
    if place.kind in PROVINCE_LIKE_PLACES and tables.is_province(place.name):
        name = tables.province_name(place.name)
        return place_iri(name), f"province {name}"
    province = tables.province_name(place.province) if place.province else None
    if province is None and place.kind in _DISTRICT_KINDS:
        candidates = tables.district_provinces(place.name)
        if len(candidates) == 1:
            province = candidates[0]
        elif candidates or place.kind == "district":
            return (
                f"{ID}place/{article_id}/{slug(place.name)}",
                f"kept to this article: {place.name!r} is a district of "
                f"{' or '.join(candidates) if candidates else 'an unknown province'}",
            )
    if province is None and place.kind == "commune":
        # "xã Hòa Phú" is a name in many provinces: of an unknown one, it stays in its article
        return f"{ID}place/{article_id}/{slug(place.name)}", f"kept to this article: commune {place.name!r}"
    district = place.kind in ("district", "town", "commune")
    if province and (district or fold(province) != fold(place.name)):
        return place_iri(place.name, province, district), f"name {place.name!r} + province {province}"
    return place_iri(place.name), f"name {place.name!r} ({place.kind})"


def _document_iri(
    document: Document,
    bodies_by_id: dict[str, Body],
    article_id: str,
    iris: dict[str, str],
    tables: Tables,
    where: str,
    provinces: dict[str, str | None],
) -> str:
    if not document.identifier:
        return f"{ID}document/{slug(document.label)}"
    symbol = slug(document.identifier)
    issuer = None
    if document.issuer:
        issuer = _lookup(iris, document.issuer, f"{where}: document {document.id} issuer")
    issuer_body = bodies_by_id.get(document.issuer) if document.issuer else None
    level = tables.issuer_level(canonical(issuer_code(document.identifier)))
    if level is None:
        level = "central" if issuer_body is not None and issuer_body.level == "central" else "local"
    if level == "central":
        return f"{ID}document/{symbol}"
    if issuer is None or issuer_body is None or not issuer_body.resolved:
        return f"{ID}document/{article_id}/{symbol}"
    # Local symbols repeat in every province: qualify by where the issuer is.  The place
    # rather than the body, because one directive is credited to "Tỉnh ủy X" in one article
    # and to "Ban Thường vụ Tỉnh ủy X" in another; the code (TU, HU, BTGTU) already says
    # which committee of that place issued it.
    if issuer_body.place and issuer_body.level not in ("central", "foreign") and not provinces.get(issuer_body.id):
        return f"{ID}document/{article_id}/{symbol}"  # a district of unknown province
    if issuer_body.place:
        place = tables.province_name(issuer_body.place)
        province = provinces.get(issuer_body.id)
        if province and fold(province) != fold(place):
            # a district's directive: "19-CT/HU" of Kỳ Sơn (Nghệ An) is not Kỳ Sơn's (Hòa Bình)
            return f"{ID}document/{slug(province)}/{slug(place)}/{symbol}"
        return f"{ID}document/{slug(place)}/{symbol}"
    return f"{ID}document/{issuer.removeprefix(ID + 'body/')}/{symbol}"


_NUMBERED_EVENT = re.compile(r"\b(?:lần thứ|khóa)\s+[IVXLC]+\b|\bTrung ương \d+ khóa\b")


def _meeting_iri(
    meeting: Meeting, iris: dict[str, str], article_id: str, taken: set[str], where: str
) -> str:
    organisers = sorted(
        _lookup(iris, local_id, f"{where}: meeting {meeting.id} organiser") for local_id in meeting.organisers
    )
    place = _lookup(iris, meeting.place, f"{where}: meeting {meeting.id} place") if meeting.place else None
    anchors = organisers or ([place] if place else [])
    if meeting.start is not None and meeting.start.complete and anchors:
        # the end date tells apart two delegations of one body setting out on the same day
        end = meeting.end.iso() if meeting.end else ""
        key = _KEY_SEPARATOR.join((fold(meeting.kind), meeting.start.iso(), end, *anchors))
        return f"{ID}meeting/{_sha1(key)[:12]}"
    if meeting.start is None and _NUMBERED_EVENT.search(meeting.name):
        # "Đại hội đại biểu toàn quốc lần thứ XIII của Đảng" names one event wherever it is read
        return f"{ID}event/{slug(meeting.name)}"
    # Without a full date (or anything to anchor it) a meeting cannot be told apart
    # from another article's: keep it to this article.
    base = f"{ID}meeting/{article_id}/{slug(meeting.name) or slug(meeting.kind) or 'meeting'}"
    iri, counter = base, 1
    while iri in taken:
        counter += 1
        iri = f"{base}-{counter}"
    taken.add(iri)
    return iri


def _lookup(iris: dict[str, str], local_id: str | None, what: str) -> str:
    try:
        return iris[local_id]  # type: ignore[index]
    except KeyError:
        raise ResolveError(f"{what} refers to unknown id {local_id!r}") from None


def _check_labels(facts: ArticleFacts, where: str) -> None:
    """An empty name would give every such thing the same IRI: refuse it."""
    for kind, items, attribute in (
        ("person", facts.persons, "name"),
        ("place", facts.places, "name"),
        ("body", facts.bodies, "name"),
        ("document", facts.documents, "label"),
        ("meeting", facts.meetings, "kind"),
    ):
        for item in items:
            if not slug(getattr(item, attribute)):
                raise ResolveError(f"{where}: {kind} {item.id} has an empty {attribute}")
    for index, position in enumerate(facts.positions):
        if not slug(position.role):
            raise ResolveError(f"{where}: position {index} has an empty role")


def _check_references(facts: ArticleFacts, iris: dict[str, str], where: str) -> None:
    """Every id a fact points at must exist, so that the rdf stage never meets a dangling one."""
    for body in facts.bodies:
        if body.parent:
            _lookup(iris, body.parent, f"{where}: body {body.id} parent")
    for document in facts.documents:
        for other in document.refers_to:
            _lookup(iris, other, f"{where}: document {document.id} reference")
    for meeting in facts.meetings:
        for ids, what in (
            (meeting.chairs, "chair"),
            (meeting.attendees, "attendee"),
            (meeting.attending_bodies, "attending body"),
            (meeting.documents, "document"),
        ):
            for local_id in ids:
                _lookup(iris, local_id, f"{where}: meeting {meeting.id} {what}")
    if facts.author:
        _lookup(iris, facts.author, f"{where}: author")
