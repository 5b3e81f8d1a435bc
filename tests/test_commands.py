"""kg validate / stats / explain / remove through the command line (click's runner)."""

from __future__ import annotations

from pathlib import Path

import fakes
import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cli import cli
from kg.store import EmbeddedStore

SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix kg: <https://w3id.org/vnkg/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/shapes#> .
ex:EvidenceShape a sh:NodeShape ; sh:targetClass kg:Evidence ;
  sh:property [ sh:path kg:sentenceText ; sh:minCount 1 ; sh:maxCount 1 ] .
ex:BodyShape a sh:NodeShape ; sh:targetClass org:Organization ;
  sh:property [ sh:path rdfs:label ; sh:pattern "^Ban " ; sh:message "a body's label starts with Ban" ] .
"""


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus"
    fakes.write_corpus(corpus, 8)
    with EmbeddedStore(tmp_path / "store") as store:
        build(
            store,
            [str(corpus)],
            jobs=1,
            process=fakes.fake_article_graph,
            reader=fakes.read_txt,
            lister=fakes.list_paths,
        )
    return tmp_path / "store", corpus


def kg(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), env={"COLUMNS": "200"})
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_validate_passes_then_reports_the_offender(built: tuple[Path, Path], tmp_path: Path) -> None:
    store, corpus = built
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES, encoding="utf-8")
    code, output = kg("validate", "--shapes", str(shapes), "--store", str(store))
    assert code == 0 and "8 article graphs and the merged graph checked: conforms" in output
    (corpus / "odd.txt").write_text("Title: x\n\nHọp với [[org:tu-na|Tỉnh ủy Nghệ An]].\n", encoding="utf-8")
    with EmbeddedStore(store) as opened:
        build(
            opened,
            [str(corpus)],
            jobs=1,
            process=fakes.fake_article_graph,
            reader=fakes.read_txt,
            lister=fakes.list_paths,
        )
    code, output = kg("validate", "--shapes", str(shapes), "--store", str(store))
    assert code == 1
    assert "1 violations in 1 graphs" in output
    assert "org_:tu-na" in output or "kgid:org/tu-na" in output
    assert "rdfs:label" in output and "a body's label starts with Ban" in output


def test_validate_without_shapes_is_a_usage_error(built: tuple[Path, Path], tmp_path: Path) -> None:
    store, _ = built
    code, output = kg("validate", "--shapes", str(tmp_path / "none.ttl"), "--store", str(store))
    assert code == 2 and "no such shapes file" in output


def test_stats_counts_classes_connections_and_years(built: tuple[Path, Path]) -> None:
    store, _ = built
    code, output = kg("stats", "--store", str(store))
    assert code == 0
    assert "8 articles" in output
    lines = {line.split("│")[1].strip(): line for line in output.splitlines() if line.count("│") >= 3}
    assert lines["org:Organization"].split("│")[2].strip() == "8"  # seven provinces + the central one
    assert lines["foaf:Person"].split("│")[2].strip() == "5"
    assert lines["kg:Evidence"].split("│")[2].strip() == "32"
    top = [line for line in output.splitlines() if "Ban Tuyên giáo Trung ương" in line]
    assert top and top[0].split("│")[3].strip() == "8"  # mentioned by all eight articles
    assert lines["2020"].split("│")[2].strip() == "2"


def test_explain_by_label_shows_labels_articles_and_sentences(built: tuple[Path, Path]) -> None:
    store, _ = built
    code, output = kg("explain", "ban tuyen giao trung uong", "--limit", "0", "--store", str(store))
    assert code == 0
    assert "https://w3id.org/vnkg/id/org/btg-tw" in output
    assert "Ban Tuyên giáo TW" in output and "Appears in 8 articles" in output
    assert "Evidence (8 sentences)" in output
    assert "Hội nghị nối trực tuyến với [[org:btg-tw|Ban Tuyên giáo TW]]." in output


def test_explain_lists_ambiguous_and_missing_labels(built: tuple[Path, Path]) -> None:
    store, _ = built
    code, output = kg("explain", "Ban Tuyên giáo Tỉnh", "--store", str(store))
    assert code == 1 and "7 entities match" in output and "btg-tinh-uy-nghe-an" in output
    code, output = kg("explain", "Bộ Chính trị", "--store", str(store))
    assert code == 1 and "no entity is labelled" in output


def test_remove_command(built: tuple[Path, Path]) -> None:
    store, corpus = built
    first = corpus / "article_0000.txt"
    article_id = next(iter(fakes.read_txt(first))).id
    code, output = kg("remove", article_id, "nothing-like-this", "--store", str(store))
    assert code == 1 and f"removed {article_id}" in output and "no stored article matches" in output
    with EmbeddedStore(store, read_only=True) as opened:
        assert opened.article_state(article_id) is None
