"""Publication dates as metadata writes them: ISO 8601 or "dd/mm/yyyy"."""

from __future__ import annotations

import datetime as dt
import re

from kg.facts import PartialDate

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*$")
_ISO_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ ,T-]+\d{1,2}[:h]\d{2}(?::\d{2})?.*)?\s*$")
# A date somewhere in a visible line ("Cập nhật: 18/09/2023 10:30").
_DMY_ANYWHERE = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")
_ISO_ANYWHERE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def _checked(year: int, month: int, day: int | None) -> PartialDate | None:
    try:
        dt.date(year, month, day or 1)
    except ValueError:
        return None
    return PartialDate(year=year, month=month, day=day)


def parse_published(value: str) -> PartialDate | None:
    """ "2023-09-18", "2023-09-18T10:30:00+07:00", "18/09/2023" -> PartialDate; None if not a date.

    The date is the one written (local to the outlet): no time-zone conversion.
    """
    if match := _ISO.match(value):
        return _checked(int(match[1]), int(match[2]), int(match[3]))
    if match := _DMY.match(value):
        return _checked(int(match[3]), int(match[2]), int(match[1]))
    if match := _ISO_MONTH.match(value):
        return _checked(int(match[1]), int(match[2]), None)
    return None


def find_date(text: str) -> PartialDate | None:
    """The first complete date written in ``text`` (dd/mm/yyyy or yyyy-mm-dd)."""
    if match := _DMY_ANYWHERE.search(text):
        found = _checked(int(match[3]), int(match[2]), int(match[1]))
        if found:
            return found
    if match := _ISO_ANYWHERE.search(text):
        return _checked(int(match[1]), int(match[2]), int(match[3]))
    return None


# A publication stamp near the top of a text: a date with a time of day ("Thứ Ba, 15/06/2021 09:42",
# "16:27, 23/11/2020", "Cập nhật 19/5/2024, 08:51:36", "27/09/2019 07:05 SA"), or a line that is
# nothing but a date under an optional weekday or label ("Thứ Hai, 08/09/2025", "Cập nhật:
# 08-05-2020", "(29/12/2023)", "Ngày đăng: 16/09/2022").  Read on real pages, a date line above the
# headline or right under it is the day the article appeared.  A dated place line ("Hải Phòng, ngày
# 27 tháng 02 năm 2020") is a document's print date inside the text, not the page's: it has a place
# before the date, so it is not a bare date line.
_TIME_OF_DAY = re.compile(r"(?<![\d/.])\d{1,2}\s*[:h]\s*\d{2}(?::\d{2})?(?![\d/])")
_BARE_DATE_LINE = re.compile(
    r"^[(\[]?\s*(?:(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật|t[2-7]|cn)\s*[,-]?\s*)?"
    r"(?:(?:cập\s+nhật(?:\s+lúc)?|ngày\s+cập\s+nhật|ngày\s+đăng|đăng\s+ngày|ngày\s+xuất\s+bản|xuất\s+bản|"
    r"đăng\s+lúc|ngày)\s*:?\s*)?"
    r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}\s*[)\]]?\s*$",
    re.IGNORECASE,
)
# "Thứ Hai, ngày 8 tháng 9 năm 2025": a weekday says it is the page's day, not a place's print date
_WEEKDAY_WORDS_DATE = re.compile(
    r"^(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)\s*,?\s*(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})"
    r"\s+năm\s+(\d{4})\s*$",
    re.IGNORECASE,
)
_STAMP_MAX_CHARS = 80
_STAMP_MAX_WORDS = 10
_STAMP_LINES = 6
_BARE_DATE_LINES = 4  # above the headline, or right under it (after a share or font-size bar)


def find_dateline(text: str) -> PartialDate | None:
    """The publication date written in a date line among the first lines of ``text``."""
    seen = 0
    for line in text.split("\n", 40)[:40]:
        line = line.strip()
        if not line:
            continue
        seen += 1
        if seen > _STAMP_LINES:
            break
        if len(line) > _STAMP_MAX_CHARS or len(line.split()) > _STAMP_MAX_WORDS or line.endswith("."):
            continue
        if _TIME_OF_DAY.search(line) and (date := find_date(line)):
            return date
        if seen <= _BARE_DATE_LINES and _BARE_DATE_LINE.match(line) and (date := find_date(line)):
            return date
        words = _WEEKDAY_WORDS_DATE.match(line) if seen <= _BARE_DATE_LINES else None
        if words and (date := _checked(int(words[3]), int(words[2]), int(words[1]))):
            return date
    return None
