"""Projections worked out at build time and kept beside the store, for ``kg serve`` and ``kg viz``.

On a 10,000-article store the projection queries take seconds each (memberships alone
~7 s) and describing the busiest nodes ~10 s more, so the first network page a worker
drew took 7–23 s.  ``kg build`` and ``kg remove`` therefore end with :func:`refresh`,
which writes, in the folder ``STORE.viz`` beside an embedded store:

* ``rows.json``: the rows of every projection query (types, labels, provinces, nesting,
  memberships, attendance, meetings, document links and dates).  A :class:`Projector`
  given them (:func:`projector_for`) asks the store nothing for a projection, and builds
  every network, period and filter by the same code as from the store, so a filtered
  view is the one computing it fresh would give;
* ``KIND.html``: the default page of each network (no filter, the ``top`` most linked
  nodes), sent as it is;
* ``manifest.json``: the stamp of the store state and code the files were made from,
  written last.

The stamp is a hash of every article graph's record in the meta graph (graph and content
hash: every article write or removal changes it), the stale-entities flag, the size of
the reference graph, and the source of :mod:`kg.viz` (so a new version never serves an
old page).  A reader that finds another stamp ignores the files and computes as before:
a stale cache is never served.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from kg.viz.projections import KINDS, Projector
from kg.viz.write import _umask

FORMAT = 1
MANIFEST = "manifest.json"
ROWS = "rows.json"
DEFAULT_TOP = 200  # kg.serve.network.DEFAULT_TOP: the nodes a default page draws

_META = "https://w3id.org/vnkg/graph/meta"
_REFERENCE = "https://w3id.org/vnkg/graph/reference"
_STORE_NS = "https://w3id.org/vnkg/store#"
_RECORDS = f"SELECT ?g ?hash WHERE {{ GRAPH <{_META}> {{ ?g <{_STORE_NS}contentHash> ?hash }} }}"
_STALE = f"SELECT ?v WHERE {{ GRAPH <{_META}> {{ ?s <{_STORE_NS}stale> ?v }} }}"
_REFERENCE_SIZE = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{_REFERENCE}> {{ ?s ?p ?o }} }}"


class UnionSource:
    """kg.viz asks ``query(sparql)`` of a store whose default graph is the union of the graphs."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def query(self, sparql: str) -> Any:
        return self.store.query(sparql, union_default_graph=True)


def folder_of(store: Any) -> Path | None:
    """Where the cache of ``store`` lives: ``STORE.viz`` beside an embedded store; None for
    an endpoint (nothing on this machine to write beside)."""
    path = getattr(store, "path", None)
    if path is None:
        return None
    path = Path(path)
    return path.with_name(path.name + ".viz")


def _code_hash() -> str:
    digest = hashlib.sha256(str(FORMAT).encode())
    here = Path(__file__).parent
    for path in sorted([*here.glob("*.py"), *(here / "assets").glob("*")]):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _values(store: Any, sparql: str) -> list[tuple[str, ...]]:
    answer = store.query(sparql)
    names = [str(getattr(v, "value", v)).lstrip("?") for v in answer.variables]
    found = []
    for solution in answer:
        cells = []
        for name in names:
            try:
                term = solution[name]
            except (KeyError, TypeError, IndexError):
                term = None
            cells.append("" if term is None else str(getattr(term, "value", term)))
        found.append(tuple(cells))
    return found


def store_stamp(store: Any) -> str:
    """What the cache must have been made from to be served (see the module docstring)."""
    digest = hashlib.sha256(_code_hash().encode())
    for graph, content in sorted(_values(store, _RECORDS)):
        digest.update(f"{graph}\t{content}\n".encode())
    digest.update(repr(sorted(_values(store, _STALE))).encode())
    digest.update(repr(_values(store, _REFERENCE_SIZE)).encode())
    return digest.hexdigest()


def _manifest(folder: Path) -> dict[str, Any] | None:
    try:
        found = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


class Cache:
    """The files of one store's cache, read only when their stamp is the store's."""

    def __init__(self, folder: Path, stamp: str) -> None:
        self.folder = folder
        self.stamp = stamp
        self._rows: dict[str, list[dict[str, str]]] | None = None

    @classmethod
    def open(cls, store: Any, stamp: str | None = None) -> Cache | None:
        """The valid cache of ``store``, or None (none written, or made from another state)."""
        folder = folder_of(store)
        if folder is None:
            return None
        manifest = _manifest(folder)
        if manifest is None:
            return None
        stamp = stamp or store_stamp(store)
        if manifest.get("stamp") != stamp:
            return None
        return cls(folder, stamp)

    def page(self, kind: str) -> str | None:
        if kind not in KINDS:  # a name from a URL never becomes a path
            return None
        try:
            return (self.folder / f"{kind}.html").read_text(encoding="utf-8")
        except OSError:
            return None

    def rows(self) -> dict[str, list[dict[str, str]]] | None:
        if self._rows is None:
            try:
                found = json.loads((self.folder / ROWS).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return None
            self._rows = found if isinstance(found, dict) else None
        return self._rows

    def projector(self, store: Any) -> Projector:
        """A Projector over ``store`` that already holds every projection query's rows
        (only the side panel's VALUES queries still go to the store)."""
        projector = Projector(UnionSource(store))
        projector._cache.update(self.rows() or {})
        return projector


def projector_for(store: Any) -> Projector:
    """A Projector over ``store``, fed from its cache when the cache is valid."""
    cache = Cache.open(store)
    return cache.projector(store) if cache is not None else Projector(UnionSource(store))


def default_page(kind: str, projector: Projector, top: int = DEFAULT_TOP) -> str:
    """The page ``kg serve`` draws for ``/viz/KIND/graph`` without filters."""
    from kg.viz.html import render_html
    from kg.viz.projections import Network, project

    network = most_linked(project(kind, projector), top)
    network = Network(network.kind, network.title, network.graph.copy(), list(network.notes))
    return str(render_html(network, projector))


def most_linked(network: Any, top: int) -> Any:
    """``network`` with only its ``top`` nodes of highest degree (ties by IRI), noted in its subtitle."""
    from kg.viz.projections import Network

    graph = network.graph
    count = graph.number_of_nodes()
    if count <= top:
        return network
    degree = dict(graph.degree())
    keep = sorted(degree, key=lambda node: (-degree[node], str(node)))[:top]
    note = f"the {top:,} most linked of {count:,} nodes (filters or ?top= show others)"
    return Network(network.kind, network.title, graph.subgraph(keep).copy(), [*network.notes, note])


def refresh(store: Any) -> bool:
    """Write the cache of ``store`` when it is missing or made from another state.

    True when it was (re)written; False when it was up to date, the store has no folder
    to write beside (an endpoint) or the folder cannot be written."""
    folder = folder_of(store)
    if folder is None:
        return False
    try:
        return _refresh(store, folder)
    except OSError:  # the store is built; the pages are computed on demand instead
        return False


def _refresh(store: Any, folder: Path) -> bool:
    from kg.viz.projections import project

    stamp = store_stamp(store)
    manifest = _manifest(folder)
    if manifest is not None and manifest.get("stamp") == stamp:
        return False
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MANIFEST).unlink(missing_ok=True)  # the old files stop counting before any is replaced
    projector = Projector(UnionSource(store))
    for kind in KINDS:
        project(kind, projector)
    rows = dict(projector._cache)  # the projection queries only: the side panel's come next
    _write(folder / ROWS, json.dumps(rows, ensure_ascii=False, separators=(",", ":")))
    sizes: dict[str, int] = {}
    for kind in KINDS:
        page = default_page(kind, projector)
        _write(folder / f"{kind}.html", page)
        sizes[kind] = len(page)
    _write(folder / MANIFEST, json.dumps({"format": FORMAT, "stamp": stamp, "pages": sizes}, indent=1))
    return True


def _write(path: Path, text: str) -> None:
    # a reader sees the old file or the new one, never half of one
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; kg serve may run as another user
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
