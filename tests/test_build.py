"""`kg build` over a fake extractor: incremental, idempotent, parallel, failures kept apart."""

from __future__ import annotations

import shutil
from pathlib import Path

import fakes
import pyoxigraph as ox
import pytest

from kg.build import BuildSummary, build, ntriples, remove
from kg.store import BULK_FLAG, ENTITIES_GRAPH, ID_NS, META_GRAPH, EmbeddedStore, StoreError, graph_iri_for


def run(store: EmbeddedStore, *paths: Path, jobs: int = 1, **options: object) -> BuildSummary:
    return build(
        store,
        [str(p) for p in paths],
        jobs=jobs,
        process=options.pop("process", fakes.fake_article_graph),
        reader=fakes.read_txt,
        lister=fakes.list_paths,
        **options,
    )


def quads(store: EmbeddedStore, *, skip_meta: bool = False) -> set[str]:
    return {str(q) for q in store.graph_quads() if not (skip_meta and q.graph_name == ox.NamedNode(META_GRAPH))}


def article_id(path: Path) -> str:
    return next(iter(fakes.read_txt(path))).id


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    fakes.write_corpus(tmp_path / "corpus", 12)
    return tmp_path / "corpus"


@pytest.fixture
def store(tmp_path: Path) -> EmbeddedStore:
    opened = EmbeddedStore(tmp_path / "store")
    yield opened
    opened.close()


def test_first_build_adds_everything_and_second_changes_nothing(store: EmbeddedStore, corpus: Path) -> None:
    first = run(store, corpus)
    assert (first.added, first.updated, first.unchanged, len(first.failed)) == (12, 0, 0, 0)
    assert first.triples_written == sum(
        len(fakes.expected_graph(next(iter(fakes.read_txt(p))))) for p in corpus.glob("*.txt")
    )
    before = quads(store)
    second = run(store, corpus)
    assert (second.added, second.updated, second.unchanged) == (0, 0, 12)
    assert second.entities is None  # nothing changed: the merged descriptions are kept
    assert quads(store) == before


def test_every_article_graph_holds_exactly_its_triples(store: EmbeddedStore, corpus: Path) -> None:
    run(store, corpus)
    for path in corpus.glob("*.txt"):
        article = next(iter(fakes.read_txt(path)))
        expected = fakes.fake_article_graph(article)
        stored = {str(ox.Triple(q.subject, q.predicate, q.object)) for q in store.graph_quads(expected.graph_iri)}
        parsed = ox.parse(expected.graph.serialize(format="nt"), ox.RdfFormat.N_TRIPLES)
        assert stored == {str(ox.Triple(q.subject, q.predicate, q.object)) for q in parsed}
        record = store.article_record(article.id)
        assert record.content_hash == article.content_hash and record.source == str(path)
        assert record.triples == len(expected.graph) and record.title == article.title
        assert record.year == article.published.year
        assert store.article_text(article.id) == article.text


def test_changed_new_and_unchanged_articles(store: EmbeddedStore, corpus: Path) -> None:
    run(store, corpus)
    changed = corpus / "article_0001.txt"
    changed.write_text(
        changed.read_text(encoding="utf-8").replace("[[doc:05-ct-tw|Chỉ thị 05-CT/TW]]", "[[doc:35-nq-tw|NQ 35]]"),
        encoding="utf-8",
    )
    fakes.write_corpus(corpus / "more", 1)  # article_0000.txt again under another folder: same id
    (corpus / "new.txt").write_text("Title: Mới\nDate: 2024-01-02\n\n[[org:x|Ban X]] họp.\n", encoding="utf-8")
    summary = run(store, corpus)
    assert (summary.added, summary.updated, summary.unchanged, summary.duplicates) == (1, 1, 11, 1)
    graph = graph_iri_for(article_id(changed))
    objects = {q.subject.value for q in store.graph_quads(graph)}
    assert f"{ID_NS}doc/35-nq-tw" in objects and f"{ID_NS}doc/05-ct-tw" not in objects
    assert summary.entities is not None


def test_failed_articles_are_reported_and_the_rest_is_built(store: EmbeddedStore, corpus: Path) -> None:
    (corpus / "bad-extract.txt").write_text("Title: x\n\nFAIL-EXTRACT [[org:a|A]]\n", encoding="utf-8")
    (corpus / "bad-input.txt").write_text("BROKEN-INPUT\n", encoding="utf-8")
    summary = run(store, corpus, jobs=2)
    assert summary.added == 12 and not summary.ok
    reasons = {Path(f.source).name: f.reason for f in summary.failed}
    assert set(reasons) == {"bad-extract.txt", "bad-input.txt"}
    assert "the fake extractor was told to fail" in reasons["bad-extract.txt"]
    assert "BROKEN-INPUT" in reasons["bad-input.txt"]
    assert all("\n" not in f.one_line() for f in summary.failed)
    assert store.article_state(article_id(corpus / "bad-extract.txt")) is None
    # a failed article is tried again next time, the others are not
    again = run(store, corpus)
    assert again.unchanged == 12 and len(again.failed) == 2


def test_an_article_that_cannot_be_stored_fails_alone_in_its_batch(store: EmbeddedStore, corpus: Path) -> None:
    (corpus / "bad-iri.txt").write_text("Title: x\n\nBAD-IRI [[org:a|A]]\n", encoding="utf-8")
    summary = run(store, corpus, process=fakes.unstorable_article_graph, batch_size=50)
    assert summary.added == 12
    assert [Path(f.source).name for f in summary.failed] == ["bad-iri.txt"]
    assert "cannot store its graph" in summary.failed[0].reason
    # nothing of the failed article is left behind, and no bulk load is marked unfinished
    assert graph_iri_for(article_id(corpus / "bad-iri.txt")) not in store.graph_names()
    assert not store.ask(f"ASK {{ GRAPH <{META_GRAPH}> {{ {BULK_FLAG} }} }}")


def test_a_bulk_load_cut_short_is_dropped_by_the_next_build(tmp_path: Path, corpus: Path) -> None:
    """What a kill in the middle of a bulk load leaves: the flag, and article graphs
    (here half of one) without records.  The next build drops them and redoes them."""
    with EmbeddedStore(tmp_path / "reference") as reference:
        run(reference, corpus)
        expected = quads(reference)
    with EmbeddedStore(tmp_path / "store") as store:
        article = next(iter(fakes.read_txt(sorted(corpus.glob("*.txt"))[0])))
        result = fakes.fake_article_graph(article)
        half = sorted(result.graph)[: len(result.graph) // 2]
        store.update(f"INSERT DATA {{ GRAPH <{META_GRAPH}> {{ {BULK_FLAG} }} }}")
        store.oxigraph.bulk_load(ntriples(half), ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(result.graph_iri))
        summary = run(store, corpus)
        assert summary.dropped_partial == 1 and summary.added == 12
        assert quads(store) == expected


def test_parallel_and_inline_builds_give_the_same_store(tmp_path: Path, corpus: Path) -> None:
    with EmbeddedStore(tmp_path / "inline") as inline, EmbeddedStore(tmp_path / "parallel") as parallel:
        run(inline, corpus, jobs=1)
        summary = run(parallel, corpus, jobs=2)
        assert summary.added == 12
        assert quads(inline) == quads(parallel)


def test_build_order_does_not_change_the_store(tmp_path: Path, corpus: Path) -> None:
    halves = sorted(corpus.glob("*.txt"))
    with EmbeddedStore(tmp_path / "a") as whole, EmbeddedStore(tmp_path / "b") as pieces:
        run(whole, corpus)
        for path in reversed(halves):
            run(pieces, path)
        assert quads(whole) == quads(pieces)
        entities = {str(q) for q in whole.graph_quads(ENTITIES_GRAPH)}
        assert f'<{ID_NS}org/btg-tw> <http://www.w3.org/2000/01/rdf-schema#label> "Ban Tuyên giáo Trung ương"' in {
            e.rsplit(" ", 1)[0] for e in entities
        }


def test_a_dying_worker_costs_only_its_article(store: EmbeddedStore, corpus: Path) -> None:
    (corpus / "crash.txt").write_text("Title: x\n\nCRASH-WORKER [[org:a|A]]\n", encoding="utf-8")
    summary = run(store, corpus, jobs=2, process=fakes.crashing_article_graph)
    assert summary.added == 12
    assert [Path(f.source).name for f in summary.failed] == ["crash.txt"]
    assert "worker process died" in summary.failed[0].reason


SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/shapes#> .
ex:BodyShape a sh:NodeShape ;
  sh:targetClass org:Organization ;
  sh:property [ sh:path rdfs:label ; sh:minCount 1 ; sh:pattern "^Ban " ;
                sh:message "a body's label starts with Ban" ] .
"""


def test_validate_refuses_articles_that_break_the_shapes(store: EmbeddedStore, corpus: Path, tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES, encoding="utf-8")
    (corpus / "odd.txt").write_text("Title: x\n\nHọp với [[org:tu-na|Tỉnh ủy Nghệ An]].\n", encoding="utf-8")
    summary = run(store, corpus, jobs=2, validate=True, shapes=shapes, ontology=tmp_path / "none.ttl")
    assert summary.added == 12
    (failure,) = summary.failed
    assert Path(failure.source).name == "odd.txt"
    assert "violates the shapes" in failure.reason
    assert "kgid:org/tu-na" in failure.reason and "rdfs:label" in failure.reason
    assert "starts with Ban" in failure.reason


def test_validate_without_shapes_file_is_an_error(store: EmbeddedStore, corpus: Path, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="shapes"):
        run(store, corpus, validate=True, shapes=tmp_path / "missing.ttl")


def test_remove_by_id_and_by_vanished_file(store: EmbeddedStore, corpus: Path) -> None:
    run(store, corpus)
    first, second = corpus / "article_0000.txt", corpus / "article_0001.txt"
    by_id = remove(store, [article_id(first)], reader=fakes.read_txt)
    assert [r.article_id for r in by_id.removed] == [article_id(first)]
    second_id = article_id(second)
    second.unlink()
    by_path = remove(store, [str(second), "no-such-article"], reader=fakes.read_txt)
    assert [r.article_id for r in by_path.removed] == [second_id]
    assert by_path.not_found == ["no-such-article"]
    assert store.article_state(second_id) is None
    assert graph_iri_for(second_id) not in store.graph_names()
    # rebuilding brings the first one back, the vanished file stays gone
    summary = run(store, corpus)
    assert (summary.added, summary.unchanged) == (1, 10)


def test_ontology_file_is_loaded_into_its_graph(store: EmbeddedStore, corpus: Path, tmp_path: Path) -> None:
    ontology = tmp_path / "kg.ttl"
    ontology.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n<https://w3id.org/vnkg/ontology#Evidence> a owl:Class .\n",
        encoding="utf-8",
    )
    run(store, corpus, ontology=ontology)
    assert store.count_triples("https://w3id.org/vnkg/graph/ontology") == 1


def test_copying_the_corpus_elsewhere_rebuilds_nothing(store: EmbeddedStore, corpus: Path, tmp_path: Path) -> None:
    run(store, corpus)
    moved = shutil.copytree(corpus, tmp_path / "moved")
    summary = run(store, moved)
    assert summary.unchanged == 12 and summary.added == 0


def test_editing_a_file_replaces_its_article(tmp_path: Path) -> None:
    """Issue 16.2: a .txt article's id is a hash of its text; after an edit the rebuild
    replaces the file's article instead of adding a second one beside it."""
    from kg.ingest import iter_paths, read_path

    corpus = tmp_path / "corpus"
    first, second = fakes.write_corpus(corpus, 2)
    options = {"jobs": 1, "process": fakes.fake_article_graph, "reader": read_path, "lister": iter_paths}
    with EmbeddedStore(tmp_path / "store") as store:
        build(store, [str(corpus)], **options)  # type: ignore[arg-type]
        before = {r.source: r for r in store.article_records()}
        first.write_text(
            first.read_text(encoding="utf-8").replace("[[person:p0|Nguyễn Văn An]]", "[[person:p9|Đỗ Văn Mới]]"),
            encoding="utf-8",
        )
        summary = build(store, [str(corpus)], **options)  # type: ignore[arg-type]
        after = {r.source: r for r in store.article_records()}
        assert (summary.added, summary.updated, summary.unchanged) == (0, 1, 1)
        assert sorted(after) == sorted(before) == [str(first), str(second)]
        assert after[str(first)].article_id != before[str(first)].article_id
        assert after[str(second)] == before[str(second)]
        special = ("meta", "entities", "ontology", "reference", "derived")
        graphs = [g for g in store.graph_names() if g.rsplit("/", 1)[1] not in special]
        assert sorted(graphs) == sorted(r.graph_iri for r in after.values())
        rows = store.select("SELECT ?l WHERE { GRAPH ?g { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } }")
        labels = {row["l"].value for row in rows}
        assert "Đỗ Văn Mới" in labels and "Nguyễn Văn An" not in labels
