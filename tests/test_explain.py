"""`kg explain` lists each sentence once (issue 16.8), even when it is the evidence for
the entity and for a fact about it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kg.cli import cli
from kg.explain import explain
from kg.store import ID_NS, KG, RDFS, ArticleRecord, EmbeddedStore, graph_iri_for

BODY = f"{ID_NS}body/ban-tuyen-giao"
MEMBERSHIP = f"{ID_NS}position/m1"
SENTENCE = "Đồng chí Lê Văn Sáu, Trưởng Ban Tuyên giáo Tỉnh ủy chủ trì."


def evidence(node: str, number: int) -> str:
    ev = f"<{ID_NS}evidence/a1/{number}>"
    return (
        f"<{node}> <{KG}evidence> {ev} .\n"
        f"{ev} a <{KG}Evidence> .\n"
        f'{ev} <{KG}sentenceText> "{SENTENCE}" .\n'
        f"{ev} <{KG}startOffset> 120 .\n"
        f"{ev} <{KG}endOffset> {120 + len(SENTENCE)} .\n"
    )


def test_a_sentence_behind_an_entity_and_its_membership_is_listed_once(tmp_path: Path) -> None:
    triples = (
        f'<{BODY}> <{RDFS}label> "Ban Tuyên giáo Tỉnh ủy" .\n'
        f"<{MEMBERSHIP}> <http://www.w3.org/ns/org#organization> <{BODY}> .\n"
        + evidence(BODY, 0)
        + evidence(MEMBERSHIP, 1)
    )
    with EmbeddedStore(tmp_path / "store") as store:
        store.replace_graph(graph_iri_for("a1"), triples, ArticleRecord("a1", "h", "a1.txt", graph_iri_for("a1")))
        store.recompute_entities()
        found = explain(store, BODY)
    assert [(e.sentence, e.subject, e.also_about) for e in found.evidence] == [(SENTENCE, BODY, (MEMBERSHIP,))]
    result = CliRunner().invoke(
        cli, ["explain", BODY, "--store", str(tmp_path / "store")], env={"COLUMNS": "250"}
    )
    assert result.exit_code == 0, result.output
    assert result.output.count(SENTENCE) == 1 and "Evidence (1 sentence)" in result.output
