"""Identity rules the resolve stage applies: person anchors, membership terms, overrides.

Everything here is a pure function of one article's facts plus data files read once, so
that every article mints its IRIs on its own: a build is order-independent and a rebuild
byte-identical, and the store merges entities simply because two articles minted the
same IRI.

- **Person anchor.**  A person's IRI is keyed by name *and* an anchor read from the
  article's evidence for that person (:func:`person_anchors`): the district when the
  article gives them posts in the bodies of exactly one district (with its province of the
  time: districts ended on 1 July 2025), else the province of the local bodies they hold posts in (after the 2025
  mergers, so "Hà Giang" and "Tuyên Quang" agree),
  ``central`` when all their posts are in central bodies, ``foreign`` for posts abroad,
  the outlet for a byline with no post; otherwise (no post, or posts in two provinces) the
  evidence is too thin or conflicts, and the person is kept to the article.
- **Term.**  A membership is keyed by person, role, body and the term (nhiệm kỳ) its
  date falls in (:func:`term_of`, rules in ``data/identity/terms.csv``).
- **Overrides.**  ``data/identity/same_as.csv`` merges what the rules keep apart and
  ``data/identity/not_same_as.csv`` splits what they merge (:class:`Overrides`); see
  ``data/identity/README.md``.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from kg.facts import ArticleFacts, PartialDate
from kg.vocab import ID

if TYPE_CHECKING:
    from kg.mapping import Tables
    from kg.store import GraphStore

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "data" / "identity"

AnchorKind = Literal["district", "province", "central", "foreign", "press", "article"]


class IdentityError(ValueError):
    """An identity file exists but is unusable; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Anchor:
    """What a person's IRI is keyed by besides the name, and the evidence for it."""

    kind: AnchorKind
    value: str  # province name, "central", "foreign", outlet name or article id
    evidence: tuple[str, ...] = ()  # "Bí thư · Huyện ủy Kỳ Sơn (Nghệ An)", ...
    reason: str = ""  # why the evidence was too thin or conflicting
    district: str | None = None  # with kind "district": the district (value is its province)

    @property
    def scoped(self) -> bool:
        return self.kind == "article"

    @property
    def parts(self) -> tuple[str, ...]:
        """The anchor as the path segments of the IRI (before slugging)."""
        return (self.value, self.district) if self.district else (self.value,)

    def describe(self) -> str:
        if self.kind == "article":
            return f"kept to this article: {self.reason}"
        what = {"province": "province", "central": "central posts", "foreign": "posts abroad", "press": "byline of"}
        if self.kind == "district":
            label = f"district {self.district}, province {self.value}"
        elif self.kind in ("central", "foreign"):
            label = what[self.kind]
        else:
            label = f"{what[self.kind]} {self.value}"
        return label + (f" (from {'; '.join(self.evidence)})" if self.evidence else "")


@dataclass(frozen=True, slots=True)
class TermRule:
    """Terms of one level start every ``years`` years from ``first_year`` on ``starts_on``."""

    level: str  # "central" or "local"
    first_year: int
    years: int
    starts_on: tuple[int, int]  # (month, day)


@dataclass(slots=True)
class Overrides:
    """Curated corrections, keyed by the IRI the rules mint."""

    # minted IRI -> (the IRI it is, "same_as.csv line 3: note")
    same_as: dict[str, tuple[str, str]] = field(default_factory=dict)
    # (minted IRI, article id) -> "not_same_as.csv line 2: note"
    not_same_as: dict[tuple[str, str], str] = field(default_factory=dict)

    def apply(self, iri: str, article_id: str) -> tuple[str, str | None]:
        """The IRI after the overrides, and the override that decided (None: the rules did)."""
        reasons: list[str] = []
        split = self.not_same_as.get((iri, article_id))
        if split is not None:
            iri = scoped_iri(iri, article_id)
            reasons.append(f"split by {split}")
        seen = {iri}
        while (target := self.same_as.get(iri)) is not None:
            iri, why = target
            reasons.append(f"merged by {why}")
            if iri in seen:  # load() refuses cycles; stay safe anyway
                break
            seen.add(iri)
        return iri, ("; ".join(reasons) or None)


@dataclass(slots=True)
class IdentityRules:
    directory: Path
    terms: dict[str, TermRule] = field(default_factory=dict)
    overrides: Overrides = field(default_factory=Overrides)


def identity_dir() -> Path:
    """``$KG_IDENTITY`` when set, else the repository's ``data/identity``."""
    return Path(os.environ.get("KG_IDENTITY") or DEFAULT_DIR)


def load_rules(directory: Path | str | None = None) -> IdentityRules:
    return _load_rules(Path(directory) if directory is not None else identity_dir())


# Used when terms.csv is absent; the same rule as the shipped file (see its comments).
_BUILTIN_TERMS = (TermRule("central", 2016, 5, (2, 1)), TermRule("local", 2015, 5, (10, 1)))


@lru_cache(maxsize=8)
def _load_rules(directory: Path) -> IdentityRules:
    rules = IdentityRules(directory=directory)
    term_rows = _read(directory / "terms.csv", ("level", "first_year", "years", "starts_on"))
    if term_rows is None:
        rules.terms = {rule.level: rule for rule in _BUILTIN_TERMS}
    for line, row in term_rows or ():
        where = f"{directory / 'terms.csv'} line {line}"
        match = re.fullmatch(r"--(\d\d)-(\d\d)", row["starts_on"].strip())
        if not match or not row["first_year"].strip().isdigit() or not row["years"].strip().isdigit():
            raise IdentityError(f"{where}: first_year and years are whole numbers, starts_on is --MM-DD")
        rules.terms[row["level"].strip()] = TermRule(
            row["level"].strip(), int(row["first_year"]), int(row["years"]), (int(match[1]), int(match[2]))
        )
    for line, row in _read(directory / "same_as.csv", ("iri", "same_as")) or ():
        where = f"same_as.csv line {line}"
        source, target = row["iri"].strip(), row["same_as"].strip()
        _check_iri(directory / "same_as.csv", line, source)
        _check_iri(directory / "same_as.csv", line, target)
        known = rules.overrides.same_as.get(source)
        if known is not None and known[0] != target:
            raise IdentityError(f"{directory / 'same_as.csv'} line {line}: {source} is already the same as {known[0]}")
        note = row.get("note", "").strip()
        rules.overrides.same_as[source] = (target, where + (f" ({note})" if note else ""))
    for source in rules.overrides.same_as:  # a cycle would leave no IRI to be the entity's
        seen, iri = {source}, source
        while (target := rules.overrides.same_as.get(iri)) is not None:
            iri = target[0]
            if iri in seen:
                raise IdentityError(f"{directory / 'same_as.csv'}: the rows for {source} go round in a cycle")
            seen.add(iri)
    for line, row in _read(directory / "not_same_as.csv", ("iri", "article")) or ():
        source, article = row["iri"].strip(), row["article"].strip()
        _check_iri(directory / "not_same_as.csv", line, source)
        if not re.fullmatch(r"[A-Za-z0-9_.-]+", article):
            raise IdentityError(f"{directory / 'not_same_as.csv'} line {line}: {article!r} is not an article id")
        note = row.get("note", "").strip()
        rules.overrides.not_same_as[(source, article)] = f"not_same_as.csv line {line}" + (
            f" ({note})" if note else ""
        )
    return rules


def _check_iri(path: Path, line: int, value: str) -> None:
    if not value.startswith(ID) or len(value.removeprefix(ID).split("/")) < 2 or any(c in value for c in ' <>"'):
        raise IdentityError(f"{path} line {line}: {value!r} is not an entity IRI (it starts with {ID}<kind>/)")


def _read(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]] | None:
    """(line number, row) pairs of a CSV file with ``#`` comment lines; None when absent."""
    if not path.is_file():
        return None
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            numbered = [(n, line) for n, line in enumerate(handle, 1) if line.strip() and not line.startswith("#")]
    except UnicodeDecodeError as error:
        raise IdentityError(f"{path}: not UTF-8 ({error.reason} at byte {error.start})") from None
    try:
        reader = csv.DictReader(line for _, line in numbered)
        missing = [c for c in required if c not in (reader.fieldnames or ())]
        if missing:
            raise IdentityError(f"{path}: missing column(s) {', '.join(missing)}")
        rows = [{k: (v or "") for k, v in row.items() if k is not None} for row in reader]
    except csv.Error as error:
        raise IdentityError(f"{path}: malformed CSV ({error})") from None
    # the header is the first numbered line; rows follow in order (no multi-line cells here)
    return [(numbered[i + 1][0], row) for i, row in enumerate(rows)]


def scoped_iri(iri: str, article_id: str) -> str:
    """The article-scoped form of an entity IRI: ``<kind>/<article-id>/<last segment>``."""
    kind, _, rest = iri.removeprefix(ID).partition("/")
    return f"{ID}{kind}/{article_id}/{rest.rsplit('/', 1)[-1]}"


# -- terms -----------------------------------------------------------------------------


def term_of(
    date: PartialDate | None, published: PartialDate | None, level: str, rules: IdentityRules
) -> str:
    """The term ("2020-2025") a membership attested on ``date`` belongs to.

    A date without a year takes the year of the article's publication; a membership with
    no usable date has the empty term (and merges only with other undated reports)."""
    if date is None or not date.year:
        year = published.year if published is not None else None
        if date is None or year is None:
            return ""
        date = PartialDate(year, date.month, date.day)
    assert date.year is not None
    rule = rules.terms.get("central" if level == "central" else "local") or _BUILTIN_TERMS[level != "central"]
    start = rule.first_year + ((date.year - rule.first_year) // rule.years) * rule.years
    if (date.month or 1, date.day or 1) < rule.starts_on and date.year == start:
        start -= rule.years
    return f"{start}-{start + rule.years}"


# -- person anchors ----------------------------------------------------------------------


def person_anchors(
    facts: ArticleFacts, body_provinces: dict[str, str | None], tables: Tables
) -> dict[str, Anchor]:
    """The anchor of every person of the article, from the posts the article gives them."""
    bodies = {body.id: body for body in facts.bodies}
    provinces: dict[str, dict[str, list[str]]] = {}  # person -> current province -> evidence
    districts: dict[str, set[tuple[str, str]]] = {}  # person -> (province of the time, district)
    central: dict[str, list[str]] = {}
    foreign: dict[str, list[str]] = {}
    for position in facts.positions:
        body = bodies.get(position.body) if position.body else None
        if body is None:
            continue
        post = f"{position.role} · {tables.canonical_body_name(body.name)}"
        if body.level == "central":
            central.setdefault(position.person, []).append(post)
        elif body.level == "foreign":
            foreign.setdefault(position.person, []).append(post)
        elif body.resolved and body_provinces.get(body.id):
            province = body_provinces[body.id]
            assert province is not None
            current = tables.current_province(province)
            if body.level == "district" and body.place:
                # districts were abolished on 1 July 2025: a district post is of the province of its time
                districts.setdefault(position.person, set()).add((province, body.place))
            if current != province:
                post = f"{post} ({province}, now {current})"
            provinces.setdefault(position.person, {}).setdefault(current, []).append(post)
    anchors: dict[str, Anchor] = {}
    for person in facts.persons:
        local = provinces.get(person.id, {})
        if len(local) > 1:
            anchors[person.id] = Anchor(
                "article", facts.article.id, _first(p for posts in local.values() for p in posts),
                reason=f"posts in {len(local)} provinces ({', '.join(sorted(local))})",
            )
        elif local:
            (province, posts), = local.items()
            where = districts.get(person.id, set())
            if len(where) == 1:
                # a district's official is told apart from a namesake elsewhere in the province
                ((of_time, district),) = where
                anchors[person.id] = Anchor("district", of_time, _first(posts), district=district)
            else:
                anchors[person.id] = Anchor("province", province, _first(posts))
        elif person.id in central:
            anchors[person.id] = Anchor("central", "central", _first(central[person.id]))
        elif person.id in foreign:
            anchors[person.id] = Anchor("foreign", "foreign", _first(foreign[person.id]))
        elif (person.is_author or facts.author == person.id) and facts.article.outlet:
            anchors[person.id] = Anchor("press", facts.article.outlet, ("byline",))
        else:
            anchors[person.id] = Anchor("article", facts.article.id, reason="no post in a body of known place")
    return anchors


def _first(posts: Iterable[str], limit: int = 3) -> tuple[str, ...]:
    return tuple(sorted(dict.fromkeys(posts)))[:limit]


# -- cross-article checks ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Conflict:
    """One entity the articles describe in ways that cannot all be true."""

    entity: str
    message: str


def cross_article_conflicts(store: GraphStore) -> list[Conflict]:
    """Bodies that lie in two provinces, or sit under committees of two provinces, once the
    article graphs are read together (a check no single article graph can fail)."""
    # grouped, not paired, so that a body named by thousands of articles costs no more than
    # reading its triples once
    rows = store.select(
        """PREFIX kg: <https://w3id.org/vnkg/ontology#>
        PREFIX org: <http://www.w3.org/ns/org#>
        SELECT ?body (GROUP_CONCAT(DISTINCT STR(?province); SEPARATOR=" ") AS ?provinces) WHERE {
          {
            SELECT DISTINCT ?body ?province WHERE { GRAPH ?g { ?body a kg:Body ; kg:province ?province } }
          } UNION {
            { SELECT DISTINCT ?body ?parent WHERE { GRAPH ?g { ?body a kg:Body ; org:subOrganizationOf ?parent } } }
            { SELECT DISTINCT ?parent ?province WHERE { GRAPH ?h { ?parent a kg:Body ; kg:province ?province } } }
          }
        } GROUP BY ?body HAVING (COUNT(DISTINCT ?province) > 1) ORDER BY ?body"""
    )
    conflicts = []
    for row in rows:
        provinces = sorted(_local(p) for p in row["provinces"].value.split())
        conflicts.append(
            Conflict(row["body"].value, f"lies in (or under a committee of) two provinces: {' and '.join(provinces)}")
        )
    return conflicts


def _local(iri: str) -> str:
    return iri.removeprefix(ID)
