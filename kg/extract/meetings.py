"""Meetings and events: kind, name, dates, place, organisers, chair, attendees, documents discussed."""

from __future__ import annotations

import re
from functools import cache

from kg.extract.bodies import capitalise, match_body, pick_district
from kg.extract.context import BRIDGE, districts_named
from kg.extract.documents import plenum_name
from kg.extract.draft import Draft
from kg.extract.patterns import CAP, ROMAN, patterns, roman
from kg.extract.persons import persons_in
from kg.extract.years import event_year
from kg.facts import Body, Meeting, PartialDate
from kg.gazetteer import load, read_lines
from kg.text import canonical, fold

_HAPPENED = re.compile(
    r"\s*(?:đã\s+)?(?:diễn\s+ra|được\s+tổ\s+chức|khai\s+mạc|bế\s+mạc|tiến\s+hành)(?![\w])", re.IGNORECASE
)


# "Tiếp tục chương trình Hội nghị cán bộ toàn quốc ...": a meeting already under way
_CONTINUES = re.compile(r"(?<![\w])tiếp\s+tục\s+(?:chương\s+trình|phiên\s+họp|làm\s+việc)?\s*$", re.IGNORECASE)


_IN_VENUE = re.compile(r"(?<![\w])(?:trung\s+tâm|cung|nhà)\s*$", re.IGNORECASE)


_SAME_DAY = re.compile(r"^\W*(?:cùng\s+ngày|cũng\s+trong\s+ngày)", re.IGNORECASE)


_ORGANISE = re.compile(r"(?:đã\s+)?(?:tổ\s+chức|phối\s+hợp\s+tổ\s+chức|khai\s+mạc)\s*$", re.IGNORECASE)


_CHAIR = re.compile(r"(?<![\w])chủ\s+trì(?![\w])", re.IGNORECASE)


# the head of a visiting delegation, not of a parliamentary delegation ("Trưởng Đoàn ĐBQH tỉnh")
_LEAD = re.compile(
    r"(?<![\w])(?:làm\s+trưởng\s+đoàn|trưởng\s+đoàn)(?![\w])(?!\s+(?:đại\s+biểu|ĐBQH|ĐB\b))", re.IGNORECASE
)


# "tham gia" is left out: it is used of prizes and campaigns far more than of meetings
# not "Ủy viên dự khuyết" (an alternate member), nor "dự kiến" / "dự thảo" (the word boundary)
_ATTEND = re.compile(r"(?<![\w])(?:có\s+sự\s+tham\s+dự\s+của|tham\s+dự|dự(?!\s+khuyết))(?![\w])", re.IGNORECASE)


_WORK_WITH = re.compile(r"(?<![\w])làm\s+việc\s+(?:với|tại)\s+", re.IGNORECASE)


_DELEGATION = re.compile(r"(?<![\w])đoàn\s+công\s+tác\s+(?:của\s+)?", re.IGNORECASE)


_VENUE = re.compile(r"(?<![\w])tại\s+(?!điểm\s+cầu)", re.IGNORECASE)


_NAME_END_WORDS = (
    r"do|tại|với\s+sự|nhằm|để|vào|từ\s+ngày|dưới\s+sự|theo|cho|thông\s+qua|bàn|về\s+việc|tiến\s+tới|hướng\s+tới"
    r"|được|đã|sẽ|diễn\s+ra|tiến\s+hành|khai\s+mạc|bế\s+mạc"
)


# a quoted subject ("về \"Xây dựng ...\"") is the subject of a document in the name, not the name
# a dot inside an abbreviation ("T.Ư", "TP.HCM") does not end a name
_NAME_END = re.compile(rf"[;,:!?\n]|\.(?!\w)|\s(?:{_NAME_END_WORDS})\s|\svề\s+\"", re.IGNORECASE)


@cache
def _name_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(continue, stop): the activities that carry a name on after a comma or "và", and those after
    "và" that begin a second act (``data/gazetteers/meeting_name_words.txt``)."""
    words: dict[str, list[str]] = {"continue": [], "stop": [], "act": []}
    for line in read_lines("meeting_name_words.txt"):
        tag, _, word = line.partition(" ")
        if tag in words and word.strip():
            words[tag].append(re.escape(canonical(word.strip())).replace(r"\ ", r"\s+"))
    cont = "|".join(sorted(words["continue"], key=len, reverse=True)) or "(?!)"
    stop = "|".join(sorted(words["stop"], key=len, reverse=True)) or "(?!)"
    return (
        re.compile(rf"\s*(?:,|và)\s+(?:{cont})(?![\w])", re.IGNORECASE),
        re.compile(rf"\s+và\s+(?:{stop})(?![\w])", re.IGNORECASE),
    )


@cache
def _acts() -> frozenset[str]:
    """Meeting kinds that name a meeting only right after "tổ chức" (``act`` in meeting_name_words.txt)."""
    return frozenset(
        fold(canonical(line.partition(" ")[2].strip()))
        for line in read_lines("meeting_name_words.txt")
        if line.startswith("act ")
    )


# "dự và phát biểu chỉ đạo tại Hội nghị ...": a meeting someone attended
_AT_EVENT = re.compile(
    r"(?<![\w])(?:dự|tham\s+dự|phát\s+biểu|chỉ\s+đạo|chủ\s+trì)(?![\w])[^.;:]{0,30}?\s+tại\s*$", re.IGNORECASE
)


def _name_stop(text: str, start: int, s_end: int) -> int:
    """Where a meeting's name ends: the end of its noun phrase, past a list of activities
    ("Hội nghị quán triệt, tuyên truyền, triển khai thực hiện Nghị quyết 45 ...")."""
    cont, stop = _name_words()
    cursor = start
    while True:
        end = _NAME_END.search(text, cursor, s_end)
        second = stop.search(text, cursor, end.start() if end else s_end)
        if second:
            return second.start()
        if end is None:
            return s_end
        if end.group() == "," and cont.match(text, end.start()):
            cursor = end.end()
            continue
        return end.start()


_BACK_REFERENCE = re.compile(
    r"^(?:hội\s+nghị|cuộc\s+giao\s+ban|tọa\s+đàm|buổi\s+làm\s+việc|hội\s+thảo)\s*[.,;]?$", re.IGNORECASE
)


Dated = tuple[PartialDate, PartialDate | None, str | None]  # start, end, where the year was read


def _date_at(draft: Draft, m: re.Match[str], name: tuple[int, int] | None) -> Dated:
    d1, m1 = int(m.group("d1")), int(m.group("m1"))
    stated = int(m.group("y1")) if m.group("y1") else None
    if not stated and m.group("d2") and m.group("y2"):
        # "Từ ngày 22/11 đến 24/11/2020": the start is in the end's year (or the one before)
        y2 = int(m.group("y2"))
        stated = y2 if m1 <= int(m.group("m2")) else y2 - 1
    headline = draft.article.headline
    read = event_year(
        draft.text,
        m1,
        d1,
        stated=stated,
        name=name,
        sentence=draft.sentence_of(m.start()),
        headline=headline.text if headline and _names_event(headline.text, name, draft.text) else None,
        published=draft.article.published,
        earlier=next((x.start.year for x in draft.meetings if x.start and x.start.year), None),
        term_start=_term_start(draft, name),
    )
    year = read.year
    start = PartialDate(year, m1, d1)
    end = None
    if m.group("d1b"):
        end = PartialDate(year, m1, int(m.group("d1b")))
    elif m.group("d2"):
        m2 = int(m.group("m2"))
        y2 = int(m.group("y2")) if m.group("y2") else (year + 1 if year and m2 < m1 else year)
        end = PartialDate(y2, m2, int(m.group("d2")))
    return start, end, read.source


# "Đại hội ... lần thứ I, nhiệm kỳ 2025 - 2030": the term a congress opens
_TERM = re.compile(r"\s*,?\s*\(?\s*nhiệm\s+kỳ\s+(?P<first>(?:19|20)\d{2})\s*[-–]\s*(?:19|20)\d{2}", re.IGNORECASE)


_TERM_TAIL = re.compile(r"\s*,?\s*\(?\s*nhiệm\s+kỳ\s.*$", re.IGNORECASE)


# a congress named with its term anywhere in the article: "Đại hội ... lần thứ 10, nhiệm kỳ 2025-2030"
_CONGRESS_WITH_TERM = re.compile(
    rf"[Đđ]ại\s+hội\s+(?:(?![Đđ]ại\s+hội)[^\s,.;:]+\s+){{0,12}}?lần\s+thứ\s+(?:{ROMAN}|\d+)(?=" + _TERM.pattern + ")"
)


def _term_start(draft: Draft, name: tuple[int, int] | None) -> int | None:
    """The first year of the term a congress's name gives, or that the article gives the same congress
    elsewhere ("Đại hội ... phường lần thứ 10, nhiệm kỳ 2025-2030" in the lead, "Đại hội ... phường Vạn
    Hương lần thứ 10" in the headline); None for any other meeting."""
    text = draft.text
    if name is None or not fold(text[name[0] : name[0] + 7]).startswith("đại hội"):
        return None
    inside = _TERM.search(text, *name)
    after = _TERM.match(text, name[1])
    found = inside or after
    if found:
        return int(found.group("first"))
    key = _congress_key(draft, canonical(text[name[0] : name[1]]))
    if key is None:
        return None
    for m in _CONGRESS_WITH_TERM.finditer(text):
        other = _congress_key(draft, canonical(m.group()))
        if other and other[0] == key[0] and other[2] == key[2] and (other[1] == key[1] or None in (other[1], key[1])):
            term = _TERM.match(text, m.end())
            return int(term.group("first")) if term else None
    return None


def _names_event(headline: str, name: tuple[int, int] | None, text: str) -> bool:
    """The headline names the event: it holds the meeting's kind word ("Hội nghị báo cáo viên ... tháng 12/2023")."""
    if name is None:
        return False
    trigger = patterns().meeting_trigger.match(text, name[0])
    kinds = load().meeting_kinds
    kind = next((k for k in kinds if trigger and k.trigger == fold(trigger.group())), None)
    if kind is not None and kind.cls == "WorkingSession":
        # "đoàn công tác ... có buổi làm việc" is headlined "X làm việc với Y": any words of the kind
        return any(k.trigger in fold(headline) for k in kinds if k.cls == kind.cls)
    words = text[name[0] : name[1]].split()[:2]
    return bool(words) and fold(" ".join(words)) in fold(headline)


def _bare_dot(m: re.Match[str]) -> bool:
    """ "2.5" or "3 tháng 10 ngày" with no time word before it is a number or a span, not a date
    ("sáng 17.10", "ngày 12 tháng 5 năm 2023" are dates)."""
    return bool(m.group("dot") or m.group("word")) and not m.group("lead").strip()


def _valid(d: PartialDate) -> bool:
    return bool(d.month and 1 <= d.month <= 12 and d.day and 1 <= d.day <= 31)


def _sentence_date(draft: Draft, s_start: int, limit: int, name: tuple[int, int]) -> Dated | None:
    pat = patterns()
    for m in pat.date.finditer(draft.text, s_start, limit):
        if any(a <= m.start() < b for a, b in draft.used_spans) or _bare_dot(m):
            continue
        if m.start() - s_start > 60 and not m.group("lead").strip():
            continue
        start, end, source = _date_at(draft, m, name)
        if _valid(start) and (end is None or _valid(end)):
            return start, end, source
    return None


_BY_DATE = re.compile(r"(?:vào|ngày|sáng|chiều|tối|trưa|(?:sáng|chiều|tối|trưa|hôm)\s+nay\s*,?)\s*$", re.IGNORECASE)


def _date_after(draft: Draft, start: int, s_end: int, name: tuple[int, int]) -> Dated | None:
    """ "... vừa tổ chức Hội nghị X vào chiều 22/3": the date after the meeting's name."""
    pat = patterns()
    for m in pat.date.finditer(draft.text, start, s_end):
        if any(a <= m.start() < b for a, b in draft.used_spans) or _bare_dot(m):
            continue
        if not (m.group("lead").strip() or _BY_DATE.search(draft.text[max(0, m.start() - 12) : m.start()])):
            continue
        begin, end, source = _date_at(draft, m, name)
        if _valid(begin) and (end is None or _valid(end)):
            return begin, end, source
    return None


_AT_BEFORE = re.compile(r"(?<![\w])(?:tại|Tại)\s+$")
_DAY_RIGHT_AFTER = re.compile(
    r"\s(?:vào\s+)?(?:ngày|sáng|chiều|tối)\s+\d{1,2}\s*[/.-]\s*\d{1,2}(?![\d])", re.IGNORECASE
)


def find_meetings(draft: Draft) -> None:
    g, pat = load(), patterns()
    text = draft.text
    kinds = {k.trigger: k for k in g.meeting_kinds}
    last: Meeting | None = None
    lead_date: Dated | None = None  # the date opening the sentence before, when it reported no meeting
    for s_start, s_end in draft.sentences:
        sentence = text[s_start:s_end]
        triggers = list(draft.scan(pat.meeting_trigger, pat.firsts["meeting_trigger"], s_start, s_end))
        previous_lead, lead_date = lead_date, None
        for trig in triggers:
            kind = kinds.get(fold(trig.group()))
            if kind is None:
                continue
            before = text[s_start : trig.start()]
            if _IN_VENUE.search(before[-16:]):
                continue  # "tại Trung tâm Hội nghị Quốc gia": a building, not a meeting
            if fold(trig.group()) in _acts() and not _ORGANISE.search(before[-24:]):
                continue  # "Đảng bộ phường tổng kết, đánh giá ...": a verb, not a meeting
            name_stop = _name_stop(text, trig.end(), s_end)
            name = text[trig.start() : name_stop].strip()
            is_work = kind.cls == "WorkingSession"
            near = min(s_end, name_stop + 60)
            happened = _HAPPENED.match(text, name_stop) or _HAPPENED.search(text, trig.end(), near)
            organised = (
                bool(_ORGANISE.search(before))
                or bool(_CHAIR.search(before))
                or is_work
                or bool(happened)
                or bool(_CONTINUES.search(before[-40:]))
                or bool(_AT_EVENT.search(before[-60:]))
                or bool(_CHAIRED_AFTER.match(text, name_stop, s_end))  # "hội nghị ... do X chủ trì"
                # "chỉ đạo ... tại hội nghị giao ban ngày 24/9": a meeting held on the day named
                or bool(_AT_BEFORE.search(before[-8:]) and _DAY_RIGHT_AFTER.search(text, trig.end(), name_stop + 24))
            )
            span = (trig.start(), name_stop)
            dated = _sentence_date(draft, s_start, trig.start(), span) or _date_after(draft, trig.end(), s_end, span)
            if dated is None and happened and previous_lead is not None:
                # "Sáng 25/2, X đã tổ chức quán triệt ... . Hội nghị toàn quốc được tổ chức tại ...":
                # the meeting the dated sentence before reported, named only now
                dated = previous_lead
            same_day = bool(_SAME_DAY.search(sentence)) and last is not None
            bare = fold(name) == fold(trig.group())
            if (
                bare
                and last is not None
                and fold(last.kind) == fold(kind.kind)
                and not _ORGANISE.search(before)  # "Cùng ngày, X tổ chức hội nghị để ...": another one
                and not _SAME_DAY.search(sentence)
                and (dated is None or kind.cls in _MULTI_DAY or _SESSION.search(sentence))
            ):
                # "đại hội diễn ra phiên chính thức": a later session of the meeting already reported
                if dated and last.start and _later_day(last, dated[0]):
                    last.end = dated[0]
                last.mentions.append(draft.mention(trig.start(), name_stop))
                _roles_in_sentence(draft, last, s_start, s_end)
                break
            if not organised or not (dated or same_day):
                if last is not None and _BACK_REFERENCE.match(text[trig.start() : s_end].strip()):
                    _roles_in_sentence(draft, last, s_start, s_end)
                continue
            if is_work:
                name = "Buổi làm việc" if kind.kind.startswith("Buổi") else name
            name = capitalise(canonical(name))
            twin = _same_meeting(draft, name, dated[0] if dated else None)
            if twin is not None:
                # the lead printed twice (a tag page, a summary above the article), or the closing
                # session of a congress reported under its full name: one meeting
                if dated and twin.start != dated[0]:
                    twin.end = dated[0]
                twin.mentions.append(draft.mention(trig.start(), name_stop))
                _roles_in_sentence(draft, twin, s_start, s_end)
                last = twin
                break
            meeting = draft.new_meeting(kind.kind, name, trig.start(), name_stop)
            if dated:
                meeting.start, meeting.end, meeting.year_from = dated
            elif same_day and last is not None:
                meeting.start, meeting.end, meeting.year_from = last.start, last.end, last.year_from
            _meeting_place(draft, meeting, s_start, s_end)
            _organisers(draft, meeting, s_start, trig.start(), before)
            if not meeting.organisers:
                _owner(draft, meeting, trig.end(), name_stop)
            _roles_in_sentence(draft, meeting, s_start, s_end)
            if is_work:
                _work_partners(draft, meeting, s_start, s_end)
                for person in persons_in(draft, s_start, trig.start()):  # "đồng chí X ... làm việc tại"
                    if person.id not in meeting.attendees and not person.is_author:
                        meeting.attendees.append(person.id)
            last = meeting
            if draft.event_date is None and meeting.start:
                draft.event_date = meeting.start
            break
        else:
            if last is not None and (_ATTEND.search(sentence) or _CHAIR.search(sentence)):
                _roles_in_sentence(draft, last, s_start, s_end)
            lead_date = _opening_date(draft, s_start, s_end)
    _named_events(draft)
    _years_of_preparations(draft)
    _discussed_documents(draft)


def _years_of_preparations(draft: Draft) -> None:
    """ "duyệt chương trình tổ chức Đại hội ... lần thứ 10" on 17/2, the congress itself on 24-25/2/2025:
    an event whose name names a congress the article dates, held in the weeks before it, is in its year."""
    for meeting in draft.meetings:
        start = meeting.start
        if start is None or start.year or not start.month or not start.day:
            continue
        at = fold(meeting.name).find("đại hội")
        key = _congress_key(draft, meeting.name[at:]) if at > 0 else None
        if key is None:
            continue
        for other in draft.meetings:
            o_start = other.start
            o_key = _congress_key(draft, other.name)
            if other is meeting or o_key is None or o_start is None or not o_start.year or not o_start.month:
                continue
            same = o_key[0] == key[0] and o_key[2] == key[2] and (o_key[1] == key[1] or None in (o_key[1], key[1]))
            days_before = (o_start.month - start.month) * 31 + (o_start.day or 1) - start.day
            if same and 0 <= days_before <= 62:
                meeting.start = PartialDate(o_start.year, start.month, start.day)
                if meeting.end and not meeting.end.year:
                    meeting.end = PartialDate(o_start.year, meeting.end.month, meeting.end.day)
                meeting.year_from = "name"
                break


def _later_day(meeting: Meeting, day: PartialDate) -> bool:
    """``day`` falls within a week after the meeting's start (a congress's sessions run a few days)."""
    start = meeting.start
    if start is None or start.month is None or start.day is None or day.month is None or day.day is None:
        return False
    if start.year and day.year and start.year != day.year:
        return False
    if day.month == start.month:
        return 0 < day.day - start.day <= 7
    return day.month == start.month % 12 + 1 and day.day <= 7 and start.day >= 24


def _same_meeting(draft: Draft, name: str, start: PartialDate | None) -> Meeting | None:
    """The meeting already read under the same full name, on the same day or (a later session of
    a congress or a session) within the week after."""
    if start is None:
        return None
    for meeting in draft.meetings:
        # a name that is only the kind word ("Buổi làm việc") does not tell two meetings apart
        if fold(meeting.name) != fold(name) or fold(name) == fold(meeting.kind):
            continue
        if meeting.start == start or (fold(meeting.kind) in _MULTI_DAY_KINDS and _later_day(meeting, start)):
            return meeting
    return None


# meetings that run over several days, whose sessions are reported one by one
_MULTI_DAY = frozenset({"Congress", "Session"})
_MULTI_DAY_KINDS = frozenset({"đại hội", "kỳ họp"})
_SESSION = re.compile(
    r"(?<![\w])phiên\s+(?:trù\s+bị|chính\s+thức|thứ\s+\w+|bế\s+mạc|khai\s+mạc|làm\s+việc)", re.IGNORECASE
)


def _opening_date(draft: Draft, s_start: int, s_end: int) -> Dated | None:
    """The date a sentence opens with ("Sáng 25/2, ..."), for the meeting the next sentence names."""
    m = patterns().date.search(draft.text, s_start, min(s_end, s_start + 20))
    if m is None or not m.group("lead").strip() or m.start() - s_start > 4 or _bare_dot(m):
        return None
    if not _ORGANISE_VERB.search(draft.text, m.end(), s_end):
        return None
    start, end, source = _date_at(draft, m, None)
    return (start, end, source) if _valid(start) and (end is None or _valid(end)) else None


_ORGANISE_VERB = re.compile(r"(?<![\w])tổ\s+chức(?![\w])", re.IGNORECASE)


def _meeting_place(draft: Draft, meeting: Meeting, s_start: int, s_end: int) -> None:
    g, pat = load(), patterns()
    text = draft.text
    for v in _VENUE.finditer(text, s_start, s_end):
        m = pat.place.match(text, v.end())
        if not m:
            venue = pat.venue.match(text, v.end())
            if venue:
                # a named venue; it lies in the article's province when that is known
                end = _venue_end(text, venue.end())
                name = canonical(text[venue.start() : end])
                meeting.place = draft.add_place(name, "venue", draft.province, venue.start(), end).id
                return
            body = match_body(draft, v.end())
            if body and body.bodies and body.bodies[0].place:
                # "tại Tỉnh ủy Đồng Nai": the seat of a body named with its place is the venue
                name = canonical(text[body.start : body.end])
                province = g.province(body.bodies[0].place or "") or draft.province
                meeting.place = draft.add_place(name, "venue", province, body.start, body.end).id
                return
            continue
        name = m.group("name")
        province = g.province(name)
        if province:
            meeting.place = draft.add_place(province, "province", province, m.start(), m.end()).id
            return
        units = districts_named(g, name)
        if units:
            after = text[m.end() : m.end() + 40]
            explicit = re.match(r"\s*\(\s*(?:tỉnh|thành\s+phố)\s+([^)]+)\)", after)
            chosen = units[0]
            if explicit:
                chosen = next((u for u in units if fold(u.province) == fold(explicit.group(1))), units[0])
            else:
                chosen = pick_district(draft, units)
            kind = "city" if chosen.unit == "thanh_pho" else "district"
            meeting.place = draft.add_place(chosen.name, kind, chosen.province, m.start(), m.end()).id
            return


_NEXT_WORD = re.compile(r"\s+(\w+)")


def _venue_end(text: str, end: int) -> int:
    """A venue's name runs on through a capitalised compound whose second syllable is written in
    lower case ("Trụ sở Trung ương Đảng", "Trung tâm Hội nghị Quốc gia"): a lower-case word right
    after a capitalised one, followed by a capitalised word or the end of the name."""
    while True:
        low = _NEXT_WORD.match(text, end)
        if not low or not low.group(1)[0].islower() or not text[end - 1].isalpha():
            return end
        previous = text[text.rfind(" ", 0, end) + 1 : end]
        if not previous[:1].isupper():
            return end
        nxt = _NEXT_WORD.match(text, low.end())
        if nxt and nxt.group(1)[0].isupper():
            end = nxt.end()
            while (more := _NEXT_WORD.match(text, end)) and more.group(1)[0].isupper():
                end = more.end()
            continue
        if re.match(r"\s*(?:[,;.(]|$)", text[low.end() : low.end() + 3]):
            return low.end()
        return end


def _organisers(draft: Draft, meeting: Meeting, s_start: int, limit: int, before: str) -> None:
    text = draft.text
    delegation = _DELEGATION.search(text, s_start, draft.sentence_of(s_start)[1])
    works_with = _WORK_WITH.search(text, s_start, draft.sentence_of(s_start)[1])
    if works_with and not delegation and not _ORGANISE.search(before):
        # "Thường trực Tỉnh ủy làm việc với Ban ...": the host is named before the verb
        lead = patterns().date.search(text, s_start, works_with.start())
        venues = _venue_spans(draft, meeting)
        for body in _bodies_in(draft, lead.end() if lead else s_start, works_with.start(), in_titles=False):
            if any(a <= m.start < b for m in body.mentions for a, b in venues):
                continue  # "tại Trụ sở Trung ương Đảng": a building's name, not the host
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
    hosts = _bodies_in(draft, region_start, limit, in_titles=False)
    # "Ban Chấp hành Đảng bộ tỉnh X tổ chức": the phrase names the BCH, not the Tỉnh ủy inferred from it
    named = {(m.start, m.end) for b in hosts for m in b.mentions if m.names}
    for body in hosts:
        inferred = [m for m in body.mentions if region_start <= m.start < limit]
        if inferred and all(not m.names and (m.start, m.end) in named for m in inferred):
            continue
        if _named_as_object(draft, body, region_start, limit) or any(
            a <= m.start < b for m in body.mentions for a, b in _venue_spans(draft, meeting)
        ):
            continue  # "tại Trung tâm Văn hóa tỉnh, ...": the venue, not the host
        mention = next((m for m in body.mentions if region_start <= m.start < limit), None)
        if mention and _AT_BODY.search(text, max(0, mention.start - 8), mention.start):
            continue  # "tại Tỉnh ủy Đồng Nai, Cụm ... tổ chức": where it was held, not who held it
        if mention and _DIRECTED_BY.search(text, max(0, mention.start - 30), mention.start):
            continue  # "thực hiện chỉ đạo của Quận ủy X, Ban ... tổ chức": the body that directed it
        if body.id not in meeting.organisers:
            meeting.organisers.append(body.id)
        if delegation:
            break


_AT_BODY = re.compile(r"(?<![\w])tại\s+$", re.IGNORECASE)


_DIRECTED_BY = re.compile(r"(?<![\w])(?:chỉ\s+đạo|hướng\s+dẫn|kế\s+hoạch|ủy\s+quyền)\s+của\s*$", re.IGNORECASE)


_OF = re.compile(r"\s+của\s+")


def _owner(draft: Draft, meeting: Meeting, trigger_end: int, name_stop: int) -> None:
    """ "cuộc họp của Ban Thường vụ Đảng ủy Quốc hội": the body whose meeting it is holds it."""
    of = _OF.match(draft.text, trigger_end)
    if of is None or of.end() >= name_stop:
        return
    # the body read there (by the gazetteer rules or the body grammar), the longest name first
    # (of a committee and its organ named by the same words, the organ)
    found = [
        ((m.end, b.parent is not None), b)
        for b in draft.bodies.values()
        for m in b.mentions
        if m.start == of.end() and m.end <= name_stop
    ]
    if found:
        meeting.organisers.append(max(found, key=lambda item: item[0])[1].id)


# "kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam": the body is what is celebrated
_FOUNDED_BEFORE = re.compile(r"thành\s+lập\s+$", re.IGNORECASE)
_OF_BEFORE = re.compile(r"(?<![\w])của\s+$")


def _named_as_object(draft: Draft, body: Body, start: int, end: int) -> bool:
    """Named in the organiser's clause only as what is celebrated, or as the issuer of a cited
    document ("Hướng dẫn số 13-HD/... của Ban Tuyên giáo ..."): not the host."""
    text = draft.text
    cited = [dm.start for d in draft.documents.values() if d.issuer == body.id for dm in d.mentions]
    inside = [m for m in body.mentions if start <= m.start < end]
    for m in inside:
        before = text[max(0, m.start - 14) : m.start]
        if _FOUNDED_BEFORE.search(before):
            continue
        if _OF_BEFORE.search(before) and any(0 < m.start - c <= 90 for c in cited):
            continue  # "Hướng dẫn số 13-HD/... ngày 06/8/2025 của Ban ...": the document's issuer
        return False
    return bool(inside)


def _venue_spans(draft: Draft, meeting: Meeting) -> list[tuple[int, int]]:
    place = next((p for p in draft.places.values() if p.id == meeting.place and p.kind == "venue"), None)
    return [(m.start, m.end) for m in place.mentions] if place else []


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


# "do đồng chí A ... và đồng chí B ... đồng chủ trì": several chairs
_CO_CHAIRS = re.compile(r"(?<![\w])(?:và\s+(?:đồng\s+chí|ông|bà)|đồng\s+chủ\s+trì)(?![\w])", re.IGNORECASE)


_CHAIRED_AFTER = re.compile(r"\s+do\s+[^.;]{0,200}?(?<![\w])(?:đồng\s+)?chủ\s+trì(?![\w])", re.IGNORECASE)


_SEVERAL = re.compile(r"\s*(?:các|những)\s+đồng\s+chí", re.IGNORECASE)


# "Chủ trì hội nghị có đồng chí X", "Tham dự và chủ trì Hội nghị, có đồng chí X - ..."
_CHAIRED_BY = re.compile(r"[^,.;]{0,40}?(?:\s|,\s*)(?:có|là)\s", re.IGNORECASE)


# "đồng chí A - ...; đồng chí B - ...": one person per item of a list, each with an honorific
_HONORIFIC_ITEMS = re.compile(r";\s*(?:đồng\s+chí|ông|bà)\s", re.IGNORECASE)


def _roles_in_sentence(draft: Draft, meeting: Meeting, s_start: int, s_end: int) -> None:
    text = draft.text
    chair = _CHAIR.search(text, s_start, s_end) or _LEAD.search(text, s_start, s_end)
    attend = _ATTEND.search(text, s_start, s_end)
    if chair:
        do = text.rfind(" do ", s_start, chair.start())
        region = (do, chair.start()) if do != -1 else (s_start, chair.start())
        chairs = persons_in(draft, *region)
        if do != -1 and not _CO_CHAIRS.search(text, do, chair.start() + 12):
            chairs = chairs[:1]  # "do đồng chí X, Bí thư ... chủ trì": one chair unless "và" joins another
        named_after = _CHAIRED_BY.match(text, chair.end())
        if named_after:
            # "Chủ trì hội nghị có đồng chí X, ...": the chair is named after the verb; "các đồng chí:
            # A, B và C" names several
            stop = _ATTEND.search(text, named_after.end(), s_end)
            chairs = persons_in(draft, named_after.end(), stop.start() if stop else s_end)
            several = _SEVERAL.match(text, named_after.end()) or _HONORIFIC_ITEMS.search(
                text, named_after.end(), stop.start() if stop else s_end
            )
            if not several:
                chairs = chairs[:1]
        for person in chairs:
            if person.is_author:
                continue
            if person.id not in meeting.chairs:
                meeting.chairs.append(person.id)
            if person.id not in meeting.attendees:
                meeting.attendees.append(person.id)
    if attend:
        # "Dự hội nghị có X" names them after the verb; "X dự hội nghị" before it
        present = persons_in(draft, attend.end(), s_end) or persons_in(draft, s_start, attend.start())
        for person in present:
            if person.id not in meeting.attendees and not person.is_author:
                meeting.attendees.append(person.id)
        for body in _bodies_in(draft, attend.end(), s_end, in_titles=False):  # not those in attendees' titles
            if body.id not in meeting.attending_bodies:
                meeting.attending_bodies.append(body.id)
    bridge = BRIDGE.search(text, s_start, s_end)
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
    # a congress already read under another spelling of its name is not named again
    seen = {fold(m.name) for m in draft.meetings} | {fold(_canonical_event_name(m.name)) for m in draft.meetings}
    seen |= {fold(_TERM_TAIL.sub("", m.name)) for m in draft.meetings}  # "..., nhiệm kỳ 2025-2030" read with its term
    for m in draft.scan(pat.named_event, pat.firsts["named_event"]):
        name = plenum_name(m)
        if name is None:
            name = canonical(re.sub(r"[()]", "", m.group()))
            name = re.sub(r"\s+", " ", name)
            name = _canonical_event_name(name)
            if re.fullmatch(rf"Đại hội (?:đại biểu )?lần thứ (?:{ROMAN}|\d+)", name, re.IGNORECASE):
                continue  # whose congress is not said
        known = _known_congress(draft, name)
        if fold(name) in seen or known is not None:
            for meeting in draft.meetings:
                if fold(meeting.name) == fold(name) or meeting is known:
                    meeting.mentions.append(draft.mention(m.start(), m.end()))
            continue
        seen.add(fold(name))
        kind = "Đại hội" if name.startswith("Đại hội") else "Hội nghị"
        draft.new_meeting(kind, name, m.start(), m.end())
    _local_congresses(draft, seen)
    _events_of_resolutions(draft, seen)


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


_LOCAL_CONGRESS_FIRSTS = frozenset({"đại"})
_LOCAL_CONGRESS = re.compile(
    rf"(?<![\w])[Đđ]ại\s+hội\s+(?:đại\s+biểu\s+)?Đảng\s+bộ\s+(?P<unit>tỉnh|thành\s+phố|huyện|quận|thị\s+xã)"
    rf"(?P<place>(?:\s+{CAP})*)\s+lần\s+thứ\s+(?P<number>{ROMAN})(?![\w])"
)


def _local_congresses(draft: Draft, seen: set[str]) -> None:
    """ "đại hội Đảng bộ tỉnh lần thứ XIX": a provincial party congress, its place from the article."""
    g = load()
    for m in draft.scan(_LOCAL_CONGRESS, _LOCAL_CONGRESS_FIRSTS):
        place = m.group("place").strip()
        unit = re.sub(r"\s+", " ", m.group("unit"))
        if not place:
            if unit != "tỉnh" or not draft.province:
                continue
            place = draft.province
        elif g.province(place):
            place = g.province(place) or place
        name = _canonical_event_name(f"Đại hội Đảng bộ {unit} {place} lần thứ {m.group('number')}")
        if fold(name) in seen or _known_congress(draft, name) is not None or any(
            mention.start < m.end() and m.start() < mention.end
            for meeting in draft.meetings
            for mention in meeting.mentions
        ):
            continue  # the same congress, or the same words already read as a meeting
        seen.add(fold(name))
        draft.new_meeting("Đại hội", name, m.start(), m.end())


_PARTY_CONGRESS = re.compile(rf"^Đại hội (?:đại biểu toàn quốc )?(?:lần thứ )?({ROMAN}) của Đảng$")


_UNIT_SPELLINGS = {
    "tp": "thành phố",
    "tp.": "thành phố",
    "thành phố": "thành phố",
    "tỉnh": "tỉnh",
    "huyện": "huyện",
    "quận": "quận",
    "thị xã": "thị xã",
    "tx": "thị xã",
    "tx.": "thị xã",
    "phường": "phường",
    "xã": "xã",
}


# "Đại hội (đại biểu) Đảng bộ TP Hà Nội lần thứ XVIII" and "Đại hội lần thứ XVIII Đảng bộ TP Hà Nội"
_NAMED_LOCAL_CONGRESS = re.compile(
    rf"^Đại hội (?:đại biểu )?(?:lần thứ (?P<n1>{ROMAN}) )?Đảng bộ "
    rf"(?P<unit>tỉnh|thành phố|TP\.?|huyện|quận|thị xã|TX\.?) "
    rf"(?P<place>[^,;]+?)(?: lần thứ (?P<n2>{ROMAN}))?$",
    re.IGNORECASE,
)


# a local party congress however it is written: "Đại hội (đại biểu) Đảng bộ tỉnh (Hà Giang) lần thứ XVII"
_CONGRESS_KEY = re.compile(
    rf"^Đại hội (?:đại biểu )?(?:lần thứ (?P<n1>{ROMAN}|\d+) )?Đảng bộ "
    rf"(?P<unit>tỉnh|thành phố|TP\.?|huyện|quận|thị xã|TX\.?|phường|xã)"
    rf"(?: (?P<place>[^,;]+?))??(?: lần thứ (?P<n2>{ROMAN}|\d+))?(?:,? nhiệm kỳ .*)?$",
    re.IGNORECASE,
)


def _congress_key(draft: Draft, name: str) -> tuple[str, str | None, str] | None:
    """(unit, place, number) of a local party congress's name; the place is the article's province
    for a bare "tỉnh", None when not written (any place of that unit in this article)."""
    m = _CONGRESS_KEY.match(re.sub(r"\s+", " ", name))
    if m is None or not (m.group("n1") or m.group("n2")):
        return None
    unit = _UNIT_SPELLINGS.get(m.group("unit").lower(), m.group("unit").lower())
    place = m.group("place")
    if place:
        place = load().province(place) or place
    elif unit == "tỉnh":
        place = draft.province
    return unit, fold(place) if place else None, (m.group("n1") or m.group("n2")).upper()


def _known_congress(draft: Draft, name: str) -> Meeting | None:
    """The meeting already read for the local congress ``name`` names under another spelling."""
    key = _congress_key(draft, name)
    if key is None:
        return None
    for meeting in draft.meetings:
        other = _congress_key(draft, meeting.name)
        if other and other[0] == key[0] and other[2] == key[2] and (other[1] == key[1] or None in (other[1], key[1])):
            return meeting
    return None


def _canonical_event_name(name: str) -> str:
    # "Đại hội 13 của Đảng" is "Đại hội XIII của Đảng"
    name = re.sub(r"^(Đại hội (?:lần thứ )?)(\d{1,2}) (của Đảng)$", lambda d: f"{d[1]}{roman(int(d[2]))} {d[3]}", name)
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
