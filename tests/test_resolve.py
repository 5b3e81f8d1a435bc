"""Identity: the same real entity gets the same IRI in every article, different ones never do."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from factbuilder import facts_from_case

from kg import text
from kg.facts import ArticleFacts
from kg.mapping import GazetteerError, Tables, load_tables
from kg.resolve import ResolveError, issuer_code, resolve
from kg.resolve import slug as fast_slug


def _article(article_id: str, text: str, **parts: object) -> ArticleFacts:
    return facts_from_case({"article": {"id": article_id, "text": text}, **parts})


def _body_iri(tables: Tables, article_id: str, name: str, mention: str, **body: object) -> str:
    text = f"Ngày 3-2, {mention} tổ chức hội nghị giao ban."
    facts = _article(article_id, text, bodies=[{"id": "b1", "name": name, "mentions": [mention], **body}])
    return resolve(facts, tables).iris["b1"]


def test_abbreviated_spellings_of_a_central_body_share_one_iri(tables: Tables) -> None:
    spellings = [
        "Ban Tuyên giáo TW",
        "Ban Tuyên giáo T.Ư",
        "Ban Tuyên giáo Trung ương",
        "Ban Tuyên giáo TƯ",
        "ban tuyên giáo trung ương",
    ]
    iris = {_body_iri(tables, f"art{i}", name, name, level="central") for i, name in enumerate(spellings)}
    assert iris == {"https://w3id.org/vnkg/id/body/ban-tuyen-giao-trung-uong"}


def test_abbreviations_without_the_gazetteer_file_use_the_builtin_list(tmp_path: Path) -> None:
    bare = load_tables(tmp_path)  # an empty directory: no abbreviations.csv
    assert bare.canonical_body_name("Ban Tuyên giáo T.Ư") == "Ban Tuyên giáo Trung ương"
    assert bare.canonical_body_name("UBND tỉnh Nghệ An") == "Ủy ban nhân dân tỉnh Nghệ An"
    assert bare.canonical_body_name("BCH Đảng bộ tỉnh") == "Ban Chấp hành Đảng bộ tỉnh"


def test_abbreviations_are_read_from_the_csv(tmp_path: Path) -> None:
    (tmp_path / "abbreviations.csv").write_text("short,long\nMTTQ,Mặt trận Tổ quốc\n", encoding="utf-8")
    own = load_tables(tmp_path)
    assert own.canonical_body_name("Ủy ban MTTQ tỉnh") == "Ủy ban Mặt trận Tổ quốc tỉnh"
    # only the file's rows count once it exists
    assert own.canonical_body_name("Ban Tuyên giáo TW") == "Ban Tuyên giáo TW"


def test_abbreviations_match_whole_words_only(tables: Tables) -> None:
    assert tables.expand_abbreviations("Công ty TWIN") == "Công ty TWIN"
    assert tables.expand_abbreviations("HĐND và UBND tỉnh") == "Hội đồng nhân dân và Ủy ban nhân dân tỉnh"


def test_tone_mark_styles_give_one_body(tables: Tables) -> None:
    old = _body_iri(
        tables,
        "a1",
        "Ban Tuyên giáo Tỉnh ủy Thái Nguyên",
        "Ban Tuyên giáo Tỉnh ủy",
        level="province",
        place="Thái Nguyên",
    )
    new = _body_iri(
        tables,
        "a2",
        "Ban Tuyên giáo Tỉnh uỷ Thái Nguyên",
        "Ban Tuyên giáo Tỉnh uỷ",
        level="province",
        place="Thái Nguyên",
    )
    assert old == new


def test_same_board_of_three_provinces_gives_three_bodies(tables: Tables) -> None:
    iris = {
        _body_iri(
            tables,
            f"a{i}",
            f"Ban Tuyên giáo Tỉnh ủy {province}",
            "Ban Tuyên giáo Tỉnh ủy",
            level="province",
            place=province,
        )
        for i, province in enumerate(["Thái Nguyên", "Nghệ An", "Lạng Sơn"])
    }
    assert len(iris) == 3


def test_unresolved_local_body_is_kept_to_its_article(tables: Tables) -> None:
    first = _body_iri(tables, "a1", "Ban Tuyên giáo Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy", resolved=False)
    second = _body_iri(tables, "a2", "Ban Tuyên giáo Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy", resolved=False)
    assert first != second
    assert "/a1/" in first and "/a2/" in second


def test_person_iri_is_stable_across_tone_styles_and_distinct_for_different_names(tables: Tables) -> None:
    def person(article_id: str, name: str) -> str:
        facts = _article(
            article_id,
            f"Đồng chí {name}, Phó Trưởng Ban Tuyên giáo Trung ương phát biểu.",
            persons=[{"id": "p1", "name": name, "mentions": [name]}],
            bodies=[{"id": "b1", "name": "Ban Tuyên giáo Trung ương", "level": "central",
                     "mentions": ["Ban Tuyên giáo Trung ương"]}],
            positions=[{"person": "p1", "role": "Phó Trưởng Ban", "body": "b1"}],
        )
        return resolve(facts, tables).iris["p1"]

    assert person("a1", "Phan Xuân Thủy") == person("a2", "Phan Xuân Thủy")
    assert person("a1", "Phan Xuân Thủy") == person("a2", "Phan Xuân Thuỷ")
    assert person("a1", "Phan Xuân Thủy").startswith("https://w3id.org/vnkg/id/person/central/phan-xuan-thuy-")
    # same ASCII slug, different person: the hash of the folded name keeps them apart
    assert person("a1", "Lê Văn Tuấn") != person("a1", "Lê Văn Tuân")


def test_a_person_without_a_post_is_kept_to_the_article(tables: Tables) -> None:
    def person(article_id: str) -> str:
        facts = _article(
            article_id, "Đồng chí Phan Xuân Thủy phát biểu.",
            persons=[{"id": "p1", "name": "Phan Xuân Thủy", "mentions": ["Phan Xuân Thủy"]}],
        )
        return resolve(facts, tables).iris["p1"]

    assert person("a1") == "https://w3id.org/vnkg/id/person/a1/phan-xuan-thuy-0e6218"
    assert person("a1") != person("a2")  # too thin to say they are one man


def test_positions_merge_across_articles_and_roles_are_shared(tables: Tables) -> None:
    def resolved(article_id: str, date: str):
        text = "Dự hội nghị có đồng chí Trần Văn An, Phó Trưởng Ban Tuyên giáo Trung ương."
        return resolve(
            _article(
                article_id,
                text,
                persons=[{"id": "p1", "name": "Trần Văn An", "mentions": ["Trần Văn An"]}],
                bodies=[
                    {
                        "id": "b1",
                        "name": "Ban Tuyên giáo Trung ương",
                        "level": "central",
                        "mentions": ["Ban Tuyên giáo Trung ương"],
                    }
                ],
                positions=[
                    {
                        "person": "p1",
                        "role": "Phó Trưởng Ban",
                        "body": "b1",
                        "date": date,
                        "evidence": "Phó Trưởng Ban Tuyên giáo Trung ương",
                    },
                    {"person": "p1", "role": "Phó Trưởng Ban", "body": None},
                ],
            ),
            tables,
        )

    # one term (2021-2026) reported by two articles: one membership
    first, second = resolved("a1", "2021-03-02"), resolved("a2", "2023-09-18")
    assert first.position_iris[0] == second.position_iris[0]
    assert first.position_iris[0] != first.position_iris[1]  # no body is another position
    assert first.role_iris == {"Phó Trưởng Ban": "https://w3id.org/vnkg/id/role/pho-truong-ban"}
    # the same post in the term before (2016-2021) is another membership
    assert resolved("a3", "2019-05-10").position_iris[0] != first.position_iris[0]
    assert first.keys[first.position_iris[0]].endswith("term 2021-2026")


@pytest.mark.parametrize(
    ("date", "published", "level", "term"),
    [
        ("2021-01-31", None, "central", "2016-2021"),  # before the national congress's term starts
        ("2021-02-01", None, "central", "2021-2026"),
        ("2026-01-10", None, "central", "2021-2026"),
        ("2020-09-30", None, "province", "2015-2020"),  # a provincial term turns in the autumn
        ("2020-10-01", None, "district", "2020-2025"),
        ("2024-12-31", None, "district", "2020-2025"),
        ("--09-18", "2023-09-20", "province", "2020-2025"),  # no year: the publication's
        ("--09-18", None, "province", ""),
        (None, None, "central", ""),
    ],
)
def test_membership_terms(date: str | None, published: str | None, level: str, term: str) -> None:
    from factbuilder import date as parse

    from kg.identity import load_rules, term_of

    assert term_of(parse(date), parse(published), level, load_rules()) == term


@pytest.mark.parametrize(
    ("identifier", "code"),
    [
        ("05-CT/TW", "TW"),
        ("1300/CĐ-TTg", "TTg"),
        ("208-QĐ/TW", "TW"),
        ("202/2025/QH15", "QH15"),
        ("01-CT/ĐUK", "ĐUK"),
        ("19-CT/TU", "TU"),
    ],
)
def test_issuer_code(identifier: str, code: str) -> None:
    assert issuer_code(identifier) == code


def _document_iri(tables: Tables, article_id: str, identifier: str, issuer: dict[str, object] | None) -> str:
    text = f"Hội nghị quán triệt Chỉ thị số {identifier} của Ban Thường vụ."
    bodies = [{"id": "b1", "mentions": ["Ban Thường vụ"], **issuer}] if issuer else []
    facts = _article(
        article_id,
        text,
        bodies=bodies,
        documents=[
            {
                "id": "d1",
                "doc_type": "Chỉ thị",
                "label": f"Chỉ thị {identifier}",
                "identifier": identifier,
                "issuer": "b1" if issuer else None,
                "mentions": [f"Chỉ thị số {identifier}"],
            }
        ],
    )
    return resolve(facts, tables).iris["d1"]


def test_central_documents_are_global(tables: Tables) -> None:
    politburo = {"name": "Bộ Chính trị", "level": "central"}
    assert _document_iri(tables, "a1", "05-CT/TW", politburo) == _document_iri(tables, "a2", "05-CT/TW", None)
    assert _document_iri(tables, "a1", "202/2025/QH15", None).endswith("/document/202-2025-qh15")
    assert _document_iri(tables, "a1", "1300/CĐ-TTg", None).endswith("/document/1300-cd-ttg")


def test_local_documents_are_qualified_by_their_issuers_place(tables: Tables) -> None:
    def board(province: str, head: str = "Ban Thường vụ Tỉnh ủy") -> dict[str, object]:
        return {"name": f"{head} {province}", "level": "province", "place": province}

    thai_nguyen = _document_iri(tables, "a1", "19-CT/TU", board("Thái Nguyên"))
    assert thai_nguyen == _document_iri(tables, "a2", "19-CT/TU", board("Thái Nguyên"))
    # credited to the committee itself in another article: still the same directive
    assert thai_nguyen == _document_iri(tables, "a3", "19-CT/TU", board("Thái Nguyên", "Tỉnh ủy"))
    assert thai_nguyen != _document_iri(tables, "a4", "19-CT/TU", board("Nghệ An"))
    assert thai_nguyen.endswith("/document/thai-nguyen/19-ct-tu")
    # a local issuer without a place: its own IRI slug
    block = {"name": "Ban Thường vụ Đảng ủy Khối các cơ quan Trung ương", "level": "central"}
    assert _document_iri(tables, "a5", "01-CT/ĐUK", block).endswith(
        "/document/ban-thuong-vu-dang-uy-khoi-cac-co-quan-trung-uong/01-ct-duk"
    )
    # issuer unknown or unresolved: the symbol cannot be told apart from other provinces'
    unknown = {"name": "Ban Thường vụ Tỉnh ủy", "resolved": False}
    assert _document_iri(tables, "a6", "19-CT/TU", unknown) != _document_iri(
        tables, "a7", "19-CT/TU", unknown
    )
    assert _document_iri(tables, "a6", "19-CT/TU", None) != _document_iri(tables, "a7", "19-CT/TU", None)


def test_unnumbered_document_is_named_by_its_label(tables: Tables) -> None:
    facts = _article(
        "a1",
        "Triển khai Nghị quyết Đại hội XIII của Đảng.",
        documents=[
            {
                "id": "d1",
                "doc_type": "Nghị quyết",
                "label": "Nghị quyết Đại hội XIII",
                "mentions": ["Nghị quyết Đại hội XIII"],
            }
        ],
    )
    assert resolve(facts, tables).iris["d1"] == "https://w3id.org/vnkg/id/document/nghi-quyet-dai-hoi-xiii"


def _meeting_iri(
    tables: Tables, article_id: str, start: str | None, organiser: str | None = None, place: str | None = None
) -> str:
    text = "Sáng 16/7, Ban Tuyên giáo Trung ương tổ chức Hội nghị giao ban tại Hà Nội."
    facts = _article(
        article_id,
        text,
        places=[{"id": "pl1", "name": place, "kind": "city", "mentions": ["Hà Nội"]}] if place else [],
        bodies=[
            {"id": "b1", "name": organiser, "level": "central", "mentions": ["Ban Tuyên giáo Trung ương"]}
        ]
        if organiser
        else [],
        meetings=[
            {
                "id": "m1",
                "kind": "Hội nghị",
                "name": "Hội nghị giao ban",
                "start": start,
                "organisers": ["b1"] if organiser else [],
                "place": "pl1" if place else None,
                "mentions": ["Hội nghị giao ban"],
            }
        ],
    )
    return resolve(facts, tables).iris["m1"]


def test_dated_meeting_merges_across_articles_undated_one_does_not(tables: Tables) -> None:
    board = "Ban Tuyên giáo Trung ương"
    assert _meeting_iri(tables, "a1", "2023-07-16", board) == _meeting_iri(tables, "a2", "2023-07-16", board)
    assert _meeting_iri(tables, "a1", "2023-07-16", board) != _meeting_iri(tables, "a2", "2023-07-17", board)
    assert _meeting_iri(tables, "a1", "2023-07-16", None, "Hà Nội") == _meeting_iri(
        tables, "a2", "2023-07-16", None, "Hà Nội"
    )
    # no year: never merged
    assert _meeting_iri(tables, "a1", "--07-16", board) != _meeting_iri(tables, "a2", "--07-16", board)
    # nothing to anchor it: never merged
    assert _meeting_iri(tables, "a1", "2023-07-16") != _meeting_iri(tables, "a2", "2023-07-16")


def test_dangling_reference_is_a_clear_error(tables: Tables) -> None:
    facts = _article(
        "a1",
        "Đồng chí Trần Văn An phát biểu.",
        persons=[{"id": "p1", "name": "Trần Văn An", "mentions": ["Trần Văn An"]}],
        positions=[{"person": "p1", "role": "Bí thư", "body": "b9"}],
    )
    with pytest.raises(ResolveError, match=r"article a1 .*position 0 body refers to unknown id 'b9'"):
        resolve(facts, tables)


def test_repeated_local_id_is_a_clear_error(tables: Tables) -> None:
    facts = _article(
        "a1",
        "Đồng chí Trần Văn An phát biểu tại Hà Nội.",
        persons=[{"id": "x1", "name": "Trần Văn An", "mentions": ["Trần Văn An"]}],
        places=[{"id": "x1", "name": "Hà Nội", "mentions": ["Hà Nội"]}],
    )
    with pytest.raises(ResolveError, match="'x1' is used twice"):
        resolve(facts, tables)


def test_malformed_gazetteer_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "abbreviations.csv").write_text("short;long\nTW;Trung ương\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"abbreviations\.csv: missing column"):
        load_tables(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    (other / "document_types.csv").write_bytes(
        "label,code,class\nCh\xe1 th\xe1,CT,Directive\n".encode("latin-1")
    )
    with pytest.raises(GazetteerError, match=r"document_types\.csv: not UTF-8"):
        load_tables(other)


@pytest.mark.parametrize(
    ("part", "value", "message"),
    [
        ("persons", {"id": "p1", "name": " "}, "person p1 has an empty name"),
        ("bodies", {"id": "b1", "name": "—"}, "body b1 has an empty name"),
        ("documents", {"id": "d1", "doc_type": "Chỉ thị", "label": ""}, "document d1 has an empty label"),
    ],
)
def test_empty_names_are_refused(part: str, value: dict[str, object], message: str, tables: Tables) -> None:
    facts = _article("a1", "Một câu.", **{part: [value]})
    with pytest.raises(ResolveError, match=message):
        resolve(facts, tables)


@pytest.mark.parametrize(
    "label",
    [
        "Ban Tuyên giáo Tỉnh uỷ Thái Nguyên",
        "Ban Tuyên giáo Tỉnh ủy Thái Nguyên",
        "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TRUNG ƯƠNG",
        "Phan Xuân Thuỷ",
        "Chỉ thị số 05\u2013CT/TW \u201cvề đẩy mạnh\u201d",
        "  Hội nghị\u00a0trực tuyến  ",
        "Nghị quyết Trung ương 4 khoá XII",
        "1300/CĐ-TTg",
        "Tập Cận Bình",
        unicodedata.normalize("NFD", "Quảng Bình, Hoà Bình, Khánh Hòa"),
    ],
)
def test_fast_slug_agrees_with_kg_text_slug(label: str) -> None:
    assert fast_slug(label) == text.slug(label)


# --- identity from context (issue 14) -------------------------------------------------------

ID = "https://w3id.org/vnkg/id/"


def _secretary(article_id: str, committee: dict[str, object], tables: Tables, rules=None, **extra: object):  # type: ignore[no-untyped-def]
    """An article in which Nguyễn Văn An is Bí thư of ``committee`` (a body case)."""
    text = f"Đồng chí Nguyễn Văn An, Bí thư {committee['mention']} chủ trì hội nghị."
    body = {key: value for key, value in committee.items() if key != "mention"}
    facts = _article(
        article_id, text,
        persons=[{"id": "p1", "name": "Nguyễn Văn An", "mentions": ["Nguyễn Văn An"]}],
        bodies=[{"id": "b1", "mentions": [committee["mention"]], **body}],
        positions=[{"person": "p1", "role": "Bí thư", "body": "b1", "date": "2024-03-12"}],
        **extra,
    )
    return resolve(facts, tables, rules)


def test_body_kind_aliases_collapse_to_one_body(tables: Tables) -> None:
    real = load_tables()
    assert real.canonical_body_name("Ban Chấp hành Đảng bộ tỉnh Nghệ An") == "Tỉnh ủy Nghệ An"
    assert real.canonical_body_name("BCH Đảng bộ huyện Kỳ Sơn") == "Huyện ủy Kỳ Sơn"
    assert real.canonical_body_name("Thường vụ Tỉnh ủy Nghệ An") == "Ban Thường vụ Tỉnh ủy Nghệ An"
    assert real.canonical_body_name("Ban Tuyên giáo Ban Chấp hành Đảng bộ tỉnh Nghệ An") == (
        "Ban Tuyên giáo Tỉnh ủy Nghệ An"
    )
    # a gazetteer body keeps its own name; a place name is never rewritten
    assert real.canonical_body_name("Mặt trận Tổ quốc Việt Nam") == "Mặt trận Tổ quốc Việt Nam"
    iris = {
        _body_iri(real, f"a{i}", name, name, kind="tinh_uy", level="province", place="Nghệ An")
        for i, name in enumerate(["Tỉnh ủy Nghệ An", "Ban Chấp hành Đảng bộ tỉnh Nghệ An", "BCH Đảng bộ tỉnh Nghệ An"])
    }
    assert iris == {ID + "body/tinh-uy-nghe-an"}


def test_every_alias_in_body_kinds_is_its_head() -> None:
    import csv

    real = load_tables()
    with (real.directory / "body_kinds.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    heads: dict[str, set[str]] = {}
    for row in rows:
        for alias in filter(None, row["aliases"].split("|")):
            heads.setdefault(text.fold(real.expand_abbreviations(alias)), set()).add(text.canonical(row["head"]))
    checked = 0
    for row in rows:
        for alias in filter(None, row["aliases"].split("|")):
            written = real.canonical_body_name(f"{alias} Nghệ An")
            if len(heads[text.fold(real.expand_abbreviations(alias))]) > 1:
                assert written == real.expand_abbreviations(f"{alias} Nghệ An"), alias  # ambiguous: as written
            else:
                assert written == f"{text.canonical(row['head'])} Nghệ An", alias
                checked += 1
    assert checked > 40


def test_district_bodies_places_and_persons_are_keyed_by_province() -> None:
    real = load_tables()
    seen = {}
    for article_id, province in (("a1", "Hòa Bình"), ("a2", "Nghệ An")):
        resolved = _secretary(
            article_id,
            {"name": "Huyện ủy Kỳ Sơn", "kind": "huyen_uy", "level": "district", "place": "Kỳ Sơn",
             "mention": "Huyện ủy Kỳ Sơn"},
            real,
            places=[{"id": "pl1", "name": "Kỳ Sơn", "kind": "district", "province": province,
                     "mentions": ["Kỳ Sơn"]}],
        )
        seen[province] = resolved
    # (no parent committee in these facts: the province is read from the place list)
    assert seen["Nghệ An"].iris["b1"] == ID + "body/nghe-an/huyen-uy-ky-son"
    assert seen["Hòa Bình"].iris["b1"] == ID + "body/hoa-binh/huyen-uy-ky-son"
    assert seen["Nghệ An"].iris["pl1"] == ID + "place/nghe-an/ky-son"
    assert seen["Hòa Bình"].iris["pl1"] == ID + "place/hoa-binh/ky-son"
    # a district's official is anchored in the district (of the province of the time)
    assert seen["Nghệ An"].iris["p1"] == ID + "person/nghe-an/ky-son/nguyen-van-an-cf85a4"
    assert seen["Hòa Bình"].iris["p1"] == ID + "person/hoa-binh/ky-son/nguyen-van-an-cf85a4"
    assert seen["Nghệ An"].position_iris != seen["Hòa Bình"].position_iris


def test_a_district_of_unknown_province_is_kept_to_its_article() -> None:
    real = load_tables()
    resolved = _secretary(
        "a1",
        {"name": "Huyện ủy Kỳ Sơn", "kind": "huyen_uy", "level": "district", "place": "Kỳ Sơn",
         "mention": "Huyện ủy Kỳ Sơn"},
        real,
    )
    assert resolved.iris["b1"] == ID + "body/a1/huyen-uy-ky-son"
    assert "unknown" in resolved.keys["b1"]
    assert resolved.iris["p1"] == ID + "person/a1/nguyen-van-an-cf85a4"  # his only post is of no known place
    # a district name found in one province only is that province's
    unique = _secretary(
        "a2",
        {"name": "Huyện ủy Yên Thành", "kind": "huyen_uy", "level": "district", "place": "Yên Thành",
         "mention": "Huyện ủy Yên Thành"},
        real,
    )
    assert unique.iris["b1"] == ID + "body/nghe-an/huyen-uy-yen-thanh"


def test_a_province_official_is_anchored_in_the_province_of_today() -> None:
    """Hà Giang merged into Tuyên Quang on 1 July 2025: a Phó Bí thư of Tỉnh ủy Hà Giang in
    2024 and an Ủy viên Ban Thường vụ of Tỉnh ủy Tuyên Quang in 2025 get one IRI."""
    real = load_tables()
    before = _secretary("a1", {"name": "Tỉnh ủy Hà Giang", "kind": "tinh_uy", "level": "province",
                               "place": "Hà Giang", "mention": "Tỉnh ủy Hà Giang"}, real)
    after = _secretary("a2", {"name": "Tỉnh ủy Tuyên Quang", "kind": "tinh_uy", "level": "province",
                              "place": "Tuyên Quang", "mention": "Tỉnh ủy Tuyên Quang"}, real)
    assert before.iris["p1"] == after.iris["p1"] == ID + "person/tuyen-quang/nguyen-van-an-cf85a4"
    assert "Hà Giang, now Tuyên Quang" in before.keys["p1"]
    assert before.iris["b1"] != after.iris["b1"]  # the committees stay two bodies


def test_a_district_named_like_its_province_is_not_the_province() -> None:
    real = load_tables()
    resolved = _secretary(
        "a1",
        {"name": "Thành ủy Hòa Bình", "kind": "thanh_uy", "level": "district", "place": "Hòa Bình",
         "mention": "Thành ủy Hòa Bình"},
        real,
        places=[{"id": "pl1", "name": "Hòa Bình", "kind": "city", "province": "Hòa Bình", "mentions": ["Hòa Bình"]}],
    )
    assert resolved.iris["b1"] == ID + "body/thanh-uy-hoa-binh"  # its name says the place
    assert resolved.place_iris["b1"] == ID + "place/hoa-binh/hoa-binh"
    assert resolved.iris["p1"] == ID + "person/hoa-binh/hoa-binh/nguyen-van-an-cf85a4"


def test_posts_in_two_provinces_keep_the_person_to_the_article(tables: Tables) -> None:
    text = "Đồng chí Trần Văn Bình, Bí thư Tỉnh ủy Thái Nguyên, nguyên Bí thư Tỉnh ủy Lạng Sơn."
    facts = _article(
        "a1", text,
        persons=[{"id": "p1", "name": "Trần Văn Bình", "mentions": ["Trần Văn Bình"]}],
        bodies=[
            {"id": "b1", "name": "Tỉnh ủy Thái Nguyên", "level": "province", "place": "Thái Nguyên",
             "mentions": ["Tỉnh ủy Thái Nguyên"]},
            {"id": "b2", "name": "Tỉnh ủy Lạng Sơn", "level": "province", "place": "Lạng Sơn",
             "mentions": ["Tỉnh ủy Lạng Sơn"]},
        ],
        positions=[{"person": "p1", "role": "Bí thư", "body": "b1"}, {"person": "p1", "role": "Bí thư", "body": "b2"}],
    )
    resolved = resolve(facts, tables)
    assert resolved.iris["p1"].startswith(ID + "person/a1/")
    assert "2 provinces" in resolved.keys["p1"]


def test_a_byline_is_anchored_to_its_outlet(tables: Tables) -> None:
    def author(article_id: str) -> str:
        facts = _article(
            article_id, "Hội nghị diễn ra sáng nay. Duy Phương",
            persons=[{"id": "p1", "name": "Duy Phương", "mentions": ["Duy Phương"], "is_author": True}],
        )
        facts.article.outlet = "TTXVN"
        facts.author = "p1"
        return resolve(facts, tables).iris["p1"]

    assert author("a1") == author("a2") == ID + "person/ttxvn/duy-phuong-" + author("a1").rsplit("-", 1)[-1]


def test_overrides_merge_and_split(tmp_path: Path, tables: Tables) -> None:
    from kg.identity import load_rules

    central = ID + "person/central/nguyen-van-an-cf85a4"
    (tmp_path / "same_as.csv").write_text(
        f"# a comment line\niri,same_as,note\n{ID}person/a1/nguyen-van-an-cf85a4,{central},moved to Hà Nội\n",
        encoding="utf-8",
    )
    (tmp_path / "not_same_as.csv").write_text(
        f"iri,article,note\n{ID}body/tinh-uy-thai-nguyen,a3,another committee\n", encoding="utf-8"
    )
    rules = load_rules(tmp_path)
    thin = _article("a1", "Đồng chí Nguyễn Văn An phát biểu.",
                    persons=[{"id": "p1", "name": "Nguyễn Văn An", "mentions": ["Nguyễn Văn An"]}])
    merged = resolve(thin, tables, rules)
    assert merged.iris["p1"] == central
    assert "merged by same_as.csv line 3 (moved to Hà Nội)" in merged.keys["p1"]
    committee = {"name": "Tỉnh ủy Thái Nguyên", "level": "province", "place": "Thái Nguyên",
                 "mention": "Tỉnh ủy Thái Nguyên"}
    assert _secretary("a2", committee, tables, rules).iris["b1"] == ID + "body/tinh-uy-thai-nguyen"
    split = _secretary("a3", committee, tables, rules)
    assert split.iris["b1"] == ID + "body/a3/tinh-uy-thai-nguyen"
    assert "split by not_same_as.csv line 2 (another committee)" in split.keys["b1"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("same_as.csv", "iri,same_as\nnot-an-iri,https://w3id.org/vnkg/id/person/x/y\n", "line 2: 'not-an-iri'"),
        ("same_as.csv", f"iri,same_as\n{ID}body/a,{ID}body/b\n{ID}body/b,{ID}body/a\n", "cycle"),
        ("same_as.csv", f"iri,same_as\n{ID}body/a,{ID}body/b\n{ID}body/a,{ID}body/c\n", "line 3"),
        ("same_as.csv", "iri\n", "missing column(s) same_as"),
        ("not_same_as.csv", f"iri,article\n{ID}body/a,not an id\n", "is not an article id"),
        ("terms.csv", "level,first_year,years,starts_on\ncentral,2016,5,02-01\n", "starts_on is --MM-DD"),
    ],
)
def test_a_bad_identity_file_is_a_clear_error(tmp_path: Path, name: str, content: str, message: str) -> None:
    from kg.identity import IdentityError, load_rules

    (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(IdentityError, match=re.escape(message)) as caught:
        load_rules(tmp_path)
    assert name in str(caught.value)
