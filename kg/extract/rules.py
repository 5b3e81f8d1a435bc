"""The extraction rules, one function per pipeline component.

Each function reads the draft's normalised text (offsets equal to the original
article's) and adds entities to the draft.  The grammar is written here; the
vocabulary (provinces, bodies, roles, document types, meeting kinds) comes from
the gazetteers through :mod:`kg.extract.patterns`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.draft import Draft
from kg.extract.patterns import CAP, ROMAN, UP, patterns, plenum_number
from kg.facts import Body, Document, Meeting, PartialDate, Person, Position
from kg.gazetteer import BodyKind, District, Gazetteer, load
from kg.text import canonical, fold, normalize_in_place

# --- sentences ---------------------------------------------------------------------

_ABBREVIATIONS = re.compile(r"(?:TP|TX|TS|ThS|PGS|GS|Th\.S|BS|St|Mr|Ms|Tp|P|Q|[A-ZĐ])\.$")
_SENTENCE_END = re.compile(r"[.!?…]+[\"')]*[ \t]+[\"'(*\-]?[ \t]*(?=\w)|\n+")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentences of the (blanked) text: line breaks, and final stops before a capital."""
    sentences: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        token = m.group()
        if token[0] != "\n":
            if not text[m.end()].isupper() or text[m.end()].isdigit():
                continue
            if token[0] == "." and _ABBREVIATIONS.search(text[max(0, m.start() - 5) : m.start() + 1]):
                continue
            end = m.start() + len(token.rstrip(" \t\"'(*-"))
        else:
            end = m.start()
        _push(text, sentences, start, end)
        start = m.end() if token[0] == "\n" else end
    _push(text, sentences, start, len(text))
    return sentences


def _push(text: str, sentences: list[tuple[int, int]], start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append((start, end))


# --- context: the article's province and year ---------------------------------------

_BRIDGE = re.compile(r"điểm\s+cầu\s+(?:(?:của\s+)?(?:tỉnh|thành\s+phố|TP\.?)\s+)?", re.IGNORECASE)
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
    for m in draft.scan(pat.place, pat.firsts["place"]):
        name = m.group("name")
        if not name[0].isupper() or _inside_name(text, m.start("name")):
            continue
        before = text[max(0, m.start() - 20) : m.start()]
        weight = 3 if _BRIDGE.search(before + " ") and before.rstrip().endswith(("cầu", "tỉnh", "phố", "TP.")) else 1
        if weight == 1 and re.search(r"(?:Tỉnh|Thành)\s+ủy\s*$", before):
            weight = 2  # "Tỉnh ủy Yên Bái" says where the article is
        province = g.province(name)
        if province:
            draft.province_votes[province] += weight
            continue
        units = _districts(g, name)
        if units and (
            m.group("unit")
            or _UNIT_BEFORE.search(text[max(0, m.start() - 12) : m.start()])
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
            elif m.group("unit") or _UNIT_BEFORE.search(line[max(0, m.start() - 12) : m.start("name")]):
                for unit in _districts(g, m.group("name")):
                    draft.province_votes[unit.province] += 1
    if draft.province_votes:
        ranked = draft.province_votes.most_common(2)
        top, score = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0
        if score >= 2 and score > second * 1.5:
            draft.province = top
    if draft.article.published and draft.article.published.year:
        draft.year = draft.article.published.year


_LISTED = re.compile(r"\s*(?:,|và\s|;|\.|$)")
_CAPITALISED_BEFORE = re.compile(rf"{CAP}\s+$")


def _inside_name(text: str, start: int) -> bool:
    """A place word preceded by a capitalised word that is not a title: "Chẩu Văn Lâm" is a person."""
    before = text[max(0, start - 12) : start]
    if not _CAPITALISED_BEFORE.search(before):
        return False
    return not _UNIT_BEFORE.search(before) and not re.search(r"(?:ủy|Ủy|cầu|Khối)\s+$", before)


def _districts(g: Gazetteer, name: str) -> list[District]:
    return g.districts.get(fold(name), [])


def year_for(draft: Draft, offset: int) -> int | None:
    """The year of an event read at ``offset``: from its sentence, else the article's."""
    if draft.year:
        return draft.year
    pat = patterns()
    s_start, s_end = draft.sentence_of(offset)
    found = list(pat.year_hint.finditer(draft.text, s_start, s_end))
    monthly = [int(m.group("year")) for m in found if "tháng" in draft.text[max(s_start, m.start() - 12) : m.end()]]
    hints = [int(m.group("year")) for m in found]
    if monthly:
        return max(monthly)  # "8 tháng năm 2022", "tháng 12/2023" date the report
    if hints:
        return max(set(hints), key=lambda year: (hints.count(year), year))
    if draft.context_year:
        return draft.context_year
    headline = draft.article.headline
    if headline:
        hints = [int(m.group("year")) for m in pat.year_hint.finditer(draft.article.text, headline.start, headline.end)]
        if hints:
            return hints[0]
    return None


# --- bodies ------------------------------------------------------------------------------


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


def match_body(
    draft: Draft, pos: int, context_province: str | None = None, allow_office: bool = False, capital: bool = True
) -> BodyMatch | None:
    """A body named at ``pos`` (central, or local with its place), or None.

    An office ("Thủ tướng Chính phủ") counts as a body only where it issues a document.
    """
    g, pat = load(), patterns()
    text = draft.text
    m = pat.central_body.match(text, pos)
    local = pat.local_body.match(text, pos)
    if local and not (local.group("organ") or local.group("committee") or local.group("committee0")):
        local = None
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
    organ_kinds = [g.body_kind_by_fold.get(fold(o)) for o in organs]
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
            # an organ alone ("Ban Thường vụ"): its committee comes from the context, if it stands bare
            if not _BARE_END.match(text, end):
                return None
            return BodyMatch(m.start(), end, [], organ_only=organ_kinds[0])
        province = (
            _bridge_province(draft, m.start())
            or context_province
            or draft.province
            or _named_committee_place(draft, committee_kind)
        )
        if committee_kind in ("tinh_uy", "thanh_uy", "dang_bo_tinh") and province:
            places = [province]
        elif committee_kind == "dang_uy_khoi":
            known = [b for b in draft.bodies.values() if b.kind == "dang_uy_khoi" and b.resolved]
            if known:
                parent = known[-1]
                bodies = [_organ_body(draft, kind, parent, (m.start(), end)) for kind in organ_kinds] or [parent]
                return BodyMatch(m.start(), end, bodies)
            return None
        elif committee_kind in _COMMITTEE_LEVEL:
            # the place cannot be known: keep the body, unresolved, rather than guess
            head = g.body_kinds[committee_kind].head
            level = _COMMITTEE_LEVEL[committee_kind]
            if level == "district" and _district_level_is_generic(draft, m.start()):
                return None
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
        committee = _committee_body(draft, committee_kind, place, (m.start(), end))
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
            committee = draft.add_body(
                f"Ban Chấp hành Đảng bộ {unit_word} {committee.place}",
                committee_kind,
                committee.level,
                place=committee.place,
                span=(m.start(), end),
            )
        if organ_kinds:
            bodies.extend(_organ_body(draft, kind, committee, (m.start(), end)) for kind in organ_kinds)
        else:
            bodies.append(committee)
    if not bodies:
        return None
    return BodyMatch(m.start(), end, bodies)


_ROLE_ENDS = re.compile(rf"\s*(?:[,;.:)]|$|\n|(?!{UP})\w)")
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
    if unit is None:
        return None
    bodies: list[Body] = []
    province = context_province or draft.province or _named_committee_place(draft, "tinh_uy") \
        or _named_committee_place(draft, "thanh_uy")
    city = bool(province) and g.provinces[province].unit == "thanh_pho" if province in g.provinces else False
    targets = places or ([province] if unit == "tỉnh" or (unit == "thành phố" and city) else [None])
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
    return BodyMatch(m.start(), m.end(), bodies) if bodies else None


def _named_after_place(kind: BodyKind) -> bool:
    """State bodies and mass organisations are named after their place: "Hội Nông dân tỉnh X"."""
    return kind.tier == "state" or kind.sector in ("mass", "media")


_GENERIC_DISTRICTS = re.compile(r"(?<![\w])(?:các\s+huyện|cấp\s+huyện|các\s+huyện\s+ủy)(?![\w])", re.IGNORECASE)


def _district_level_is_generic(draft: Draft, offset: int) -> bool:
    """A bare "Huyện ủy" in a sentence about districts in general, or among several named ones."""
    s_start, s_end = draft.sentence_of(offset)
    if _GENERIC_DISTRICTS.search(draft.text, s_start, s_end):
        return True
    named = {b.place for b in draft.bodies.values() if b.level == "district" and b.resolved and b.place}
    return len(named) >= 2


_COMMITTEE_LEVEL = {"tinh_uy": "province", "thanh_uy": "province", "huyen_uy": "district", "quan_uy": "district",
                    "thi_uy": "district"}


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


def _named_committee_place(draft: Draft, committee_kind: str | None) -> str | None:
    """A bare "Thành ủy" in an article that names exactly one "Thành ủy X" is that one."""
    places = {b.place for b in draft.bodies.values() if b.kind == committee_kind and b.resolved and b.place}
    return places.pop() if len(places) == 1 else None


def _bridge_province(draft: Draft, offset: int) -> str | None:
    """The province of "điểm cầu X" in the same sentence, if any."""
    g, pat = load(), patterns()
    s_start, s_end = draft.sentence_of(offset)
    for b in _BRIDGE.finditer(draft.text, s_start, s_end):
        m = pat.place.match(draft.text, b.end())
        if m:
            province = g.province(m.group("name"))
            if province:
                return province
    return None


def _committee_body(draft: Draft, committee_kind: str | None, place: str, span: tuple[int, int]) -> Body | None:
    """The party committee of a place: "Tỉnh ủy Nghệ An", "Huyện ủy Kỳ Sơn"."""
    g = load()
    province = g.province(place)
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
    units = _districts(g, place)
    if units and committee_kind not in ("tinh_uy", "dang_bo_tinh"):
        unit = _pick_district(draft, units)
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


def _pick_district(draft: Draft, units: list[District]) -> District:
    if len(units) == 1:
        return units[0]
    return max(units, key=lambda u: draft.province_votes.get(u.province, 0))


_UNIT_WORDS = {"tinh_uy": "tỉnh", "thanh_uy": "thành phố", "huyen_uy": "huyện", "quan_uy": "quận", "thi_uy": "thị xã"}


def _organ_name(head: str, committee: Body) -> str:
    """ "Ban Tuyên giáo Tỉnh ủy X", but "Trung tâm Chính trị huyện X" (named after the place)."""
    if head.startswith(("Trung tâm", "Trường")) and committee.kind in _UNIT_WORDS and committee.place:
        return f"{head} {_UNIT_WORDS[committee.kind]} {committee.place}"
    return f"{head} {committee.name}"


def _organ_body(draft: Draft, organ_kind: str, committee: Body, span: tuple[int, int] | None = None) -> Body:
    g = load()
    head = g.body_kinds[organ_kind].head
    return draft.add_body(
        _organ_name(head, committee), organ_kind, committee.level, place=committee.place, parent=committee, span=span
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
        m = match_body(draft, start)
        if m is None:
            continue


_HEAD_START = re.compile(rf"(?<![\w]){CAP}")


def _body_starts(draft: Draft) -> list[int]:
    pat = patterns()
    starts = {m.start() for m in draft.scan(pat.central_body, pat.firsts["central_body"])}
    starts |= {
        m.start()
        for m in draft.scan(pat.local_body, pat.firsts["local_body"])
        if m.group("organ") or m.group("committee") or m.group("committee0")
    }
    return sorted(starts)


# --- titles, persons and positions ----------------------------------------------------------


@dataclass
class Title:
    role: str
    start: int
    end: int
    body: BodyMatch | None
    implied_body: str
    foreign: bool = False


def _member_of_organ(role_text: str) -> int | None:
    """ "Ủy viên Ban Thường vụ" is the role "Ủy viên" in an organ: where the organ starts."""
    g = load()
    words = list(re.finditer(r"\S+", role_text))
    for cut in range(1, len(words)):
        head, rest = role_text[: words[cut - 1].end()], role_text[words[cut].start() :]
        role = g.role_by_fold.get(fold(head))
        if role and role.kind == "member" and fold(rest) in g.body_kind_by_fold:
            return words[cut].start()
    return None


def match_title(draft: Draft, pos: int) -> Title | None:
    g, pat = load(), patterns()
    m = pat.role.match(draft.text, pos)
    if not m:
        return None
    role = g.role_by_fold.get(fold(m.group()))
    if role is None:
        return None
    end = m.end()
    body: BodyMatch | None = None
    label = role.label
    organ_at = None if role.implied_body else _member_of_organ(m.group())
    if organ_at is not None:
        label = g.role_by_fold[fold(m.group()[:organ_at].strip())].label
        body = match_body(draft, m.start() + organ_at)
    after = re.compile(r"\s+").match(draft.text, end)
    if body is None and role.body_starts_with and fold(m.group()).endswith(fold(role.body_starts_with)):
        shared = end - len(role.body_starts_with)  # "Trưởng Ban Tuyên giáo": "Ban" begins the body
        body = match_body(draft, shared, capital=False) or _sub_unit(draft, shared)
    if body is None and after:
        body = match_body(draft, after.end())
    if body is None and after:
        body = _sub_unit(draft, after.end())
    if body is None and after and "ban" in fold(label).split():
        body = _headless_organ(draft, after.end())
    if body and body.organ_only is None and not body.bodies:
        body = None
    foreign = False
    country = pat.country.match(draft.text, after.end()) if body is None and after else None
    if country and fold(country.group()) not in ("việt nam", "nước việt nam"):
        foreign, end = True, country.end()
    if body:
        end = max(end, body.end)
    return Title(label, m.start(), end, body, role.implied_body, foreign)


def _headless_organ(draft: Draft, pos: int) -> BodyMatch | None:
    """"(Phó Trưởng Ban Thường trực) Tuyên giáo Tỉnh ủy X": the organ's "Ban" is the role's."""
    g, pat = load(), patterns()
    m = pat.headless_organ.match(draft.text, pos)
    if not m:
        return None
    organ_kind = g.body_kind_by_fold.get(fold("Ban " + m.group("rest")))
    committee_kind = g.body_kind_by_fold.get(fold(m.group("committee")))
    place = m.group("place") or _bridge_province(draft, pos) or draft.province
    place = place or _named_committee_place(draft, committee_kind)
    if not organ_kind or not place:
        return None
    committee = _committee_body(draft, committee_kind, place, (m.start(), m.end()))
    if committee is None:
        return None
    return BodyMatch(m.start(), m.end(), [_organ_body(draft, organ_kind, committee, (m.start(), m.end()))])


_SUB_UNIT = re.compile(rf"(?i:Vụ|Cục|Phòng|Trung\s+tâm|Viện|Tạp\s+chí|Nhà\s+xuất\s+bản)(?:\s+{CAP})")
_UNIT_TO_PARENT = re.compile(r"\s*(?:,|-|–|thuộc)\s*")


def _sub_unit(draft: Draft, pos: int) -> BodyMatch | None:
    """"Vụ Báo chí - Xuất bản, Ban Tuyên giáo Trung ương": a unit named before the body it belongs to."""
    text = draft.text
    head = _SUB_UNIT.match(text, pos)
    if not head:
        return None
    limit = min(len(text), pos + 90, draft.sentence_of(pos)[1])
    for sep in _UNIT_TO_PARENT.finditer(text, head.end(), limit):
        parent = match_body(draft, sep.end())
        if parent is None or not parent.bodies:
            continue
        unit = _capitalise(canonical(re.sub(r"\s+", " ", text[pos : sep.start()])))
        if len(unit.split()) > 10:
            return None
        owner = parent.bodies[0]
        body = draft.add_body(f"{unit}, {owner.name}", "sub_unit", owner.level, place=owner.place, parent=owner,
                              resolved=owner.resolved, span=(pos, parent.end))
        return BodyMatch(pos, parent.end, [body])
    return None


# ";" ends a person's titles: "A, Bí thư Tỉnh ủy; B, Phó Bí thư Tỉnh ủy"
_TITLE_SEP = re.compile(r"\s*(?:,|-|–|\(|và|kiêm)\s*", re.IGNORECASE)


_UNKNOWN_TITLE = re.compile(r"[^,;:.()\n]{2,40}?,\s*")


def title_chain(draft: Draft, pos: int) -> list[Title]:
    titles: list[Title] = []
    cursor = pos
    while True:
        title = match_title(draft, cursor)
        if title is None and titles:
            # a title we cannot read ("Trưởng Tiểu ban ...,") between two we can: step over it
            unknown = _UNKNOWN_TITLE.match(draft.text, cursor)
            names_someone = patterns().person_name.match(draft.text, cursor)
            if unknown and len(unknown.group().split()) <= 6 and not names_someone:
                title = match_title(draft, unknown.end())
        if title is None:
            break
        titles.append(title)
        sep = _TITLE_SEP.match(draft.text, title.end)
        if not sep and title.body is None:
            # the rest of this title is unreadable ("Trưởng Ban Chỉ đạo ... tỉnh,"): go on after it
            rest = _UNKNOWN_TITLE.match(draft.text, title.end)
            if rest and len(rest.group().split()) <= 8 and match_title(draft, rest.end()):
                titles.pop()
                cursor = rest.end()
                continue
        if not sep:
            break
        cursor = sep.end()
    return titles


_APPOSITION = re.compile(r"\s*(?:,|-|–|\()\s*")
_NAME_STOP_WORDS: set[str] = set()


def _name_stop_words() -> set[str]:
    if not _NAME_STOP_WORDS:
        g = load()
        for role in g.roles:
            for label in (role.label, *role.variants):
                _NAME_STOP_WORDS.add(label.split()[0])
        for kind in g.body_kinds.values():
            _NAME_STOP_WORDS.add(kind.head.split()[0])
        for body in g.bodies.values():
            _NAME_STOP_WORDS.add(body.name.split()[0])
        _NAME_STOP_WORDS.update({"Đảng", "Nhà", "Tỉnh", "Huyện", "Thành", "Ảnh", "Trong", "Tại", "Theo"})
    return _NAME_STOP_WORDS


def _trim_name(text: str, start: int, end: int) -> tuple[int, int]:
    """Cut a name before a capitalised word that begins a title or body ("Thủy Phó Trưởng Ban ...")."""
    pat = patterns()
    words = list(re.finditer(r"\S+", text[start:end]))
    for i, w in enumerate(words[2:], start=2):
        at = start + w.start()
        if pat.role.match(text, at) or pat.central_body.match(text, at):
            return start, start + words[i - 1].end()
    return start, end


def find_persons(draft: Draft) -> None:
    """Persons with their titles: "đồng chí X, title, title", "Title X", bylines."""
    pat = patterns()
    text = draft.text
    accepted: list[tuple[int, int]] = []
    # 1. title chains followed by a name: "Tổng Bí thư Nguyễn Phú Trọng"
    for m in draft.scan(pat.role, pat.firsts["role"]):
        if not text[m.start()].isupper() and not text[max(0, m.start() - 9) : m.start()].lower().endswith("đồng chí "):
            continue
        titles = title_chain(draft, m.start())
        if not titles:
            continue
        colon = _LIST_COLON.match(text, titles[-1].end)
        if colon:
            _title_for_listed_persons(draft, titles, colon.end(), m.start())
            continue
        after = re.compile(r"\s+").match(text, titles[-1].end)
        if not after:
            continue
        name = pat.person_name.match(text, after.end()) or _foreign_name(draft, after.end())
        if name and _is_place_name(name.group()):
            name = None
        if name:
            start, end = _trim_name(text, name.start(), name.end())
            person = draft.add_person(text[start:end], start, end)
            accepted.append((start, end))
            _positions(draft, person, titles, m.start())
    # 2. names after an honorific or followed by an apposition
    for m in draft.scan(pat.person_name, pat.firsts["person_name"]):
        start, end = _trim_name(text, m.start(), m.end())
        if any(a <= start < b for a, b in accepted):
            continue
        before = text[max(0, start - 30) : start]
        honorific = pat.honorific_before.search(before)
        sep = _APPOSITION.match(text, end)
        titles = title_chain(draft, sep.end()) if sep else []
        known = draft.find_person(text[start:end]) is not None
        if not (honorific or titles or known):
            continue
        if not honorific and _is_place_name(text[start:end]):
            continue  # "Hà Nội" after a title is the city, not a person
        person = draft.add_person(text[start:end], start, end)
        accepted.append((start, end))
        if titles:
            _positions(draft, person, titles, start)


_LIST_COLON = re.compile(r"\s*:\s*")
_LIST_ITEM_START = re.compile(r"(?:^|[:;,]\s*|\s+và\s+)$")


def _title_for_listed_persons(draft: Draft, titles: list[Title], pos: int, anchor: int) -> None:
    pat = patterns()
    _, s_end = draft.sentence_of(pos)
    for m in draft.scan(pat.person_name, pat.firsts["person_name"], pos, s_end):
        before = draft.text[max(pos, m.start() - 6) : m.start()]
        if m.start() != pos and not _LIST_ITEM_START.search(before):
            continue
        start, end = _trim_name(draft.text, m.start(), m.end())
        person = draft.add_person(draft.text[start:end], start, end)
        _positions(draft, person, titles, anchor)


def _is_place_name(name: str) -> bool:
    g = load()
    return bool(g.province(name) or g.districts.get(fold(name)) or g.countries.get(fold(name)))


def _foreign_name(draft: Draft, pos: int) -> re.Match[str] | None:
    """A capitalised name after a title, for names without a Vietnamese family name."""
    pat = patterns()
    g = load()
    m = pat.cap_sequence.match(draft.text, pos)
    if not m:
        return None
    words = m.group().split()
    if words[0] in _name_stop_words() or g.province(m.group()) or g.body(m.group()):
        return None
    return m


def _positions(draft: Draft, person: Person, titles: list[Title], anchor: int) -> list[Position]:
    """Positions from a title chain; bare organs and roles take their body from the context."""
    found: list[Position] = []
    committees = [committee_of(draft, b) for t in titles if t.body for b in t.body.bodies]
    context_committee = next((c for c in committees if c is not None), None)
    if any(t.foreign for t in titles):
        return found  # posts abroad are out of scope: keep the person, not the foreign posts
    for title in titles:
        bodies: list[Body] = []
        role = title.role
        if title.body and title.body.bodies:
            bodies = title.body.bodies
        elif title.body and title.body.organ_only:
            committee = context_committee or _context_committee(draft, anchor)
            if committee:
                bodies = [_organ_body(draft, title.body.organ_only, committee)]
        elif title.implied_body in load().body_kinds:
            committee = context_committee or _context_committee(draft, anchor)
            if committee:
                bodies = [committee]
        elif title.implied_body:
            named = load().bodies.get(title.implied_body)
            if named:
                bodies = [draft.add_body(named.name, named.kind, named.level or "central")]
        elif "ban" in fold(role).split() and _ROLE_ENDS.match(draft.text, title.end):
            nearby = _nearby_body(draft, anchor, role)
            if nearby:
                bodies = [nearby]
        # a role whose body cannot be known is not a position (ANNOTATION: a role in a specific body)
        for body in bodies[:1]:
            found.append(draft.add_position(person, role, body, (title.start, title.end)))
    return found


def _context_committee(draft: Draft, offset: int) -> Body | None:
    g = load()
    province = _bridge_province(draft, offset) or draft.province
    if not province:
        return None
    p = g.provinces.get(province)
    if not p:
        return None
    return draft.add_body(
        f"{p.committee} {province}", "thanh_uy" if p.unit == "thanh_pho" else "tinh_uy", "province", place=province
    )


def _nearby_body(draft: Draft, offset: int, role: str) -> Body | None:
    """The body a bare role belongs to: the last body named before it in its sentence."""
    s_start, _ = draft.sentence_of(offset)
    best: Body | None = None
    best_pos = -1
    wants_ban = "ban" in fold(role).split()
    for body in draft.bodies.values():
        for mention in body.mentions:
            if not s_start <= mention.start < offset:
                continue
            if wants_ban and not body.name.startswith("Ban"):
                continue
            # the latest mention wins; at the same place the organ wins over its committee
            if mention.start > best_pos or (mention.start == best_pos and best and body.parent == best.id):
                best, best_pos = body, mention.start
    return best


_APPOINTMENT = re.compile(
    r"(?<![\w])(?:bổ\s+nhiệm|phân\s+công|điều\s+động|bầu|chỉ\s+định|chuẩn\s+y|giới\s+thiệu)(?![\w])", re.IGNORECASE
)
_TAKES_POST = re.compile(
    r"(?<![\w])(?<!thôi\s)(?:giữ\s+chức(?:\s+vụ)?|làm|đảm\s+nhiệm(?:\s+chức\s+vụ)?|giữ)\s+", re.IGNORECASE
)
_FROM_DATE = re.compile(r"kể\s+từ\s+ngày\s+(\d{1,2})\s*[/-]\s*(\d{1,2})\s*[/-]\s*(\d{4})", re.IGNORECASE)


def find_appointments(draft: Draft) -> None:
    """ "bổ nhiệm đồng chí X ... giữ chức Trưởng Ban ...": a position that starts, on a date when stated."""
    text = draft.text
    for s_start, s_end in draft.sentences:
        if not _APPOINTMENT.search(text, s_start, s_end):
            continue
        for take in _TAKES_POST.finditer(text, s_start, s_end):
            if text[max(0, take.start() - 5) : take.start()].lower().endswith("thôi "):
                continue
            titles = title_chain(draft, take.end())
            if not titles:
                continue
            persons = _persons_in(draft, s_start, take.start())
            if not persons:
                continue
            person = persons[-1]
            start = _FROM_DATE.search(text, s_start, min(len(text), s_end + 200))
            for position in _positions(draft, person, titles, take.start()):
                position.kind = "appointed"
                if start:
                    position.date = PartialDate(int(start.group(3)), int(start.group(2)), int(start.group(1)))


def find_byline(draft: Draft) -> None:
    byline = draft.article.byline
    if byline is None:
        return
    name = re.sub(r"\s*\([^)]*\)\s*$", "", byline.text).strip()
    if not name or len(name.split()) > 5:
        return
    if name.isupper():
        name = " ".join(w.capitalize() for w in name.split())
    person = draft.add_person(name, byline.start, byline.start + len(name))
    person.is_author = True
    draft.author = person.id


_CORE_TITLE = re.compile(r"(?:đồng\s+chí|ông|bà)\s+", re.IGNORECASE)


def resolve_title_references(draft: Draft) -> None:
    """ "đồng chí Trưởng Ban Tuyên giáo Trung ương" with no name: the person holding that post."""
    pat = patterns()
    text = draft.text
    holders: dict[tuple[str, str | None], Person] = {}
    by_id = {p.id: p for p in draft.persons.values()}
    for position in draft.positions.values():
        holders.setdefault((fold(position.role), position.body), by_id[position.person])
    for m in _CORE_TITLE.finditer(text):
        titles = title_chain(draft, m.end())
        if not titles:
            continue
        after = re.compile(r"\s+").match(text, titles[-1].end)
        if after and (pat.person_name.match(text, after.end())):
            continue
        title = titles[0]
        body_id = title.body.bodies[0].id if title.body and title.body.bodies else None
        person = holders.get((fold(title.role), body_id))
        if person:
            person.mentions.append(draft.mention(m.start(), title.end))


# --- documents ---------------------------------------------------------------------------------

_DOC_DATE = re.compile(r"\s*,?\s*ngày\s+(\d{1,2})\s*[/-]\s*(\d{1,2})\s*[/-]\s*(\d{4})")
_DOC_ISSUER = re.compile(r"\s*,?\s*của\s+")
_DOC_TERM = re.compile(rf"\s*\(?\s*khóa\s+({ROMAN})\s*\)?")
_DOC_SUBJECT = re.compile(
    r'\s*"?\s*([Vv]ề\s+(?:"[^"\n]+"|[^;…\n"]*?))(?=[";…]|\.\s|\.$|$|,\s+(?:gắn|đồng thời|đảm bảo|bảo đảm))'
)
_CENTRAL_PARTY = {"politburo", "secretariat", "central_committee"}


def find_documents(draft: Draft) -> None:
    g, pat = load(), patterns()
    text = draft.text
    subject_spans: list[tuple[Document, int, int]] = []
    mentions: list[tuple[Document, int]] = []
    for m in draft.scan(pat.document, pat.firsts["document"]):
        if not text[m.start()].isupper():
            continue
        dtype = g.document_types.get(fold(m.group("type")))
        if dtype is None:
            continue
        cursor = m.end()
        date = term = subject = None
        issuer: Body | None = None
        subject_span: tuple[int, int] | None = None
        for _ in range(4):
            if d := _DOC_DATE.match(text, cursor):
                date = PartialDate(int(d.group(3)), int(d.group(2)), int(d.group(1)))
                draft.used_spans.append((d.start(), d.end()))
                cursor = d.end()
            elif (
                (i := _DOC_ISSUER.match(text, cursor))
                and (b := match_body(draft, i.end(), allow_office=True))
                and b.bodies
            ):
                issuer = b.bodies[0]
                cursor = b.end
            elif t := _DOC_TERM.match(text, cursor):
                term = t.group(1)
                cursor = t.end()
            elif (s := _DOC_SUBJECT.match(text, cursor)) and not subject:
                subject = canonical(s.group(1))
                subject_span = (s.start(1), s.end(1))
                cursor = s.end()
            else:
                break
        identifier = m.group("id")
        number = None
        if identifier:
            identifier = identifier.rstrip(".-/")
            number = re.match(r"\d+", identifier).group()  # type: ignore[union-attr]
            code = re.split(r"[-/]", identifier)[-1]
            if issuer is None:
                issuer_name, _level = g.issuer_codes.get(code, ("", ""))
                named = g.bodies.get(issuer_name)
                if named:
                    issuer = draft.add_body(named.name, named.kind, named.level or "central")
        else:
            number = m.group("number")
            if issuer is None or issuer.kind not in _CENTRAL_PARTY or not dtype.code:
                continue
            identifier = f"{int(number):02d}-{dtype.code}/TW"
        label = f"{dtype.label} {identifier}"
        doc = draft.add_document(
            fold(identifier),
            Document(
                id="",
                doc_type=dtype.label,
                label=label,
                identifier=identifier,
                number=number,
                issuer=issuer.id if issuer else None,
                date=date,
                term=term,
                subject=subject,
            ),
            m.start(),
            cursor,
        )
        mentions.append((doc, m.start()))
        if subject_span:
            subject_spans.append((doc, *subject_span))
    for m in draft.scan(pat.unnumbered_document, pat.firsts["unnumbered_document"]):
        if not m.group()[0].isupper():
            continue
        plenum = _plenum_name(m)
        if plenum:
            label = f"{canonical(m.group('type'))} {plenum}"
        else:
            label = canonical(re.sub(r"[()]", "", m.group()))
            label = re.sub(r"\s+của\s+Đảng$", "", label)
            label = re.sub(r"\s+", " ", label)
        dtype = g.document_types.get(fold(m.group("type")))
        doc = draft.add_document(
            fold(label),
            Document(id="", doc_type=dtype.label if dtype else m.group("type"), label=label),
            m.start(),
            m.end(),
        )
        mentions.append((doc, m.start()))
    for doc, start, end in subject_spans:
        for other, offset in mentions:
            if other is not doc and start <= offset < end and other.id not in doc.refers_to:
                doc.refers_to.append(other.id)


# --- dates and meetings ----------------------------------------------------------------------------

_HAPPENED = re.compile(r"\s*(?:đã\s+)?(?:diễn\s+ra|được\s+tổ\s+chức|khai\s+mạc|bế\s+mạc)(?![\w])", re.IGNORECASE)
_SAME_DAY = re.compile(r"^\W*(?:cùng\s+ngày|cũng\s+trong\s+ngày)", re.IGNORECASE)
_ORGANISE = re.compile(r"(?:đã\s+)?(?:tổ\s+chức|phối\s+hợp\s+tổ\s+chức|khai\s+mạc)\s*$", re.IGNORECASE)
_CHAIR = re.compile(r"(?<![\w])chủ\s+trì(?![\w])", re.IGNORECASE)
_LEAD = re.compile(r"(?<![\w])(?:làm\s+trưởng\s+đoàn|trưởng\s+đoàn)(?![\w])", re.IGNORECASE)
# "tham gia" is left out: it is used of prizes and campaigns far more than of meetings
_ATTEND = re.compile(r"(?<![\w])(?:có\s+sự\s+tham\s+dự\s+của|tham\s+dự|dự)(?![\w])", re.IGNORECASE)
_WORK_WITH = re.compile(r"(?<![\w])làm\s+việc\s+(?:với|tại)\s+", re.IGNORECASE)
_DELEGATION = re.compile(r"(?<![\w])đoàn\s+công\s+tác\s+(?:của\s+)?", re.IGNORECASE)
_VENUE = re.compile(r"(?<![\w])tại\s+(?!điểm\s+cầu)", re.IGNORECASE)
_NAME_END_WORDS = r"do|tại|với\s+sự|nhằm|để|vào|từ\s+ngày|dưới\s+sự|theo|cho|thông\s+qua|bàn|về\s+việc"
_NAME_END = re.compile(rf"[;.,:!?\n]|\s(?:{_NAME_END_WORDS})\s", re.IGNORECASE)
_BACK_REFERENCE = re.compile(
    r"^(?:hội\s+nghị|cuộc\s+giao\s+ban|tọa\s+đàm|buổi\s+làm\s+việc|hội\s+thảo)\s*[.,;]?$", re.IGNORECASE
)


def _date_at(draft: Draft, m: re.Match[str], offset: int) -> tuple[PartialDate, PartialDate | None]:
    d1, m1 = int(m.group("d1")), int(m.group("m1"))
    year = int(m.group("y1")) if m.group("y1") else year_for(draft, offset)
    published = draft.article.published
    reported_later = published and published.year and published.month and year == published.year
    # reported after the fact: "Chiều 28/12" in an article of 2 January happened the year before
    if not m.group("y1") and reported_later and published and m1 > (published.month or 0) + 1:
        year = (year or 0) - 1
    start = PartialDate(year, m1, d1)
    end = None
    if m.group("d1b"):
        end = PartialDate(year, m1, int(m.group("d1b")))
    elif m.group("d2"):
        y2 = int(m.group("y2")) if m.group("y2") else year
        m2 = int(m.group("m2"))
        end = PartialDate(y2, m2, int(m.group("d2")))
        if not m.group("y1") and m.group("y2"):
            # "Từ ngày 22/11 đến 24/11/2020": the start is in the end's year (or the one before)
            start = PartialDate(y2 if m1 <= m2 else y2 - 1, m1, d1)
    return start, end


def _valid(d: PartialDate) -> bool:
    return bool(d.month and 1 <= d.month <= 12 and d.day and 1 <= d.day <= 31)


def _sentence_date(draft: Draft, s_start: int, limit: int) -> tuple[PartialDate, PartialDate | None] | None:
    pat = patterns()
    for m in pat.date.finditer(draft.text, s_start, limit):
        if any(a <= m.start() < b for a, b in draft.used_spans):
            continue
        if m.start() - s_start > 60 and not m.group("lead").strip():
            continue
        start, end = _date_at(draft, m, m.start())
        if _valid(start) and (end is None or _valid(end)):
            return start, end
    return None


_BY_DATE = re.compile(r"(?:vào|ngày|sáng|chiều|tối|trưa)\s*$", re.IGNORECASE)


def _date_after(draft: Draft, start: int, s_end: int) -> tuple[PartialDate, PartialDate | None] | None:
    """"... vừa tổ chức Hội nghị X vào chiều 22/3": the date after the meeting's name."""
    pat = patterns()
    for m in pat.date.finditer(draft.text, start, s_end):
        if any(a <= m.start() < b for a, b in draft.used_spans):
            continue
        if not (m.group("lead").strip() or _BY_DATE.search(draft.text[max(0, m.start() - 6) : m.start()])):
            continue
        begin, end = _date_at(draft, m, m.start())
        if _valid(begin) and (end is None or _valid(end)):
            return begin, end
    return None


def find_meetings(draft: Draft) -> None:
    g, pat = load(), patterns()
    text = draft.text
    kinds = {k.trigger: k for k in g.meeting_kinds}
    last: Meeting | None = None
    for s_start, s_end in draft.sentences:
        sentence = text[s_start:s_end]
        triggers = list(draft.scan(pat.meeting_trigger, pat.firsts["meeting_trigger"], s_start, s_end))
        for trig in triggers:
            kind = kinds.get(fold(trig.group()))
            if kind is None:
                continue
            before = text[s_start : trig.start()]
            name_end = _NAME_END.search(text, trig.end(), s_end)
            name_stop = name_end.start() if name_end else s_end
            name = text[trig.start() : name_stop].strip()
            is_work = kind.cls == "WorkingSession"
            near = min(s_end, name_stop + 40)
            happened = _HAPPENED.match(text, name_stop) or _HAPPENED.search(text, trig.end(), near)
            organised = bool(_ORGANISE.search(before)) or bool(_CHAIR.search(before)) or is_work or bool(happened)
            dated = _sentence_date(draft, s_start, trig.start()) or _date_after(draft, trig.end(), s_end)
            same_day = bool(_SAME_DAY.search(sentence)) and last is not None
            if not organised or not (dated or same_day):
                if last is not None and _BACK_REFERENCE.match(text[trig.start() : s_end].strip()):
                    _roles_in_sentence(draft, last, s_start, s_end)
                continue
            if is_work:
                name = "Buổi làm việc" if kind.kind.startswith("Buổi") else name
            meeting = draft.new_meeting(kind.kind, _capitalise(canonical(name)), trig.start(), name_stop)
            if dated:
                meeting.start, meeting.end = dated
            elif same_day and last is not None:
                meeting.start, meeting.end = last.start, last.end
            _meeting_place(draft, meeting, s_start, s_end)
            _organisers(draft, meeting, s_start, trig.start(), before)
            _roles_in_sentence(draft, meeting, s_start, s_end)
            if is_work:
                _work_partners(draft, meeting, s_start, s_end)
                for person in _persons_in(draft, s_start, trig.start()):  # "đồng chí X ... làm việc tại"
                    if person.id not in meeting.attendees and not person.is_author:
                        meeting.attendees.append(person.id)
            last = meeting
            if meeting.start and meeting.start.year and draft.context_year is None:
                draft.context_year = meeting.start.year
            if draft.event_date is None and meeting.start:
                draft.event_date = meeting.start
            break
        else:
            if last is not None and (_ATTEND.search(sentence) or _CHAIR.search(sentence)):
                _roles_in_sentence(draft, last, s_start, s_end)
    _named_events(draft)
    _discussed_documents(draft)


def _capitalise(name: str) -> str:
    return name[:1].upper() + name[1:]


def _meeting_place(draft: Draft, meeting: Meeting, s_start: int, s_end: int) -> None:
    g, pat = load(), patterns()
    text = draft.text
    for v in _VENUE.finditer(text, s_start, s_end):
        m = pat.place.match(text, v.end())
        if not m:
            venue = pat.venue.match(text, v.end())
            if venue:
                # a named venue; it lies in the article's province when that is known
                name = canonical(venue.group())
                meeting.place = draft.add_place(name, "venue", draft.province, venue.start(), venue.end()).id
                return
            continue
        name = m.group("name")
        province = g.province(name)
        if province:
            meeting.place = draft.add_place(province, "province", province, m.start(), m.end()).id
            return
        units = _districts(g, name)
        if units:
            after = text[m.end() : m.end() + 40]
            explicit = re.match(r"\s*\(\s*(?:tỉnh|thành\s+phố)\s+([^)]+)\)", after)
            chosen = units[0]
            if explicit:
                chosen = next((u for u in units if fold(u.province) == fold(explicit.group(1))), units[0])
            else:
                chosen = _pick_district(draft, units)
            kind = "city" if chosen.unit == "thanh_pho" else "district"
            meeting.place = draft.add_place(chosen.name, kind, chosen.province, m.start(), m.end()).id
            return


def _organisers(draft: Draft, meeting: Meeting, s_start: int, limit: int, before: str) -> None:
    text = draft.text
    delegation = _DELEGATION.search(text, s_start, draft.sentence_of(s_start)[1])
    works_with = _WORK_WITH.search(text, s_start, draft.sentence_of(s_start)[1])
    if works_with and not delegation and not _ORGANISE.search(before):
        # "Thường trực Tỉnh ủy làm việc với Ban ...": the host is named before the verb
        lead = patterns().date.search(text, s_start, works_with.start())
        for body in _bodies_in(draft, lead.end() if lead else s_start, works_with.start(), in_titles=False):
            if body.id not in meeting.organisers:
                meeting.organisers.append(body.id)
        return
    if not _ORGANISE.search(before) and not delegation:
        return
    if delegation:
        limit = draft.sentence_of(s_start)[1]
    else:
        # the organiser follows the date line ("TTXVN - Chiều 11-6, tại Hà Nội, Ban ... tổ chức")
        lead = patterns().date.search(text, s_start, limit)
        if lead:
            s_start = lead.end()
    region_start = delegation.end() if delegation else s_start
    for body in _bodies_in(draft, region_start, limit, in_titles=False):
        if body.id not in meeting.organisers:
            meeting.organisers.append(body.id)
        if delegation:
            break


def _bodies_in(draft: Draft, start: int, end: int, *, in_titles: bool = True) -> list[Body]:
    """Bodies named between two offsets; ``in_titles=False`` leaves out those named in a person's title."""
    titles = [] if in_titles else [(p.evidence.start, p.evidence.end) for p in draft.positions.values() if p.evidence]
    found: list[tuple[int, Body]] = []
    for body in draft.bodies.values():
        for mention in body.mentions:
            if start <= mention.start < end and not any(a <= mention.start < b for a, b in titles):
                found.append((mention.start, body))
                break
    found.sort(key=lambda item: item[0])
    # keep the outermost bodies: drop a committee named only as part of its organ's name
    ids = {b.id for _, b in found}
    return [b for _, b in found if not any(o.parent == b.id and o.id in ids for _, o in found)]


def _persons_in(draft: Draft, start: int, end: int) -> list[Person]:
    found = [(m.start, p) for p in draft.persons.values() for m in p.mentions if start <= m.start < end]
    found.sort(key=lambda item: item[0])
    out: list[Person] = []
    for _, person in found:
        if person not in out:
            out.append(person)
    return out


_CHAIRED_BY = re.compile(r"[^,.;]{0,40}?\s(?:có|là)\s", re.IGNORECASE)


def _roles_in_sentence(draft: Draft, meeting: Meeting, s_start: int, s_end: int) -> None:
    text = draft.text
    chair = _CHAIR.search(text, s_start, s_end) or _LEAD.search(text, s_start, s_end)
    attend = _ATTEND.search(text, s_start, s_end)
    if chair:
        do = text.rfind(" do ", s_start, chair.start())
        region = (do, chair.start()) if do != -1 else (s_start, chair.start())
        chairs = _persons_in(draft, *region)[:1] if do != -1 else _persons_in(draft, *region)
        named_after = _CHAIRED_BY.match(text, chair.end())
        if named_after:
            # "Chủ trì hội nghị có đồng chí X, ...": the chair is named after the verb
            stop = _ATTEND.search(text, named_after.end(), s_end)
            chairs = _persons_in(draft, named_after.end(), stop.start() if stop else s_end)[:1]
        for person in chairs:
            if person.is_author:
                continue
            if person.id not in meeting.chairs:
                meeting.chairs.append(person.id)
            if person.id not in meeting.attendees:
                meeting.attendees.append(person.id)
    if attend:
        # "Dự hội nghị có X" names them after the verb; "X dự hội nghị" before it
        present = _persons_in(draft, attend.end(), s_end) or _persons_in(draft, s_start, attend.start())
        for person in present:
            if person.id not in meeting.attendees and not person.is_author:
                meeting.attendees.append(person.id)
        for body in _bodies_in(draft, attend.end(), s_end, in_titles=False):  # not those in attendees' titles
            if body.id not in meeting.attending_bodies:
                meeting.attending_bodies.append(body.id)
    bridge = _BRIDGE.search(text, s_start, s_end)
    if bridge and not attend:
        for body in _bodies_in(draft, bridge.end(), s_end):
            if body.id not in meeting.attending_bodies:
                meeting.attending_bodies.append(body.id)


def _work_partners(draft: Draft, meeting: Meeting, s_start: int, s_end: int) -> None:
    w = _WORK_WITH.search(draft.text, s_start, s_end)
    if not w:
        return
    for body in _bodies_in(draft, w.end(), s_end):
        if body.id not in meeting.attending_bodies and body.id not in meeting.organisers:
            meeting.attending_bodies.append(body.id)


def _named_events(draft: Draft) -> None:
    """Congresses and plenums named as past or future events ("Đại hội XIII của Đảng")."""
    pat = patterns()
    seen = {fold(m.name) for m in draft.meetings}
    for m in draft.scan(pat.named_event, pat.firsts["named_event"]):
        name = _plenum_name(m)
        if name is None:
            name = canonical(re.sub(r"[()]", "", m.group()))
            name = re.sub(r"\s+", " ", name)
            name = _canonical_event_name(name)
            if re.fullmatch(rf"Đại hội lần thứ {ROMAN}", name):
                continue  # whose congress is not said
        if fold(name) in seen:
            for meeting in draft.meetings:
                if fold(meeting.name) == fold(name):
                    meeting.mentions.append(draft.mention(m.start(), m.end()))
            continue
        seen.add(fold(name))
        kind = "Đại hội" if name.startswith("Đại hội") else "Hội nghị"
        draft.new_meeting(kind, name, m.start(), m.end())
    _local_congresses(draft, seen)
    _events_of_resolutions(draft, seen)


def _plenum_name(m: re.Match[str]) -> str | None:
    """"Hội nghị Trung ương 11 khóa XIII" from any spelling of a plenum the match holds."""
    groups = m.groupdict()
    raw = groups.get("n_before") or groups.get("n_after")
    number = plenum_number(raw) if raw else None
    if number is None:
        return None
    term = groups.get("term")
    return f"Hội nghị Trung ương {number}" + (f" khóa {term}" if term else "")


_PLENUM_OF_RESOLUTION = re.compile(rf"^Nghị quyết (?:Hội nghị )?Trung ương (\d+) khóa ({ROMAN})$")
_CONGRESS_OF_RESOLUTION = re.compile(rf"^Nghị quyết Đại hội ({ROMAN})$")


def _events_of_resolutions(draft: Draft, seen: set[str]) -> None:
    """ "Nghị quyết Trung ương 4 khóa XII" names the plenum that passed it: that plenum is an event too."""
    for doc in list(draft.documents.values()):
        plenum = _PLENUM_OF_RESOLUTION.match(doc.label)
        congress = _CONGRESS_OF_RESOLUTION.match(doc.label)
        if plenum:
            name = f"Hội nghị Trung ương {plenum.group(1)} khóa {plenum.group(2)}"
        elif congress:
            name = _canonical_event_name(f"Đại hội {congress.group(1)} của Đảng")
        else:
            continue
        if fold(name) in seen or not doc.mentions:
            continue
        seen.add(fold(name))
        first = doc.mentions[0]
        draft.new_meeting("Đại hội" if congress else "Hội nghị", name, first.start, first.end)


_LOCAL_CONGRESS = re.compile(
    rf"(?<![\w])[Đđ]ại\s+hội\s+(?:đại\s+biểu\s+)?Đảng\s+bộ\s+(?P<unit>tỉnh|thành\s+phố|huyện|quận|thị\s+xã)"
    rf"(?P<place>(?:\s+{CAP})*)\s+lần\s+thứ\s+(?P<number>{ROMAN})(?![\w])"
)


def _local_congresses(draft: Draft, seen: set[str]) -> None:
    """ "đại hội Đảng bộ tỉnh lần thứ XIX": a provincial party congress, its place from the article."""
    g = load()
    for m in draft.scan(_LOCAL_CONGRESS, frozenset({"đại"})):
        place = m.group("place").strip()
        unit = re.sub(r"\s+", " ", m.group("unit"))
        if not place:
            if unit != "tỉnh" or not draft.province:
                continue
            place = draft.province
        elif g.province(place):
            place = g.province(place) or place
        name = _canonical_event_name(f"Đại hội Đảng bộ {unit} {place} lần thứ {m.group('number')}")
        if fold(name) in seen:
            continue
        seen.add(fold(name))
        draft.new_meeting("Đại hội", name, m.start(), m.end())


_PARTY_CONGRESS = re.compile(rf"^Đại hội (?:đại biểu toàn quốc )?(?:lần thứ )?({ROMAN}) của Đảng$")


_UNIT_SPELLINGS = {"tp": "thành phố", "tp.": "thành phố", "thành phố": "thành phố", "tỉnh": "tỉnh", "huyện": "huyện",
                   "quận": "quận", "thị xã": "thị xã", "tx": "thị xã", "tx.": "thị xã"}
# "Đại hội (đại biểu) Đảng bộ TP Hà Nội lần thứ XVIII" and "Đại hội lần thứ XVIII Đảng bộ TP Hà Nội"
_NAMED_LOCAL_CONGRESS = re.compile(
    rf"^Đại hội (?:đại biểu )?(?:lần thứ (?P<n1>{ROMAN}) )?Đảng bộ "
    rf"(?P<unit>tỉnh|thành phố|TP\.?|huyện|quận|thị xã|TX\.?) "
    rf"(?P<place>[^,;]+?)(?: lần thứ (?P<n2>{ROMAN}))?$",
    re.IGNORECASE,
)


def _canonical_event_name(name: str) -> str:
    m = _PARTY_CONGRESS.match(name)
    if m:
        return f"Đại hội đại biểu toàn quốc lần thứ {m.group(1)} của Đảng"
    local = _NAMED_LOCAL_CONGRESS.match(name)
    if local and (local.group("n1") or local.group("n2")):
        g = load()
        unit = _UNIT_SPELLINGS.get(local.group("unit").lower(), local.group("unit").lower())
        place = g.province(local.group("place")) or local.group("place")
        return f"Đại hội Đảng bộ {unit} {place} lần thứ {local.group('n1') or local.group('n2')}"
    return name


def _discussed_documents(draft: Draft) -> None:
    """Documents cited after a dated meeting's report, until the next meeting, were discussed at it."""
    dated = [m for m in draft.meetings if m.start is not None and m.mentions]
    if not dated:
        return
    bounds = sorted((m.mentions[0].start, m) for m in dated)
    for doc in draft.documents.values():
        for mention in doc.mentions:
            owner = None
            for start, meeting in bounds:
                if start <= mention.start:
                    owner = meeting
            if owner and doc.id not in owner.documents:
                owner.documents.append(doc.id)


# --- places ------------------------------------------------------------------------------------------

_UNIT_BEFORE = re.compile(
    r"(?:huyện|quận|thị\s+xã|TX\.?|thành\s+phố|TP\.?|tỉnh|tại|Huyện\s+ủy|Thị\s+ủy|Thành\s+ủy|Quận\s+ủy)\s*$",
    re.IGNORECASE,
)


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
        units = _districts(g, name)
        if not units:
            continue
        listed = m.group("unit") or _UNIT_BEFORE.search(text[max(0, start - 12) : start]) or inside(in_bodies, start)
        if not listed:
            continue
        unit = _pick_district(draft, units)
        kind = "city" if unit.unit == "thanh_pho" else ("town" if unit.unit == "thi_xa" else "district")
        draft.add_place(unit.name, kind, unit.province, start, m.end())
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
        name = g.countries.get(fold(re.sub(r"^nước\s+", "", m.group())))
        if name and name != "Việt Nam" and not inside(taken, m.start()):
            draft.add_place(name, "country", None, m.start(), m.end())
