"""Typed access to the gazetteers under ``data/gazetteers`` (see its README).

The files are read once per process; everything the extractor knows about
provinces, bodies, roles, document types and meeting kinds comes from here.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from kg.text import canonical, fold, strip_diacritics


def data_dir() -> Path:
    """The project's ``data`` folder (``$KG_DATA`` overrides it)."""
    override = os.environ.get("KG_DATA")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "data"


def gazetteer_dir() -> Path:
    return data_dir() / "gazetteers"


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def read_rows(name: str) -> Iterator[dict[str, str]]:
    path = gazetteer_dir() / name
    if not path.exists():
        return
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield {key: (value or "").strip() for key, value in row.items() if key}


def read_lines(name: str) -> list[str]:
    path = gazetteer_dir() / name
    if not path.exists():
        return []
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


@dataclass(frozen=True, slots=True)
class Province:
    name: str
    unit: str  # tinh | thanh_pho
    committee: str  # "Tỉnh ủy" | "Thành ủy"
    aliases: tuple[str, ...]
    valid_from: str
    valid_until: str
    successor: str


@dataclass(frozen=True, slots=True)
class District:
    name: str
    unit: str  # huyen | quan | thi_xa | thanh_pho
    province: str
    aliases: tuple[str, ...]

    @property
    def committee(self) -> str:
        return {"huyen": "Huyện ủy", "quan": "Quận ủy", "thi_xa": "Thị ủy", "thanh_pho": "Thành ủy"}.get(
            self.unit, "Huyện ủy"
        )


@dataclass(frozen=True, slots=True)
class Role:
    label: str
    variants: tuple[str, ...]
    kind: str
    implied_body: str
    body_starts_with: str


@dataclass(frozen=True, slots=True)
class NamedBody:
    name: str
    kind: str
    level: str
    sector: str
    aliases: tuple[str, ...]
    parent: str
    valid_from: str
    valid_until: str
    successor: str


@dataclass(frozen=True, slots=True)
class BodyKind:
    kind: str
    head: str
    aliases: tuple[str, ...]
    sector: str
    tier: str  # committee | organ | state | other
    part_of: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DocumentType:
    label: str
    code: str
    cls: str
    english: str


@dataclass(frozen=True, slots=True)
class MeetingKind:
    trigger: str
    kind: str
    cls: str
    english: str


@dataclass(frozen=True, slots=True)
class Outlet:
    pattern: str
    outlet: str
    province: str
    district: str = ""  # a district's own portal ("tuyphong.binhthuan.dcs.vn"): that district


@dataclass(slots=True)
class Gazetteer:
    provinces: dict[str, Province] = field(default_factory=dict)  # by canonical name
    province_by_fold: dict[str, str] = field(default_factory=dict)  # fold(name or alias) -> name
    districts: dict[str, list[District]] = field(default_factory=dict)  # fold(name or alias) -> units
    surnames: frozenset[str] = frozenset()
    honorifics: tuple[str, ...] = ()
    roles: list[Role] = field(default_factory=list)
    role_by_fold: dict[str, Role] = field(default_factory=dict)
    bodies: dict[str, NamedBody] = field(default_factory=dict)  # by canonical name
    body_by_fold: dict[str, str] = field(default_factory=dict)  # fold(name or alias) -> name
    body_kinds: dict[str, BodyKind] = field(default_factory=dict)
    body_kind_by_fold: dict[str, str] = field(default_factory=dict)  # fold(head or alias) -> kind
    abbreviations: dict[str, str] = field(default_factory=dict)
    document_types: dict[str, DocumentType] = field(default_factory=dict)  # fold(label) -> type
    issuer_codes: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (issuer, level)
    meeting_kinds: list[MeetingKind] = field(default_factory=list)
    outlets: list[Outlet] = field(default_factory=list)
    boilerplate: tuple[str, ...] = ()
    venue_words: tuple[str, ...] = ()
    countries: dict[str, str] = field(default_factory=dict)  # fold(name or alias) -> name
    country_labels: list[str] = field(default_factory=list)
    role_splits: dict[str, str] = field(default_factory=dict)  # fold(title) -> plain role (role_in_body)
    province_by_host: dict[str, str] = field(default_factory=dict)  # "yenbai" -> "Yên Bái" (filled on first use)
    host_prefixes: tuple[str, ...] = ("",)  # words a provincial outlet's host puts before the province
    host_suffixes: tuple[str, ...] = ("",)  # ... and after it (outlet_hosts.csv)

    def province(self, text: str) -> str | None:
        return self.province_by_fold.get(fold(text))

    def body(self, text: str) -> NamedBody | None:
        name = self.body_by_fold.get(fold(self.expand(text)))
        return self.bodies.get(name) if name else None

    def role_in_body(self, label: str) -> str:
        """The role a title names once its body is taken off: "Ủy viên Bộ Chính trị" -> "Ủy viên".

        A title whose last words name the body it implies ("Ủy viên Trung ương Đảng",
        "Chủ tịch Quốc hội") is that body's plain role; any other title is returned as it is.
        """
        return self.role_splits.get(fold(label), label)

    def split_roles(self) -> None:
        """Fill ``role_splits`` (once the roles and bodies are read)."""
        for role in self.roles:
            implied = self.bodies.get(role.implied_body)
            if implied is None:
                continue
            words = role.label.split()
            for cut in range(len(words) - 1, 0, -1):  # the longest plain role first
                base = self.role_by_fold.get(fold(" ".join(words[:cut])))
                tail = " ".join(words[cut:])
                rest = self.body(tail)
                # "Chủ tịch nước": the last word is the body's own head word ("Nước Cộng hòa ...")
                head_word = fold(implied.name).split()[0] == fold(tail)
                if base and not base.implied_body and ((rest and rest.name == implied.name) or head_word):
                    for form in (role.label, *role.variants):
                        self.role_splits[fold(form)] = base.label
                    break

    def outlet_for_url(self, url: str | None) -> Outlet | None:
        """The outlet a page's address names: a listed host ("baoapbac.vn"), else a host whose
        name is a province's ("yenbai.gov.vn", "baothainguyen.org.vn", "tuyenquangtv.vn")."""
        host = (urlsplit(url).hostname or "").casefold() if url else ""
        host = host.removeprefix("www.")
        if not host:
            return None
        for o in self.outlets:
            if "." in o.pattern and (host == o.pattern or host.endswith("." + o.pattern)):
                return o
        if not self.province_by_host:
            for fold_name, name in self.province_by_fold.items():
                self.province_by_host.setdefault(strip_diacritics(fold_name).replace(" ", "").replace(".", ""), name)
        labels = host.split(".")[:-1]
        for i, label in enumerate(labels):
            for prefix in self.host_prefixes:
                for suffix in self.host_suffixes:
                    if not (label.startswith(prefix) and label.endswith(suffix)):
                        continue
                    core = label[len(prefix) : len(label) - len(suffix)]
                    if core in self.province_by_host:
                        province = self.province_by_host[core]
                        return Outlet(host, host, province, self._district_of_host(labels[:i], province))
        # "vietnam.vn/ninhthuan/...": a national site's section for one province
        path = urlsplit(url or "").path.strip("/").split("/")
        if path and path[0].casefold() in self.province_by_host:
            return Outlet(host, host, self.province_by_host[path[0].casefold()])
        return None

    def _district_of_host(self, labels: list[str], province: str) -> str:
        """The district whose portal a host below the province's names ("tuyphong" in
        "tuyphong.binhthuan.dcs.vn"), when the gazetteer lists it in that province."""
        for label in labels:
            for units in self.districts.values():
                for d in units:
                    if d.province == province and strip_diacritics(fold(d.name)).replace(" ", "") == label:
                        return d.name
        return ""

    def expand(self, text: str) -> str:
        """Spell out the abbreviations in a name ("Ban Tuyên giáo TW" -> "... Trung ương")."""
        words = text.split()
        out = [self.abbreviations.get(word, word) for word in words]
        return " ".join(out)


@cache
def load() -> Gazetteer:
    g = Gazetteer()
    for row in read_rows("provinces.csv"):
        p = Province(
            name=canonical(row["name"]),
            unit=row.get("unit", ""),
            committee=canonical(row.get("committee") or "Tỉnh ủy"),
            aliases=tuple(_split(row.get("aliases"))),
            valid_from=row.get("valid_from", ""),
            valid_until=row.get("valid_until", ""),
            successor=canonical(row.get("successor", "")),
        )
        g.provinces[p.name] = p
        for label in (p.name, *p.aliases):
            g.province_by_fold.setdefault(fold(label), p.name)
    for row in read_rows("districts.csv"):
        d = District(
            name=canonical(row["name"]),
            unit=row.get("unit", ""),
            province=canonical(row.get("province", "")),
            aliases=tuple(_split(row.get("aliases"))),
        )
        for label in (d.name, *d.aliases):
            g.districts.setdefault(fold(label), []).append(d)
    g.surnames = frozenset(canonical(s) for s in read_lines("surnames.txt"))
    g.honorifics = tuple(sorted({canonical(h) for h in read_lines("honorifics.txt")}, key=len, reverse=True))
    for row in read_rows("roles.csv"):
        r = Role(
            label=canonical(row["label"]),
            variants=tuple(canonical(v) for v in _split(row.get("variants"))),
            kind=row.get("kind", ""),
            implied_body=canonical(row.get("implied_body", "")),
            body_starts_with=row.get("body_starts_with", ""),
        )
        g.roles.append(r)
        for label in (r.label, *r.variants):
            g.role_by_fold.setdefault(fold(label), r)
    for row in read_rows("abbreviations.csv"):
        g.abbreviations[row["short"]] = canonical(row["long"])
    for row in read_rows("bodies.csv"):
        b = NamedBody(
            name=canonical(row["name"]),
            kind=row.get("kind", ""),
            level=row.get("level", "central"),
            sector=row.get("sector", ""),
            aliases=tuple(_split(row.get("aliases"))),
            parent=canonical(row.get("parent", "")),
            valid_from=row.get("valid_from", ""),
            valid_until=row.get("valid_until", ""),
            successor=canonical(row.get("successor", "")),
        )
        g.bodies[b.name] = b
        for label in (b.name, *b.aliases):
            g.body_by_fold.setdefault(fold(label), b.name)
            g.body_by_fold.setdefault(fold(g.expand(label)), b.name)
    for row in read_rows("body_kinds.csv"):
        k = BodyKind(
            kind=row["kind"],
            head=canonical(row["head"]),
            aliases=tuple(_split(row.get("aliases"))),
            sector=row.get("sector", ""),
            tier=row.get("tier", ""),
            part_of=tuple(_split(row.get("part_of"))),
        )
        g.body_kinds[k.kind] = k
        for label in (k.head, *k.aliases):
            g.body_kind_by_fold.setdefault(fold(label), k.kind)
    for row in read_rows("document_types.csv"):
        t = DocumentType(canonical(row["label"]), row.get("code", ""), row.get("class", ""), row.get("english", ""))
        g.document_types[fold(t.label)] = t
    for row in read_rows("issuer_codes.csv"):
        g.issuer_codes[row["code"]] = (canonical(row.get("issuer", "")), row.get("level", ""))
    for row in read_rows("meeting_kinds.csv"):
        g.meeting_kinds.append(
            MeetingKind(fold(row["trigger"]), canonical(row["kind"]), row.get("class", ""), row.get("english", ""))
        )
    for row in read_rows("outlets.csv"):
        g.outlets.append(Outlet(row["pattern"].casefold(), row.get("outlet", ""), canonical(row.get("province", ""))))
    for row in read_rows("outlet_hosts.csv"):
        if row.get("position") == "prefix":
            g.host_prefixes += (row["word"].casefold(),)
        elif row.get("position") == "suffix":
            g.host_suffixes += (row["word"].casefold(),)
    g.boilerplate = tuple(read_lines("boilerplate.txt"))
    g.venue_words = tuple(canonical(w) for w in read_lines("venues.txt"))
    for row in read_rows("countries.csv"):
        for label in (row["name"], *_split(row.get("aliases"))):
            g.countries.setdefault(fold(label), canonical(row["name"]))
            g.country_labels.append(canonical(label))
    g.split_roles()
    return g
