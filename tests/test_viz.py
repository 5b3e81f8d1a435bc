"""The network views: projections, filters, layout and writers.

Exact counts come from the hand-written store of tests/viz_sample.py (each number can be
worked out by reading it); the writers and the command run on the store the real pipeline
builds from data/articles, cross-checked against SPARQL counts of that store.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import networkx as nx
import pytest
import viz_sample
from click.testing import CliRunner
from serve_helpers import sample_store

from kg.cli import cli
from kg.viz import exports
from kg.viz.dates import Period
from kg.viz.filters import ViewFilter, apply_filters
from kg.viz.html import page_data, render_html
from kg.viz.layout import compute_layout, tree_layout
from kg.viz.prepare import prepare
from kg.viz.projections import KINDS, Network, Projector, project
from kg.viz.source import VizError
from kg.viz.static import draw_figure

ID = viz_sample.ID
THUY, HOA, TUAN, AN = (
    ID + "person/" + name for name in ("phan-xuan-thuy", "tran-thi-hoa", "le-van-tuan", "nguyen-van-an")
)


@pytest.fixture(scope="module")
def projector() -> Projector:
    return Projector(viz_sample.sample_source())


def network_of(projector: Projector, kind: str, since: str | None = None, until: str | None = None) -> Network:
    return project(kind, projector, Period.parse(since, until))


def labels(network: Network) -> set[str]:
    return {data["label"] for _, data in network.graph.nodes(data=True)}


# --- projections ---------------------------------------------------------------------------


def test_org_chart_is_bodies_and_their_nesting(projector: Projector) -> None:
    network = network_of(projector, "org")
    graph = network.graph
    assert graph.is_directed()
    assert {d["type"] for _, d in graph.nodes(data=True)} == {"body"}
    assert graph.number_of_nodes() == 7 and graph.number_of_edges() == 6
    # child -> parent
    assert graph.has_edge(ID + "body/btg-tn", ID + "body/tu-tn")
    assert not graph.has_edge(ID + "body/tu-tn", ID + "body/btg-tn")
    assert graph.nodes[ID + "body/btg-tn"]["provinces"] == ["Thái Nguyên"]


def test_org_chart_in_a_period_keeps_the_bodies_active_then_and_those_above(projector: Projector) -> None:
    network = network_of(projector, "org", since="2021", until="2021")
    # 2021: a post in each Quảng Bình body, a meeting organised by the Tỉnh ủy, a Kết luận
    # issued by the Bộ Chính trị; the party sits above them all
    assert labels(network) == {
        "Ban Tuyên giáo Tỉnh ủy Quảng Bình",
        "Tỉnh ủy Quảng Bình",
        "Bộ Chính trị",
        "Đảng Cộng sản Việt Nam",
    }
    assert network.graph.number_of_edges() == 3
    assert network.notes == ["period 2021-01-01 – 2021-12-31"]


def test_people_edges_carry_roles_and_dates(projector: Projector) -> None:
    graph = network_of(projector, "people").graph
    assert graph.number_of_nodes() == 11 and graph.number_of_edges() == 6
    edge = graph.edges[THUY, ID + "body/btgtw"]
    assert edge["roles"] == ["Phó Trưởng Ban"] and edge["dates"] == ["2020-09-18"]
    assert edge["label"] == "Phó Trưởng Ban (2020-09-18)"
    # Lê Văn Tuấn holds two posts in two bodies
    assert sorted(graph[TUAN]) == [ID + "body/btg-tn", ID + "body/tu-tn"]


def test_coattendance_weights_count_shared_meetings(projector: Projector) -> None:
    graph = network_of(projector, "coattendance").graph
    assert set(graph.nodes) == {THUY, HOA, TUAN, AN}  # only people, never the bodies that attended
    assert graph.edges[THUY, HOA]["weight"] == 3
    assert {(a, b): d["weight"] for a, b, d in graph.edges(data=True) if {a, b} != {THUY, HOA}} == {
        edge: 1 for edge in graph.edges if set(edge) != {THUY, HOA}
    }
    assert graph.number_of_edges() == 5


def test_period_keeps_the_meetings_in_it(projector: Projector) -> None:
    graph = network_of(projector, "coattendance", since="2021").graph
    # the meeting of 2020 and the one without a year drop out; that of 2021-03-02 stays
    assert graph.edges[THUY, HOA]["weight"] == 1
    assert set(graph.nodes) == {THUY, HOA, AN}
    assert network_of(projector, "coattendance", since="2022").graph.number_of_nodes() == 0


def test_documents_network(projector: Projector) -> None:
    graph = network_of(projector, "documents").graph
    d1, d2, d3 = (ID + f"document/{n}" for n in (1, 2, 3))
    assert graph.has_edge(ID + "body/bct", d1) and graph.edges[ID + "body/bct", d1]["kind"] == "issued"
    assert graph.edges[d2, d1]["kind"] == "refers to"
    assert graph.edges[ID + "meeting/2", d3]["kind"] == "discussed"
    assert graph.number_of_nodes() == 6 and graph.number_of_edges() == 6
    # in 2016 only Chỉ thị 05-CT/TW (dated 2016-05-15) and its issuer remain
    old = network_of(projector, "documents", since="2016", until="2016-12").graph
    assert set(old.nodes) == {d1, ID + "body/bct"}


def test_unknown_kind_and_bad_dates_are_one_line_errors(projector: Projector) -> None:
    with pytest.raises(VizError, match="unknown network kind 'orgs'"):
        project("orgs", projector)
    for since, until in (("2020-13", None), ("last year", None), ("2021", "2020")):
        with pytest.raises(ValueError) as caught:
            Period.parse(since, until)
        assert "\n" not in str(caught.value)
    assert set(KINDS) == {"org", "people", "coattendance", "documents"}


# --- filters -------------------------------------------------------------------------------


def test_body_filter_takes_the_body_and_what_is_under_it(projector: Projector) -> None:
    people = apply_filters(network_of(projector, "people"), ViewFilter(bodies=("Tỉnh ủy Thái Nguyên",)), projector)
    assert labels(people) == {"Tỉnh ủy Thái Nguyên", "Ban Tuyên giáo Tỉnh ủy Thái Nguyên", "Lê Văn Tuấn"}
    # the org chart also keeps the bodies above, to show where the body sits
    org = apply_filters(network_of(projector, "org"), ViewFilter(bodies=("tỉnh ủy thái nguyên",)), projector)
    assert labels(org) == {"Tỉnh ủy Thái Nguyên", "Ban Tuyên giáo Tỉnh ủy Thái Nguyên", "Đảng Cộng sản Việt Nam"}
    assert org.notes == ["body tỉnh ủy thái nguyên"]


def test_province_filter_with_or_without_diacritics(projector: Projector) -> None:
    for name in ("Quảng Bình", "quang binh"):
        network = apply_filters(network_of(projector, "people"), ViewFilter(provinces=(name,)), projector)
        assert labels(network) == {
            "Tỉnh ủy Quảng Bình",
            "Ban Tuyên giáo Tỉnh ủy Quảng Bình",
            "Trần Thị Hoa",
            "Nguyễn Văn An",
        }
    with pytest.raises(VizError, match="provinces here: .*Thái Nguyên"):
        apply_filters(network_of(projector, "people"), ViewFilter(provinces=("Cà Mau",)), projector)


def test_person_filter_is_an_ego_network(projector: Projector) -> None:
    whole = network_of(projector, "coattendance")
    for depth, expected in ((0, {THUY}), (1, {THUY, HOA, TUAN, AN})):
        ego = apply_filters(whole, ViewFilter(persons=("Phan Xuân Thuỷ",), depth=depth), projector)  # other tone style
        assert set(ego.graph.nodes) == expected
    people = apply_filters(network_of(projector, "people"), ViewFilter(persons=("phan xuan thuy",), depth=2), projector)
    # Thủy -> Ban Tuyên giáo Trung ương -> nobody else holds a post there
    assert labels(people) == {"Phan Xuân Thủy", "Ban Tuyên giáo Trung ương"}
    with pytest.raises(VizError, match="no person matches 'Hồ Chí Minh'"):
        apply_filters(whole, ViewFilter(persons=("Hồ Chí Minh",)), projector)


def test_min_weight_drops_light_links_and_the_nodes_they_leave(projector: Projector) -> None:
    heavy = apply_filters(network_of(projector, "coattendance"), ViewFilter(min_weight=2), projector)
    assert set(heavy.graph.nodes) == {THUY, HOA} and heavy.graph.number_of_edges() == 1


# --- side panel facts, layout ----------------------------------------------------------------


def test_nodes_get_facts_and_the_sentences_they_come_from(projector: Projector) -> None:
    network = prepare(network_of(projector, "people"), projector)
    thuy = network.graph.nodes[THUY]
    assert "positions: Phó Trưởng Ban — Ban Tuyên giáo Trung ương (2020-09-18)" in thuy["facts"]
    assert any(fact.startswith("chaired: Hội nghị báo cáo viên tháng 9") for fact in thuy["facts"])
    sentence = thuy["provenance"][0]
    assert "Phan Xuân Thủy" in sentence["sentence"]
    assert sentence["headline"] == "Tuyên truyền về đại hội đảng bộ các cấp"
    assert sentence["start"] == 0 and sentence["end"] == 120
    # the membership's own evidence reaches the body's panel too
    body = network.graph.nodes[ID + "body/btg-tn"]
    assert any("Lê Văn Tuấn" in source["sentence"] for source in body["provenance"])


def test_layout_is_stable_and_spreads_nodes() -> None:
    graph = nx.relabel_nodes(nx.connected_watts_strogatz_graph(60, 4, 0.3, seed=2), lambda n: f"n{n:02d}")
    first, second = compute_layout(graph, "people"), compute_layout(graph.copy(), "people")
    assert first == second
    closest = min(math.dist(first[a], first[b]) for a in first for b in first if a < b)
    assert closest > 0.2  # links are about 1.6 long: no two nodes sit on each other


def test_org_outline_gives_each_body_a_row_and_room_for_its_label(projector: Projector) -> None:
    graph = network_of(projector, "org").graph
    widths = {node: len(data["label"]) * 0.34 for node, data in graph.nodes(data=True)}
    positions = tree_layout(graph, label_width=lambda node: widths[node])
    assert len(set(positions.values())) == graph.number_of_nodes()
    for child, parent in graph.edges():
        assert positions[child][0] > positions[parent][0]  # indented under its parent
    # no label runs into a node of a column further right, on its row
    for node, (x, y) in positions.items():
        for other, (ox, oy) in positions.items():
            if other != node and oy == y and ox > x:
                assert x + widths[node] < ox


# --- writers ---------------------------------------------------------------------------------


def test_html_is_self_contained_and_escapes_its_data(projector: Projector) -> None:
    network = network_of(projector, "coattendance")
    network.graph.nodes[THUY]["label"] = "Phan Xuân Thủy</script><script>alert(1)</script>"
    page = render_html(network, projector)
    assert page.count("</script>") == 2  # the data block and the renderer, nothing from the data
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", page)
    assert "http://" not in page.split('id="graph-data">')[0]
    data_text = page.split('<script type="application/json" id="graph-data">')[1].split("</script>")[0]
    data = json.loads(data_text)
    assert len(data["nodes"]) == 4 and len(data["edges"]) == 5
    assert any(node[0].startswith("Phan Xuân Thủy</script>") for node in data["nodes"])
    assert '<span id="node-count">4</span>' in page


def test_crowded_page_says_how_to_filter(projector: Projector) -> None:
    network = network_of(projector, "people")
    assert 'id="crowded"' not in render_html(network, projector)
    page = render_html(network, projector, crowded_above=5)
    assert 'id="crowded"' in page and "--person" in page and "--min-weight" in page


def test_exports_keep_every_attribute(projector: Projector, tmp_path: Path) -> None:
    network = prepare(network_of(projector, "people"), projector)
    exports.write_graphml(network, tmp_path / "people.graphml")
    back = nx.read_graphml(tmp_path / "people.graphml")
    assert back.number_of_nodes() == 11 and back.number_of_edges() == 6
    thuy = back.nodes[THUY]
    original = network.graph.nodes[THUY]
    for key in ("label", "type", "iri", "degree", "centrality", "x", "y"):
        assert thuy[key] == original[key], key
    assert "Phó Trưởng Ban — Ban Tuyên giáo Trung ương" in thuy["facts"]
    assert json.loads(thuy["provenance"])[0]["headline"] == "Tuyên truyền về đại hội đảng bộ các cấp"
    edge = back.edges[THUY, ID + "body/btgtw"]
    assert edge["label"] == "Phó Trưởng Ban (2020-09-18)" and edge["weight"] == 1.0
    exports.write_gexf(network, tmp_path / "people.gexf")
    gexf = nx.read_gexf(tmp_path / "people.gexf")
    assert gexf.number_of_nodes() == 11 and gexf.nodes[THUY]["label"] == "Phan Xuân Thủy"
    assert gexf.nodes[THUY]["type"] == "person"
    exports.write_json(network, tmp_path / "people.json")
    linked = json.loads((tmp_path / "people.json").read_text(encoding="utf-8"))
    assert len(linked["nodes"]) == 11 and len(linked["links"]) == 6
    assert next(n for n in linked["nodes"] if n["id"] == THUY)["bodies"] == [ID + "body/btgtw"]


def test_figure_labels_every_node_without_overlap(projector: Projector) -> None:
    for kind in ("org", "people", "coattendance", "documents"):
        network = prepare(network_of(projector, kind), projector)
        figure = draw_figure(network)
        renderer = figure.canvas.get_renderer()
        texts = [t for axes in figure.axes for t in axes.texts]
        shown = {t.get_text() for t in texts}
        assert labels(network) <= shown, kind  # sample size: every node is named
        assert all(t.get_fontname() == "DejaVu Sans" for t in texts)
        boxes = [t.get_window_extent(renderer) for t in texts]
        for i, first in enumerate(boxes):
            for second in boxes[i + 1 :]:
                assert not first.overlaps(second), kind
        assert {t.get_text() for t in figure.texts} >= {network.title}


# --- the command on the store built from data/articles ------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_store(tmp_path_factory.getbasetemp())


def kg(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def count(store: Path, sparql: str) -> int:
    from kg.store import EmbeddedStore

    with EmbeddedStore(store, read_only=True) as opened:
        rows = list(opened.query(sparql, union_default_graph=True))
    return int(rows[0]["n"].value)


def test_every_kind_writes_every_format(built: Path, tmp_path: Path) -> None:
    for kind in KINDS:
        for suffix in (".html", ".png", ".svg", ".graphml", ".gexf", ".json"):
            target = tmp_path / f"{kind}{suffix}"
            code, output = kg("viz", kind, "--store", str(built), "-o", str(target))
            assert code == 0, output
            assert f"to {target}" in output
            assert target.stat().st_size > 500
        assert (tmp_path / f"{kind}.png").read_bytes().startswith(b"\x89PNG")
        assert b"<svg" in (tmp_path / f"{kind}.svg").read_bytes()[:400]
        graph = nx.read_graphml(tmp_path / f"{kind}.graphml")
        linked = json.loads((tmp_path / f"{kind}.json").read_text(encoding="utf-8"))
        assert graph.number_of_nodes() == len(linked["nodes"]) > 0
        assert all({"label", "type", "degree", "x", "y"} <= set(data) for _, data in graph.nodes(data=True))
    assert not list(tmp_path.glob(".*"))  # no temporary file left behind


def test_org_network_matches_the_store(built: Path, tmp_path: Path) -> None:
    code, _ = kg("viz", "org", "--store", str(built), "-o", str(tmp_path / "org.graphml"))
    assert code == 0
    graph = nx.read_graphml(tmp_path / "org.graphml")
    prefixes = "PREFIX org: <http://www.w3.org/ns/org#> "
    bodies = count(built, prefixes + "SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?b a org:Organization }")
    nesting = count(
        built,
        prefixes + "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?c ?p WHERE { ?c org:subOrganizationOf ?p } }",
    )
    assert graph.number_of_nodes() == bodies and graph.number_of_edges() == nesting
    names = {data["label"] for _, data in graph.nodes(data=True)}
    assert "Tỉnh ủy Nghệ An" in names  # the merged label, with its diacritics
    # the page of the same network counts the same nodes
    code, _ = kg("viz", "org", "--store", str(built), "-o", str(tmp_path / "org.html"))
    page = (tmp_path / "org.html").read_text(encoding="utf-8")
    assert f'<span id="node-count">{bodies}</span>' in page


def test_command_filters_and_errors(built: Path, tmp_path: Path) -> None:
    code, output = kg(
        "viz", "coattendance", "--store", str(built), "--person", "phan xuan thuy", "-o", str(tmp_path / "ego.json")
    )
    assert code == 0, output
    ego = json.loads((tmp_path / "ego.json").read_text(encoding="utf-8"))
    assert "Phan Xuân Thủy" in {node["label"] for node in ego["nodes"]}
    assert ego["graph"]["filters"] == ["around phan xuan thuy (depth 1)"]
    failures = {
        "unknown file type '.pdf'": ("org", "-o", str(tmp_path / "org.pdf")),
        "expected YYYY, YYYY-MM or YYYY-MM-DD": ("org", "--since", "18/9/2020", "-o", str(tmp_path / "a.html")),
        "no body matches 'Ban Không Có'": ("people", "--body", "Ban Không Có", "-o", str(tmp_path / "b.html")),
        "does not exist": ("org", "-o", str(tmp_path / "missing" / "c.html")),
    }
    for message, args in failures.items():
        code, output = kg("viz", *args[:1], "--store", str(built), *args[1:])
        assert code == 2 and message in output, output
        assert len(output.strip().splitlines()) == 1, output
    code, output = kg("viz", "org", "--store", str(tmp_path / "nothing-here"), "-o", str(tmp_path / "d.html"))
    assert code == 2 and len(output.strip().splitlines()) == 1
    code, output = kg("viz", "--help")
    assert code == 0 and "kg viz coattendance --person" in output and ".graphml" in output


def test_page_data_numbers_nodes_in_a_stable_order(projector: Projector) -> None:
    first = page_data(prepare(network_of(projector, "documents"), projector))
    second = page_data(prepare(network_of(projector, "documents"), projector))
    assert first == second
    assert [t["key"] for t in first["types"]] == ["body", "meeting", "document"]
