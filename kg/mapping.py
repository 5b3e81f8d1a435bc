"""Data-driven tables used by the resolve and rdf stages.

What identity and class mapping need from the gazetteers (abbreviations, body
sectors and successors, document types, issuer codes, meeting kinds) is read from
``data/gazetteers/*.csv`` once and cached.  A missing file is not an error: the
stages then fall back to the small built-in tables below (abbreviations and issuer
codes, which identity depends on) or to the generic class (``kg:Document``,
``kg:Meeting``, ``kg:Body``).  A file that exists but cannot be read gives a
:class:`GazetteerError` naming the file and the reason.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.text import canonical, fold

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "data" / "gazetteers"

# Used only when abbreviations.csv is absent: the forms identity must never split on.
BUILTIN_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("TW", "Trung ương"),
    ("T.Ư", "Trung ương"),
    ("TƯ", "Trung ương"),
    ("T.W", "Trung ương"),
    ("HĐND", "Hội đồng nhân dân"),
    ("UBND", "Ủy ban nhân dân"),
    ("BCH", "Ban Chấp hành"),
    ("BTV", "Ban Thường vụ"),
    ("MTTQ", "Mặt trận Tổ quốc"),
)

# Used only when issuer_codes.csv is absent: symbols issued once for the whole country
# (central) versus by one of many same-named local bodies (local).
BUILTIN_ISSUER_LEVELS: tuple[tuple[str, str], ...] = (
    ("TW", "central"),
    ("TTg", "central"),
    ("CP", "central"),
    ("QH", "central"),
    ("UBTVQH", "central"),
    ("CTN", "central"),
    ("VPCP", "central"),
    ("BTGTW", "central"),
    ("BTCTW", "central"),
    ("BDVTW", "central"),
    ("TU", "local"),
    ("HU", "local"),
    ("QU", "local"),
    ("ThU", "local"),
    ("TXU", "local"),
    ("ĐU", "local"),
    ("ĐUK", "local"),
    ("UBND", "local"),
    ("HĐND", "local"),
)

# Ontology class (local name) for each sector of bodies.csv / body_kinds.csv.
SECTOR_CLASSES: dict[str, str] = {
    "party": "PartyBody",
    "state": "StateBody",
    "mass": "MassOrganization",
    "media": "MediaOrganization",
    "education": "EducationBody",
}


# "huyện Kỳ Sơn", "thị xã Cửa Lò": the unit word is not part of a district's name.
_UNIT_WORDS = re.compile(r"^(?:huyện|quận|thị xã|thành phố|tp\.?)\s+", re.IGNORECASE)


class GazetteerError(ValueError):
    """A gazetteer file exists but is unusable; the message names the file."""


@dataclass(slots=True)
class Tables:
    """Lookups keyed by :func:`kg.text.fold` (issuer codes: as written)."""

    directory: Path
    abbreviations: list[tuple[str, str]] = field(default_factory=list)
    abbreviation_pattern: re.Pattern[str] | None = None
    abbreviation_longs: dict[str, str] = field(default_factory=dict)  # short -> long
    body_names: dict[str, str] = field(default_factory=dict)  # folded name or alias -> canonical name
    body_sectors: dict[str, str] = field(default_factory=dict)  # folded canonical name -> sector
    # folded canonical name -> the bodies that took over (one when renamed, several when split)
    body_successors: dict[str, list[str]] = field(default_factory=dict)
    kind_sectors: dict[str, str] = field(default_factory=dict)  # body kind -> sector
    document_classes: dict[str, str] = field(default_factory=dict)  # folded type label or code -> class
    meeting_classes: dict[str, str] = field(default_factory=dict)  # folded kind or trigger -> class
    issuer_levels: dict[str, str] = field(default_factory=dict)  # code -> central | local
    provinces: dict[str, str] = field(default_factory=dict)  # folded province name or alias -> name
    # canonical province name -> the province it became (merged away, renamed); absent when unchanged
    province_successors: dict[str, str] = field(default_factory=dict)
    # folded district name (unit word dropped) -> the provinces that have a district so named
    districts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # folded head or alias of a body kind -> the head it stands for ("ban chấp hành đảng bộ tỉnh" -> "Tỉnh ủy")
    kind_heads: dict[str, str] = field(default_factory=dict)
    _kind_head_pattern: re.Pattern[str] | None = field(default=None, repr=False)
    _body_name_cache: dict[str, str] = field(default_factory=dict, repr=False)

    def meeting_class(self, name: str, kind: str) -> str | None:
        """The class of the longest trigger the meeting's name begins with ("Hội nghị báo cáo
        viên ..." is a ReportersConference), else the class of its kind."""
        folded = fold(name)
        best = max(
            (t for t in self.meeting_classes if folded.startswith(t + " ") or folded == t), key=len, default=None
        )
        return self.meeting_classes[best] if best else self.meeting_classes.get(fold(kind))

    def expand_abbreviations(self, name: str) -> str:
        """Spell out abbreviations in a name: "Ban Tuyên giáo T.Ư" -> "Ban Tuyên giáo Trung ương"."""
        text = canonical(name)
        if self.abbreviation_pattern is None:
            return text
        longs = self.abbreviation_longs
        expanded = self.abbreviation_pattern.sub(lambda m: longs[m.group()], text)
        # canonical() is the costly part of resolving: redo it only when something changed.
        return text if expanded == text else canonical(expanded)

    def canonical_body_name(self, name: str) -> str:
        """The label a body is known by: abbreviations spelt out, gazetteer aliases mapped."""
        known = self._body_name_cache.get(name)
        if known is None:
            expanded = self.expand_abbreviations(name)
            # expanded is canonical already, so its fold() is just casefold()
            known = self.body_names.get(expanded.casefold())
            if known is None:
                known = self._kind_heads(expanded)
            self._body_name_cache[name] = known
        return known

    def _kind_heads(self, name: str) -> str:
        """Write each body-kind alias at the head of a name as the kind's head:
        "Ban Chấp hành Đảng bộ tỉnh Nghệ An" -> "Tỉnh ủy Nghệ An" (body_kinds.csv says they
        are one committee), "Ban Tuyên giáo Ban Chấp hành Đảng bộ tỉnh X" -> "Ban Tuyên giáo
        Tỉnh ủy X".  Heads are read one after another from the start; the place that follows
        them is left alone, so an alias inside a place name is never touched."""
        pattern = self._kind_head_pattern
        if pattern is None:
            return name
        parts: list[str] = []
        rest = name
        changed = False
        while True:
            match = pattern.match(rest.casefold())
            if match is None:
                break
            head = self.kind_heads[match.group(1)]
            changed = changed or head != rest[: match.end(1)]
            parts.append(head)
            rest = rest[match.end(1) :].lstrip()
        if not changed:
            return name
        return " ".join([*parts, rest]).strip()

    def province_name(self, name: str) -> str:
        """The gazetteer's name for a province written any known way ("TP. Hà Nội" -> "Hà Nội")."""
        return self.provinces.get(fold(name), name)

    def is_province(self, name: str) -> bool:
        return fold(name) in self.provinces

    def current_province(self, name: str) -> str:
        """The province a province became through the 2025 mergers and renamings
        ("Hà Giang" -> "Tuyên Quang", "Thừa Thiên Huế" -> "Huế"); itself when unchanged."""
        name = self.province_name(name)
        seen = {name}
        while (successor := self.province_successors.get(name)) is not None and successor not in seen:
            seen.add(successor)
            name = successor
        return name

    def district_provinces(self, name: str) -> tuple[str, ...]:
        """The provinces with a district of this name (unit word dropped): one, several or none."""
        return self.districts.get(fold(_UNIT_WORDS.sub("", name)), ())

    def issuer_level(self, code: str) -> str | None:
        """``central`` / ``local`` for a symbol's issuer code ("TW", "QH15", "TU"), None if unknown."""
        level = self.issuer_levels.get(code)
        if level is None:
            # "QH15", "UBTVQH14": the term number does not change who issues.
            level = self.issuer_levels.get(code.rstrip("0123456789"))
        return level


def gazetteer_dir() -> Path:
    """``$KG_GAZETTEERS`` when set, else the repository's ``data/gazetteers``."""
    return Path(os.environ.get("KG_GAZETTEERS") or DEFAULT_DIR)


def load_tables(directory: Path | str | None = None) -> Tables:
    """Cached tables for a gazetteer directory (default :func:`gazetteer_dir`)."""
    return _load_tables(Path(directory) if directory is not None else gazetteer_dir())


@lru_cache(maxsize=8)
def _load_tables(directory: Path) -> Tables:
    tables = Tables(directory=directory)

    abbreviation_rows = _read(directory / "abbreviations.csv", ("short", "long"))
    pairs = (
        [(r["short"], r["long"]) for r in abbreviation_rows]
        if abbreviation_rows is not None
        else list(BUILTIN_ABBREVIATIONS)
    )
    tables.abbreviations = [
        (canonical(short), canonical(long)) for short, long in pairs if short.strip() and long.strip()
    ]
    if tables.abbreviations:
        # Longest first so that "T.Ư" wins over "T"; whole words only.
        shorts = sorted({s for s, _ in tables.abbreviations}, key=len, reverse=True)
        tables.abbreviation_pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(s) for s in shorts) + r")(?!\w)")
        for short, long in tables.abbreviations:
            tables.abbreviation_longs.setdefault(short, long)

    for row in _read(directory / "bodies.csv", ("name",)) or ():
        name = canonical(row["name"])
        key = fold(name)
        tables.body_names[key] = name
        for alias in _split(row.get("aliases")):
            tables.body_names.setdefault(fold(alias), name)
            tables.body_names.setdefault(fold(tables.expand_abbreviations(alias)), name)
        if row.get("sector"):
            tables.body_sectors[key] = row["sector"].strip()
        successors = [canonical(successor) for successor in _split(row.get("successor"))]
        if successors:
            tables.body_successors[key] = successors

    alias_heads: dict[str, set[str]] = {}
    for row in _read(directory / "body_kinds.csv", ("kind",)) or ():
        if row.get("sector"):
            tables.kind_sectors[row["kind"].strip()] = row["sector"].strip()
        head = canonical(row.get("head") or "")
        if head:
            tables.kind_heads[fold(head)] = head
            for alias in _split(row.get("aliases")):
                alias_heads.setdefault(fold(tables.expand_abbreviations(alias)), set()).add(head)
    for alias, heads in alias_heads.items():
        # "BCHQS" is the Bộ Chỉ huy of a province and the Ban Chỉ huy of a district: leave it as written
        if len(heads) == 1 and alias not in tables.kind_heads:
            tables.kind_heads[alias] = next(iter(heads))
    if tables.kind_heads:
        # longest first, whole words only: "ban chấp hành đảng bộ tỉnh" before "ban chấp hành"
        heads = sorted(tables.kind_heads, key=len, reverse=True)
        tables._kind_head_pattern = re.compile(r"(" + "|".join(re.escape(h) for h in heads) + r")(?=\s|$)")

    for row in _read(directory / "document_types.csv", ("label", "class")) or ():
        cls = row["class"].strip()
        if not cls:
            continue
        tables.document_classes.setdefault(fold(row["label"]), cls)
        if row.get("code"):
            tables.document_classes.setdefault(fold(row["code"]), cls)

    for row in _read(directory / "meeting_kinds.csv", ("trigger", "kind", "class")) or ():
        cls = row["class"].strip()
        if not cls:
            continue
        tables.meeting_classes.setdefault(fold(row["trigger"]), cls)
        if fold(row["trigger"]) == fold(row["kind"]):  # "hội nghị" -> Conference, not a special kind of it
            tables.meeting_classes[fold(row["kind"])] = cls
        tables.meeting_classes.setdefault(fold(row["kind"]), cls)

    issuer_rows = _read(directory / "issuer_codes.csv", ("code", "level"))
    issuer_pairs = [(r["code"], r["level"]) for r in issuer_rows] if issuer_rows is not None else BUILTIN_ISSUER_LEVELS
    tables.issuer_levels = {canonical(code): level.strip() for code, level in issuer_pairs if code.strip()}

    for row in _read(directory / "provinces.csv", ("name",)) or ():
        name = canonical(row["name"])
        tables.provinces[fold(name)] = name
        for alias in _split(row.get("aliases")):
            tables.provinces.setdefault(fold(alias), name)
        successor = canonical(row.get("successor") or "")
        if successor and fold(successor) != fold(name):
            tables.province_successors[name] = successor

    by_district: dict[str, list[str]] = {}
    for row in _read(directory / "districts.csv", ("name", "province")) or ():
        province = tables.provinces.get(fold(row["province"]), canonical(row["province"]))
        for district in (row["name"], *_split(row.get("aliases"))):
            found = by_district.setdefault(fold(district), [])
            if province not in found:
                found.append(province)
    tables.districts = {name: tuple(sorted(found)) for name, found in by_district.items()}
    return tables


def _split(cell: str | None) -> Iterable[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def _read(path: Path, required: tuple[str, ...]) -> list[dict[str, str]] | None:
    """Rows of a CSV file as dicts, or None when the file does not exist."""
    if not path.is_file():
        return None
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(line for line in handle if not line.startswith("#"))
            missing = [c for c in required if c not in (reader.fieldnames or ())]
            if missing:
                raise GazetteerError(f"{path}: missing column(s) {', '.join(missing)}")
            return [{k: (v or "") for k, v in row.items() if k is not None} for row in reader]
    except UnicodeDecodeError as error:
        raise GazetteerError(f"{path}: not UTF-8 ({error.reason} at byte {error.start})") from None
    except csv.Error as error:
        raise GazetteerError(f"{path}: malformed CSV ({error})") from None
