"""Party and state bodies: central bodies by name, local ones with their place, lists and nesting."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from kg.extract.context import BRIDGE, districts_named
from kg.extract.draft import Draft
from kg.extract.patterns import CAP, UP, patterns
from kg.facts import Body
from kg.gazetteer import BodyKind, District, load
from kg.text import canonical, fold


@dataclass
class BodyMatch:
    start: int
    end: int
    bodies: list[Body]  # more than one when a list expanded ("6 Huyện ủy: Kỳ Sơn, ...")
    organ_only: str | None = None  # kind of an organ named without its committee ("Ban Thường vụ")


_GENERIC_AFTER = re.compile(
    r"\s+(?:các\s+cấp|các\s+tỉnh|các\s+huyện|các\s+địa\s+phương|cơ\s+sở)(?!\s*:)", re.IGNORECASE
)


_LIST_AFTER = re.compile(
    r"(?:\s+các)?(?:\s+(?:Tỉnh\s+ủy|Huyện\s+ủy|Thành\s+ủy|Thị\s+ủy|Quận\s+ủy|tỉnh|huyện|quận|thị\s+xã|thành\s+phố)"
    r"(?![\w]))?\s*:?\s*",
    re.IGNORECASE,
)


# "... Việt Nam và các tổ chức chính trị - xã hội tỉnh": a unit word that ends a list of bodies
_SHARED_UNIT_AFTER = re.compile(r"\s+và\s+các\s+(?:[^\s,.;:()]+\s+){1,8}?(?:tỉnh|thành\s+phố)(?![\w])")
_LOCAL_UNIT_AFTER = re.compile(r"\s+(?:tỉnh|thành\s+phố|TP\.?|huyện|quận|thị\s+xã|xã|phường|thị\s+trấn)(?![\w])")


# the dateline tag of an outlet: "VOV.VN - ", "(VOV) - " at the start of a line
_OUTLET_LEAD = re.compile(r"(?:\.(?i:vn|com\.vn|net|org\.vn))?\)?\s*[-–]\s")


def match_body(
    draft: Draft, pos: int, context_province: str | None = None, allow_office: bool = False, capital: bool = True
) -> BodyMatch | None:
    """A body named at ``pos`` (central, or local with its place), or None.

    An office ("Thủ tướng Chính phủ") counts as a body only where it issues a document.
    """
    g, pat = load(), patterns()
    text = draft.text
    m = draft.match_at(pat.central_body, pos)
    local = draft.match_at(pat.local_body, pos)
    if local and not (local.group("organ") or local.group("committee") or local.group("committee0")):
        local = None
    local_after = _LOCAL_UNIT_AFTER.match(text, m.end()) or _SHARED_UNIT_AFTER.match(text, m.end()) if m else None
    if m and local_after and g.body(m.group()) and g.body(m.group()).kind == "front":
        m = None  # "Ủy ban MTTQ Việt Nam phường ...": a local front committee, not the national one
    if m and _OUTLET_LEAD.match(text, m.end()) and (pos == 0 or text[pos - 1] in "\n("):
        return None  # "VOV.VN - Ngày 24/7, ...": the outlet's tag before the lead, not a body it names
    if m and (not local or m.end() >= local.end()) and (text[pos].isupper() or not capital):
        named = g.body(m.group())
        if named and named.kind == "office" and not allow_office:
            return None
        if named:
            alias = canonical(m.group()) if fold(m.group()) != fold(named.name) else None
            body = draft.add_body(
                named.name, named.kind, named.level or "central", span=(m.start(), m.end()), alias=alias
            )
            return BodyMatch(m.start(), m.end(), [body])
    if not local or not (text[pos].isupper() or not capital):
        return None
    return _local_body(draft, local, context_province)


def _local_body(draft: Draft, m: re.Match[str], context_province: str | None) -> BodyMatch | None:
    g = load()
    text = draft.text
    organ_text, committee_text = m.group("organ"), m.group("committee") or m.group("committee0")
    place_text = m.group("place")
    end = m.end()
    after_cac = text[max(0, m.start() - 4) : m.start()].strip().endswith("các")
    organs: list[str] = []
    if organ_text:
        whole = fold(organ_text) in g.body_kind_by_fold  # "Ban Tuyên giáo và Dân vận" is one organ
        organs = [canonical(organ_text)] if whole else [canonical(o) for o in re.split(r"\s+và\s+", organ_text)]
    organ_kinds = [_kind_of(o) for o in organs]
    organ_kinds = [k for k in organ_kinds if k]
    committee_kind = g.body_kind_by_fold.get(fold(committee_text)) if committee_text else None
    if not organ_kinds and not committee_kind:
        return None
    # an explicit list of places after the phrase expands it into one body per place
    places: list[str] = []
    if place_text and after_cac:
        listed, list_end = _place_list(draft, m.start("place"))
        places, end = (listed, list_end) if len(listed) >= 2 else ([], end)
        if not places:
            return None  # "các Tỉnh ủy" with one name is still a plural
    elif place_text:
        places = [place_text]
    else:
        listed, list_end = _place_list(draft, end)
        if len(listed) >= 2:
            places, end = listed, list_end
        elif _GENERIC_AFTER.match(text, end) or after_cac:
            return None
    if committee_kind is None and organ_kinds and all(_named_after_place(g.body_kinds[k]) for k in organ_kinds):
        return _state_body(draft, m, organ_kinds, places, context_province)
    if not places:
        if committee_kind is None:
            unit_committee = _unit_committee(draft, m, organ_kinds, context_province)
            if unit_committee is not None:
                # "Trường Chính trị tỉnh", "Trung tâm Chính trị thị xã": the organ of the committee
                # of the article's province or of the one town it names
                bodies = [organ_body(draft, k, unit_committee, (m.start(), end)) for k in organ_kinds]
                _not_names(draft, bodies, (m.start(), end), listed=False)
                return BodyMatch(m.start(), end, bodies)
            # an organ alone ("Ban Thường vụ"): its committee comes from the context, if it stands bare
            if not _BARE_END.match(text, end):
                return None
            return BodyMatch(m.start(), end, [], organ_only=organ_kinds[0])
        province = (
            bridge_province(draft, m.start())
            or context_province
            or draft.province
            or _named_committee_place(draft, committee_kind)
        )
        # a bare "Thành ủy" in a province (not a centrally-run city) is a provincial city's, never the Tỉnh ủy
        seat = g.provinces.get(province or "")
        city_committee = committee_kind == "thanh_uy" and seat is not None and seat.unit != "thanh_pho"
        # "Quận ủy Sơn Trà" (or "Thành ủy Hội An") named once: a later bare "Quận ủy" is that one
        named_district = (
            _named_committee_place(draft, committee_kind)
            if committee_kind in _DISTRICT_KINDS or city_committee
            else None
        )
        # a bare "Huyện ủy" on a district's own portal ("tuyphong.binhthuan.dcs.vn") is that district's
        named_district = named_district or _portal_district(draft, committee_kind, province)
        if named_district:
            places = [named_district]
        elif city_committee and _only_city(province or ""):
            places = [_only_city(province or "") or ""]  # the province's one city (Thành phố Hòa Bình)
        elif committee_kind in ("tinh_uy", "thanh_uy", "dang_bo_tinh") and province and not city_committee and not (
            committee_kind == "tinh_uy" and g.provinces.get(province) and g.provinces[province].unit == "thanh_pho"
        ):
            # (a bare "Tỉnh ủy" is never a centrally-run city's: Hà Nội has a Thành ủy)
            places = [province]
        elif committee_kind == "dang_uy_khoi":
            known = [b for b in draft.bodies.values() if b.kind == "dang_uy_khoi" and b.resolved]
            # or the one the article names that no gazetteer lists ("Đảng ủy Khối các cơ quan và
            # doanh nghiệp tỉnh", read by the grammar)
            known = known or [b for b in draft.bodies.values() if b.kind == "dang_uy_khoi"]
            if len(known) == 1 or (known and known[0].resolved):
                parent = known[-1]
                bodies = [organ_body(draft, kind, parent, (m.start(), end)) for kind in organ_kinds] or [parent]
                return BodyMatch(m.start(), end, bodies)
            return None
        elif committee_kind in _COMMITTEE_LEVEL:
            # the place cannot be known: keep the body, unresolved, rather than guess
            head = g.body_kinds[committee_kind].head
            level = _COMMITTEE_LEVEL[committee_kind]
            if level == "district" and _district_level_is_generic(draft, m.start()):
                return None
            if level == "province" and _provinces_named(draft) >= 2:
                return None  # "Ban Chấp hành Đảng bộ tỉnh" in an article about six provinces: each one's
            committee = draft.add_body(head, committee_kind, level, resolved=False, span=(m.start(), end))
            bodies = [
                draft.add_body(
                    f"{g.body_kinds[k].head} {head}",
                    k,
                    level,
                    parent=committee,
                    resolved=False,
                    span=(m.start(), end),
                )
                for k in organ_kinds
            ]
            return BodyMatch(m.start(), end, bodies or [committee])
        else:
            return None
    bodies: list[Body] = []
    long_form = bool(committee_text) and fold(g.expand(committee_text)).startswith("ban chấp hành")
    for place in places:
        district_unit = bool(m.group("unit")) and fold(m.group("unit")).rstrip(".") in _DISTRICT_UNITS
        committee = _committee_body(draft, committee_kind, place, (m.start(), end), district_unit)
        if committee is None:
            continue
        if long_form and committee_kind:
            # "BCH Đảng bộ tỉnh" is written as the executive committee itself: keep its words
            unit_word = {
                "tinh_uy": "tỉnh",
                "thanh_uy": "thành phố",
                "huyen_uy": "huyện",
                "quan_uy": "quận",
                "thi_uy": "thị xã",
            }.get(committee_kind, "")
            _not_names(draft, [committee], (m.start(), end))  # the phrase names the BCH, not the Tỉnh ủy
            committee = draft.add_body(
                f"Ban Chấp hành Đảng bộ {unit_word} {committee.place}",
                committee_kind,
                committee.level,
                place=committee.place,
                span=(m.start(), end),
            )
        if organ_kinds:
            bodies.extend(organ_body(draft, kind, committee, (m.start(), end)) for kind in organ_kinds)
        else:
            bodies.append(committee)
    if not bodies:
        return None
    # "Ban Tuyên giáo Tỉnh ủy" is evidence for the Tỉnh ủy but not its name; a list phrase
    # ("Ban Tuyên giáo các huyện: A, B") is the name of none of the bodies it lists
    _not_names(draft, bodies, (m.start(), end), listed=len(places) >= 2)
    return BodyMatch(m.start(), end, bodies)


_DASH = re.compile(r"\s*[-–]\s*")


def _kind_of(label: str) -> str | None:
    """The body kind a head names, however its dashes are spaced ("Đài PT- TH")."""
    kinds = load().body_kind_by_fold
    key = fold(label)
    return kinds.get(key) or kinds.get(_DASH.sub("-", key)) or kinds.get(_DASH.sub(" - ", key))


def _not_names(draft: Draft, bodies: list[Body], span: tuple[int, int], listed: bool = True) -> None:
    """Mark the phrase at ``span`` as no name of the parents inferred from it (and, for a
    list, of the bodies themselves): it stays their evidence, not an alternative label."""
    seen: set[str] = set()
    for body in bodies:
        current: Body | None = body if listed else draft.body_by_id(body.parent)
        while current is not None and current.id not in seen:
            seen.add(current.id)
            current.mentions[:] = [
                replace(mention, names=False) if (mention.start, mention.end) == span else mention
                for mention in current.mentions
            ]
            current = draft.body_by_id(current.parent)


ROLE_ENDS = re.compile(rf"\s*(?:[,;.:)]|$|\n|(?!{UP})\w)")


_BARE_END = re.compile(r"\s*(?:[,;.:)]|và\s|$|\n)")


_UNIT_NAMES = {
    "tỉnh": "tỉnh",
    "thành phố": "thành phố",
    "tp.": "thành phố",
    "tp": "thành phố",
    "huyện": "huyện",
    "quận": "quận",
    "thị xã": "thị xã",
    "tx.": "thị xã",
    "tx": "thị xã",
}


def _state_body(
    draft: Draft, m: re.Match[str], organ_kinds: list[str], places: list[str], context_province: str | None
) -> BodyMatch | None:
    """State bodies are named after their place, not a committee: "Ủy ban nhân dân tỉnh Nghệ An"."""
    g = load()
    unit_text = m.group("unit") or m.group("bare_unit")
    unit = _UNIT_NAMES.get(re.sub(r"\s+", " ", unit_text.lower())) if unit_text else None
    if unit is None and len(places) == 1 and g.province(places[0]) and "bao" not in organ_kinds:
        # "Đài Phát thanh - Truyền hình Quảng Trị": a province's body named without "tỉnh"
        # (a paper's name, "Báo Quảng Trị", is its own)
        p = g.provinces[g.province(places[0]) or ""]
        if not p.name.startswith("TP."):  # "UBND TP. Hồ Chí Minh" carries its unit in the name
            unit = "thành phố" if p.unit == "thanh_pho" else "tỉnh"
    if unit is None:
        return None
    bodies: list[Body] = []
    province = (
        context_province
        or draft.province
        or _named_committee_place(draft, "tinh_uy")
        or _named_committee_place(draft, "thanh_uy")
    )
    city = bool(province) and g.provinces[province].unit == "thanh_pho" if province in g.provinces else False
    targets = places or ([province] if unit == "tỉnh" or (unit == "thành phố" and city) else [None])
    if targets == [None] and unit in _UNIT_COMMITTEE:
        # "Chủ tịch UBND quận" in an article that names one "Quận ủy Sơn Trà": that district's
        targets = [_named_committee_place(draft, _UNIT_COMMITTEE[unit])]
    for place in targets:
        province = g.province(place) if place else None
        level = "province" if unit == "tỉnh" or province else "district"
        for kind in organ_kinds:
            head = g.body_kinds[kind].head
            if place:
                name = f"{head} {unit} {province or place}"
                bodies.append(draft.add_body(name, kind, level, place=province or place, span=(m.start(), m.end())))
            else:
                bodies.append(draft.add_body(f"{head} {unit}", kind, level, resolved=False, span=(m.start(), m.end())))
    if len(places) >= 2:
        _not_names(draft, bodies, (m.start(), m.end()))
    return BodyMatch(m.start(), m.end(), bodies) if bodies else None


_BARE_UNIT_COMMITTEE = {"tỉnh": "tinh_uy", "huyện": "huyen_uy", "quận": "quan_uy", "thị xã": "thi_uy", "tx": "thi_uy"}


def _unit_committee(
    draft: Draft, m: re.Match[str], organ_kinds: list[str], context_province: str | None
) -> Body | None:
    """The committee an organ followed by a bare unit word belongs to ("Trường Chính trị tỉnh"
    is the Tỉnh ủy's school): the article's province, or the one district committee of that
    kind it names. None when the unit is not a committee's or the place cannot be known."""
    g = load()
    unit_text = m.group("bare_unit")
    if not unit_text or not organ_kinds:
        return None
    kind = _BARE_UNIT_COMMITTEE.get(re.sub(r"\s+", " ", unit_text.lower()).rstrip("."))
    if kind is None or not all(kind in g.body_kinds[k].part_of and _party_only(g.body_kinds[k]) for k in organ_kinds):
        return None  # "Ban Chỉ đạo tỉnh", "Văn phòng tỉnh": the UBND's as well, so whose is unknown
    if kind == "tinh_uy":
        province = bridge_province(draft, m.start()) or context_province or draft.province
        p = g.provinces.get(province or "")
        if p is None or _provinces_named(draft) >= 2:
            return None
        return _committee_body(draft, None, p.name, (m.start(), m.end()))
    place = _named_committee_place(draft, kind)
    if place is None or _district_level_is_generic(draft, m.start()):
        return None
    return next((b for b in draft.bodies.values() if b.kind == kind and b.resolved and b.place == place), None)


def _party_only(kind: BodyKind) -> bool:
    """An organ that only a party committee has (not also a People's Committee or a mass organisation)."""
    kinds = load().body_kinds
    return all(k in kinds and kinds[k].sector == "party" for k in kind.part_of)


def _named_after_place(kind: BodyKind) -> bool:
    """State bodies and mass organisations are named after their place: "Hội Nông dân tỉnh X"."""
    return kind.tier == "state" or kind.sector in ("mass", "media")


_GENERIC_DISTRICTS = re.compile(r"(?<![\w])(?:các\s+huyện|cấp\s+huyện|các\s+huyện\s+ủy)(?![\w])", re.IGNORECASE)


def _provinces_named(draft: Draft) -> int:
    return len({b.place for b in draft.bodies.values() if b.level == "province" and b.resolved and b.place})


def _district_level_is_generic(draft: Draft, offset: int) -> bool:
    """A bare "Huyện ủy" in a sentence about districts in general, or among several named ones."""
    s_start, s_end = draft.sentence_of(offset)
    if _GENERIC_DISTRICTS.search(draft.text, s_start, s_end):
        return True
    named = {b.place for b in draft.bodies.values() if b.level == "district" and b.resolved and b.place}
    return len(named) >= 2


_DISTRICT_KINDS = ("huyen_uy", "quan_uy", "thi_uy")
_UNIT_COMMITTEE = {"huyện": "huyen_uy", "quận": "quan_uy", "thị xã": "thi_uy"}


_COMMITTEE_LEVEL = {
    "tinh_uy": "province",
    "thanh_uy": "province",
    "huyen_uy": "district",
    "quan_uy": "district",
    "thi_uy": "district",
}


def _place_list(draft: Draft, pos: int) -> tuple[list[str], int]:
    pat = patterns()
    text = draft.text
    lead = _LIST_AFTER.match(text, pos)
    cursor = lead.end() if lead else pos
    names: list[str] = []
    while True:
        item = pat.place_list_item.match(text, cursor)
        if not item or not item.group("name")[0].isupper():
            break
        names.append(item.group("name"))
        cursor = item.end()
    return names, cursor


def _portal_district(draft: Draft, committee_kind: str | None, province: str | None) -> str | None:
    if not draft.district or committee_kind not in _DISTRICT_KINDS or province != draft.province:
        return None
    units = [d for d in districts_named(load(), draft.district) if d.province == province]
    return draft.district if units and _DISTRICT_KIND_OF_UNIT.get(units[0].unit) == committee_kind else None


_DISTRICT_KIND_OF_UNIT = {"huyen": "huyen_uy", "quan": "quan_uy", "thi_xa": "thi_uy"}


@cache
def _only_city(province: str) -> str | None:
    """The one city (thành phố) of a province that has a Tỉnh ủy, when the gazetteer lists only one."""
    cities = {
        d.name for units in load().districts.values() for d in units if d.unit == "thanh_pho" and d.province == province
    }
    return cities.pop() if len(cities) == 1 else None


def _named_committee_place(draft: Draft, committee_kind: str | None) -> str | None:
    """A bare "Thành ủy" in an article that names exactly one "Thành ủy X" is that one."""
    places = {b.place for b in draft.bodies.values() if b.kind == committee_kind and b.resolved and b.place}
    return places.pop() if len(places) == 1 else None


def bridge_province(draft: Draft, offset: int) -> str | None:
    """The province of "điểm cầu X" in the same sentence, if any."""
    g, pat = load(), patterns()
    s_start, s_end = draft.sentence_of(offset)
    for b in BRIDGE.finditer(draft.text, s_start, s_end):
        m = pat.place.match(draft.text, b.end())
        if m:
            province = g.province(m.group("name"))
            if province:
                return province
    return None


_DISTRICT_UNITS = ("huyện", "quận", "thị xã", "tx")


def _committee_body(
    draft: Draft, committee_kind: str | None, place: str, span: tuple[int, int], district_unit: bool = False
) -> Body | None:
    """The party committee of a place: "Tỉnh ủy Nghệ An", "Huyện ủy Kỳ Sơn" ("thị xã Quảng Trị"
    is the town, not the province of the same name)."""
    g = load()
    province = None if district_unit and districts_named(g, place) else g.province(place)
    if (
        province
        and committee_kind == "thanh_uy"
        and g.provinces[province].unit != "thanh_pho"
        and any(d.unit == "thanh_pho" for d in districts_named(g, place))
    ):
        province = None  # "Thành ủy Hòa Bình" in Hòa Bình province: the city's committee, not the Tỉnh ủy
    if province and committee_kind in (None, "tinh_uy", "thanh_uy", "dang_bo_tinh"):
        p = g.provinces[province]
        if committee_kind == "dang_bo_tinh":
            return draft.add_body(f"Đảng bộ tỉnh {province}", "dang_bo_tinh", "province", place=province, span=span)
        return draft.add_body(
            f"{p.committee} {province}",
            "thanh_uy" if p.unit == "thanh_pho" else "tinh_uy",
            "province",
            place=province,
            span=span,
        )
    units = districts_named(g, place)
    if units and committee_kind not in ("tinh_uy", "dang_bo_tinh"):
        unit = pick_district(draft, units)
        parent_province = g.provinces.get(unit.province)
        parent = None
        if parent_province:
            parent = draft.add_body(
                f"{parent_province.committee} {unit.province}",
                "thanh_uy" if parent_province.unit == "thanh_pho" else "tinh_uy",
                "province",
                place=unit.province,
            )
        committee = unit.committee
        kind = {"Huyện ủy": "huyen_uy", "Quận ủy": "quan_uy", "Thị ủy": "thi_uy", "Thành ủy": "thanh_uy"}[committee]
        return draft.add_body(f"{committee} {unit.name}", kind, "district", place=unit.name, parent=parent, span=span)
    return None


def pick_district(draft: Draft, units: list[District]) -> District:
    if len(units) == 1:
        return units[0]
    return max(units, key=lambda u: draft.province_votes.get(u.province, 0))


_UNIT_WORDS = {"tinh_uy": "tỉnh", "thanh_uy": "thành phố", "huyen_uy": "huyện", "quan_uy": "quận", "thi_uy": "thị xã"}


def _organ_name(head: str, committee: Body) -> str:
    """ "Ban Tuyên giáo Tỉnh ủy X", but "Trung tâm Chính trị huyện X" (named after the place)."""
    if head.startswith(("Trung tâm", "Trường")) and committee.kind in _UNIT_WORDS and committee.place:
        return f"{head} {_UNIT_WORDS[committee.kind]} {committee.place}"
    return f"{head} {committee.name}"


def organ_body(draft: Draft, organ_kind: str, committee: Body, span: tuple[int, int] | None = None) -> Body:
    g = load()
    head = g.body_kinds[organ_kind].head
    return draft.add_body(
        _organ_name(head, committee),
        organ_kind,
        committee.level,
        place=committee.place,
        parent=committee,
        span=span,
        resolved=committee.resolved,  # an organ of a committee whose place is unknown is unknown too
    )


def committee_of(draft: Draft, body: Body | None) -> Body | None:
    """The party committee a body belongs to (itself when it is one)."""
    g = load()
    while body is not None:
        kind = g.body_kinds.get(body.kind)
        if kind and kind.tier == "committee":
            return body
        body = draft.body_by_id(body.parent)
    return None


def find_bodies(draft: Draft) -> None:
    """Every body named in the text, whether or not it holds a position."""
    pat = patterns()
    role_spans = [(m.start(), m.end()) for m in draft.scan(pat.role, pat.firsts["role"])]
    for start in _body_starts(draft):
        if any(a < start < b for a, b in role_spans):
            continue  # "Trung ương Đảng" inside the title "Bí thư Trung ương Đảng"
        match_body(draft, start)  # adds the bodies it finds to the draft


def _body_starts(draft: Draft) -> list[int]:
    pat = patterns()
    starts = {m.start() for m in draft.scan(pat.central_body, pat.firsts["central_body"])}
    starts |= {
        m.start()
        for m in draft.scan(pat.local_body, pat.firsts["local_body"])
        if m.group("organ") or m.group("committee") or m.group("committee0")
    }
    return sorted(starts)


def headless_organ(draft: Draft, pos: int) -> BodyMatch | None:
    """ "(Phó Trưởng Ban Thường trực) Tuyên giáo Tỉnh ủy X": the organ's "Ban" is the role's."""
    g, pat = load(), patterns()
    m = pat.headless_organ.match(draft.text, pos)
    if not m:
        return None
    organ_kind = g.body_kind_by_fold.get(fold("Ban " + m.group("rest")))
    committee_kind = g.body_kind_by_fold.get(fold(m.group("committee")))
    place = m.group("place") or bridge_province(draft, pos) or draft.province
    place = place or _named_committee_place(draft, committee_kind)
    if not organ_kind or not place:
        return None
    committee = _committee_body(draft, committee_kind, place, (m.start(), m.end()))
    if committee is None:
        return None
    return BodyMatch(m.start(), m.end(), [organ_body(draft, organ_kind, committee, (m.start(), m.end()))])


_SUB_UNIT = re.compile(rf"(?i:Vụ|Cục|Phòng|Trung\s+tâm|Viện|Tạp\s+chí|Nhà\s+xuất\s+bản)(?:\s+{CAP})")


_UNIT_TO_PARENT = re.compile(r"\s*(?:,|-|–|thuộc)\s*")


def sub_unit(draft: Draft, pos: int) -> BodyMatch | None:
    """ "Vụ Báo chí - Xuất bản, Ban Tuyên giáo Trung ương": a unit named before the body it belongs to."""
    text = draft.text
    head = _SUB_UNIT.match(text, pos)
    if not head:
        return None
    limit = min(len(text), pos + 90, draft.sentence_of(pos)[1])
    for sep in _UNIT_TO_PARENT.finditer(text, head.end(), limit):
        parent = match_body(draft, sep.end())
        if parent is None or not parent.bodies:
            continue
        unit = capitalise(canonical(re.sub(r"\s+", " ", text[pos : sep.start()])))
        if len(unit.split()) > 10:
            return None
        owner = parent.bodies[0]
        body = draft.add_body(
            f"{unit}, {owner.name}",
            "sub_unit",
            owner.level,
            place=owner.place,
            parent=owner,
            resolved=owner.resolved,
            span=(pos, parent.end),
        )
        return BodyMatch(pos, parent.end, [body])
    return None


def capitalise(name: str) -> str:
    return name[:1].upper() + name[1:]
