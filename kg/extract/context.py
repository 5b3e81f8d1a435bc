"""The article's context: the province its local bodies belong to (the year of its events: :mod:`kg.extract.years`)."""

from __future__ import annotations

import re

from kg.extract.draft import Draft
from kg.extract.patterns import CAP, patterns
from kg.gazetteer import District, Gazetteer, load
from kg.text import fold, normalize_in_place

BRIDGE = re.compile(r"điểm\s+cầu\s+(?:(?:của\s+)?(?:tỉnh|thành\s+phố|TP\.?)\s+)?", re.IGNORECASE)


_OUTLET_TAG = re.compile(r"^\s*\(([^()\n]{3,40})\)\s*[-–]", re.MULTILINE)


def infer_context(draft: Draft) -> None:
    g, pat = load(), patterns()
    text = draft.text
    outlet = draft.article.outlet or ""
    tag = _OUTLET_TAG.search(text)
    if tag:
        outlet = outlet or tag.group(1)
    outlet_fold = outlet.casefold()
    for o in g.outlets:
        if o.province and o.pattern and o.pattern in outlet_fold:
            draft.province_votes[o.province] += 3
            break
    else:
        # the page's address names the outlet ("baoapbac.vn" is Tiền Giang's paper)
        by_host = g.outlet_for_url(draft.article.url)
        if by_host and by_host.province:
            draft.province_votes[by_host.province] += 3
            draft.district = by_host.district or None
    for m in draft.scan(pat.place, pat.firsts["place"]):
        name = m.group("name")
        if not name[0].isupper() or inside_name(text, m.start("name")):
            continue
        before = text[max(0, m.start() - 20) : m.start()]
        weight = 3 if BRIDGE.search(before + " ") and before.rstrip().endswith(("cầu", "tỉnh", "phố", "TP.")) else 1
        if weight == 1 and re.search(r"(?:Tỉnh|Thành)\s+ủy\s*$", before):
            weight = 2  # "Tỉnh ủy Yên Bái" says where the article is
        province = g.province(name)
        if province:
            draft.province_votes[province] += weight
            continue
        units = districts_named(g, name)
        if units and (
            m.group("unit")
            or UNIT_BEFORE.search(text[max(0, m.start() - 12) : m.start()])
            or _LISTED.match(text, m.end())
        ):
            for unit in units:
                draft.province_votes[unit.province] += 1 / len(units)
    headline = draft.article.headline
    if headline:
        line = normalize_in_place(draft.article.text[headline.start : headline.end])
        for m in pat.place.finditer(line):
            if not m.group("name")[0].isupper():
                continue
            province = g.province(m.group("name"))
            if province:
                draft.province_votes[province] += 2
            elif m.group("unit") or UNIT_BEFORE.search(line[max(0, m.start() - 12) : m.start("name")]):
                for unit in districts_named(g, m.group("name")):
                    draft.province_votes[unit.province] += 1
    if draft.province_votes:
        ranked = draft.province_votes.most_common(2)
        top, score = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0
        # the only province an article names ("... đang công tác tại Quảng Nam") is its own
        if (score >= 2 and score > second * 1.5) or (len(ranked) == 1 and score >= 1):
            draft.province = top


_LISTED = re.compile(r"\s*(?:,|và\s|;|\.|$)")


_CAPITALISED_BEFORE = re.compile(rf"{CAP}\s+$")


def inside_name(text: str, start: int) -> bool:
    """A place word preceded by a capitalised word that is not a title: "Chẩu Văn Lâm" is a person."""
    before = text[max(0, start - 12) : start]
    if not _CAPITALISED_BEFORE.search(before):
        return False
    return not UNIT_BEFORE.search(before) and not re.search(r"(?:ủy|Ủy|cầu|Khối)\s+$", before)


def districts_named(g: Gazetteer, name: str) -> list[District]:
    return g.districts.get(fold(name), [])


UNIT_BEFORE = re.compile(
    r"(?:huyện|quận|thị\s+xã|TX\.?|thành\s+phố|TP\.?|tỉnh|tại|Huyện\s+ủy|Thị\s+ủy|Thành\s+ủy|Quận\s+ủy)\s*$",
    re.IGNORECASE,
)
