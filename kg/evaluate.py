"""Score extracted facts against hand-annotated gold (tests/gold/*.json).

Each kind of fact is turned into a set of comparable keys on both sides and scored
as true positives, false positives and false negatives.  Strings compare with
:func:`kg.text.fold` (case- and tone-style-insensitive), document identifiers with
whitespace removed.  Gold items listed under ``optional_*`` (and per-meeting
``optional_chairs`` / ``optional_organisers`` / ``optional_place``, per-document
``issuer_optional``) are ignored both ways: not a miss when absent, not a false
positive when present.

Meetings are matched one-to-one before their attributes are compared: a predicted
meeting matches a gold one when their names (or a gold alias) fold-equal, or when
both have the same start date and compatible kinds ("Tọa đàm" and "Tọa đàm trực
tuyến" are compatible); an equal end date breaks ties.  Attributes of unmatched
predicted meetings are false positives, those of unmatched gold meetings misses.

Run as ``python -m kg.evaluate data/articles tests/gold`` to print the table.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.facts import ArticleFacts, Meeting, PartialDate
from kg.gazetteer import load
from kg.text import fold

# Kinds in the order the table prints them.
KINDS: tuple[str, ...] = (
    "persons",
    "author",
    "bodies",
    "positions",
    "documents",
    "document_types",
    "document_issuers",
    "meetings",
    "meeting_dates",
    "meeting_places",
    "meeting_chairs",
    "meeting_organisers",
    "places",
)


class GoldError(ValueError):
    """A gold file that cannot be read; the message names the file and the reason."""


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        # Nothing predicted and nothing to find is a perfect score, not 0/0.
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if not self.fn else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else (1.0 if not self.fp else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


# ---------------------------------------------------------------- normalised keys

_LABEL_JUNK = re.compile(r"[\"'“”‘’(),;:.!?…]+")
_SPACES = re.compile(r"\s+")
# Unit words in front of a place name: "Thành phố Đồng Hới" and "Đồng Hới" are one place.
_PLACE_UNIT = re.compile(r"^(?:điểm cầu|thành phố|tp\.?|tỉnh|huyện|thị xã|tx\.?|quận|thị trấn|xã|phường)\s+")
_DOUBLE_BAN = re.compile(r"\bban ban\b")


def label_key(text: str) -> str:
    """Names and labels: folded, quotes and brackets dropped, single spaces."""
    return _SPACES.sub(" ", _LABEL_JUNK.sub(" ", fold(text))).strip()


def identifier_key(text: str) -> str:
    """Document symbols: "05 - CT/TW" and "05-CT/TW" are one identifier."""
    return _SPACES.sub("", fold(text))


def place_key(text: str) -> str:
    key = label_key(text)
    while True:
        stripped = _PLACE_UNIT.sub("", key)
        if stripped == key:
            return key
        key = stripped


def title_key(role: str, body: str | None) -> str:
    """Role and body read as one title, so where a reader splits them does not matter.

    ("Ủy viên", "Ban Thường vụ Tỉnh ủy X") and ("Ủy viên Ban Thường vụ", "Tỉnh ủy X") both
    say "ủy viên ban thường vụ tỉnh ủy x"; ("Trưởng Ban", "Ban Tuyên giáo ...") reads
    "trưởng ban tuyên giáo ...", as the title is written.
    """
    if body:
        # ("Ủy viên Bộ Chính trị", "Bộ Chính trị") and ("Ủy viên", "Bộ Chính trị") are one title
        g = load()
        title, named = g.role_by_fold.get(fold(role)), g.body(body)
        if title and named and title.implied_body == named.name:
            role = g.role_in_body(role)
    text = f"{role} {body}" if body else role
    return _DOUBLE_BAN.sub("ban", label_key(text))


def _date_text(date: PartialDate | None) -> str | None:
    return (date.iso() or None) if date else None


# ---------------------------------------------------------------- set scoring


def _score_sets(predicted: set[Any], gold: set[Any], optional: set[Any] | None = None) -> Counts:
    optional = (optional or set()) - gold
    return Counts(
        tp=len(predicted & gold),
        fp=len(predicted - gold - optional),
        fn=len(gold - predicted),
    )


def _names(values: Iterable[str | None]) -> set[str]:
    return {label_key(v) for v in values if v}


# ---------------------------------------------------------------- documents


def _document_keys(doc: dict[str, Any]) -> set[str]:
    keys = {identifier_key(doc["id"]), label_key(doc["id"])}
    for alias in doc.get("aliases", []):
        keys |= {identifier_key(alias), label_key(alias)}
    return keys


class _DocumentIndex:
    """Resolves a predicted document to the gold document it names, if any."""

    def __init__(self, gold: dict[str, Any]) -> None:
        self.required: list[dict[str, Any]] = gold.get("documents", [])
        self.optional: list[dict[str, Any]] = gold.get("optional_documents", [])
        self._by_key: dict[str, tuple[str, int]] = {}
        # Required documents win a key shared with an optional one.
        for tag, docs in (("o", self.optional), ("g", self.required)):
            for index, doc in enumerate(docs):
                for key in _document_keys(doc):
                    self._by_key[key] = (tag, index)

    def resolve(self, identifier: str | None, label: str) -> tuple[str, Any]:
        candidates = []
        if identifier:
            candidates += [identifier_key(identifier), label_key(identifier)]
        candidates += [label_key(label), identifier_key(label)]
        for key in candidates:
            if key in self._by_key:
                return self._by_key[key]
        return ("p", candidates[0])


# ---------------------------------------------------------------- meetings


def _kinds_compatible(left: str, right: str) -> bool:
    a, b = label_key(left), label_key(right)
    return bool(a and b) and (a == b or a.startswith(b + " ") or b.startswith(a + " "))


def _gold_meeting_names(meeting: dict[str, Any]) -> set[str]:
    return _names([meeting.get("name"), *meeting.get("aliases", [])])


def _match_score(predicted: Meeting, gold: dict[str, Any]) -> int:
    score = 0
    if label_key(predicted.name) in _gold_meeting_names(gold):
        score += 4
    start = _date_text(predicted.start)
    if start and start == gold.get("start") and _kinds_compatible(predicted.kind, gold.get("kind", "")):
        score += 2
        if _date_text(predicted.end) == gold.get("end"):
            score += 1
    return score


def match_meetings(predicted: Sequence[Meeting], gold: dict[str, Any]) -> dict[int, tuple[str, int]]:
    """Predicted meeting index -> ("g", i) for a required gold meeting, ("o", i) for an optional one."""
    targets = [("g", i, m) for i, m in enumerate(gold.get("meetings", []))]
    targets += [("o", i, m) for i, m in enumerate(gold.get("optional_meetings", []))]
    candidates = []
    for p_index, meeting in enumerate(predicted):
        for tag, g_index, gold_meeting in targets:
            score = _match_score(meeting, gold_meeting)
            if score:
                # Prefer required gold meetings on equal scores; then input order.
                candidates.append((-score, tag != "g", p_index, g_index, tag))
    matches: dict[int, tuple[str, int]] = {}
    taken: set[tuple[str, int]] = set()
    for _, _, p_index, g_index, tag in sorted(candidates):
        if p_index in matches or (tag, g_index) in taken:
            continue
        matches[p_index] = (tag, g_index)
        taken.add((tag, g_index))
    return matches


# ---------------------------------------------------------------- the scorer


def score(predicted: ArticleFacts, gold: dict[str, Any]) -> dict[str, Counts]:
    """Per-kind counts of ``predicted`` against one article's ``gold`` dict."""
    person_name = {p.id: p.name for p in predicted.persons}
    body_name = {b.id: b.name for b in predicted.bodies}
    place_name = {p.id: p.name for p in predicted.places}
    result: dict[str, Counts] = {}

    result["persons"] = _score_sets(
        _names(p.name for p in predicted.persons),
        _names(gold.get("persons", [])),
        _names(gold.get("optional_persons", [])),
    )
    author = person_name.get(predicted.author or "", predicted.author)
    result["author"] = _score_sets(_names([author]), _names([gold.get("author")]))
    result["bodies"] = _score_sets(
        _names(b.name for b in predicted.bodies),
        _names(gold.get("bodies", [])),
        _names(gold.get("optional_bodies", [])),
    )
    result["places"] = _score_sets(
        {place_key(p.name) for p in predicted.places},
        {place_key(p) for p in gold.get("places", [])},
        {place_key(p) for p in gold.get("optional_places", [])},
    )

    def position_key(person: str, role: str, body: str | None) -> tuple[str, str]:
        return (label_key(person), title_key(role, body))

    result["positions"] = _score_sets(
        {
            position_key(
                person_name.get(p.person, p.person),
                p.role,
                body_name.get(p.body, p.body) if p.body else None,
            )
            for p in predicted.positions
        },
        {position_key(*triple) for triple in gold.get("positions", [])},
        {position_key(*triple) for triple in gold.get("optional_positions", [])},
    )

    result.update(_score_documents(predicted, gold, body_name))
    result.update(_score_meetings(predicted, gold, person_name, body_name, place_name))
    return result


def _score_documents(
    predicted: ArticleFacts, gold: dict[str, Any], body_name: dict[str, str]
) -> dict[str, Counts]:
    index = _DocumentIndex(gold)
    required = index.required
    resolved = [(index.resolve(d.identifier, d.label), d) for d in predicted.documents]
    # Predictions naming an optional document are ignored for every document kind.
    kept = [(ref, d) for ref, d in resolved if ref[0] != "o"]

    gold_refs = {("g", i) for i in range(len(required))}
    documents = _score_sets({ref for ref, _ in kept}, gold_refs)

    gold_types = {(("g", i), label_key(doc["type"])) for i, doc in enumerate(required) if doc.get("type")}
    types = _score_sets({(ref, label_key(d.doc_type)) for ref, d in kept if d.doc_type}, gold_types)

    # Documents whose issuer the article leaves open take no part in issuer scoring.
    open_issuer = {("g", i) for i, doc in enumerate(required) if doc.get("issuer_optional")}
    gold_issuers = {
        (("g", i), label_key(doc["issuer"]))
        for i, doc in enumerate(required)
        if doc.get("issuer") and ("g", i) not in open_issuer
    }
    predicted_issuers = {
        (ref, label_key(body_name.get(d.issuer, d.issuer)))
        for ref, d in kept
        if d.issuer and ref not in open_issuer
    }
    issuers = _score_sets(predicted_issuers, gold_issuers)
    return {"documents": documents, "document_types": types, "document_issuers": issuers}


def _score_meetings(
    predicted: ArticleFacts,
    gold: dict[str, Any],
    person_name: dict[str, str],
    body_name: dict[str, str],
    place_name: dict[str, str],
) -> dict[str, Counts]:
    matches = match_meetings(predicted.meetings, gold)
    required: list[dict[str, Any]] = gold.get("meetings", [])

    gold_dates: set[Any] = set()
    gold_places: set[Any] = set()
    gold_chairs: set[Any] = set()
    gold_organisers: set[Any] = set()
    optional_places: set[Any] = set()
    optional_chairs: set[Any] = set()
    optional_organisers: set[Any] = set()
    for i, meeting in enumerate(required):
        ref = ("g", i)
        if meeting.get("start") or meeting.get("end"):
            gold_dates.add((ref, meeting.get("start"), meeting.get("end")))
        if meeting.get("place"):
            gold_places.add((ref, place_key(meeting["place"])))
        if meeting.get("optional_place"):
            optional_places.add((ref, place_key(meeting["optional_place"])))
        gold_chairs |= {(ref, name) for name in _names(meeting.get("chairs", []))}
        optional_chairs |= {(ref, name) for name in _names(meeting.get("optional_chairs", []))}
        gold_organisers |= {(ref, name) for name in _names(meeting.get("organisers", []))}
        optional_organisers |= {(ref, name) for name in _names(meeting.get("optional_organisers", []))}

    predicted_refs: set[Any] = set()
    dates: set[Any] = set()
    places: set[Any] = set()
    chairs: set[Any] = set()
    organisers: set[Any] = set()
    for p_index, meeting in enumerate(predicted.meetings):
        ref: tuple[str, Any] = matches.get(p_index, ("p", p_index))
        if ref[0] == "o":
            continue
        predicted_refs.add(ref)
        start, end = _date_text(meeting.start), _date_text(meeting.end)
        if start or end:
            dates.add((ref, start, end))
        if meeting.place:
            places.add((ref, place_key(place_name.get(meeting.place, meeting.place))))
        chairs |= {(ref, label_key(person_name.get(c, c))) for c in meeting.chairs}
        organisers |= {(ref, label_key(body_name.get(b, b))) for b in meeting.organisers}

    return {
        "meetings": _score_sets(predicted_refs, {("g", i) for i in range(len(required))}),
        "meeting_dates": _score_sets(dates, gold_dates),
        "meeting_places": _score_sets(places, gold_places, optional_places),
        "meeting_chairs": _score_sets(chairs, gold_chairs, optional_chairs),
        "meeting_organisers": _score_sets(organisers, gold_organisers, optional_organisers),
    }


def score_corpus(pairs: Iterable[tuple[ArticleFacts, dict[str, Any]]]) -> dict[str, Counts]:
    """Micro-average: counts summed over articles."""
    total = {kind: Counts() for kind in KINDS}
    for predicted, gold in pairs:
        for kind, counts in score(predicted, gold).items():
            total[kind] = total[kind] + counts
    return total


def format_table(counts: dict[str, Counts], title: str | None = None) -> str:
    lines = [title] if title else []
    lines.append(f"{'kind':<20}{'tp':>5}{'fp':>5}{'fn':>5}{'P':>8}{'R':>8}{'F1':>8}")
    for kind in [k for k in KINDS if k in counts] + [k for k in counts if k not in KINDS]:
        c = counts[kind]
        lines.append(f"{kind:<20}{c.tp:>5}{c.fp:>5}{c.fn:>5}{c.precision:>8.3f}{c.recall:>8.3f}{c.f1:>8.3f}")
    return "\n".join(lines)


# ---------------------------------------------------------------- gold files

_ISO_DATE = re.compile(r"^(?:\d{4}-\d{2}-\d{2}|--\d{2}-\d{2}|\d{4}-\d{2}|\d{4})$")
_LIST_KEYS = (
    "persons",
    "optional_persons",
    "bodies",
    "optional_bodies",
    "positions",
    "optional_positions",
    "documents",
    "optional_documents",
    "meetings",
    "optional_meetings",
    "places",
    "optional_places",
)


def load_gold(path: str | Path) -> dict[str, Any]:
    """Read and check one gold file; :class:`GoldError` names the file and what is wrong."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise GoldError(f"{path}: cannot read gold file ({error.strerror or error})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise GoldError(f"{path}: not valid UTF-8 JSON ({error})") from None
    if not isinstance(data, dict):
        raise GoldError(f"{path}: gold must be a JSON object")
    if not isinstance(data.get("article"), str):
        raise GoldError(f"{path}: missing 'article' (the article's file name)")
    for key in _LIST_KEYS:
        if not isinstance(data.get(key, []), list):
            raise GoldError(f"{path}: '{key}' must be a list")
    for key in ("positions", "optional_positions"):
        for item in data.get(key, []):
            if not (isinstance(item, list) and len(item) == 3 and all(isinstance(s, str) for s in item[:2])):
                raise GoldError(f"{path}: each of '{key}' must be [person, role, body or null], got {item!r}")
    for key in ("documents", "optional_documents"):
        for item in data.get(key, []):
            if not (isinstance(item, dict) and isinstance(item.get("id"), str)):
                raise GoldError(f"{path}: each of '{key}' must be an object with an 'id', got {item!r}")
    for key in ("meetings", "optional_meetings"):
        for item in data.get(key, []):
            if not (isinstance(item, dict) and isinstance(item.get("kind"), str)):
                raise GoldError(f"{path}: each of '{key}' must be an object with a 'kind', got {item!r}")
            for field_name in ("start", "end"):
                value = item.get(field_name)
                if value is not None and not (isinstance(value, str) and _ISO_DATE.match(value)):
                    raise GoldError(f"{path}: meeting {item.get('name')!r} has a bad {field_name} {value!r}")
    return data


def load_gold_dir(directory: str | Path) -> list[dict[str, Any]]:
    directory = Path(directory)
    if not directory.is_dir():
        raise GoldError(f"{directory}: not a directory of gold files")
    return [load_gold(path) for path in sorted(directory.glob("*.json"))]


# ---------------------------------------------------------------- command line


def _extract_all(
    articles_dir: Path, golds: list[dict[str, Any]]
) -> list[tuple[ArticleFacts, dict[str, Any]]]:
    from kg.extract import extract_article
    from kg.ingest import read_path

    pairs = []
    for gold in golds:
        path = articles_dir / gold["article"]
        if not path.is_file():
            raise GoldError(f"{path}: article named by its gold file does not exist")
        articles = read_path(path)
        # read_path may give one Article or several (a JSONL file); a .txt gives one.
        article = next(iter(articles), None) if isinstance(articles, Iterable) else articles
        if article is None:
            raise GoldError(f"{path}: no article read from this file")
        pairs.append((extract_article(article), gold))
    return pairs


def _load_facts(facts_dir: Path, golds: list[dict[str, Any]]) -> list[tuple[ArticleFacts, dict[str, Any]]]:
    pairs = []
    for gold in golds:
        path = facts_dir / (Path(gold["article"]).stem + ".json")
        try:
            facts = ArticleFacts.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError, KeyError) as error:
            raise GoldError(f"{path}: cannot read extracted facts ({error})") from None
        pairs.append((facts, gold))
    return pairs


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kg.evaluate", description="Score the extractor against gold annotations."
    )
    parser.add_argument("articles", type=Path, help="directory of article files (data/articles)")
    parser.add_argument("gold", type=Path, help="directory of gold JSON files (tests/gold)")
    parser.add_argument(
        "--facts",
        type=Path,
        help="score ArticleFacts JSON dumps (<stem>.json) instead of running the extractor",
    )
    parser.add_argument("--per-article", action="store_true", help="also print one table per article")
    args = parser.parse_args(argv)
    try:
        golds = load_gold_dir(args.gold)
        if not golds:
            raise GoldError(f"{args.gold}: no gold files (*.json)")
        if args.facts:
            pairs = _load_facts(args.facts, golds)
        else:
            try:
                pairs = _extract_all(args.articles, golds)
            except ImportError as error:
                raise GoldError(f"kg.extract / kg.ingest not available: {error}") from None
    except GoldError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.per_article:
        for predicted, gold in pairs:
            print(format_table(score(predicted, gold), title=gold["article"]))
            print()
    print(format_table(score_corpus(pairs), title=f"micro-average over {len(pairs)} articles"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
