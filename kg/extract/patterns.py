"""Regular expressions compiled from the gazetteers.

Nothing domain-specific is spelled out here beyond the grammar of the phrases
(a role, then a body, then a place); the words themselves come from
``data/gazetteers``.  The text these run on is normalised in place
(:func:`kg.text.normalize_in_place`): canonical tone marks, plain quotes and dashes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from kg.gazetteer import Gazetteer, load
from kg.text import canonical


def _letter_classes() -> tuple[str, str]:
    upper, lower = [], []
    for code in range(0x41, 0x1EFA):
        ch = chr(code)
        if ch.isalpha() and "LATIN" in unicodedata.name(ch, ""):
            (upper if ch.isupper() else lower).append(ch)
    return "".join(upper), "".join(lower)


UPPER, LOWER = _letter_classes()
UP = f"[{re.escape(UPPER)}]"
LOW = f"[{re.escape(LOWER)}]"
# A capitalised syllable: "Thủy", "Đảng", "XIII" (all-caps words are allowed).
CAP = rf"{UP}(?:{LOW}+|{UP}*)"
WORD_END = r"(?![\w])"
WORD_START = r"(?<![\w])"
ROMAN = r"[IVXLC]+"
_NUMBER = r"\d+|một|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười(?:\s+(?:một|hai|ba|bốn|lăm|năm|sáu|bảy|tám|chín))?"
_CENTRAL_COMMITTEE = r"(?:Ban\s+Chấp\s+hành|BCH)\s+Trung\s+ương(?:\s+Đảng)?"
# A Central Committee plenum, in its many spellings: "Trung ương 4 (khóa XII)", "lần thứ 11 Ban Chấp
# hành Trung ương Đảng khóa XIII", "Trung ương lần thứ 11 của BCH Trung ương Đảng (khóa XIII)".
PLENUM = (
    rf"(?:lần\s+thứ\s+(?P<n_before>{_NUMBER})\s+(?:của\s+)?{_CENTRAL_COMMITTEE}"
    rf"|(?:{_CENTRAL_COMMITTEE}\s+|Trung\s+ương\s+)(?:(?:lần\s+thứ\s+)?(?P<n_after>{_NUMBER}))"
    rf"(?:\s+(?:của\s+)?{_CENTRAL_COMMITTEE})?)"
    rf"(?:\s*\(?\s*khóa\s+(?P<term>{ROMAN})\s*\)?)?"
)
NUMBER_WORDS = {
    "một": 1,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
}


def plenum_number(text: str) -> int | None:
    """ "11", "tám", "mười hai" -> 11, 8, 12."""
    words = text.lower().split()
    if words and words[0].isdigit():
        return int(words[0])
    total = 0
    for word in words:
        if word == "mười":
            total += 10
        elif word in NUMBER_WORDS:
            total += 5 if word == "lăm" else NUMBER_WORDS[word]
        elif word == "lăm":
            total += 5
    return total or None


_DASH = re.compile(r"\s*[-–]\s*")


def _label_pattern(label: str) -> str:
    """One label as a regex: spaces match any run of spaces, a dash any spacing around it
    ("Đài PT-TH", "Đài PT - TH" and "Đài PT- TH" are one spelling)."""
    parts = _DASH.split(label)
    return r"\s*[-–]\s*".join(re.escape(part).replace(r"\ ", r"\s+") for part in parts)


def _alternation(labels: list[str] | set[str]) -> str:
    """A regex alternation, longest first, spaces matching any run of spaces."""
    unique = sorted({canonical(label) for label in labels if label}, key=lambda s: (-len(s), s))
    return "|".join(_label_pattern(label) for label in unique)


@dataclass(frozen=True)
class Patterns:
    person_name: re.Pattern[str]
    cap_sequence: re.Pattern[str]
    honorific_before: re.Pattern[str]
    role: re.Pattern[str]
    central_body: re.Pattern[str]
    local_body: re.Pattern[str]
    place: re.Pattern[str]
    place_list_item: re.Pattern[str]
    document: re.Pattern[str]
    unnumbered_document: re.Pattern[str]
    meeting_trigger: re.Pattern[str]
    named_event: re.Pattern[str]
    date: re.Pattern[str]
    year_hint: re.Pattern[str]
    separator: re.Pattern[str]
    country: re.Pattern[str]
    headless_organ: re.Pattern[str]
    venue: re.Pattern[str]
    # the lower-cased first syllables each pattern can start with: the scanner tries a
    # pattern only where such a word begins, instead of at every character
    firsts: dict[str, frozenset[str]]


@cache
def patterns() -> Patterns:
    return build(load())


def build(g: Gazetteer) -> Patterns:
    surnames = _alternation(g.surnames) or "Nguyễn|Trần|Lê"
    # names never run across a line break
    person_name = re.compile(rf"{WORD_START}(?:{surnames})(?:[ \t]+{CAP}){{1,4}}{WORD_END}")
    cap_sequence = re.compile(rf"{WORD_START}{CAP}(?:[ \t]+{CAP}){{1,4}}{WORD_END}")
    honorifics = _alternation(list(g.honorifics)) or "đồng chí|ông|bà"
    honorific_before = re.compile(rf"(?:{WORD_START}|^)(?:{honorifics})\s*$", re.IGNORECASE)

    # a "part" role is read only inside a compound title ("Thường trực" of "Thường trực Ban Bí thư")
    role_labels = [label for role in g.roles if role.kind != "part" for label in (role.label, *role.variants)]
    role = re.compile(rf"(?:{_alternation(role_labels)}){WORD_END}", re.IGNORECASE)

    central_labels = [label for body in g.bodies.values() for label in (body.name, *body.aliases)]
    central_body = re.compile(rf"(?:{_alternation(central_labels)}){WORD_END}", re.IGNORECASE)

    organ_heads = [
        h
        for k in g.body_kinds.values()
        if k.tier in ("organ", "state") or k.sector in ("mass", "media")
        for h in (k.head, *k.aliases)
    ]
    committee_heads = [h for k in g.body_kinds.values() if k.tier == "committee" for h in (k.head, *k.aliases)]
    place_labels = [p.name for p in g.provinces.values()] + [a for p in g.provinces.values() for a in p.aliases]
    district_labels = {d.name for units in g.districts.values() for d in units}
    all_places = _alternation(place_labels + sorted(district_labels))
    unit = r"(?:(?i:tỉnh|thành\s+phố|huyện|quận|thị\s+xã)|TP\.?|TX\.?)"
    # [organ [và organ]] [committee] [unit] [place]; at least organ or committee.
    organs = _alternation(organ_heads)
    committees = _alternation(committee_heads)
    # A committee's long form ("BCH Đảng bộ tỉnh") is tried before an organ that shares its first word.
    local_body = re.compile(
        rf"(?:(?P<committee0>(?:{committees}){WORD_END})"
        rf"|(?P<organ>(?:{organs})(?:\s+và\s+(?:{organs}))?)(?:\s*(?P<committee>(?:{committees}){WORD_END}))?)"
        # "TP. Hồ Chí Minh" is a place name of its own: try unit and place together before a bare unit
        rf"(?:\s+(?:(?P<unit>{unit})\s+)?(?P<place>(?:{all_places}){WORD_END})|\s+(?P<bare_unit>{unit})(?![\w]))?",
        re.IGNORECASE,
    )
    # "Phó Trưởng Ban Thường trực Tuyên giáo Tỉnh ủy": an organ written without its "Ban"
    headless = [h[4:] for h in organ_heads if h.startswith("Ban ")]
    headless_organ = re.compile(
        rf"(?P<rest>{_alternation(headless)})\s+(?P<committee>(?:{committees}){WORD_END})"
        rf"(?:\s+(?:(?P<unit>{unit})\s+)?(?P<place>(?:{all_places}){WORD_END}))?",
        re.IGNORECASE,
    )
    place = re.compile(rf"(?:(?P<unit>{unit})\s+)?(?P<name>(?:{all_places})){WORD_END}")
    place_list_item = re.compile(rf"\s*(?:,|và|;)?\s*(?:(?P<unit>{unit})\s+)?(?P<name>(?:{all_places})){WORD_END}")

    doc_types = _alternation([t.label for t in g.document_types.values()]) or "Chỉ thị|Nghị quyết"
    identifier = r"\d+[A-Za-z]?(?:/\d{4})?[-/](?:[A-ZĐ][A-Za-zĐđ0-9]*)(?:[-/.][A-ZĐ][A-Za-zĐđ0-9]*)*"
    document = re.compile(
        rf"(?P<type>{doc_types})\s+(?:số\s+)?(?:(?P<id>{identifier})|(?P<number>\d+){WORD_END}(?![-/]\d))",
    )
    unnumbered_document = re.compile(
        rf"(?P<type>Nghị quyết|Văn kiện)\s+(?P<what>(?:Hội\s+nghị\s+)?{PLENUM}"
        rf"|Đại\s+hội\s+(?:Đảng\s+(?:toàn\s+quốc\s+)?)?(?:lần\s+thứ\s+)?{ROMAN}(?:\s+của\s+Đảng)?)",
        re.IGNORECASE,
    )
    triggers = _alternation([k.trigger for k in g.meeting_kinds]) or "hội nghị"
    meeting_trigger = re.compile(rf"{WORD_START}(?:{triggers}){WORD_END}", re.IGNORECASE)
    named_event = re.compile(
        rf"{WORD_START}(?:Đại\s+hội\s+(?:(?!Đại\s+hội)[^\s,.;:]+\s+){{0,12}}?lần\s+thứ\s+{ROMAN}"
        rf"(?:\s+của\s+Đảng|\s+Đảng\s+bộ\s+(?:tỉnh|thành\s+phố|TP\.?|huyện|quận|thị\s+xã)(?:\s+{CAP})+)?"
        rf"|Đại\s+hội\s+{ROMAN}\s+của\s+Đảng"
        rf"|Hội\s+nghị\s+{PLENUM})"
    )
    date = re.compile(
        r"(?P<lead>(?P<tod>(?:từ\s+)?(?:sáng|chiều|tối|trưa|đêm)\s+)?(?:(?:từ\s+)?(?P<day>ngày)\s+)?)"
        r"(?P<d1>\d{1,2})(?:(?:\s*[-–]\s*|\s+đến\s+(?:ngày\s+)?|\s+và\s+)(?P<d1b>\d{1,2})(?=\s*[/-]))?"
        # "Sáng 28.8": a dot between day and month only after a time word (not "2.500 người")
        r"(?:\s*[/-]\s*|(?(tod)\.|(?(day)\.|(?!))))(?P<m1>\d{1,2})(?:\s*[/-]\s*(?P<y1>\d{4}))?"
        r"(?:\s*(?:-|–|đến)\s*(?:ngày\s+)?(?P<d2>\d{1,2})\s*[/-]\s*(?P<m2>\d{1,2})(?:\s*[/-]\s*(?P<y2>\d{4}))?)?"
        r"(?![\d/])",
        re.IGNORECASE,
    )
    year_hint = re.compile(
        r"(?:năm(?:\s+học)?|tháng\s+\d{1,2}\s*/|tháng\s+\d{1,2}\s*-\s*\d{1,2}\s*/)\s*(?P<year>(?:19|20)\d{2})(?!\d)",
        re.IGNORECASE,
    )
    separator = re.compile(r"\s*(?:,|-|–|;|và|kiêm|\()\s*", re.IGNORECASE)
    return Patterns(
        person_name=person_name,
        cap_sequence=cap_sequence,
        honorific_before=honorific_before,
        role=role,
        central_body=central_body,
        local_body=local_body,
        place=place,
        place_list_item=place_list_item,
        document=document,
        unnumbered_document=unnumbered_document,
        meeting_trigger=meeting_trigger,
        named_event=named_event,
        date=date,
        year_hint=year_hint,
        separator=separator,
        country=re.compile(rf"(?:nước\s+)?(?:{_alternation(g.country_labels)}){WORD_END}"),
        headless_organ=headless_organ,
        venue=re.compile(
            rf"(?:{_alternation(list(g.venue_words)) or 'Hội trường'})"
            rf"(?:\s+(?:{CAP}|ủy|\d+|tỉnh|thành\s+phố|huyện)){{0,8}}"
        ),
        firsts={
            "person_name": _firsts(g.surnames),
            "role": _firsts(role_labels),
            "central_body": _firsts(central_labels),
            "local_body": _firsts(organ_heads + committee_heads),
            "place": _firsts(
                place_labels + sorted(district_labels) + ["tỉnh", "thành", "TP", "huyện", "quận", "thị", "TX"]
            ),
            "document": _firsts([t.label for t in g.document_types.values()]),
            "unnumbered_document": _firsts(["Nghị quyết", "Văn kiện"]),
            "named_event": _firsts(["Đại hội", "Hội nghị"]),
            "meeting_trigger": _firsts([k.trigger for k in g.meeting_kinds]),
            "country": _firsts(g.country_labels + ["nước"]),
        },
    )


_FIRST_WORD = re.compile(r"\w+")
_UNIT_WORDS = ["tỉnh", "thành", "TP", "huyện", "quận", "thị", "TX"]


def _firsts(labels: list[str] | frozenset[str] | set[str]) -> frozenset[str]:
    words = set()
    for label in labels:
        m = _FIRST_WORD.search(canonical(label))
        if m:
            words.add(m.group().lower())
    return frozenset(words)
