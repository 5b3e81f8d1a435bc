"""Find the headline, the body paragraphs, the byline and the outlet tag of an article.

Works line by line on the article's text and returns character offsets into it, so
nothing is removed from ``Article.text``: extraction reads only the body spans.
Scraped pages carry furniture around the article: stray words ("mask"), banners,
the date the page was shown, photo captions, share bars, lists of other articles'
headlines (each often printed twice, sometimes glued together).  The rules below are
deliberately conservative about ending the body early: a list marker or a run of
doubled headlines ends it only once a real paragraph has been read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.facts import Mention
from kg.text import fold, strip_diacritics

from .boilerplate import LINE_ONLY

# Spaces a scraped line may start or end with (str.strip() alone misses the zero-width ones).
_TRIM = " \t\f\v\r\xa0\u1680\u202f\u205f\u3000\ufeff" + "".join(chr(c) for c in range(0x2000, 0x200C))
_SENTENCE_END = frozenset('.!?…:;"”’»')
_MAX_SHORT_WORDS = 25  # captions, headlines and bylines are shorter than this
_MAX_SHORT_CHARS = 200
_MAX_HEADLINE_WORDS = 40
_DOUBLED_LOOKAHEAD = 12
_BARE_MARKER_WORDS = 3  # "Chia sẻ: Facebook Zalo" is still just a share bar

_WEEKDAY = r"(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s*nhật|cn)"
_DATE = r"\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}"
_TIME = (
    r"(?:\s*[,\-–|]?\s*(?:lúc\s*)?\d{1,2}\s*[:h]\s*\d{2}(?::\d{2})?"
    r"(?:\s*(?:\(?\s*GMT\s*\+\s*7\s*\)?|AM|PM|SA|CH))?)?"
)
# "Chủ nhật, 29/05/2022", "Tin mớiChủ nhật,  29/05/2022", "Thứ Hai, 18/09/2023 - 10:30 (GMT+7)":
# the day the page was shown, possibly glued to a boilerplate word before it.
# ("Thứ Hai, ngày 8 tháng 9 năm 2025": the date in words after a weekday)
_PAGE_DATE = re.compile(
    rf"^[^\d]{{0,30}}?{_WEEKDAY}\s*[,\-–|]?\s*(?:ngày\s*)?"
    rf"(?:{_DATE}|\d{{1,2}}\s+tháng\s+\d{{1,2}}\s+năm\s+\d{{4}}){_TIME}\s*$",
    re.IGNORECASE,
)
_BARE_DATE = re.compile(rf"^(?:ngày\s*)?{_DATE}{_TIME}\s*$", re.IGNORECASE)
# "16:27, 23/11/2020" (time first), "Cập nhật 19/5/2024, 08:51:36": a page's publication stamp.
_STAMP = re.compile(
    rf"^(?:(?:cập\s*nhật|ngày\s*đăng|đăng\s*ngày|đăng)(?:\s*lúc)?\s*:?\s*|{_WEEKDAY}\s*[,\-–|]?\s*)?"
    rf"(?:\d{{1,2}}\s*[:h]\s*\d{{2}}(?::\d{{2}})?\s*[,\-–|]?\s*(?:ngày\s*)?{_DATE}|(?:ngày\s*)?{_DATE}{_TIME})"
    r"\s*['’]?\s*(?:[(\[]?\s*GMT\s*\+\s*7\s*[)\]]?|SA|CH|AM|PM)?\s*$",
    re.IGNORECASE,
)

# "... Ảnh: Hiền Lương", "(Ảnh: TTXVN)", "Ảnh minh họa"
_PHOTO_CREDIT = re.compile(
    r"(?:^|[\s.(\[–\-])(?:Ảnh|Nguồn ảnh|Photo)\s*:\s*[^\s.:][^.:]{0,60}$"
    r"|\(?\s*Ảnh\s+minh\s+h(?:ọa|oạ)\s*\)?\s*$",
    re.IGNORECASE,
)
_IMAGE_INDEX = re.compile(r"(?<!\w)ảnh\s*\d{1,2}(?!\w)", re.IGNORECASE)
_IN_PHOTO = re.compile(r"\(?\s*\bTrong ảnh\s*:", re.IGNORECASE)
# "(Baonghean.vn) - Năm 2020 ..." names the outlet before the first paragraph.
_LEAD_TAG = re.compile(r"^[(\[]\s*([^()\[\]\n]{2,40}?)\s*[)\]]\s*[-–—:]+\s*")
_LEAD_DASH = re.compile(r"^[-–—]+\s+")
# "Diệp Trương (TTXVN)": the parenthesis names the outlet.
_BYLINE_OUTLET = re.compile(r"\s*[(\[]\s*([^()\[\]]{2,30}?)\s*[)\]]$")
# "Bài và ảnh: Duy Phương": the words before the name.
_BYLINE_PREFIX = re.compile(
    r"^(?:bài\s*(?:và|,|&)?\s*ảnh|tin\s*(?:và|,|&)?\s*ảnh|ảnh\s*(?:và|,|&)\s*bài|bài|tác\s+giả)\s*:\s*", re.IGNORECASE
)
# between two authors' names in one byline
# a dash between two authors has a space on at least one side ("Hải Yến- Khánh Lộc"); one
# inside a word ("Ksor-H'Bia") joins it
# One Vietnamese syllable (diacritics taken off): an onset, a vowel group, a coda. A word in
# capitals that is not one ("BTGTU", "QR", "TTXVN") is an abbreviation, not a name.
_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]+(?:ng|nh|ch|[cmnpt])?")
BYLINE_AUTHORS = re.compile(r"\s+[-–]\s*|\s*[-–]\s+|\s*,\s*|\s+và\s+")
_SOURCE_CREDIT = re.compile(r"^(?:Theo|Nguồn(?:\s+tin)?)\s*:?\s*(\S.{1,60})$")


@dataclass(slots=True)
class Line:
    """A non-blank line: its trimmed text, offsets into the article text and a comparison key."""

    start: int
    end: int
    text: str
    key: str
    blank_before: int
    words: int


@dataclass(slots=True)
class Layout:
    """What clean-up found; every offset refers to the text it was given."""

    headline: Mention | None = None
    body_spans: list[tuple[int, int]] = field(default_factory=list)
    byline: Mention | None = None
    outlet: str | None = None


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    position = 0
    blanks = 0
    for raw in text.split("\n"):
        left = raw.lstrip(_TRIM)
        stripped = left.rstrip(_TRIM)
        if stripped:
            start = position + len(raw) - len(left)
            words = stripped.split()
            key = " ".join(words).casefold()
            lines.append(Line(start, start + len(stripped), stripped, key, blanks, len(words)))
            blanks = 0
        else:
            blanks += 1
        position += len(raw) + 1
    return lines


def line_mention(line: Line) -> Mention:
    return Mention(line.text, line.start, line.end, line.start, line.end)


class PhraseMatcher:
    """Does a line start with a boilerplate phrase?  Keys are folded (case and tone style)."""

    def __init__(self, phrases: Sequence[str]) -> None:
        keys = {fold(p) for p in phrases if p.strip()} | LINE_ONLY
        self.keys = tuple(sorted(keys, key=len, reverse=True))
        self.line_only = LINE_ONLY

    def match(self, line: Line) -> str | None:
        """The folded phrase a short furniture line starts with, else None."""
        found = self.match_with_tail(line)
        return found[0] if found else None

    def match_with_tail(self, line: Line) -> tuple[str, int] | None:
        """(folded phrase, number of words after it) for a furniture line, else None."""
        if len(line.text) > 160 or line.text[-1] == ".":
            return None
        folded = fold(line.text)
        for key in self.keys:
            if not folded.startswith(key):
                continue
            tail = folded[len(key) :]
            # Whole words only ("mask" is not "masked"), and only a short tail after the
            # phrase ("Chia sẻ: Facebook Zalo"): a paragraph may begin with the same words.
            if tail and tail[0].isalnum() and key[-1].isalnum():
                continue
            tail_words = len(tail.split())
            if tail_words <= 12:
                return key, tail_words
        return None


def is_page_date(line: Line) -> bool:
    if len(line.text) > 80 or not any(ch.isdigit() for ch in line.text):
        return False
    return bool(_PAGE_DATE.match(line.text) or _BARE_DATE.match(line.text) or _STAMP.match(line.text))


def is_punctuated(line: Line) -> bool:
    return line.text[-1] in _SENTENCE_END


def is_short(line: Line) -> bool:
    return line.words <= _MAX_SHORT_WORDS and len(line.text) <= _MAX_SHORT_CHARS


def is_paragraph(line: Line) -> bool:
    """A line of running text (ends a sentence, or too long to be a title or caption)."""
    return is_punctuated(line) or not is_short(line)


def is_headline_like(line: Line) -> bool:
    return line.words <= _MAX_HEADLINE_WORDS and line.text[-1] != "."


def is_caption(line: Line) -> bool:
    """A photo caption or image placeholder ("... Ảnh: Hiền Lương", "<headline> ảnh 1")."""
    text = line.text
    # Cheap test first: every caption pattern has the word "ảnh" (or "photo").
    if "ảnh" not in line.key and "photo" not in line.key:
        return False
    if len(text) <= 400 and _PHOTO_CREDIT.search(text):
        return True
    if text[-1].isdigit() and _IMAGE_INDEX.search(text[-12:]):
        return True
    return is_short(line) and _IMAGE_INDEX.search(text) is not None


def printed_twice(first: Line, second: Line) -> bool:
    """``second`` repeats ``first`` (a headline list prints each title twice, sometimes glued)."""
    if first.key == second.key:
        return True
    return is_headline_like(first) and len(first.key) >= 15 and second.key.startswith(first.key)


def byline_parts(line: Line) -> tuple[int, int, str | None] | None:
    """(start, end, outlet) of the author's name when the line is a byline, else None.

    A byline is 1-5 capitalised words ("Duy Phương", "MAI CHI"), optionally followed by
    the outlet in parentheses ("Diệp Trương (TTXVN)") and optionally after "Bài và ảnh:".
    """
    text = line.text
    if len(text) > 70 or text[-1] in ".!?:;,…":
        return None
    name_start, name_end = 0, len(text)
    outlet = None
    tag = _BYLINE_OUTLET.search(text)
    if tag:
        outlet = tag.group(1)
        name_end = tag.start()
    prefix = _BYLINE_PREFIX.match(text)
    if prefix:
        name_start = prefix.end()
    name = text[name_start:name_end]
    # "Minh Anh - Thu Hà", "Minh Anh, Thu Hà": two or three authors share a byline
    parts = BYLINE_AUTHORS.split(name.strip())
    if not 1 <= len(parts) <= 3:
        return None
    for part in parts:
        words = part.split()
        if not 1 <= len(words) <= (5 if len(parts) == 1 else 4):
            return None
        for word in words:
            letters = word.strip(".-'’")
            if not letters or not letters[0].isupper() or any(ch.isdigit() for ch in letters):
                return None
        if fold(words[0]) in ("theo", "nguồn", "tin", "bài", "ảnh"):
            return None
        # "BTGTU" under a notice, "QR Code" after the body: a word in capitals and not one
        # Vietnamese syllable in the line ("KSOR VIỆT CHIẾN" has two) is a code or page furniture
        plain = [strip_diacritics(w.strip(".-'’")) for w in words]
        if any(w.isupper() for w in plain) and not any(_SYLLABLE.fullmatch(w.lower()) for w in plain):
            return None
    # Offsets of the name itself, without surrounding spaces.
    leading = len(name) - len(name.lstrip())
    return line.start + name_start + leading, line.start + name_start + len(name.rstrip()), outlet


def analyse(text: str, phrases: PhraseMatcher, *, title: str | None = None) -> Layout:
    """Split ``text`` into headline, body spans and byline.

    ``title`` is the headline known from metadata (HTML, JSON); without it the first
    line that is not page furniture is the headline.
    """
    lines = split_lines(text)
    layout = Layout()
    count = len(lines)
    index = 0
    # Furniture above the headline: "mask", "Banner ...", the page's date, share bars.
    while index < count and _leading_furniture(lines[index], phrases):
        index += 1
    headline: Line | None = None
    if index < count:
        first = lines[index]
        if title is not None:
            if first.key == " ".join(title.split()).casefold():
                headline = first
        elif is_headline_like(first):
            headline = first
    if headline is not None:
        layout.headline = line_mention(headline)
        index += 1

    region, cut_reason = _body_region(lines, index, headline, phrases)
    del cut_reason
    # The byline is the last short line of the body region, or the one above a source credit
    # ("Tác giả: Thành Chung" / "Nguồn tin: Báo Tuổi Trẻ").
    if len(region) >= 2 and byline_parts(region[-1]) is None:
        credit = _SOURCE_CREDIT.match(region[-1].text)
        if credit and is_short(region[-1]) and byline_parts(region[-2]) is not None:
            layout.outlet = credit.group(1).strip()
            region.pop()
    if region:
        last = region[-1]
        parts = byline_parts(last)
        if parts is not None:
            start, end, outlet = parts
            layout.byline = Mention(text[start:end], start, end, last.start, last.end)
            layout.outlet = outlet or layout.outlet
            region.pop()
        else:
            credit = _SOURCE_CREDIT.match(last.text)
            if credit and is_short(last) and not is_punctuated(last):
                layout.outlet = credit.group(1).strip()
                region.pop()

    first_body = True
    for line in region:
        if is_caption(line):
            continue
        if is_short(line) and not is_punctuated(line):
            # A short line without a full stop inside the body: a caption or a label.
            continue
        start, end = line.start, line.end
        if first_body:
            first_body = False
            tag = _LEAD_TAG.match(line.text)
            if tag:
                layout.outlet = tag.group(1).strip()
                start += tag.end()
            else:
                dash = _LEAD_DASH.match(line.text)
                if dash:
                    start += dash.end()
        in_photo = _IN_PHOTO.search(text, start, end) if "ảnh" in line.key else None
        if in_photo:
            end = len(text[start : in_photo.start()].rstrip(_TRIM)) + start
        if end > start:
            layout.body_spans.append((start, end))
    return layout


def _leading_furniture(line: Line, phrases: PhraseMatcher) -> bool:
    if is_page_date(line) or phrases.match(line) is not None:
        return True
    # A lone word above the headline ("mask", a section name) is not a headline.
    return line.words == 1 and not is_punctuated(line)


def _body_region(
    lines: list[Line], index: int, headline: Line | None, phrases: PhraseMatcher
) -> tuple[list[Line], str]:
    """The lines between the headline and the first furniture that ends the article."""
    region: list[Line] = []
    seen_paragraph = False
    count = len(lines)
    while index < count:
        line = lines[index]
        following = lines[index + 1] if index + 1 < count else None
        if headline is not None and _repeats_headline(line, headline):
            index += 1
            continue
        if is_page_date(line):
            index += 1
            continue
        found = phrases.match_with_tail(line)
        if found is not None:
            phrase, tail_words = found
            # A bare marker ("Tin cùng chuyên mục", "Chia sẻ:") ends the article; a line that
            # merely starts like one ("Nguồn: Tổng cục Thống kê") ends it only when no
            # running text follows, else just that line is dropped.
            if (
                seen_paragraph
                and phrase not in phrases.line_only
                and (tail_words <= _BARE_MARKER_WORDS or not _paragraphs_follow(lines, index + 1))
            ):
                return region, f"marker {phrase!r}"
            index += 1
            continue
        if following is not None and printed_twice(line, following):
            if seen_paragraph and is_headline_like(line) and _ends_article(lines, index, region):
                return region, "headline list"
            # A caption or a paragraph printed twice: keep nothing of a short one,
            # the first copy of a paragraph.
            if is_paragraph(line) and line.key == following.key:
                region.append(line)
            index += 2
            continue
        if region and following is not None and _glued(region[-1], line, following):
            index += 1
            continue
        region.append(line)
        seen_paragraph = seen_paragraph or is_paragraph(line)
        index += 1
    return region, "end"


def _paragraphs_follow(lines: list[Line], index: int) -> bool:
    """At least two lines of running text (not titles printed twice) come after ``index``."""
    found = 0
    for position in range(index, len(lines)):
        line = lines[position]
        if line.words >= 12 and is_punctuated(line):
            found += 1
            if found >= 2:
                return True
    return False


def _repeats_headline(line: Line, headline: Line) -> bool:
    if line.key == headline.key:
        return True
    return line.key.startswith(headline.key) and is_caption(line)


def _ends_article(lines: list[Line], index: int, region: list[Line]) -> bool:
    """A doubled headline ends the article after a byline, or when more doubled lines follow."""
    if region and byline_parts(region[-1]) is not None:
        return True
    doubled = 0
    stop = min(len(lines) - 1, index + _DOUBLED_LOOKAHEAD)
    for position in range(index, stop):
        if printed_twice(lines[position], lines[position + 1]):
            doubled += 1
    return doubled >= 2


def _glued(before: Line, line: Line, after: Line) -> bool:
    """``line`` is two neighbouring headlines printed with no space between them."""
    if (
        len(line.key) != len(before.key) + len(after.key)
        and len(line.key) != len(before.key) + len(after.key) + 1
    ):
        return False
    return line.key.startswith(before.key) and line.key.endswith(after.key)
