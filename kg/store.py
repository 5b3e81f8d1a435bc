"""Where the graph lives: an embedded Oxigraph folder or a remote SPARQL 1.1 server.

Layout of the dataset (the same on both backends):

* one named graph per article (``https://w3id.org/vnkg/graph/<article-id>``) holding
  that article's facts and provenance, and nothing that changes between builds;
* ``.../graph/meta``: bookkeeping, one record per article graph (article id, content
  hash, source file, title, publication date, triple count) used for incremental
  builds, ``kg remove`` and ``kg stats``;
* ``.../graph/ontology``: ``ontology/kg.ttl``;
* ``.../graph/entities``: one description per entity merged across articles (the
  most frequent label as rdfs:label and skos:prefLabel, the others as skos:altLabel,
  all its types, the name index of :mod:`kg.nameindex`), merged again after every build
  for the entities it touched (all of them into an empty or stale store).

Every article write is ONE transaction (a single SPARQL Update request that drops the
old graph, inserts the new one and rewrites its record), so a build killed at any
moment leaves only whole articles behind, and a re-run finishes the job.

New articles in the embedded store take a faster road (:meth:`GraphStore.add_articles`):
a batch of article graphs is bulk-loaded (Oxigraph writes the index files directly,
about 2.5 times cheaper than a transaction per article), and only then are the batch's
records written, in one transaction.  An article without a record is not in the store
as far as every reader of the records is concerned; a ``bulk`` flag set in the meta
graph before the bulk load and cleared with the records tells the next build to drop
the graphs a killed build left without records (:meth:`GraphStore.drop_unrecorded`).
"""

from __future__ import annotations

import contextlib
import os
import urllib.error
import urllib.parse
import urllib.request
from abc import ABC, abstractmethod
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pyoxigraph as ox

from kg import merge

if TYPE_CHECKING:
    import rdflib

# --- namespaces and well-known graphs -------------------------------------------------

KG = "https://w3id.org/vnkg/ontology#"
ID_NS = "https://w3id.org/vnkg/id/"
GRAPH_NS = "https://w3id.org/vnkg/graph/"
STORE_NS = "https://w3id.org/vnkg/store#"  # bookkeeping vocabulary (meta graph only)
META_GRAPH = GRAPH_NS + "meta"
ONTOLOGY_GRAPH = GRAPH_NS + "ontology"
ENTITIES_GRAPH = GRAPH_NS + "entities"
# what the gazetteers and curated link files know (kg.reference), rewritten by every build
REFERENCE_GRAPH = GRAPH_NS + "reference"
DERIVED_GRAPH = GRAPH_NS + "derived"  # corpus questions' answers (kg/derived.py)
SPECIAL_GRAPHS = (META_GRAPH, ONTOLOGY_GRAPH, ENTITIES_GRAPH, REFERENCE_GRAPH, DERIVED_GRAPH)
# Set in the meta graph by every article write or removal, in the same transaction, and
# cleared once the merged entity descriptions are recomputed: a build killed in between
# leaves the flag, and the next build recomputes them.
STALE_FLAG = f'<{ENTITIES_GRAPH}> <{STORE_NS}stale> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .'
# Set in the meta graph while a batch of article graphs is bulk-loaded without their
# records (see the module docstring); cleared in the transaction that writes them.
BULK_FLAG = f'<{META_GRAPH}> <{STORE_NS}bulkLoading> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .'
# Each described entity's counted attestations (kg/merge.py), one literal in the meta graph,
# so that a build merges an entity again from what changed; the mark says they are all
# there, in this version's encoding (a store without it is merged whole, which writes them).
MERGE_INPUTS = STORE_NS + "mergeInputs"
MERGE_INPUTS_MARK = f"<{ENTITIES_GRAPH}> <{MERGE_INPUTS}> {str(ox.Literal(merge.VERSION))} ."

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
FOAF = "http://xmlns.com/foaf/0.1/"
SCHEMA = "https://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: Prefixes used by every export and report, so the output reads as words.
PREFIXES: dict[str, str] = {
    "kg": KG,
    "kgid": ID_NS,
    "kgg": GRAPH_NS,
    "kgs": STORE_NS,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": SKOS,
    "foaf": FOAF,
    "org": "http://www.w3.org/ns/org#",
    "schema": SCHEMA,
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "time": "http://www.w3.org/2006/time#",
    "oa": "http://www.w3.org/ns/oa#",
    "sh": "http://www.w3.org/ns/shacl#",
}

#: Predicates naming an entity, in order of preference; the first three are what the
#: merged description rewrites (the article graphs keep theirs).
NAME_PREDICATES = (RDFS + "label", SKOS + "prefLabel", FOAF + "name", SCHEMA + "name")
ALT_LABEL = SKOS + "altLabel"

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "kg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"

DEFAULT_STORE = "kg-store"
# Entities rewritten per request, and article graphs asked per request, by the incremental
# merge of the entity descriptions (VALUES blocks of a few tens of kB).
ENTITY_CHUNK = 500
GRAPH_CHUNK = 200
# N-Triples lines of entity descriptions written per load by a full merge
SINK_LINES = 50_000
# N-Triples text past which the embedded store bulk-loads the entity descriptions
BULK_MIN_CHARS = 2_000_000

QueryResult = ox.QuerySolutions | ox.QueryBoolean | Iterator[ox.Triple]


class StoreError(Exception):
    """A store that cannot be opened or written; ``str()`` is one line for the user."""


# --- SPARQL text helpers ----------------------------------------------------------------


def iri(value: str) -> str:
    """``<value>`` after checking it is a valid IRI (no injection into SPARQL text)."""
    try:
        return str(ox.NamedNode(value))
    except ValueError as error:
        raise StoreError(f"not a valid IRI: {value!r} ({error})") from None


def literal(value: str | int) -> str:
    """A SPARQL/N-Triples literal, escaped by Oxigraph itself."""
    return str(ox.Literal(value))


def graph_iri_for(article_id: str) -> str:
    return GRAPH_NS + article_id


def term_value(term: Any) -> str | None:
    """The lexical value of a result term (IRI string, literal text) or None when unbound."""
    return None if term is None else term.value


# --- bookkeeping -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """What the store remembers about one article graph (kept in the meta graph)."""

    article_id: str
    content_hash: str
    source: str
    graph_iri: str
    article_iri: str | None = None
    title: str | None = None
    published: str | None = None  # ISO lexical form, possibly partial ("2020", "--09-18")
    triples: int = 0
    # The article's text as read (evidence offsets point into it), kept so that a reader
    # can see each fact in its sentence (`kg serve`'s article pages). Written with the
    # record but not read back by the record queries: fetch it with `article_text`.
    text: str | None = None

    @property
    def year(self) -> int | None:
        head = (self.published or "")[:4]
        return int(head) if head.isdigit() else None

    def ntriples(self) -> str:
        """The record as N-Triples, all about the article's graph IRI."""
        subject = iri(self.graph_iri)
        lines = [
            f"{subject} <{RDF}type> <{STORE_NS}ArticleGraph> .",
            f"{subject} <{STORE_NS}articleId> {literal(self.article_id)} .",
            f"{subject} <{STORE_NS}contentHash> {literal(self.content_hash)} .",
            f"{subject} <{STORE_NS}source> {literal(self.source)} .",
            f"{subject} <{STORE_NS}tripleCount> {literal(self.triples)} .",
        ]
        if self.article_iri:
            lines.append(f"{subject} <{STORE_NS}article> {iri(self.article_iri)} .")
        if self.title:
            lines.append(f"{subject} <{STORE_NS}title> {literal(self.title)} .")
        if self.published:
            lines.append(f"{subject} <{STORE_NS}published> {literal(self.published)} .")
        if self.text is not None:
            lines.append(f"{subject} <{STORE_NS}text> {literal(self.text)} .")
        return "\n".join(lines) + "\n"


# %(id)s is ?id for every record, or one article id's literal (bound in the pattern
# itself: a FILTER would scan every record, making a build quadratic)
_RECORD_QUERY = f"""
SELECT ?g ?id ?hash ?source ?article ?title ?published ?triples WHERE {{
  GRAPH <{META_GRAPH}> {{
    ?g <{STORE_NS}articleId> %(id)s ; <{STORE_NS}contentHash> ?hash ; <{STORE_NS}source> ?source .
    OPTIONAL {{ ?g <{STORE_NS}article> ?article }}
    OPTIONAL {{ ?g <{STORE_NS}title> ?title }}
    OPTIONAL {{ ?g <{STORE_NS}published> ?published }}
    OPTIONAL {{ ?g <{STORE_NS}tripleCount> ?triples }}
  }}
  %(bind)s
}} ORDER BY ?id
"""


def _record_from(solution: ox.QuerySolution) -> ArticleRecord:
    triples = term_value(solution["triples"])
    return ArticleRecord(
        article_id=solution["id"].value,
        content_hash=solution["hash"].value,
        source=solution["source"].value,
        graph_iri=solution["g"].value,
        article_iri=term_value(solution["article"]),
        title=term_value(solution["title"]),
        published=term_value(solution["published"]),
        triples=int(triples) if triples and triples.isdigit() else 0,
    )


# --- the store -----------------------------------------------------------------------------


SKOLEM_BASE = "https://w3id.org/vnkg/ontology/.well-known/genid/"


def _skolemized(quads: Iterable[ox.Quad]) -> Iterator[ox.Triple]:
    """The ontology's blank nodes (owl:unionOf lists) as IRIs numbered in reading order, so that
    loading the same file twice gives the same triples (RDF 1.1 Concepts, 3.5 skolem IRIs)."""
    names: dict[str, ox.NamedNode] = {}

    def term(node: Any) -> Any:
        if isinstance(node, ox.BlankNode):
            if node.value not in names:
                names[node.value] = ox.NamedNode(f"{SKOLEM_BASE}{len(names) + 1}")
            return names[node.value]
        return node

    for q in quads:
        yield ox.Triple(term(q.subject), q.predicate, term(q.object))


class GraphStore(ABC):
    """The operations `kg` needs from a quad store; both backends implement the primitives
    (`query`, `update`, `put_graph`, `graph_quads`) and share everything else."""

    location: str  # for messages: a folder or a URL
    read_only: bool

    # primitives -------------------------------------------------------------------------

    @abstractmethod
    def query(self, sparql: str, *, union_default_graph: bool = False) -> QueryResult:
        """Run a SPARQL 1.1 query: solutions (SELECT), a boolean (ASK) or triples.

        With ``union_default_graph`` the default graph is the union of all graphs (for
        users' own queries); our own queries always name their graphs with GRAPH."""

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update request in one transaction."""

    @abstractmethod
    def put_graph(self, graph_iri: str, ntriples: str) -> None:
        """Replace a whole named graph (atomically) with the given N-Triples."""

    @abstractmethod
    def graph_quads(self, graph_iri: str | None = None) -> Iterator[ox.Quad]:
        """Every quad of one named graph, or of the whole dataset (unordered)."""

    def close(self) -> None:  # noqa: B027 - nothing to release for a remote store
        """Release the store (the folder lock for the embedded store)."""

    def flush(self) -> None:  # noqa: B027 - a remote server manages its own memory
        """Write buffered changes to disk (the embedded store keeps them in memory until then)."""

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # articles ----------------------------------------------------------------------------

    def replace_graph(
        self, graph_iri: str, ntriples: str, record: ArticleRecord, replaces: Sequence[str] = ()
    ) -> None:
        """Write one article: drop its old graph (also an old graph under another IRI, and
        the article graphs ``replaces`` names with their records: the former article of
        an edited file), insert the new triples and its bookkeeping record - all in one
        transaction."""
        self._check_writable()
        target = iri(graph_iri)
        old = self.article_record(record.article_id)
        parts = [self._drop_article_sparql(replaced) for replaced in replaces if replaced != graph_iri]
        if old is not None and old.graph_iri != graph_iri:
            parts.append(self._drop_article_sparql(old.graph_iri))
        parts.append(self._drop_article_sparql(graph_iri))
        parts.append(
            f"INSERT DATA {{ GRAPH {target} {{\n{ntriples}\n}}\n"
            f"GRAPH <{META_GRAPH}> {{\n{record.ntriples()}{STALE_FLAG}\n}} }}"
        )
        self.update(" ;\n".join(parts))

    def add_articles(self, articles: Sequence[tuple[str, str, ArticleRecord]]) -> None:
        """Write articles the store does not hold yet: (graph IRI, N-Triples, record) each.

        The default writes them one by one with :meth:`replace_graph`; the embedded store
        bulk-loads the batch.  Either way a failure leaves every article of the batch
        either whole or without a record (and then dropped by :meth:`drop_unrecorded`)."""
        for graph_iri, ntriples, record in articles:
            self.replace_graph(graph_iri, ntriples, record)

    def drop_unrecorded(self) -> int:
        """After a bulk load that did not finish: drop every article graph that has no
        record, then clear the flag.  Returns how many graphs were dropped."""
        self._check_writable()
        if not self.ask(f"ASK {{ GRAPH <{META_GRAPH}> {{ {BULK_FLAG} }} }}"):
            return 0
        recorded = {record.graph_iri for record in self.article_records()}
        unrecorded = sorted(set(self._named_graphs()) - recorded - set(SPECIAL_GRAPHS))
        drops = [f"DROP SILENT GRAPH {iri(graph)}" for graph in unrecorded]
        self.update(" ;\n".join([*drops, f"DELETE DATA {{ GRAPH <{META_GRAPH}> {{ {BULK_FLAG} }} }}"]))
        return len(drops)

    def _named_graphs(self) -> Iterable[str]:
        return self.graph_names()

    def remove_graph(self, graph_iri: str) -> bool:
        """Drop an article graph and its record in one transaction; False if absent."""
        self._check_writable()
        known = self.ask(
            f"ASK {{ {{ GRAPH <{META_GRAPH}> {{ {iri(graph_iri)} ?p ?o }} }}"
            f" UNION {{ GRAPH {iri(graph_iri)} {{ ?s ?p ?o }} }} }}"
        )
        if known:
            stale = f"INSERT DATA {{ GRAPH <{META_GRAPH}> {{ {STALE_FLAG} }} }}"
            self.update(self._drop_article_sparql(graph_iri) + " ;\n" + stale)
        return known

    @staticmethod
    def _drop_article_sparql(graph_iri: str) -> str:
        target = iri(graph_iri)
        return f"DROP SILENT GRAPH {target} ;\nDELETE WHERE {{ GRAPH <{META_GRAPH}> {{ {target} ?p ?o }} }}"

    def has_articles(self) -> bool:
        """True when some article is stored (a build into an empty store need not look
        each article up)."""
        return self.ask(f"ASK {{ GRAPH <{META_GRAPH}> {{ ?g <{STORE_NS}articleId> ?id }} }}")

    def article_state(self, article_id: str) -> str | None:
        """The content hash of the article as last built, or None if it is not stored."""
        record = self.article_record(article_id)
        return record.content_hash if record else None

    def article_record(self, article_id: str) -> ArticleRecord | None:
        key = literal(article_id)
        found = self.query(_RECORD_QUERY % {"id": key, "bind": f"BIND({key} AS ?id)"})
        return next((_record_from(s) for s in found), None)  # type: ignore[union-attr]

    def article_text(self, article_id: str) -> str | None:
        """The text of a stored article, or None (not stored, or built before texts were kept)."""
        found = self.select(
            f"SELECT ?text WHERE {{ GRAPH <{META_GRAPH}> {{"
            f" ?g <{STORE_NS}articleId> {literal(article_id)} ; <{STORE_NS}text> ?text }} }} LIMIT 1"
        )
        return found[0]["text"].value if found else None

    def article_records(self) -> Iterator[ArticleRecord]:
        """Every stored article, by id."""
        for solution in self.query(_RECORD_QUERY % {"id": "?id", "bind": ""}):  # type: ignore[union-attr]
            yield _record_from(solution)

    def records_for_source(self, source: str) -> list[ArticleRecord]:
        """Articles read from a file (also the records "file#n" of a JSONL file)."""
        forms = {source, str(Path(source)), str(Path(source).resolve())}
        return [
            record
            for record in self.article_records()
            if record.source in forms or record.source.split("#", 1)[0] in forms
        ]

    # whole graphs --------------------------------------------------------------------------

    def ask(self, sparql: str) -> bool:
        return bool(self.query(sparql))

    def select(self, sparql: str) -> list[ox.QuerySolution]:
        return list(self.query(sparql))  # type: ignore[arg-type]

    def graph_names(self) -> list[str]:
        """Every named graph that holds triples, sorted."""
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(row["g"].value for row in rows if isinstance(row["g"], ox.NamedNode))

    def count_triples(self, graph_iri: str | None = None) -> int:
        where = f"GRAPH {iri(graph_iri)} {{ ?s ?p ?o }}" if graph_iri else "GRAPH ?g { ?s ?p ?o }"
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
        return int(rows[0]["n"].value) if rows else 0

    def dump(self, output: IO[bytes], format: ox.RdfFormat, graph: str | None = None) -> None:
        """Raw dump (unordered): one graph's triples, or the whole dataset as quads."""
        if graph is None:
            ox.serialize(self.graph_quads(None), output, format)
        else:
            triples = (ox.Triple(q.subject, q.predicate, q.object) for q in self.graph_quads(graph))
            ox.serialize(triples, output, format)

    def load_ontology(self, path: Path = ONTOLOGY_FILE) -> bool:
        """Put the ontology file into its graph; False when the file does not exist (yet)."""
        if not path.is_file():
            return False
        try:
            quads = ox.parse(path=path, format=ox.RdfFormat.TURTLE)
            ntriples = ox.serialize(_skolemized(quads), format=ox.RdfFormat.N_TRIPLES)
        except (SyntaxError, OSError) as error:
            raise StoreError(f"{path}: cannot read the ontology ({_one_line(error)})") from None
        self.put_graph(ONTOLOGY_GRAPH, ntriples.decode("utf-8"))
        return True

    def load_reference(self, ntriples: str) -> bool:
        """Put the reference graph (:mod:`kg.reference`) in place; True when it changed, in
        which case the merged descriptions are marked stale."""
        self._check_writable()
        stored = sorted(
            f"{q.subject} {q.predicate} {q.object} .\n" for q in self.graph_quads(REFERENCE_GRAPH)
        )
        if "".join(stored) == ntriples:
            return False
        self.put_graph(REFERENCE_GRAPH, ntriples)
        self.update(f"INSERT DATA {{ GRAPH <{META_GRAPH}> {{ {STALE_FLAG} }} }}")
        return True

    # merged entity descriptions ------------------------------------------------------------

    def recompute_entities(
        self, entities: Collection[str] | None = None, changes: merge.Attestations | None = None
    ) -> int:
        """Rewrite the entities graph from the article graphs, then clear the stale flag
        (a crash in between only means recomputing again); returns the entity count.

        With ``entities`` (IRIs), only their descriptions are rewritten.  With ``changes``
        too (the attestations of the graphs written, less those of the graphs dropped,
        since the descriptions were last merged), each is merged from its kept counts
        (:mod:`kg.merge`) and the changes, at a cost that does not grow with the store;
        without, from all its own labels and types (see :meth:`entities_in_graphs`)."""
        self._check_writable()
        if entities is not None and changes is not None and not self.merge_inputs_kept():
            entities = None  # no counts to start from (a store built before they were kept)
        if entities is None:
            self.update(
                f"DROP SILENT GRAPH <{ENTITIES_GRAPH}> ;\n"
                f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ ?e <{MERGE_INPUTS}> ?inputs }} }}"
            )
            _, count = entity_descriptions(
                self,
                sink=lambda ntriples: self.add_triples(ENTITIES_GRAPH, ntriples),
                inputs_sink=lambda ntriples: self.add_triples(META_GRAPH, ntriples),
            )
            self.update(f"INSERT DATA {{ GRAPH <{META_GRAPH}> {{ {MERGE_INPUTS_MARK} }} }}")
        else:
            grouped = merge.by_entity(changes) if changes is not None else None
            ordered = sorted(entities)
            kept = self._kept_inputs(ordered)
            if grouped is not None:
                # an entity no article names before or after (positions, evidence...) has none
                ordered = [e for e in ordered if e in kept or (e in grouped and merge.labelled(+grouped[e]))]
            # the new lines are written together (a few loads cost less than one per chunk)
            pending: dict[str, list[str]] = {ENTITIES_GRAPH: [], META_GRAPH: []}
            for start in range(0, len(ordered), ENTITY_CHUNK):
                self._merge_again(ordered[start : start + ENTITY_CHUNK], grouped, kept, pending)
                for graph, lines in pending.items():
                    if len(lines) >= SINK_LINES or (lines and start + ENTITY_CHUNK >= len(ordered)):
                        self.add_triples(graph, "".join(lines))
                        lines.clear()
            labelled = f"GRAPH <{ENTITIES_GRAPH}> {{ ?e <{RDFS}label> ?l }}"
            rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {labelled} }}")
            count = int(rows[0]["n"].value) if rows else 0
        self.update(f"DELETE DATA {{ GRAPH <{META_GRAPH}> {{ {STALE_FLAG} }} }}")
        return count

    def merge_inputs_kept(self) -> bool:
        """True when every described entity's counts are kept, in this version's encoding."""
        return self.ask(f"ASK {{ GRAPH <{META_GRAPH}> {{ {MERGE_INPUTS_MARK} }} }}")

    def _kept_inputs(self, entities: list[str]) -> dict[str, str]:
        """The kept counts (:func:`kg.merge.encode`) of those of these entities that have them."""
        found: dict[str, str] = {}
        for start in range(0, len(entities), ENTITY_CHUNK):
            values = " ".join(iri(entity) for entity in entities[start : start + ENTITY_CHUNK])
            rows = self.query(
                f"SELECT ?e ?inputs WHERE {{ VALUES ?e {{ {values} }} "
                f"GRAPH <{META_GRAPH}> {{ ?e <{MERGE_INPUTS}> ?inputs }} }}"
            )
            found.update((row["e"].value, row["inputs"].value) for row in rows)  # type: ignore[union-attr]
        return found

    def _merge_again(
        self,
        chunk: list[str],
        changes: dict[str, Counter[merge.Key]] | None,
        kept_text: dict[str, str],
        pending: dict[str, list[str]],
    ) -> None:
        """Delete the descriptions of these entities that changed (most of a popular
        entity's do not: its name and types stay when one more article names it), and
        their kept counts, and add the new lines to ``pending`` (graph -> lines).

        With ``changes``, an entity with kept counts is merged from them and its changes,
        and its old description is the one they gave (the entities graph holds exactly
        that while the descriptions are not stale); one without had no name in any article
        (positions, evidence...): it is described only if the changes name it, and then
        from all its own labels.  Without, every entity is merged from all its labels."""
        counts: dict[str, Counter[merge.Key]] = {}
        before: dict[str, Counter[merge.Key]] = {}  # the kept counts the old descriptions came from
        fresh: list[str] = []  # old descriptions read from the store
        # named for the first time: no article the store held named them, so their names
        # are those the changes add; their types are counted in the store
        named: dict[str, Counter[merge.Key]] = {}
        for entity in chunk:
            delta = None if changes is None else changes.get(entity)
            if changes is None:
                fresh.append(entity)
            elif entity in kept_text:
                before[entity] = merge.decode(kept_text[entity])
                found = before[entity].copy()
                if delta:
                    found.update(delta)
                counts[entity] = +found
            elif delta and merge.labelled(+delta):
                fresh.append(entity)
                named[entity] = Counter({key: n for key, n in delta.items() if key[0] != merge.RDF_TYPE and n > 0})
        if changes is None and fresh:
            counts.update(_counted(self, fresh))
        elif named:
            counts.update(_counted(self, list(named), named))
        reference = _reference_types(self, sorted(set(counts) | set(before)))
        old: dict[str, merge.Description | None] = {
            entity: merge.description(found, reference.get(entity, ())) for entity, found in before.items()
        }
        if fresh:
            old.update(_stored_descriptions(self, fresh))
        new = {entity: merge.description(found, reference.get(entity, ())) for entity, found in counts.items()}
        changed = [entity for entity in chunk if new.get(entity) != old.get(entity)]
        inputs = {entity: merge.encode(found) for entity, found in counts.items() if merge.labelled(found)}
        rewritten = sorted(e for e in chunk if inputs.get(e) != kept_text.get(e))
        deletes = []
        if changed:
            values = " ".join(iri(entity) for entity in changed)
            deletes.append(
                f"DELETE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?e ?p ?o }} }} "
                f"WHERE {{ VALUES ?e {{ {values} }} GRAPH <{ENTITIES_GRAPH}> {{ ?e ?p ?o }} }}"
            )
            pending[ENTITIES_GRAPH].extend(
                f"{line}\n" for e in changed if (d := new.get(e)) is not None for line in merge.lines(e, d)
            )
        if rewritten:
            values = " ".join(iri(entity) for entity in rewritten)
            deletes.append(
                f"DELETE {{ GRAPH <{META_GRAPH}> {{ ?e <{MERGE_INPUTS}> ?inputs }} }} "
                f"WHERE {{ VALUES ?e {{ {values} }} GRAPH <{META_GRAPH}> {{ ?e <{MERGE_INPUTS}> ?inputs }} }}"
            )
            pending[META_GRAPH].extend(_inputs_line(entity, inputs[entity]) for entity in rewritten if entity in inputs)
        if deletes:
            self.update(" ;\n".join(deletes))

    def attestations_in_graphs(self, graph_iris: Collection[str]) -> merge.Attestations:
        """The attestations (:mod:`kg.merge`) of these article graphs, read before they are
        replaced or dropped: what the kept counts lose with them."""
        found: merge.Attestations = Counter()
        ordered = sorted(set(graph_iris))
        predicates = ", ".join(f"<{p}>" for p in merge.PREDICATES)
        for start in range(0, len(ordered), GRAPH_CHUNK):
            values = " ".join(iri(graph) for graph in ordered[start : start + GRAPH_CHUNK])
            rows = self.query(
                f"SELECT ?e ?p ?o WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?e ?p ?o }} "
                f'FILTER(?p IN ({predicates}) && isIRI(?e) && STRSTARTS(STR(?e), "{ID_NS}")) }}'
            )
            for row in rows:  # type: ignore[union-attr]
                attested = merge.attestation(row["e"], row["p"], row["o"])
                if attested is not None:
                    found[attested] += 1
        return found

    def entities_in_graphs(self, graph_iris: Collection[str]) -> set[str]:
        """The entities (IRIs under ``ID_NS``) that these article graphs name or type:
        those whose merged descriptions change when the graphs are added or removed."""
        found: set[str] = set()
        ordered = sorted(graph_iris)
        predicates = ", ".join(f"<{p}>" for p in (*NAME_PREDICATES, ALT_LABEL, RDF + "type"))
        for start in range(0, len(ordered), GRAPH_CHUNK):
            values = " ".join(iri(graph) for graph in ordered[start : start + GRAPH_CHUNK])
            rows = self.query(
                f"SELECT DISTINCT ?e WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?e ?p ?o }} "
                f'FILTER(?p IN ({predicates}) && isIRI(?e) && STRSTARTS(STR(?e), "{ID_NS}")) }}'
            )
            found.update(row["e"].value for row in rows)  # type: ignore[union-attr]
        return found

    def add_triples(self, graph_iri: str, ntriples: str) -> None:
        """Add N-Triples to a named graph (one transaction)."""
        if ntriples.strip():
            self.update(f"INSERT DATA {{ GRAPH {iri(graph_iri)} {{\n{ntriples}\n}} }}")

    def compact(self) -> bool:
        """Compact the store's files (False: nothing to do for this backend)."""
        return False

    def entities_stale(self) -> bool:
        """True when articles changed since the entity descriptions were computed."""
        return self.ask(f"ASK {{ GRAPH <{META_GRAPH}> {{ {STALE_FLAG} }} }}")

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"store {self.location} was opened read-only")


# --- entities ------------------------------------------------------------------------------



def entity_descriptions(
    store: GraphStore,
    entities: Collection[str] | None = None,
    sink: Callable[[str], None] | None = None,
    inputs_sink: Callable[[str], None] | None = None,
) -> tuple[str, int]:
    """N-Triples of the merged entity descriptions, and how many entities they describe
    (of every entity, or of ``entities`` only: then each is read by its IRI, not by a scan).
    With ``sink``, the N-Triples go to it a few thousand lines at a time instead (the text
    returned is then empty), so that a large store's descriptions are never all in memory;
    ``inputs_sink`` gets the lines of the counts they were made from (:data:`MERGE_INPUTS`).

    An entity is an IRI under ``https://w3id.org/vnkg/id/`` that some article names; its
    description is :func:`kg.merge.describe` of what the articles and the reference graph
    say of it.
    """
    counts = _counted(store, entities)
    reference = _reference_types(store, None if entities is None else list(counts))
    lines: list[str] = []
    inputs: list[str] = []
    ordered = sorted(counts)
    for entity in ordered:
        lines.extend(merge.describe(entity, counts[entity], reference.get(entity, ())))
        if inputs_sink is not None:
            inputs.append(_inputs_line(entity, merge.encode(counts[entity])))
        if sink is not None and len(lines) >= SINK_LINES:
            sink("\n".join(lines) + "\n")
            lines = []
        if inputs_sink is not None and len(inputs) >= SINK_LINES:
            inputs_sink("".join(inputs))
            inputs = []
    if inputs_sink is not None and inputs:
        inputs_sink("".join(inputs))
    if sink is not None:
        if lines:
            sink("\n".join(lines) + "\n")
        return "", len(ordered)
    return "\n".join(lines) + ("\n" if lines else ""), len(ordered)


def _stored_descriptions(store: GraphStore, entities: list[str]) -> dict[str, merge.Description | None]:
    """The descriptions the entities graph holds for these entities (None: none)."""
    values = " ".join(iri(entity) for entity in entities)
    found: dict[str, dict[str, set[str]]] = {}
    rows = store.query(
        f"SELECT ?e ?p ?o WHERE {{ VALUES ?e {{ {values} }} GRAPH <{ENTITIES_GRAPH}> {{ ?e ?p ?o }} "
        f"FILTER(?p IN (<{RDFS}label>, <{ALT_LABEL}>, <{RDF}type>)) }}"
    )
    texts: dict[str, str] = {}
    for row in rows:  # type: ignore[union-attr]
        key = str(row["o"]) if row["p"].value != RDF + "type" else row["o"].value
        if isinstance(row["o"], ox.Literal):
            texts[key] = row["o"].value
        found.setdefault(row["e"].value, {}).setdefault(row["p"].value, set()).add(key)
    described: dict[str, merge.Description | None] = dict.fromkeys(entities)
    for entity, parts in found.items():
        best = sorted(parts.get(RDFS + "label", ()))
        if best:
            described[entity] = merge.Description(
                best[0], frozenset(parts.get(ALT_LABEL, ())), frozenset(parts.get(RDF + "type", ())), texts
            )
    return described


def _inputs_line(entity: str, encoded: str) -> str:
    return f"{iri(entity)} <{MERGE_INPUTS}> {literal(encoded)} .\n"


_NOT_ARTICLES = ", ".join(f"<{graph}>" for graph in SPECIAL_GRAPHS)


def _counted(
    store: GraphStore, entities: Collection[str] | None, labels: dict[str, Counter[merge.Key]] | None = None
) -> dict[str, Counter[merge.Key]]:
    """Each named entity's attestations (:mod:`kg.merge`), counted over the article graphs:
    every entity's, or those of ``entities`` (each read by its IRI).  Given their ``labels``
    (the name and label counts), only the types are counted."""
    names = " ".join(f"<{p}>" for p in (*NAME_PREDICATES, ALT_LABEL))
    # Given entities, each is read by its IRI: the predicates are then filtered, not
    # joined from a VALUES block (Oxigraph runs the two VALUES blocks' product 75x slower).
    only = "" if entities is None else "VALUES ?e { " + " ".join(iri(e) for e in entities) + " }"
    pattern = (
        f"VALUES ?p {{ {names} }} GRAPH ?g {{ ?e ?p ?label }}"
        if entities is None
        else f"GRAPH ?g {{ ?e ?p ?label }} FILTER(?p IN ({names.replace(' ', ', ')}))"
    )
    # only the article graphs (leaving out the join with the article records makes the
    # queries twice as fast); rows are read as they come (the store does not hold them
    # all in a list)
    label_rows = [] if labels is not None else store.query(
        f"""SELECT ?e ?p ?label (COUNT(DISTINCT ?g) AS ?n) WHERE {{
          {only}
          {pattern}
          FILTER(?g NOT IN ({_NOT_ARTICLES}) && isIRI(?e) && isLiteral(?label)
                 && STRSTARTS(STR(?e), "{ID_NS}"))
        }} GROUP BY ?e ?p ?label"""
    )
    counts: dict[str, Counter[merge.Key]] = {} if labels is None else labels
    predicates = {p: p for p in merge.PREDICATES}  # one string per predicate
    for row in label_rows:  # type: ignore[union-attr]
        entity = row["e"].value
        found = counts.get(entity)
        if found is None:
            found = counts[entity] = Counter()
        found[(predicates[row["p"].value], row["label"])] = int(row["n"].value)
    # every entity's: only those some article names (a store holds many more typed nodes,
    # evidence and positions, than named ones: 4 times the rows, 1.6 times the time)
    named = (
        f"{{ SELECT DISTINCT ?e WHERE {{ VALUES ?p {{ {names} }} GRAPH ?h {{ ?e ?p ?l }} "
        f'FILTER(?h NOT IN ({_NOT_ARTICLES}) && isLiteral(?l) && isIRI(?e) && STRSTARTS(STR(?e), "{ID_NS}")) }} }}'
    )
    type_rows = store.query(
        f"""SELECT ?e ?type (COUNT(DISTINCT ?g) AS ?n) WHERE {{
          {named if entities is None else only}
          GRAPH ?g {{ ?e <{RDF}type> ?type }}
          FILTER(?g NOT IN ({_NOT_ARTICLES}) && isIRI(?e) && isIRI(?type) && STRSTARTS(STR(?e), "{ID_NS}"))
        }} GROUP BY ?e ?type"""
    )
    type_terms: dict[str, ox.NamedNode] = {}  # one term per type IRI, shared by every entity
    for row in type_rows:  # type: ignore[union-attr]
        found = counts.get(row["e"].value)
        if found is not None:  # positions, evidence...: no merged description
            type_iri = row["type"].value
            found[(merge.RDF_TYPE, type_terms.setdefault(type_iri, row["type"]))] = int(row["n"].value)
    return counts


def _reference_types(store: GraphStore, entities: list[str] | None) -> dict[str, list[str]]:
    """The types the reference graph gives entities (all, or these)."""
    if entities is not None and not entities:
        return {}
    found: dict[str, list[str]] = defaultdict(list)
    chunks: list[list[str] | None] = [None]
    if entities is not None:
        chunks = [entities[i : i + ENTITY_CHUNK] for i in range(0, len(entities), ENTITY_CHUNK)]
    for chunk in chunks:
        only = "" if chunk is None else "VALUES ?e { " + " ".join(iri(e) for e in chunk) + " }"
        rows = store.query(
            f"SELECT ?e ?type WHERE {{ {only} GRAPH <{REFERENCE_GRAPH}> {{ ?e <{RDF}type> ?type }} "
            f'FILTER(isIRI(?e) && isIRI(?type) && STRSTARTS(STR(?e), "{ID_NS}")) }}'
        )
        for row in rows:  # type: ignore[union-attr]
            found[row["e"].value].append(row["type"].value)
    return found


# --- embedded Oxigraph ----------------------------------------------------------------------


class EmbeddedStore(GraphStore):
    """An Oxigraph (RocksDB) folder on this machine."""

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        self.read_only = read_only
        self._store: ox.Store | None = _open_oxigraph(self.path, read_only)

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store (for direct, fast access)."""
        if self._store is None:
            raise StoreError(f"store {self.location} is closed")
        return self._store

    def query(self, sparql: str, *, union_default_graph: bool = False) -> QueryResult:
        try:
            return self.oxigraph.query(sparql, use_default_graph_as_union=union_default_graph)
        except OSError as error:
            raise StoreError(f"store {self.location}: {_one_line(error)}") from None

    def update(self, sparql: str) -> None:
        try:
            self.oxigraph.update(sparql)
        except OSError as error:
            raise StoreError(f"store {self.location}: {_one_line(error)}") from None

    def put_graph(self, graph_iri: str, ntriples: str) -> None:
        """Drop, then load (two transactions: the graphs written this way - the ontology
        and the merged entities - are rewritten by every build, which a crash between the
        two does not skip; loading N-Triples is about ten times cheaper than SPARQL)."""
        self._check_writable()
        try:
            self.oxigraph.update(f"DROP SILENT GRAPH {iri(graph_iri)}")
            self.oxigraph.load(ntriples, ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph_iri))
        except OSError as error:
            raise StoreError(f"store {self.location}: {_one_line(error)}") from None

    def add_articles(self, articles: Sequence[tuple[str, str, ArticleRecord]]) -> None:
        """Bulk-load the graphs, then write the records in one transaction (see the
        module docstring).  The N-Triples must come from :func:`kg.build.ntriples`,
        where a line ends with " .\\n" and nowhere else (newlines in literals are escaped)."""
        self._check_writable()
        if not articles:
            return
        self.update(f"INSERT DATA {{ GRAPH <{META_GRAPH}> {{ {BULK_FLAG} }} }}")
        quads = "".join(ntriples.replace(" .\n", f" {iri(graph_iri)} .\n") for graph_iri, ntriples, _ in articles)
        try:
            self.oxigraph.bulk_load(quads, ox.RdfFormat.N_QUADS)
        except OSError as error:
            raise StoreError(f"store {self.location}: {_one_line(error)}") from None
        # the records in one transaction (N-Quads parse faster than a SPARQL update),
        # then the flag: a crash between the two leaves nothing to drop
        meta = f" <{META_GRAPH}> .\n"
        records = "".join(record.ntriples() for _, _, record in articles) + STALE_FLAG + "\n"
        try:
            self.oxigraph.load(records.replace(" .\n", meta), ox.RdfFormat.N_QUADS)
        except OSError as error:
            raise StoreError(f"store {self.location}: {_one_line(error)}") from None
        self.update(f"DELETE DATA {{ GRAPH <{META_GRAPH}> {{ {BULK_FLAG} }} }}")

    def add_triples(self, graph_iri: str, ntriples: str) -> None:
        """Bulk-loaded (not one transaction): the merged descriptions are its only user,
        and the stale flag, cleared after them, makes a killed build's successor merge
        them whole again."""
        self._check_writable()
        # the bulk loader costs about 0.5 s a call whatever the size: small loads are
        # cheaper in a transaction
        load = self.oxigraph.bulk_load if len(ntriples) > BULK_MIN_CHARS else self.oxigraph.load
        try:
            load(ntriples, ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph_iri))
        except OSError as error:
            raise StoreError(f"store {self.location}: {_one_line(error)}") from None

    def compact(self) -> bool:
        """Oxigraph's optimize(): merges RocksDB's files (about 40% smaller after a large
        build, and faster to read)."""
        self._check_writable()
        try:
            self.oxigraph.optimize()
        except OSError as error:
            raise StoreError(f"store {self.location}: {_one_line(error)}") from None
        return True

    def _named_graphs(self) -> Iterable[str]:
        # the store's list of graph names, without scanning the quads
        return [g.value for g in self.oxigraph.named_graphs() if isinstance(g, ox.NamedNode)]

    def flush(self) -> None:
        # RocksDB keeps every write in memory until flushed: ~0.3 MB per article written,
        # 2 GB after 10,000 articles, unless the writer flushes now and then.
        if self._store is not None and not self.read_only:
            self.oxigraph.flush()

    def graph_quads(self, graph_iri: str | None = None) -> Iterator[ox.Quad]:
        graph = ox.NamedNode(graph_iri) if graph_iri else None
        return self.oxigraph.quads_for_pattern(None, None, None, graph)

    def dump(self, output: IO[bytes], format: ox.RdfFormat, graph: str | None = None) -> None:
        self.oxigraph.dump(output, format, from_graph=ox.NamedNode(graph) if graph else None)

    def close(self) -> None:
        if self._store is not None:
            if not self.read_only:
                with contextlib.suppress(OSError):
                    self._store.flush()
            self._store = None


def _open_oxigraph(path: Path, read_only: bool) -> ox.Store:
    """Open the folder, turning every way this can fail into one readable line."""
    if path.exists() and not path.is_dir():
        raise StoreError(f"store {path} is a file, not a store folder")
    looks_like_store = (path / "CURRENT").is_file()
    if path.is_dir() and any(path.iterdir()) and not looks_like_store:
        raise StoreError(f"store {path} is a non-empty folder that holds no kg store; choose another --store")
    if read_only and not looks_like_store:
        raise StoreError(f"no store at {path}: run `kg build` first (or pass --store / set KG_STORE)")
    try:
        opened = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        if not read_only:
            _remove_bulk_leftovers(path)
        return opened
    except OSError as error:
        text = str(error)
        if "lock" in text.lower():
            raise StoreError(
                f"store {path} is in use by another process (close it, or open a copy); {_one_line(error)}"
            ) from None
        raise StoreError(f"store {path} cannot be opened: {_one_line(error)}") from None
    except RuntimeError as error:  # RocksDB reports damaged files as RuntimeError
        raise StoreError(f"store {path} is damaged and cannot be opened: {_one_line(error)}") from None


def _remove_bulk_leftovers(path: Path) -> None:
    """Delete the ``bulk-*.sst`` files a bulk load killed midway left in the folder.
    Oxigraph writes them beside the store and ingests them; once we hold the store's
    lock no bulk load is running, so any that remain belong to no one (the graphs they
    held are dropped by :meth:`GraphStore.drop_unrecorded`)."""
    for leftover in path.glob("bulk-*.sst"):
        with contextlib.suppress(OSError):
            leftover.unlink()


# --- remote SPARQL 1.1 --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Endpoints:
    """The three URLs of a SPARQL 1.1 server."""

    query: str
    update: str
    store: str  # Graph Store HTTP Protocol

    @classmethod
    def from_url(cls, url: str, update: str | None = None, store: str | None = None) -> Endpoints:
        """Derive the update and graph-store URLs from one URL.

        ``http://host:7878`` (Oxigraph) -> /query, /update, /store; ``.../ds/query`` or
        ``.../ds/sparql`` (Fuseki) -> the same folder's /update and /data.  Servers laid out
        otherwise: set KG_UPDATE_ENDPOINT and KG_STORE_ENDPOINT."""
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise StoreError(f"endpoint {url!r} is not an http(s) URL")
        base = url.rstrip("/")
        last = base.rsplit("/", 1)[-1]
        if last in ("query", "sparql"):
            folder = base.rsplit("/", 1)[0]
            default_store = folder + ("/data" if last == "sparql" else "/store")
            return cls(base, update or folder + "/update", store or default_store)
        return cls(base + "/query", update or base + "/update", store or base + "/store")


class RemoteStore(GraphStore):
    """Any SPARQL 1.1 server: Query and Update through SPARQLWrapper, whole graphs through
    the Graph Store HTTP Protocol (urllib)."""

    def __init__(self, endpoints: Endpoints, *, read_only: bool = False, timeout: float = 300) -> None:
        self.endpoints = endpoints
        self.location = endpoints.query
        self.read_only = read_only
        self.timeout = timeout

    def _wrapper(self) -> Any:
        from SPARQLWrapper import POST, SPARQLWrapper

        wrapper = SPARQLWrapper(self.endpoints.query, updateEndpoint=self.endpoints.update)
        wrapper.setMethod(POST)
        wrapper.setTimeout(int(self.timeout))
        return wrapper

    def _run(self, wrapper: Any) -> bytes:
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        try:
            response = wrapper.query().response
            return response.read()
        except SPARQLWrapperException as error:
            raise StoreError(f"endpoint {self.location}: {_one_line(error)}") from None
        except (urllib.error.URLError, OSError) as error:
            raise StoreError(f"cannot reach SPARQL endpoint {self.location}: {_one_line(error)}") from None

    def query(self, sparql: str, *, union_default_graph: bool = False) -> QueryResult:
        from SPARQLWrapper import JSON, TURTLE

        wrapper = self._wrapper()
        wrapper.setQuery(sparql)
        if union_default_graph:
            # understood by Oxigraph; other servers ignore it (configure union there)
            wrapper.addParameter("union-default-graph", "true")
        if wrapper.queryType in ("CONSTRUCT", "DESCRIBE"):
            wrapper.setReturnFormat(TURTLE)
            body = self._run(wrapper)
            return (ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, ox.RdfFormat.TURTLE))
        wrapper.setReturnFormat(JSON)
        body = self._run(wrapper)
        try:
            return ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
        except SyntaxError as error:
            raise StoreError(f"endpoint {self.location} sent unreadable results: {_one_line(error)}") from None

    def update(self, sparql: str) -> None:
        self._check_writable()
        wrapper = self._wrapper()
        wrapper.setQuery(sparql)
        self._run(wrapper)

    def _graph_url(self, graph_iri: str | None) -> str:
        if graph_iri is None:
            return self.endpoints.store
        return self.endpoints.store + "?" + urllib.parse.urlencode({"graph": graph_iri})

    def _http(self, method: str, url: str, body: bytes | None = None, content_type: str | None = None) -> bytes:
        request = urllib.request.Request(url, data=body, method=method)
        if content_type:
            request.add_header("Content-Type", content_type)
        request.add_header("Accept", "application/n-quads, application/n-triples")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            if method == "GET" and error.code == 404:
                return b""
            detail = error.read().decode("utf-8", "replace")
            raise StoreError(f"endpoint {url}: HTTP {error.code} {_one_line(detail)}") from None
        except (urllib.error.URLError, OSError) as error:
            raise StoreError(f"cannot reach graph store {url}: {_one_line(error)}") from None

    def put_graph(self, graph_iri: str, ntriples: str) -> None:
        self._check_writable()
        iri(graph_iri)
        self._http("PUT", self._graph_url(graph_iri), ntriples.encode("utf-8"), "application/n-triples")

    def graph_quads(self, graph_iri: str | None = None) -> Iterator[ox.Quad]:
        if graph_iri is None:
            # the whole dataset, graph by graph (not every server dumps quads in one GET)
            for name in self.graph_names():
                yield from self.graph_quads(name)
            return
        body = self._http("GET", self._graph_url(graph_iri))
        graph = ox.NamedNode(graph_iri)
        for quad in ox.parse(body, ox.RdfFormat.N_TRIPLES):
            yield ox.Quad(quad.subject, quad.predicate, quad.object, graph)


# --- opening -----------------------------------------------------------------------------------


def open_graph_store(
    store: str | os.PathLike[str] | None = None,
    endpoint: str | None = None,
    *,
    read_only: bool = False,
) -> GraphStore:
    """The remote store when an endpoint is given, else the embedded folder (default
    ``./kg-store``).  Raises :class:`StoreError` with a one-line reason."""
    if endpoint:
        endpoints = Endpoints.from_url(
            endpoint, os.environ.get("KG_UPDATE_ENDPOINT"), os.environ.get("KG_STORE_ENDPOINT")
        )
        return RemoteStore(endpoints, read_only=read_only)
    return EmbeddedStore(store or DEFAULT_STORE, read_only=read_only)


def as_rdflib_dataset(store: GraphStore) -> rdflib.Dataset:
    """An rdflib view of the store: oxrdflib over the embedded store (no copy), rdflib's
    SPARQL store over a remote one."""
    import rdflib

    if isinstance(store, EmbeddedStore):
        from oxrdflib import OxigraphStore

        return rdflib.Dataset(store=OxigraphStore(store=store.oxigraph), default_union=True)
    if isinstance(store, RemoteStore):
        from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

        backend = SPARQLUpdateStore(store.endpoints.query, store.endpoints.update)
        return rdflib.Dataset(store=backend, default_union=True)
    raise TypeError(f"no rdflib view for {type(store).__name__}")


def _one_line(error: object) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= 300 else text[:297] + "..."


def iter_solutions(result: QueryResult) -> Iterable[ox.QuerySolution]:
    """The solutions of a SELECT result (for type checkers: the other kinds raise)."""
    if isinstance(result, ox.QuerySolutions):
        return result
    raise StoreError("expected a SELECT query")
