"""JSON and JSON Lines articles.

Each record is an object with ``text`` and optional ``title``, ``url``, ``published`` (or
``datePublished``, ``published_at``, ``publishedAt``), ``outlet``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kg.facts import PartialDate

from .dates import parse_published
from .decode import Rejected

_OPTIONAL_TEXT_FIELDS = ("title", "url", "outlet")
_PUBLISHED_FIELDS = ("published", "datePublished", "published_at", "publishedAt")


@dataclass(slots=True)
class Record:
    text: str
    title: str | None = None
    url: str | None = None
    published: PartialDate | None = None
    outlet: str | None = None


def to_record(value: Any) -> Record:
    """Check one decoded JSON value; raise :class:`Rejected` saying what is wrong with it."""
    if not isinstance(value, dict):
        raise Rejected(f"expected a JSON object with a 'text' field, got {_json_type(value)}")
    text = value.get("text")
    if text is None:
        raise Rejected("record has no 'text' field")
    if not isinstance(text, str):
        raise Rejected(f"'text' must be a string, got {_json_type(text)}")
    if not text.strip():
        raise Rejected("'text' is empty")
    record = Record(text=text)
    for name in _OPTIONAL_TEXT_FIELDS:
        field_value = value.get(name)
        if field_value is None:
            continue
        if not isinstance(field_value, str):
            raise Rejected(f"'{name}' must be a string, got {_json_type(field_value)}")
        setattr(record, name, " ".join(field_value.split()) or None)
    # "published", or the names scrapers and schema.org give the same field
    published = next((value[name] for name in _PUBLISHED_FIELDS if value.get(name) is not None), None)
    if published is not None:
        date = parse_published(published) if isinstance(published, str) else None
        if date is None:
            raise Rejected(f"'published' is not a date: {published!r:.40} (use YYYY-MM-DD or dd/mm/yyyy)")
        record.published = date
    return record


def json_values(text: str) -> list[Any]:
    """The objects of a .json file: one object, or a list of them."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise Rejected(f"malformed JSON at line {error.lineno}, column {error.colno}: {error.msg}") from None
    except RecursionError:
        raise Rejected("malformed JSON: nested too deeply") from None
    return value if isinstance(value, list) else [value]


def jsonl_lines(text: str) -> Iterator[tuple[int, Any | Rejected]]:
    """(line number, decoded value or the reason it could not be decoded) per non-blank line."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as error:
            yield number, Rejected(f"malformed JSON at column {error.colno}: {error.msg}")
        except RecursionError:
            yield number, Rejected("malformed JSON: nested too deeply")


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"
