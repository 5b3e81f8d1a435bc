"""Summary tables beside the store: two corpus questions answered without counting.

``co-attendance`` (pairs of persons and the meetings they shared) and ``concurrent-posts``
(persons with several posts in one article) take seconds at 10,000 articles and 20-30 s
at 100,000 when counted by their ``.rq``; their answers are as large as what they count,
so precomputed rows kept as triples were slower still (docs/scaling.md, "The derived
graph").  They are kept here instead, in an SQLite file beside an embedded store
(``STORE.summary.sqlite``), keyed by person:

* ``attend``: who attended which meeting, per article graph (``schema:attendee``, chairs
  included), and ``pair``: for each two persons, the distinct meetings they shared and one
  of them;
* ``membership``: each post (``org:member``) per article graph with its role, body and
  date, and ``post_group``: per person and article graph, how many posts;
* ``entity``: the labels, type and name keys of every IRI those rows name, as the store's
  entities graph holds them *now* (a merge that renames an entity is copied here by the
  upkeep of the build that made it), so no label is ever frozen into a row;
* ``graph``: the article graphs (IRI and content hash) the tables were counted from, and
  ``info``: the stamp of the store state they match.

The canned ``.rq`` files stay the definition.  :func:`answer` gives a canned question's
rows from the tables only when (1) the question's file is the one this module implements
(its text hashes to :data:`QUERIES`), (2) the store is an embedded store with a summary
file, and (3) the file's stamp is the store's now (:func:`store_stamp`, two small
lookups: the number of article graphs and the stale and bulk-load flags of a build cut
short; ``kg build`` and ``kg remove`` clear the file's stamp before they write anything,
:func:`invalidate`, and set it when their upkeep is done).  Otherwise (``--endpoint``, an
edited ``.rq``, a missing or stale summary) the ``.rq`` runs.  (A stamp of every article's
record, as the viz cache uses, costs 0.16 s to read at 10,000 articles: more than the
answer.  What it would catch besides: a store changed by another program than ``kg
build``/``kg remove`` that keeps the number of articles; run ``kg summarize`` after one.)

Same rows as the ``.rq``: the same columns and values, ordered by the count, most first, as
the ``.rq`` orders them; among equal counts the ``.rq`` leaves the order to the store, the
tables give theirs (by the ids of the persons).  Where the ``.rq`` leaves the value to the store
(``SAMPLE``: the example meeting, the date, the article; ``GROUP_CONCAT``'s order of the
posts) the tables give one of the values the ``.rq`` may give: the first meeting by id, the
earliest date, the posts sorted.

Upkeep (:func:`refresh`, called by ``kg build`` and ``kg remove`` after the entities are
merged, and by ``kg summarize``): the article graphs whose record is new or changed are
read from the store (a ``VALUES`` block of graphs), those gone are deleted from the
tables (their rows are here: nothing to read), the pairs of every person who attended a
meeting those graphs name are counted again, and the labels, types and name keys of the
entities the build touched (and those the rows name) are read again from the entities
graph.  No file, another format, ``--whole``: counted whole, into a new file moved over
the old one.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import sqlite3
import tempfile
import time
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.nameindex import bare
from kg.store import ENTITIES_GRAPH, KG, META_GRAPH, STORE_NS, GraphStore, iri

FORMAT = 3
SUFFIX = ".summary.sqlite"
#: The canned questions the tables answer, with the SHA-256 of the .rq text they implement:
#: an edited file (or another $KG_QUERIES folder) is answered by its own text.
#: tests/test_summaries.py checks these against queries/*.rq.
QUERIES = {
    "co-attendance": "5d4316822fb484f791a122aaa20fc5134f9e0e470cf6a0186911d8183a01815c",
    "concurrent-posts": "ba376d292549ccd17e1a065245807b9ea91496e8f0971c731c74ddc0835827a8",
}
VARIABLES = {
    "co-attendance": ["person", "other", "meetings", "for_example", "person_iri", "other_iri"],
    "concurrent-posts": ["person", "date", "posts", "held", "article", "person_iri"],
}
NOTE = "from the summary tables beside the store, which match it"

_SCHEMA = "https://schema.org/"
_ORG = "http://www.w3.org/ns/org#"
_FOAF_PERSON = "http://xmlns.com/foaf/0.1/Person"
_PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RECORDS = f"SELECT ?g ?hash WHERE {{ GRAPH <{META_GRAPH}> {{ ?g <{STORE_NS}contentHash> ?hash }} }}"
_FLAGS = (
    f"SELECT ?p WHERE {{ GRAPH <{META_GRAPH}> {{ ?s ?p ?v "
    f"FILTER(?p IN (<{STORE_NS}stale>, <{STORE_NS}bulkLoading>)) }} }}"
)
_COUNT = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{META_GRAPH}> {{ ?g <{STORE_NS}contentHash> ?hash }} }}"
# (pref and labels are packed lists, '' when pref1 / label1 holds a single plain label; the
# persons are read from a covering index: 2 times faster than through the table)
_ENTITY_COLUMNS = "id, iri, pref, labels, pref1, label1"
#: graphs per VALUES block
_CHUNK = 200

_TABLES = """
CREATE TABLE info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE graph (id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, hash TEXT NOT NULL, article TEXT);
CREATE TABLE entity (id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, person INTEGER NOT NULL DEFAULT 0,
  pref TEXT NOT NULL DEFAULT '', labels TEXT NOT NULL DEFAULT '', keys TEXT NOT NULL DEFAULT '',
  match TEXT NOT NULL DEFAULT '', pref1 TEXT, label1 TEXT);
CREATE INDEX entity_persons ON entity (person, id, iri, pref1, label1, pref, labels);
CREATE TABLE attend (graph INTEGER NOT NULL, meeting INTEGER NOT NULL, person INTEGER NOT NULL,
  PRIMARY KEY (graph, meeting, person)) WITHOUT ROWID;
CREATE TABLE meeting_person (meeting INTEGER NOT NULL, person INTEGER NOT NULL, graphs INTEGER NOT NULL,
  PRIMARY KEY (meeting, person)) WITHOUT ROWID;
CREATE INDEX meeting_person_by_person ON meeting_person (person, meeting);
CREATE TABLE pair (a INTEGER NOT NULL, b INTEGER NOT NULL, meetings INTEGER NOT NULL, sample INTEGER NOT NULL,
  PRIMARY KEY (a, b)) WITHOUT ROWID;
CREATE INDEX pair_by_b ON pair (b);
CREATE INDEX pair_by_count ON pair (meetings DESC, a, b);
CREATE TABLE membership (graph INTEGER NOT NULL, position TEXT NOT NULL, member INTEGER NOT NULL,
  role INTEGER, body INTEGER, attested TEXT);
CREATE INDEX membership_by_graph ON membership (graph, member);
CREATE TABLE post_group (member INTEGER NOT NULL, graph INTEGER NOT NULL, posts INTEGER NOT NULL,
  attested TEXT, combos TEXT NOT NULL, PRIMARY KEY (member, graph)) WITHOUT ROWID;
CREATE INDEX post_group_by_count ON post_group (posts DESC, member, graph);
CREATE INDEX post_group_by_graph ON post_group (graph);
"""


@dataclass(slots=True)
class RefreshSummary:
    """What :func:`refresh` did: counted whole or not, graphs read and dropped, persons
    whose pairs were counted again, entities whose labels were read again, seconds."""

    whole: bool
    added: int
    dropped: int
    persons: int
    relabelled: int
    seconds: float


# --- where, and whether fresh ------------------------------------------------------------------


def path_of(store: Any) -> Path | None:
    """``STORE.summary.sqlite`` beside an embedded store; None for an endpoint."""
    path = getattr(store, "path", None)
    if path is None:
        return None
    path = Path(path)
    return path.with_name(path.name + SUFFIX)


def _code_stamp() -> str:
    return hashlib.sha256(f"{FORMAT}\n{json.dumps(QUERIES, sort_keys=True)}".encode()).hexdigest()


def _records(store: GraphStore) -> dict[str, str]:
    return {row["g"].value: row["hash"].value for row in store.select(_RECORDS)}


def store_stamp(store: GraphStore) -> str:
    """What the tables must have been counted from to be read, cheap to ask at every
    question: the number of article graphs, the stale and bulk-load flags (a build cut
    short), and this module's format and queries.  ``kg build`` and ``kg remove`` clear the
    tables' stamp before they write anything (:func:`invalidate`), so what they change is
    never read from tables counted before it."""
    count = next((row["n"].value for row in store.select(_COUNT)), "0")
    flags = ",".join(sorted(row["p"].value for row in store.select(_FLAGS)))
    return f"{count}|{flags}|{_code_stamp()}"


def invalidate(store: GraphStore) -> None:
    """Mark the tables stale before the store changes: until :func:`refresh` has counted the
    change, the questions run their .rq.  (A file that cannot be written is removed.)"""
    path = path_of(store)
    if path is None or not path.is_file():
        return
    try:
        connection = _connect(path, read_only=False)
        try:
            with connection:
                connection.execute("UPDATE info SET value = '' WHERE key = 'stamp'")
        finally:
            connection.close()
    except sqlite3.Error:
        path.unlink(missing_ok=True)


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    if read_only:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.5)
    else:
        connection = sqlite3.connect(path, timeout=30)
    connection.execute("PRAGMA cache_size = -65536")
    return connection


def _info(connection: sqlite3.Connection, key: str) -> str | None:
    row = connection.execute("SELECT value FROM info WHERE key = ?", (key,)).fetchone()
    return None if row is None else row[0]


def is_fresh(store: GraphStore) -> bool:
    """True when the summary file exists and was counted from the store as it is now."""
    path = path_of(store)
    if path is None or not path.is_file():
        return False
    try:
        connection = _connect(path, read_only=True)
        try:
            return _info(connection, "stamp") == store_stamp(store)
        finally:
            connection.close()
    except sqlite3.Error:
        return False


# --- answering -----------------------------------------------------------------------------


def query_hash(sparql: str) -> str:
    return hashlib.sha256(sparql.encode("utf-8")).hexdigest()


def answers(name: str, sparql: str) -> bool:
    """True when the canned query ``name`` with this text is one the tables answer."""
    return QUERIES.get(name) == query_hash(sparql)


def answer(
    store: Any, query: Any, terms: Mapping[str, Any], limit: int | None = None
) -> tuple[list[str], list[list[Any]]] | None:
    """The rows of canned ``query`` (a :class:`kg.queries.CannedQuery`) bound to ``terms``
    (:func:`kg.queries.bound_terms`), read from the tables; None when they cannot answer
    it (see the module docstring: then the .rq must run).  ``limit``: the first rows are
    enough (at least that many when there are; a page shows no more), so the rest is
    never read."""
    if not answers(query.name, query.sparql):
        return None
    path = path_of(store)
    if path is None or not path.is_file():
        return None
    try:
        connection = _connect(path, read_only=True)
    except sqlite3.Error:
        return None
    try:
        connection.execute("BEGIN")  # one snapshot: the stamp and the rows read together
        if _info(connection, "stamp") != store_stamp(store):
            return None
        if query.name == "co-attendance":
            return VARIABLES[query.name], _co_attendance(connection, terms, limit)
        return VARIABLES[query.name], _concurrent_posts(connection, terms, limit)
    except sqlite3.Error:  # locked by a build writing it, or damaged: the .rq answers
        return None
    finally:
        connection.close()


class _Entities:
    """The ``entity`` rows an answer needs, read in one go, each entity's terms made once:
    ``terms[id]`` is (its prefLabels, its rdfs:labels or ``[None]``, its IRI)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.terms: dict[int, tuple[list[ox.Literal], list[ox.Literal | None], ox.NamedNode]] = {}

    def _add(self, rows: Iterable[tuple[Any, ...]]) -> None:
        terms = self.terms
        for key, iri_text, pref, labels, pref1, label1 in rows:
            # a single plain label (nearly all) is kept as text: no unpacking
            prefs = [ox.Literal(pref1)] if pref1 is not None else [_literal(v) for v in _unpack(pref)]
            names: list[ox.Literal | None] = (
                [ox.Literal(label1)] if label1 is not None else [_literal(v) for v in _unpack(labels)] or [None]
            )
            terms[key] = (prefs, names, ox.NamedNode(iri_text))

    def load(self, keys: Iterable[int | None]) -> None:
        missing = {key for key in keys if key is not None} - self.terms.keys()
        if not missing:
            return
        self.connection.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (id INTEGER PRIMARY KEY)")
        self.connection.execute("DELETE FROM wanted")
        self.connection.executemany("INSERT INTO wanted VALUES (?)", ((key,) for key in missing))
        self._add(self.connection.execute(f"SELECT {_ENTITY_COLUMNS} FROM entity WHERE id IN (SELECT id FROM wanted)"))

    def load_persons(self) -> None:
        self._add(self.connection.execute(f"SELECT {_ENTITY_COLUMNS} FROM entity WHERE person = 1"))

    def labels(self, key: int | None) -> list[ox.Literal | None]:
        """The rdfs:labels of ``key`` (loaded), or ``[None]`` (an OPTIONAL that found none)."""
        found = self.terms.get(key) if key is not None else None
        return _NONE if found is None else found[1]


_NONE: list[ox.Literal | None] = [None]


def _chosen(connection: sqlite3.Connection, term: Any) -> set[int]:
    """The persons with a prefLabel the ``person`` parameter names, as the .rq's filter:
    the typed text in the lower-cased label, or typed without diacritics, in a name key."""
    if term is None:
        return {
            row[0]
            for row in connection.execute(
                "SELECT id FROM entity WHERE person = 1 AND (pref1 IS NOT NULL OR pref != '')"
            )
        }
    typed = term.value
    bare_typed = bare(typed)
    if "\n" in typed:  # the labels are kept one a line
        return set()
    return {
        row[0]
        for row in connection.execute(
            "SELECT id FROM entity WHERE person = 1 AND (pref1 IS NOT NULL OR pref != '') "
            "AND (instr(match, ?) > 0 OR (? AND instr(keys, ?) > 0))",
            (typed, typed == bare_typed, bare_typed),
        )
    }


_FIELD, _PART = "\x1f", "\x1e"


def _pack(values: list[list[str]]) -> str:
    """Literals (value, language, datatype) as one text: split faster than JSON is read."""
    if any(_FIELD in part or _PART in part for value in values for part in value):
        return "J" + json.dumps(values, ensure_ascii=False)
    return "S" + _FIELD.join(_PART.join(value) for value in values) if values else ""


def _unpack(text: str) -> list[list[str]]:
    if not text:
        return []
    if text[0] == "J":
        return list(json.loads(text[1:]))
    return [value.split(_PART) for value in text[1:].split(_FIELD)]


def _literal(value: list[str]) -> ox.Literal:
    text, language, datatype = value
    if language:
        return ox.Literal(text, language=language)
    if datatype and datatype != _XSD_STRING:
        return ox.Literal(text, datatype=ox.NamedNode(datatype))
    return ox.Literal(text)


def _integer(value: int, cache: dict[int, ox.Literal]) -> ox.Literal:
    found = cache.get(value)
    if found is None:
        found = cache[value] = ox.Literal(str(value), datatype=_XSD_INTEGER)
    return found


def _minimum(terms: Mapping[str, Any], name: str) -> int:
    term = terms.get(name)
    return int(term.value) if term is not None else 1


def _co_attendance(connection: sqlite3.Connection, terms: Mapping[str, Any], limit: int | None) -> list[list[Any]]:
    entities = _Entities(connection)
    person = terms.get("person")
    least = _minimum(terms, "min_meetings")
    chosen = _chosen(connection, person) if person is not None else set()
    if person is None:
        # each pair once, the person the one whose IRI sorts first (the .rq's STR(...) <),
        # as the pair table keeps them
        found = connection.execute(
            "SELECT a, b, meetings, sample FROM pair JOIN entity ON entity.id = pair.a "
            "WHERE meetings >= ? AND (entity.pref1 IS NOT NULL OR entity.pref != '') ORDER BY meetings DESC, a, b"
            " LIMIT ?",
            (least, -1 if limit is None else limit),  # each pair gives one row or more
        ).fetchall()
        if found and limit is None:
            entities.load_persons()  # nearly all of them: one read, not one per pair
        else:
            entities.load(key for row in found for key in row[:2])
    elif chosen:
        connection.execute("CREATE TEMP TABLE chosen (id INTEGER PRIMARY KEY)")
        connection.executemany("INSERT INTO chosen VALUES (?)", ((key,) for key in chosen))
        found = connection.execute(
            "SELECT a, b, meetings, sample FROM pair WHERE meetings >= ? AND a IN (SELECT id FROM chosen) "
            "UNION ALL SELECT b, a, meetings, sample FROM pair WHERE meetings >= ? AND b IN (SELECT id FROM chosen)",
            (least, least),
        ).fetchall()
        found.sort(key=lambda row: -row[2])  # stable: the order of each half stays
        found = found[:limit]
        entities.load(key for row in found for key in row[:2])
    else:
        return []
    entities.load(row[3] for row in found)
    counts: dict[int, ox.Literal] = {}
    rows: list[list[Any]] = []
    append = rows.append
    table = entities.terms
    for a, b, meetings, sample in found:
        count = counts.get(meetings) or _integer(meetings, counts)
        prefs, _, node = table[a]
        _, others, other_node = table[b]
        examples = entities.labels(sample)
        if len(prefs) == 1 and len(others) == 1 and len(examples) == 1:
            append([prefs[0], others[0], count, examples[0], node, other_node])
            continue
        for label in prefs:
            for other_label in others:
                for example in examples:
                    append([label, other_label, count, example, node, other_node])
    return rows


def _concurrent_posts(connection: sqlite3.Connection, terms: Mapping[str, Any], limit: int | None) -> list[list[Any]]:
    entities = _Entities(connection)
    least = _minimum(terms, "min_posts")
    chosen = _chosen(connection, terms.get("person"))
    rows_read = connection.execute(
        "SELECT member, graph, posts, attested, combos, article FROM post_group "
        "JOIN graph ON graph.id = post_group.graph WHERE posts >= ? ORDER BY posts DESC, member, graph",
        (least,),
    )
    # each group gives one row or more: the first ``limit`` groups are enough
    found = list(itertools.islice((row for row in rows_read if row[0] in chosen), limit))
    held_cache: dict[str, ox.Literal | None] = {}
    combos_of = {row[4]: json.loads(row[4]) for row in found}
    entities.load(row[0] for row in found)
    entities.load(key for combos in combos_of.values() for combo in combos for key in combo)
    counts: dict[int, ox.Literal] = {}
    nodes: dict[str, ox.NamedNode] = {}
    dates: dict[str, ox.Literal] = {}
    rows: list[list[Any]] = []
    for member, _, posts, attested, combos, article in found:
        held = held_cache.get(combos, False)
        if held is False:
            held = held_cache[combos] = _held(entities, combos_of[combos])
        node = None
        if article is not None:
            node = nodes.get(article)
            if node is None:
                node = nodes[article] = ox.NamedNode(article)
        date = dates.get(attested) if attested else None
        if attested and date is None:
            date = dates[attested] = _literal(json.loads(attested))
        prefs, _, member_node = entities.terms[member]
        for label in prefs:
            rows.append([label, date, _integer(posts, counts), held, node, member_node])
    return rows


def _held(entities: _Entities, combos: list[list[int | None]]) -> ox.Literal | None:
    """The .rq's GROUP_CONCAT(DISTINCT ?post): "role, body", the role alone, or "?"; none
    at all when one post has no text (a body's label without a role's: CONCAT of an
    unbound value), as SPARQL's GROUP_CONCAT gives nothing then."""
    posts: set[str] = set()
    for role, body in combos:
        for role_label in entities.labels(role):
            for body_label in entities.labels(body):
                if body_label is not None:
                    if role_label is None:
                        return None
                    posts.add(f"{role_label.value}, {body_label.value}")
                else:
                    posts.add(role_label.value if role_label is not None else "?")
    return ox.Literal("; ".join(sorted(posts)))


# --- upkeep --------------------------------------------------------------------------------


def refresh(store: GraphStore, touched: Collection[str] | None = None, *, whole: bool = False) -> RefreshSummary | None:
    """Bring the tables up to date with the store (see the module docstring); ``touched``:
    the entities whose merged descriptions the build may have changed (None: all).
    None when the store has no folder to write beside (an endpoint)."""
    path = path_of(store)
    if path is None:
        return None
    started = time.perf_counter()
    stamp = store_stamp(store)
    connection: sqlite3.Connection | None = None
    if not whole and path.is_file():
        try:
            connection = _connect(path, read_only=False)
            if _info(connection, "format") != str(FORMAT) or _info(connection, "code") != _code_stamp():
                connection.close()
                connection = None
        except sqlite3.Error:
            if connection is not None:
                connection.close()
            connection = None
    if connection is not None and touched is not None and not touched and _info(connection, "stamp") == stamp:
        connection.close()
        return RefreshSummary(False, 0, 0, 0, 0, time.perf_counter() - started)  # nothing changed
    records = _records(store)
    if connection is None:
        summary = _refresh_whole(store, path, records, stamp)
    else:
        try:
            with connection:
                summary = _update(store, connection, records, touched)
                connection.execute("INSERT OR REPLACE INTO info VALUES ('stamp', ?)", (stamp,))
        finally:
            connection.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _refresh_whole(store: GraphStore, path: Path, records: dict[str, str], stamp: str) -> RefreshSummary:
    # written beside, then moved over the old file: a reader sees the old tables or the new
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        connection = sqlite3.connect(temporary)
        try:
            with connection:
                connection.executescript(_TABLES)
                connection.executemany(
                    "INSERT INTO info VALUES (?, ?)", [("format", str(FORMAT)), ("code", _code_stamp())]
                )
                summary = _update(store, connection, records, None)
                connection.execute("INSERT INTO info VALUES ('stamp', ?)", (stamp,))
        finally:
            connection.close()
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    summary.whole = True
    return summary


class _Ids:
    """IRI -> id of the ``entity`` table, looked up when first met, new IRIs inserted."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.ids: dict[str, int] = {}
        self.new: set[int] = set()

    def __call__(self, value: str | None) -> int | None:
        if value is None:
            return None
        found = self.ids.get(value)
        if found is None:
            row = self.connection.execute("SELECT id FROM entity WHERE iri = ?", (value,)).fetchone()
            if row is None:
                cursor = self.connection.execute("INSERT INTO entity (iri) VALUES (?)", (value,))
                found = int(cursor.lastrowid or 0)
                self.new.add(found)
            else:
                found = row[0]
            self.ids[value] = found
        return found

    def known(self, values: Iterable[str]) -> set[int]:
        """The ids of those of ``values`` the table holds."""
        found = set()
        for value in values:
            key = self.ids.get(value)
            if key is None:
                row = self.connection.execute("SELECT id FROM entity WHERE iri = ?", (value,)).fetchone()
                key = None if row is None else row[0]
            if key is not None:
                found.add(key)
        return found


def _update(
    store: GraphStore, connection: sqlite3.Connection, records: dict[str, str], touched: Collection[str] | None
) -> RefreshSummary:
    known = {row[1]: (row[0], row[2]) for row in connection.execute("SELECT id, iri, hash FROM graph")}
    gone = [key for graph, (key, digest) in known.items() if records.get(graph) != digest]
    coming = sorted(graph for graph, digest in records.items() if known.get(graph, (0, None))[1] != digest)
    whole = not known
    ids = _Ids(connection)
    named: set[int] = set()  # entities in the rows dropped or added
    meetings: set[int] = set()  # meetings whose attendance changed

    # the graphs gone (or replaced): their rows are here
    for start in range(0, len(gone), 500):
        chunk = gone[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for meeting, person in connection.execute(
            f"SELECT meeting, person FROM attend WHERE graph IN ({marks})", chunk
        ).fetchall():
            meetings.add(meeting)
            named.update((meeting, person))
            connection.execute(
                "UPDATE meeting_person SET graphs = graphs - 1 WHERE meeting = ? AND person = ?", (meeting, person)
            )
        for row in connection.execute(
            f"SELECT member, role, body FROM membership WHERE graph IN ({marks})", chunk
        ).fetchall():
            named.update(key for key in row if key is not None)
        for table in ("attend", "membership", "post_group"):
            connection.execute(f"DELETE FROM {table} WHERE graph IN ({marks})", chunk)
        connection.execute(f"DELETE FROM graph WHERE id IN ({marks})", chunk)
    connection.execute("DELETE FROM meeting_person WHERE graphs <= 0")

    # the graphs new (or replaced): read from the store
    graph_ids: dict[str, int] = {}
    for graph in coming:
        cursor = connection.execute("INSERT INTO graph (iri, hash) VALUES (?, ?)", (graph, records[graph]))
        graph_ids[graph] = int(cursor.lastrowid or 0)
    for chunk in _chunks(coming, whole):
        read = _read_all(store) if chunk is None else _read_graphs(store, chunk)
        attendance: set[tuple[int, int, int]] = set()
        for graph, meeting, person in read[0]:
            if graph in graph_ids:
                attendance.add((graph_ids[graph], ids(meeting) or 0, ids(person) or 0))
        connection.executemany("INSERT OR IGNORE INTO attend VALUES (?, ?, ?)", attendance)
        for _, meeting, person in attendance:
            meetings.add(meeting)
            named.update((meeting, person))
        pairs: dict[tuple[int, int], int] = {}
        for _, meeting, person in attendance:
            pairs[(meeting, person)] = pairs.get((meeting, person), 0) + 1
        connection.executemany(
            "INSERT INTO meeting_person VALUES (?, ?, ?) "
            "ON CONFLICT (meeting, person) DO UPDATE SET graphs = graphs + excluded.graphs",
            [(meeting, person, count) for (meeting, person), count in pairs.items()],
        )
        members: list[tuple[int, int, int, int | None, int | None, str | None]] = []
        for graph, position, member, role, body, attested in read[1]:
            if graph in graph_ids:
                members.append((graph_ids[graph], position, ids(member) or 0, ids(role), ids(body), attested))
        connection.executemany("INSERT INTO membership VALUES (?, ?, ?, ?, ?, ?)", members)
        for row in members:
            named.update(key for key in row[2:5] if key is not None)
        _post_groups(connection, members)
        for graph, article in read[2]:
            if graph in graph_ids:
                connection.execute(
                    "UPDATE graph SET article = MIN(COALESCE(article, ?), ?) WHERE id = ?",
                    (article, article, graph_ids[graph]),
                )

    # the labels, types and name keys of the entities the build touched or the rows name
    if touched is None or whole:
        relabel = {row[0] for row in connection.execute("SELECT id FROM entity")}
    else:
        relabel = named | ids.new | ids.known(touched)
    was_person = dict(connection.execute("SELECT id, person FROM entity WHERE person = 1"))
    _relabel(store, connection, relabel, everything=touched is None or whole)
    now_person = dict(connection.execute("SELECT id, person FROM entity WHERE person = 1"))
    turned = {key for key in relabel if (key in was_person) != (key in now_person)}

    # the pairs of every person at a meeting whose attendance changed, or whose type did
    if whole:
        _count_pairs_whole(connection)
        persons = len(now_person)
    else:
        affected = set(turned)
        listed = sorted(meetings)
        for start in range(0, len(listed), 500):
            chunk = listed[start : start + 500]
            marks = ",".join("?" * len(chunk))
            affected.update(
                row[0]
                for row in connection.execute(
                    f"SELECT DISTINCT person FROM meeting_person WHERE meeting IN ({marks})", chunk
                )
            )
        affected.update(key for key in named if key in was_person or key in now_person)
        _count_pairs(connection, affected)
        persons = len(affected)
    return RefreshSummary(whole, len(coming), len(gone), persons, len(relabel), 0.0)


def _chunks(graphs: list[str], whole: bool) -> Iterator[list[str] | None]:
    """VALUES blocks of graphs; None (every graph at once) when counting whole."""
    if whole:
        if graphs:
            yield None
        return
    for start in range(0, len(graphs), _CHUNK):
        yield graphs[start : start + _CHUNK]


_PREFIXES = f"PREFIX schema: <{_SCHEMA}>\nPREFIX org: <{_ORG}>\nPREFIX kg: <{KG}>\n"
_ATTENDANCE = "SELECT DISTINCT ?g ?m ?p WHERE { %s GRAPH ?g { ?m schema:attendee ?p } }"
_MEMBERSHIP = """SELECT ?g ?x ?p ?r ?b ?d WHERE { %s GRAPH ?g {
  ?x org:member ?p .
  OPTIONAL { ?x org:role ?r } OPTIONAL { ?x org:organization ?b } OPTIONAL { ?x kg:attestedOn ?d } } }"""
_ARTICLES = "SELECT ?g ?a WHERE { %s GRAPH ?g { ?a a schema:NewsArticle } }"


_Read = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]


def _read_all(store: GraphStore) -> _Read:
    """Attendance (g, m, p), posts (g, x, p, r, b, d) and articles (g, a) of every graph."""
    return (
        list(_select(store, _ATTENDANCE, None, ("g", "m", "p"))),
        list(_select(store, _MEMBERSHIP, None, ("g", "x", "p", "r", "b", "d"))),
        list(_select(store, _ARTICLES, None, ("g", "a"))),
    )


def _read_graphs(store: GraphStore, graphs: list[str]) -> _Read:
    """:func:`_read_all` of a few graphs, read by predicate from the store's index (the same
    patterns asked with a VALUES block of graphs took 3.4 s for 100 graphs at 10,000
    articles, all their quads 1.2 s, these lookups 0.2 s)."""
    attendance: list[tuple[Any, ...]] = []
    members: list[tuple[Any, ...]] = []
    articles: list[tuple[Any, ...]] = []
    oxigraph = store.oxigraph  # type: ignore[attr-defined]  # only an embedded store has tables
    nodes = {name: ox.NamedNode(name) for name in (_ATTENDEE, _MEMBER, _ROLE, _ORGANIZATION, _ATTESTED, _RDF_TYPE)}

    def pairs(predicate: str, graph: ox.NamedNode, subject: Any = None) -> list[tuple[Any, Any]]:
        return [
            (_cell(q.subject), _cell(q.object))
            for q in oxigraph.quads_for_pattern(subject, nodes[predicate], None, graph)
        ]

    for graph in graphs:
        node = ox.NamedNode(graph)
        attendance += [(graph, meeting, person) for meeting, person in set(pairs(_ATTENDEE, node))]
        articles += [
            (graph, _cell(q.subject))
            for q in oxigraph.quads_for_pattern(None, nodes[_RDF_TYPE], ox.NamedNode(_NEWS_ARTICLE), node)
        ]
        member: dict[Any, list[Any]] = {}
        for position, person in pairs(_MEMBER, node):
            member.setdefault(position, []).append(person)
        if not member:
            continue
        values: dict[tuple[Any, str], list[Any]] = {}
        for predicate in (_ROLE, _ORGANIZATION, _ATTESTED):
            for position, value in pairs(predicate, node):
                values.setdefault((position, predicate), []).append(value)
        for position, persons in member.items():
            # the OPTIONALs of the query: every combination, None for an absent value
            roles = values.get((position, _ROLE)) or [None]
            bodies = values.get((position, _ORGANIZATION)) or [None]
            dates = values.get((position, _ATTESTED)) or [None]
            members += [
                (graph, position, person, role, body, date)
                for person in persons
                for role in roles
                for body in bodies
                for date in dates
            ]
    return attendance, members, articles


_ATTENDEE = _SCHEMA + "attendee"
_NEWS_ARTICLE = _SCHEMA + "NewsArticle"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_MEMBER, _ROLE, _ORGANIZATION = _ORG + "member", _ORG + "role", _ORG + "organization"
_ATTESTED = KG + "attestedOn"


def _select(
    store: GraphStore, template: str, graphs: list[str] | None, names: tuple[str, ...]
) -> Iterator[tuple[Any, ...]]:
    values = "" if graphs is None else "VALUES ?g { " + " ".join(iri(graph) for graph in graphs) + " }"
    for row in store.select(_PREFIXES + template % values):
        yield tuple(_cell(row[name]) for name in names)


def _cell(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.Literal):  # kept whole (the date column gives it back as it was)
        return json.dumps(_literal_parts(term), ensure_ascii=False)
    return term.value if isinstance(term, ox.NamedNode) else str(term)


def _literal_parts(term: ox.Literal) -> list[str]:
    return [term.value, term.language or "", "" if term.language else term.datatype.value]


def _post_groups(connection: sqlite3.Connection, members: list[tuple[Any, ...]]) -> None:
    groups: dict[tuple[int, int], tuple[set[str], set[tuple[int | None, int | None]], list[str]]] = {}
    for graph, position, member, role, body, attested in members:
        positions, combos, dates = groups.setdefault((member, graph), (set(), set(), []))
        positions.add(position)
        combos.add((role, body))
        if attested is not None:
            dates.append(attested)
    connection.executemany(
        "INSERT OR REPLACE INTO post_group VALUES (?, ?, ?, ?, ?)",
        [
            (
                member,
                graph,
                len(positions),
                min(dates) if dates else None,
                json.dumps(sorted(combos, key=lambda c: (c[0] or 0, c[1] or 0))),
            )
            for (member, graph), (positions, combos, dates) in groups.items()
        ],
    )


def _relabel(store: GraphStore, connection: sqlite3.Connection, keys: set[int], everything: bool) -> None:
    if not keys:
        return
    by_id: dict[int, str] = {}
    ordered = sorted(keys)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        by_id.update(
            connection.execute(f"SELECT id, iri FROM entity WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        )
    ids = {value: key for key, value in by_id.items()}
    found: dict[int, dict[str, Any]] = {key: {"person": 0, "pref": [], "labels": [], "keys": []} for key in keys}
    if everything:
        _read_labels_all(store, ids, found)
    else:
        _read_labels(store, by_id, found)
    connection.executemany(
        "UPDATE entity SET person = ?, pref = ?, labels = ?, keys = ?, match = ?, pref1 = ?, label1 = ? WHERE id = ?",
        [
            (
                value["person"],
                "" if _single(value["pref"]) is not None else _pack(value["pref"]),
                "" if _single(value["labels"]) is not None else _pack(value["labels"]),
                "\n".join(value["keys"]),
                "\n".join(label[0].lower() for label in value["pref"]),
                _single(value["pref"]),
                _single(value["labels"]),
                key,
            )
            for key, value in found.items()
        ],
    )


def _read_labels_all(store: GraphStore, ids: dict[str, int], found: dict[int, dict[str, Any]]) -> None:
    """Every entity's type, prefLabels, rdfs:labels and name keys, in four queries."""
    entities = f"<{ENTITIES_GRAPH}>"
    queries = (
        ("person", f"SELECT ?x WHERE {{ GRAPH {entities} {{ ?x a <{_FOAF_PERSON}> }} }}"),
        ("pref", f"SELECT ?x ?v WHERE {{ GRAPH {entities} {{ ?x <{_PREF_LABEL}> ?v }} }}"),
        ("labels", f"SELECT ?x ?v WHERE {{ ?x <{_RDFS_LABEL}> ?v }}"),
        ("keys", f"SELECT ?x ?v WHERE {{ GRAPH {entities} {{ ?x <{KG}nameKey> ?v }} }}"),
    )
    for field, sparql in queries:
        for row in store.query(sparql, union_default_graph=True):
            key = ids.get(row["x"].value) if isinstance(row["x"], ox.NamedNode) else None
            if key is not None and key in found:
                _note(found[key], field, row["v"] if field != "person" else None)


def _read_labels(store: GraphStore, by_id: dict[int, str], found: dict[int, dict[str, Any]]) -> None:
    """The same for a few entities, from their quads in the entities graph (and their
    rdfs:labels in any graph, as the .rq reads them): a VALUES block of 200 entities cost
    120 ms in four queries at 10,000 articles, their quads 30 ms."""
    oxigraph = store.oxigraph  # type: ignore[attr-defined]
    entities = ox.NamedNode(ENTITIES_GRAPH)
    label = ox.NamedNode(_RDFS_LABEL)
    fields = {_PREF_LABEL: "pref", KG + "nameKey": "keys"}
    for key, value in by_id.items():
        try:
            node = ox.NamedNode(value)
        except ValueError:  # a blank node or a literal in an IRI's place: no description
            continue
        row = found[key]
        for quad in oxigraph.quads_for_pattern(node, None, None, entities):
            predicate = quad.predicate.value
            if predicate == _RDF_TYPE and quad.object.value == _FOAF_PERSON:
                _note(row, "person", None)
            elif predicate in fields:
                _note(row, fields[predicate], quad.object)
        for quad in oxigraph.quads_for_pattern(node, label, None, None):
            _note(row, "labels", quad.object)


def _note(row: dict[str, Any], field: str, term: Any) -> None:
    if field == "person":
        row["person"] = 1
    elif field == "keys":
        row["keys"].append(term.value)
    elif isinstance(term, ox.Literal):
        row[field].append(_literal_parts(term))


def _single(values: list[list[str]]) -> str | None:
    """The text of a lone plain label (no language, xsd:string), else None."""
    if len(values) == 1 and not values[0][1] and values[0][2] in ("", _XSD_STRING):
        return values[0][0]
    return None


def _count_pairs_whole(connection: sqlite3.Connection) -> None:
    connection.execute("DELETE FROM pair")
    connection.execute(
        f"""INSERT INTO pair {_ORIENTED}
           FROM meeting_person x JOIN meeting_person y ON y.meeting = x.meeting AND y.person > x.person
           JOIN entity ex ON ex.id = x.person AND ex.person = 1 JOIN entity ey ON ey.id = y.person AND ey.person = 1
           GROUP BY x.person, y.person"""
    )


def _count_pairs(connection: sqlite3.Connection, affected: set[int]) -> None:
    if not affected:
        return
    connection.execute("CREATE TEMP TABLE IF NOT EXISTS affected (id INTEGER PRIMARY KEY)")
    connection.execute("DELETE FROM affected")
    connection.executemany("INSERT INTO affected VALUES (?)", ((key,) for key in affected))
    connection.execute("DELETE FROM pair WHERE a IN (SELECT id FROM affected)")
    connection.execute("DELETE FROM pair WHERE b IN (SELECT id FROM affected)")
    # every pair with an affected person (one with two of them is found twice, kept once)
    connection.execute(
        f"""INSERT OR REPLACE INTO pair {_ORIENTED}
           FROM affected JOIN meeting_person x ON x.person = affected.id
           JOIN meeting_person y ON y.meeting = x.meeting AND y.person != x.person
           JOIN entity ex ON ex.id = x.person AND ex.person = 1 JOIN entity ey ON ey.id = y.person AND ey.person = 1
           GROUP BY x.person, y.person"""
    )


#: a pair's row: the person whose IRI sorts first, the other, their shared meetings, one of them
#: (SQLite compares text as UTF-8 bytes: the order of code points, as SPARQL's STR(...) < does)
_ORIENTED = """SELECT CASE WHEN ex.iri < ey.iri THEN x.person ELSE y.person END,
             CASE WHEN ex.iri < ey.iri THEN y.person ELSE x.person END, COUNT(*), MIN(x.meeting)"""
