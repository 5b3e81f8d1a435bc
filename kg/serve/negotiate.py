"""Choosing a response format from the ``Accept`` header (RFC 9110, 12.5.1) or ``?format=``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

HTML = "text/html"
SPARQL_JSON = "application/sparql-results+json"
SPARQL_XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
JSON_LD = "application/ld+json"
N_TRIPLES = "application/n-triples"
RDF_XML = "application/rdf+xml"

#: Media types of each result kind, the default first.
RESULT_TYPES: tuple[str, ...] = (SPARQL_JSON, SPARQL_XML, CSV, TSV)
GRAPH_TYPES: tuple[str, ...] = (TURTLE, JSON_LD, N_TRIPLES, RDF_XML)

#: ``?format=`` short names (what a person types in a URL).
FORMAT_NAMES: dict[str, str] = {
    "json": SPARQL_JSON,
    "xml": SPARQL_XML,
    "csv": CSV,
    "tsv": TSV,
    "turtle": TURTLE,
    "ttl": TURTLE,
    "jsonld": JSON_LD,
    "json-ld": JSON_LD,
    "nt": N_TRIPLES,
    "ntriples": N_TRIPLES,
    "rdfxml": RDF_XML,
    "html": HTML,
}

# Names clients use for the same thing.
ALIASES: dict[str, str] = {
    "application/json": SPARQL_JSON,
    "application/xml": SPARQL_XML,
    "text/xml": SPARQL_XML,
    "application/x-turtle": TURTLE,
    "application/turtle": TURTLE,
    "text/plain": N_TRIPLES,
    "application/xhtml+xml": HTML,
}
#: For graphs (CONSTRUCT, DESCRIBE, entity descriptions) plain JSON means JSON-LD.
GRAPH_ALIASES: dict[str, str] = {**ALIASES, "application/json": JSON_LD, "application/x-json+ld": JSON_LD}


@dataclass(frozen=True, slots=True)
class MediaRange:
    type: str  # "text/html", "text/*", "*/*"
    quality: float
    order: int

    @property
    def specificity(self) -> int:
        if self.type == "*/*":
            return 0
        return 1 if self.type.endswith("/*") else 2

    def matches(self, media_type: str, aliases: dict[str, str] = ALIASES) -> bool:
        if self.type == "*/*":
            return True
        if self.type.endswith("/*"):
            return media_type.split("/", 1)[0] == self.type[:-2]
        return aliases.get(self.type, self.type) == media_type


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an Accept header; an absent or empty header accepts anything."""
    if not header or not header.strip():
        return [MediaRange("*/*", 1.0, 0)]
    ranges: list[MediaRange] = []
    for order, part in enumerate(header.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media_type = pieces[0].lower()
        if "/" not in media_type:
            continue
        quality = 1.0
        for parameter in pieces[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = min(1.0, max(0.0, float(value)))
                except ValueError:
                    quality = 0.0
        ranges.append(MediaRange(media_type, quality, order))
    return ranges or [MediaRange("*/*", 1.0, 0)]


def negotiate(header: str | None, offers: Sequence[str], aliases: dict[str, str] = ALIASES) -> str | None:
    """The offer the client likes best (ties go to the earlier offer); None if it accepts none.

    Each offer takes the quality of the most specific range that matches it."""
    ranges = parse_accept(header)
    best: tuple[float, int] | None = None
    chosen: str | None = None
    for index, offer in enumerate(offers):
        matching = [r for r in ranges if r.matches(offer, aliases)]
        if not matching:
            continue
        top = max(matching, key=lambda r: (r.specificity, r.quality))
        if top.quality <= 0:
            continue
        key = (top.quality, -index)
        if best is None or key > best:
            best, chosen = key, offer
    return chosen


def prefers_html(header: str | None) -> bool:
    """True when a browser asks: text/html is named and liked at least as much as anything else."""
    ranges = parse_accept(header)
    html = [r for r in ranges if r.type in (HTML, "application/xhtml+xml")]
    if not html:
        return False
    return max(r.quality for r in html) >= max(r.quality for r in ranges) and max(r.quality for r in html) > 0
