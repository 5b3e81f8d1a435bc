"""Networks as files for other tools: GraphML and GEXF (Gephi, Cytoscape), JSON node-link.

GraphML and GEXF hold scalar values only, so lists become text: lists of names are
joined with " | ", the source sentences (a list of records) are written as JSON text.
The JSON file keeps lists and records as they are.  Every attribute the viewer uses is
kept: type, label, IRI, degree, centrality, position, facts and sources.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import networkx as nx

from kg.viz.prepare import type_colour
from kg.viz.projections import Network

LIST_SEPARATOR = " | "


def scalar_graph(network: Network) -> nx.Graph:
    """A copy of the network whose attribute values are all str, int, float or bool."""
    graph = network.graph
    flat: nx.Graph = nx.DiGraph() if graph.is_directed() else nx.Graph()
    flat.graph.update(
        {key: _scalar(value) for key, value in graph.graph.items() if key != "prepared" and value is not None}
    )
    flat.graph.setdefault("kind", network.kind)
    flat.graph.setdefault("title", network.title)
    if network.notes:
        flat.graph["filters"] = LIST_SEPARATOR.join(network.notes)
    for node, data in graph.nodes(data=True):
        flat.add_node(str(node), **{key: _scalar(value) for key, value in data.items() if value is not None})
    for source, target, data in graph.edges(data=True):
        values = {key: _scalar(value) for key, value in data.items() if value is not None}
        # one type per attribute (GraphML declares it once): weights are always real numbers
        values["weight"] = float(data.get("weight", 1))
        flat.add_edge(str(source), str(target), **values)
    return flat


def _scalar(value: Any) -> str | int | float | bool:
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else list(value)
        if all(isinstance(item, str | int | float) for item in items):
            return LIST_SEPARATOR.join(str(item) for item in items)
        return json.dumps(items, ensure_ascii=False, sort_keys=True)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def write_graphml(network: Network, path: Path) -> None:
    nx.write_graphml(scalar_graph(network), path, encoding="utf-8", prettyprint=True)


def write_gexf(network: Network, path: Path) -> None:
    """GEXF with Gephi's own position, colour and size for every node, so it opens drawn."""
    flat = scalar_graph(network)
    largest = max((d.get("degree", 0) for _, d in flat.nodes(data=True)), default=0) or 1
    for _, data in flat.nodes(data=True):
        colour = type_colour(str(data.get("type", "")))
        red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        data["viz"] = {
            "position": {"x": float(data.get("x", 0.0)) * 40, "y": float(data.get("y", 0.0)) * 40, "z": 0.0},
            "color": {"r": red, "g": green, "b": blue, "a": 1.0},
            "size": 4.0 + 16.0 * math.sqrt(float(data.get("degree", 0)) / largest),
        }
    nx.write_gexf(flat, path, encoding="utf-8", prettyprint=True)


def node_link(network: Network) -> dict[str, Any]:
    """The node-link form (as networkx's ``node_link_data`` with ``edges="links"``),
    written here so that it does not change with the networkx version."""
    graph = network.graph
    return {
        "directed": graph.is_directed(),
        "multigraph": False,
        "graph": {
            "kind": network.kind,
            "title": network.title,
            "filters": list(network.notes),
            "nodes": graph.number_of_nodes(),
            "links": graph.number_of_edges(),
        },
        "nodes": [{"id": str(node), **_plain(data)} for node, data in graph.nodes(data=True)],
        "links": [
            {"source": str(source), "target": str(target), **_plain(data)}
            for source, target, data in graph.edges(data=True)
        ],
    }


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    return {key: sorted(value) if isinstance(value, set | frozenset) else value for key, value in data.items()}


def write_json(network: Network, path: Path) -> None:
    text = json.dumps(node_link(network), ensure_ascii=False, indent=1, allow_nan=False)
    path.write_text(text + "\n", encoding="utf-8")
