"""The name index and the derived graphs change how the canned questions find their
answers, not the answers: every canned query, asked with each of a fixed set of values
(benchmarks/same_answers.py), gives the rows recorded from the code before the change
(tests/data/queries/canned_answers.json, written by that script with the queries of
commit f63e6ce, the last before the name index, on the store today's code builds of
data/articles; re-record it the same way when extraction or identity changes the sample
store).  Then the names typed without diacritics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import test_canned_queries as canned_tests

from benchmarks.same_answers import answers, differences
from kg import queries as canned

# the sample store of the canned-query tests, and its read-only backend (fixtures)
store_path = canned_tests.store_path
backend = canned_tests.backend
ask = canned_tests.ask

RECORDED = Path(__file__).parent / "data" / "queries" / "canned_answers.json"


def test_every_canned_question_gives_the_recorded_rows(store_path: Path) -> None:
    problems = differences(json.loads(RECORDED.read_text("utf-8")), answers(store_path))
    assert problems == []


@pytest.mark.parametrize(
    ("query", "parameter", "name"),
    [
        ("person-profile", "person", "Phan Xuân Thủy"),
        ("meetings-chaired-by", "person", "Nguyễn Trọng Nghĩa"),
        ("people-positions", "person", "Kha Văn Tám"),
        ("find-entity", "name", "Ban Tuyên giáo Tỉnh ủy Nghệ An"),
        ("articles-mentioning", "name", "Ban Tuyên giáo Tỉnh ủy Nghệ An"),
        ("body-leadership", "body", "Ban Tuyên giáo Trung ương"),
        ("body-hierarchy", "body", "Tỉnh ủy Nghệ An"),
        ("province-bodies", "province", "Nghệ An"),
        ("document-citations", "document", "Chỉ thị 05-CT/TW"),
        ("concurrent-posts", "person", "Kha Văn Tám"),
        ("activity-by-province", "province", "Quảng Bình"),
    ],
)
def test_a_name_typed_without_diacritics_gives_the_same_rows(
    backend: canned.SparqlBackend, query: str, parameter: str, name: str
) -> None:
    from kg.nameindex import bare

    with_marks = ask(backend, query, **{parameter: name})
    assert with_marks, f"{query} finds nothing for {name!r}"
    for typed in (bare(name), bare(name).upper(), name.replace("ủy", "uỷ")):
        assert ask(backend, query, **{parameter: typed}) == with_marks, typed


def test_a_name_matches_whole_words_only(backend: canned.SparqlBackend) -> None:
    assert ask(backend, "find-entity", name="Phan Xu") == []
    assert {r["label"] for r in ask(backend, "find-entity", name="xuan thuy")} == {"Phan Xuân Thủy"}
