"""What a request may ask of the public endpoint: read-only queries, nothing fetched elsewhere.

The check reads the request the way a SPARQL parser does - after the ``\\uXXXX`` escapes
the grammar applies to the whole text first (SPARQL 1.1 Query, 19.2), skipping comments,
strings and IRIs - so a keyword hidden in a string is not mistaken for one, and a
keyword spelt with escapes is still found:

* the operation is the first keyword after the prologue (``BASE``/``PREFIX``):
  ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE`` are queries; ``INSERT``, ``DELETE``,
  ``LOAD``, ``CLEAR`` and the other update operations are refused;
* brackets nested deeper than a limit, or thousands of operators chained in one group,
  are refused (400) before any parser sees them: the engine's parser and evaluator
  recurse once per level and a few kilobytes of ``{{{{...`` overflow a worker's stack.

This is the first of three locks: the store is also opened read-only, and requests only
ever reach the engine's query entry point, whose parser rejects update syntax.

``SERVICE`` (Oxigraph would send that part of the query to the host it names) is refused
on the *parsed* query, not on its text: :func:`refuse_service` runs rdflib's SPARQL
parser and looks for a ``ServiceGraphPattern`` in the tree, so whatever spelling the
grammar accepts (``SERVICE:x``, ``service``, ``\\u0053ERVICE``, a keyword glued to a
prefixed name) is found, and a language tag or a string that merely contains the word
is not.  A text that mentions "service" in any case but that rdflib cannot read is
refused too (closed, not open, when in doubt).  It runs in the worker, under the time
limit, right before the engine - with the embedded store and with ``--endpoint``.
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
    | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?(?![\w:]))
    | (?P<name>[\w\u00B7\u0300-\u036F\u203F-\u2040.\-]*:(?:[\w\u00B7\u0300-\u036F\u203F-\u2040.\-:%]|\\.)*)
    | (?P<word>[A-Za-z_]\w*)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


class Rejected(Exception):
    """A query that is not run; ``str()`` says why, in one line."""


class Refused(Rejected):
    """A request the endpoint will not run (HTTP 403); ``str()`` says why, in one line."""


class TooComplex(Rejected):
    """A query nested or chained beyond the limits (HTTP 400); ``str()`` says why, in one line."""


MAX_NESTING = 32  # brackets ({ ( [) inside one another: real queries stay under 10
MAX_CHAIN = 1000  # operators in one bracket group: the engine overflowed at ~8,000 "+"
_OPEN, _CLOSE = frozenset("{(["), frozenset("})]")
_CHAIN_SYMBOLS = frozenset("+-*/|^&=!<>.")
_CHAIN_WORDS = frozenset({"UNION", "OPTIONAL", "MINUS"})


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


def check_shape(text: str, max_nesting: int = MAX_NESTING, max_chain: int = MAX_CHAIN) -> None:
    """:class:`TooComplex` when brackets nest deeper than ``max_nesting`` or one group chains
    more than ``max_chain`` operators (outside comments, strings and IRIs)."""
    depth = 0
    chains = [0]
    previous = ""  # the kind of the last token that was not white space or a comment
    for match in _TOKEN.finditer(unescape_codepoints(text)):
        kind = match.lastgroup
        token = match.group()
        if kind in ("space", "comment"):
            continue
        before, previous = previous, kind if kind != "other" else token
        if token == "^" and before in ("string", "^"):
            continue  # "2020-01-01"^^xsd:date is one literal, not two operators
        if kind == "other":
            if token in _OPEN:
                depth += 1
                if depth > max_nesting:
                    raise TooComplex(
                        f"the query nests brackets more than {max_nesting} deep; "
                        f"at most {max_nesting} levels are accepted (kg serve --max-nesting)"
                    )
                chains.append(0)
                continue
            if token in _CLOSE:
                depth = max(0, depth - 1)
                if len(chains) > 1:
                    chains.pop()
                continue
            if token not in _CHAIN_SYMBOLS:
                continue
        elif kind != "word" or token.upper() not in _CHAIN_WORDS:
            continue
        chains[-1] += 1
        if chains[-1] > max_chain:
            raise TooComplex(
                f"the query chains more than {max_chain} operators (UNION, OPTIONAL, +, &&, /, ...) "
                "in one group; split it into smaller queries"
            )


def normalised(text: str) -> str:
    """``text`` without comments and with each run of white space one blank (strings and
    IRIs kept as written): two spellings of the same query that differ only there match."""
    parts: list[str] = []
    for match in _TOKEN.finditer(unescape_codepoints(text)):
        kind = match.lastgroup
        if kind in ("space", "comment"):
            continue
        parts.append(match.group().upper() if kind == "word" else match.group())
    return " ".join(parts)


_MENTIONS_SERVICE = re.compile("service", re.IGNORECASE)  # Unicode folding: a superset of ASCII


def refuse_service(text: str) -> None:
    """:class:`Refused` when the query, as a SPARQL parser reads it, holds a SERVICE pattern
    (anywhere: in OPTIONAL, EXISTS, a sub-query...), or mentions "service" and cannot be read."""
    if not _MENTIONS_SERVICE.search(unescape_codepoints(text)) and not _MENTIONS_SERVICE.search(text):
        return  # no spelling of the keyword at all: nothing to parse
    import sys

    from rdflib.plugins.sparql.parser import parseQuery

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20_000))  # rdflib's parser recurses ~40 frames a bracket
    try:
        tree = parseQuery(text)
    except Exception as error:  # noqa: BLE001 - any failure to read it: refuse, do not guess
        raise Refused(
            "SERVICE is refused: this endpoint does not send queries to other servers, and this "
            f"query mentions 'service' in a way that could not be checked ({type(error).__name__})"
        ) from None
    finally:
        sys.setrecursionlimit(limit)
    if _has_service(tree):
        raise Refused(
            "SERVICE is refused: this endpoint does not send queries to other servers "
            "(federated queries are off)"
        )


def _has_service(tree: object) -> bool:
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack: list[object] = [tree]
    while stack:  # iterative: the tree can be as deep as the query is nested
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return True
            stack.extend(node.values())
        elif isinstance(node, ParseResults | list | tuple):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
    return False


def check_query(text: str, max_nesting: int = MAX_NESTING) -> None:
    """Everything a user's query must pass before it runs anywhere (``kg query --sparql``
    too): not too deeply nested, no SERVICE.  :class:`Rejected` otherwise."""
    check_shape(text, max_nesting)
    refuse_service(text)


def inspect(text: str) -> Inspection:
    """The query form of ``text``; :class:`Refused` for updates (SERVICE: see
    :func:`refuse_service`, which needs the parser)."""
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
    return Inspection(form, frozenset(words))


def refuse_update(text: str) -> None:
    """For requests that arrive as an update (``update=`` or application/sparql-update)."""
    first = next((w for w in keywords(text) if w not in ("BASE", "PREFIX")), "update")
    raise Refused(
        f"this endpoint is read-only: SPARQL Update requests ({first}) are not accepted"
    )
