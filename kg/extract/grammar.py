"""Bodies the gazetteers do not list, read from the grammar of Vietnamese organisation names.

A name is a head noun ("Cục", "Vụ", "Văn phòng", "Trường", "Đảng ủy", ...), then the body's own
name, then optionally the body it belongs to: written right after it ("Văn phòng Quốc hội",
"Ban Tuyên giáo và Dân vận Đảng ủy Chính phủ") or after a marker ("Vụ Chính sách đối ngoại,
Bộ Ngoại giao", "Cục An ninh nội địa (Bộ Công an)", "... thuộc ...", "... của ...").
The words come from data files: ``body_heads.csv`` (head nouns), ``body_grammar.csv``
(parent markers, place and commune unit words, phrases that are not bodies, phrases that
continue a name) and ``body_name_stops.txt`` (words that end a name).  The gazetteer is used
only to canonicalise and type what it knows; a body it does not know is kept unresolved
(``kg:resolved false``: never merged with another article's), never dropped.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import cache

from kg.extract.bodies import BodyMatch, bridge_province, match_body
from kg.extract.draft import Draft
from kg.extract.patterns import UP, WORD_END, patterns
from kg.facts import Body
from kg.gazetteer import load, read_lines, read_rows
from kg.text import canonical, fold


@dataclass(frozen=True)
class Head:
    head: str
    kind: str
    sector: str
    parent_after: bool  # may stand right after another body's name as its parent ("... Bộ Nội vụ")
    person_names: bool  # its names may contain a person's name ("Trường Chính trị Trần Phú")


@dataclass(frozen=True)
class Grammar:
    heads: dict[str, Head]  # fold(head) -> Head
    head: re.Pattern[str]
    head_any_case: re.Pattern[str]  # after a role that shares the head: "Trưởng ban Tuyên giáo ..."
    firsts: frozenset[str]
    marker: re.Pattern[str]
    place_unit: re.Pattern[str]
    commune: re.Pattern[str]
    commune_unit_word: re.Pattern[str]
    generic_after: re.Pattern[str]
    not_a_body: re.Pattern[str]
    name_phrase: re.Pattern[str]
    stop: re.Pattern[str]
    provincial_heads: frozenset[str]  # fold(head) of bodies only a province has ("Sở")


def _alternation(phrases: list[str]) -> str:
    unique = sorted({canonical(p) for p in phrases if p}, key=lambda s: (-len(s), s))
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in unique)


@cache
def grammar() -> Grammar:
    heads: dict[str, Head] = {}
    for row in read_rows("body_heads.csv"):
        h = Head(
            canonical(row["head"]),
            row.get("kind", ""),
            row.get("sector", ""),
            row.get("parent_after") == "yes",
            row.get("person_names") == "yes",
        )
        heads.setdefault(fold(h.head), h)
    phrases: dict[str, list[str]] = {}
    for row in read_rows("body_grammar.csv"):
        phrases.setdefault(row["kind"], []).append(row["phrase"])
    markers = _alternation(phrases.get("parent_marker", []))
    units = _alternation(phrases.get("place_unit", []))
    stops = read_lines("body_name_stops.txt")
    cap = rf"{UP}[\w'’]*"
    return Grammar(
        heads=heads,
        # the head as written, capitalised ("Cục", "UBND"); "Ban cán sự đảng" before "Ban"
        head=re.compile(rf"(?={UP})(?i:{_alternation([h.head for h in heads.values()])}){WORD_END}"),
        head_any_case=re.compile(rf"(?i:{_alternation([h.head for h in heads.values()])}){WORD_END}"),
        firsts=frozenset(h.head.split()[0].lower() for h in heads.values()),
        marker=re.compile(rf"\s*(?:(?i:{markers}))\s*" if markers else r"(?!)"),
        place_unit=re.compile(rf"(?i:{units}){WORD_END}" if units else r"(?!)"),
        commune=re.compile(
            rf"(?P<unit>(?i:{_alternation(phrases.get('commune_unit', []))}))"
            # "UBND phường Báo cáo kết quả ...": a capitalised verb after the unit starts the clause
            rf"[ \t]+(?!(?:{_alternation(phrases.get('commune_name_stop', []))}){WORD_END})"
            rf"(?P<name>{cap}(?:[ \t]+{cap}){{0,6}}){WORD_END}"
        ),
        commune_unit_word=re.compile(rf"(?:{_alternation(phrases.get('commune_unit', []))})"),
        generic_after=re.compile(rf"[ \t]+(?:{_alternation(phrases.get('generic_after', []))}){WORD_END}"),
        not_a_body=re.compile(rf"(?:{_alternation(phrases.get('not_a_body', []))}){WORD_END}"),
        name_phrase=re.compile(rf"(?i:{_alternation(phrases.get('name_phrase', []))}){WORD_END}"),
        stop=re.compile(rf"(?:{_alternation(stops)}){WORD_END}"),
        provincial_heads=frozenset(fold(p) for p in phrases.get("provincial_head", [])),
    )


_WORD = re.compile(r"\w+(?:[.&'’-]\w+)*")
_SPACE = re.compile(r"[ \t\u00a0]+")
_PLURAL_BEFORE = re.compile(r"(?:^|\s)(?:các|những|mọi)\s+$", re.IGNORECASE)
_CLOSE = re.compile(r"\s*\)")
_CAPITALISED_BEFORE = re.compile(rf"{UP}\w*[ \t]+$")
_CONNECTORS = ("và", "các", "-")
_MAX_WORDS = 14


_AT_BEFORE = re.compile(r"(?<![\w])[Tt]ại\s+$")
_NAME_WORDS = re.compile(rf"{UP}\w*(?:[ \t]+{UP}\w*){{1,2}}")


def _names_place(text: str, pos: int) -> bool:
    """The capitalised words at ``pos`` are a province's or district's name ("Hội An")."""
    m = _NAME_WORDS.match(text, pos)
    if m is None:
        return False
    g = load()
    words = m.group().split()
    return any(g.province(" ".join(words[:n])) or g.districts.get(fold(" ".join(words[:n]))) for n in (2, 3))


def read_body(draft: Draft, pos: int, depth: int = 0, capital: bool = True) -> BodyMatch | None:
    """The body whose name begins at ``pos`` with a head noun, with its parent when one is named."""
    gr, g, pat = grammar(), load(), patterns()
    text = draft.text
    if depth > 2 or pos >= len(text):
        return None
    h = (gr.head if capital else gr.head_any_case).match(text, pos)
    if h is None or gr.not_a_body.match(text, pos):
        return None
    if _PLURAL_BEFORE.search(text, max(0, pos - 8), pos):
        return None  # "các Sở", "những Ban": a generic plural
    if _names_place(text, pos):
        return None  # "Hội An", "Hội" a head noun too: the city, not an association
    if depth == 0 and _AT_BEFORE.search(text, max(0, pos - 6), pos) and pat.venue.match(text, pos):
        return None  # "tại Trung tâm Văn hóa tỉnh, ...": a venue (venues.txt), not a body no gazetteer lists
    head = gr.heads[fold(h.group())]
    if head.kind in _BARE_KINDS and _BARE_HEAD_END.match(text, h.end()):
        return _the_one_body(draft, head, pos, h.end())
    if head.kind in _PARTY_GROUPS and _BARE_HEAD_END.match(text, h.end()):
        # "Bí thư Ban cán sự đảng, Bộ trưởng Bộ X": the group of the body the next title names
        return BodyMatch(pos, h.end(), [], organ_only=head.kind)
    _, s_end = draft.sentence_of(pos)
    limit = min(s_end, pos + 200)
    words: list[tuple[int, int, str]] = []
    capital_seen = False
    cursor = h.end()
    joined: BodyMatch | None = None  # a parent written right after the name
    commune = False
    commune_place: str | None = None  # the article's ward, for a name that ends in a bare "phường"
    while len(words) < _MAX_WORDS:
        space = _SPACE.match(text, cursor, limit)
        if not space and words and capital_seen and _enumerated_name(draft, cursor, limit):
            # "Sở Văn hóa, Thể thao và Du lịch": a comma inside a name that lists its fields
            words.append((cursor, cursor + 1, ","))
            space = _SPACE.match(text, cursor + 1, limit)
        if not space:
            break
        q = space.end()
        if q >= limit:
            break
        first = text[q]
        if not words and first.isupper():
            own_place = _province_named_at(text, q)
            if own_place is not None:
                # "Đảng bộ TP Hồ Chí Minh": a head, then the province it is named after
                place_end, province, written = own_place
                name = f"{_spell(text[pos : h.end()], h.group())} {written}"
                body = draft.add_body(name, head.kind, "province", place=province, span=(pos, place_end))
                return BodyMatch(pos, place_end, [body])
        if first.isupper():
            known = match_body(draft, q)
            if known and known.bodies:
                joined = BodyMatch(known.start, known.end, known.bodies)
                break
            nested = gr.head.match(text, q)
            if nested and not words and head.kind in _AGENCY_PARTY_KINDS and depth == 0:
                # "Đảng bộ Sở Nội vụ": the party organisation of an agency the grammar reads too
                inner = read_body(draft, q, depth + 1)
                if inner and inner.bodies:
                    joined = inner
                    break
            if nested and words and gr.heads[fold(nested.group())].parent_after:
                inner = read_body(draft, q, depth + 1)
                if inner and inner.bodies:
                    joined = inner
                    break
        phrase = gr.name_phrase.match(text, q)
        if phrase and (capital_seen or first.isupper() or not phrase.group().islower()):
            # "Cục Công nghệ thông tin": a phrase that holds a stop word ("thông tin") inside a name
            words.append((q, phrase.end(), fold(phrase.group())))
            capital_seen = True
            cursor = phrase.end()
            continue
        village = gr.commune.match(text, q)
        if village:
            village_end = commune_name_end(draft, village)
            words.append((q, village_end, fold(text[q:village_end])))
            commune = True
            break
        unit = gr.place_unit.match(text, q)
        if unit and not words and not capital_seen:
            follows = _SPACE.match(text, unit.end(), limit)
            if not follows or not text[follows.end()].isupper():
                return None  # "Đại hội Đảng bộ TP", "Đảng bộ tỉnh": a unit word with no name
        if unit and (words or capital_seen):
            place = pat.place.match(text, q)
            if place and place.group("name")[0].isupper():
                words.append((q, place.end(), fold(place.group())))
                break
            words.append((q, unit.end(), fold(unit.group())))
            cursor = unit.end()
            follows = _SPACE.match(text, cursor, limit)
            if follows and follows.end() < limit and text[follows.end()].islower():
                break  # "Sở Nội vụ tỉnh trình bày": a bare unit word ends the name
            continue
        if text[q] in "-–" and _SPACE.match(text, q + 1) and capital_seen:
            # "Vụ Báo chí - Xuất bản": a dash inside a name, unless a body follows it
            after = _SPACE.match(text, q + 1).end()  # type: ignore[union-attr]
            if (
                after < limit
                and text[after].isupper()
                and not gr.head.match(text, after)
                and not match_body(draft, after)
                and not pat.person_name.match(text, after)
            ):
                words.append((q, q + 1, "-"))
                cursor = q + 1
                continue
        if first.isalpha() and gr.marker.match(text, q):
            break  # "thuộc", "của": the parent follows
        word = _WORD.match(text, q)
        if not word:
            break
        w = word.group()
        lower = w.lower()
        if w[0].isdigit():
            if not words or words[-1][2] != "số":
                break
        elif first.isupper():
            if words and pat.role.match(text, q):
                break  # "Cục An ninh nội địa Cục trưởng ...": a title begins
            person = pat.person_name.match(text, q)
            if person and not head.person_names and not _is_place(person.group()):
                break
            capital_seen = True
        else:
            if not capital_seen:
                if not words and gr.commune_unit_word.fullmatch(lower):
                    return _the_commune_body(draft, head, lower, pos, word.end())
                return None  # "Ban hành", "Hội nghị": a head noun that begins no name
            if gr.stop.match(text, q):
                break
            if lower == "và" and not _and_continues(draft, word.end(), head):
                shared = _shared_unit(draft, q, head) if capital_seen else None
                if shared:
                    # "Ủy ban MTTQ Việt Nam và các tổ chức chính trị - xã hội tỉnh": the unit that
                    # ends the list is this body's too
                    words.append((words[-1][1], words[-1][1], shared))
                break
            if lower == "và" and fold(_spell(text[pos:cursor], h.group())) in g.body_kind_by_fold:
                # "Ban Thường vụ và ...": after a whole kind of body, "và" joins another body
                after = _SPACE.match(text, word.end())
                if not after or not text[after.end() : after.end() + 1].isupper():
                    break
            if gr.commune_unit_word.fullmatch(lower):
                # "Ủy ban MTTQ Việt Nam phường" with no name: the article's one ward, if it names one
                ward = _article_commune(draft, lower) if capital_seen else None
                if ward:
                    words.append((q, word.end(), lower))
                    commune, commune_place = True, ward
                break  # "Đảng ủy phường" with no name: the article's ward, not a name
        words.append((q, word.end(), lower))
        cursor = word.end()
    while words and words[-1][2] in _CONNECTORS:
        words.pop()
    if not words and joined is None:
        return None
    name_end = words[-1][1] if words else h.end()
    # abbreviations inside the name spelled out ("Tổng cục Chính trị QĐND Việt Nam"), as the
    # head's own is: one label however the article abbreviates it
    unit_text = _expand_inside(_spell(text[pos:name_end], h.group()))
    if words and words[-1][0] == words[-1][1]:
        unit_text = f"{unit_text} {words[-1][2]}"  # a unit shared with a list, not written here
    if commune_place:
        unit_text = f"{g.expand(unit_text.rsplit(' ', 1)[0])} {commune_place}"
    own_name = text[h.end() : name_end].strip()
    if words and joined is None and not commune and (_is_place(own_name) or _is_place(unit_text)):
        return None  # "Trường Sa", a place, not a school
    if joined is None and gr.generic_after.match(text, name_end):
        return None  # "Trung tâm Văn hóa các huyện", "Ban Tuyên giáo cơ sở": one kind in many places
    if joined is None:
        local = pat.local_body.match(text, pos)
        if local and local.end() >= name_end and (local.group("organ") or local.group("committee0")):
            return None  # "Ban Tuyên giáo Tỉnh ủy", "Ban Chỉ đạo": a kind of body the local rules read
    end = joined.end if joined else name_end
    parent_match = joined
    marker_text = ""
    if joined is None:
        marker = gr.marker.match(text, name_end, limit)
        if marker:
            q = marker.end()
            marker_text = marker.group().strip().lower()
            found = match_body(draft, q)
            parent_match = BodyMatch(found.start, found.end, found.bodies) if found and found.bodies else None
            if parent_match is None and q < len(text) and text[q].isupper():
                nested = gr.head.match(text, q)
                nested_head = gr.heads[fold(nested.group())] if nested else None
                loose = marker_text in (",", "-", "–")
                if nested_head and (not loose or (nested_head.parent_after and nested_head.kind != head.kind)):
                    parent_match = read_body(draft, q, depth + 1)
            if parent_match is not None and marker_text == "," and _subject_after_place(draft, pos, parent_match.end):
                parent_match = None  # "tại Trung tâm X, Ban Tuyên giáo Tỉnh ủy tổ chức ...": the subject
            if (
                parent_match is not None
                and marker_text in (",", "-", "–")
                and not _may_contain(parent_match.bodies[0], head)
            ):
                parent_match = None  # "Sở Văn hóa ..., Hội Văn học Nghệ thuật tỉnh": a list, not a parent
            if parent_match is not None:
                end = parent_match.end
                if marker_text == "(":
                    close = _CLOSE.match(text, end)
                    if close is None:
                        parent_match, end = None, name_end
                    else:
                        end = close.end()
    parent = parent_match.bodies[0] if parent_match else None
    if commune and parent is None and head.sector == "party":
        parent = _province_committee(draft, pos)
    if parent is None:
        name = unit_text
    elif commune:
        name = unit_text  # "Đảng ủy xã Phúc Lộc", part of the Tỉnh ủy since July 2025
    elif joined is not None:
        name = f"{unit_text} {parent.name}"
    else:
        name = f"{unit_text}, {parent.name}"
    if commune:
        name = g.expand(name)  # "UB MTTQ phường X": one spelling for each ward body
    known_body = g.body(name) or (g.body(unit_text) if parent is None or joined is None else None)
    if known_body:
        body = draft.add_body(known_body.name, known_body.kind, known_body.level or "central", span=(pos, end))
        return BodyMatch(pos, end, [body])
    kind = _kind(unit_text) or head.kind
    provincial = False
    if words and words[-1][2] == "tỉnh" and draft.province and parent is None:
        name = f"{name} {draft.province}"  # "Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh" of the article
    elif (
        fold(head.head) in gr.provincial_heads
        and parent is None
        and draft.province in g.provinces
        and not any(gr.place_unit.match(w[2]) for w in words)  # "tỉnh Nghệ An" read as one word too
        and not gr.place_unit.match(text, _SPACE.match(text, end).end() if _SPACE.match(text, end) else end)
    ):
        # "Giám đốc Sở Thông tin và Truyền thông" in a provincial article: the province's Sở
        unit_word = "thành phố" if g.provinces[draft.province].unit == "thanh_pho" else "tỉnh"
        name, provincial = f"{name} {unit_word} {draft.province}", True

    level = "commune" if commune else (parent.level if parent else "province" if provincial else "other")
    body = draft.add_body(name, kind, level, parent=parent, resolved=False, span=(pos, end))
    return BodyMatch(pos, end, [body])


#: Communes and wards answer to the province directly since the district level ended.
TWO_TIERS_FROM = (2025, 7, 1)


def _province_committee(draft: Draft, pos: int) -> Body | None:
    """The Tỉnh ủy / Thành ủy a commune's party committee is part of, when the article says which."""
    published = draft.article.published
    if published is None or published.year is None:
        return None
    when = (published.year, published.month or 1, published.day or 1)
    province = bridge_province(draft, pos) or draft.province
    p = load().provinces.get(province or "")
    if when < TWO_TIERS_FROM or p is None or (p.valid_until and p.valid_until < "2025-07-01"):
        return None
    kind = "thanh_uy" if p.unit == "thanh_pho" else "tinh_uy"
    return draft.add_body(f"{p.committee} {p.name}", kind, "province", place=p.name)


def _kind(name: str) -> str | None:
    """The kind of the longest known head the name begins with ("Đảng ủy Khối ..." -> dang_uy_khoi)."""
    g = load()
    words = g.expand(name).split()
    for cut in range(len(words), 0, -1):
        kind = g.body_kind_by_fold.get(fold(" ".join(words[:cut])))
        if kind:
            return kind
    return None


def _the_commune_body(draft: Draft, head: Head, unit: str, start: int, end: int) -> BodyMatch | None:
    """ "Đảng ủy phường" with no name: the one ward committee of that kind the article names."""
    same = {
        b.id: b
        for b in draft.bodies.values()
        if b.level == "commune"
        and b.kind == head.kind
        and f" {unit} " in f" {fold(b.name)} "
        # "Ban Chấp hành Đảng bộ phường" is named as the executive committee, not "Đảng ủy phường X"
        and fold(b.name).startswith(fold(head.head) + " ")
    }
    if len(same) != 1:
        place = _article_commune(draft, unit) if not same else None
        if place is None:
            return None
        # "Chủ tịch HĐND phường" in an article about one ward: that ward's council
        parent = _province_committee(draft, start) if head.sector == "party" else None
        name = f"{_spell(draft.text[start:end], head.head).rsplit(' ', 1)[0]} {place}"
        body = draft.add_body(name, _kind(name) or head.kind, "commune", parent=parent, resolved=False)
        body.mentions.append(replace(draft.mention(start, end), names=False))
        return BodyMatch(start, end, [body])
    (body,) = same.values()
    if all(m.start != start for m in body.mentions):
        body.mentions.append(replace(draft.mention(start, end), names=False))  # it names every ward's
    return BodyMatch(start, end, [body])


# a party committee's head standing bare in a title ("Bí thư Đảng ủy, Chủ tịch ..."): the one
# committee of that kind the article names
_BARE_KINDS = ("dang_uy",)
_PARTY_GROUPS = ("ban_can_su_dang", "dang_doan")
_BARE_HEAD_END = re.compile(r"\s*(?:[,;.)]|[-–]\s|và\s|$)")


def _the_one_body(draft: Draft, head: Head, start: int, end: int) -> BodyMatch | None:
    same = {
        b.id: b
        for b in draft.bodies.values()
        # "Đảng ủy xã X", not the "Ban Chấp hành Đảng bộ xã X" named beside it (the same committee)
        if b.kind == head.kind and b.level == "commune" and fold(b.name).startswith(fold(head.head) + " ")
    }
    if len(same) != 1:
        return None
    (body,) = same.values()
    if all(m.start != start for m in body.mentions):
        body.mentions.append(replace(draft.mention(start, end), names=False))
    return BodyMatch(start, end, [body])


def _province_named_at(text: str, pos: int) -> tuple[int, str, str] | None:
    """(end, province, how the name writes it) when a province's name ("TP Hồ Chí Minh", "Nghệ
    An", "TP Cần Thơ") begins at ``pos``; a unit word counts only as part of a listed alias."""
    place = patterns().place.match(text, pos)
    if place is None:
        return None
    g = load()
    if place.group("unit"):
        province = g.province(re.sub(r"\s+", " ", place.group()))  # "TP Cần Thơ": an alias, unit and all
        p = g.provinces.get(province or "")
        if p is None or p.unit != "thanh_pho" or p.name.startswith("TP."):
            return None
        return place.end(), p.name, f"thành phố {p.name}"
    province = g.province(place.group("name"))
    return (place.end(), province, province) if province else None


def _article_commune(draft: Draft, unit: str) -> str | None:
    """The one commune or ward ("phường Bến Thành") the article's commune bodies name, if one."""
    found: set[str] = set()
    for b in draft.bodies.values():
        if b.level != "commune":
            continue
        at = f" {fold(b.name)} ".find(f" {unit} ")
        if at >= 0:
            found.add(fold(b.name)[at:])
    if len(found) != 1:
        return None
    (place,) = found
    for b in draft.bodies.values():  # keep the spelling the article used for its name
        if b.level == "commune" and fold(b.name).endswith(place):
            written = b.name[len(b.name) - len(place) :]
            return unit + written[len(unit) :]
    return place


def commune_name_end(draft: Draft, village: re.Match[str]) -> int:
    """Where a commune's name ends when a person's name follows it: "phường Vĩnh Tuy Nguyễn Quang
    Trung", "xã Phúc Lộc Đinh Văn Hưng" ("Lộc" is a family name too: the person keeps three words)."""
    pat = patterns()
    starts = [village.start("name")] + [
        village.start("name") + gap.end() for gap in re.finditer(r"[ \t]+", village.group("name"))
    ]
    persons = [i for i in range(1, len(starts)) if pat.person_name.match(draft.text, starts[i])]
    for least in (3, 2):
        fits = [i for i in persons if len(starts) - i >= least]
        if fits:
            return _end_before(draft.text, starts[fits[-1]])
    if len(starts) > 4:
        return _end_before(draft.text, starts[4])  # a commune's name is at most four words
    return village.end()


def _end_before(text: str, start: int) -> int:
    """The end of the word before the one at ``start``."""
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    return start


def _spell(written: str, head: str) -> str:
    """The name in canonical spelling, its head's abbreviation spelled out ("UBND xã X")."""
    name = canonical(re.sub(r"\s+", " ", written.strip()))
    long = load().abbreviations.get(head)
    if long and name.startswith(head):
        name = long + name[len(head) :]
    return name[:1].upper() + name[1:]


def _may_contain(parent: Body, head: Head) -> bool:
    """Whether a body named after a loose marker (",", "-") can be the parent of one with this
    head: a mass organisation owns no state unit ("Sở ..., Hội ..." is a list)."""
    if head.sector != "state":
        return True
    g, gr = load(), grammar()
    kind = g.body_kinds.get(parent.kind)
    named = g.bodies.get(parent.name)
    sector = (
        kind.sector
        if kind
        else named.sector
        if named
        else next((h.sector for h in gr.heads.values() if h.kind == parent.kind), "")
    )
    return sector != "mass"


_SHARED_UNIT = re.compile(r"và[ \t]+các[ \t]+(?:[^\s,.;:()]+[ \t]+){1,8}?(?P<unit>tỉnh|thành[ \t]+phố)(?![\w])")


def _shared_unit(draft: Draft, pos: int, head: Head) -> str | None:
    """ "tỉnh" when "và các <kind of bodies> tỉnh" follows a body named after its place (a
    People's Committee, a Front committee, a Hội) and the unit word is followed by no name."""
    if head.sector not in ("state", "mass"):
        return None
    m = _SHARED_UNIT.match(draft.text, pos)
    if m is None or patterns().place.match(
        draft.text, _SPACE.match(draft.text, m.end()).end() if _SPACE.match(draft.text, m.end()) else m.end()
    ):
        return None
    return re.sub(r"\s+", " ", m.group("unit"))


_ENUMERATED = re.compile(rf",[ \t]+(?P<item>{UP}\w*(?:[ \t]+\w+){{0,2}}?)[ \t]+và[ \t]+{UP}")


def _enumerated_name(draft: Draft, pos: int, limit: int) -> bool:
    """ ", Thể thao và Du lịch" at ``pos``: one more field, then "và" and the last one, where
    the field is no body, title or person (", Bộ Y tế" is a parent; ", Phó Giám đốc" a title)."""
    m = _ENUMERATED.match(draft.text, pos, limit)
    if m is None:
        return False
    at = m.start("item")
    pat = patterns()
    if grammar().head.match(draft.text, at) or pat.role.match(draft.text, at) or pat.person_name.match(draft.text, at):
        return False
    return match_body(draft, at) is None and pat.place.match(draft.text, at) is None


_PLACE_PHRASE_BEFORE = re.compile(r"(?:^|[\s,])(?:tại|ở)(?:\s+\S+){0,3}\s+$", re.IGNORECASE)


def _subject_after_place(draft: Draft, pos: int, parent_end: int) -> bool:
    """ "tại <body>, <body> <verb>": the comma closes the place phrase and the body after it
    is the sentence's subject, not the first body's parent."""
    s_start, _ = draft.sentence_of(pos)
    if not _PLACE_PHRASE_BEFORE.search(draft.text, max(s_start, pos - 40), pos):
        return False
    space = _SPACE.match(draft.text, parent_end)
    return bool(space) and grammar().stop.match(draft.text, space.end()) is not None


def _expand_inside(name: str) -> str:
    """Abbreviations after the head spelled out ("Tổng cục Chính trị QĐND" -> "... Quân đội
    nhân dân"); a unit word is lower-case inside a name, and a place's own name is left as
    written ("Trường Cao đẳng Y tế TP Hồ Chí Minh")."""
    g, gr = load(), grammar()
    words = name.split()
    out = words[:1]
    for i, word in enumerate(words[1:], start=1):
        long = g.abbreviations.get(word)
        if long is None or any(g.province(" ".join(words[i:j])) for j in range(i + 2, min(len(words), i + 5) + 1)):
            out.append(word)
        else:
            out.append(long.lower() if gr.place_unit.fullmatch(long) else long)
    return " ".join(out)


def _and_continues(draft: Draft, pos: int, head: Head) -> bool:
    """ "Ban Tuyên giáo và Dân vận": "và" inside a name, unless a new body or person follows."""
    gr, pat = grammar(), patterns()
    text = draft.text
    space = _SPACE.match(text, pos)
    if not space:
        return False
    q = space.end()
    if gr.head.match(text, q) or gr.stop.match(text, q) or pat.person_name.match(text, q):
        return False
    local = pat.local_body.match(text, q)
    if local and (local.group("organ") or local.group("committee0")):
        return False  # "Ban Thường vụ và Thường trực Huyện ủy": two organs
    word = _WORD.match(text, q)
    return bool(word) and not word.group()[0].isdigit()


def _is_place(name: str) -> bool:
    g = load()
    key = fold(name)
    return bool(g.province(name) or g.districts.get(key) or g.countries.get(key))


def find_unknown_bodies(draft: Draft) -> None:
    """Bodies named by the grammar where no gazetteer rule found one."""
    gr, pat = grammar(), patterns()
    text = draft.text
    covered = _Spans([(m.start, m.end) for b in draft.bodies.values() for m in b.mentions])
    roles = _Spans([(m.start() + 1, m.end()) for m in draft.scan(pat.role, pat.firsts["role"])])
    done = -1
    for m in draft.scan(gr.head, gr.firsts):
        start = m.start()
        # inside a body already read, or a role ("Trung ương Đảng" in "Bí thư Trung ương Đảng")
        if start < done or covered.holds(start) or roles.holds(start):
            continue
        if _CAPITALISED_BEFORE.search(text, max(0, start - 12), start):
            continue  # "Huyện ủy Xuân Trường": the head word ends another name
        found = read_body(draft, start)
        if found:
            done = found.end
            if found.bodies and found.bodies[0].level == "commune":
                _listed_before(draft, start, found.bodies[0])


_AGENCY_PARTY_KINDS = ("dang_bo",)
_LIST_GAP = re.compile(r"\s*(?:,|\bvà\b)\s*$")


def _listed_before(draft: Draft, start: int, last: Body) -> None:
    """ "Đảng ủy, HĐND, UBND, UBMTTQ Việt Nam phường Phổ Thạnh": the bare heads listed before a
    commune's body are that commune's bodies too."""
    gr = grammar()
    unit = re.search(rf"\s(?i:{gr.commune_unit_word.pattern})\s", last.name)
    if unit is None:
        return
    at = unit.start() + 1
    commune = last.name[at:]  # "phường Phổ Thạnh", as the body's name writes it
    s_start, _ = draft.sentence_of(start)
    pos = start
    while True:
        gap = _LIST_GAP.search(draft.text, s_start, pos)
        if gap is None:
            return
        base = max(s_start, gap.start() - 30)
        heads = (
            gr.head.fullmatch(draft.text, base + w.start(), gap.start())
            for w in _WORD.finditer(draft.text[base : gap.start()])
        )
        head = next((h for h in heads if h), None)
        if head is None or _CAPITALISED_BEFORE.search(draft.text, max(0, head.start() - 12), head.start()):
            return  # the list has ended: "lãnh đạo" is no body; "Ban Tuyên giáo Tỉnh ủy" is a whole name
        info = gr.heads[fold(head.group())]
        name = f"{_spell(head.group(), info.head)} {commune}"
        parent = _province_committee(draft, start) if info.sector == "party" else None
        kind = _kind(name) or info.kind
        draft.add_body(name, kind, "commune", parent=parent, resolved=last.resolved, span=(head.start(), head.end()))
        pos = head.start()


class _Spans:
    """Spans of the text; ``holds(pos)``: some span has ``start <= pos < end`` (bisect, not a scan)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans.sort()
        self.starts = [a for a, _ in spans]
        self.reach: list[int] = []  # the furthest end among the spans up to each one
        furthest = -1
        for _, end in spans:
            furthest = max(furthest, end)
            self.reach.append(furthest)

    def holds(self, pos: int) -> bool:
        index = bisect.bisect_right(self.starts, pos) - 1
        return index >= 0 and self.reach[index] > pos
