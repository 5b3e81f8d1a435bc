"""One self-contained interactive page per network: no CDN, no third-party script.

The page carries its data as a JSON block and a small canvas renderer of our own
(``assets/network.js``); positions come from Python (:mod:`kg.viz.layout`), so the
browser only draws.  Opened from disk with the network off, it works the same.

Data block (all short keys, because a 5,000-node page should stay a few megabytes)::

    nodes:      [label, type index, x, y, degree, centrality]
    edges:      [source index, target index, weight, index in edgeLabels, 1 if an outline edge,
                 index in linkKinds]
    info:       per node {iri, facts: [...], sources: [[sentence, index in articles]]}
    articles:   [headline, url]
"""

from __future__ import annotations

import html
import json
from importlib import resources
from typing import Any

import networkx as nx

from kg.viz.prepare import TYPE_COLOURS, counted, link_style, prepare, type_colour, type_name
from kg.viz.projections import Network, Projector

# Beyond this many nodes the page still draws, but says how to narrow the network.
CROWDED_ABOVE = 5000
FILTER_HINT = (
    "narrow it with --body, --province, --person NAME --depth 1, --since/--until or --min-weight "
    "(kg viz {kind} --help), or with the Filters form of kg serve"
)


def render_html(network: Network, projector: Projector | None = None, *, crowded_above: int = CROWDED_ABOVE) -> str:
    """The whole page, ready to write to a file or send."""
    prepare(network, projector)
    payload = page_data(network)
    graph = network.graph
    count = graph.number_of_nodes()
    legend = "".join(
        f'<label><input type="checkbox" checked data-type="{index}">'
        f'<span class="swatch" style="background:{html.escape(kind["colour"])}"></span>'
        f"{html.escape(kind['name'])} <small>({kind['count']})</small></label>"
        for index, kind in enumerate(payload["types"])
    )
    links = "".join(
        f'<span class="link-kind"><i style="border-top-style:{_css_dash(kind["dash"])}"></i>'
        f"{html.escape(kind['name'])}</span>"
        for kind in payload["linkKinds"]
    )
    crowded = (
        f'<p class="note" id="crowded" role="status">This network has {count:,} nodes, too many to read at once: '
        f"{html.escape(FILTER_HINT.format(kind=network.kind))}.</p>"
        if count > crowded_above
        else ""
    )
    empty = '<p id="empty">No node to show: loosen the filters.</p>' if count == 0 else ""
    return _PAGE.format(
        title=html.escape(network.title),
        subtitle=html.escape(_subtitle(network)),
        count=count,
        nodes="node" if count == 1 else "nodes",
        edges=graph.number_of_edges(),
        legend=legend,
        links=links,
        crowded=crowded,
        empty=empty,
        data=script_json(payload),
        style=_asset("network.css"),
        script=_asset("network.js"),
    )


def page_data(network: Network) -> dict[str, Any]:
    """The JSON the page script reads (see the module docstring)."""
    graph = network.graph
    order = sorted(graph.nodes, key=str)
    index = {node: i for i, node in enumerate(order)}
    present = {str(graph.nodes[n].get("type", "other")) for n in order}
    type_keys = [t for t in TYPE_COLOURS if t in present] + sorted(present - set(TYPE_COLOURS))
    type_index = {t: i for i, t in enumerate(type_keys)}
    counts = {t: 0 for t in type_keys}
    nodes: list[list[Any]] = []
    info: list[dict[str, Any]] = []
    articles: dict[tuple[str, str], int] = {}
    for node in order:
        data = graph.nodes[node]
        kind = str(data.get("type", "other"))
        counts[kind] += 1
        nodes.append(
            [
                str(data.get("label") or node),
                type_index[kind],
                float(data.get("x", 0.0)),
                float(data.get("y", 0.0)),
                int(data.get("degree", 0)),
                float(data.get("centrality", 0.0)),
            ]
        )
        sources = []
        for source in data.get("provenance", []):
            key = (str(source.get("headline", "")), str(source.get("url", "")))
            sources.append([str(source.get("sentence", "")), articles.setdefault(key, len(articles))])
        entry: dict[str, Any] = {}
        if data.get("iri"):
            entry["iri"] = str(data["iri"])
        if data.get("facts"):
            entry["facts"] = [str(f) for f in data["facts"]]
        if sources:
            entry["sources"] = sources
        info.append(entry)
    edge_labels: dict[str, int] = {}
    link_kinds: dict[str, int] = {}
    edges = []
    for source, target, data in sorted(graph.edges(data=True), key=lambda e: (index[e[0]], index[e[1]])):
        label = str(data.get("label") or data.get("kind") or "")
        weight = data.get("weight", 1)
        tree = 1 if data.get("tree") else 0  # drawn as an elbow in the org chart's outline
        kind = link_kinds.setdefault(str(data.get("kind", "")), len(link_kinds))
        edges.append(
            [index[source], index[target], weight, edge_labels.setdefault(label, len(edge_labels)), tree, kind]
        )
    return {
        "kind": network.kind,
        "directed": graph.is_directed(),
        "types": [{"key": t, "name": type_name(t), "colour": type_colour(t), "count": counts[t]} for t in type_keys],
        "nodes": nodes,
        "edges": edges,
        "edgeLabels": list(edge_labels),
        "linkKinds": [
            {"key": kind, "name": link_style(kind).name, "dash": list(link_style(kind).dash)} for kind in link_kinds
        ],
        "info": info,
        "articles": [list(key) for key in articles],
    }


def script_json(value: Any) -> str:
    """JSON safe inside <script>: every "<" is written as \\u003c, so no "</script>" or
    "<!--" in a label can end or confuse the block."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _subtitle(network: Network) -> str:
    graph: nx.Graph = network.graph
    parts = [counted(graph.number_of_edges(), "link"), *network.notes]
    return " · ".join(parts)


def _css_dash(dash: list[int]) -> str:
    if not dash:
        return "solid"
    return "dotted" if dash[0] <= 2 else "dashed"


def _asset(name: str) -> str:
    return resources.files("kg.viz").joinpath("assets", name).read_text(encoding="utf-8")


_PAGE = """<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kg viz">
<title>{title}</title>
<style>
{style}</style>
</head>
<body>
<header>
<h1>{title}</h1>
<p class="sub"><span id="node-count">{count}</span> {nodes} · {subtitle}.
Drag to move, wheel to zoom, click a node for its facts and sources.</p>
<div class="finder"><input id="search" type="search" placeholder="Find a name…" autocomplete="off"
 aria-label="Find a node by name" lang="vi"><ul id="matches" hidden></ul></div>
<fieldset class="types"><legend>Show</legend>{legend}</fieldset>
<p class="links">{links}</p>
<div class="tools"><label>Size by <select id="size-by"><option value="degree">links</option>
<option value="centrality">centrality</option></select></label>
<button type="button" id="zoom-in" aria-label="Zoom in">+</button>
<button type="button" id="zoom-out" aria-label="Zoom out">−</button>
<button type="button" id="fit">Fit</button></div>
</header>
{crowded}
<main>
<canvas id="network" role="img" aria-label="{title}: {count} nodes, {edges} links"></canvas>
{empty}
<div id="tip" hidden></div>
<aside id="panel" hidden aria-live="polite"></aside>
</main>
<noscript><p class="note">This page needs JavaScript to draw the network.</p></noscript>
<script type="application/json" id="graph-data">{data}</script>
<script>
{script}</script>
</body>
</html>
"""
