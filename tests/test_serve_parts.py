"""The parts of `kg serve` on their own (no server): refusals, Accept, the answer cache, coalescing."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.serve.guard import (
    Refused,
    TooComplex,
    check_shape,
    inspect,
    keywords,
    normalised,
    refuse_service,
    refuse_update,
    unescape_codepoints,
)
from kg.serve.negotiate import (
    CSV,
    GRAPH_ALIASES,
    GRAPH_TYPES,
    HTML,
    JSON_LD,
    RESULT_TYPES,
    SPARQL_JSON,
    SPARQL_XML,
    TSV,
    TURTLE,
    negotiate,
    prefers_html,
)

PREFIXES = "PREFIX ex: <http://example.org/>\nBASE <http://example.org/base/>\n"


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        (PREFIXES + "select ?s { ?s ex:p 1 }", "SELECT"),
        ("# a comment: INSERT DATA\nASK { ?s ?p ?o }", "ASK"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <http://example.org/x>", "DESCRIBE"),
        # keywords inside strings, IRIs and comments are not keywords
        ('SELECT * WHERE { ?s ?p "INSERT DATA SERVICE" }', "SELECT"),
        ("SELECT * WHERE { ?s ?p '''LOAD\n<x> SERVICE''' }", "SELECT"),
        ("SELECT * WHERE { <http://example.org/SERVICE> ?p ?o }", "SELECT"),
        ("SELECT * WHERE { ?s ?p ?o } # SERVICE <http://evil.example/>", "SELECT"),
        (PREFIXES + "SELECT ?service WHERE { ?service ex:service ?x }", "SELECT"),
        ('SELECT * WHERE { ?s ?p "a \\" SERVICE \\" b" }', "SELECT"),
    ],
)
def test_queries_are_recognised(query: str, form: str) -> None:
    assert inspect(query).form == form
    ox.Store().query(query)  # and they are real queries, as the engine reads them


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        PREFIXES + "insert data { ex:a ex:b ex:c }",
        "DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "CLEAR ALL",
        "DROP GRAPH <http://example.org/g>",
        "CREATE GRAPH <http://example.org/g>",
        "ADD DEFAULT TO <http://example.org/g>",
        "MOVE DEFAULT TO <http://example.org/g>",
        "COPY DEFAULT TO <http://example.org/g>",
        "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "# SELECT * WHERE {}\nCLEAR DEFAULT",
        "\\u0049NSERT DATA { <http://a> <http://b> <http://c> }",  # I written as an escape
    ],
)
def test_updates_are_refused_with_their_operation(update: str) -> None:
    with pytest.raises(Refused, match="read-only"):
        inspect(update)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "select * { service silent <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o . SeRvIcE ?endpoint { ?s ?p ?o } }",
        # the grammar applies \\u escapes to the whole text before reading it
        "SELECT * WHERE { \\u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { \\U00000053ERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        'SELECT * WHERE { ?s ?p "x" . SERVICE <http://a> { ?s ?p "#" } }',
        # the parser reads keyword SERVICE + ":x" where a text guard saw one prefixed name
        "PREFIX : <http://127.0.0.1:9/> SELECT * WHERE { SERVICE:x { ?a ?b ?c } }",
        "PREFIX ex: <http://127.0.0.1:9/> SELECT * WHERE { SERVICEex:t { ?a ?b ?c } }",
        "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://a> { ?a ?b ?c } } }",
        "SELECT * WHERE { { SELECT * WHERE { OPTIONAL { SERVICE SILENT <http://a> {} } } } }",
    ],
)
def test_service_is_refused(query: str) -> None:
    with pytest.raises(Refused, match="SERVICE"):
        refuse_service(query)


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * WHERE { ?s ?p "x"@en-service }',  # a language tag, not a keyword
        'SELECT ?service WHERE { ?service <http://example.org/service> "SERVICE <http://a> {}" }',
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://evil.example/> { }",
    ],
)
def test_the_word_service_elsewhere_is_not_refused(query: str) -> None:
    refuse_service(query)
    ox.Store().query(query)


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("SELECT * WHERE " + "{" * 3000 + "}" * 3000, "nests brackets"),
        ("SELECT * WHERE { FILTER(" + "(" * 40 + "1" + ")" * 40 + ") }", "nests brackets"),
        ("SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { " * 40 + "}" * 40 + " }", "nests brackets"),
        ("SELECT * WHERE { FILTER(" + "+".join(["1"] * 8000) + ") }", "chains more than"),
        ("SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 2000) + " }", "chains more than"),
    ],
)
def test_deep_or_long_queries_are_refused_before_the_parser(query: str, reason: str) -> None:
    with pytest.raises(TooComplex, match=reason):
        check_shape(query)


def test_nesting_in_strings_and_comments_does_not_count() -> None:
    check_shape('SELECT * WHERE { ?s ?p "' + "{" * 100 + '" } # ' + "(" * 100)
    check_shape("SELECT * WHERE " + "{" * 32 + "}" * 32)  # the limit itself is accepted
    # a long VALUES block of typed literals and decimals is data, not a chain of operators
    dates = " ".join(f'"2020-01-{n % 28 + 1:02d}"^^<http://www.w3.org/2001/XMLSchema#date>' for n in range(1500))
    check_shape(f"SELECT * WHERE {{ VALUES ?d {{ {dates} }} VALUES ?x {{ {' '.join(['1.5'] * 1500)} }} }}")


def test_normalised_text_ignores_comments_and_spacing() -> None:
    one = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } # attempt 1"
    two = "select *\n  # attempt 2\n where {?a ?b ?c .\t?d ?e ?f}"
    assert normalised(one) == normalised(two)
    assert normalised('ASK { ?s ?p "a  b" }') != normalised('ASK { ?s ?p "a b" }')  # strings kept


def test_escapes_are_applied_like_the_grammar_does() -> None:
    assert unescape_codepoints("\\u0053ELECT \\U0001F600") == "SELECT \U0001f600"
    assert unescape_codepoints("\\uD800") == "\\uD800"  # a lone surrogate stays as written
    assert keywords('PREFIX a: <x:y> SELECT "FROM" ?x WHERE {}') == ["PREFIX", "SELECT", "WHERE"]


def test_refuse_update_names_the_operation() -> None:
    with pytest.raises(Refused, match=r"\(LOAD\)"):
        refuse_update("LOAD <http://example.org/x>")


def test_unrecognised_text_is_left_to_the_engine() -> None:
    assert inspect("this is not SPARQL").form is None
    assert inspect("").form is None


@pytest.mark.parametrize(
    ("accept", "offers", "chosen"),
    [
        (None, RESULT_TYPES, SPARQL_JSON),
        ("*/*", RESULT_TYPES, SPARQL_JSON),
        ("application/sparql-results+xml", RESULT_TYPES, SPARQL_XML),
        ("application/xml", RESULT_TYPES, SPARQL_XML),
        ("text/csv;q=0.5, text/tab-separated-values", RESULT_TYPES, TSV),
        ("text/*", RESULT_TYPES, CSV),
        ("application/json", RESULT_TYPES, SPARQL_JSON),
        ("image/png", RESULT_TYPES, None),
        ("text/csv;q=0, */*;q=0.1", (CSV, SPARQL_JSON), SPARQL_JSON),
        # SPARQLWrapper's Accept for Turtle and for JSON-LD
        ("application/turtle,text/turtle", GRAPH_TYPES, TURTLE),
        ("application/ld+json,application/x-json+ld", GRAPH_TYPES, JSON_LD),
        # a browser
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", (*RESULT_TYPES, HTML), HTML),
    ],
)
def test_negotiation(accept: str | None, offers: tuple[str, ...], chosen: str | None) -> None:
    assert negotiate(accept, offers) == chosen


def test_plain_json_means_json_ld_for_graphs() -> None:
    assert negotiate("application/json", GRAPH_TYPES, GRAPH_ALIASES) == JSON_LD


def test_only_browsers_get_html() -> None:
    assert prefers_html("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    assert not prefers_html("*/*")
    assert not prefers_html(None)
    assert not prefers_html("application/sparql-results+json, text/html;q=0.5")


def test_answer_cache_keeps_recent_answers_within_its_budget() -> None:
    from kg.serve.runner import AnswerCache

    def task(store: object, text: str) -> bytes:
        return text.encode()

    cache = AnswerCache(budget_bytes=8000)
    keys = [AnswerCache.key(task, (f"q{n}",)) for n in range(20)]
    assert AnswerCache.key(task, ({"not": "hashable"},)) is None
    for key in keys:
        cache.put(key, b"x" * 500)  # about 564 bytes each: 14 fit
    assert cache.used <= 8000
    assert cache.get(keys[0]) == (False, None)  # the oldest went first
    assert cache.get(keys[-1]) == (True, b"x" * 500)
    cache.put(AnswerCache.key(task, ("big",)), b"y" * 5000)  # over budget/8: not kept
    assert cache.get(AnswerCache.key(task, ("big",)))[0] is False
    assert cache.status()["hits"] == 1 and cache.status()["entries"] <= 14


class CountingRunner:
    """Stands for the worker pool: counts the tasks it is given and can run out of time."""

    def __init__(self, delay: float = 0.05, time_out: bool = False) -> None:
        self.calls = 0
        self.delay = delay
        self.time_out = time_out

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    def status(self) -> dict[str, object]:
        return {}

    async def run(self, function: object, *args: object, **options: object) -> object:
        import asyncio

        from kg.serve.runner import TaskTimeout

        self.calls += 1
        await asyncio.sleep(self.delay)
        if self.time_out:
            raise TaskTimeout(1.0)
        return ("answer", args)


def echo_task(store: object, text: str) -> str:
    return text


def test_the_same_task_asked_at_once_runs_once_and_is_kept() -> None:
    import asyncio

    from kg.serve.app import ServeConfig, Service

    runner = CountingRunner()
    service = Service(ServeConfig(), runner)

    async def scenario() -> None:
        answers = await asyncio.gather(*(service.run(echo_task, "q") for _ in range(5)))
        assert answers == [("answer", ("q",))] * 5 and runner.calls == 1
        assert await service.run(echo_task, "q") == ("answer", ("q",)) and runner.calls == 1  # kept
        await service.run(echo_task, "other")
        assert runner.calls == 2 and service.in_flight == {}

    asyncio.run(scenario())


def test_a_query_that_ran_out_of_time_is_not_rerun_at_once() -> None:
    import asyncio

    from kg.serve.app import ServeConfig, Service
    from kg.serve.runner import TaskError, TaskTimeout

    runner = CountingRunner(time_out=True)
    service = Service(ServeConfig(), runner)

    async def scenario() -> None:
        outcomes = await asyncio.gather(*(service.run(echo_task, "slow") for _ in range(3)), return_exceptions=True)
        assert all(isinstance(o, TaskTimeout) for o in outcomes) and runner.calls == 1
        with pytest.raises(TaskError, match="less than 30 s ago"):
            await service.run(echo_task, "slow")
        assert runner.calls == 1
        service_without_cache = Service(ServeConfig(cache_bytes=0), runner)
        with pytest.raises(TaskTimeout):  # without the cache every request runs
            await service_without_cache.run(echo_task, "slow")
        assert runner.calls == 2

    asyncio.run(scenario())


def test_a_stopped_query_is_not_rerun_when_only_its_comments_or_spacing_change() -> None:
    import asyncio

    from kg.serve.app import ServeConfig, Service
    from kg.serve.runner import TaskError, TaskTimeout

    runner = CountingRunner(time_out=True)
    service = Service(ServeConfig(), runner)

    async def scenario() -> None:
        with pytest.raises(TaskTimeout):
            await service.run(echo_task, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } # try 1")
        with pytest.raises(TaskError, match="less than 30 s ago"):
            await service.run(echo_task, "# try 2\nselect *\nWHERE {?a ?b ?c .  ?d ?e ?f}")
        assert runner.calls == 1

    asyncio.run(scenario())


def test_answers_are_sized_by_their_bytes() -> None:
    from kg.serve.runner import AnswerCache, approximate_size
    from kg.serve.sparql import Answer

    answer = Answer(b"x" * 3_000_000, "application/sparql-results+json", "bindings", 10, False)
    assert approximate_size(answer) >= 3_000_000
    cache = AnswerCache(16_000_000)
    for number in range(20):  # 20 answers of 1.5 MB: a 16 MB budget holds at most 10
        cache.put(AnswerCache.key(echo_task, (str(number),)), Answer(b"y" * 1_500_000, "t", "bindings", 1, False))
    assert cache.used <= 16_000_000 and cache.status()["entries"] <= 10
