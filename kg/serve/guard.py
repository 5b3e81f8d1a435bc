"""What a request may ask of the public endpoint: read-only queries, nothing fetched elsewhere.

The check reads the request the way a SPARQL parser does - after the ``\\uXXXX`` escapes
the grammar applies to the whole text first (SPARQL 1.1 Query, 19.2), skipping comments,
strings and IRIs - so a keyword hidden in a string is not mistaken for one, and a
keyword spelt with escapes is still found:

* the operation is the first keyword after the prologue (``BASE``/``PREFIX``):
  ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE`` are queries; ``INSERT``, ``DELETE``,
  ``LOAD``, ``CLEAR`` and the other update operations are refused;
* a ``SERVICE`` keyword anywhere is refused: Oxigraph would send that part of the query
  to the named host.

This is the first of three locks: the store is also opened read-only, and requests only
ever reach the engine's query entry point, whose parser rejects update syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

QueryForm = Literal["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]
QUERY_FORMS: tuple[QueryForm, ...] = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# One token at a time; order matters (an IRI before the "<" operator, long strings first).
_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<variable>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
    | (?P<name>[\w\u00B7\u0300-\u036F\u203F-\u2040.\-]*:(?:[\w\u00B7\u0300-\u036F\u203F-\u2040.\-:%]|\\.)*)
    | (?P<word>[A-Za-z_]\w*)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


class Refused(Exception):
    """A request the endpoint will not run (HTTP 403); ``str()`` says why, in one line."""


@dataclass(frozen=True, slots=True)
class Inspection:
    form: QueryForm | None  # None: not recognisable; the engine will report the syntax error
    words: frozenset[str]  # every bare keyword, upper case


def unescape_codepoints(text: str) -> str:
    """Apply ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes, as the SPARQL grammar does before parsing."""

    def replace(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match.group(0)

    return _ESCAPE.sub(replace, text)


def keywords(text: str) -> list[str]:
    """The bare words of ``text`` in order (upper case), outside comments, strings and IRIs."""
    found: list[str] = []
    for match in _TOKEN.finditer(unescape_codepoints(text)):
        if match.lastgroup == "word":
            found.append(match.group().upper())
    return found


def inspect(text: str) -> Inspection:
    """The query form of ``text``; :class:`Refused` for updates and ``SERVICE``."""
    words = keywords(text)
    form: QueryForm | None = None
    for word in words:
        if word in ("BASE", "PREFIX"):
            continue
        if word in UPDATE_KEYWORDS:
            raise Refused(
                f"this endpoint is read-only: {word} is a SPARQL Update operation "
                "(only SELECT, ASK, CONSTRUCT and DESCRIBE queries are answered)"
            )
        if word in QUERY_FORMS:
            form = word  # type: ignore[assignment]
        break
    if "SERVICE" in words:
        raise Refused(
            "SERVICE is refused: this endpoint does not send queries to other servers "
            "(federated queries are off)"
        )
    return Inspection(form, frozenset(words))


def refuse_update(text: str) -> None:
    """For requests that arrive as an update (``update=`` or application/sparql-update)."""
    first = next((w for w in keywords(text) if w not in ("BASE", "PREFIX")), "update")
    raise Refused(
        f"this endpoint is read-only: SPARQL Update requests ({first}) are not accepted"
    )
