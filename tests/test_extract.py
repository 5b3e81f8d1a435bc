"""The extractor on short articles written for the tests, one case per data file.

Each ``tests/data/extract/NAME.txt`` has ``NAME.expected.json`` beside it listing what
a careful reader extracts.  Lists of persons, bodies and positions are exact when
given (nothing missing, nothing extra); meetings are checked by the keys they state.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kg.errors import InputError
from kg.extract import extract_article
from kg.facts import ArticleFacts
from kg.ingest import read_path
from kg.text import fold

CASE_DIR = Path(__file__).parent / "data" / "extract"
CASES = sorted(
    p for p in CASE_DIR.iterdir() if p.suffix in (".txt", ".json") and not p.name.endswith(".expected.json")
)


def _facts(path: Path) -> ArticleFacts:
    (article,) = list(read_path(path))
    assert not isinstance(article, InputError), article
    return extract_article(article)


def _fold_set(values: list[str]) -> set[str]:
    return {fold(v) for v in values}


@pytest.fixture(params=CASES, ids=[case.stem for case in CASES])
def case(request: pytest.FixtureRequest) -> tuple[ArticleFacts, dict[str, Any]]:
    path: Path = request.param
    expected = json.loads((CASE_DIR / f"{path.stem}.expected.json").read_text(encoding="utf-8"))
    return _facts(path), expected


def test_persons(case: tuple[ArticleFacts, dict[str, Any]]) -> None:
    facts, expected = case
    if "persons" in expected:
        assert _fold_set([p.name for p in facts.persons]) == _fold_set(expected["persons"])
    if "author" in expected:
        author = next((p.name for p in facts.persons if p.id == facts.author), None)
        assert author == expected["author"]
    for name, count in expected.get("mention_counts", {}).items():
        person = next(p for p in facts.persons if p.name == name)
        assert len(person.mentions) == count


def test_bodies(case: tuple[ArticleFacts, dict[str, Any]]) -> None:
    facts, expected = case
    if "bodies" in expected:
        resolved = [b.name for b in facts.bodies if b.resolved]
        assert _fold_set(resolved) == _fold_set(expected["bodies"])
    if "unresolved_bodies" in expected:
        unresolved = {b.name for b in facts.bodies if not b.resolved}
        assert set(expected["unresolved_bodies"]) <= unresolved
        assert all(b.place is None for b in facts.bodies if not b.resolved)
    for name in expected.get("absent_unresolved", []):
        assert name not in {b.name for b in facts.bodies}
    by_id = {b.id: b for b in facts.bodies}
    for child, parent in expected.get("parents", {}).items():
        body = next(b for b in facts.bodies if b.name == child)
        assert body.parent and by_id[body.parent].name == parent


def _positions(facts: ArticleFacts) -> set[tuple[str, str, str | None]]:
    persons = {p.id: p.name for p in facts.persons}
    bodies = {b.id: b.name for b in facts.bodies}
    return {(persons[x.person], x.role, bodies.get(x.body) if x.body else None) for x in facts.positions}


def test_positions(case: tuple[ArticleFacts, dict[str, Any]]) -> None:
    facts, expected = case
    found = _positions(facts)
    if "positions" in expected:
        assert found == {tuple(p) for p in expected["positions"]}
    for person, role, _body in expected.get("absent_positions", []):
        assert not any(p == person and r == role for p, r, _ in found)
    persons = {p.id: p.name for p in facts.persons}
    for person, role, date in expected.get("appointed", []):
        match = [x for x in facts.positions if persons[x.person] == person and x.role == role]
        assert match and match[0].kind == "appointed" and match[0].date and match[0].date.iso() == date


def test_documents(case: tuple[ArticleFacts, dict[str, Any]]) -> None:
    facts, expected = case
    if "documents" not in expected:
        return
    by_id = {d.id: d for d in facts.documents}
    bodies = {b.id: b.name for b in facts.bodies}
    found = {d.identifier or d.label: d for d in facts.documents}
    assert set(found) == {d["id"] for d in expected["documents"]}
    for want in expected["documents"]:
        doc = found[want["id"]]
        assert doc.doc_type == want["type"]
        if "label" in want:
            assert doc.label == want["label"]
        if "issuer" in want:
            assert bodies.get(doc.issuer or "") == want["issuer"]
        if "date" in want:
            assert doc.date and doc.date.iso() == want["date"]
        if "term" in want:
            assert doc.term == want["term"]
        if "refers_to" in want:
            assert {by_id[r].identifier for r in doc.refers_to} == set(want["refers_to"])


def test_meetings(case: tuple[ArticleFacts, dict[str, Any]]) -> None:
    facts, expected = case
    if "undated_meetings" in expected:  # events named without a date, each once
        assert sorted(m.name for m in facts.meetings if m.start is None) == sorted(expected["undated_meetings"])
    if "meetings" not in expected:
        return
    if "all_meetings" in expected:  # every meeting and named event, dated or not, each once
        assert sorted(m.name for m in facts.meetings) == sorted(expected["all_meetings"])
    dated = [m for m in facts.meetings if m.start is not None]
    assert len(dated) == len(expected["meetings"])
    persons = {p.id: p.name for p in facts.persons}
    bodies = {b.id: b.name for b in facts.bodies}
    places = {p.id: p.name for p in facts.places}
    for meeting, want in zip(dated, expected["meetings"], strict=True):
        assert meeting.start and meeting.start.iso() == want["start"]
        if "name" in want:
            assert meeting.name == want["name"]
        if "kind" in want:
            assert meeting.kind == want["kind"]
        if "end" in want:
            assert meeting.end and meeting.end.iso() == want["end"]
        if "year_from" in want:
            assert meeting.year_from == want["year_from"]
        if "place" in want:
            assert places.get(meeting.place or "") == want["place"]
        if "chairs" in want:
            assert [persons[c] for c in meeting.chairs] == want["chairs"]
        if "organisers" in want:
            assert [bodies[o] for o in meeting.organisers] == want["organisers"]


def test_places(case: tuple[ArticleFacts, dict[str, Any]]) -> None:
    facts, expected = case
    if "places" in expected:
        assert set(expected["places"]) <= {p.name for p in facts.places}
    for name in expected.get("absent_places", []):
        assert name not in {p.name for p in facts.places}


def test_mentions_point_into_the_original_text(case: tuple[ArticleFacts, dict[str, Any]]) -> None:
    facts, expected = case
    text = facts.article.text
    for entity in [*facts.persons, *facts.bodies, *facts.documents, *facts.meetings, *facts.places]:
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.text
            assert mention.sentence_start <= mention.start < mention.end <= mention.sentence_end
    for name, written in expected.get("aliases", {}).items():
        person = next(p for p in facts.persons if p.name == name)
        assert written in {m.text for m in person.mentions}
