"""Static figures (PNG, SVG) with matplotlib, for reports.

* Text is set in DejaVu Sans (shipped with matplotlib), which has every Vietnamese
  letter: "Phan Xuân Thủy", "Ủy ban" print with their diacritics.
* No two labels overlap, and no label covers a node: each label is measured and placed
  only where it is free (right, left, above or below its node), most connected nodes
  first; a label that finds no room is left out (the HTML page shows every name).
* The org chart is an outline whose columns are as wide as their measured labels, so
  there every label fits.
* A title, a line saying what is shown (counts, filters) and a legend of node types and
  link kinds.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

from kg.viz.dates import display_date
from kg.viz.layout import tree_layout
from kg.viz.prepare import counted, link_style, type_colour, type_name
from kg.viz.projections import Network

FONT = "DejaVu Sans"
LABEL_SIZE = 8.0  # points
ROW_INCHES = LABEL_SIZE * 1.9 / 72  # one outline row of the org chart
MAX_LABELS = 250
MAX_EDGE_LABELS = 80  # captions on links (posts, meetings shared) for small networks only
EDGE_LABEL_SIZE = 6.5
# labels sit on a light patch, so that a link passing under them does not cross the letters
LABEL_BACKGROUND = {"boxstyle": "square,pad=0.05", "facecolor": "white", "edgecolor": "none", "alpha": 0.8}
DPI = 150

RC = {"font.family": FONT, "svg.fonttype": "path", "axes.unicode_minus": False}

Box = tuple[float, float, float, float]


def write_figure(network: Network, path: Path, file_format: str) -> None:
    """Draw the network (already prepared) into ``path`` as ``png`` or ``svg``."""
    import matplotlib

    with matplotlib.rc_context(RC):
        figure = draw_figure(network)
        figure.savefig(path, format=file_format, dpi=_dpi(figure), facecolor="white")


def draw_figure(network: Network) -> Any:
    """The matplotlib Figure of the network (no pyplot, so no global state is touched)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context(RC):
        figure = Figure()
        FigureCanvasAgg(figure)  # a renderer to measure text with
        if network.kind == "org" and network.graph.is_directed():
            _draw_outline(figure, network)
        else:
            _draw_network(figure, network)
    return figure


def _dpi(figure: Any) -> float:
    # large figures get fewer dots per inch, so that a picture stays under ~12,000 pixels a side
    width, height = figure.get_size_inches()
    return float(max(50, min(DPI, 12000 / max(width, height))))


def _text_width(figure: Any, size: float) -> Callable[[str], float]:
    """Width of a label in points, measured by the renderer."""
    from matplotlib.font_manager import FontProperties

    renderer = figure.canvas.get_renderer()
    properties = FontProperties(family=FONT, size=size)
    scale = 72.0 / figure.dpi

    def width(text: str) -> float:
        measured, _, _ = renderer.get_text_width_height_descent(text, properties, ismath=False)
        return float(measured) * scale

    return width


def _header(figure: Any, network: Network, top: float) -> None:
    graph = network.graph
    figure.text(0.5, 1 - 0.30 / top, network.title, ha="center", va="center", fontsize=14, fontweight="bold")
    facts = [counted(graph.number_of_nodes(), "node"), counted(graph.number_of_edges(), "link"), *network.notes]
    figure.text(0.5, 1 - 0.62 / top, " · ".join(facts), ha="center", va="center", fontsize=9, color="#444444")


def _legend(figure: Any, network: Network, bottom_inches: float, height: float) -> None:
    from matplotlib.lines import Line2D

    graph = network.graph
    counts = Counter(str(data.get("type", "other")) for _, data in graph.nodes(data=True))
    handles = [
        Line2D(
            [], [], marker="o", linestyle="", markersize=8, color=type_colour(kind), label=f"{type_name(kind)} ({n})"
        )
        for kind, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    kinds = sorted({str(d.get("kind", "")) for _, _, d in graph.edges(data=True)} - {""})
    for kind in kinds:
        style, text = link_style(kind).line, link_style(kind).name
        handles.append(Line2D([], [], color="#777777", linestyle=style, linewidth=1.4, label=text))
    if handles:
        figure.legend(
            handles=handles,
            loc="lower center",
            bbox_to_anchor=(0.5, 0.12 / height),
            ncol=min(len(handles), 4),
            frameon=False,
            fontsize=8.5,
            handlelength=2.2,
        )


# --- the org chart: an outline ---------------------------------------------------------------


def _draw_outline(figure: Any, network: Network) -> None:
    graph = network.graph
    if graph.number_of_nodes() == 0:
        _draw_empty(figure, network)
        return
    row_points = ROW_INCHES * 72
    measure = _text_width(figure, LABEL_SIZE)
    # label widths in rows, measured, plus the gap between the node and its label
    widths = {node: (measure(_label(graph, node)) + 6) / row_points for node in graph.nodes}
    positions = tree_layout(graph, label_width=lambda node: widths[node])
    left = min(x for x, _ in positions.values()) - 0.8
    right = max(x + widths[node] for node, (x, _) in positions.items()) + 0.5
    low = min(y for _, y in positions.values()) - 0.8
    high = max(y for _, y in positions.values()) + 0.8
    top, bottom = 0.95, 0.5 + 0.25 * _legend_rows(graph)
    width = max(6.0, (right - left) * ROW_INCHES + 0.4)
    height = (high - low) * ROW_INCHES + top + bottom
    figure.set_size_inches(width, height)
    axes = figure.add_axes((0.2 / width, bottom / height, 1 - 0.4 / width, 1 - (top + bottom) / height))
    axes.set_xlim(left, left + (1 - 0.4 / width) * width / ROW_INCHES)
    axes.set_ylim(low, high)
    axes.set_axis_off()
    from matplotlib.collections import LineCollection

    elbows = []
    others = []
    for child, parent, data in graph.edges(data=True):
        (cx, cy), (px, py) = positions[child], positions[parent]
        if data.get("tree"):
            elbows.append([(px, py), (px, cy), (cx, cy)])
        else:
            others.append([(cx, cy), (px, py)])
    axes.add_collection(LineCollection(elbows, colors="#9a9a9a", linewidths=0.8, zorder=1))
    if others:
        axes.add_collection(LineCollection(others, colors="#9a9a9a", linewidths=0.8, linestyles="--", zorder=1))
    largest = max((d.get("degree", 0) for _, d in graph.nodes(data=True)), default=1) or 1
    for node, (x, y) in positions.items():
        data = graph.nodes[node]
        size = 3.0 + 5.0 * math.sqrt(data.get("degree", 0) / largest)
        axes.plot([x], [y], marker="o", markersize=size, color=type_colour(str(data.get("type"))), zorder=2)
        axes.annotate(
            _label(graph, node),
            (x, y),
            xytext=(3 + size / 2, 0),
            textcoords="offset points",
            va="center",
            ha="left",
            fontsize=LABEL_SIZE,
            zorder=3,
        )
    _header(figure, network, height)
    _legend(figure, network, bottom, height)


def _legend_rows(graph: nx.Graph) -> int:
    kinds = {d.get("type") for _, d in graph.nodes(data=True)} | {d.get("kind") for _, _, d in graph.edges(data=True)}
    return max(1, math.ceil(len(kinds) / 4))


def _label(graph: nx.Graph, node: Any) -> str:
    return str(graph.nodes[node].get("label") or node)


def _draw_empty(figure: Any, network: Network) -> None:
    figure.set_size_inches(6, 2.5)
    _header(figure, network, 2.5)
    figure.text(0.5, 0.4, "No node to show: loosen the filters.", ha="center", fontsize=10, color="#666666")


# --- the other networks: a drawing with placed labels ----------------------------------------


def _draw_network(figure: Any, network: Network) -> None:
    from matplotlib.collections import LineCollection
    from matplotlib.patches import FancyArrowPatch

    graph = network.graph
    if graph.number_of_nodes() == 0:
        _draw_empty(figure, network)
        return
    positions = {node: (float(d.get("x", 0.0)), float(d.get("y", 0.0))) for node, d in graph.nodes(data=True)}
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    span_x = max(xs) - min(xs) or 1.0
    span_y = max(ys) - min(ys) or 1.0
    # inches per unit (a link is 1.6 units): small networks get room for the captions of
    # their links, all stay within the width a report allows
    count = graph.number_of_nodes()
    unit = min(1.0 if count <= 30 else 0.7 if count <= 100 else 0.55, 14.0 / span_x, 14.0 / span_y)
    unit = max(unit, min(6.0 / span_x, 4.0 / span_y))
    margin_x = 2.4  # room for the labels of the outermost nodes
    top, bottom = 0.95, 0.5 + 0.25 * _legend_rows(graph)
    width = max(7.0, span_x * unit + 2 * margin_x)
    plot_height = max(3.0, span_y * unit + 0.6)
    height = plot_height + top + bottom
    figure.set_size_inches(width, height)
    axes = figure.add_axes((0, bottom / height, 1, plot_height / height))
    middle_x, middle_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    axes.set_xlim(middle_x - width / unit / 2, middle_x + width / unit / 2)
    axes.set_ylim(middle_y - plot_height / unit / 2, middle_y + plot_height / unit / 2)
    axes.set_axis_off()

    weights = [float(d.get("weight", 1)) for _, _, d in graph.edges(data=True)]
    heaviest = max(weights, default=1.0)
    many = graph.number_of_edges() > 400
    by_style: dict[str, tuple[list[Any], list[float]]] = {}
    for (source, target, data), weight in zip(graph.edges(data=True), weights, strict=True):
        style = link_style(str(data.get("kind", ""))).line
        line_width = 0.6 if many else 0.8 + 3.2 * math.sqrt((weight - 1) / (heaviest - 1)) if heaviest > 1 else 0.9
        segments, widths = by_style.setdefault(style, ([], []))
        segments.append([positions[source], positions[target]])
        widths.append(line_width)
    for style, (segments, widths) in by_style.items():
        axes.add_collection(
            LineCollection(segments, colors="#8a8a8a", linewidths=widths, linestyles=style, alpha=0.8, zorder=1)
        )

    largest = max((d.get("degree", 0) for _, d in graph.nodes(data=True)), default=1) or 1
    crowd = 1.0 if graph.number_of_nodes() <= 300 else 0.45
    marker = {node: crowd * (4.0 + 9.0 * math.sqrt(d.get("degree", 0) / largest)) for node, d in graph.nodes(data=True)}
    for kind in sorted({str(d.get("type")) for _, d in graph.nodes(data=True)}):
        nodes = [n for n, d in graph.nodes(data=True) if str(d.get("type")) == kind]
        axes.scatter(
            [positions[n][0] for n in nodes],
            [positions[n][1] for n in nodes],
            s=[marker[n] ** 2 for n in nodes],
            color=type_colour(kind),
            edgecolors="white",
            linewidths=0.6,
            zorder=3,
        )
    if graph.is_directed() and graph.number_of_edges() <= 400:
        for source, target in graph.edges():
            axes.add_patch(
                FancyArrowPatch(
                    positions[source],
                    positions[target],
                    arrowstyle="-|>",
                    mutation_scale=9,
                    color="#6a6a6a",
                    linewidth=0,
                    shrinkA=0,
                    shrinkB=marker[target] / 2 + 1,
                    zorder=2,
                )
            )
    _header(figure, network, height)
    _legend(figure, network, bottom, height)
    taken = _place_labels(figure, axes, graph, positions, marker)
    if graph.number_of_edges() <= MAX_EDGE_LABELS:
        _place_edge_labels(figure, axes, graph, positions, taken)


def _place_labels(
    figure: Any, axes: Any, graph: nx.Graph, positions: dict[Any, tuple[float, float]], marker: dict[Any, float]
) -> list[Box]:
    """Label the most connected nodes first, each where it overlaps no node and no label
    placed so far, and crosses as few links as possible.  Returns the boxes taken."""
    from matplotlib.font_manager import FontProperties

    renderer = figure.canvas.get_renderer()
    properties = FontProperties(family=FONT, size=LABEL_SIZE)
    to_pixels = axes.transData.transform
    dots = figure.dpi / 72.0
    pixels = {node: tuple(to_pixels(xy)) for node, xy in positions.items()}
    taken: list[Box] = []
    discs: dict[Any, Box] = {}
    for node, (px, py) in pixels.items():  # the nodes themselves are obstacles
        radius = marker[node] / 2 * dots
        discs[node] = (px - radius, py - radius, px + radius, py + radius)
        taken.append(discs[node])
    segments = [(*pixels[a], *pixels[b]) for a, b in graph.edges() if a != b] if graph.number_of_edges() <= 3000 else []
    area = axes.bbox
    order = sorted(graph.nodes, key=lambda n: (-graph.nodes[n].get("degree", 0), _label(graph, n)))
    placed = 0
    for node in order:
        if placed >= MAX_LABELS:
            break
        text = _label(graph, node)
        width, height, _ = renderer.get_text_width_height_descent(text, properties, ismath=False)
        width, height = width + 2, height + 2
        px, py = pixels[node]
        gap = (marker[node] / 2 + 2.5) * dots
        slant = gap * 0.7
        # lower-left corners of the candidate boxes: right, left, above, below, then the corners
        corners = (
            (px + gap, py - height / 2),
            (px - gap - width, py - height / 2),
            (px - width / 2, py + gap),
            (px - width / 2, py - gap - height),
            (px + slant, py + slant),
            (px + slant, py - slant - height),
            (px - slant - width, py + slant),
            (px - slant - width, py - slant - height),
        )
        best: tuple[int, Box] | None = None
        for x0, y0 in corners:
            box = (x0, y0, x0 + width, y0 + height)
            if box[0] < area.x0 or box[2] > area.x1 or box[1] < area.y0 or box[3] > area.y1:
                continue
            if any(_overlap(box, other) for other in taken if other is not discs[node]):
                continue
            crossings = sum(1 for segment in segments if _crosses(box, segment))
            if best is None or crossings < best[0]:
                best = (crossings, box)
            if crossings == 0:
                break
        if best is None:
            continue
        box = best[1]
        taken.append(box)
        placed += 1
        axes.annotate(
            text,
            # in fractions of the figure, which stay true when savefig changes the dpi
            ((box[0] + 1) / figure.bbox.width, (box[1] + box[3]) / 2 / figure.bbox.height),
            xycoords="figure fraction",
            ha="left",
            va="center",
            fontsize=LABEL_SIZE,
            zorder=4,
            bbox=LABEL_BACKGROUND,
        )
    return taken


def _crosses(box: Box, segment: tuple[float, float, float, float]) -> bool:
    """Does the segment pass through the box?  (Liang-Barsky clipping.)"""
    x1, y1, x2, y2 = segment
    if max(x1, x2) < box[0] or min(x1, x2) > box[2] or max(y1, y2) < box[1] or min(y1, y2) > box[3]:
        return False
    dx, dy = x2 - x1, y2 - y1
    low, high = 0.0, 1.0
    for p, q in ((-dx, x1 - box[0]), (dx, box[2] - x1), (-dy, y1 - box[1]), (dy, box[3] - y1)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


def edge_caption(data: dict[str, Any]) -> str | None:
    """What a link says on a figure: the posts held, or the number of meetings shared."""
    kind = data.get("kind")
    if kind == "position":
        roles = "; ".join(str(role) for role in data.get("roles", []))
        dates = ", ".join(display_date(str(d)) for d in data.get("dates", []))
        return "\n".join(part for part in (roles, dates) if part) or None
    if kind == "co-attended":
        return str(data.get("weight", ""))
    return None


def _place_edge_labels(
    figure: Any, axes: Any, graph: nx.Graph, positions: dict[Any, tuple[float, float]], taken: list[Box]
) -> None:
    """Captions at the middle of the links, where they overlap nothing already placed."""
    renderer = figure.canvas.get_renderer()
    area = axes.bbox
    edges = sorted(graph.edges(data=True), key=lambda e: (-float(e[2].get("weight", 1)), str(e[0]), str(e[1])))
    for source, target, data in edges:
        caption = edge_caption(data)
        if not caption:
            continue
        (x1, y1), (x2, y2) = positions[source], positions[target]
        for share in (0.5, 0.35, 0.65):
            middle = (x1 + (x2 - x1) * share, y1 + (y2 - y1) * share)
            label = axes.annotate(
                caption,
                middle,
                ha="center",
                va="center",
                fontsize=EDGE_LABEL_SIZE,
                color="#555555",
                zorder=4,
                bbox=LABEL_BACKGROUND,
            )
            extent = label.get_window_extent(renderer)
            box = (extent.x0, extent.y0, extent.x1, extent.y1)
            inside = box[0] >= area.x0 and box[2] <= area.x1 and box[1] >= area.y0 and box[3] <= area.y1
            if inside and not any(_overlap(box, other) for other in taken):
                taken.append(box)
                break
            label.remove()


def _overlap(first: Box, second: Box) -> bool:
    return not (first[2] <= second[0] or second[2] <= first[0] or first[3] <= second[1] or second[3] <= first[1])
