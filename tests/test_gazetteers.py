"""Integrity of the gazetteer data files against their spec in data/gazetteers/README.md."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from kg.text import canonical, fold

GAZETTEERS = Path(__file__).resolve().parent.parent / "data" / "gazetteers"
README = GAZETTEERS / "README.md"

# columns that may hold other spellings (other tone style, abbreviations, en dashes)
FREE_STYLE_COLUMNS = {"aliases", "variants"}
LAST_DAY_BEFORE_MERGER = date(2025, 6, 30)
FIRST_DAY_AFTER_MERGER = date(2025, 7, 1)


@cache
def spec_headers() -> dict[str, list[str]]:
    """File name -> columns, read from the README's table."""
    headers: dict[str, list[str]] = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        name = cells[0].strip("`")
        if name.endswith(".csv"):
            headers[name] = cells[2].strip("`").split(",")
    return headers


@cache
def read_csv(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with (GAZETTEERS / name).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def rows_of(name: str) -> list[dict[str, str]]:
    return read_csv(name)[1]


def read_lines(name: str) -> list[str]:
    text = (GAZETTEERS / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def split_multi(cell: str) -> list[str]:
    return [part for part in cell.split("|") if part]


def parse_day(cell: str) -> date | None:
    return date.fromisoformat(cell) if cell else None


def valid_on(row: dict[str, str], day: date) -> bool:
    start, end = parse_day(row["valid_from"]), parse_day(row["valid_until"])
    return (start is None or start <= day) and (end is None or day <= end)


def body_names() -> set[str]:
    return {row["name"] for row in rows_of("bodies.csv")}


def body_kind_names() -> set[str]:
    return {row["kind"] for row in rows_of("body_kinds.csv")}


def province_names() -> set[str]:
    return {row["name"] for row in rows_of("provinces.csv")}


CSV_FILES = sorted(spec_headers())
TXT_FILES = ["surnames.txt", "honorifics.txt", "boilerplate.txt"]


def test_readme_lists_every_data_file() -> None:
    on_disk = {path.name for path in GAZETTEERS.glob("*.csv")}
    assert len(CSV_FILES) == 17
    assert on_disk == set(CSV_FILES)
    for name in TXT_FILES:
        assert (GAZETTEERS / name).is_file(), name


@pytest.mark.parametrize("name", CSV_FILES)
def test_csv_header_is_the_readme_header(name: str) -> None:
    header, rows = read_csv(name)
    assert header == spec_headers()[name]
    assert rows, f"{name} has no rows"
    for row in rows:
        ragged = None in row or any(value is None for value in row.values())
        assert not ragged, f"{name}: ragged row {row}"


@pytest.mark.parametrize("name", CSV_FILES)
def test_csv_has_no_duplicate_rows(name: str) -> None:
    keys = [tuple(fold(value) for value in row.values()) for row in rows_of(name)]
    duplicates = [key for key, count in Counter(keys).items() if count > 1]
    assert not duplicates


@pytest.mark.parametrize("name", CSV_FILES)
def test_csv_cells_are_nfc_and_canonical(name: str) -> None:
    for row in rows_of(name):
        for column, cell in row.items():
            assert unicodedata.is_normalized("NFC", cell), f"{name}:{column}: {cell!r} not NFC"
            assert cell == cell.strip(), f"{name}:{column}: {cell!r} has outer spaces"
            if column in FREE_STYLE_COLUMNS:
                assert all(part.strip() == part for part in split_multi(cell)), f"{name}: {cell!r}"
                continue
            assert canonical(cell) == cell, f"{name}:{column}: {cell!r} is not canonical"


@pytest.mark.parametrize("name", TXT_FILES)
def test_txt_lines_are_canonical_and_unique(name: str) -> None:
    lines = read_lines(name)
    for line in lines:
        assert unicodedata.is_normalized("NFC", line), line
        assert canonical(line) == line, f"{name}: {line!r} is not canonical"
    repeated = [key for key, count in Counter(fold(line) for line in lines).items() if count > 1]
    assert not repeated


def test_aliases_are_nfc() -> None:
    for name in CSV_FILES:
        for row in rows_of(name):
            for column in FREE_STYLE_COLUMNS & row.keys():
                assert unicodedata.is_normalized("NFC", row[column]), f"{name}: {row[column]!r}"


# provinces ---------------------------------------------------------------


def test_province_counts_around_the_2025_merger() -> None:
    rows = rows_of("provinces.csv")
    assert sum(valid_on(row, date(2024, 12, 31)) for row in rows) == 63
    assert sum(valid_on(row, LAST_DAY_BEFORE_MERGER) for row in rows) == 63
    assert sum(valid_on(row, FIRST_DAY_AFTER_MERGER) for row in rows) == 34


def test_province_names_are_unique_on_any_day() -> None:
    rows = rows_of("provinces.csv")
    for day in (date(2024, 12, 31), LAST_DAY_BEFORE_MERGER, FIRST_DAY_AFTER_MERGER):
        names = [row["name"] for row in rows if valid_on(row, day)]
        assert len(names) == len(set(names)), day


def test_province_units_and_committees_agree() -> None:
    for row in rows_of("provinces.csv"):
        assert row["unit"] in {"tinh", "thanh_pho"}, row
        expected = "Thành ủy" if row["unit"] == "thanh_pho" else "Tỉnh ủy"
        assert row["committee"] == expected, row


def test_centrally_run_cities() -> None:
    rows = rows_of("provinces.csv")
    cities = [row for row in rows if row["unit"] == "thanh_pho"]
    before = {row["name"] for row in cities if valid_on(row, LAST_DAY_BEFORE_MERGER)}
    after = {row["name"] for row in cities if valid_on(row, FIRST_DAY_AFTER_MERGER)}
    assert before == {"Hà Nội", "TP. Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"}
    assert after == before


def test_province_successors_exist_on_the_next_day() -> None:
    rows = rows_of("provinces.csv")
    for row in rows:
        end = parse_day(row["valid_until"])
        if end is None:
            assert not row["successor"], row
            continue
        assert row["successor"], f"{row['name']} ends without a successor"
        next_day = date.fromordinal(end.toordinal() + 1)
        live = {other["name"] for other in rows if valid_on(other, next_day)}
        assert row["successor"] in live, row


def test_province_aliases_do_not_collide() -> None:
    owners: dict[str, set[str]] = {}
    for row in rows_of("provinces.csv"):
        for written in [row["name"], *split_multi(row["aliases"])]:
            owners.setdefault(fold(written), set()).add(row["name"])
    shared = {key: names for key, names in owners.items() if len(names) > 1}
    assert not shared


# districts ---------------------------------------------------------------


def test_districts_cover_every_province_before_the_merger() -> None:
    rows = rows_of("districts.csv")
    assert len(rows) >= 650
    known = province_names()
    for row in rows:
        assert row["province"] in known, row
        assert row["unit"] in {"huyen", "quan", "thi_xa", "thanh_pho"}, row
        # the unit word stays only on numbered urban districts ("Quận 1")
        has_unit_word = re.match(r"(?i)(huyện|quận|thị xã|thành phố) ", row["name"])
        assert not has_unit_word or row["name"][-1].isdigit(), row
    live = {row["name"] for row in rows_of("provinces.csv") if valid_on(row, LAST_DAY_BEFORE_MERGER)}
    covered = {row["province"] for row in rows}
    assert live <= covered, live - covered


def test_same_district_name_in_two_provinces_has_two_rows() -> None:
    provinces_of: dict[str, set[str]] = {}
    for row in rows_of("districts.csv"):
        provinces_of.setdefault(row["name"], set()).add(row["province"])
    assert {"Nghệ An", "Hòa Bình"} <= provinces_of["Kỳ Sơn"]
    assert "Nghệ An" in provinces_of["Cửa Lò"]
    assert "Quảng Bình" in provinces_of["Đồng Hới"]


# bodies, kinds, roles ----------------------------------------------------


def test_body_names_are_unique_and_links_resolve() -> None:
    rows = rows_of("bodies.csv")
    names = [row["name"] for row in rows]
    assert len(names) == len(set(names))
    known = set(names)
    for row in rows:
        assert row["level"] in {"central", "foreign"}, row
        assert row["sector"] in {"party", "state", "mass", "media", "education"}, row
        assert row["kind"], row
        if row["parent"]:
            assert row["parent"] in known and row["parent"] != row["name"], row
        for successor in split_multi(row["successor"]):
            assert successor in known, row
        start, end = parse_day(row["valid_from"]), parse_day(row["valid_until"])
        if start and end:
            assert start <= end, row


def test_body_parents_have_no_cycles() -> None:
    parent_of = {row["name"]: row["parent"] for row in rows_of("bodies.csv")}
    for name in parent_of:
        seen: set[str] = set()
        while name:
            assert name not in seen, f"cycle through {name}"
            seen.add(name)
            name = parent_of[name]


def test_body_aliases_do_not_collide() -> None:
    owners: dict[str, set[str]] = {}
    for row in rows_of("bodies.csv"):
        for written in [row["name"], *split_multi(row["aliases"])]:
            owners.setdefault(fold(written), set()).add(row["name"])
    assert not {key: names for key, names in owners.items() if len(names) > 1}


def test_body_kinds() -> None:
    rows = rows_of("body_kinds.csv")
    kinds = [row["kind"] for row in rows]
    assert len(kinds) == len(set(kinds))
    for row in rows:
        assert re.fullmatch(r"[a-z_]+", row["kind"]), row
        assert row["tier"] in {"committee", "organ", "state", "other"}, row
    named_kinds = {row["kind"] for row in rows_of("bodies.csv")}  # "Ban cán sự đảng" of a ministry
    for row in rows:
        for part in split_multi(row["part_of"]):
            assert (part in kinds or part in named_kinds) and part != row["kind"], row


def test_roles() -> None:
    rows = rows_of("roles.csv")
    assert len(rows) >= 120
    keys = [(row["label"], row["implied_body"]) for row in rows]
    assert len(keys) == len(set(keys))
    targets = body_names() | body_kind_names()
    for row in rows:
        assert row["kind"] in {"head", "deputy", "standing_deputy", "member", "secretary", "other", "part"}, row
        if row["implied_body"]:
            assert row["implied_body"] in targets, row
        if row["body_starts_with"]:
            assert fold(row["label"]).endswith(fold(row["body_starts_with"])), row


def test_role_spellings_are_not_shared() -> None:
    owners: dict[str, set[tuple[str, str]]] = {}
    for row in rows_of("roles.csv"):
        for written in [row["label"], *split_multi(row["variants"])]:
            owners.setdefault(fold(written), set()).add((row["label"], row["implied_body"]))
    assert not {key: labels for key, labels in owners.items() if len(labels) > 1}


# documents, meetings, outlets, abbreviations -----------------------------


def test_issuer_codes_resolve() -> None:
    rows = rows_of("issuer_codes.csv")
    codes = [row["code"] for row in rows]
    assert len(codes) == len(set(codes))
    for row in rows:
        assert row["level"] in {"central", "local"}, row
        if not row["issuer"]:
            continue
        if row["level"] == "central":
            assert row["issuer"] in body_names(), row
        else:
            assert row["issuer"] in body_kind_names(), row


def test_document_types() -> None:
    rows = rows_of("document_types.csv")
    labels = [row["label"] for row in rows]
    assert len(labels) == len(set(labels))
    for row in rows:
        assert re.fullmatch(r"[A-Z][A-Za-z]+", row["class"]), row
        assert row["english"], row


def test_meeting_kinds() -> None:
    rows = rows_of("meeting_kinds.csv")
    triggers = [row["trigger"] for row in rows]
    assert len(triggers) == len(set(triggers))
    for row in rows:
        assert row["trigger"] == row["trigger"].lower(), row
        assert re.fullmatch(r"[A-Z][A-Za-z]+", row["class"]), row
        assert row["kind"] and row["kind"][0].isupper(), row


def test_outlets() -> None:
    rows = rows_of("outlets.csv")
    patterns = [row["pattern"] for row in rows]
    assert len(patterns) == len(set(patterns))
    known = province_names()
    for row in rows:
        assert row["pattern"] == row["pattern"].lower(), row
        assert not row["province"] or row["province"] in known, row
    live = {row["name"] for row in rows_of("provinces.csv") if valid_on(row, LAST_DAY_BEFORE_MERGER)}
    assert live <= {row["province"] for row in rows}


def test_abbreviations() -> None:
    rows = rows_of("abbreviations.csv")
    shorts = [row["short"] for row in rows]
    assert len(shorts) == len(set(shorts))
    assert all(row["long"] and row["long"] != row["short"] for row in rows)


def test_word_lists_are_big_enough() -> None:
    surnames = read_lines("surnames.txt")
    assert len(surnames) >= 150
    assert {"Nguyễn", "Kha", "Lò", "Giàng", "Y"} <= set(surnames)
    assert {"đồng chí", "PGS.TS.", "Đại tướng"} <= set(read_lines("honorifics.txt"))
