"""The scorer on small hand-made facts: every count here is worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kg.evaluate import Counts, GoldError, load_gold, main, match_meetings, score, score_corpus
from kg.facts import Article, ArticleFacts, Body, Document, Meeting, PartialDate, Person, Place, Position

GOLD_DIR = Path(__file__).parent / "gold"


def make_gold() -> dict[str, Any]:
    return {
        "article": "x.txt",
        "persons": ["Phan Xuân Thủy", "Lê Văn Tuấn", "Duy Phương"],
        "optional_persons": ["Hiền Lương"],
        "bodies": [
            "Ban Tuyên giáo Trung ương",
            "Ban Tuyên giáo Tỉnh ủy Thái Nguyên",
            "Tỉnh ủy Thái Nguyên",
            "Bộ Chính trị",
        ],
        "optional_bodies": ["Đảng Cộng sản Việt Nam"],
        "positions": [
            ["Phan Xuân Thủy", "Phó Trưởng Ban", "Ban Tuyên giáo Trung ương"],
            ["Lê Văn Tuấn", "Trưởng Ban", "Ban Tuyên giáo Tỉnh ủy Thái Nguyên"],
        ],
        "documents": [
            {"id": "05-CT/TW", "type": "Chỉ thị", "issuer": "Bộ Chính trị"},
            {
                "id": "Nghị quyết Đại hội XIII",
                "aliases": ["Nghị quyết Đại hội XIII của Đảng"],
                "type": "Nghị quyết",
                "issuer": None,
            },
        ],
        "meetings": [
            {
                "kind": "Hội nghị trực tuyến",
                "name": "Hội nghị trực tuyến báo cáo viên tháng 9",
                "start": "--09-18",
                "end": None,
                "place": "Hà Nội",
                "chairs": ["Phan Xuân Thủy"],
                "organisers": ["Ban Tuyên giáo Trung ương"],
            },
        ],
        "optional_meetings": [
            {"kind": "Đại hội", "name": "Đại hội XIII của Đảng", "start": None, "end": None},
        ],
        "places": ["Hà Nội"],
        "author": "Duy Phương",
    }


def make_facts() -> ArticleFacts:
    """Facts that agree with make_gold() exactly."""
    article = Article(id="a", source="x.txt", text="")
    return ArticleFacts(
        article=article,
        persons=[
            Person("p1", "Phan Xuân Thủy"),
            Person("p2", "Lê Văn Tuấn"),
            Person("p3", "Duy Phương", is_author=True),
        ],
        places=[Place("pl1", "Hà Nội", kind="city")],
        bodies=[
            Body("b1", "Ban Tuyên giáo Trung ương", "ban_tuyen_giao", level="central"),
            Body("b2", "Ban Tuyên giáo Tỉnh ủy Thái Nguyên", "ban_tuyen_giao", level="province", parent="b3"),
            Body("b3", "Tỉnh ủy Thái Nguyên", "tinh_uy", level="province"),
            Body("b4", "Bộ Chính trị", "politburo", level="central"),
        ],
        positions=[
            Position("p1", "Phó Trưởng Ban", "b1"),
            Position("p2", "Trưởng Ban", "b2"),
        ],
        documents=[
            Document("d1", "Chỉ thị", "Chỉ thị 05-CT/TW", identifier="05-CT/TW", issuer="b4"),
            Document("d2", "Nghị quyết", "Nghị quyết Đại hội XIII"),
        ],
        meetings=[
            Meeting(
                "m1",
                "Hội nghị trực tuyến",
                "Hội nghị trực tuyến báo cáo viên tháng 9",
                start=PartialDate(month=9, day=18),
                place="pl1",
                organisers=["b1"],
                chairs=["p1"],
            ),
        ],
        author="p3",
    )


def test_counts_arithmetic() -> None:
    counts = Counts(tp=3, fp=1, fn=2)
    assert counts.precision == pytest.approx(0.75)
    assert counts.recall == pytest.approx(0.6)
    assert counts.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert counts + Counts(1, 1, 1) == Counts(4, 2, 3)
    # Nothing to find and nothing found is perfect; something spurious where nothing is due is not.
    assert Counts().f1 == 1.0
    assert Counts(fp=1).f1 == 0.0
    assert Counts(fn=1).f1 == 0.0


def test_perfect_prediction_scores_one_everywhere() -> None:
    result = score(make_facts(), make_gold())
    for kind, counts in result.items():
        assert counts.fp == 0 and counts.fn == 0, kind
        assert counts.f1 == 1.0, kind
    assert result["persons"].tp == 3
    assert result["bodies"].tp == 4
    assert result["positions"].tp == 2
    assert result["documents"].tp == 2
    assert result["document_issuers"].tp == 1
    assert result["meetings"].tp == 1
    assert result["meeting_dates"].tp == 1


def test_one_missing_person_lowers_recall_only() -> None:
    facts = make_facts()
    facts.persons = [p for p in facts.persons if p.id != "p2"]
    result = score(facts, make_gold())
    assert result["persons"] == Counts(tp=2, fp=0, fn=1)
    assert result["persons"].recall == pytest.approx(2 / 3)
    assert result["persons"].precision == 1.0
    # Lê Văn Tuấn's position now names an unknown person id: it no longer matches.
    assert result["positions"] == Counts(tp=1, fp=1, fn=1)


def test_spurious_body_lowers_precision_only() -> None:
    facts = make_facts()
    facts.bodies.append(Body("b9", "Ban Tuyên giáo Tỉnh ủy Nghệ An", "ban_tuyen_giao"))
    result = score(facts, make_gold())
    assert result["bodies"] == Counts(tp=4, fp=1, fn=0)
    assert result["bodies"].precision == pytest.approx(4 / 5)
    assert result["bodies"].recall == 1.0


def test_tone_style_case_and_spacing_variants_match() -> None:
    facts = make_facts()
    facts.persons[0].name = "PHAN XUÂN THUỶ"
    facts.bodies[1].name = "Ban Tuyên giáo Tỉnh uỷ  Thái Nguyên"
    facts.documents[0].identifier = "05 - CT/TW"
    facts.places[0].name = "Thành phố Hà Nội"
    result = score(facts, make_gold())
    assert result["persons"].f1 == 1.0
    assert result["bodies"].f1 == 1.0
    assert result["positions"].f1 == 1.0
    assert result["documents"].f1 == 1.0
    assert result["meeting_places"].f1 == 1.0


def test_position_split_between_role_and_body_does_not_matter() -> None:
    gold = make_gold()
    gold["positions"] = [["Lê Văn Tuấn", "Ủy viên", "Ban Thường vụ Tỉnh ủy Thái Nguyên"]]
    facts = make_facts()
    facts.positions = [Position("p2", "Ủy viên Ban Thường vụ", "b3")]
    assert score(facts, gold)["positions"] == Counts(tp=1)
    facts.positions = [Position("p2", "Ủy viên", "b3")]  # a different title: member of the Tỉnh ủy
    assert score(facts, gold)["positions"] == Counts(fp=1, fn=1)


def test_optional_items_are_ignored_both_ways() -> None:
    facts = make_facts()
    facts.persons.append(Person("p9", "Hiền Lương"))
    facts.bodies.append(Body("b9", "Đảng Cộng sản Việt Nam", "party"))
    facts.meetings.append(Meeting("m2", "Đại hội", "Đại hội XIII của Đảng", chairs=["p9"]))
    with_optional = score(facts, make_gold())
    without_optional = score(make_facts(), make_gold())
    for kind in ("persons", "bodies", "meetings", "meeting_chairs"):
        assert with_optional[kind] == without_optional[kind], kind
        assert with_optional[kind].f1 == 1.0, kind
    # Optional gold missing from the prediction is no miss either.
    assert score(make_facts(), make_gold())["persons"] == Counts(tp=3)


def test_optional_meeting_attributes_and_issuer() -> None:
    gold = make_gold()
    gold["meetings"][0]["optional_chairs"] = ["Lê Văn Tuấn"]
    gold["meetings"][0]["optional_place"] = "Thái Nguyên"
    gold["meetings"][0]["place"] = None
    gold["documents"][0]["issuer_optional"] = True
    facts = make_facts()
    facts.places[0].name = "Thái Nguyên"
    facts.meetings[0].chairs.append("p2")
    facts.documents[0].issuer = "b1"  # wrong, but the article leaves the issuer open
    result = score(facts, gold)
    assert result["meeting_chairs"] == Counts(tp=1)
    assert result["meeting_places"] == Counts()
    assert result["document_issuers"] == Counts()


def test_document_alias_type_and_issuer() -> None:
    facts = make_facts()
    facts.documents[1].label = "Nghị quyết Đại hội XIII của Đảng"
    facts.documents[0].doc_type = "Nghị quyết"
    facts.documents[0].issuer = "b1"
    result = score(facts, make_gold())
    assert result["documents"] == Counts(tp=2)
    assert result["document_types"] == Counts(tp=1, fp=1, fn=1)
    assert result["document_issuers"] == Counts(fp=1, fn=1)


def test_meetings_match_on_date_and_kind_or_name() -> None:
    gold = make_gold()
    by_date = Meeting("m1", "Hội nghị", "hội nghị báo cáo viên", start=PartialDate(month=9, day=18))
    by_name = Meeting("m2", "Hội nghị", "Hội nghị trực tuyến báo cáo viên tháng 9")
    wrong_day = Meeting("m3", "Hội nghị", "hội nghị khác", start=PartialDate(month=9, day=19))
    assert match_meetings([by_date], gold) == {0: ("g", 0)}
    assert match_meetings([by_name], gold) == {0: ("g", 0)}
    assert match_meetings([wrong_day], gold) == {}
    # One gold meeting matches one prediction only; the name match is the stronger.
    assert match_meetings([by_date, by_name], gold) == {1: ("g", 0)}


def test_invented_year_is_a_date_error_not_a_meeting_error() -> None:
    facts = make_facts()
    facts.meetings[0].start = PartialDate(year=2020, month=9, day=18)
    result = score(facts, make_gold())
    assert result["meetings"] == Counts(tp=1)  # still matched by its name
    assert result["meeting_dates"] == Counts(fp=1, fn=1)


def test_unmatched_meeting_attributes_count_both_ways() -> None:
    facts = make_facts()
    facts.meetings[0] = Meeting(
        "m1", "Tọa đàm", "tọa đàm khác", start=PartialDate(month=9, day=20), chairs=["p1"]
    )
    result = score(facts, make_gold())
    assert result["meetings"] == Counts(fp=1, fn=1)
    assert result["meeting_chairs"] == Counts(fp=1, fn=1)
    assert result["meeting_places"] == Counts(fn=1)


def test_corpus_is_micro_averaged() -> None:
    perfect = (make_facts(), make_gold())
    missing = make_facts()
    missing.persons = missing.persons[:1]
    total = score_corpus([perfect, (missing, make_gold())])
    assert total["persons"] == Counts(tp=4, fp=0, fn=2)
    assert total["persons"].recall == pytest.approx(4 / 6)


def test_all_gold_files_load_and_name_their_article() -> None:
    paths = sorted(GOLD_DIR.glob("*.json"))
    assert len(paths) == 5
    articles = Path(__file__).parent.parent / "data" / "articles"
    for path in paths:
        gold = load_gold(path)
        assert gold["article"] == path.stem + ".txt"
        assert (articles / gold["article"]).is_file()
        # Everything a gold meeting or position points to is itself in the gold.
        bodies = set(gold["bodies"]) | set(gold.get("optional_bodies", []))
        persons = set(gold["persons"]) | set(gold.get("optional_persons", []))
        for person, _role, body in gold["positions"]:
            assert person in persons and (body is None or body in bodies), (path.name, person, body)
        for meeting in gold["meetings"]:
            assert set(meeting.get("chairs", [])) <= persons, path.name
            assert set(meeting.get("organisers", [])) <= bodies, path.name


def test_gold_facts_score_perfectly_against_themselves() -> None:
    """Round trip: facts built from a gold file must score 1.0 on it (checks the key logic)."""
    for path in sorted(GOLD_DIR.glob("*.json")):
        gold = load_gold(path)
        facts = _facts_from_gold(gold)
        for kind, counts in score(facts, gold).items():
            assert counts.fp == 0 and counts.fn == 0, (path.name, kind, counts)


def _facts_from_gold(gold: dict[str, Any]) -> ArticleFacts:
    persons = [Person(f"p{i}", name) for i, name in enumerate(gold["persons"])]
    person_id = {p.name: p.id for p in persons}
    bodies = [Body(f"b{i}", name, "x") for i, name in enumerate(gold["bodies"])]
    body_id = {b.name: b.id for b in bodies}
    places = [Place(f"pl{i}", name) for i, name in enumerate(gold.get("places", []))]
    place_id = {p.name: p.id for p in places}
    documents = [
        Document(
            f"d{i}",
            d["type"],
            d["id"],
            identifier=d["id"] if "/" in d["id"] else None,
            issuer=body_id.get(d.get("issuer") or ""),
        )
        for i, d in enumerate(gold["documents"])
    ]

    def date(text: str | None) -> PartialDate | None:
        if not text:
            return None
        if text.startswith("--"):
            return PartialDate(month=int(text[2:4]), day=int(text[5:7]))
        return PartialDate(int(text[:4]), int(text[5:7]), int(text[8:10]))

    meetings = []
    for i, m in enumerate(gold["meetings"]):
        for name in m.get("optional_place", None), m.get("place"):
            if name and name not in place_id:
                place_id[name] = f"pl{len(places)}"
                places.append(Place(place_id[name], name))
        meetings.append(
            Meeting(
                f"m{i}",
                m["kind"],
                m["name"],
                start=date(m.get("start")),
                end=date(m.get("end")),
                place=place_id.get(m.get("place") or ""),
                chairs=[person_id[c] for c in m.get("chairs", [])],
                organisers=[body_id[b] for b in m.get("organisers", [])],
            )
        )
    return ArticleFacts(
        article=Article(id="a", source=gold["article"], text=""),
        persons=persons,
        places=places,
        bodies=bodies,
        positions=[
            Position(person_id[p], role, body_id.get(body or "")) for p, role, body in gold["positions"]
        ],
        documents=documents,
        meetings=meetings,
        author=person_id.get(gold.get("author") or ""),
    )


def test_bad_gold_gives_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(GoldError, match="bad.json: not valid UTF-8 JSON"):
        load_gold(bad)
    bad.write_text(json.dumps({"article": "x.txt", "meetings": [{"kind": "Hội nghị", "start": "18/9"}]}))
    with pytest.raises(GoldError, match="bad start '18/9'"):
        load_gold(bad)
    bad.write_text(json.dumps({"article": "x.txt", "positions": [["A", "B"]]}))
    with pytest.raises(GoldError, match="positions"):
        load_gold(bad)


def test_cli_scores_fact_dumps_and_reports_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold_dir = tmp_path / "gold"
    facts_dir = tmp_path / "facts"
    gold_dir.mkdir()
    facts_dir.mkdir()
    gold = make_gold()
    (gold_dir / "x.json").write_text(json.dumps(gold), encoding="utf-8")
    (facts_dir / "x.json").write_text(json.dumps(make_facts().to_dict()), encoding="utf-8")
    assert main([str(tmp_path), str(gold_dir), "--facts", str(facts_dir)]) == 0
    out = capsys.readouterr().out
    assert "micro-average over 1 articles" in out
    assert any(line.split()[:1] == ["positions"] and line.endswith("1.000") for line in out.splitlines())
    assert main([str(tmp_path), str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "missing" in err and "\n" not in err


def test_a_title_split_either_way_is_one_title() -> None:
    """("Ủy viên Bộ Chính trị", "Bộ Chính trị") and ("Ủy viên", "Bộ Chính trị") say the same."""
    from kg.evaluate import title_key

    assert title_key("Ủy viên Bộ Chính trị", "Bộ Chính trị") == title_key("Ủy viên", "Bộ Chính trị")
    assert title_key("Ủy viên Trung ương Đảng", "Ban Chấp hành Trung ương Đảng") == title_key(
        "Ủy viên", "Ban Chấp hành Trung ương Đảng"
    )
    # a different body is a different title
    assert title_key("Ủy viên Bộ Chính trị", "Bộ Chính trị") != title_key("Ủy viên", "Ban Bí thư")
