"""The rdf stage: standard terms alongside ours, provenance, determinism, serialisations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import RDF_DATA
from factbuilder import facts_from_case, load_case
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD

from kg.facts import ArticleFacts, Body, Mention, Person, Position
from kg.mapping import Tables, load_tables
from kg.rdf import ArticleGraph, serialize, to_graph
from kg.resolve import resolve
from kg.vocab import FOAF, KG, ORG, PROV, SCHEMA, SKOS

CASES = sorted(RDF_DATA.glob("*.json"))


def _graph(case_path: Path, tables: Tables) -> ArticleGraph:
    return to_graph(resolve(facts_from_case(load_case(case_path)), tables), tables)


@pytest.mark.parametrize("case_path", CASES, ids=[p.stem for p in CASES])
def test_case_queries(case_path: Path, tables: Tables) -> None:
    """Each data file states SPARQL queries and the answers a careful reader expects."""
    expect = load_case(case_path)["expect"]
    graph = _graph(case_path, tables).graph
    for item in expect.get("select", []):
        rows = [[str(value) for value in row] for row in graph.query(item["query"])]
        assert rows == item["rows"], item["why"]
    for query in expect.get("ask", []):
        assert graph.query(query).askAnswer, query
    for query in expect.get("not_ask", []):
        assert not graph.query(query).askAnswer, query


def test_case_files_exist() -> None:
    assert len(CASES) >= 3


def test_standard_only_query_finds_the_deputy_head(tables: Tables) -> None:
    graph = _graph(RDF_DATA / "reporters_conference.json", tables).graph
    query = """
        PREFIX foaf: <http://xmlns.com/foaf/0.1/>
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?name WHERE {
            ?membership org:member ?person ; org:role ?role ; org:organization ?body .
            ?person a foaf:Person ; foaf:name ?name .
            ?role a org:Role ; skos:prefLabel "Phó Trưởng Ban"@vi .
            ?body a org:Organization ; skos:prefLabel "Ban Tuyên giáo Trung ương"@vi .
        }"""
    assert [str(row[0]) for row in graph.query(query)] == ["Trần Văn An"]


def test_every_instance_carries_kg_and_standard_types(tables: Tables) -> None:
    graph = _graph(RDF_DATA / "reporters_conference.json", tables).graph
    pairs = [
        (KG.Person, FOAF.Person),
        (KG.Body, ORG.Organization),
        (KG.Position, ORG.Membership),
        (KG.Role, ORG.Role),
        (KG.Document, SCHEMA.Legislation),
        (KG.Meeting, SCHEMA.Event),
        (KG.Place, SCHEMA.Place),
        (KG.Article, SCHEMA.NewsArticle),
        (KG.Evidence, PROV.Entity),
        (KG.Extraction, PROV.Activity),
    ]
    for ours, standard in pairs:
        instances = set(graph.subjects(RDF.type, ours))
        assert instances, ours
        assert instances <= set(graph.subjects(RDF.type, standard)), (ours, standard)


def test_sub_properties_are_written_with_their_standard_super_property(tables: Tables) -> None:
    graph = _graph(RDF_DATA / "reporters_conference.json", tables).graph
    pairs = [
        (KG.chair, SCHEMA.attendee),
        (KG.attendingBody, SCHEMA.attendee),
        (KG.discussed, SCHEMA.about),
        (KG.refersTo, SCHEMA.citation),
        (KG.subject, SCHEMA.description),
        (KG.alias, SKOS.altLabel),
        (KG.evidence, PROV.wasDerivedFrom),
    ]
    for ours, standard in pairs:
        ours_pairs = set(graph.subject_objects(ours))
        assert ours_pairs, ours
        assert ours_pairs <= set(graph.subject_objects(standard)), (ours, standard)


def test_evidence_points_at_the_sentence_in_the_original_text(tables: Tables) -> None:
    case = load_case(RDF_DATA / "reporters_conference.json")
    text = case["article"]["text"]
    graph = _graph(RDF_DATA / "reporters_conference.json", tables).graph
    evidence = set(graph.subjects(RDF.type, KG.Evidence))
    assert len(evidence) >= 4
    for node in evidence:
        start = graph.value(node, KG.startOffset).toPython()
        end = graph.value(node, KG.endOffset).toPython()
        assert str(graph.value(node, KG.sentenceText)) == text[start:end]
        assert str(node).endswith(f"#s{start}-{end}")
    # every fact of the five kinds has evidence
    for cls in (KG.Person, KG.Body, KG.Position, KG.Document, KG.Meeting):
        for subject in graph.subjects(RDF.type, cls):
            assert graph.value(subject, KG.evidence) in evidence, subject


def test_dates_are_typed_and_partial_dates_keep_their_precision(tables: Tables) -> None:
    graph = _graph(RDF_DATA / "working_visit.json", tables).graph
    starts = {o for o in graph.objects(None, SCHEMA.startDate)}
    assert Literal("--04-21", datatype=XSD.gMonthDay) in starts
    assert Literal("--04-23", datatype=XSD.gMonthDay) in set(graph.objects(None, SCHEMA.endDate))


def test_classes_come_from_the_gazetteers(tmp_path: Path, tables: Tables) -> None:
    facts = facts_from_case(load_case(RDF_DATA / "reporters_conference.json"))
    graph = to_graph(resolve(facts, tables), tables).graph
    assert set(graph.subjects(RDF.type, KG.Directive))
    assert set(graph.subjects(RDF.type, KG.OnlineConference))
    assert set(graph.subjects(RDF.type, KG.PartyBody))
    # the same facts with no gazetteers: only the generic classes
    bare = load_tables(tmp_path)
    plain = to_graph(resolve(facts, bare), bare).graph
    assert not set(plain.subjects(RDF.type, KG.Directive))
    assert not set(plain.subjects(RDF.type, KG.PartyBody))
    assert set(plain.subjects(RDF.type, KG.Document)) == set(graph.subjects(RDF.type, KG.Document))
    # a new row in the CSV is a new mapping, no code involved
    custom_dir = tmp_path / "custom"
    custom_dir.mkdir()
    (custom_dir / "document_types.csv").write_text(
        "label,code,class,english\nChỉ thị,CT,Plan,plan\n", encoding="utf-8"
    )
    custom = load_tables(custom_dir)
    remapped = to_graph(resolve(facts, custom), custom).graph
    assert set(remapped.subjects(RDF.type, KG.Plan)) == set(graph.subjects(RDF.type, KG.Directive))


def test_same_input_twice_gives_the_same_triples(tables: Tables) -> None:
    for case_path in CASES:
        first = _graph(case_path, tables)
        second = _graph(case_path, tables)
        assert isomorphic(first.graph, second.graph)
        assert serialize(first, "nq") == serialize(second, "nq")
        assert not any(isinstance(term, BNode) for triple in first.triples for term in triple)


def test_serialisations_round_trip(tables: Tables) -> None:
    ag = _graph(RDF_DATA / "reporters_conference.json", tables)
    turtle = Graph().parse(data=serialize(ag, "ttl"), format="turtle")
    assert isomorphic(turtle, ag.graph)
    ntriples = Graph().parse(data=serialize(ag, "nt"), format="nt")
    assert isomorphic(ntriples, ag.graph)
    for fmt, parser in (("trig", "trig"), ("nq", "nquads"), ("jsonld", "json-ld")):
        dataset = Dataset()
        dataset.parse(data=serialize(ag, fmt), format=parser)
        named = dataset.graph(URIRef(ag.graph_iri))
        assert isomorphic(named, ag.graph), fmt
    assert json.loads(serialize(ag, "jsonld"))["@id"] == ag.graph_iri
    with pytest.raises(ValueError, match="unknown RDF format 'rdfxml'"):
        serialize(ag, "rdfxml")


def test_unresolved_body_is_marked_and_has_no_place(tables: Tables) -> None:
    graph = _graph(RDF_DATA / "working_visit.json", tables).graph
    unresolved = set(graph.subjects(KG.resolved, Literal(False)))
    assert len(unresolved) == 1
    (body,) = unresolved
    assert "/body/b0000000000000002/" in str(body)
    assert graph.value(body, KG.province) is None


def test_evidence_outside_the_text_is_a_clear_error(tables: Tables) -> None:
    facts = facts_from_case({"article": {"id": "a1", "text": "Đồng chí Trần Văn An phát biểu."}})
    facts.persons.append(
        Person(id="p1", name="Trần Văn An", mentions=[Mention("Trần Văn An", 9, 20, 0, 999)])
    )
    with pytest.raises(ValueError, match="article a1 .*evidence span 0-999 lies outside the text"):
        to_graph(resolve(facts, tables), tables)


def _synthetic(facts_count: int) -> ArticleFacts:
    """An article with about ``facts_count`` persons, bodies and positions."""
    sentence = "Đồng chí Nguyễn Văn An, Phó Trưởng Ban Tuyên giáo Tỉnh ủy Nghệ An phát biểu. "
    text = sentence * (facts_count // 3 + 1)
    facts = facts_from_case({"article": {"id": "perf", "text": text}})
    length = len(sentence)
    for i in range(facts_count // 3):
        at = i * length
        mention = Mention("Nguyễn Văn An", at + 9, at + 22, at, at + length - 1)
        facts.persons.append(Person(id=f"p{i}", name=f"Nguyễn Văn An {i}", mentions=[mention]))
        facts.bodies.append(
            Body(
                id=f"b{i}",
                name=f"Ban Tuyên giáo {i} Tỉnh ủy Nghệ An",
                kind="ban_tuyen_giao",
                level="province",
                place="Nghệ An",
                mentions=[mention],
            )
        )
        facts.positions.append(
            Position(person=f"p{i}", role="Phó Trưởng Ban", body=f"b{i}", evidence=mention)
        )
    return facts


def test_rdf_stage_work_grows_linearly_and_caches_do_not_change_output(tables: Tables) -> None:
    """Speed is measured in benchmarks/bench_resolve_rdf.py; here, what keeps it linear: each
    position adds the same number of triples, and a second run (warm caches) gives the same graph."""
    sizes = {n: len(to_graph(resolve(_synthetic(n), tables), tables).triples) for n in (30, 60, 120)}
    assert sizes[120] - sizes[60] == 2 * (sizes[60] - sizes[30]) > 0
    resolved = resolve(_synthetic(120), tables)
    first = to_graph(resolved, tables)
    second = to_graph(resolved, tables)
    assert first.triples.keys() == second.triples.keys()


def test_facts_read_back_from_json_give_the_same_graph(tables: Tables) -> None:
    facts = facts_from_case(load_case(RDF_DATA / "working_visit.json"))
    again = ArticleFacts.from_dict(json.loads(json.dumps(facts.to_dict(), ensure_ascii=False)))
    first = to_graph(resolve(facts, tables), tables)
    second = to_graph(resolve(again, tables), tables)
    assert first.triples.keys() == second.triples.keys()


def test_two_articles_about_the_same_people_merge_in_the_union(tables: Tables) -> None:
    """The same deputy head and board, read in two articles, are one node each in the store."""

    def article(article_id: str, day: str) -> Graph:
        text = f"Ngày {day}, đồng chí Trần Văn An, Phó Trưởng Ban Tuyên giáo TW dự hội nghị."
        facts = facts_from_case(
            {
                "article": {"id": article_id, "text": text},
                "persons": [{"id": "p1", "name": "Trần Văn An", "mentions": ["Trần Văn An"]}],
                "bodies": [
                    {
                        "id": "b1",
                        "name": "Ban Tuyên giáo TW",
                        "level": "central",
                        "kind": "ban_tuyen_giao",
                        "mentions": ["Ban Tuyên giáo TW"],
                    }
                ],
                "positions": [
                    {
                        "person": "p1",
                        "role": "Phó Trưởng Ban",
                        "body": "b1",
                        "date": f"2020-{day.split('-')[1]:0>2}-{day.split('-')[0]:0>2}",
                        "evidence": "Phó Trưởng Ban Tuyên giáo TW",
                    }
                ],
            }
        )
        return to_graph(resolve(facts, tables), tables).graph

    union = Graph()
    for part in (article("a1", "18-9"), article("a2", "2-10")):
        for triple in part:
            union.add(triple)
    assert len(set(union.subjects(RDF.type, FOAF.Person))) == 1
    (body,) = set(union.subjects(RDF.type, ORG.Organization))
    assert union.value(body, SKOS.prefLabel) == Literal("Ban Tuyên giáo Trung ương", lang="vi")
    (position,) = set(union.subjects(RDF.type, ORG.Membership))
    dates = sorted(str(d) for d in union.objects(position, KG.attestedOn))
    assert dates == ["2020-09-18", "2020-10-02"]
    assert len(set(union.objects(position, KG.evidence))) == 2  # one sentence in each article


def test_a_body_split_in_two_has_two_successors(tables: Tables) -> None:
    text = "Đảng ủy Khối các cơ quan TW tổ chức hội nghị."
    facts = facts_from_case(
        {
            "article": {"id": "a1", "text": text},
            "bodies": [
                {
                    "id": "b1",
                    "name": "Đảng ủy Khối các cơ quan TW",
                    "level": "central",
                    "mentions": ["Đảng ủy Khối các cơ quan TW"],
                }
            ],
        }
    )
    graph = to_graph(resolve(facts, tables), tables).graph
    successors = sorted(str(o) for o in graph.objects(None, KG.succeededBy))
    assert successors == [
        "https://w3id.org/vnkg/id/body/dang-uy-cac-co-quan-dang-trung-uong",
        "https://w3id.org/vnkg/id/body/dang-uy-chinh-phu",
    ]
