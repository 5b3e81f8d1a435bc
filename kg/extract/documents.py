"""Documents: numbered ones with type, issuer, date, term and subject; unnumbered resolutions."""

from __future__ import annotations

import re

from kg.extract.bodies import match_body
from kg.extract.draft import Draft
from kg.extract.patterns import ROMAN, patterns, plenum_number
from kg.facts import Body, Document, PartialDate
from kg.gazetteer import load
from kg.text import canonical, fold

_DOC_DATE = re.compile(r"\s*,?\s*ngày\s+(\d{1,2})\s*[/-]\s*(\d{1,2})\s*[/-]\s*(\d{4})")


_DOC_ISSUER = re.compile(r"\s*,?\s*của\s+")


_DOC_TERM = re.compile(rf"\s*\(?\s*khóa\s+({ROMAN})\s*\)?")


_DOC_SUBJECT = re.compile(
    r'\s*"?\s*([Vv]ề\s+(?:"[^"\n]+"|[^;…\n"]*?))(?=[";…]|\.\s|\.$|$|,\s+(?:gắn|đồng thời|đảm bảo|bảo đảm))'
)


_CENTRAL_PARTY = {"politburo", "secretariat", "central_committee"}


def find_documents(draft: Draft) -> None:
    g, pat = load(), patterns()
    text = draft.text
    subject_spans: list[tuple[Document, int, int]] = []
    mentions: list[tuple[Document, int]] = []
    for m in draft.scan(pat.document, pat.firsts["document"]):
        if not text[m.start()].isupper():
            continue
        dtype = g.document_types.get(fold(m.group("type")))
        if dtype is None:
            continue
        cursor = m.end()
        date = term = subject = None
        issuer: Body | None = None
        subject_span: tuple[int, int] | None = None
        for _ in range(4):
            if d := _DOC_DATE.match(text, cursor):
                date = PartialDate(int(d.group(3)), int(d.group(2)), int(d.group(1)))
                draft.used_spans.append((d.start(), d.end()))
                cursor = d.end()
            elif (
                (i := _DOC_ISSUER.match(text, cursor))
                and (b := match_body(draft, i.end(), allow_office=True))
                and b.bodies
            ):
                issuer = b.bodies[0]
                cursor = b.end
            elif t := _DOC_TERM.match(text, cursor):
                term = t.group(1)
                cursor = t.end()
            elif (s := _DOC_SUBJECT.match(text, cursor)) and not subject:
                subject = canonical(s.group(1))
                subject_span = (s.start(1), s.end(1))
                cursor = s.end()
            else:
                break
        identifier = m.group("id")
        number = None
        if identifier:
            identifier = identifier.rstrip(".-/")
            number = re.match(r"\d+", identifier).group()  # type: ignore[union-attr]
            code = re.split(r"[-/]", identifier)[-1]
            if issuer is None:
                issuer_name, _level = g.issuer_codes.get(code, ("", ""))
                named = g.bodies.get(issuer_name)
                if named:
                    issuer = draft.add_body(named.name, named.kind, named.level or "central")
        else:
            number = m.group("number")
            if issuer is None or issuer.kind not in _CENTRAL_PARTY or not dtype.code:
                continue
            identifier = f"{int(number):02d}-{dtype.code}/TW"
        label = f"{dtype.label} {identifier}"
        doc = draft.add_document(
            fold(identifier),
            Document(
                id="",
                doc_type=dtype.label,
                label=label,
                identifier=identifier,
                number=number,
                issuer=issuer.id if issuer else None,
                date=date,
                term=term,
                subject=subject,
            ),
            m.start(),
            cursor,
        )
        mentions.append((doc, m.start()))
        if subject_span:
            subject_spans.append((doc, *subject_span))
    for m in draft.scan(pat.unnumbered_document, pat.firsts["unnumbered_document"]):
        if not m.group()[0].isupper():
            continue
        plenum = plenum_name(m)
        if plenum:
            label = f"{canonical(m.group('type'))} {plenum}"
        else:
            label = canonical(re.sub(r"[()]", "", m.group()))
            label = re.sub(r"\s+của\s+Đảng$", "", label)
            label = re.sub(r"\s+", " ", label)
        dtype = g.document_types.get(fold(m.group("type")))
        doc = draft.add_document(
            fold(label),
            Document(id="", doc_type=dtype.label if dtype else m.group("type"), label=label),
            m.start(),
            m.end(),
        )
        mentions.append((doc, m.start()))
    for doc, start, end in subject_spans:
        for other, offset in mentions:
            if other is not doc and start <= offset < end and other.id not in doc.refers_to:
                doc.refers_to.append(other.id)


def plenum_name(m: re.Match[str]) -> str | None:
    """ "Hội nghị Trung ương 11 khóa XIII" from any spelling of a plenum the match holds."""
    groups = m.groupdict()
    raw = groups.get("n_before") or groups.get("n_after")
    number = plenum_number(raw) if raw else None
    if number is None:
        return None
    term = groups.get("term")
    return f"Hội nghị Trung ương {number}" + (f" khóa {term}" if term else "")
