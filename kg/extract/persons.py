"""Persons and their positions: titles before and after names, appointments, bylines, title references."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from kg.extract.bodies import (
    ROLE_ENDS,
    BodyMatch,
    bridge_province,
    committee_of,
    headless_organ,
    match_body,
    organ_body,
    sub_unit,
)
from kg.extract.draft import Draft
from kg.extract.grammar import read_body
from kg.extract.patterns import patterns
from kg.facts import Body, PartialDate, Person, Position
from kg.gazetteer import Role, load
from kg.ingest.cleanup import BYLINE_AUTHORS
from kg.text import fold


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
    written, end = m.group(), m.end()
    spelled = _spelled_out_committee(written, role.implied_body)
    if spelled:
        # "Ủy viên Ban Thường vụ Tỉnh ủy Nghệ An" written in full: the organ and its committee
        # (and place) are read from the text, as after "Ủy viên Ban Thường vụ"
        role, written = spelled
        end = m.start() + len(written)
    body: BodyMatch | None = None
    label = g.role_in_body(role.label)  # "Ủy viên Bộ Chính trị" is the role "Ủy viên" in Bộ Chính trị
    organ_at = None if role.implied_body else _member_of_organ(written)
    if organ_at is not None:
        label = g.role_by_fold[fold(written[:organ_at].strip())].label
        body = match_body(draft, m.start() + organ_at)
    organ_read = body is not None
    after = re.compile(r"\s+").match(draft.text, end)
    if body is None and role.body_starts_with and fold(written).endswith(fold(role.body_starts_with)):
        shared = end - len(role.body_starts_with)  # "Trưởng Ban Tuyên giáo": "Ban" begins the body
        body = match_body(draft, shared, capital=False) or read_body(draft, shared, capital=False)
        body = body or sub_unit(draft, shared)
    if body is None and after:
        body = match_body(draft, after.end())
    if body is None and after and not role.implied_body:
        body = read_body(draft, after.end())  # a body no gazetteer lists: "Cục An ninh nội địa (Bộ Công an)"
    if body is None and after:
        body = sub_unit(draft, after.end())
    if body is None and after and "ban" in fold(label).split():
        body = headless_organ(draft, after.end())
    if body and body.organ_only is None and not body.bodies:
        body = None
    if body and body.bodies and not organ_read and not role.implied_body:
        organ = _organ_in_label(role.label)
        if organ is not None:
            # "Ủy viên Thường vụ Quân ủy Trung ương": "Ủy viên" in that body's Ban Thường vụ
            role_label, organ_kind = organ
            owners = [b for b in body.bodies if _may_hold(b, organ_kind)]
            if owners:
                label = role_label
                body = replace(body, bodies=[organ_body(draft, organ_kind, b) for b in owners])
    foreign = False
    country = pat.country.match(draft.text, after.end()) if body is None and after else None
    if country and fold(country.group()) not in ("việt nam", "nước việt nam"):
        foreign, end = True, country.end()
    if body:
        end = max(end, body.end)
    return Title(label, m.start(), end, body, role.implied_body, foreign)


def _spelled_out_committee(written: str, implied: str) -> tuple[Role, str] | None:
    """(the plain role, its words) when a title implying a committee kind is written with the
    committee's head ("Ủy viên Ban Thường vụ Tỉnh ủy"): the committee is then in the text."""
    g = load()
    kind = g.body_kinds.get(implied)
    if kind is None:
        return None
    words = list(re.finditer(r"\S+", written))
    cut = len(words) - len(kind.head.split())
    if cut <= 0 or fold(written[words[cut].start() :]) != fold(kind.head):
        return None
    shorter = written[: words[cut - 1].end()]
    base = g.role_by_fold.get(fold(shorter))
    return (base, shorter) if base and not base.implied_body else None


def _organ_of_member_title(label: str, committee_kind: str) -> tuple[str, str] | None:
    """("Ủy viên", "ban_thuong_vu") for a member title that names an organ of the committee it
    implies ("Ủy viên Ban Thường vụ Tỉnh ủy", written "TVTU"), else None."""
    head = load().body_kinds[committee_kind].head
    if not fold(label).endswith(" " + fold(head)):
        return None
    return _organ_in_label(label[: len(label) - len(head)].strip())


def _organ_in_label(label: str) -> tuple[str, str] | None:
    """("Ủy viên", "ban_thuong_vu") for "Ủy viên Ban Thường vụ": a member role, then an organ."""
    g = load()
    at = _member_of_organ(label)
    if at is None:
        return None
    return g.role_by_fold[fold(label[:at].strip())].label, g.body_kind_by_fold[fold(label[at:])]


def _may_hold(body: Body, organ_kind: str) -> bool:
    """A committee of a kind the organ is part of, or a central party body ("Quân ủy Trung ương")."""
    g = load()
    kind = g.body_kinds.get(organ_kind)
    named = g.bodies.get(body.name)
    central_party = bool(named and named.sector == "party" and named.level == "central")
    return bool(kind and body.kind in kind.part_of) or central_party


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
            # "và đồng chí B, title": the titles after B are B's, not the first person's
            names_someone = patterns().person_name.search(draft.text, cursor, unknown.end() if unknown else cursor)
            if unknown and len(unknown.group().split()) <= 6 and not names_someone:
                title = match_title(draft, unknown.end())
        if title is None:
            break
        titles.append(title)
        sep = _TITLE_SEP.match(draft.text, title.end)
        if not sep and title.body is None:
            # the rest of this title is unreadable ("Trưởng Ban Chỉ đạo ... tỉnh,"): go on after it
            rest = _UNKNOWN_TITLE.match(draft.text, title.end)
            names_someone = rest is not None and patterns().person_name.search(draft.text, title.end, rest.end())
            if rest and not names_someone and not title.implied_body and len(rest.group().split()) <= 8 \
                    and match_title(draft, rest.end()):
                titles.pop()
                cursor = rest.end()
                continue
        if not sep:
            break
        cursor = sep.end()
    return titles


_APPOSITION = re.compile(r"\s*(?:,|-|–|\()\s*")


@cache
def _name_stop_words() -> frozenset[str]:
    """First words of titles and bodies: a capitalised sequence starting with one is not a name."""
    g = load()
    words = {label.split()[0] for role in g.roles for label in (role.label, *role.variants)}
    words |= {kind.head.split()[0] for kind in g.body_kinds.values()}
    words |= {body.name.split()[0] for body in g.bodies.values()}
    return frozenset(words | {"Đảng", "Nhà", "Tỉnh", "Huyện", "Thành", "Ảnh", "Trong", "Tại", "Theo"})


def _trim_name(text: str, start: int, end: int) -> tuple[int, int]:
    """Cut a name before a capitalised word that begins a title or body ("Thủy Phó Trưởng Ban ...")."""
    pat = patterns()
    words = list(re.finditer(r"\S+", text[start:end]))
    for i, w in enumerate(words[2:], start=2):
        at = start + w.start()
        if pat.role.match(text, at) or pat.central_body.match(text, at):
            return start, start + words[i - 1].end()
    return start, end


# "nguyên" (former) before a title: the person held it once, not on the article's date
_FORMER_BEFORE = re.compile(r"(?<![\w])nguyên\s+$", re.IGNORECASE)


_EVENT_BEFORE = re.compile(r"(?:Đại\s+hội|Hội\s+nghị)\s+$", re.IGNORECASE)


def find_persons(draft: Draft) -> None:
    """Persons with their titles: "đồng chí X, title, title", "Title X", bylines."""
    pat = patterns()
    text = draft.text
    accepted: list[tuple[int, int]] = []
    former: set[tuple[int, int]] = set()  # names after "nguyên <titles>"
    # 1. title chains followed by a name: "Tổng Bí thư Nguyễn Phú Trọng"
    for m in draft.scan(pat.role, pat.firsts["role"]):
        if not text[m.start()].isupper() and not text[max(0, m.start() - 9) : m.start()].lower().endswith("đồng chí "):
            continue
        if _EVENT_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue  # "Đại hội Đại biểu Đảng bộ ...": the congress's name, not a delegate's title
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
            if (start, end) in former or _FORMER_BEFORE.search(text, max(0, m.start() - 8), m.start()):
                former.add((start, end))  # "nguyên Ủy viên ..., Chủ tịch ... X": posts X no longer holds
                continue
            _positions(draft, person, titles, m.start())
            # "Tổng Bí thư, Chủ tịch nước Tô Lâm, Bí thư Quân ủy Trung ương": a title after the name
            # too, unless it is the next person's ("Tổng Bí thư Tô Lâm, Thủ tướng Phạm Minh Chính")
            sep = _APPOSITION.match(text, end)
            more = title_chain(draft, sep.end()) if sep else []
            gap = re.compile(r"\s+").match(text, more[-1].end) if more else None
            if more and not (gap and (pat.person_name.match(text, gap.end()) or _foreign_name(draft, gap.end()))):
                _positions(draft, person, more, start)
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
        if not honorific and _inside_body_name(draft, start):
            continue  # "Đảng ủy xã Lộc Xuân, Chủ tịch ...": the commune's name, not a person
        person = draft.add_person(text[start:end], start, end)
        accepted.append((start, end))
        if titles:
            _positions(draft, person, titles, start)


def _inside_body_name(draft: Draft, start: int) -> bool:
    return any(m.start < start < m.end for b in draft.bodies.values() for m in b.mentions)


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
            host = _host_in_chain(title.body.organ_only, titles)
            committee = host or context_committee or _context_committee(draft, anchor)
            if committee:
                bodies = [organ_body(draft, title.body.organ_only, committee)]
        elif title.implied_body in load().body_kinds:
            committee = _committee_at_level(draft, context_committee, title.implied_body) or _context_committee(
                draft, anchor
            )
            if committee:
                bodies = [committee]
                # "Tỉnh ủy viên", "TUV": the role is "Ủy viên", the body the committee
                member = load().role_by_fold.get(fold("Ủy viên"))
                role = member.label if member else role
                organ = _organ_of_member_title(title.role, title.implied_body)
                if organ:
                    # "TVTU" (roles.csv): a member of the implied committee's Ban Thường vụ
                    role, bodies = organ[0], [organ_body(draft, organ[1], committee)]
        elif title.implied_body:
            named = load().bodies.get(title.implied_body)
            if named:
                bodies = [draft.add_body(named.name, named.kind, named.level or "central")]
        elif "ban" in fold(role).split() and ROLE_ENDS.match(draft.text, title.end):
            nearby = _nearby_body(draft, anchor, role)
            if nearby:
                bodies = [nearby]
        elif _party_secretary(role) and ROLE_ENDS.match(draft.text, title.end):
            # "Phó Bí thư, Chủ tịch UBND xã X": the party committee of the commune the next title names
            committee = _commune_committee(draft, titles)
            if committee:
                bodies = [committee]
        # a role whose body cannot be known is not a position (ANNOTATION: a role in a specific body)
        for body in bodies[:1]:
            found.append(draft.add_position(person, role, body, (title.start, title.end)))
    return found


def _party_secretary(label: str) -> bool:
    """A party committee's (deputy) secretary standing bare: "Bí thư", "Phó Bí thư Thường trực"."""
    role = load().role_by_fold.get(fold(label))
    return bool(role) and not role.implied_body and role.kind in _SECRETARY_ROLE_KINDS and "bí thư" in fold(label)


_SECRETARY_ROLE_KINDS = ("secretary", "deputy", "standing_deputy")


def _commune_committee(draft: Draft, titles: list[Title]) -> Body | None:
    """The Đảng ủy of the commune or ward whose People's Committee or Council another title of
    the chain names, when the article names that Đảng ủy."""
    for t in titles:
        for b in t.body.bodies if t.body else []:
            if b.level != "commune" or b.kind not in ("ubnd", "hdnd"):
                continue
            place = _commune_of(b.name)
            for c in draft.bodies.values():
                if c.kind == "dang_uy" and c.level == "commune" and fold(c.name) == f"đảng ủy {place}":
                    return c
    return None


def _commune_of(name: str) -> str:
    """ "xã sơn tây hạ" from "Ủy ban nhân dân xã Sơn Tây Hạ" (folded)."""
    key = fold(name)
    for unit in (" xã ", " phường ", " thị trấn ", " đặc khu "):
        at = key.find(unit)
        if at >= 0:
            return key[at + 1 :]
    return key


def _host_in_chain(organ_kind: str, titles: list[Title]) -> Body | None:
    """The body a party group belongs to, named by the person's other title: "Bí thư Ban cán sự
    đảng, Bộ trưởng Bộ Tư pháp" is the Ban cán sự đảng of the Bộ Tư pháp. Only for organs that
    are part of no committee (a bare "Ban Thường vụ" is the committee's, read elsewhere)."""
    g = load()
    kind = g.body_kinds.get(organ_kind)
    if kind is None or any(g.body_kinds.get(k) and g.body_kinds[k].tier == "committee" for k in kind.part_of):
        return None
    for t in titles:
        for b in t.body.bodies if t.body else []:
            if b.kind in kind.part_of:
                return b
    return None


_PROVINCE_COMMITTEES = ("tinh_uy", "thanh_uy")


def _committee_at_level(draft: Draft, committee: Body | None, kind: str) -> Body | None:
    """The committee of a member title's level: "TUV, Bí thư Quận ủy" is a member of the
    province's committee, not of the Quận ủy named beside it."""
    while committee is not None:
        if committee.kind == kind or (kind in _PROVINCE_COMMITTEES and committee.kind in _PROVINCE_COMMITTEES):
            return committee
        committee = draft.body_by_id(committee.parent)
    return None


def _context_committee(draft: Draft, offset: int) -> Body | None:
    g = load()
    province = bridge_province(draft, offset) or draft.province
    if not province:
        # an article about one commune or ward: its party committee ("Ủy viên Ban Thường vụ")
        communes = {b.id: b for b in draft.bodies.values() if b.kind == "dang_uy" and b.level == "commune"}
        return next(iter(communes.values())) if len(communes) == 1 else None
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
# "B giữ chức vụ Phó Bí thư ...": a post stated on its own, held (not an appointment unless one is said)
_HOLDS_POST = re.compile(r"(?<![\w])(?<!thôi\s)giữ\s+chức(?![\w])", re.IGNORECASE)


_TAKES_POST = re.compile(
    r"(?<![\w])(?<!thôi\s)(?:giữ\s+chức(?:\s+vụ)?|làm|đảm\s+nhiệm(?:\s+chức\s+vụ)?|giữ)\s+", re.IGNORECASE
)


_FROM_DATE = re.compile(r"kể\s+từ\s+ngày\s+(\d{1,2})\s*[/-]\s*(\d{1,2})\s*[/-]\s*(\d{4})", re.IGNORECASE)


def find_appointments(draft: Draft) -> None:
    """ "bổ nhiệm đồng chí X ... giữ chức Trưởng Ban ...": a position that starts, on a date when stated."""
    text = draft.text
    previous: tuple[int, int] | None = None
    for s_start, s_end in draft.sentences:
        before, previous = previous, (s_start, s_end)
        appointed = _APPOINTMENT.search(text, s_start, s_end) is not None
        if not appointed and not _HOLDS_POST.search(text, s_start, s_end):
            continue
        for take in _TAKES_POST.finditer(text, s_start, s_end):
            if text[max(0, take.start() - 5) : take.start()].lower().endswith("thôi "):
                continue
            titles = title_chain(draft, take.end())
            if not titles:
                continue
            persons = persons_in(draft, s_start, take.start())
            if not persons and appointed and before and not persons_in(draft, s_start, s_end):
                # "Đồng thời được ... bổ nhiệm giữ chức ...": the subject is the one person
                # the sentence before names
                named = {p.id: p for p in persons_in(draft, *before)}
                persons = list(named.values()) if len(named) == 1 else []
            if not persons:
                continue
            person = persons[-1]
            start = _FROM_DATE.search(text, s_start, min(len(text), s_end + 200))
            for position in _positions(draft, person, titles, take.start()):
                if not appointed:
                    continue
                position.kind = "appointed"
                if start:
                    position.date = PartialDate(int(start.group(3)), int(start.group(2)), int(start.group(1)))


def find_byline(draft: Draft) -> None:
    byline = draft.article.byline
    if byline is None:
        return
    written = re.sub(r"\s*\([^)]*\)\s*$", "", byline.text).rstrip()
    offset = 0
    for part in BYLINE_AUTHORS.split(written):  # "Minh Anh - Thu Hà": each is an author
        offset = written.index(part, offset)
        name = part.strip()
        if not name or len(name.split()) > 5:
            continue
        if name.isupper():
            name = " ".join(w.capitalize() for w in name.split())
        start = byline.start + offset + (len(part) - len(part.lstrip()))
        person = draft.add_person(name, start, start + len(name))
        person.is_author = True
        draft.author = draft.author or person.id  # the first named is the article's author
        offset += len(part)


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


def persons_in(draft: Draft, start: int, end: int) -> list[Person]:
    found = [(m.start, p) for p in draft.persons.values() for m in p.mentions if start <= m.start < end]
    found.sort(key=lambda item: item[0])
    out: list[Person] = []
    for _, person in found:
        if person not in out:
            out.append(person)
    return out
