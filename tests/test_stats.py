"""`kg stats` (issue 16.5): the most connected entities are counted in one pass over
the article graphs, and the software agent behind every extraction is not one of them."""

from __future__ import annotations

from pathlib import Path

from kg.stats import store_stats
from kg.store import ID_NS, RDFS, ArticleRecord, EmbeddedStore, graph_iri_for

PROV = "http://www.w3.org/ns/prov#"
AGENT = f"{ID_NS}software/kg/0.1.0"
BODY = f"{ID_NS}body/ban-tuyen-giao"


def article_nt(number: int) -> str:
    article, activity = f"<{ID_NS}article/a{number}>", f"<{ID_NS}extraction/a{number}>"
    person = f"<{ID_NS}person/p{number}>"
    return (
        f'<{BODY}> <{RDFS}label> "Ban Tuyên giáo" .\n'
        f"{article} <https://schema.org/mentions> <{BODY}> .\n"
        f"{article} <https://schema.org/mentions> {person} .\n"
        f'{person} <{RDFS}label> "Người số {number}" .\n'
        f"{person} <http://www.w3.org/ns/org#memberOf> <{BODY}> .\n"
        f"{activity} <{PROV}wasAssociatedWith> <{AGENT}> .\n"
        f"{activity} <{PROV}used> {article} .\n"
        f"<{AGENT}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{PROV}SoftwareAgent> .\n"
        f'<{AGENT}> <{RDFS}label> "kg" .\n'
    )


def test_software_agent_is_not_ranked(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "store") as store:
        for number in range(6):
            article_id = f"a{number}"
            record = ArticleRecord(article_id, "h", f"{article_id}.txt", graph_iri_for(article_id))
            store.replace_graph(graph_iri_for(article_id), article_nt(number), record)
        store.recompute_entities()
        stats = store_stats(store, top=10)
    ranked = {entity.iri: entity.degree for entity in stats.connected}
    assert AGENT not in ranked
    # six articles and six people link the body; each person the body and an article
    assert ranked[BODY] == 12
    assert ranked[f"{ID_NS}person/p0"] == 2
    assert stats.connected[0].iri == BODY and stats.connected[0].label == "Ban Tuyên giáo"


def test_triple_counts_of_build_stats_and_export_add_up(tmp_path: Path) -> None:
    """Issue 16.8: build, stats and export count different things; stats breaks its
    total down so that each of the others can be found in it."""
    import io

    import fakes

    from kg.build import build
    from kg.export import export
    from kg.store import KG

    fakes.write_corpus(tmp_path / "corpus", 6)
    ontology = tmp_path / "kg.ttl"
    ontology.write_text(f"<{KG}Evidence> a <http://www.w3.org/2002/07/owl#Class> .\n", encoding="utf-8")
    with EmbeddedStore(tmp_path / "store") as store:
        summary = build(
            store,
            [str(tmp_path / "corpus")],
            jobs=1,
            ontology=ontology,
            process=fakes.fake_article_graph,
            reader=fakes.read_txt,
            lister=fakes.list_paths,
        )
        stats = store_stats(store)
        nquads = export(store, "nquads", io.BytesIO())
    assert stats.article_triples == summary.triples_written > 0
    assert stats.ontology_triples == 1 and stats.entity_triples > 0 and stats.meta_triples > 0
    assert stats.reference_triples > 0
    parts = (
        stats.article_triples + stats.entity_triples + stats.ontology_triples + stats.reference_triples
        + stats.meta_triples + stats.derived_triples
    )
    assert stats.triples == parts
    assert nquads.statements == stats.triples - stats.meta_triples
