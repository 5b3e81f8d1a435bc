"""Why an entity is one entity: its labels, types, the articles and sentences behind it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.nameindex import ALT_NAME_KEY, NAME_KEY, SEARCH_KEY, bare, lookup_key
from kg.store import (
    ALT_LABEL,
    ENTITIES_GRAPH,
    ID_NS,
    KG,
    META_GRAPH,
    NAME_PREDICATES,
    RDF,
    RDFS,
    SKOS,
    STORE_NS,
    ArticleRecord,
    GraphStore,
    iri,
    literal,
)
from kg.text import fold, strip_diacritics

_ARTICLE_GRAPHS = f"GRAPH <{META_GRAPH}> {{ ?g <{STORE_NS}articleId> ?articleId }}"
_START = re.compile(r"(start|begin)", re.IGNORECASE)
_END = re.compile(r"end", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Match:
    iri: str
    label: str


@dataclass(frozen=True, slots=True)
class Evidence:
    article_id: str
    subject: str  # the node the evidence is attached to (the entity, or a fact about it)
    sentence: str
    start: int | None = None
    end: int | None = None
    also_about: tuple[str, ...] = ()  # other nodes the same sentence is evidence for


@dataclass(slots=True)
class Explanation:
    iri: str
    label: str | None = None  # the canonical label of the merged description
    labels: list[tuple[str, int]] = field(default_factory=list)  # (label, articles using it)
    types: list[str] = field(default_factory=list)
    articles: list[ArticleRecord] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    # (article id, what the article keyed the IRI by and the override that applied)
    keys: list[tuple[str, str]] = field(default_factory=list)
    # entities of the same kind and name kept apart: (IRI, what each was keyed by)
    namesakes: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.labels or self.types or self.articles)


def find_entities(store: GraphStore, text: str) -> list[Match]:
    """Entities whose label (rdfs:label, skos:prefLabel/altLabel, foaf:name, schema:name)
    equals ``text`` ignoring case and tone-mark style (then ignoring all diacritics, so
    "ban tuyen giao" finds "Ban Tuyên giáo"); if none does, those whose label contains
    it.  Sorted by label.

    The name index of the entities graph (:mod:`kg.nameindex`) answers first: the labels
    whose folded form is the text's, then the canonical labels holding its words; only
    when it finds nothing (or the store has no index, or stale descriptions) are all the
    labels of the store read, as before the index."""
    indexed = _indexed_entities(store, text)
    if indexed:
        return indexed
    predicates = ", ".join(f"<{p}>" for p in (*NAME_PREDICATES, ALT_LABEL))
    rows = store.select(
        f"""SELECT DISTINCT ?e ?label WHERE {{
          GRAPH ?g {{ ?e ?p ?label }}
          FILTER(?p IN ({predicates}) && isIRI(?e) && isLiteral(?label))
          FILTER(?g = <{ENTITIES_GRAPH}> || EXISTS {{ {_ARTICLE_GRAPHS} }})
        }}"""
    )
    labels: dict[str, set[str]] = {}
    for row in rows:
        labels.setdefault(row["e"].value, set()).add(row["label"].value)
    return _choose(store, text, labels)


def _choose(store: GraphStore, text: str, labels: dict[str, set[str]]) -> list[Match]:
    """The entities of ``labels`` (IRI -> its labels) that ``text`` names, strictest test first."""
    chosen: dict[str, set[str]] = {}
    # strictest test first: same label, then same without diacritics, then contained
    for key, same in (
        (fold, lambda a, b: a == b),
        (_bare, lambda a, b: a == b),
        (fold, lambda a, b: a in b),
        (_bare, lambda a, b: a in b),
    ):
        wanted = key(text)
        chosen = {e: ls for e, ls in labels.items() if any(same(wanted, key(label)) for label in ls)}
        if chosen:
            break
    canonical = _canonical_labels(store, list(chosen))
    matches = [Match(e, canonical.get(e) or sorted(ls)[0]) for e, ls in chosen.items()]
    return sorted(matches, key=lambda m: (fold(m.label), m.iri))


def _indexed_entities(store: GraphStore, text: str) -> list[Match]:
    """:func:`find_entities` through the name index: exact folded names, then words of the
    canonical names; [] when the index has nothing (the caller then reads every label)."""
    if store.entities_stale() or not store.ask(f"ASK {{ GRAPH <{ENTITIES_GRAPH}> {{ ?e <{NAME_KEY}> ?k }} }}"):
        return []
    described = f"GRAPH <{ENTITIES_GRAPH}> {{ ?e ?label_predicate ?label }}"
    label_filter = f"FILTER(?label_predicate IN (<{SKOS}prefLabel>, <{ALT_LABEL}>))"
    lookups = (
        # the whole name, with or without its diacritics
        f"{{ GRAPH <{ENTITIES_GRAPH}> {{ ?e <{NAME_KEY}> {literal(bare(text))} }} }} UNION "
        f"{{ GRAPH <{ENTITIES_GRAPH}> {{ ?e <{ALT_NAME_KEY}> {literal(bare(text))} }} }}",
        # its first words in the canonical name
        f"GRAPH <{ENTITIES_GRAPH}> {{ ?e <{SEARCH_KEY}> {literal(lookup_key(text))} }}",
    )
    for lookup in lookups:
        labels: dict[str, set[str]] = {}
        for row in store.select(f"SELECT DISTINCT ?e ?label WHERE {{ {lookup} {described} {label_filter} }}"):
            labels.setdefault(row["e"].value, set()).add(row["label"].value)
        found = _choose(store, text, labels)
        if found:
            return found
    return []


def _bare(text: str) -> str:
    return strip_diacritics(fold(text))


def _canonical_labels(store: GraphStore, entities: list[str]) -> dict[str, str]:
    if not entities:
        return {}
    values = " ".join(iri(e) for e in entities)
    rows = store.select(
        f"SELECT ?e ?l WHERE {{ VALUES ?e {{ {values} }} GRAPH <{ENTITIES_GRAPH}> {{ ?e <{RDFS}label> ?l }} }}"
    )
    return {row["e"].value: row["l"].value for row in rows}


def explain(store: GraphStore, entity: str) -> Explanation:
    """Everything the store knows about where ``entity`` comes from."""
    target = iri(entity)
    result = Explanation(entity)
    result.label = _canonical_labels(store, [entity]).get(entity)
    names = ", ".join(f"<{p}>" for p in (*NAME_PREDICATES, ALT_LABEL))
    rows = store.select(
        f"""SELECT ?label (COUNT(DISTINCT ?g) AS ?n) WHERE {{
          {_ARTICLE_GRAPHS}
          GRAPH ?g {{ {target} ?p ?label }}
          FILTER(?p IN ({names}) && isLiteral(?label))
        }} GROUP BY ?label ORDER BY DESC(?n) ?label"""
    )
    result.labels = [(row["label"].value, int(row["n"].value)) for row in rows]
    rows = store.select(
        f"""SELECT DISTINCT ?type WHERE {{
          {{ {_ARTICLE_GRAPHS} GRAPH ?g {{ {target} <{RDF}type> ?type }} }}
          UNION {{ GRAPH <{ENTITIES_GRAPH}> {{ {target} <{RDF}type> ?type }} }}
        }} ORDER BY ?type"""
    )
    result.types = [row["type"].value for row in rows]
    rows = store.select(
        f"""SELECT DISTINCT ?g WHERE {{
          {_ARTICLE_GRAPHS}
          GRAPH ?g {{ {{ {target} ?p ?o }} UNION {{ ?s ?p {target} }} }}
        }}"""
    )
    in_graphs = {row["g"].value for row in rows}
    result.articles = [r for r in store.article_records() if r.graph_iri in in_graphs]
    article_ids = {r.graph_iri: r.article_id for r in result.articles}
    result.evidence = _evidence(store, target, article_ids)
    result.keys = sorted(
        (article_ids.get(graph, graph), key) for graph, key in _identity_keys(store, target)
    )
    result.namesakes = _namesakes(store, entity)
    return result


def _identity_keys(store: GraphStore, target: str) -> list[tuple[str, str]]:
    rows = store.select(
        f"""SELECT DISTINCT ?g ?key WHERE {{
          {_ARTICLE_GRAPHS}
          GRAPH ?g {{ {target} <{KG}identityKey> ?key }}
        }}"""
    )
    return [(row["g"].value, row["key"].value) for row in rows]


def _namesakes(store: GraphStore, entity: str) -> list[tuple[str, list[str]]]:
    """Other entities of the same kind (person, body, place) with one of this one's names:
    the splits, each with what its articles keyed it by."""
    kind = entity.removeprefix(ID_NS).split("/", 1)[0]
    if not entity.startswith(ID_NS) or kind not in ("person", "body", "place"):
        return []
    names = ", ".join(f"<{p}>" for p in NAME_PREDICATES)
    rows = store.select(
        f"""SELECT DISTINCT ?other ?key WHERE {{
          {_ARTICLE_GRAPHS}
          GRAPH ?g {{ {iri(entity)} ?p ?name FILTER(?p IN ({names})) }}
          GRAPH ?h {{ ?other ?q ?same FILTER(?q IN ({names})) }}
          FILTER(?other != {iri(entity)} && STRSTARTS(STR(?other), "{ID_NS}{kind}/")
                 && LCASE(STR(?same)) = LCASE(STR(?name)))
          OPTIONAL {{ GRAPH ?h {{ ?other <{KG}identityKey> ?key }} }}
        }}"""
    )
    found: dict[str, set[str]] = {}
    for row in rows:
        keys = found.setdefault(row["other"].value, set())
        if row["key"] is not None:
            keys.add(row["key"].value)
    return [(other, sorted(keys)) for other, keys in sorted(found.items())]


def _evidence(store: GraphStore, target: str, article_ids: dict[str, str]) -> list[Evidence]:
    """Evidence nodes (kg:evidence -> kg:sentenceText and offsets) attached to the entity
    itself, to a node that links to it (a membership, a meeting), or pointing at it."""
    rows = store.select(
        f"""SELECT DISTINCT ?g ?subject ?ev ?p ?v WHERE {{
          {_ARTICLE_GRAPHS}
          GRAPH ?g {{
            {{ {target} <{KG}evidence> ?ev . BIND({target} AS ?subject) }}
            UNION {{ ?subject ?link {target} . ?subject <{KG}evidence> ?ev }}
            UNION {{ ?ev a <{KG}Evidence> ; ?to {target} . BIND({target} AS ?subject) }}
            ?ev ?p ?v .
            FILTER(isLiteral(?v))
          }}
        }}"""
    )
    nodes: dict[tuple[str, str, str], dict[str, ox.Literal]] = {}
    for row in rows:
        key = (row["g"].value, row["subject"].value, str(row["ev"]))
        nodes.setdefault(key, {})[row["p"].value] = row["v"]
    found: list[Evidence] = []
    for (graph, subject, _), values in nodes.items():
        sentence = values.get(KG + "sentenceText")
        if sentence is None:
            continue
        found.append(
            Evidence(
                article_id=article_ids.get(graph, graph),
                subject=subject,
                sentence=sentence.value,
                start=_offset(values, _START),
                end=_offset(values, _END),
            )
        )
    return _one_per_sentence(found, target.strip("<>"))


def _one_per_sentence(found: list[Evidence], target: str) -> list[Evidence]:
    """One item per sentence read: a sentence that is the evidence for the entity and
    for a fact about it (a membership, a meeting) is listed once, naming both."""
    groups: dict[tuple[str, int | None, int | None, str], list[str]] = {}
    for item in found:
        groups.setdefault((item.article_id, item.start, item.end, item.sentence), []).append(item.subject)
    merged = []
    for (article_id, start, end, sentence), subjects in groups.items():
        ordered = sorted(set(subjects), key=lambda s: (s != target, s))
        merged.append(Evidence(article_id, ordered[0], sentence, start, end, tuple(ordered[1:])))
    return sorted(merged, key=lambda e: (e.article_id, e.start if e.start is not None else -1, e.subject))


def _offset(values: dict[str, ox.Literal], pattern: re.Pattern[str]) -> int | None:
    """The offset literal whose property's local name says start (or end): the evidence
    vocabulary names them kg:startOffset/kg:endOffset or similar."""
    for predicate in sorted(values):
        local = re.split(r"[#/]", predicate)[-1]
        if predicate.startswith(KG) and pattern.search(local) and values[predicate].value.lstrip("-").isdigit():
            return int(values[predicate].value)
    return None
