"""Dates as the graph holds them (often partial) and the --since/--until period.

A fact dated "2020" or "2020-09" stands for a span of days, so a period keeps a
fact when the two spans overlap.  A date without a year ("--09-18", as articles
say "Ngày 18-9") cannot be placed in a period.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def date_span(text: str | None) -> tuple[date, date] | None:
    """First and last day that an xsd date/gYearMonth/gYear/dateTime lexical form covers."""
    if not text:
        return None
    match = _ISO.match(text.strip())
    if not match:
        return None
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if day is None:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        return date(year, month, day), date(year, month, day)
    except ValueError:
        return None


def display_date(text: str) -> str:
    """A date for a label: ISO forms as they are, a day without its year said so."""
    if text.startswith("--") and len(text) >= 7:  # xsd:gMonthDay "--09-18"
        return f"{text[5:7]}/{text[2:4]}, year not given"
    return text


@dataclass(frozen=True, slots=True)
class Period:
    since: date | None = None
    until: date | None = None

    @classmethod
    def parse(cls, since: str | None, until: str | None) -> Period:
        """From the command line's YYYY, YYYY-MM or YYYY-MM-DD bounds (inclusive)."""
        start = end = None
        if since:
            span = date_span(since)
            if span is None or not _ISO.fullmatch(since.strip()):
                raise ValueError(f"--since {since!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
            start = span[0]
        if until:
            span = date_span(until)
            if span is None or not _ISO.fullmatch(until.strip()):
                raise ValueError(f"--until {until!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
            end = span[1]
        if start and end and start > end:
            raise ValueError(f"--since {since} is after --until {until}")
        return cls(start, end)

    @property
    def active(self) -> bool:
        return self.since is not None or self.until is not None

    def admits(self, text: str | None) -> bool:
        """True when the dated fact may lie in the period (always, with no period)."""
        if not self.active:
            return True
        span = date_span(text)
        if span is None:
            return False
        first, last = span
        return (self.since is None or last >= self.since) and (self.until is None or first <= self.until)

    def admits_any(self, texts: list[str]) -> bool:
        return not self.active or any(self.admits(t) for t in texts)

    def describe(self) -> str:
        if not self.active:
            return ""
        since = self.since.isoformat() if self.since else "…"
        until = self.until.isoformat() if self.until else "…"
        return f"{since} – {until}"
