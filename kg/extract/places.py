"""Places: provinces, districts, communes and countries named in the body, each linked to its province."""

from __future__ import annotations

import re

from kg.extract.bodies import pick_district
from kg.extract.context import UNIT_BEFORE, districts_named
from kg.extract.draft import Draft
from kg.extract.grammar import commune_name_end, grammar
from kg.extract.patterns import UP, patterns
from kg.gazetteer import load
from kg.text import canonical, fold

# a capitalised word right before (not a title word): the country word continues a name
_COMMUNE_FIRSTS = frozenset({"xã", "phường", "thị", "đặc"})
_COMMUNE_BEFORE = re.compile(r"(?i:(?<!thị\s)xã|phường|thị\s+trấn|đặc\s+khu)\s+$")
_NAME_BEFORE = re.compile(rf"(?<![\w])(?!(?:Tại|Và|Với|Của|Nước)\s){UP}\w*[ \t]+$")


def find_places(draft: Draft) -> None:
    """Provinces, districts and countries named in the body, each linked to its province."""
    g, pat = load(), patterns()
    text = draft.text
    taken = [(m.start, m.end) for p in draft.persons.values() for m in p.mentions]
    in_bodies = [(m.start, m.end) for b in draft.bodies.values() for m in b.mentions]

    def inside(spans: list[tuple[int, int]], start: int) -> bool:
        return any(a <= start < b for a, b in spans)

    for m in draft.scan(pat.place, pat.firsts["place"]):
        name = m.group("name")
        start = m.start("name")
        if not name[0].isupper() or inside(taken, start):
            continue
        province = g.province(name)
        if province:
            draft.add_place(province, "province", province, start, m.end())
            continue
        units = districts_named(g, name)
        if not units or _COMMUNE_BEFORE.search(text, max(0, start - 12), start):
            continue  # "xã Tân Phú" is a commune, not the district of that name
        listed = m.group("unit") or UNIT_BEFORE.search(text[max(0, start - 12) : start]) or inside(in_bodies, start)
        if not listed:
            continue
        unit = pick_district(draft, units)
        kind = "city" if unit.unit == "thanh_pho" else ("town" if unit.unit == "thi_xa" else "district")
        draft.add_place(unit.name, kind, unit.province, start, m.end())
    for m in draft.scan(grammar().commune, _COMMUNE_FIRSTS):
        # "xã Hòa Phú", "phường Phổ Thạnh": a commune or ward, in the article's province
        start, end = m.start("name"), commune_name_end(draft, m)
        if inside(taken, start) or end <= start:
            continue
        name = canonical(re.sub(r"\s+", " ", text[start:end]))
        if not g.province(name):
            draft.add_place(name, "commune", draft.province, start, end)
    for place in list(draft.places.values()):
        if place.kind in ("district", "city", "town") and place.province and place.mentions:
            first = place.mentions[0]
            draft.add_place(place.province, "province", place.province, first.start, first.end)
    for m in draft.scan(pat.country, pat.firsts["country"]):
        if not m.group()[0].isupper() and not m.group().startswith("nước"):
            continue
        longer = pat.place.match(text, m.start())
        if longer and longer.end() > m.end():
            continue  # "Anh Sơn" is a district, not England
        if inside(in_bodies, m.start()) or _NAME_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue  # "Vụ Pháp chế", "phường Phúc Mỹ": a country word inside another name
        name = g.countries.get(fold(re.sub(r"^nước\s+", "", m.group())))
        if name and name != "Việt Nam" and not inside(taken, m.start()):
            draft.add_place(name, "country", None, m.start(), m.end())
