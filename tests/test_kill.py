"""Nothing lost: a build killed with SIGKILL leaves whole articles only, and a re-run
completes the store to exactly what an uninterrupted build gives."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import fakes
import pyoxigraph as ox
import pytest

from kg.build import build
from kg.store import BULK_FLAG, META_GRAPH, ArticleRecord, EmbeddedStore

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
ARTICLES = 200


def environment(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(TESTS), env.get("PYTHONPATH", "")])
    env.update(extra)
    return env


def start(command: list[str], **extra: str) -> subprocess.Popen[str]:
    # a session of its own, so the kill reaches the worker processes too
    return subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(**extra),
        start_new_session=True,
        cwd=ROOT,
    )


def kill_after(process: subprocess.Popen[str], written: int) -> int:
    """Wait for ``written`` articles to be reported stored, then SIGKILL the whole group."""
    seen = 0
    assert process.stdout is not None
    for line in process.stdout:
        seen += line.startswith("written ")
        if seen >= written:
            break
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    return seen


def assert_only_whole_articles(store: EmbeddedStore, corpus: Path) -> int:
    """Every record has its complete graph; an article graph without a record is only
    allowed while the bulk flag says a bulk load did not finish (the next build drops it)."""
    records = {r.graph_iri: r for r in store.article_records()}
    graphs = {
        g
        for g in store.graph_names()
        if g.startswith("https://w3id.org/vnkg/graph/")
        and g.rsplit("/", 1)[1] not in ("meta", "entities", "ontology", "reference", "derived")
    }
    assert set(records) <= graphs
    if not store.ask(f"ASK {{ GRAPH <{META_GRAPH}> {{ {BULK_FLAG} }} }}"):
        assert graphs == set(records)
    articles = {a.id: a for p in corpus.glob("*.txt") for a in fakes.read_txt(p)}
    for graph_iri, record in records.items():
        expected = fakes.fake_article_graph(articles[record.article_id]).graph
        wanted = {
            str(ox.Triple(q.subject, q.predicate, q.object))
            for q in ox.parse(expected.serialize(format="nt"), ox.RdfFormat.N_TRIPLES)
        }
        stored = {str(ox.Triple(q.subject, q.predicate, q.object)) for q in store.graph_quads(graph_iri)}
        assert stored == wanted, f"article {record.article_id} is not whole"
        assert record.content_hash == articles[record.article_id].content_hash
    return len(records)


def clean_build_quads(tmp_path: Path, corpus: Path) -> set[str]:
    with EmbeddedStore(tmp_path / "reference") as reference:
        build(
            reference,
            [str(corpus)],
            jobs=1,
            process=fakes.fake_article_graph,
            reader=fakes.read_txt,
            lister=fakes.list_paths,
        )
        return {str(q) for q in reference.graph_quads()}


@pytest.mark.parametrize("jobs", [1, 2])
def test_sigkill_midway_then_rerun_completes(tmp_path: Path, jobs: int) -> None:
    corpus = tmp_path / "corpus"
    fakes.write_corpus(corpus, ARTICLES)
    store_path = tmp_path / "store"
    driver = [sys.executable, str(TESTS / "build_driver.py"), str(store_path), str(corpus), str(jobs)]

    process = start(driver, KG_FAKE_DELAY="0.01")
    reported = kill_after(process, 40)

    with EmbeddedStore(store_path) as store:  # opens: no lock left, nothing damaged
        kept = assert_only_whole_articles(store, corpus)
    assert reported <= kept < ARTICLES  # what was reported stored is stored; the rest is not

    finished = subprocess.run(driver, capture_output=True, text=True, env=environment(), cwd=ROOT, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert f"done added={ARTICLES - kept} unchanged={kept} failed=0" in finished.stdout

    with EmbeddedStore(store_path) as store:
        assert assert_only_whole_articles(store, corpus) == ARTICLES
        assert not store.entities_stale()
        resumed = {str(q) for q in store.graph_quads()}
    assert resumed == clean_build_quads(tmp_path, corpus)


def test_kill_after_articles_before_entities_recomputes_them(tmp_path: Path) -> None:
    """Articles stored but the merged descriptions not yet rewritten: the stale flag
    survives the kill and the next build (with nothing else to do) recomputes them."""
    corpus = tmp_path / "corpus"
    fakes.write_corpus(corpus, 5)
    with EmbeddedStore(tmp_path / "store") as store:
        for path in sorted(corpus.glob("*.txt")):
            for article in fakes.read_txt(path):
                result = fakes.fake_article_graph(article)
                store.replace_graph(
                    result.graph_iri,
                    result.graph.serialize(format="nt"),
                    ArticleRecord(article.id, article.content_hash, article.source, result.graph_iri),
                )
        assert store.entities_stale()
        summary = build(
            store,
            [str(corpus)],
            jobs=1,
            process=fakes.fake_article_graph,
            reader=fakes.read_txt,
            lister=fakes.list_paths,
        )
        assert summary.unchanged == 5 and summary.entities == 12  # 5 bodies, 5 people, the central body, the directive
        assert not store.entities_stale()
        assert store.count_triples("https://w3id.org/vnkg/graph/entities") > 0
        assert META_GRAPH in store.graph_names()


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_workers_die_with_a_killed_build(tmp_path: Path) -> None:
    """Issue 16.6: SIGKILL to the build process alone (not its group) leaves no worker."""
    import time

    corpus = tmp_path / "corpus"
    fakes.write_corpus(corpus, ARTICLES)
    driver = [sys.executable, str(TESTS / "build_driver.py"), str(tmp_path / "store"), str(corpus), "2"]
    process = start(driver, KG_FAKE_DELAY="0.05")
    assert process.stdout is not None
    workers: list[int] = []
    try:
        for line in process.stdout:
            workers = [p for p in _children(process.pid) if _alive(p)]
            if line.startswith("written ") and len(workers) >= 2:
                break
        assert workers, "the build started no worker process"
        process.kill()  # the main process only
        process.wait(timeout=30)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(_alive(p) for p in workers):
            time.sleep(0.2)
        assert [p for p in workers if _alive(p)] == []
    finally:
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def test_bulk_load_leftovers_are_removed_on_open(tmp_path: Path) -> None:
    """Issue 16.6: the bulk-*.sst files of a bulk load killed midway go at the next
    writable open (a read-only open, which holds no lock, leaves them)."""
    with EmbeddedStore(tmp_path / "store") as store:
        store.update("INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/b> 1 } }")
    leftover = tmp_path / "store" / "bulk-123456789.sst"
    leftover.write_bytes(b"\0" * 1024)
    EmbeddedStore(tmp_path / "store", read_only=True).close()
    assert leftover.exists()
    with EmbeddedStore(tmp_path / "store") as store:
        assert store.count_triples() == 1
    assert not leftover.exists()
