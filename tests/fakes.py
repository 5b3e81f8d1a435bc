"""A stand-in for ingest + extraction, used to exercise the store and `kg build`.

Articles are small text files; entities are marked in the text as
``[[kind:key|Label]]`` (kind: org, person, doc), so the "extractor" is exact and fast,
and a test knows which triples each article must produce.  Module-level functions so
that worker processes can import them.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import rdflib

from kg.facts import Article, PartialDate
from kg.store import GRAPH_NS, ID_NS, KG
from kg.text import slug

MARK = re.compile(r"\[\[(\w+):([\w/.-]+)\|([^\]]+)\]\]")
TYPES = {
    "org": "http://www.w3.org/ns/org#Organization",
    "person": "http://xmlns.com/foaf/0.1/Person",
    "doc": KG + "Document",
}


@dataclass(frozen=True)
class FakeInputError:
    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class FakeArticleGraph:
    graph_iri: str
    article_iri: str
    graph: rdflib.Graph


def list_paths(paths: Sequence[str]) -> Iterator[Path]:
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.txt") if p.is_file())
        else:
            yield path


def read_txt(path: Path) -> Iterator[Article | FakeInputError]:
    """One article per file: "Title: ...", "Date: YYYY-MM-DD", a blank line, the text.
    The article id comes from the file name (like a URL), the hash from the content."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        yield FakeInputError(path, f"cannot read ({type(error).__name__})")
        return
    if "BROKEN-INPUT" in raw:
        yield FakeInputError(path, "not an article (marker BROKEN-INPUT)")
        return
    head, _, _ = raw.partition("\n\n")
    title = next((line[7:] for line in head.splitlines() if line.startswith("Title: ")), None)
    date = next((line[6:] for line in head.splitlines() if line.startswith("Date: ")), None)
    published = None
    if date:
        year, month, day = (int(x) for x in date.split("-"))
        published = PartialDate(year, month, day)
    yield Article(
        id=hashlib.sha1(path.name.encode()).hexdigest()[:16],
        source=str(path),
        text=raw,
        title=title,
        published=published,
        content_hash=hashlib.sha1(raw.encode()).hexdigest(),
    )


def expected_graph(article: Article) -> rdflib.Graph:
    return fake_article_graph(article).graph


def fake_article_graph(article: Article) -> FakeArticleGraph:
    """Entities with labels and types, one kg:Evidence per mention (sentence + offsets),
    the article node, provenance links."""
    if "FAIL-EXTRACT" in article.text:
        raise ValueError("the fake extractor was told to fail")
    delay = float(os.environ.get("KG_FAKE_DELAY", "0"))
    if delay:
        time.sleep(delay)
    kg = rdflib.Namespace(KG)
    prov = rdflib.Namespace("http://www.w3.org/ns/prov#")
    graph = rdflib.Graph()
    article_iri = rdflib.URIRef(f"{ID_NS}article/{article.id}")
    graph.add((article_iri, rdflib.RDF.type, kg.Article))
    if article.title:
        graph.add((article_iri, rdflib.URIRef("https://schema.org/headline"), rdflib.Literal(article.title)))
    for number, match in enumerate(MARK.finditer(article.text)):
        kind, key, label = match.groups()
        entity = rdflib.URIRef(f"{ID_NS}{kind}/{key}")
        line_start = article.text.rfind("\n", 0, match.start()) + 1
        line_end = article.text.find("\n", match.end())
        line_end = len(article.text) if line_end < 0 else line_end
        evidence = rdflib.URIRef(f"{ID_NS}evidence/{article.id}/{number}")
        graph.add((entity, rdflib.RDF.type, rdflib.URIRef(TYPES[kind])))
        graph.add((entity, rdflib.RDFS.label, rdflib.Literal(label)))
        graph.add((entity, kg.evidence, evidence))
        graph.add((article_iri, rdflib.URIRef("https://schema.org/mentions"), entity))
        graph.add((evidence, rdflib.RDF.type, kg.Evidence))
        graph.add((evidence, kg.sentenceText, rdflib.Literal(article.text[line_start:line_end])))
        graph.add((evidence, kg.startOffset, rdflib.Literal(match.start())))
        graph.add((evidence, kg.endOffset, rdflib.Literal(match.end())))
        graph.add((evidence, prov.wasDerivedFrom, article_iri))
    return FakeArticleGraph(GRAPH_NS + article.id, str(article_iri), graph)


PROVINCES = ["Thái Nguyên", "Nghệ An", "Lạng Sơn", "Quảng Bình", "Hà Giang", "Cà Mau", "Đắk Lắk"]
PEOPLE = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Quang Cường", "Phạm Thu Dung", "Hoàng Minh Đức"]


def write_corpus(folder: Path, count: int, *, extra: str = "") -> list[Path]:
    """Small articles in our own words about provincial training conferences."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for n in range(count):
        province = PROVINCES[n % len(PROVINCES)]
        person = PEOPLE[n % len(PEOPLE)]
        key = slug(province)
        central = "Ban Tuyên giáo TW" if n % 3 == 0 else "Ban Tuyên giáo Trung ương"
        text = (
            f"Title: Hội nghị báo cáo viên số {n} tại {province}\n"
            f"Date: {2020 + n % 5}-{1 + n % 12:02d}-{1 + n % 28:02d}\n\n"
            f"Sáng nay, [[org:btg-tinh-uy-{key}|Ban Tuyên giáo Tỉnh ủy {province}]]"
            " mở hội nghị báo cáo viên.\n"
            f"Đồng chí [[person:p{n % len(PEOPLE)}|{person}]] chủ trì,"
            " nói về [[doc:05-ct-tw|Chỉ thị 05-CT/TW]].\n"
            f"Hội nghị nối trực tuyến với [[org:btg-tw|{central}]].{extra}\n"
        )
        path = folder / f"article_{n:04d}.txt"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files


def crashing_article_graph(article: Article) -> FakeArticleGraph:
    """Like fake_article_graph, but the worker process dies on a marked article."""
    if "CRASH-WORKER" in article.text:
        os._exit(3)
    return fake_article_graph(article)


def unstorable_article_graph(article: Article) -> FakeArticleGraph:
    """Like fake_article_graph, but a marked article's graph holds an IRI with a space,
    which the store's parser refuses (the whole bulk load it is part of fails)."""
    result = fake_article_graph(article)
    if "BAD-IRI" in article.text:
        broken = rdflib.URIRef("https://example.org/a b")
        result.graph.add((rdflib.URIRef(result.article_iri), rdflib.RDFS.seeAlso, broken))
    return result
