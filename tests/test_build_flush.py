"""The build's single writer flushes the store now and then, so its memory does not grow with the corpus."""

from __future__ import annotations

from pathlib import Path

import fakes
import pytest

import kg.build
from kg.build import build
from kg.store import EmbeddedStore


class CountingStore(EmbeddedStore):
    flushes = 0

    def flush(self) -> None:
        super().flush()
        self.flushes += 1


def test_the_writer_flushes_every_few_articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fakes.write_corpus(tmp_path / "corpus", 12)
    monkeypatch.setattr(kg.build, "FLUSH_EVERY", 5)
    with CountingStore(tmp_path / "store") as store:
        summary = build(
            store,
            [str(tmp_path / "corpus")],
            jobs=1,
            process=fakes.fake_article_graph,
            reader=fakes.read_txt,
            lister=fakes.list_paths,
        )
        assert summary.added == 12
        assert store.flushes == 2  # after the 5th and the 10th article
        assert store.count_triples() > 0


def test_flush_keeps_what_was_written(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "store") as store:
        store.put_graph("https://example.org/g", '<https://example.org/a> <https://example.org/b> "c" .')
        store.flush()
        assert store.count_triples("https://example.org/g") == 1
    with EmbeddedStore(tmp_path / "store", read_only=True) as store:
        store.flush()  # nothing to write: no error on a read-only store
        assert store.count_triples("https://example.org/g") == 1
