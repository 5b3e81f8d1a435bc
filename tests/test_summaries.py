"""The summary tables (kg/summaries.py) give the rows the canned .rq gives, stay so when a
build adds articles and when articles are removed (the incremental upkeep equals a whole
recount), and are never read when they do not match the store.

The rows are compared by benchmarks/summary_bench.py's :func:`problems`: in the order the
.rq defines (most shared meetings / posts first), as multisets among equal counts, the
.rq's SAMPLE column as one of the values it may give and its GROUP_CONCAT list as a set.
Builds use worker processes (jobs=2), as tests/test_derived.py explains."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks import corpus
from benchmarks.summary_bench import cases, person_names, problems, table_rows
from kg import queries as canned
from kg import summaries
from kg.build import build, remove
from kg.cli import cli
from kg.serve import sparql
from kg.store import GraphStore, open_graph_store

ARTICLES = Path(__file__).resolve().parent.parent / "data" / "articles"
QUERY_DIR = Path(__file__).resolve().parent.parent / "queries"
NAMES = ["Nguyễn Trọng Nghĩa", "Kha Văn Tám", "Nguyễn", "nguyen", "Lê Văn Tuấn"]


def all_problems(store: GraphStore) -> list[str]:
    backend = canned.GraphStoreBackend(store)
    catalogue = canned.load_queries()
    names = [*person_names(store), *NAMES]
    found: list[str] = []
    for name in summaries.QUERIES:
        for values in cases(name, names):
            found += problems(backend, store, catalogue[name], values)
    return found


def recounted_equals_kept(store: GraphStore) -> bool:
    path = summaries.path_of(store)
    assert path is not None and path.is_file()
    kept = table_rows(path)
    summaries.refresh(store, None, whole=True)
    return table_rows(path) == kept


def test_the_tables_implement_the_query_files_as_they_are() -> None:
    """An edit of the .rq must come with the tables' code (then update QUERIES)."""
    for name, digest in summaries.QUERIES.items():
        text = (QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8")
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == digest, name


def test_the_sample_store_gives_the_rows_of_the_rq(tmp_path: Path) -> None:
    with open_graph_store(tmp_path / "store") as store:
        build(store, [str(ARTICLES)], jobs=2)
        assert summaries.is_fresh(store)  # kg build wrote them
        assert all_problems(store) == []


def variants(folder: Path) -> list[Path]:
    """Two sample articles told again at other dates: other meetings, the same people
    (pairs who shared several meetings, which neither the samples nor a small generated
    corpus have)."""
    written = []
    for index, (year, other) in enumerate([("2020", "2021"), ("2020", "2018")]):
        for name in ("000_49fade46e9b719c9.txt", "001_2dd3f63708acae17.txt"):
            text = (ARTICLES / name).read_text(encoding="utf-8")
            text = text.replace(year, other).replace("25/2", f"1{index}/5").replace("28/2", f"2{index}/5")
            path = folder / f"variant{index}_{name}"
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A folder of 60 generated articles, the samples and four variants of them, and a
    folder with 40 of the generated ones and two variants."""
    root = tmp_path_factory.mktemp("summary-corpus")
    corpus.write_corpus(root / "corpus", 60, seed=5)
    every = root / "corpus" / "articles"
    for path in ARTICLES.glob("*.txt"):
        shutil.copy(path, every / path.name)
    extra = variants(every)
    first = root / "first"
    first.mkdir()
    for path in [*sorted(every.glob("0*.txt"))[:40], *extra[:2]]:
        shutil.copy(path, first / path.name)
    return first, every


def test_a_second_build_and_a_removal_keep_the_rows_of_the_rq(tmp_path: Path, articles: tuple[Path, Path]) -> None:
    first, every = articles
    assert len(list(first.glob("*"))) == 42 and len(list(every.glob("*"))) == 69
    with open_graph_store(tmp_path / "store") as store:
        assert build(store, [str(first)], jobs=2).added == 42
        assert all_problems(store) == []
        # the second build adds 27 articles: the tables are brought up to date piece by piece
        assert build(store, [str(every)], jobs=2).added == 27
        assert summaries.is_fresh(store)
        problems_after_build = all_problems(store)
        equal_after_build = recounted_equals_kept(store)
        # the comparisons are worth something: pairs who shared several meetings, persons
        # with several posts in one article
        backend = canned.GraphStoreBackend(store)
        catalogue = canned.load_queries()
        several_meetings = canned.answer(backend, catalogue["co-attendance"], {"min_meetings": "3"}).rows
        several_posts = canned.answer(backend, catalogue["concurrent-posts"], {}).rows
        # removing articles: their rows go, the pairs of the persons they named are counted again
        gone = [*sorted(every.glob("0*.txt"))[5:15], every / "variant1_000_49fade46e9b719c9.txt"]
        removed = remove(store, [str(path) for path in gone])
        assert len(removed.removed) == 11
        assert summaries.is_fresh(store)
        assert remove(store, ["no-such-article"]).not_found == ["no-such-article"]
        assert summaries.is_fresh(store)  # a removal of nothing leaves them usable
        problems_after_removal = all_problems(store)
        equal_after_removal = recounted_equals_kept(store)
        fewer_meetings = canned.answer(backend, catalogue["co-attendance"], {"min_meetings": "3"}).rows
    assert problems_after_build == []
    assert equal_after_build
    assert several_meetings and several_posts
    assert problems_after_removal == []
    assert equal_after_removal
    assert len(fewer_meetings) < len(several_meetings)  # the removed variant's meeting is no longer shared


def test_a_stale_or_missing_summary_is_never_read(tmp_path: Path) -> None:
    with open_graph_store(tmp_path / "store") as store:
        build(store, [str(ARTICLES)], jobs=2)
        backend = canned.GraphStoreBackend(store)
        query = canned.load_queries()["concurrent-posts"]
        assert canned.answer(backend, query, {}).note  # fresh: read from the tables
        # a removal the tables did not see (no upkeep): the .rq answers, with the store's rows
        graph = next(record.graph_iri for record in store.article_records())
        assert store.remove_graph(graph)
        store.recompute_entities(None)
        assert not summaries.is_fresh(store)
        stale = canned.answer(backend, query, {})
        assert stale.note == ""
        assert stale.rows == canned.run(backend, query.bind({})).rows
        # brought up to date (what kg summarize does): read from the tables again, same rows
        summaries.refresh(store, None)
        assert summaries.is_fresh(store)
        assert problems(backend, store, query, {}) == []
        # missing: the .rq answers
        path = summaries.path_of(store)
        assert path is not None
        path.unlink()
        assert canned.answer(backend, query, {}).note == ""


def test_an_edited_query_file_and_an_endpoint_run_the_query_text(tmp_path: Path) -> None:
    with open_graph_store(tmp_path / "store") as store:
        build(store, [str(ARTICLES)], jobs=2)
        query = canned.load_queries()["co-attendance"]
        edited = canned.parse_query(query.sparql.replace("ORDER BY DESC(?meetings)", "ORDER BY ?meetings"), query.path)
        backend = canned.GraphStoreBackend(store)
        assert canned.answer(backend, query, {}).note
        assert canned.answer(backend, edited, {}).note == ""
        # a backend without a store folder (an endpoint; here the raw pyoxigraph store)
        raw = canned.EmbeddedBackend(store.oxigraph)  # type: ignore[attr-defined]
        assert canned.answer(raw, query, {}).note == ""
        # kg serve's worker: the tables' rows, cut to --max-rows like the .rq's
        posts = canned.load_queries()["concurrent-posts"]
        served = sparql.table(store, posts.bind({}), 1, sparql.Dataset(), 10**7, (posts, {}))
        assert served.result.note and served.truncated and len(served.result.rows) == 1
        assert sparql.table(store, posts.bind({}), 1).result.note == ""  # no question given: the text runs


def test_kg_query_says_where_the_rows_come_from(tmp_path: Path) -> None:
    with open_graph_store(tmp_path / "store") as store:
        build(store, [str(ARTICLES)], jobs=2)
    arguments = ["query", "concurrent-posts", "--store", str(tmp_path / "store")]
    shown = CliRunner().invoke(cli, arguments, env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    assert "from the summary tables" in shown.output
    (tmp_path / f"store{summaries.SUFFIX}").unlink()
    counted = CliRunner().invoke(cli, arguments, env={"COLUMNS": "200"})
    assert counted.exit_code == 0, counted.output
    assert "from the summary tables" not in counted.output
    assert counted.output.count("Kha Văn Tám") == shown.output.count("Kha Văn Tám") > 0


def test_labels_are_the_ones_the_store_holds_now(tmp_path: Path) -> None:
    """A merge that renames an entity reaches the rows: the upkeep reads the labels of the
    entities a build touched again (here a rename done by hand, then the upkeep told so)."""
    with open_graph_store(tmp_path / "store") as store:
        build(store, [str(ARTICLES)], jobs=2)
        backend = canned.GraphStoreBackend(store)
        query = canned.load_queries()["concurrent-posts"]
        row = canned.answer(backend, query, {}).rows[0]
        person, label = row[5].value, row[0].value
        entities = "https://w3id.org/vnkg/graph/entities"
        for predicate in ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label"):
            store.update(
                f'DELETE DATA {{ GRAPH <{entities}> {{ <{person}> <{predicate}> "{label}" }} }} ; '
                f'INSERT DATA {{ GRAPH <{entities}> {{ <{person}> <{predicate}> "{label} (renamed)" }} }}'
            )
        summaries.refresh(store, {person})
        renamed = canned.answer(backend, query, {})
        assert renamed.note
        assert f"{label} (renamed)" in {r[0].value for r in renamed.rows}
        assert problems(backend, store, query, {}) == []


def test_a_limited_answer_is_the_start_of_the_whole_one(tmp_path: Path, articles: tuple[Path, Path]) -> None:
    """A page asks for its first rows only (kg serve: max_rows + 1); they are the whole
    answer's first rows, and there are at least as many as asked when the whole has more."""
    _, every = articles
    with open_graph_store(tmp_path / "store") as store:
        build(store, [str(every)], jobs=2)
        catalogue = canned.load_queries()
        checked = 0
        for name in summaries.QUERIES:
            for values in cases(name, [*person_names(store), *NAMES]):
                whole = canned.summary_answer(store, catalogue[name], values)
                assert whole is not None
                for limit in (1, 7, len(whole.rows) + 1):
                    part = canned.summary_answer(store, catalogue[name], values, limit=limit)
                    assert part is not None
                    assert len(part.rows) >= min(limit, len(whole.rows))
                    assert part.rows == whole.rows[: len(part.rows)]
                    checked += len(whole.rows) > limit
    assert checked  # some answers were longer than the limit: the cut was tested
