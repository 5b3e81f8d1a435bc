"""The standard-only queries of docs/standard-queries/ (FOAF, ORG, SKOS, schema.org, PROV,
OWL-Time, Web Annotation, Dublin Core terms; never kg:) on the store `kg build` makes of
data/articles, against what a reader of those five articles expects:

000: Phan Xuân Thủy, Phó Trưởng Ban Tuyên giáo Trung ương, chairs the conference of 18-9 (no year).
002: Nguyễn Trọng Nghĩa, Trưởng Ban Tuyên giáo Trung ương, chairs the 16/7/2021 conference on 05-CT/TW.
003: Tổng Bí thư Nguyễn Phú Trọng named on 28/12/2023.
004: the giao ban of 21/4/2023 on Chỉ thị 05-CT/TW.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.shacl import validate_store
from kg.store import ONTOLOGY_FILE, SHAPES_FILE, GraphStore, open_graph_store, term_value

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "docs" / "standard-queries"
DOC = ROOT / "docs" / "standard-queries.md"
STANDARD = {
    "http://xmlns.com/foaf/0.1/", "http://www.w3.org/ns/org#", "http://www.w3.org/2004/02/skos/core#",
    "https://schema.org/", "http://www.w3.org/ns/prov#", "http://www.w3.org/2006/time#",
    "http://www.w3.org/ns/oa#", "http://purl.org/dc/terms/", "http://www.w3.org/2001/XMLSchema#",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#",
}

Rows = list[dict[str, str]]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    from kg.build import build

    path = tmp_path_factory.mktemp("standard") / "kg-store"
    with open_graph_store(path) as built:
        summary = build(built, [str(ROOT / "data" / "articles")], jobs=1)
    assert summary.ok and summary.added == 5
    return open_graph_store(path, read_only=True)


def run(store: GraphStore, name: str, **replace: str) -> Rows:
    text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    result = store.query(text, union_default_graph=True)
    names = [v.value for v in result.variables]  # type: ignore[union-attr]
    return [{n: term_value(row[n]) or "" for n in names} for row in result]  # type: ignore[union-attr]


def test_queries_use_standard_terms_only() -> None:
    files = sorted(QUERIES.glob("*.rq"))
    assert {f.stem for f in files} >= {"since-when", "chair", "tree", "documents-discussed"}
    for path in files:
        text = path.read_text(encoding="utf-8")
        namespaces = set(re.findall(r"PREFIX\s+\w*:\s*<([^>]+)>", text))
        assert namespaces and namespaces <= STANDARD, (path.name, namespaces - STANDARD)
        body = re.sub(r"PREFIX[^\n]*\n", "", text)
        assert "<http" not in body and "kg:" not in body, path.name


def test_the_documentation_shows_each_query_as_it_is() -> None:
    doc = DOC.read_text(encoding="utf-8")
    for path in sorted(QUERIES.glob("*.rq")):
        assert path.read_text(encoding="utf-8").strip() in doc, path.name


def test_since_when(store: GraphStore) -> None:
    rows = run(store, "since-when")
    found = {(r["person"], r["role"], r["body"]): r for r in rows}
    thuy = found[("Phan Xuân Thủy", "Phó Trưởng Ban", "Ban Tuyên giáo Trung ương")]
    assert (thuy["on"], thuy["month"], thuy["day"]) == ("", "--09", "---18")  # 18-9, no year: kept
    assert found[("Nguyễn Trọng Nghĩa", "Trưởng Ban", "Ban Tuyên giáo Trung ương")]["on"] == "2021-07-16"
    assert found[("Nguyễn Phú Trọng", "Tổng Bí thư", "Ban Chấp hành Trung ương Đảng")]["on"] == "2023-12-28"
    assert all(r["since"] == "" for r in rows)  # no article reports an appointment


def test_chair(store: GraphStore) -> None:
    rows = run(store, "chair")
    chaired = {(r["chair"], r["start"]): r["name"] for r in rows}
    assert chaired[("Phan Xuân Thủy", "--09-18")].startswith("Hội nghị trực tuyến báo cáo viên tháng 9")
    assert chaired[("Nguyễn Trọng Nghĩa", "2021-07-16")] == (
        "Hội nghị sơ kết công tác tuyên giáo 6 tháng đầu năm, triển khai nhiệm vụ 6 tháng cuối năm 2021"
    )  # the name runs to the end of its noun phrase
    assert "Lê Văn Tuấn" not in {r["chair"] for r in rows}  # attended 000, did not chair


@pytest.mark.parametrize(
    ("body", "ancestors"),
    [
        ("Ban Tuyên giáo Trung ương", ["Ban Chấp hành Trung ương Đảng", "Đảng Cộng sản Việt Nam"]),
        ("Bộ Chính trị", ["Ban Chấp hành Trung ương Đảng", "Đảng Cộng sản Việt Nam"]),
        ("Ban Bí thư", ["Ban Chấp hành Trung ương Đảng", "Đảng Cộng sản Việt Nam"]),
        ("Ban Chấp hành Trung ương Đảng", ["Đảng Cộng sản Việt Nam"]),
        ("Tạp chí Tuyên giáo",
         ["Ban Tuyên giáo Trung ương", "Ban Chấp hành Trung ương Đảng", "Đảng Cộng sản Việt Nam"]),
    ],
)
def test_tree(store: GraphStore, body: str, ancestors: list[str]) -> None:
    rows = run(store, "tree", **{'"Ban Tuyên giáo Trung ương"@vi': f'"{body}"@vi'})
    assert [r["ancestor"] for r in rows] == ancestors
    assert [r["depth"] for r in rows] == [str(n) for n in range(1, len(ancestors) + 1)]


def test_documents_discussed(store: GraphStore) -> None:
    rows = run(store, "documents-discussed")
    discussed = {(r["start"], r["identifier"]) for r in rows}
    assert {("2021-07-16", "05-CT/TW"), ("2021-07-16", "01-KL/TW"), ("2023-04-21", "05-CT/TW"),
            ("2023-12-28", "05-CT/TW")} <= discussed
    assert all(r["type"] for r in rows)


def test_merged_bodies(store: GraphStore) -> None:
    rows = run(store, "merged-bodies")
    merged = {(r["original"], r["resulting"], r["date"]) for r in rows}
    assert ("Ban Tuyên giáo Trung ương", "Ban Tuyên giáo và Dân vận Trung ương", "2025-02-03") in merged
    assert ("Ban Dân vận Trung ương", "Ban Tuyên giáo và Dân vận Trung ương", "2025-02-03") in merged
    assert ("Bộ Giao thông vận tải", "Bộ Xây dựng", "") in merged  # no date read in a source
    assert all(r["source"].startswith("http") for r in rows if r["date"])


def test_the_sample_store_conforms_including_the_merged_graph(store: GraphStore) -> None:
    reports = list(validate_store(store, SHAPES_FILE, ONTOLOGY_FILE))
    assert len(reports) == 6 and reports[-1].article_id == "(merged)"
    assert all(report.conforms for report in reports), [
        v.one_line() for report in reports for v in report.results if v.severity == "Violation"
    ]


def test_readers_do_not_show_the_chair_role_node(store: GraphStore) -> None:
    """kg serve's entity page and kg explain still read the evidence, and the schema:Role
    restating the chair is not listed as one more attendee."""
    from kg.explain import explain
    from kg.serve.views import entity_view

    meeting = next(r["meeting"] for r in run(store, "chair") if r["chair"] == "Nguyễn Trọng Nghĩa")
    view = entity_view(store, meeting)
    assert not [f for f in view.facts if f.value.text.startswith(meeting + "#")]
    chairs = [f.value.label for f in view.facts if f.predicate.endswith("#chair")]
    assert chairs == ["Nguyễn Trọng Nghĩa"]
    assert view.sources and all(s.text and s.end > s.start for s in view.sources)
    person = next(f.value.text for f in view.facts if f.predicate.endswith("#chair"))
    explained = explain(store, person)
    assert explained.found and explained.evidence
