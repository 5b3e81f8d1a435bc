"""Documents: numbered ones with type, issuer, date, term and subject; unnumbered resolutions."""

from __future__ import annotations

import re
from functools import cache

from kg.extract.bodies import match_body, organ_body
from kg.extract.draft import Draft
from kg.extract.patterns import CAP, ROMAN, WORD_END, patterns, plenum_number, roman
from kg.facts import Body, Document, PartialDate
from kg.gazetteer import DocumentType, Gazetteer, load, read_rows
from kg.text import canonical, fold

_DOC_DATE = re.compile(r"\s*,?\s*ngày\s+(\d{1,2})(?:\s*[/-]\s*|\s+tháng\s+)(\d{1,2})(?:\s*[/-]\s*|\s+năm\s+)(\d{4})")


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
    numbered: list[tuple[Document, int, int, bool]] = []  # document, start, end, issuer read after it
    for m in draft.scan(_numbered_pattern(), pat.firsts["document"]):
        if not text[m.start()].isupper():
            continue
        dtype = g.document_types.get(fold(m.group("type")))
        if dtype is None:
            continue
        doc_start, dtype = _compound_type(g, text, m.start(), dtype)
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
        issuer_after = issuer is not None
        if identifier:
            identifier = _PARTY_SYMBOL_SWAPPED.sub(r"\1-\2/TW", re.sub(r"\s+", "", identifier).rstrip(".-/"))
            number = re.match(r"\d+", identifier).group()  # type: ignore[union-attr]
            code = re.split(r"[-/]", identifier)[-1]
            issuer = issuer or _issuer_before(draft, doc_start) or _issuer_of_code(draft, code)
        else:
            number = m.group("number")
            issuer = issuer or _issuer_before(draft, doc_start) or _issuer_after_list(draft, cursor)
            identifier = _implied_identifier(draft, number, dtype.code, issuer)
            if identifier is None and issuer is None and dtype.code and _markers()["central"].match(text, cursor):
                # "Chỉ thị 35 và các hướng dẫn của Trung ương": the Party centre's symbol, no body named
                identifier = f"{int(number):02d}-{dtype.code}/TW"
            if identifier is None and (issuer is None or dtype.code):
                continue
        # a type that has no symbol code ("Thông tri 36 của BTV Thành ủy") is named by type and number
        label = f"{dtype.label} {identifier or number}"
        if not m.group("id") and identifier and not identifier.endswith("/TW"):
            # a local symbol read from the issuer, not printed ("Chương trình hành động 76 của BTV Thành
            # ủy" is 76-CTr/TU): the identifier keeps it one document, the label says what was written
            label = re.sub(r"\s+", " ", canonical(text[doc_start : m.end()]))
            label = re.sub(r"\s+số\s+", " ", label)
        doc = draft.add_document(
            fold(identifier or label),
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
            doc_start,
            cursor,
        )
        mentions.append((doc, doc_start))
        numbered.append((doc, doc_start, cursor, issuer_after))
        if subject_span:
            subject_spans.append((doc, *subject_span))
    for doc, start in _listed_documents(draft):
        mentions.append((doc, start))
    unnumbered = [
        m
        for m in draft.scan(pat.unnumbered_document, pat.firsts["unnumbered_document"])
        if m.group()[0].isupper() and not _cut_word(text, m) and not _is_draft(draft, m.start(), m.group("type"))
    ]
    for index, m in enumerate(unnumbered):
        dtype = g.document_types.get(fold(m.group("type")))
        plenum = plenum_name(m)
        if plenum and not m.group("term") and (term := _term_of_list(text, unnumbered, index)):
            plenum = f"{plenum} khóa {term}"
        labels = []
        if plenum:
            # "Nghị quyết Trung ương 4 khóa XII" (ANNOTATION's name), however the plenum is spelled
            kind = canonical(m.group("type"))
            labels.append(f"{kind} {plenum.removeprefix('Hội nghị ')}" if kind == "Nghị quyết" else f"{kind} {plenum}")
            # "Nghị quyết Hội nghị Trung ương 4 (khóa XI, khóa XII)": the same plenum of each term
            for more in _MORE_TERMS.finditer(text, m.end(), min(len(text), m.end() + 40)):
                if text[m.end() : more.start()].strip(" ,") or not m.group("term"):
                    break
                labels.append(re.sub(rf"khóa {ROMAN}$", f"khóa {more.group(1)}", labels[0]))
        else:
            label = canonical(re.sub(r"[()]", "", m.group()))
            label = re.sub(r"\s+của\s+Đảng$", "", label)
            label = re.sub(r"\s+", " ", label)
            # one name for the national congress's resolution however it is spelled ("Nghị quyết Đại
            # hội lần thứ XIII", "... Đại hội Đảng toàn quốc lần thứ XIII", "... Đại hội 13"): "Nghị quyết Đại hội XIII"
            label = re.sub(r"(\d{1,2})((?:\s+của\s+Đảng)?)$", lambda d: roman(int(d.group(1))) + d.group(2), label)
            labels.append(_NATIONAL_CONGRESS_DOC.sub(r"\g<type> Đại hội \g<n>", label))
        for label in labels:
            term = re.search(rf"khóa ({ROMAN})$", label) if plenum else None
            doc = draft.add_document(
                fold(label),
                Document(
                    id="",
                    doc_type=dtype.label if dtype else m.group("type"),
                    label=label,
                    term=term.group(1) if term else None,
                ),
                m.start(),
                m.end(),
            )
            mentions.append((doc, m.start()))
    for doc, start in _congress_resolutions(draft):
        mentions.append((doc, start))
    for doc, start in _committee_resolutions(draft):
        mentions.append((doc, start))
    for doc, start in _symbol_only(draft):
        mentions.append((doc, start))
    _shared_issuers(draft, numbered)
    for doc, start, end in subject_spans:
        for other, offset in mentions:
            if other is not doc and start <= offset < end and other.id not in doc.refers_to:
                doc.refers_to.append(other.id)


_NATIONAL_CONGRESS_DOC = re.compile(
    rf"^(?P<type>Nghị quyết|Văn kiện) Đại hội (?:Đảng )?(?:toàn quốc )?(?:lần thứ )?(?P<n>{ROMAN})$"
)


_MORE_TERMS = re.compile(rf"\s*,\s*khóa\s+({ROMAN})(?![\w])\s*\)?")


_LIST_JOIN = re.compile(r"\s*(?:,|;|và)\s*")


def _term_of_list(text: str, found: list[re.Match[str]], index: int) -> str | None:
    """ "Nghị quyết Trung ương 8, Nghị quyết Trung ương 9 khóa XII": the term written after the last
    plenum resolution of a list is the term of each one before it."""
    for m, nxt in zip(found[index:], found[index + 1 :], strict=False):
        if not _LIST_JOIN.fullmatch(text, m.end(), nxt.start()) or plenum_name(nxt) is None:
            return None
        if nxt.group("term"):
            return nxt.group("term")
    return None


@cache
def _markers() -> dict[str, re.Pattern[str]]:
    """The words of ``document_markers.csv`` as patterns: ``draft`` (written right before a document:
    "dự thảo"), ``discussed`` (a verb that makes congress documents drafts: "thảo luận"),
    ``central`` (after the number: "... của Trung ương", the Party centre with no body named)."""
    words: dict[str, list[str]] = {}
    for row in read_rows("document_markers.csv"):
        if row.get("marker"):
            words.setdefault(row.get("meaning", ""), []).append(canonical(row["marker"]))

    def alternation(labels: list[str]) -> str:
        ordered = sorted(set(labels), key=len, reverse=True)
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) or "(?!)"

    draft_words = words.get("draft", [])
    return {
        "draft": re.compile(rf"(?<![\w])(?:{alternation(draft_words)})\s*$", re.IGNORECASE),
        "discussed": re.compile(
            rf"(?<![\w])(?:{alternation(words.get('draft_discussed', []) + draft_words)})\s+", re.IGNORECASE
        ),
        # "Chỉ thị 35 và các hướng dẫn của Trung ương"; not "của Trung ương Đoàn" (another body)
        "central": re.compile(
            rf"\s*,?\s*(?:và\s+(?:các\s+)?(?:[^\W\d]+\s+){{1,3}}?)?của\s+(?:{alternation(words.get('central', []))})"
            rf"(?![\w.])(?!\s+{CAP})"
        ),
    }


def _is_draft(draft: Draft, start: int, kind: str) -> bool:
    """ "dự thảo Nghị quyết Đại hội ...", "thảo luận Văn kiện Đại hội ... ; Văn kiện Đại hội ...": a draft
    under discussion, not an issued document.  Only congress documents ("Văn kiện") are made drafts by
    the discussion verb alone: an issued resolution is discussed at study conferences too."""
    text = draft.text
    s_start = draft.sentence_of(start)[0]
    before = text[max(s_start, start - 200) : start]
    markers = _markers()
    if markers["draft"].search(before):
        return True
    if fold(canonical(kind)) != fold("Văn kiện"):
        return False
    verbs = list(markers["discussed"].finditer(before))
    if not verbs:
        return False
    verb = verbs[-1]
    # only other congress documents between the verb and this one: one list of drafts
    pieces = re.split(r";|\s+và\s+", before[verb.end() :])
    return all(not p.strip() or fold(p.strip()).startswith(fold("Văn kiện")) for p in pieces)


def _cut_word(text: str, m: re.Match[str]) -> bool:
    """ "Nghị quyết Đại hội và ...": a Roman numeral read in a word's first letter."""
    return m.end() < len(text) and text[m.end() - 1].isalnum() and text[m.end()].isalnum()


@cache
def _numbered_pattern() -> re.Pattern[str]:
    """The numbered-document pattern, also where a type carries a qualifier ("Chương trình hành
    động số 11-CTr/QU") and where the symbol is written with a space before its dash ("11 -CTr/QU")."""
    types = "|".join(
        re.escape(t.label).replace(r"\ ", r"\s+")
        for t in sorted(load().document_types.values(), key=lambda t: len(t.label), reverse=True)
    )
    identifier = r"\d+[A-Za-z]?(?:/\d{4})?\s?[-/](?:[A-ZĐ][A-Za-zĐđ0-9]*)(?:[-/.][A-ZĐ][A-Za-zĐđ0-9]*)*"
    return re.compile(
        rf"(?P<type>{types})(?:\s+hành\s+động)?\s+(?:số\s+)?"
        rf"(?:(?P<id>{identifier})|(?P<number>\d+){WORD_END}(?![-/]\d))"
    )


_GLUE = re.compile(r"\s*(?:,|;|và)\s*")


# "Chỉ thị số 22/CT-TW": a party symbol written in the state's order (number/type-issuer); the Party
# centre's symbols are number-type/TW ("22-CT/TW"), the state's keep theirs ("1300/CĐ-TTg")
_PARTY_SYMBOL_SWAPPED = re.compile(r"^(\d+)/([A-ZĐ][A-Za-zĐđ]*)-TW$")


def _issuer_after_list(draft: Draft, cursor: int) -> Body | None:
    """ "Thông tri 36, Chương trình hành động 76 của BTV Thành ủy": the issuer written after the
    last document of a list reaches every document of it."""
    text = draft.text
    for _ in range(5):
        glue = _GLUE.match(text, cursor)
        nxt = _numbered_pattern().match(text, glue.end()) if glue and glue.group().strip() else None
        if nxt is None:
            return None
        cursor = nxt.end()
        i = _DOC_ISSUER.match(text, cursor)
        b = match_body(draft, i.end(), allow_office=True) if i else None
        if b and b.bodies:
            return b.bodies[0]
    return None


_LIST_GLUE = re.compile(r"\s*(?:,|;|và)\s*$")


def _shared_issuers(draft: Draft, numbered: list[tuple[Document, int, int, bool]]) -> None:
    """ "Nghị quyết số 79-NQ/TW và Nghị quyết số 80-NQ/TW của Bộ Chính trị", "Nghị quyết 45, Chỉ thị số
    35 của Bộ Chính trị": documents joined by "và" or a comma share the issuer written after the last one."""
    pairs = list(zip(numbered, numbered[1:], strict=False))
    for (doc, _, end, _), (nxt, n_start, _, n_after) in reversed(pairs):
        glued = _LIST_GLUE.fullmatch(draft.text[end:n_start])
        if doc.issuer is None and n_after and nxt.issuer and glued and _fits_symbol(draft, doc, nxt.issuer):
            doc.issuer = nxt.issuer


def _fits_symbol(draft: Draft, doc: Document, issuer_id: str) -> bool:
    """A symbol that names the Party centre ("-QĐ/TW") is not a provincial committee's, and one that
    names a provincial committee ("-ĐA/TU") not the centre's: an issuer shared over a list must agree."""
    if not doc.identifier or "/" not in doc.identifier:
        return True
    code = doc.identifier.rsplit("/", 1)[-1]
    issuer = draft.body_by_id(issuer_id)
    if issuer is None or code not in ("TW", "TU"):
        return True
    return (issuer.level == "central") == (code == "TW")


_CONGRESS_RESOLUTION = re.compile(
    rf"(?P<type>Nghị\s+quyết|Văn\s+kiện)\s+Đại\s+hội\s+(?:[Đđ]ại\s+biểu\s+)?"
    rf"(?:toàn\s+quốc\s+lần\s+thứ\s+(?P<n>{ROMAN})(?:\s+của\s+Đảng)?"
    rf"|(?P<local>Đảng\s+bộ(?:\s+(?:tỉnh|thành\s+phố|TP\.?|huyện|quận|thị\s+xã|phường|xã)(?:\s+{CAP})*)?"
    rf"(?:\s+lần\s+thứ\s+(?:{ROMAN}|\d+)"
    # "Nghị quyết Đại hội Đảng bộ nhiệm kỳ 2020-2025": a local congress named by the term it opened
    rf"|\s*,?\s*nhiệm\s+kỳ\s+(?P<first>(?:19|20)\d{{2}})\s*[-–]\s*(?P<last>(?:19|20)\d{{2}}))))"
    rf"{WORD_END}"
)


_CONGRESS_RESOLUTION_FIRSTS = frozenset({"nghị", "văn"})


def _congress_resolutions(draft: Draft) -> list[tuple[Document, int]]:
    """Unnumbered congress resolutions the plenum pattern leaves: "Nghị quyết Đại hội Đại biểu toàn
    quốc lần thứ XII của Đảng" (named "Nghị quyết Đại hội XII") and a local party organisation's
    "Nghị quyết Đại hội Đại biểu Đảng bộ TP Hồ Chí Minh lần thứ X" (named as written, also without its
    place: "Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XIX" is the article's province's, named as written)."""
    g = load()
    found = []
    for m in draft.scan(_CONGRESS_RESOLUTION, _CONGRESS_RESOLUTION_FIRSTS):
        if _is_draft(draft, m.start(), m.group("type")):
            continue
        kind = canonical(re.sub(r"\s+", " ", m.group("type")))
        # the national congress by its number; a local one as written
        written = m.group()
        if m.group("first"):
            written = written[: m.start("first") - m.start()].rstrip(" ,") + f" {m.group('first')}-{m.group('last')}"
            written = re.sub(r"\s*,\s*nhiệm", " nhiệm", written)
        label = f"{kind} Đại hội {m.group('n')}" if m.group("n") else canonical(re.sub(r"\s+", " ", written))
        dtype = g.document_types.get(fold(kind))
        doc = draft.add_document(
            fold(label), Document(id="", doc_type=dtype.label if dtype else kind, label=label), m.start(), m.end()
        )
        found.append((doc, m.start()))
    return found


# "văn bản số 71-HD/BTGTW": a document named by its symbol alone; the symbol's type code gives its type
_SYMBOL_ONLY = re.compile(
    r"(?<![\w])[Vv]ăn\s+bản\s+(?:số\s+)?(?P<id>\d+[A-Za-z]?\s?[-/](?P<code>[A-ZĐ][A-Za-zĐđ]*)[-/][A-ZĐ][A-Za-zĐđ0-9.]*)"
    + WORD_END
)
_SYMBOL_ONLY_FIRSTS = frozenset({"văn"})


@cache
def _types_by_code() -> dict[str, DocumentType]:
    """Document types by their symbol code, for the codes only one type uses ("HD", not "QĐ")."""
    by_code: dict[str, list[DocumentType]] = {}
    for t in load().document_types.values():
        if t.code:
            by_code.setdefault(t.code, []).append(t)
    # "TB": a Thông báo, also of conclusions; the shorter label is the general type
    return {code: min(ts, key=lambda t: len(t.label)) for code, ts in by_code.items() if len(ts) == 1 or code == "TB"}


def _symbol_only(draft: Draft) -> list[tuple[Document, int]]:
    text = draft.text
    found = []
    for m in draft.scan(_SYMBOL_ONLY, _SYMBOL_ONLY_FIRSTS):
        dtype = _types_by_code().get(m.group("code"))
        if dtype is None:
            continue
        identifier = _PARTY_SYMBOL_SWAPPED.sub(r"\1-\2/TW", re.sub(r"\s+", "", m.group("id")).rstrip("."))
        date = None
        if d := _DOC_DATE.match(text, m.end()):
            date = PartialDate(int(d.group(3)), int(d.group(2)), int(d.group(1)))
            draft.used_spans.append((d.start(), d.end()))
        issuer = _issuer_of_code(draft, re.split(r"[-/]", identifier)[-1]) if "/" in identifier else None
        doc = _add_numbered(draft, dtype.label, identifier, identifier, issuer, date, None, m.start("id"), m.end())
        found.append((doc, m.start()))
    return found


_COMMITTEE_RESOLUTION = re.compile(r"Nghị\s+quyết\s+(?=[A-ZĐ])")
_COMMITTEE_RESOLUTION_FIRSTS = frozenset({"nghị"})
_RESOLUTION_TIME = re.compile(
    rf"\s+(?:năm\s+(?:19|20)\d{{2}}|khóa\s+{ROMAN}|nhiệm\s+kỳ\s+(?:19|20)\d{{2}}\s*[-–]\s*(?:19|20)\d{{2}}){WORD_END}"
)
# a party committee or its executive / standing committee passes resolutions; an advisory organ does not
_RESOLVING_ORGANS = frozenset({"ban_chap_hanh", "ban_thuong_vu"})


@cache
def _committee_name() -> re.Pattern[str]:
    """A party committee's name as the grammar of ``body_kinds.csv`` writes it: [its executive or
    standing committee] a committee head ("Tỉnh ủy", "Đảng ủy", "Đảng bộ" after an organ) [a unit]
    [a place]; for resolutions named by their committee, whether or not the body is known."""
    kinds = load().body_kinds.values()
    organs = [h for k in kinds if k.kind in _RESOLVING_ORGANS for h in (k.head, *k.aliases)]
    committees = [h for k in kinds if k.tier == "committee" for h in (k.head, *k.aliases)]

    def alternation(labels: list[str]) -> str:
        ordered = sorted({canonical(w) for w in labels}, key=len, reverse=True)
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) or "(?!)"

    unit = r"(?:tỉnh|thành\s+phố|TP\.?|huyện|quận|thị\s+xã|phường|xã|đặc\s+khu)"
    return re.compile(
        rf"(?:(?:{alternation(organs)})\s+(?:Đảng\s+bộ|{alternation(committees)})|{alternation(committees)})"
        rf"(?:\s+{unit})?(?:\s+{CAP})*{WORD_END}"
    )


def _committee_resolutions(draft: Draft) -> list[tuple[Document, int]]:
    """ "Nghị quyết Ban Chấp hành Đảng bộ phường năm 2026": a party committee's resolution named by the
    committee and its year (or term), named as written; the committee is its issuer when it is known."""
    text = draft.text
    found = []
    for m in draft.scan(_COMMITTEE_RESOLUTION, _COMMITTEE_RESOLUTION_FIRSTS):
        name = _committee_name().match(text, m.end())
        when = _RESOLUTION_TIME.match(text, name.end()) if name else None
        if name is None or when is None or _is_draft(draft, m.start(), "Nghị quyết"):
            continue
        b = match_body(draft, m.end())
        issuer = b.bodies[0] if b and b.bodies and b.end == name.end() else None
        label = canonical(re.sub(r"\s+", " ", text[m.start() : when.end()]))
        doc = draft.add_document(
            fold(label),
            Document(id="", doc_type="Nghị quyết", label=label, issuer=issuer.id if issuer else None),
            m.start(),
            when.end(),
        )
        found.append((doc, m.start()))
    return found


def plenum_name(m: re.Match[str]) -> str | None:
    """ "Hội nghị Trung ương 11 khóa XIII" from any spelling of a plenum the match holds."""
    groups = m.groupdict()
    raw = groups.get("n_before") or groups.get("n_after")
    number = plenum_number(raw) if raw else None
    if number is None:
        return None
    term = groups.get("term")
    if term and term.isdigit():
        term = roman(int(term))
    return f"Hội nghị Trung ương {number}" + (f" khóa {term}" if term else "")


# --- lists and numbers without a symbol ---------------------------------------------------


def _compound_type(g: Gazetteer, text: str, start: int, dtype: DocumentType) -> tuple[int, DocumentType]:
    """ "Thông báo Kết luận 70-TB/TW": a longer type ending in the one matched ("Thông báo kết luận"),
    when the words before it complete it (the type pattern is case-sensitive, the text is not)."""
    for longer in _longer_types().get(fold(dtype.label), ()):
        prefix = longer.label[: len(longer.label) - len(dtype.label)]
        begin = start - len(prefix)
        if begin >= 0 and fold(text[begin:start]) == fold(prefix):
            return begin, longer
    return start, dtype


@cache
def _longer_types() -> dict[str, tuple[DocumentType, ...]]:
    g = load()
    found: dict[str, list[DocumentType]] = {}
    for longer in g.document_types.values():
        for shorter in g.document_types.values():
            if longer is not shorter and fold(longer.label).endswith(" " + fold(shorter.label)):
                found.setdefault(fold(shorter.label), []).append(longer)
    return {k: tuple(sorted(v, key=lambda t: -len(t.label))) for k, v in found.items()}


_ISSUED_BY = re.compile(r"\s+(?:đã\s+|vừa\s+|mới\s+)?ban\s+hành\s+(?:các\s+|\d+\s+)?$", re.IGNORECASE)


def _issuer_before(draft: Draft, start: int) -> Body | None:
    """ "Ban Thường vụ Tỉnh ủy Yên Bái đã ban hành Chỉ thị số 17": the body named before "ban hành"."""
    s_start = draft.sentence_of(start)[0]
    verb = _ISSUED_BY.search(draft.text, s_start, start)
    if verb is None:
        return None
    best: tuple[tuple[int, int, bool], Body] | None = None
    for body in draft.bodies.values():
        for mention in body.mentions:
            if s_start <= mention.start and verb.start() - 2 <= mention.end <= verb.start():
                # the widest name; of a committee and its organ named by the same words, the organ
                key = (mention.end, -mention.start, body.parent is not None)
                if best is None or key > best[0]:
                    best = (key, body)
    return best[1] if best else None


def _issuer_of_code(draft: Draft, code: str) -> Body | None:
    """The issuer a symbol names: "TW" none (which central body?), "BTGTW" the Ban Tuyên giáo Trung
    ương, "TU" the Tỉnh ủy (or Thành ủy) of the article's province, "BTGTU" its Ban Tuyên giáo."""
    g = load()
    issuer_name, level = g.issuer_codes.get(code, ("", ""))
    named = g.bodies.get(issuer_name)
    if named:
        return draft.add_body(named.name, named.kind, named.level or "central")
    if level != "local" or not draft.province or not code.endswith("TU"):
        return None  # a district's or a block's code: which one is not said
    province = g.provinces.get(draft.province)
    if province is None:
        return None
    committee = draft.add_body(
        f"{province.committee} {draft.province}",
        "thanh_uy" if province.unit == "thanh_pho" else "tinh_uy",
        "province",
        place=draft.province,
    )
    kind = g.body_kinds.get(issuer_name)
    if code == "TU" or kind is None or kind.tier != "organ":
        return committee
    return organ_body(draft, issuer_name, committee)


_COMMITTEE_SUFFIX = {"tinh_uy": "TU", "thanh_uy": "TU"}


def _implied_identifier(draft: Draft, number: str, type_code: str, issuer: Body | None) -> str | None:
    """ "Chỉ thị 05 của Bộ Chính trị" is 05-CT/TW; "Chỉ thị số 17" of a Tỉnh ủy's standing committee
    17-CT/TU. None when the issuer does not say which symbol the number belongs to."""
    if issuer is None or not type_code:
        return None
    if issuer.kind in _CENTRAL_PARTY:
        return f"{int(number):02d}-{type_code}/TW"
    if issuer.level != "province":  # an unresolved committee still names the symbol; the place stays unknown
        return None
    committee = issuer
    if committee.kind not in _COMMITTEE_SUFFIX:
        parent = draft.body_by_id(committee.parent)
        if issuer.kind != "ban_thuong_vu" or parent is None:
            return None  # an organ's own documents carry its own code ("-HD/BTGTU")
        committee = parent
    suffix = _COMMITTEE_SUFFIX.get(committee.kind)
    return f"{int(number):02d}-{type_code}/{suffix}" if suffix else None


_SYMBOL_TAIL = r"\s*-\s*(?P<code>[A-ZĐ][A-Za-zĐđ]*)\s*/\s*(?P<issuer>[A-ZĐ][A-Za-zĐđƯư]*)" + WORD_END
# one item of a list: a number, and the symbol when it is written after it
_ITEM = re.compile(rf"(?P<number>\d+[a-z]?)(?![\d/.,]\d)(?:{_SYMBOL_TAIL})?")


@cache
def _list_pattern() -> re.Pattern[str]:
    """ "Nghị quyết số 59, 70, 71 và 72-NQ/TW", "Nghị quyết số 57-NQ/TW, 59-NQ/TW", "Kết luận số 100 -
    KL/TW", "Nghị quyết 59, 70 của ..." """
    labels = sorted((t.label for t in load().document_types.values()), key=len, reverse=True)
    types = "|".join(re.escape(label).replace(r"\ ", r"\s+") for label in labels)
    item = _ITEM.pattern.replace("?P<number>", "?:").replace("?P<code>", "?:").replace("?P<issuer>", "?:")
    return re.compile(rf"(?P<type>{types})\s+(?:số\s+)?(?P<items>{item}(?:\s*(?:,|;|và)\s*(?:số\s+)?{item})*)")


def _listed_documents(draft: Draft) -> list[tuple[Document, int]]:
    """Documents named in a list under one type ("Nghị quyết số 59, 70, 71 và 72-NQ/TW của Bộ Chính
    trị": four documents, each of the issuer), and symbols written with spaces ("100 - KL/TW")."""
    g, pat = load(), patterns()
    text = draft.text
    regex = _list_pattern()
    found: list[tuple[Document, int]] = []
    for m in draft.scan(regex, pat.firsts["document"]):
        items = list(_ITEM.finditer(m.group("items")))
        if not text[m.start()].isupper() or not items:
            continue
        last = items[-1]
        if len(items) < 2:
            first = draft.match_at(pat.document, m.start())
            if not last.group("code") or (first is not None and first.group("id")):
                continue  # one number without a symbol, or a plain symbol: read by the main rule
        dtype = g.document_types.get(fold(m.group("type")))
        if dtype is None:
            continue
        start, dtype = _compound_type(g, text, m.start(), dtype)
        cursor = m.end()
        issuer: Body | None = None
        term = None
        date = None
        for _ in range(3):
            if (d := _DOC_DATE.match(text, cursor)) and date is None:
                date = PartialDate(int(d.group(3)), int(d.group(2)), int(d.group(1)))
                draft.used_spans.append((d.start(), d.end()))
                cursor = d.end()
                continue
            i = _DOC_ISSUER.match(text, cursor)
            b = match_body(draft, i.end(), allow_office=True) if i else None
            if b and b.bodies:
                issuer = b.bodies[0]
                cursor = b.end
            elif t := _DOC_TERM.match(text, cursor):
                term = t.group(1)
                cursor = t.end()
            else:
                break
        issuer = issuer or _issuer_before(draft, start)
        for item in items:
            # the item's own symbol, else the one written after the last item, else the issuer's
            code = item.group("code") or last.group("code")
            suffix = item.group("issuer") or last.group("issuer")
            if code and dtype.code and fold(code) != fold(dtype.code):
                continue  # "Nghị quyết 59, 70-KL/TW" is not a list of resolutions
            number = item.group("number")
            if suffix:
                identifier = f"{number}-{code}/{suffix}"
                doc_issuer = issuer or _issuer_of_code(draft, suffix)
            else:
                identifier = _implied_identifier(draft, number, dtype.code, issuer)
                doc_issuer = issuer
                if identifier is None:
                    continue
            # the date of a list: of which one?
            one_date = date if len(items) == 1 else None
            doc = _add_numbered(draft, dtype.label, identifier, number, doc_issuer, one_date, term, start, cursor)
            found.append((doc, start))
    return found


def _add_numbered(
    draft: Draft,
    doc_type: str,
    identifier: str,
    number: str,
    issuer: Body | None,
    date: PartialDate | None,
    term: str | None,
    start: int,
    end: int,
) -> Document:
    """A document known by its symbol ("Chỉ thị 05-CT/TW"): labelled by its type and symbol,
    numbered by the symbol's leading digits."""
    return draft.add_document(
        fold(identifier),
        Document(
            id="",
            doc_type=doc_type,
            label=f"{doc_type} {identifier}",
            identifier=identifier,
            number=re.match(r"\d+", number).group(),  # type: ignore[union-attr]
            issuer=issuer.id if issuer else None,
            date=date,
            term=term,
        ),
        start,
        end,
    )
