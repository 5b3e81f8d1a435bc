"""The canned-query machinery without the project store: header parser, typed parameters,
the VALUES binder (and that values cannot change a query's meaning), output formats, CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg import queries as canned
from kg.cli import cli

HEADER = """\
# title: Meetings chaired by a person
# description: Every meeting whose chair's name contains PERSON,
#   newest first.
# scope: entity
# param: person | text | required | example: Nguyễn Trọng Nghĩa | Part of the chair's name
# param: since | date | optional | example: | Meetings from this date
# param: limit | integer | default: 5 | example: 3 | At most this many
"""
BODY = """\
PREFIX schema: <https://schema.org/>
SELECT ?name WHERE {
  # @bind
  ?m schema:name ?name .
  FILTER(CONTAINS(LCASE(?name), ?param_person))
  FILTER(!BOUND(?param_since) || ?param_limit > 0)
}
"""


def write(tmp_path: Path, text: str, name: str = "sample-query.rq") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- header parser ------------------------------------------------------------------------


def test_header_is_read(tmp_path: Path) -> None:
    query = canned.load_query(write(tmp_path, HEADER + BODY))
    assert query.name == "sample-query"
    assert query.title == "Meetings chaired by a person"
    assert query.description == "Every meeting whose chair's name contains PERSON, newest first."
    assert query.scope == "entity"
    assert [(p.name, p.type, p.required, p.default, p.example) for p in query.parameters] == [
        ("person", "text", True, None, "Nguyễn Trọng Nghĩa"),
        ("since", "date", False, None, None),
        ("limit", "integer", False, "5", "3"),
    ]
    assert query.example_values() == {"person": "Nguyễn Trọng Nghĩa", "limit": "3"}
    assert query.parameter("since").describe() == "since (date)"
    assert query.parameter("limit").describe() == "limit (integer, default 5)"


BROKEN_HEADERS = {
    "no title": (HEADER.replace("# title: Meetings chaired by a person\n", ""), "no '# title:' line"),
    "unknown key": (HEADER + "# author: me\n", "unknown header key 'author'"),
    "free text": (HEADER + "# this is just a comment\n", "expected '# key: value'"),
    "title twice": (HEADER + "# title: again\n", "'title' given twice"),
    "bad scope": (HEADER.replace("scope: entity", "scope: everything"), "scope must be one of"),
    "four fields": (HEADER + "# param: x | text | optional | example: \n", "has 5 fields"),
    "bad type": (HEADER.replace("limit | integer", "limit | number"), "unknown type 'number'"),
    "bad name": (HEADER.replace("param: limit", "param: Limit"), "parameter name 'Limit'"),
    "bad need": (HEADER.replace("| optional |", "| maybe |"), "must be 'required', 'optional'"),
    "no example": (HEADER.replace("example: Nguyễn Trọng Nghĩa", "example:"), "needs an example"),
    "bad example": (HEADER.replace("example: 3", "example: three"), "the example of parameter 'limit'"),
    "bad default": (HEADER.replace("default: 5", "default: 2020-13-01"), "the default of parameter 'limit'"),
    "no help": (HEADER.replace("| At most this many", "| "), "has no help text"),
    "twice": (HEADER + "# param: since | date | optional | example: | again\n", "declared twice"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_HEADERS))
def test_broken_header_names_the_file_and_reason(tmp_path: Path, case: str) -> None:
    header, reason = BROKEN_HEADERS[case]
    path = write(tmp_path, header + BODY)
    with pytest.raises(canned.QueryFileError) as caught:
        canned.load_query(path)
    message = str(caught.value)
    assert message.startswith(str(path)), message
    assert reason in message
    assert "\n" not in message


def test_broken_line_is_located(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "# colour: red\n" + BODY)
    with pytest.raises(canned.QueryFileError, match=rf"{path}:8: unknown header key"):
        canned.load_query(path)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (BODY.replace("  # @bind\n", ""), "exactly one '# @bind' line"),
        (BODY.replace("  # @bind\n", "  # @bind\n  # @bind\n"), "exactly one '# @bind' line"),
        (BODY.replace("?param_since", "?since"), "'since' is never used as ?param_since"),
        ("# nothing here\n", "no SELECT, ASK, CONSTRUCT or DESCRIBE"),
    ],
)
def test_broken_body_names_the_file(tmp_path: Path, body: str, reason: str) -> None:
    path = write(tmp_path, HEADER + "\n" + body)
    with pytest.raises(canned.QueryFileError) as caught:
        canned.load_query(path)
    assert str(caught.value).startswith(str(path)) and reason in str(caught.value)


def test_marker_without_parameters_is_refused(tmp_path: Path) -> None:
    header = "# title: t\n# description: d\n"
    path = write(tmp_path, header + "SELECT * WHERE {\n  # @bind\n  ?s ?p ?o }\n")
    with pytest.raises(canned.QueryFileError, match="no '# param:'"):
        canned.load_query(path)


def test_file_name_and_encoding_are_checked(tmp_path: Path) -> None:
    with pytest.raises(canned.QueryFileError, match="file name"):
        canned.load_query(write(tmp_path, HEADER + BODY, "Bad Name.rq"))
    latin = tmp_path / "latin.rq"
    latin.write_bytes("# title: Thủy\n".encode("utf-16"))
    with pytest.raises(canned.QueryFileError, match=rf"{latin}: not UTF-8"):
        canned.load_query(latin)


def test_one_broken_file_stops_the_catalogue_and_is_named(tmp_path: Path) -> None:
    write(tmp_path, HEADER + BODY, "good.rq")
    broken = write(tmp_path, "# title: only a title\nSELECT * WHERE { ?s ?p ?o }\n", "broken.rq")
    with pytest.raises(canned.QueryFileError, match=str(broken)):
        canned.load_queries(tmp_path)


def test_query_with_a_sparql_syntax_error_is_caught_by_check_syntax(tmp_path: Path) -> None:
    query = canned.load_query(write(tmp_path, HEADER + BODY.replace("?m schema:name ?name .", "?m schema:name")))
    with pytest.raises(SyntaxError):
        canned.check_syntax(query.bind(query.example_values()))


# -- the shipped queries ------------------------------------------------------------------


SHIPPED = canned.load_queries()


def test_at_least_thirteen_questions_are_shipped() -> None:
    assert len(SHIPPED) >= 13
    assert {
        "people-positions",
        "body-leadership",
        "person-profile",
        "meetings-in-range",
        "meetings-chaired-by",
        "documents",
        "document-citations",
        "body-hierarchy",
        "province-bodies",
        "co-attendance",
        "concurrent-posts",
        "activity-by-province",
        "provenance",
    } <= set(SHIPPED)


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_query_parses_with_its_example_and_with_every_parameter(name: str) -> None:
    query = SHIPPED[name]
    assert query.title and query.description and query.scope in canned.SCOPES
    canned.check_syntax(query.bind(query.example_values()))
    # every parameter given at once (optional ones with a value of their type)
    samples = {
        "text": "Nghệ An",
        "iri": "https://w3id.org/vnkg/id/x",
        "date": "2020-01-01",
        "year": "2020",
        "integer": "2",
    }
    canned.check_syntax(query.bind({p.name: p.example or samples[p.type] for p in query.parameters}))


# -- parameters -------------------------------------------------------------------------


def param(kind: str) -> canned.Parameter:
    return canned.Parameter("x", kind, required=False, help="h")


def test_text_is_canonical_and_lower_case() -> None:
    # both tone-mark styles and any case give the store's canonical lower-case form
    assert canned.convert(param("text"), "  Phan Xuân THUỶ ").value == "phan xuân thủy"
    new_style, old_style = (canned.convert(param("text"), v).value for v in ("Tỉnh uỷ Nghệ An", "tỉnh ủy nghệ an"))
    assert new_style == old_style
    with pytest.raises(canned.ParameterError, match="empty"):
        canned.convert(param("text"), "   ")


@pytest.mark.parametrize(
    "value",
    [
        "http://x/a>b",
        "http://x/a b",
        'http://x/"',
        "no-scheme/path",
        "http://x/a}b",
        "http://x/a\nb",
        "https://w3id.org/x> } ; DROP ALL ; { <http://y",
    ],
)
def test_iri_that_could_break_out_is_refused(value: str) -> None:
    with pytest.raises(canned.ParameterError):
        canned.convert(param("iri"), value)


def test_iri_accepts_angle_brackets_and_unicode() -> None:
    assert canned.convert(param("iri"), "<https://w3id.org/vnkg/id/a>").value == "https://w3id.org/vnkg/id/a"
    assert canned.convert(param("iri"), "https://vi.wikipedia.org/wiki/Nghệ_An").value.endswith("Nghệ_An")


@pytest.mark.parametrize(
    ("kind", "good", "bad"),
    [
        ("date", "2021-07-16", ["2021-02-30", "2021-7-16", "16/07/2021", "yesterday", "20210716"]),
        ("year", "2021", ["21", "2021.0", "twenty", "2021-01"]),
        ("integer", "-3", ["3.5", "three", "1e3", " "]),
    ],
)
def test_typed_values(kind: str, good: str, bad: list[str]) -> None:
    term = canned.convert(param(kind), good)
    assert term.value == good
    for value in bad:
        with pytest.raises(canned.ParameterError):
            canned.convert(param(kind), value)


def test_unknown_and_missing_parameters(tmp_path: Path) -> None:
    query = canned.load_query(write(tmp_path, HEADER + BODY))
    with pytest.raises(canned.ParameterError, match="no parameter 'persn'.*person, since, limit"):
        query.bind({"persn": "x"})
    with pytest.raises(canned.ParameterError, match="needs parameter 'person', e.g. --param person=\"Nguyễn"):
        query.bind({})
    with pytest.raises(canned.ParameterError, match="'since' \\(date\\): '2021-13-01' is not a date"):
        query.bind({"person": "a", "since": "2021-13-01"})


def test_assignments() -> None:
    assert canned.parse_assignments(["a=b=c", "d="]) == {"a": "b=c", "d": ""}
    with pytest.raises(canned.ParameterError, match="expected NAME=VALUE"):
        canned.parse_assignments(["novalue"])
    with pytest.raises(canned.ParameterError, match="given twice"):
        canned.parse_assignments(["a=1", "a=2"])


def test_values_block_replaces_the_marker_and_leaves_the_rest(tmp_path: Path) -> None:
    query = canned.load_query(write(tmp_path, HEADER + BODY))
    bound = query.bind({"person": 'Thuỷ "x"'})
    assert (
        "  VALUES (?param_person ?param_since ?param_limit) "
        '{ ("thủy \\"x\\"" UNDEF "5"^^<http://www.w3.org/2001/XMLSchema#integer>) }'
    ) in bound
    assert "# @bind" not in bound
    assert bound.replace(bound.splitlines()[HEADER.count("\n") + 2], "  # @bind") == HEADER + BODY


# -- values cannot change a query's meaning ---------------------------------------------

NAMES = ['Tọa đàm "Tiếp tục đổi mới"', "Hội nghị sơ kết", "Giao ban"]
HOSTILE = [
    '"} ; DROP ALL ; {"',
    '" ) } } SELECT * WHERE { ?s ?p ?o } #',
    '") } UNION { ?m ?p ?name } #',
    "x\n} UNION { ?m ?p ?name }\n#",
    '\\" ) }',
    "'''",
    "?param_person",
    "UNDEF",
]


@pytest.fixture()
def tiny_store() -> ox.Store:
    store = ox.Store()
    for number, name in enumerate(NAMES):
        store.add(
            ox.Quad(
                ox.NamedNode(f"http://example.org/m{number}"),
                ox.NamedNode("https://schema.org/name"),
                ox.Literal(name),
                ox.NamedNode("http://example.org/g"),
            )
        )
    return store


def run_tiny(store: ox.Store, query: canned.CannedQuery, person: str) -> list[str]:
    result = canned.run(canned.EmbeddedBackend(store), query.bind({"person": person}))
    return sorted(canned.plain(row[0]) for row in result.rows)


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_values_match_nothing_and_change_nothing(tmp_path: Path, tiny_store: ox.Store, value: str) -> None:
    query = canned.load_query(write(tmp_path, HEADER + BODY))
    before = len(tiny_store)
    assert run_tiny(tiny_store, query, "sơ kết") == ["Hội nghị sơ kết"]  # the query works
    # the value is only ever compared as text: no name contains it, so no row, no error
    assert run_tiny(tiny_store, query, value) == []
    assert len(tiny_store) == before


def test_quotes_in_a_value_are_matched_as_text(tmp_path: Path, tiny_store: ox.Store) -> None:
    query = canned.load_query(write(tmp_path, HEADER + BODY))
    assert run_tiny(tiny_store, query, 'đàm "tiếp') == ['Tọa đàm "Tiếp tục đổi mới"']
    assert run_tiny(tiny_store, query, 'mới"') == ['Tọa đàm "Tiếp tục đổi mới"']


def test_iri_parameter_is_bound_as_one_term(tiny_store: ox.Store, tmp_path: Path) -> None:
    text = (
        "# title: t\n# description: d\n# param: thing | iri | required | example: http://example.org/m1 | h\n"
        "SELECT ?name WHERE {\n  # @bind\n  ?param_thing <https://schema.org/name> ?name }\n"
    )
    query = canned.load_query(write(tmp_path, text))
    result = canned.run(canned.EmbeddedBackend(tiny_store), query.bind({"thing": "http://example.org/m1"}))
    assert [canned.plain(row[0]) for row in result.rows] == ["Hội nghị sơ kết"]
    with pytest.raises(canned.ParameterError):
        query.bind({"thing": "http://example.org/m1> ?p ?o } UNION { ?x <https://schema.org/name"})


# -- formats ----------------------------------------------------------------------------

XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
RESULT = canned.Result(
    variables=["name", "date", "iri", "count"],
    rows=[
        [
            ox.Literal("Phan Xuân Thủy"),
            ox.Literal("2021-07-16", datatype=XSD_DATE),
            ox.NamedNode("https://w3id.org/vnkg/id/person/x"),
            ox.Literal("2", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        ],
        [ox.Literal('Hội nghị, "sơ kết"\tA|B\nC', language="vi"), None, ox.BlankNode("b0"), None],
    ],
)


def test_json_is_sparql_results_json() -> None:
    text = canned.to_json(RESULT)
    payload = json.loads(text)
    assert payload["head"]["vars"] == RESULT.variables
    first, second = payload["results"]["bindings"]
    assert first["date"] == {
        "type": "literal",
        "value": "2021-07-16",
        "datatype": "http://www.w3.org/2001/XMLSchema#date",
    }
    assert first["name"] == {"type": "literal", "value": "Phan Xuân Thủy"}
    assert second["name"]["xml:lang"] == "vi"
    assert "date" not in second and second["iri"] == {"type": "bnode", "value": "b0"}
    assert "Thủy" in text  # not \\u-escaped
    parsed = ox.parse_query_results(text.encode("utf-8"), format=ox.QueryResultsFormat.JSON)
    rows = [[solution[v] for v in RESULT.variables] for solution in parsed]
    assert rows[0] == RESULT.rows[0]
    assert rows[1][0] == RESULT.rows[1][0] and rows[1][1] is None
    assert json.loads(canned.to_json(canned.Result([], [], boolean=True))) == {"head": {}, "boolean": True}


def test_csv_has_a_bom_for_spreadsheets_and_round_trips() -> None:
    text = canned.to_csv(RESULT)
    assert text.startswith("\ufeffname,date,iri,count\r\n")
    data = text.encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == RESULT.variables
    assert rows[1] == ["Phan Xuân Thủy", "2021-07-16", "https://w3id.org/vnkg/id/person/x", "2"]
    assert rows[2] == ['Hội nghị, "sơ kết"\tA|B\nC', "", "_:b0", ""]
    assert not canned.to_csv(RESULT, bom=False).startswith("\ufeff")


def test_tsv_escapes_tabs_and_newlines() -> None:
    lines = canned.to_tsv(RESULT).splitlines()
    assert lines[0] == "name\tdate\tiri\tcount"
    assert lines[2] == 'Hội nghị, "sơ kết"\\tA|B\\nC\t\t_:b0\t'
    assert len(lines) == 3


def test_markdown_escapes_pipes_and_shortens_iris() -> None:
    lines = canned.to_markdown(RESULT).splitlines()
    assert lines[0] == "| name | date | iri | count |"
    assert lines[2] == "| Phan Xuân Thủy | 2021-07-16 | id:person/x | 2 |"
    assert lines[3] == '| Hội nghị, "sơ kết"\tA\\|B<br>C |  | _:b0 |  |'


def test_rich_table_keeps_vietnamese_text() -> None:
    from rich.console import Console

    console = Console(record=True, width=200, file=io.StringIO())
    console.print(canned.to_rich_table(RESULT, title="Thử"))
    text = console.export_text()
    assert "Phan Xuân Thủy" in text and "id:person/x" in text and "2 rows" in text


# -- command line (no store needed) -------------------------------------------------------


def test_kg_queries_lists_every_question() -> None:
    result = CliRunner().invoke(cli, ["queries", "--format", "md"])
    assert result.exit_code == 0, result.output
    for name, query in SHIPPED.items():
        assert f"| {name} | {query.title} |" in result.output
    assert "person (text, required)" in result.output


def test_kg_queries_json_and_one_description() -> None:
    result = CliRunner().invoke(cli, ["queries", "--format", "json"])
    catalogue = json.loads(result.output)
    assert {entry["name"] for entry in catalogue} == set(SHIPPED)
    one = CliRunner().invoke(cli, ["queries", "meetings-chaired-by"])
    assert one.exit_code == 0
    assert 'kg query meetings-chaired-by -p person="Nguyễn Trọng Nghĩa"' in one.output
    sparql = CliRunner().invoke(cli, ["queries", "meetings-chaired-by", "--sparql"])
    assert sparql.output.strip() == SHIPPED["meetings-chaired-by"].sparql.strip()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "meetings-chaired"], "no canned query named 'meetings-chaired'; did you mean meetings-chaired-by"),
        (["query", "meetings-chaired-by"], "needs parameter 'person'"),
        (["query", "meetings-chaired-by", "-p", "person=x", "-p", "since=18/9/2020"], "is not a date"),
        (["query", "meetings-chaired-by", "-p", "persn=x"], "has no parameter 'persn'"),
        (["query", "meetings-chaired-by", "-p", "person"], "expected NAME=VALUE"),
        (["query"], "give either a canned query NAME or --sparql FILE"),
    ],
)
def test_bad_requests_exit_2_with_one_line(args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_show_sparql_prints_the_bound_query_without_a_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["query", "meetings-chaired-by", "-p", "person=Thuỷ", "--show-sparql", "--store", str(tmp_path / "none")]
    )
    assert result.exit_code == 0
    assert (
        'VALUES (?param_person ?param_since ?param_until ?param_person_key ?param_person_bare) '
        '{ ("thủy" UNDEF UNDEF "thuy" "thuy") }'
    ) in result.output
