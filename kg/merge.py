"""The inputs of an entity's merged description, counted, so that it can be merged again
from what changed instead of from every article that ever named it.

An entity's merged description (:func:`kg.store.entity_descriptions`) is a function of
its *attestations*: for each (predicate, object) among its names, alternative labels and
types, the number of article graphs that state it; plus the types the reference graph
gives it.  The store keeps those counts, one literal per described entity in the meta
graph (:func:`encode`), so that adding or removing articles only adds or subtracts the
counts of the articles concerned (:func:`attestations`) and describes the entity again
from the result: the same description a whole merge computes, at a cost that does not grow
with the number of articles that name the entity.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.nameindex import key_lines

ID_NS = "https://w3id.org/vnkg/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"
#: the predicates naming an entity (kg.store.NAME_PREDICATES), then altLabel and type: an
#: attestation's predicate is kept as its index in this tuple
PREDICATES = (
    RDFS_LABEL,
    SKOS_PREF,
    "http://xmlns.com/foaf/0.1/name",
    "https://schema.org/name",
    ALT_LABEL,
    RDF_TYPE,
)
NAMES = PREDICATES[:4]
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: Changed whenever the encoding or the meaning of the counts changes: a store whose
#: counts carry another version is merged whole again (:meth:`GraphStore.merge_inputs_kept`).
VERSION = "1"

#: (predicate IRI, object term): a name or alternative label (a literal) or a type (an IRI)
Key = tuple[str, ox.Literal | ox.NamedNode]
#: (entity IRI, predicate IRI, object term) -> article graphs that state it
Attestations = Counter[tuple[str, str, ox.Literal | ox.NamedNode]]

# a line of N-Triples (as kg.build.ntriples writes them) that names or types an entity
_LINE = re.compile(
    "^(<(" + re.escape(ID_NS) + "[^>]*)> <(?:" + "|".join(re.escape(p) for p in PREDICATES) + ")> .*)$",
    re.MULTILINE,
)


def attestations(ntriples: str, entities: set[str] | None = None) -> set[tuple[str, str, ox.Literal | ox.NamedNode]]:
    """The attestations of one article graph given as N-Triples (a set: each counts once,
    ``Counter.update`` counts them); the entities its lines name or type are added to
    ``entities``."""
    matches = _LINE.findall(ntriples)
    if entities is not None:
        entities.update(entity for _, entity in matches)
    found: set[tuple[str, str, ox.Literal | ox.NamedNode]] = set()
    if matches:
        text = "\n".join(line for line, _ in matches)
        # the lines are those of an entity and one of PREDICATES: only the object's kind
        # remains to check (a name is a literal, a type an IRI)
        for triple in ox.parse(text.encode("utf-8"), ox.RdfFormat.N_TRIPLES):
            predicate, obj = triple.predicate.value, triple.object
            if isinstance(obj, ox.NamedNode) if predicate == RDF_TYPE else isinstance(obj, ox.Literal):
                found.add((triple.subject.value, predicate, obj))
    return found


def attestation(subject: object, predicate: object, obj: object) -> tuple[str, str, ox.Literal | ox.NamedNode] | None:
    """The attestation a triple makes, or None: a name or label must be a literal, a type
    an IRI, and the subject an IRI under ``ID_NS``."""
    if not isinstance(subject, ox.NamedNode) or not subject.value.startswith(ID_NS):
        return None
    p = predicate.value  # type: ignore[attr-defined]
    if p == RDF_TYPE:
        return (subject.value, p, obj) if isinstance(obj, ox.NamedNode) else None
    return (subject.value, p, obj) if isinstance(obj, ox.Literal) and p in PREDICATES else None


def by_entity(found: Attestations) -> dict[str, Counter[Key]]:
    """Attestations grouped by entity."""
    grouped: dict[str, Counter[Key]] = {}
    for (entity, predicate, obj), n in found.items():
        if n:
            grouped.setdefault(entity, Counter())[(predicate, obj)] += n
    return grouped


def labelled(counts: Counter[Key]) -> bool:
    """True when the entity has a name or label in some article (it then has a description)."""
    return any(n > 0 and predicate != RDF_TYPE for (predicate, _), n in counts.items())


def encode(counts: Counter[Key]) -> str:
    """The counts as one JSON text, the same for the same counts (sorted)."""
    rows: list[tuple[int, str, list[object]]] = []
    for (predicate, obj), n in counts.items():
        if n <= 0:
            continue
        index = PREDICATES.index(predicate)
        if isinstance(obj, ox.Literal):
            language = obj.language
            datatype = None if language or obj.datatype.value == _XSD_STRING else obj.datatype.value
            rows.append((index, str(obj), [index, obj.value, language, datatype, n]))
        else:
            rows.append((index, str(obj), [index, obj.value, n]))
    rows.sort(key=lambda row: (row[0], row[1]))
    return json.dumps([row[2] for row in rows], ensure_ascii=False, separators=(",", ":"))


def decode(text: str) -> Counter[Key]:
    """What :func:`encode` wrote."""
    counts: Counter[Key] = Counter()
    for row in json.loads(text):
        predicate = PREDICATES[row[0]]
        if len(row) == 3:
            counts[(predicate, ox.NamedNode(row[1]))] = row[2]
        elif row[2]:
            counts[(predicate, ox.Literal(row[1], language=row[2]))] = row[4]
        elif row[3]:
            counts[(predicate, ox.Literal(row[1], datatype=ox.NamedNode(row[3])))] = row[4]
        else:
            counts[(predicate, ox.Literal(row[1]))] = row[4]
    return counts


@dataclass(frozen=True, slots=True)
class Description:
    """What an entity's merged description says: its canonical label and its other labels
    (N-Triples forms), its types (IRIs); ``texts`` maps each label to its text."""

    best: str
    others: frozenset[str]
    types: frozenset[str]
    texts: dict[str, str] = field(compare=False, hash=False)


def description(counts: Counter[Key], reference_types: Iterable[str] = ()) -> Description | None:
    """The entity's merged description, or None when nothing names it.

    Its canonical label is the name used by the most articles (per predicate: a label used
    as rdfs:label and foaf:name in one article counts once); ties go to the longer
    (fuller) form, then to the alphabetically first, so the choice never depends on build
    order.  The other names and labels become skos:altLabel; every type is kept."""
    primary: dict[str, tuple[int, int]] = {}  # label's N-Triples form -> (articles, length)
    alternative: dict[str, tuple[int, int]] = {}
    texts: dict[str, str] = {}
    types = set(reference_types)
    for (predicate, obj), n in counts.items():
        if n <= 0:
            continue
        if predicate == RDF_TYPE:
            types.add(obj.value)
            continue
        key = str(obj)
        texts.setdefault(key, obj.value)
        if predicate == ALT_LABEL:
            alternative[key] = (1, len(obj.value))
        else:
            seen, _ = primary.get(key, (0, 0))
            primary[key] = (max(seen, n), len(obj.value))
    if not primary and not alternative:
        return None
    candidates = primary or alternative
    best = min(candidates, key=lambda k: (-candidates[k][0], -candidates[k][1], k))
    return Description(best, frozenset((set(primary) | set(alternative)) - {best}), frozenset(types), texts)


def lines(entity: str, described: Description) -> list[str]:
    """N-Triples lines of a description (labels, types, then the name index)."""
    subject = str(ox.NamedNode(entity))
    best, others = described.best, described.others
    found = [f"{subject} <{RDFS_LABEL}> {best} .", f"{subject} <{SKOS_PREF}> {best} ."]
    found.extend(f"{subject} <{ALT_LABEL}> {key} ." for key in sorted(others))
    found.extend(f"{subject} <{RDF_TYPE}> <{type_iri}> ." for type_iri in sorted(described.types))
    found.extend(key_lines(subject, described.texts[best], (described.texts[key] for key in others)))
    return found


def describe(entity: str, counts: Counter[Key], reference_types: Iterable[str] = ()) -> list[str]:
    """N-Triples lines of the entity's merged description ([] when nothing names it)."""
    described = description(counts, reference_types)
    return [] if described is None else lines(entity, described)
