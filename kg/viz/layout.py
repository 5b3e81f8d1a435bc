"""Node positions, computed once in Python with a fixed seed so a page only draws.

Units: neighbouring nodes sit about 1 apart.  The org chart is a left-to-right tree
(one row per body, columns as wide as their longest label) so its labels can never
collide; other networks are laid out per connected component (stress majorisation on
graph distances when small, a vectorised force layout when large) and the components
packed in shelves.  Only numpy is used: no scipy.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import networkx as nx
import numpy as np

Position = tuple[float, float]
# The outline's units are rows: a label's font is about half a row high, and a character
# of DejaVu Sans about 0.6 of the font size wide on average.
CHAR_WIDTH = 0.34
INDENT = 1.0
COLUMN_GAP = 2.0
OUTLINE_ASPECT = 1.8  # a screen, or a landscape page
SINGLES_PER_BLOCK = 12
SEED = 7
STRESS_LIMIT = 300  # components up to this size get the (quadratic) stress layout


def compute_layout(graph: nx.Graph, kind: str, seed: int = SEED) -> dict[str, Position]:
    if graph.number_of_nodes() == 0:
        return {}
    if kind == "org" and graph.is_directed():
        return tree_layout(graph)
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    components = sorted(
        (sorted(c, key=str) for c in nx.connected_components(undirected)), key=lambda c: (-len(c), str(c[0]))
    )
    singles = [c[0] for c in components if len(c) == 1]
    blocks: list[dict[str, Position]] = []
    for nodes in components:
        if len(nodes) > 1:
            blocks.append(_component_layout(undirected.subgraph(nodes), seed))
    if singles:
        blocks.append(_grid(singles))
    return _pack(blocks)


def tree_layout(graph: nx.DiGraph, label_width: Callable[[str], float] | None = None) -> dict[str, Position]:
    """An outline of the bodies: one row per body, each under its parent and indented,
    trees packed in columns.  Edges point child -> parent.

    Labels go to the right of their node, and every edge runs down the parent's column
    then right to the child, so no edge crosses a label and no two labels meet.  The
    edge to the parent used in the outline gets ``tree=True`` (a second parent is drawn
    as a plain line).  ``label_width(node)`` is a label's width in rows (by default
    estimated from its length).
    """
    parent_of: dict[str, str] = {}
    for child in sorted(graph.nodes, key=str):
        for parent in sorted(graph.successors(child), key=str):
            if parent != child and not _is_ancestor(child, parent, parent_of):
                parent_of[child] = parent
                break
    for child, parent, data in graph.edges(data=True):
        data["tree"] = parent_of.get(child) == parent
    children: dict[str, list[str]] = {n: [] for n in graph.nodes}
    for child, parent in parent_of.items():
        children[parent].append(child)

    def label_key(node: str) -> tuple[str, str]:
        return (str(graph.nodes[node].get("label", node)), str(node))

    for kids in children.values():
        kids.sort(key=label_key)

    def outline(root: str) -> list[tuple[str, int]]:
        rows: list[tuple[str, int]] = []
        stack = [(root, 0)]
        while stack:
            node, depth = stack.pop()
            rows.append((node, depth))
            stack.extend((kid, depth + 1) for kid in reversed(children[node]))
        return rows

    roots = sorted((n for n in graph.nodes if n not in parent_of), key=lambda r: (-_size(r, children), label_key(r)))
    trees = [outline(root) for root in roots if children[root]]
    # bodies with neither parent nor part: one list, in rows of their own
    singles = [(root, 0) for root in roots if not children[root]]
    trees.extend(singles[start : start + SINGLES_PER_BLOCK] for start in range(0, len(singles), SINGLES_PER_BLOCK))

    def text_width(node: str) -> float:
        return label_width(node) if label_width else len(label_key(node)[0]) * CHAR_WIDTH

    def width_of(rows: list[tuple[str, int]]) -> float:
        return max(depth * INDENT + text_width(node) for node, depth in rows) + COLUMN_GAP

    total_rows = sum(len(t) + 1 for t in trees)
    mean_width = sum(width_of(t) * len(t) for t in trees) / max(1, sum(len(t) for t in trees))
    # as many columns as make the outline about OUTLINE_ASPECT times as wide as high:
    # c columns are c * mean_width wide and total_rows / c high
    columns = max(1, round(math.sqrt(OUTLINE_ASPECT * total_rows / mean_width))) if mean_width else 1
    height = max(max(len(t) for t in trees), math.ceil(total_rows / columns))
    positions: dict[str, Position] = {}
    column_x = 0.0
    row = 0
    column: list[tuple[str, int]] = []

    def close_column() -> None:
        nonlocal column_x, column
        if column:
            for index, (node, depth) in enumerate(column):
                if node:
                    positions[node] = (column_x + depth * INDENT, -float(index))
            column_x += width_of([(n, d) for n, d in column if n])
        column = []

    for tree in trees:
        if column and row + len(tree) > height:
            close_column()
            row = 0
        if column:
            column.append(("", 0))  # a blank row between trees
            row += 1
        column.extend(tree)
        row += len(tree)
    close_column()
    return positions


def _is_ancestor(node: str, candidate: str, parent_of: dict[str, str]) -> bool:
    """Would making ``candidate`` the parent of ``node`` close a cycle?"""
    seen = candidate
    for _ in range(len(parent_of) + 1):
        if seen == node:
            return True
        if seen not in parent_of:
            return False
        seen = parent_of[seen]
    return True


def _size(node: str, children: dict[str, list[str]]) -> int:
    return 1 + sum(_size(kid, children) for kid in children[node])


def _component_layout(component: nx.Graph, seed: int) -> dict[str, Position]:
    count = component.number_of_nodes()
    if count == 2:
        first, second = sorted(component.nodes, key=str)
        return {first: (0.0, 0.0), second: (1.6, 0.0)}
    positions = stress_layout(component) if count <= STRESS_LIMIT else force_layout(component, seed)
    return _normalise(positions, component)


def stress_layout(graph: nx.Graph, iterations: int = 300) -> dict[str, Position]:
    """Place nodes so that drawn distances follow graph distances (stress majorisation).

    Starts from classical scaling of the distance matrix, so the result depends on the
    graph only (no random start); the updates are the weighted Jacobi form of SMACOF.
    """
    nodes = sorted(graph.nodes, key=str)
    count = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    distance = np.zeros((count, count))
    for source, lengths in nx.all_pairs_shortest_path_length(graph):
        row = index[source]
        for target, length in lengths.items():
            distance[row, index[target]] = length
    squared = distance**2
    centring = np.eye(count) - 1.0 / count
    gram = -0.5 * centring @ squared @ centring
    values, vectors = np.linalg.eigh(gram)
    top = np.argsort(values)[::-1][:2]
    pos = vectors[:, top] * np.sqrt(np.maximum(values[top], 1e-9))
    pos *= np.where(pos.sum(axis=0) < 0, -1.0, 1.0)  # eigenvector signs are arbitrary: fix them
    pos += np.linspace(0, 1e-3, count)[:, None] * np.array([1.0, -1.0])  # no two nodes on one spot
    weight = np.zeros_like(distance)
    off_diagonal = distance > 0
    weight[off_diagonal] = distance[off_diagonal] ** -2.0
    total_weight = weight.sum(axis=1)[:, None]
    for _ in range(iterations):
        squared_norms = (pos**2).sum(axis=1)
        drawn2 = squared_norms[:, None] + squared_norms[None, :] - 2 * pos @ pos.T
        drawn = np.sqrt(np.maximum(drawn2, 1e-12))
        pull = weight * distance / drawn
        # sum over j of w_ij x_j + pull_ij (x_i - x_j), as matrix products
        moved = (weight @ pos + pull.sum(axis=1)[:, None] * pos - pull @ pos) / total_weight
        if np.abs(moved - pos).max() < 1e-4:
            pos = moved
            break
        pos = moved
    return {str(node): (float(pos[i, 0]), float(pos[i, 1])) for i, node in enumerate(nodes)}


def _normalise(positions: dict[str, Position], graph: nx.Graph) -> dict[str, Position]:
    """Scale so that the median edge is 1.6 units long."""
    lengths = [math.dist(positions[str(a)], positions[str(b)]) for a, b in graph.edges()]
    lengths = [length for length in lengths if length > 0]
    if not lengths:
        return positions
    factor = 1.6 / float(np.median(lengths))
    return {n: (x * factor, y * factor) for n, (x, y) in positions.items()}


def force_layout(graph: nx.Graph, seed: int = SEED, iterations: int | None = None) -> dict[str, Position]:
    """Fruchterman-Reingold with numpy: exact repulsion inside grid cells, cell centroids
    further away, so a 5,000-node graph takes seconds instead of networkx's half minute."""
    nodes = sorted(graph.nodes, key=str)
    count = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    edges = np.array([(index[a], index[b]) for a, b in graph.edges() if a != b], dtype=np.int64).reshape(-1, 2)
    rng = np.random.default_rng(seed)
    pos = rng.uniform(-1.0, 1.0, (count, 2)) * math.sqrt(count)
    steps = iterations or (120 if count < 2000 else 90)
    temperature = math.sqrt(count) / 4
    cooling = (0.02 / temperature) ** (1 / steps)
    cells = int(min(20, max(4, math.sqrt(count / 8))))
    for _ in range(steps):
        low = pos.min(axis=0)
        span = np.maximum(pos.max(axis=0) - low, 1e-9)
        cell_xy = np.minimum((pos - low) / span * cells, cells - 1).astype(np.int64)
        cell_id = cell_xy[:, 0] * cells + cell_xy[:, 1]
        mass = np.bincount(cell_id, minlength=cells * cells).astype(float)
        occupied = np.flatnonzero(mass)
        sums = np.stack([np.bincount(cell_id, pos[:, d], cells * cells) for d in (0, 1)], axis=1)
        centroids = sums[occupied] / mass[occupied, None]
        delta = pos[:, None, :] - centroids[None, :, :]
        dist2 = np.maximum((delta**2).sum(axis=2), 1e-4)
        strength = mass[occupied][None, :] / dist2
        strength[cell_id[:, None] == occupied[None, :]] = 0.0  # own cell: done exactly below
        shift = (delta * strength[:, :, None]).sum(axis=1)
        order = np.argsort(cell_id, kind="stable")
        bounds = np.searchsorted(cell_id[order], occupied, side="left")
        ends = np.searchsorted(cell_id[order], occupied, side="right")
        for start, end in zip(bounds, ends, strict=True):
            if end - start > 1:
                members = order[start:end]
                near = pos[members][:, None, :] - pos[members][None, :, :]
                near_dist2 = np.maximum((near**2).sum(axis=2), 1e-4)
                np.fill_diagonal(near_dist2, np.inf)
                shift[members] += (near / near_dist2[:, :, None]).sum(axis=1)
        if len(edges):
            pull = pos[edges[:, 0]] - pos[edges[:, 1]]
            length = np.sqrt((pull**2).sum(axis=1))[:, None]
            np.add.at(shift, edges[:, 0], -pull * length)
            np.add.at(shift, edges[:, 1], pull * length)
        shift -= pos * 0.01  # a little gravity keeps loose branches in
        norm = np.maximum(np.sqrt((shift**2).sum(axis=1)), 1e-9)[:, None]
        pos += shift / norm * np.minimum(norm, temperature)
        temperature *= cooling
    return {str(node): (float(pos[i, 0]), float(pos[i, 1])) for i, node in enumerate(nodes)}


def _grid(nodes: list[str]) -> dict[str, Position]:
    per_row = max(1, math.ceil(math.sqrt(len(nodes))))
    return {node: (1.6 * (i % per_row), -1.6 * (i // per_row)) for i, node in enumerate(nodes)}


def _pack(blocks: list[dict[str, Position]], margin: float = 1.4) -> dict[str, Position]:
    """Shelf-pack the components left to right, largest first, in rows of similar width."""
    boxes = []
    for block in blocks:
        xs = [p[0] for p in block.values()]
        ys = [p[1] for p in block.values()]
        boxes.append((min(xs), min(ys), max(xs) - min(xs) + margin, max(ys) - min(ys) + margin))
    area = sum(w * h for _, _, w, h in boxes)
    row_width = max(max((w for *_, w, _ in boxes), default=1.0), math.sqrt(area) * 1.3)
    placed: dict[str, Position] = {}
    x = y = row_height = 0.0
    for block, (left, bottom, width, height) in zip(blocks, boxes, strict=True):
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y - row_height, 0.0
        for node, (px, py) in block.items():
            placed[node] = (px - left + x, py - bottom + y - height)
        x += width
        row_height = max(row_height, height)
    return placed
