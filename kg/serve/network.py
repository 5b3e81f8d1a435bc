"""The bridge to the network views of :mod:`kg.viz`: which kinds exist, and one drawn as a page.

Kept small on purpose: the pictures are :mod:`kg.viz`'s; this module only turns the
service's query-string filters into its filter objects and runs it in a query worker.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from typing import Any

from kg.serve.pages import VizKind
from kg.store import GraphStore

DESCRIPTIONS = {
    "org": "How bodies nest: every body under the body it is part of.",
    "people": "Who holds posts in which body; links carry the role and the dates.",
    "coattendance": "People who attended the same meetings; the thicker the link, the more meetings shared.",
    "documents": "Who issued which document, which documents continue others, and which meetings discussed them.",
}
FILTER_NAMES = ("body", "province", "person", "depth", "since", "until", "min_weight", "top")
# A network is drawn with at most this many nodes, the most linked first (?top= changes it):
# a whole store's network is thousands of nodes, which no page can lay out in a second
DEFAULT_TOP = 200
MAX_TOP = 2000
# what kg.viz must provide for the service to offer its networks
REQUIRED_MODULES = ("kg.viz.projections", "kg.viz.filters", "kg.viz.dates", "kg.viz.html")


def available() -> bool:
    try:
        return all(importlib.util.find_spec(name) is not None for name in REQUIRED_MODULES)
    except ModuleNotFoundError:  # kg.viz itself is missing
        return False


def viz_kinds() -> list[VizKind]:
    if not available():
        return []
    from kg.viz.projections import KINDS

    return [VizKind(name, title, DESCRIPTIONS.get(name, title)) for name, title in KINDS.items()]


def check_filters(filters: Mapping[str, str]) -> None:
    """ValueError with a readable reason for a filter value of the wrong shape."""
    if "depth" in filters and not filters["depth"].isdigit():
        raise ValueError(f"depth must be a whole number, not {filters['depth']!r}")
    if "min_weight" in filters:
        try:
            float(filters["min_weight"])
        except ValueError:
            raise ValueError(f"min_weight must be a number, not {filters['min_weight']!r}") from None
    if "top" in filters and not (filters["top"].isdigit() and 1 <= int(filters["top"]) <= MAX_TOP):
        raise ValueError(f"top must be a whole number from 1 to {MAX_TOP}, not {filters['top']!r}")


# The worker's store does not change while it runs: one Projector per store keeps every
# projection query's rows (read from the cache kg build wrote beside the store when it is
# valid, else from the store), and the whole projected networks are kept too (by kind and
# period; the filters work on copies), so at most the first network drawn in a worker pays.
_PROJECTORS: dict[int, Any] = {}
_PROJECTED: dict[tuple[str, str | None, str | None], Any] = {}
_CACHES: dict[int, tuple[GraphStore, Any]] = {}  # id(store) -> (store, its valid Cache or None)
PROJECTED_KEPT = 8


def _cache(store: GraphStore) -> Any:
    from kg.viz.cache import Cache

    kept = _CACHES.get(id(store))
    if kept is None or kept[0] is not store:
        _CACHES.clear()
        kept = _CACHES[id(store)] = (store, Cache.open(store))
    return kept[1]


def _projector(store: GraphStore) -> Any:
    from kg.viz.cache import UnionSource
    from kg.viz.projections import Projector

    found = _PROJECTORS.get(id(store))
    if found is None or found.source.store is not store:
        _PROJECTORS.clear()
        _PROJECTED.clear()
        cache = _cache(store)
        found = cache.projector(store) if cache is not None else Projector(UnionSource(store))
        _PROJECTORS[id(store)] = found
    return found


def _projected(kind: str, projector: Any, since: str | None, until: str | None) -> Any:
    from kg.viz.dates import Period
    from kg.viz.projections import project

    key = (kind, since, until)
    if key not in _PROJECTED:
        if len(_PROJECTED) >= PROJECTED_KEPT:
            _PROJECTED.pop(next(iter(_PROJECTED)))
        _PROJECTED[key] = project(kind, projector, Period.parse(since, until))
    return _PROJECTED[key]


def most_linked(network: Any, top: int) -> Any:
    """``network`` with only its ``top`` nodes of highest degree (ties by IRI), noted in its subtitle."""
    from kg.viz.cache import most_linked as kept

    return kept(network, top)


def is_default(filters: Mapping[str, str]) -> bool:
    """True for the view kg build precomputed: no filter, the default number of nodes."""
    return all(not value for name, value in filters.items() if name != "top") and (
        filters.get("top") in (None, "", str(DEFAULT_TOP))
    )


def render_network(store: GraphStore, kind: str, filters: Mapping[str, str]) -> str:
    """A self-contained HTML page of network ``kind`` with ``filters`` (runs in a query worker)."""
    from kg.serve.runner import TaskError
    from kg.viz.filters import ViewFilter, apply_filters
    from kg.viz.html import render_html
    from kg.viz.projections import Network
    from kg.viz.source import VizError

    def listed(name: str) -> tuple[str, ...]:
        return tuple(part.strip() for part in filters.get(name, "").split(";") if part.strip())

    try:
        check_filters(filters)
        if is_default(filters):
            cache = _cache(store)
            page = cache.page(kind) if cache is not None else None
            if page is not None:
                return page
        projector = _projector(store)
        network = _projected(kind, projector, filters.get("since"), filters.get("until"))
        view = ViewFilter(
            bodies=listed("body"),
            provinces=listed("province"),
            persons=listed("person"),
            depth=int(filters.get("depth") or 1),
            min_weight=float(filters["min_weight"]) if filters.get("min_weight") else None,
        )
        network = apply_filters(network, view, projector)
        network = most_linked(network, int(filters.get("top") or DEFAULT_TOP))
        # drawn on a copy (at most MAX_TOP nodes): the kept projection must stay as it was
        network = Network(network.kind, network.title, network.graph.copy(), list(network.notes))
        return str(render_html(network, projector))
    except (VizError, ValueError) as error:
        raise TaskError(400, str(error)) from None
