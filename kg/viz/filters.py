"""Narrowing a network: --body, --province, --person/--depth, --min-weight.

The period (--since/--until) is applied while projecting, because it decides which
facts count (a co-attendance weight counts only meetings in the period).  These
filters then cut the projected graph:

* ``--body``: the entities attached to a matching body or any body under it (the bodies,
  people holding posts there, documents they issued, meetings they organised); the
  org chart also keeps the bodies above, to show where the body sits.
* ``--province``: the entities attached to bodies of that province.
* ``--person`` with ``--depth N``: everything within N links of the person.
* ``--min-weight W``: edges of weight below W go, and so do the nodes left with none.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from kg.text import fold, strip_diacritics
from kg.viz.projections import Network, Projector, reachable
from kg.viz.source import VizError


@dataclass(frozen=True, slots=True)
class ViewFilter:
    bodies: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    persons: tuple[str, ...] = ()
    depth: int = 1
    min_weight: float | None = None


def match_names(wanted: str, candidates: dict[str, str], what: str) -> set[str]:
    """IRIs whose label is ``wanted``, or contains it.

    Tried in turn: the same name whatever the tone-mark style and case ("Thuỷ" = "thủy"),
    then without diacritics ("thuy"); a whole name before a part of one.  ``candidates``
    maps IRI -> label; an IRI given verbatim matches itself.
    """
    if wanted in candidates:
        return {wanted}
    for key in (fold, lambda text: strip_diacritics(fold(text))):
        target = key(wanted)
        labels = {iri: key(label) for iri, label in candidates.items()}
        exact = {iri for iri, label in labels.items() if label == target}
        if exact:
            return exact
        partial = {iri for iri, label in labels.items() if target in label}
        if partial:
            return partial
    raise VizError(f"no {what} matches {wanted!r} in this network")


def apply_filters(network: Network, view: ViewFilter, projector: Projector) -> Network:
    graph = network.graph
    notes = list(network.notes)
    if view.bodies:
        graph = _by_bodies(graph, view.bodies, projector, keep_ancestors=network.kind == "org")
        notes.append("body " + ", ".join(view.bodies))
    if view.provinces:
        graph = _by_provinces(graph, view.provinces)
        notes.append("province " + ", ".join(view.provinces))
    if view.persons:
        graph = _ego(graph, view.persons, view.depth)
        notes.append(f"around {', '.join(view.persons)} (depth {view.depth})")
    if view.min_weight is not None:
        graph = _by_weight(graph, view.min_weight)
        notes.append(f"weight ≥ {view.min_weight:g}")
    return Network(network.kind, network.title, graph, notes)


def _by_bodies(graph: nx.Graph, wanted: tuple[str, ...], projector: Projector, keep_ancestors: bool) -> nx.Graph:
    bodies = {iri: label for iri, (kind, label) in projector.entities().items() if kind == "body"}
    children: dict[str, set[str]] = {}
    parents: dict[str, set[str]] = {}
    for child, parent in projector.hierarchy():
        children.setdefault(parent, set()).add(child)
        parents.setdefault(child, set()).add(parent)
    seeds: set[str] = set()
    for name in wanted:
        seeds |= match_names(name, bodies, "body")
    scope = reachable(seeds, children)
    keep = {node for node, data in graph.nodes(data=True) if scope & set(data.get("bodies", []))}
    if keep_ancestors:
        keep |= reachable(seeds, parents) & set(graph.nodes)
    return graph.subgraph(keep).copy()


def _by_provinces(graph: nx.Graph, wanted: tuple[str, ...]) -> nx.Graph:
    # "Nghệ An", "nghệ an" and "nghe an" all name the province
    keys = {strip_diacritics(fold(name)) for name in wanted}
    keep = [
        n for n, data in graph.nodes(data=True) if keys & {strip_diacritics(fold(p)) for p in data.get("provinces", [])}
    ]
    if not keep:
        known = sorted({p for _, data in graph.nodes(data=True) for p in data.get("provinces", [])})
        hint = f" (provinces here: {', '.join(known[:12])})" if known else " (no body here has a province)"
        raise VizError(f"no node of this network is in province {', '.join(wanted)}{hint}")
    return graph.subgraph(keep).copy()


def _ego(graph: nx.Graph, wanted: tuple[str, ...], depth: int) -> nx.Graph:
    if depth < 0:
        raise VizError(f"--depth must be 0 or more, not {depth}")
    people = {str(n): d.get("label", str(n)) for n, d in graph.nodes(data=True) if d.get("type") == "person"}
    centres: set[str] = set()
    for name in wanted:
        centres |= match_names(name, people, "person")
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    keep: set[str] = set()
    for centre in centres:
        keep |= set(nx.single_source_shortest_path_length(undirected, centre, cutoff=depth))
    return graph.subgraph(keep).copy()


def _by_weight(graph: nx.Graph, minimum: float) -> nx.Graph:
    trimmed = graph.copy()
    had_edges = {n for n in trimmed if trimmed.degree(n) > 0}
    trimmed.remove_edges_from([(a, b) for a, b, w in graph.edges(data="weight", default=1) if w < minimum])
    trimmed.remove_nodes_from([n for n in had_edges if trimmed.degree(n) == 0])
    return trimmed
