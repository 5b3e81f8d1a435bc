"""Build ArticleFacts by hand from readable test cases: surface strings, not offsets.

A case names each mention by the text it reads (optionally ``[text, n]`` for the
n-th occurrence); offsets and the enclosing sentence are computed here, so that
the cases stay easy to write and to check by eye.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from kg.facts import (
    Article,
    ArticleFacts,
    Body,
    Document,
    Meeting,
    Mention,
    PartialDate,
    Person,
    Place,
    Position,
)

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_DATE = re.compile(r"^(?:(\d{4})|-)-?(\d{2})?-?(\d{2})?$")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def mention(text: str, surface: str | list[Any], spans: list[tuple[int, int]] | None = None) -> Mention:
    needle, nth = (surface, 0) if isinstance(surface, str) else (surface[0], int(surface[1]))
    start = -1
    for _ in range(nth + 1):
        start = text.find(needle, start + 1)
        if start < 0:
            raise ValueError(f"{needle!r} (occurrence {nth}) not in the case's text")
    end = start + len(needle)
    for s_start, s_end in spans or sentence_spans(text):
        if s_start <= start < s_end:
            return Mention(needle, start, end, s_start, max(s_end, end))
    raise ValueError(f"no sentence around {needle!r}")


def date(value: str | None) -> PartialDate | None:
    """ "2020-09-18", "2020-09", "2020", "--09-18" -> PartialDate."""
    if not value:
        return None
    if value.startswith("--"):
        month, day = value[2:].split("-")
        return PartialDate(None, int(month), int(day))
    parts = [int(p) for p in value.split("-")]
    return PartialDate(*parts)


def facts_from_case(case: dict[str, Any]) -> ArticleFacts:
    info = case["article"]
    text = info["text"]
    spans = sentence_spans(text)

    def mentions(item: dict[str, Any]) -> list[Mention]:
        return [mention(text, m, spans) for m in item.get("mentions", [])]

    article = Article(
        id=info["id"],
        source=info.get("source", f"test:{info['id']}"),
        text=text,
        title=info.get("title"),
        url=info.get("url"),
        published=date(info.get("published")),
        outlet=info.get("outlet"),
        body_spans=[(0, len(text))],
    )
    persons = [
        Person(id=p["id"], name=p["name"], mentions=mentions(p), is_author=p.get("is_author", False))
        for p in case.get("persons", [])
    ]
    places = [
        Place(
            id=p["id"],
            name=p["name"],
            kind=p.get("kind", "other"),
            province=p.get("province"),
            mentions=mentions(p),
        )
        for p in case.get("places", [])
    ]
    bodies = [
        Body(
            id=b["id"],
            name=b["name"],
            kind=b.get("kind", ""),
            level=b.get("level", "other"),
            place=b.get("place"),
            parent=b.get("parent"),
            resolved=b.get("resolved", True),
            alias=b.get("alias"),
            mentions=mentions(b),
        )
        for b in case.get("bodies", [])
    ]
    positions = [
        Position(
            person=p["person"],
            role=p["role"],
            body=p.get("body"),
            date=date(p.get("date")),
            kind=p.get("kind", "holds"),
            evidence=mention(text, p["evidence"], spans) if p.get("evidence") else None,
        )
        for p in case.get("positions", [])
    ]
    documents = [
        Document(
            id=d["id"],
            doc_type=d["doc_type"],
            label=d["label"],
            identifier=d.get("identifier"),
            number=d.get("number"),
            issuer=d.get("issuer"),
            date=date(d.get("date")),
            term=d.get("term"),
            subject=d.get("subject"),
            refers_to=d.get("refers_to", []),
            mentions=mentions(d),
        )
        for d in case.get("documents", [])
    ]
    meetings = [
        Meeting(
            id=m["id"],
            kind=m["kind"],
            name=m["name"],
            start=date(m.get("start")),
            end=date(m.get("end")),
            place=m.get("place"),
            organisers=m.get("organisers", []),
            chairs=m.get("chairs", []),
            attendees=m.get("attendees", []),
            attending_bodies=m.get("attending_bodies", []),
            documents=m.get("documents", []),
            mentions=mentions(m),
        )
        for m in case.get("meetings", [])
    ]
    return ArticleFacts(
        article=article,
        persons=persons,
        places=places,
        bodies=bodies,
        positions=positions,
        documents=documents,
        meetings=meetings,
        author=case.get("author"),
        event_date=date(case.get("event_date")),
    )


def load_case(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))
