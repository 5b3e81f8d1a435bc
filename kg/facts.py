"""The typed interface between stages: what ingest reads, what extract finds.

Every stage takes and returns these dataclasses; nothing downstream reaches back
into spaCy objects or raw files. Offsets are always character offsets into
``Article.text`` (the original text as read, before any clean-up), so that a
user can find every fact in the source.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date that may lack its year (articles often say only "Ngày 18-9")."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        """ISO 8601 / XSD lexical form: 2020-09-18, --09-18 (no year), 2020-09, 2020."""
        if self.year and self.month and self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month and self.day:
            return f"--{self.month:02d}-{self.day:02d}"
        if self.year and self.month:
            return f"{self.year:04d}-{self.month:02d}"
        if self.year:
            return f"{self.year:04d}"
        return ""

    def xsd_type(self) -> str:
        """The XSD datatype local name matching :meth:`iso`."""
        if self.year and self.month and self.day:
            return "date"
        if self.month and self.day:
            return "gMonthDay"
        if self.year and self.month:
            return "gYearMonth"
        return "gYear"

    @property
    def complete(self) -> bool:
        return bool(self.year and self.month and self.day)


@dataclass(frozen=True, slots=True)
class Mention:
    """Where something was read: its surface text and the sentence around it."""

    text: str  # as written in Article.text[start:end]
    start: int
    end: int
    sentence_start: int  # the enclosing sentence, Article.text[sentence_start:sentence_end]
    sentence_end: int
    # False when the text names more than this entity ("Ban Tuyên giáo các huyện: A, B" for the
    # Ban of A): evidence, but not one of the entity's names (no alias is taken from it)
    names: bool = True


@dataclass(slots=True)
class Article:
    """One article as read from disk (ingest's output)."""

    id: str  # stable: sha1 of the URL when known, else of the normalised text (16 hex)
    source: str  # the file it came from (and "#n" for the n-th record of a JSONL file)
    text: str  # the original text, offsets refer to this
    title: str | None = None
    url: str | None = None
    published: PartialDate | None = None
    outlet: str | None = None  # e.g. "Baonghean.vn", "TTXVN"
    content_hash: str = ""  # sha1 of text+title+url: changes when the article changes
    # Spans of Article.text that hold the body (boilerplate, headline lists and
    # captions excluded).  Extraction reads only these.
    body_spans: list[tuple[int, int]] = field(default_factory=list)
    byline: Mention | None = None
    headline: Mention | None = None


@dataclass(slots=True)
class Person:
    id: str  # local to the article: "p1", "p2", ...
    name: str  # canonical: NFC, old-style tone marks, no honorific ("Phan Xuân Thủy")
    mentions: list[Mention] = field(default_factory=list)
    is_author: bool = False


@dataclass(slots=True)
class Place:
    id: str  # "pl1", ...
    name: str  # canonical: "Thái Nguyên", "Thành phố Đồng Hới", "Hà Nội"
    kind: Literal["country", "province", "city", "district", "town", "commune", "venue", "other"] = "other"
    province: str | None = None  # canonical province name the place lies in
    mentions: list[Mention] = field(default_factory=list)


@dataclass(slots=True)
class Body:
    id: str  # "b1", ...
    name: str  # canonical full label: "Ban Tuyên giáo Tỉnh ủy Thái Nguyên"
    kind: str  # a kind from data/gazetteers/body_kinds.csv: "ban_tuyen_giao", "tinh_uy", ...
    level: Literal["central", "province", "district", "commune", "block", "foreign", "other"] = "other"
    place: str | None = None  # canonical province (or district) name for local bodies
    parent: str | None = None  # id of the Body this one is part of
    resolved: bool = True  # False: a local body whose place could not be known
    alias: str | None = None  # the abbreviated form when one was read ("Ban Tuyên giáo TW")
    mentions: list[Mention] = field(default_factory=list)


@dataclass(slots=True)
class Position:
    """A person holding a role in a body, attested on a date."""

    person: str  # Person.id
    role: str  # canonical role label: "Phó Trưởng Ban", "Ủy viên Ban Thường vụ", "Bí thư"
    body: str | None  # Body.id; None when the body cannot be known
    date: PartialDate | None = None  # the date of the article's event
    kind: Literal["holds", "appointed"] = "holds"
    evidence: Mention | None = None


@dataclass(slots=True)
class Document:
    id: str  # "d1", ...
    doc_type: str  # "Chỉ thị", "Nghị quyết", "Kết luận", "Quy định", "Công điện", ...
    label: str  # "Chỉ thị 05-CT/TW", or the description for unnumbered ones
    identifier: str | None = None  # canonical "05-CT/TW"; None for unnumbered documents
    number: str | None = None  # "05"
    issuer: str | None = None  # Body.id
    date: PartialDate | None = None
    term: str | None = None  # "XII" (khóa)
    subject: str | None = None  # "về đẩy mạnh học tập ..."
    refers_to: list[str] = field(default_factory=list)  # Document.ids
    mentions: list[Mention] = field(default_factory=list)


@dataclass(slots=True)
class Meeting:
    id: str  # "m1", ...
    kind: str  # a kind from data/gazetteers/meeting_kinds.csv: "Hội nghị", "Tọa đàm", ...
    name: str  # "Hội nghị trực tuyến báo cáo viên tháng 9"
    start: PartialDate | None = None
    end: PartialDate | None = None
    place: str | None = None  # Place.id
    organisers: list[str] = field(default_factory=list)  # Body.ids
    chairs: list[str] = field(default_factory=list)  # Person.ids
    attendees: list[str] = field(default_factory=list)  # Person.ids (chairs included)
    attending_bodies: list[str] = field(default_factory=list)  # Body.ids
    documents: list[str] = field(default_factory=list)  # Document.ids discussed
    mentions: list[Mention] = field(default_factory=list)
    # where the start's year was read: "stated", "name", "sentence" or "published" (kg.extract.years)
    year_from: str | None = None


@dataclass(slots=True)
class ArticleFacts:
    """Everything extracted from one article (extract's output)."""

    article: Article
    persons: list[Person] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    bodies: list[Body] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    author: str | None = None  # Person.id of the byline
    event_date: PartialDate | None = None  # the date of the article's main event

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArticleFacts:
        return _from_dict(cls, data)


def _from_dict(kind: Any, data: Any) -> Any:
    """Rebuild nested dataclasses from :func:`dataclasses.asdict` output."""
    import typing

    if data is None:
        return None
    hints = typing.get_type_hints(kind)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(kind):
        if f.name not in data:
            continue
        values[f.name] = _coerce(hints[f.name], data[f.name])
    return kind(**values)


def _coerce(hint: Any, value: Any) -> Any:
    import types
    import typing

    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return _coerce(args[0], value) if len(args) == 1 else value
    if origin is list:
        (item,) = typing.get_args(hint)
        return [_coerce(item, v) for v in value]
    if origin is tuple:
        return tuple(value)
    if dataclasses.is_dataclass(hint):
        return _from_dict(hint, value)
    return value
