"""What every writer needs before it draws: sizes, positions and the side panel's facts.

Done once per network (the graph remembers it), after the filters, so only the nodes
shown are described and laid out.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.viz.enrich import enrich
from kg.viz.layout import compute_layout
from kg.viz.projections import Network, Projector, annotate

# Colours from the Okabe-Ito palette, told apart also by colour-blind readers.
TYPE_COLOURS: dict[str, str] = {
    "body": "#0072B2",
    "person": "#D55E00",
    "meeting": "#009E73",
    "document": "#CC79A7",
}
OTHER_COLOUR = "#777777"
TYPE_NAMES: dict[str, str] = {
    "body": "Body",
    "person": "Person",
    "meeting": "Meeting",
    "document": "Document",
}


@dataclass(frozen=True, slots=True)
class LinkStyle:
    """How a kind of link is drawn (matplotlib line style, canvas dash) and named in legends."""

    name: str
    line: str = "-"
    dash: tuple[int, ...] = ()


LINK_STYLES: dict[str, LinkStyle] = {
    "part of": LinkStyle("part of (child → parent)"),
    "position": LinkStyle("holds a post in"),
    "co-attended": LinkStyle("attended the same meetings (width: how many)"),
    "issued": LinkStyle("issued"),
    "refers to": LinkStyle("refers to / continues", "--", (6, 4)),
    "discussed": LinkStyle("discussed at the meeting", ":", (2, 3)),
}


def link_style(kind: str) -> LinkStyle:
    return LINK_STYLES.get(kind, LinkStyle(kind or "link"))


def counted(number: int, noun: str) -> str:
    """ "1 link", "2 links", "1,024 nodes"."""
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def type_colour(kind: str) -> str:
    return TYPE_COLOURS.get(kind, OTHER_COLOUR)


def type_name(kind: str) -> str:
    return TYPE_NAMES.get(kind, kind.capitalize() or "Other")


def prepare(network: Network, projector: Projector | None = None) -> Network:
    """Set ``degree``, ``centrality``, ``x``, ``y`` on every node and, with a projector,
    ``facts`` and ``provenance`` (see :func:`kg.viz.enrich.enrich`).  Idempotent."""
    graph = network.graph
    if graph.graph.get("prepared"):
        return network
    for _, data in graph.nodes(data=True):
        data.setdefault("type", "other")
        data.setdefault("label", "")
    annotate(graph)
    if projector is not None:
        enrich(graph, projector)
    for node, (x, y) in compute_layout(graph, network.kind).items():
        graph.nodes[node]["x"] = round(x, 3)
        graph.nodes[node]["y"] = round(y, 3)
    graph.graph.update(kind=network.kind, title=network.title, subtitle=network.subtitle, prepared=True)
    return network
