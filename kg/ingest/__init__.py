"""Ingest: files on disk to :class:`kg.facts.Article` objects.

``read_path(path)`` reads one file and yields an :class:`~kg.facts.Article` per article
in it, or an :class:`~kg.errors.InputError` (one line: file and reason) for what cannot
be read; it never raises for bad input.  ``iter_paths(paths)`` expands files, folders
and globs in a stable order.

Formats: ``.txt`` (plain text, the first line that is not page furniture is the
headline), ``.html``/``.htm`` (a saved web page), ``.json`` (an object or a list of
objects) and ``.jsonl`` (one object per line), records having ``text`` and optionally
``title``, ``url``, ``published`` and ``outlet``.
"""

from __future__ import annotations

import glob
import hashlib
import os
import stat
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from kg.errors import InputError
from kg.facts import Article, PartialDate
from kg.gazetteer import load as load_gazetteer

from .boilerplate import load_phrases
from .cleanup import PhraseMatcher, analyse
from .dates import find_dateline
from .decode import Rejected, decode_bytes
from .html import read_html
from .records import json_values, jsonl_lines, to_record

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "InputError",
    "build_article",
    "iter_paths",
    "normalise_text",
    "read_path",
    "read_paths",
]

DEFAULT_MAX_BYTES = 20_000_000
SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl")
_GLOB_CHARACTERS = frozenset("*?[")
_LINE_BREAKS = str.maketrans({"\u2028": "\n", "\u2029": "\n", "\x85": "\n"})

_matchers: dict[tuple[str, ...], PhraseMatcher] = {}


def _matcher(phrases: Sequence[str] | None) -> PhraseMatcher:
    key = tuple(phrases) if phrases is not None else load_phrases()
    matcher = _matchers.get(key)
    if matcher is None:
        matcher = _matchers[key] = PhraseMatcher(key)
    return matcher


def normalise_text(text: str) -> str:
    """NFC and ``\\n`` line endings: the text every offset refers to."""
    text = unicodedata.normalize("NFC", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # str.translate is slow on long texts: only when a rare line break is there.
    if "\u2028" in text or "\u2029" in text or "\x85" in text:
        text = text.translate(_LINE_BREAKS)
    return text


def _outlet_of(url: str | None) -> str | None:
    """The outlet a page's address names ("baoapbac.vn" is Báo Ấp Bắc), when no field says it."""
    found = load_gazetteer().outlet_for_url(url)
    return found.outlet if found else None


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def build_article(
    source: str,
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    published: PartialDate | None = None,
    outlet: str | None = None,
    site_name: str | None = None,
    phrases: Sequence[str] | None = None,
) -> Article:
    """An Article from decoded text and whatever metadata came with it.

    ``outlet`` is an explicit field (JSON) and wins over the outlet read in the text
    ("(Baonghean.vn) -", "(TTXVN)" after the byline), which wins over ``site_name``.
    Without a ``published`` date from metadata, a date line near the top of the text (with a
    time, or a bare date above or right under the headline) is the publication date.
    """
    text = normalise_text(text)
    if title is not None:
        title = unicodedata.normalize("NFC", " ".join(title.split())) or None
    layout = analyse(text, _matcher(phrases), title=title)
    if title is None and layout.headline is not None:
        title = layout.headline.text
    url = url.strip() or None if url else None
    if published is None:
        published = find_dateline(text)  # "Thứ Ba, 15/06/2021 09:42" above the article
    identity = url if url else " ".join(text.split())
    return Article(
        id=_sha1(identity)[:16],
        source=source,
        text=text,
        title=title,
        url=url,
        published=published,
        outlet=outlet or layout.outlet or site_name or _outlet_of(url),
        content_hash=_sha1("\x1f".join((title or "", url or "", text))),
        body_spans=layout.body_spans,
        byline=layout.byline,
        headline=layout.headline,
    )


def _size(count: int) -> str:
    """52428800 -> "52.4 MB" (decimal units, as file managers show them)."""
    for unit, scale in (("MB", 1_000_000), ("kB", 1_000)):
        if count >= scale // 10:
            return f"{count / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{count} bytes"


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise Rejected("no such file or directory") from None
    except OSError as error:
        raise Rejected(f"cannot read it: {error.strerror or error}") from None
    if stat.S_ISDIR(info.st_mode):
        raise Rejected("is a directory, not a file (folders are expanded by iter_paths)")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = f"'{path.suffix}'" if path.suffix else "(no extension)"
        raise Rejected(f"unsupported file type {shown} (use .txt, .html, .json or .jsonl)")
    if not stat.S_ISREG(info.st_mode):
        raise Rejected("not a regular file")
    if info.st_size > max_bytes:
        raise Rejected(f"too large ({_size(info.st_size)} > {_size(max_bytes)} limit)")
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise Rejected(f"cannot read it: {error.strerror or error}") from None
    if len(data) > max_bytes:  # grew since stat()
        raise Rejected(f"too large (over the {_size(max_bytes)} limit)")
    return data


def read_path(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, phrases: Sequence[str] | None = None
) -> Iterator[Article | InputError]:
    """Yield the articles of one file, or an InputError per thing that cannot be read.

    ``phrases`` overrides the boilerplate phrases (default: data/gazetteers/boilerplate.txt).
    """
    path = Path(path)
    try:
        yield from _read(path, max_bytes, phrases)
    except Rejected as rejected:
        yield InputError(path, rejected.reason)
    except Exception as error:  # a bug must not become a traceback for the user
        yield InputError(path, f"could not be read ({type(error).__name__}: {error})")


def _read(path: Path, max_bytes: int, phrases: Sequence[str] | None) -> Iterator[Article | InputError]:
    data = _read_bytes(path, max_bytes)
    suffix = path.suffix.lower()
    text = decode_bytes(data, html=suffix in (".html", ".htm"))
    if not text.strip():
        raise Rejected("empty file (only whitespace)")
    source = str(path)
    if suffix == ".txt":
        yield build_article(source, text, phrases=phrases)
    elif suffix in (".html", ".htm"):
        page = read_html(text)
        parts = ([page.title] if page.title else []) + page.paragraphs
        yield build_article(
            source,
            "\n\n".join(parts),
            title=page.title,
            url=page.url,
            published=page.published,
            site_name=page.site_name,
            phrases=phrases,
        )
    elif suffix == ".json":
        values = json_values(text)
        if not values:
            raise Rejected("the JSON list is empty")
        single = len(values) == 1 and not text.lstrip().startswith("[")
        for number, value in enumerate(values, start=1):
            where = source if single else f"{source}#{number}"
            yield _record_article(value, where, f"{source}#record {number}", phrases)
    else:
        found = False
        for number, value in jsonl_lines(text):
            found = True
            if isinstance(value, Rejected):
                yield InputError(f"{source}#line {number}", value.reason)
            else:
                yield _record_article(value, f"{source}#{number}", f"{source}#line {number}", phrases)
        if not found:
            raise Rejected("empty file (only whitespace)")


def _record_article(
    value: object, source: str, error_path: str, phrases: Sequence[str] | None
) -> Article | InputError:
    try:
        record = to_record(value)
        return build_article(
            source,
            record.text,
            title=record.title,
            url=record.url,
            published=record.published,
            outlet=record.outlet,
            phrases=phrases,
        )
    except Rejected as rejected:
        return InputError(error_path, rejected.reason)
    except Exception as error:  # one bad record must not stop the others
        return InputError(error_path, f"could not be read ({type(error).__name__}: {error})")


def iter_paths(paths: Sequence[str] | Iterable[str]) -> Iterator[Path]:
    """Files named, files under folders named (recursively, supported types only) and glob matches.

    Order is stable: arguments in the order given, each folder's and glob's files sorted.
    A name that matches nothing is yielded as is, so that reading it reports the problem.
    """
    seen: set[str] = set()
    for given in paths:
        literal = Path(given)
        if _GLOB_CHARACTERS.isdisjoint(given) or literal.exists():
            candidates = [literal]
        else:
            candidates = [Path(match) for match in sorted(glob.glob(given, recursive=True))] or [literal]
        for candidate in candidates:
            files = _walk(candidate) if candidate.is_dir() else [candidate]
            for file in files:
                key = os.path.realpath(file)
                if key not in seen:
                    seen.add(key)
                    yield file


def _walk(folder: Path) -> list[Path]:
    found: list[Path] = []
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                found.append(Path(root) / name)
    return found


def read_paths(
    paths: Sequence[str], *, max_bytes: int = DEFAULT_MAX_BYTES, phrases: Sequence[str] | None = None
) -> Iterator[Article | InputError]:
    """``read_path`` over everything ``iter_paths`` finds."""
    for path in iter_paths(paths):
        yield from read_path(path, max_bytes=max_bytes, phrases=phrases)
