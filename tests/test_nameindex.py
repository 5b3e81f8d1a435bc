"""The name index's keys (kg/nameindex.py): what a label is found by."""

from __future__ import annotations

from kg.nameindex import MAX_WORDS, bare, key_lines, lookup_key, search_keys


def test_bare_key_has_no_case_tone_style_or_diacritics() -> None:
    for spelling in ("Phan Xuân Thủy", "phan xuân thuỷ", "PHAN XUÂN THỦY", "phan  xuan thuy"):
        assert bare(spelling) == "phan xuan thuy"
    assert bare("Đảng ủy Khối") == "dang uy khoi"
    assert bare("Chỉ thị 05-CT/TW") == "chi thi 05-ct/tw"


def test_search_keys_are_runs_of_whole_words() -> None:
    keys = search_keys("Ban Tuyên giáo Tỉnh ủy Nghệ An")
    assert {"ban", "nghe an", "tuyen giao"} <= keys
    assert "uy nghe an" not in keys  # 3 words: longer than MAX_WORDS
    assert all(len(key.split()) <= MAX_WORDS for key in keys)
    assert "ngh" not in keys and "an ban" not in keys
    # punctuation separates words: a symbol is found by its parts in order
    assert {"05 ct", "ct tw"} <= search_keys("Chỉ thị 05-CT/TW")


def test_a_name_is_looked_up_by_its_first_words() -> None:
    assert lookup_key("Ban Tuyên giáo Tỉnh ủy Nghệ An") == "ban tuyen"
    assert lookup_key("05-CT/TW") == "05 ct"
    assert lookup_key("  ") == ""


def test_key_lines_name_the_canonical_label_and_the_others() -> None:
    lines = key_lines("<https://w3id.org/vnkg/id/person/x>", "Phan Xuân Thủy", ["Phan Xuân Thuỷ", "P. X. Thủy"])
    assert '<https://w3id.org/vnkg/id/person/x> <https://w3id.org/vnkg/ontology#nameKey> "phan xuan thuy" .' in lines
    alt = [line for line in lines if "altNameKey" in line]
    assert alt == ['<https://w3id.org/vnkg/id/person/x> <https://w3id.org/vnkg/ontology#altNameKey> "p. x. thuy" .']
    assert sum("searchKey" in line for line in lines) == len(search_keys("Phan Xuân Thủy")) == 5
