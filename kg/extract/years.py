"""The year of an event, decided in one place, with where it was read (``kg:yearFrom``).

Articles often date a meeting by day and month only ("Chiều 2-3"). The year is taken,
in this order, from:

``stated``     the date itself ("28/12/2023", "Từ ngày 22/11 đến 24/11/2020");
``name``       the event's own name ("Hội nghị báo cáo viên Trung ương tháng 3-2022"), or
               the article's headline when it names the same kind of event;
``sentence``   the sentence that reports it ("... 6 tháng cuối năm 2021", "năm 2023");
``published``  the article's publication date (metadata, or a date line with a time);
``article``    without a publication date only: the year of an event reported earlier in the
               same article ("Cũng liên quan đến nội dung này, từ ngày 25 - 27/2, ...").

Nothing else: no year is guessed from world knowledge. A day-month later in the year than
the publication date takes the year before only when the sentence says the event already
happened ("đã", "vừa qua"); an announced future event ("sẽ", "dự kiến") keeps the
publication year; when the sentence says neither, the date stays without a year.  The
tense words are data (``data/gazetteers/year_markers.csv``).

A party term ("khóa XIII") is not used: a term lasts five years, so with a day and a month
it never names one year.  The one exception is a congress named with the term it opens
("Đại hội ... lần thứ I, nhiệm kỳ 2025 - 2030"): a congress opens its term, so it is held in
the term's first year (``term_start``, read by the caller for congresses only; source ``name``).
A year in a subordinate phrase ("đến năm 2030", "giai đoạn 2021-2025", a quoted subject) is never
the event's, and a tie between two years in one sentence gives none (the publication date decides),
except a review of one year with the plan for the next ("tổng kết năm 2017, triển khai nhiệm vụ năm
2018"): held at the turn of the year, it is in the reviewed year from October and in the planned
year until March.  Document dates are left alone: a document cited in an article may be years older
than it, so the article's year says nothing about the document's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg.facts import PartialDate
from kg.gazetteer import read_rows
from kg.text import canonical

YEAR_SOURCES = ("stated", "name", "sentence", "published", "article")

# A year written as the time of something: "tháng 3-2022", "tháng 12/2023", "tháng 3 năm 2022",
# "tháng 3-4/2022", "quý I/2022", "năm 2023", "6 tháng cuối năm 2018". A bare number is
# not a year ("1.548 điểm cầu"), nor is one end of a span ("nhiệm kỳ 2020-2025", "năm học
# 2020-2021": which year would it be?).
_YEAR = r"(?P<year>(?:19|20)\d{2})(?!\d)(?!\s*[-–]\s*(?:19|20)\d{2})"
YEAR_PHRASE = re.compile(
    r"(?<![\w])(?:"
    r"(?P<month>tháng\s+\d{1,2}(?:\s*(?:[-–]|và|,)\s*\d{1,2})?\s*(?:[/-]\s*|\s+năm\s+))"
    r"|quý\s+(?:[IV]+|\d)\s*(?:[/-]\s*|\s+năm\s+)"
    r"|năm\s+"
    rf"){_YEAR}",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class YearRead:
    """A year and where it was read (one of :data:`YEAR_SOURCES`); both None when unknown."""

    year: int | None = None
    source: str | None = None


@cache
def plan_marker() -> re.Pattern[str]:
    """The words before the year of a plan ("triển khai nhiệm vụ năm 2026"), from ``year_markers.csv``."""
    labels = sorted({canonical(r["marker"]) for r in read_rows("year_markers.csv") if r.get("tense") == "plan"})
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(labels, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{body or '(?!)'})(?![\w])[^.;]{{0,40}}$", re.IGNORECASE)


@cache
def tense_markers() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(past, future) word patterns from ``year_markers.csv``."""
    words: dict[str, list[str]] = {"past": [], "future": []}
    for row in read_rows("year_markers.csv"):
        if row.get("tense") in words and row.get("marker"):
            words[row["tense"]].append(canonical(row["marker"]))

    def compile_(labels: list[str]) -> re.Pattern[str]:
        if not labels:
            return re.compile(r"(?!)")
        ordered = sorted(set(labels), key=len, reverse=True)
        body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)
        return re.compile(rf"(?<![\w])(?:{body})(?![\w])", re.IGNORECASE)

    return compile_(words["past"]), compile_(words["future"])


# A year in a subordinate phrase is the time of a goal or a span, never of the event:
# "(phát triển ...) đến năm 2030", "tầm nhìn đến năm 2045", "từ năm 2021", "trước năm 2025".
_SUBORDINATE = re.compile(r"(?<![\w])(?:đến|tới|từ|trước|sau|tầm\s+nhìn|giai\s+đoạn)\s*$", re.IGNORECASE)


def _quoted(text: str, start: int, at: int) -> bool:
    """``at`` lies inside a double-quoted stretch (a document's subject) opened after ``start``."""
    return text.count('"', start, at) % 2 == 1


def _turn_of_year(text: str, start: int, found: list[re.Match[str]], month: int | None) -> int | None:
    """ "tổng kết công tác năm 2017, triển khai nhiệm vụ năm 2018": a review of one year with the plan
    for the next is held at the turn of the year: the reviewed year from October, the planned one
    until March.  None in any other month, or when the later year is not a plan's."""
    years = sorted({int(m.group("year")) for m in found})
    if month is None or len(years) != 2 or years[1] != years[0] + 1:
        return None
    later = [m for m in found if int(m.group("year")) == years[1]]
    if not all(plan_marker().search(text, max(start, m.start() - 60), m.start()) for m in later):
        return None
    if month >= 10:
        return years[0]
    if month <= 3:
        return years[1]
    return None


def year_in(text: str, start: int, end: int, month: int | None = None) -> int | None:
    """The year a stretch of text dates things to: a month's year first ("tháng 12/2023"
    dates a report), else the year written most often.  Years of goals and spans ("đến năm 2030")
    and of quoted subjects do not count; a tie ("tổng kết năm 2017, triển khai nhiệm vụ năm
    2018": held at the review's end or the plan's start?) gives none."""
    found = [
        m
        for m in YEAR_PHRASE.finditer(text, start, end)
        if not _SUBORDINATE.search(text, max(start, m.start() - 12), m.start()) and not _quoted(text, start, m.start())
    ]
    if not found:
        return None
    monthly = {int(m.group("year")) for m in found if m.group("month")}
    if len(monthly) == 1:
        return monthly.pop()
    if monthly:
        return None  # two months of different years: which one dates the event?
    years = [int(m.group("year")) for m in found]
    ranked = sorted(set(years), key=years.count, reverse=True)
    if len(ranked) > 1 and years.count(ranked[0]) == years.count(ranked[1]):
        # as many of one year as of another: only a review-and-plan meeting says which
        return _turn_of_year(text, start, found, month)
    return ranked[0]


def tense(text: str, start: int, end: int) -> str | None:
    """ "past" or "future" when the sentence says which (and not both), else None."""
    past_words, future_words = tense_markers()
    past = past_words.search(text, start, end) is not None
    future = future_words.search(text, start, end) is not None
    if past == future:
        return None
    return "past" if past else "future"


def from_published(published: PartialDate | None, month: int, day: int, when: str | None) -> YearRead:
    """The year of a day-month reported in an article published on ``published``."""
    if published is None or not published.year or not published.month:
        return YearRead()
    if (month, day) <= (published.month, published.day or 31):
        return YearRead(published.year, "published")
    # later in the year than the article: last year's event reported late, or an announcement
    if when == "past":
        return YearRead(published.year - 1, "published")
    if when == "future":
        return YearRead(published.year, "published")
    return YearRead()


def event_year(
    text: str,
    month: int,
    day: int,
    *,
    stated: int | None,
    name: tuple[int, int] | None,
    sentence: tuple[int, int],
    headline: str | None,
    published: PartialDate | None,
    earlier: int | None = None,
    term_start: int | None = None,
) -> YearRead:
    """The year of an event dated ``day``/``month`` (see the module doc for the order)."""
    if stated:
        return YearRead(stated, "stated")
    if name is not None and (year := year_in(text, *name, month=month)):
        return YearRead(year, "name")
    if term_start:
        return YearRead(term_start, "name")
    if year := year_in(text, *sentence, month=month):
        return YearRead(year, "sentence")
    if headline and (year := year_in(headline, 0, len(headline), month=month)):
        return YearRead(year, "name")
    if published is not None and published.year:
        return from_published(published, month, day, tense(text, *sentence))
    if earlier:
        return YearRead(earlier, "article")
    return YearRead()
