"""Time the resolve and rdf stages on a synthetic article with about 100 facts.

Run: PYTHONPATH=$PWD python benchmarks/bench_resolve_rdf.py
"Cold" clears the normalisation caches before every article (every name new);
"warm" is the steady state of a corpus in which names recur.
"""

from __future__ import annotations

import time

from kg import resolve as resolve_module
from kg.facts import Article, ArticleFacts, Body, Document, Meeting, Mention, PartialDate, Person, Position
from kg.mapping import load_tables
from kg.rdf import serialize, to_graph
from kg.resolve import resolve

SENTENCE = (
    "Đồng chí Nguyễn Văn An, Phó Trưởng Ban Tuyên giáo Tỉnh ủy Nghệ An chủ trì hội nghị quán triệt Chỉ thị. "
)


def synthetic_article(seed: int, facts_count: int = 100) -> ArticleFacts:
    groups = facts_count // 5
    text = SENTENCE * (groups + 1)
    article = Article(id=f"bench{seed:06d}", source="benchmark", text=text, published=PartialDate(2024, 5, 2))
    facts = ArticleFacts(article=article, event_date=PartialDate(2024, 5, 2))
    length = len(SENTENCE)
    for i in range(groups):
        at = i * length
        mention = Mention("Nguyễn Văn An", at + 9, at + 22, at, at + length - 1)
        facts.persons.append(Person(id=f"p{i}", name=f"Nguyễn Văn An {seed} {i}", mentions=[mention]))
        facts.bodies.append(
            Body(
                id=f"b{i}",
                name=f"Ban Tuyên giáo {seed} {i} Tỉnh ủy Nghệ An",
                kind="ban_tuyen_giao",
                level="province",
                place="Nghệ An",
                mentions=[mention],
            )
        )
        facts.positions.append(
            Position(person=f"p{i}", role="Phó Trưởng Ban", body=f"b{i}", evidence=mention)
        )
        facts.documents.append(
            Document(
                id=f"d{i}",
                doc_type="Chỉ thị",
                label=f"Chỉ thị {i}-CT/TU",
                identifier=f"{i}-CT/TU",
                issuer=f"b{i}",
                mentions=[mention],
            )
        )
        facts.meetings.append(
            Meeting(
                id=f"m{i}",
                kind="Hội nghị",
                name=f"Hội nghị quán triệt số {i}",
                start=PartialDate(2024, 5, 2),
                organisers=[f"b{i}"],
                chairs=[f"p{i}"],
                attendees=[f"p{i}"],
                documents=[f"d{i}"],
                mentions=[mention],
            )
        )
    return facts


def clear_caches() -> None:
    for cached in (
        resolve_module.canonical,
        resolve_module.fold,
        resolve_module.slug,
        resolve_module.person_iri,
    ):
        cached.cache_clear()


def main() -> None:
    tables = load_tables()
    runs = 200
    articles = [synthetic_article(seed) for seed in range(runs)]
    chars = sum(len(a.article.text) for a in articles)
    facts = 5 * (100 // 5)
    for label, cold in (("cold", True), ("warm", False)):
        resolve_time = rdf_time = nquads_time = 0.0
        triples = 0
        for facts_ in articles if cold else [articles[0]] * runs:
            if cold:
                clear_caches()
            started = time.perf_counter()
            resolved = resolve(facts_, tables)
            resolved_at = time.perf_counter()
            graph = to_graph(resolved, tables)
            graph_at = time.perf_counter()
            serialize(graph, "nq")
            done = time.perf_counter()
            resolve_time += resolved_at - started
            rdf_time += graph_at - resolved_at
            nquads_time += done - graph_at
            triples = len(graph)
        print(
            f"{label}: {facts} facts, {triples} triples/article: resolve {resolve_time / runs * 1e3:.2f} ms, "
            f"rdf {rdf_time / runs * 1e3:.2f} ms, N-Quads {nquads_time / runs * 1e3:.2f} ms "
            f"({chars / runs:.0f} chars/article)"
        )
    started = time.perf_counter()
    for facts_ in articles[:50]:
        _ = to_graph(resolve(facts_, tables), tables).graph
    print(
        f"rdflib Graph built from the triples: {(time.perf_counter() - started) / 50 * 1e3:.2f} ms/article "
        "(resolve + rdf + Graph)"
    )


if __name__ == "__main__":
    main()
