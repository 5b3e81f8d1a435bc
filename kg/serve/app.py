"""The web application: routes, content negotiation, limits and the safety headers.

Every route that needs the store hands a task to the runner (:mod:`kg.serve.runner`)
and renders what comes back; the event loop itself never waits on the store.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import ipaddress
import json
import math
import os
import time
import urllib.parse
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.queries import CannedQuery, ParameterError, load_queries
from kg.serve import guard, network, pages, sparql, views
from kg.serve.negotiate import (
    FORMAT_NAMES,
    GRAPH_ALIASES,
    GRAPH_TYPES,
    HTML,
    RESULT_TYPES,
    SPARQL_JSON,
    TURTLE,
    negotiate,
    prefers_html,
)
from kg.serve.runner import (
    AnswerCache,
    ReserveTimeout,
    Runner,
    StoreSpec,
    TaskError,
    TaskTimeout,
    make_runner,
)
from kg.store import ID_NS, StoreError, iri

TIMEOUT_MEMORY = 30.0  # seconds a query stopped by the time limit is not run again (cache on)
STATIC_DIR = Path(__file__).resolve().parent / "static"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
SLOW_AFTER = 1.0  # seconds after which a running task marks its client as one sending long queries
# the address of the client of the request being handled (set by SafetyHeaders)
CURRENT_CLIENT: contextvars.ContextVar[str | None] = contextvars.ContextVar("kg_serve_client", default=None)

# Our pages load nothing from elsewhere (and may not); the network pages are one file
# with their script and styles inline, and may not reach out either.
PAGE_POLICY = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'"
)
NETWORK_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data: blob:; "
    "font-src data:; connect-src 'none'; frame-ancestors 'self'; base-uri 'none'"
)


@dataclass(slots=True)
class ServeConfig:
    store: str | None = None
    endpoint: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 10.0  # seconds per query
    max_rows: int = 10_000
    max_request_bytes: int = 256 * 1024
    workers: int = 2
    cache_bytes: int = 64 * 1024 * 1024  # answers kept (embedded store only); 0: none
    queries_dir: str | None = None
    allowed_hosts: list[str] = field(default_factory=list)  # beyond loopback; ["*"]: any
    max_nesting: int = guard.MAX_NESTING  # brackets inside one another in a query
    max_answer_bytes: int = 32 * 1024 * 1024  # bytes of one written answer
    max_client_queries: int = 2  # tasks one client address may have in the workers at once
    reserve_workers: int = 1  # extra workers kept for short tasks while the pool is busy
    header_timeout: float = 10.0  # seconds to send a request's headers (and, again, its body)
    idle_timeout: float = 5.0  # seconds a kept-alive connection may stay idle
    max_connections: int = 256  # open connections in all; beyond, 503 at once
    max_connections_per_client: int = 32  # open connections from one address; 0: no cap


# -- helpers ------------------------------------------------------------------------------


class RequestTooLarge(Exception):
    pass


async def read_body(request: Request, limit: int, seconds: float) -> bytes:
    """The request body, refusing (413) more than ``limit`` bytes whatever Content-Length says,
    and (408) a body that takes more than ``seconds`` to arrive."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise RequestTooLarge
    chunks: list[bytes] = []

    async def read() -> None:
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise RequestTooLarge
            chunks.append(chunk)

    try:
        await asyncio.wait_for(read(), seconds)
    except TimeoutError:
        raise TaskError(408, f"the request body did not arrive within {seconds:g} s") from None
    return b"".join(chunks)


def wants_html(request: Request) -> bool:
    return prefers_html(request.headers.get("accept"))


def error_response(request: Request, status: int, message: str, *, html: bool | None = None) -> Response:
    """The error as a page for a browser, as one line of text for a program."""
    if html if html is not None else wants_html(request):
        return HTMLResponse(pages.error_page(status, message), status_code=status)
    return PlainTextResponse(message + "\n", status_code=status)


def html_response(content: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(content, status_code=status)


def single(values: Mapping[str, list[str]], name: str) -> str | None:
    found = values.get(name) or []
    if len(found) > 1:
        raise TaskError(400, f"parameter {name!r} given {len(found)} times; give it once")
    return found[0] if found else None


def first(values: Mapping[str, list[str]], name: str) -> str | None:
    return (values.get(name) or [None])[0]


def multi_params(request: Request) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    return params


# -- the application -----------------------------------------------------------------------------


class Service:
    """Routes bound to one configuration, one runner and the canned queries."""

    def __init__(self, config: ServeConfig, runner: Runner | None = None) -> None:
        self.config = config
        spec = StoreSpec(config.store, config.endpoint, config.timeout)
        self.runner = runner or make_runner(spec, config.workers, config.timeout, config.reserve_workers)
        self.queries: dict[str, CannedQuery] = load_queries(config.queries_dir)
        self.static = {
            path.name: path.read_bytes() for path in STATIC_DIR.iterdir() if path.suffix in (".css", ".js")
        }
        self.viz_kinds = network.viz_kinds()
        # a remote store can change under us; the embedded one is read as it was at start
        self.cache = AnswerCache(config.cache_bytes) if config.cache_bytes and not config.endpoint else None
        self.in_flight: dict[tuple[Any, ...], asyncio.Future[Any]] = {}
        self.stopped_recently: dict[tuple[Any, ...], float] = {}  # task -> when it ran out of time
        # per client address: its tasks in the workers (start times), a lock on how many,
        # and until when it counts as sending long queries (kept off the reserve workers)
        self.client_tasks: dict[str, dict[object, float]] = {}
        self.client_slots: dict[str, tuple[asyncio.Semaphore, list[int]]] = {}
        self.slow_clients: dict[str, float] = {}

    async def run(self, function: Any, *args: Any) -> Any:
        """Run a task in a worker; with the cache on, an answer is given again, the same task
        asked meanwhile waits for the one running, and a task that ran out of time a moment
        ago is not run again at once (many clients resending a runaway query would otherwise
        keep every worker busy; comments and spacing do not make it another query)."""
        cache = self.cache
        key = AnswerCache.key(function, args) if cache is not None else None
        if cache is None or key is None:
            return await self._admit(function, args)
        found, value = cache.get(key)
        if found:
            return value
        memory_key = (key[0], key[1], tuple(guard.normalised(a) if isinstance(a, str) else a for a in args))
        stopped = self.stopped_recently.get(memory_key)
        if stopped is not None and time.monotonic() - stopped < TIMEOUT_MEMORY:
            raise TaskError(
                503,
                f"this query was stopped by the time limit of {self.config.timeout:g} s less than "
                f"{TIMEOUT_MEMORY:g} s ago; narrow it down (e.g. with LIMIT) rather than sending it again",
            )
        running = self.in_flight.get(key)
        if running is not None:
            return await asyncio.shield(running)
        shared: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        shared.add_done_callback(lambda done: done.cancelled() or done.exception())  # never "unretrieved"
        self.in_flight[key] = shared
        try:
            value = await self._admit(function, args)
            size_hint = getattr(self.runner, "last_size", 0)  # read before anything else runs
        except TaskTimeout as error:
            now = time.monotonic()
            for old_key in [k for k, when in self.stopped_recently.items() if now - when > TIMEOUT_MEMORY]:
                del self.stopped_recently[old_key]
            self.stopped_recently[memory_key] = now
            shared.set_exception(error)
            raise
        except BaseException as error:
            shared.set_exception(error if isinstance(error, Exception) else TaskError(503, "request cancelled"))
            raise
        else:
            shared.set_result(value)
            cache.put(key, value, size_hint)
            return value
        finally:
            del self.in_flight[key]

    async def _admit(self, function: Any, args: tuple[Any, ...]) -> Any:
        """The task in a worker, within its client's share: at most ``max_client_queries`` at
        once per client address (the others wait their turn), and no reserve worker for a
        client whose queries run long (one running over SLOW_AFTER seconds, or one stopped by
        a time limit in the last TIMEOUT_MEMORY seconds)."""
        client = CURRENT_CLIENT.get()
        share = self.config.max_client_queries
        if client is None or share <= 0:
            return await self.runner.run(function, *args)
        slots, users = self.client_slots.setdefault(client, (asyncio.Semaphore(share), [0]))
        users[0] += 1
        try:
            try:
                await asyncio.wait_for(slots.acquire(), self.config.timeout)
            except TimeoutError:
                raise TaskError(
                    429,
                    f"you already have {share} queries running (kg serve --max-client-queries); "
                    "wait for them to finish",
                ) from None
            token = object()
            running = self.client_tasks.setdefault(client, {})
            running[token] = math.inf  # waiting for a worker; the time it starts running then

            def started() -> None:
                running[token] = time.monotonic()

            try:
                # the reserve: for a client with nothing else running and no long query lately
                reserve_ok = len(running) == 1 and not self._is_slow(client)
                return await self.runner.run(function, *args, reserve_ok=reserve_ok, on_start=started)
            except (TaskTimeout, ReserveTimeout):
                self._mark_slow(client)
                raise
            finally:
                began = running.pop(token)
                if time.monotonic() - began > SLOW_AFTER:
                    self._mark_slow(client, SLOW_AFTER * 5)
                if not running:
                    del self.client_tasks[client]
                slots.release()
        finally:
            users[0] -= 1
            if not users[0]:
                del self.client_slots[client]

    def _is_slow(self, client: str) -> bool:
        now = time.monotonic()
        if self.slow_clients.get(client, 0.0) > now:
            return True
        return any(now - started > SLOW_AFTER for started in self.client_tasks.get(client, {}).values())

    def _mark_slow(self, client: str, seconds: float = TIMEOUT_MEMORY) -> None:
        now = time.monotonic()
        if len(self.slow_clients) > 10_000:
            for old in [c for c, until in self.slow_clients.items() if until < now]:
                del self.slow_clients[old]
        self.slow_clients[client] = max(self.slow_clients.get(client, 0.0), now + seconds)

    # pages ---------------------------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        overview = await self.run(views.overview)
        return html_response(pages.home_page(overview, list(self.queries.values()), self.viz_kinds))

    async def static_file(self, request: Request) -> Response:
        name = request.path_params["name"]
        content = self.static.get(name)
        if content is None:
            return PlainTextResponse("no such file\n", status_code=404)
        media = "text/css" if name.endswith(".css") else "text/javascript"
        return Response(content, media_type=media, headers={"Cache-Control": "max-age=3600"})

    async def status(self, request: Request) -> Response:
        payload = {
            "runner": self.runner.status(),
            "cache": self.cache.status() if self.cache is not None else None,
            "timeout": self.config.timeout,
            "max_rows": self.config.max_rows,
            "max_request_bytes": self.config.max_request_bytes,
            "max_answer_bytes": self.config.max_answer_bytes,
            "max_nesting": self.config.max_nesting,
            "rss_bytes": resident_bytes(),
        }
        return Response(json.dumps(payload), media_type="application/json")

    # SPARQL endpoint ---------------------------------------------------------------------------

    async def sparql_endpoint(self, request: Request) -> Response:
        limit = self.config.max_request_bytes
        params = multi_params(request)
        html_wanted: bool | None = None
        try:
            if request.method == "POST":
                content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
                body = await read_body(request, limit, self.config.header_timeout)
                if content_type == "application/sparql-update":
                    guard.refuse_update(body.decode("utf-8", "replace"))
                if content_type == "application/x-www-form-urlencoded":
                    try:
                        form = urllib.parse.parse_qs(body.decode("utf-8"), keep_blank_values=True)
                    except UnicodeDecodeError:
                        raise TaskError(400, "the form is not UTF-8") from None
                    if "update" in form:
                        guard.refuse_update(form["update"][0])
                    for key, values in form.items():
                        params.setdefault(key, []).extend(values)
                elif content_type == "application/sparql-query":
                    try:
                        params.setdefault("query", []).append(body.decode("utf-8"))
                    except UnicodeDecodeError:
                        raise TaskError(400, "the query is not UTF-8") from None
                else:
                    raise TaskError(
                        415,
                        "send the query as application/sparql-query or as a form "
                        "(application/x-www-form-urlencoded) with a 'query' field",
                    )
            elif "update" in params:
                guard.refuse_update(params["update"][0])
            query = single(params, "query")
            # ?format= names a format (SPARQLWrapper sends its own, sometimes twice; the
            # values this service does not know are left to the Accept header)
            known = [FORMAT_NAMES[f.lower()] for f in params.get("format", []) if f.lower() in FORMAT_NAMES]
            chosen = known[0] if known else None
            html_wanted = chosen == HTML or (chosen is None and wants_html(request))
            if query is None or not query.strip():
                if html_wanted:
                    return html_response(self._sparql_page(None))
                raise TaskError(400, "no query: pass it as the 'query' parameter (SPARQL 1.1 Protocol)")
            if len(query.encode("utf-8")) > limit:
                raise RequestTooLarge
            try:
                guard.check_shape(query, self.config.max_nesting)
            except guard.TooComplex as error:
                raise TaskError(400, str(error)) from None
            inspection = guard.inspect(query)
            dataset = sparql.Dataset(
                tuple(params.get("default-graph-uri", [])), tuple(params.get("named-graph-uri", []))
            )
            if html_wanted:
                started = time.perf_counter()
                answer, labels = await self.run(
                    sparql.labelled_table, query, self.config.max_rows, dataset, self.config.max_answer_bytes
                )
                seconds = time.perf_counter() - started
                return html_response(self._sparql_page(query, answer, labels, seconds=seconds))
            accept = request.headers.get("accept")
            results_type = chosen if chosen in RESULT_TYPES else negotiate(accept, RESULT_TYPES)
            graph_type = chosen if chosen in GRAPH_TYPES else negotiate(accept, GRAPH_TYPES, GRAPH_ALIASES)
            if chosen is None:
                form = inspection.form
                if form in ("SELECT", "ASK") and results_type is None:
                    raise TaskError(406, "results can be sent as " + ", ".join(RESULT_TYPES))
                if form in ("CONSTRUCT", "DESCRIBE") and graph_type is None:
                    raise TaskError(406, "graphs can be sent as " + ", ".join(GRAPH_TYPES))
            answer = await self.run(
                sparql.answer,
                query,
                results_type or SPARQL_JSON,
                graph_type or TURTLE,
                self.config.max_rows,
                dataset,
                self.config.max_answer_bytes,
            )
        except ClientDisconnect:  # gone while sending its body: nobody to answer
            return Response(status_code=400)
        except RequestTooLarge:
            message = f"the request is larger than the limit of {limit:,} bytes"
            return error_response(request, 413, message, html=html_wanted)
        except guard.Refused as error:
            if html_wanted:
                return html_response(self._sparql_page(first(params, "query"), error=str(error)), 403)
            return error_response(request, 403, str(error), html=False)
        except TaskError as error:
            if html_wanted and error.status in (400, 403, 413, 429, 500, 502, 503):
                return html_response(self._sparql_page(first(params, "query"), error=error.message), error.status)
            return error_response(request, error.status, error.message, html=html_wanted)
        headers = {"Vary": "Accept"}
        if answer.truncated:
            headers["X-KG-Truncated"] = f"only the first {self.config.max_rows} rows (kg serve --max-rows)"
        return Response(answer.body, media_type=answer.media_type, headers=headers)

    def _sparql_page(
        self,
        query: str | None,
        answer: sparql.Table | None = None,
        labels: Mapping[str, str] | None = None,
        *,
        error: str | None = None,
        seconds: float | None = None,
    ) -> str:
        return pages.sparql_page(
            query, answer, labels, error, seconds, max_rows=self.config.max_rows, timeout=self.config.timeout
        )

    # canned queries -------------------------------------------------------------------------------

    async def queries_index(self, request: Request) -> Response:
        if request.url.path.endswith(".json"):
            listing = [
                {
                    "name": q.name,
                    "title": q.title,
                    "description": q.description,
                    "parameters": [
                        {"name": p.name, "type": p.type, "required": p.required, "default": p.default,
                         "example": p.example, "help": p.help}
                        for p in q.parameters
                    ],
                }
                for q in self.queries.values()
            ]
            return Response(json.dumps(listing, ensure_ascii=False, indent=2), media_type="application/json")
        return html_response(pages.queries_index_page(list(self.queries.values())))

    async def canned_query(self, request: Request) -> Response:
        raw_name = request.path_params["name"]
        name, dot, extension = raw_name.rpartition(".")
        if not dot:
            name, extension = raw_name, "html"
        query = self.queries.get(name)
        if query is None or extension not in ("html", "json", "csv"):
            return error_response(request, 404, f"no question {raw_name!r}; see /queries for the list")
        values = {key: value for key, value in request.query_params.items()}
        submitted = any(value.strip() for value in values.values())
        ready = submitted or not any(p.required for p in query.parameters)
        if extension == "html" and not ready:
            return html_response(pages.canned_query_page(query, values, max_rows=self.config.max_rows))
        try:
            bound = query.bind(values)
        except ParameterError as error:
            if extension == "html":
                page = pages.canned_query_page(query, values, error=str(error), max_rows=self.config.max_rows)
                return html_response(page, 400)
            return PlainTextResponse(f"{error}\n", status_code=400)
        started = time.perf_counter()
        try:
            if extension == "html":
                answer, labels = await self.run(
                    sparql.labelled_table, bound, self.config.max_rows, sparql.Dataset(), self.config.max_answer_bytes,
                    (query, values),
                )
            else:  # written in the worker: the web process only passes the bytes on
                body, truncated = await self.run(
                    sparql.table_document, bound, extension, self.config.max_rows, self.config.max_answer_bytes,
                    (query, values),
                )
        except TaskError as error:
            if extension == "html":
                page = pages.canned_query_page(query, values, error=error.message, max_rows=self.config.max_rows)
                return html_response(page, error.status)
            return PlainTextResponse(error.message + "\n", status_code=error.status)
        seconds = time.perf_counter() - started
        if extension != "html":
            headers = {}
            if truncated:
                headers["X-KG-Truncated"] = f"only the first {self.config.max_rows} rows (kg serve --max-rows)"
            if extension == "json":
                return Response(body, media_type=SPARQL_JSON, headers=headers)
            headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return Response(body, media_type="text/csv; charset=utf-8", headers=headers)
        page = pages.canned_query_page(
            query, values, answer=answer, labels=labels, bound_sparql=bound, seconds=seconds,
            max_rows=self.config.max_rows,
        )
        return html_response(page)

    # entities --------------------------------------------------------------------------------------

    async def entity(self, request: Request) -> Response:
        path = request.path_params["path"]
        entity = ID_NS + path
        try:
            iri(entity)
        except StoreError:
            return error_response(request, 404, f"{entity!r} is not an IRI this service mints")
        format_name = (request.query_params.get("format") or "").lower()
        chosen = FORMAT_NAMES.get(format_name)
        if format_name and (chosen is None or chosen not in (HTML, *GRAPH_TYPES)):
            return error_response(request, 400, "format is one of html, turtle, jsonld, nt, rdfxml")
        media = chosen or negotiate(request.headers.get("accept"), (TURTLE, *GRAPH_TYPES[1:], HTML), GRAPH_ALIASES)
        if media is None:
            return error_response(request, 406, "an entity is sent as HTML, " + ", ".join(GRAPH_TYPES))
        headers = {"Vary": "Accept"}
        try:
            if media == HTML:
                if path.startswith("article/") and "/" not in path[len("article/") :]:
                    return RedirectResponse("/articles/" + urllib.parse.quote(path[len("article/") :]), 303)
                view = await self.run(views.entity_view, entity)
                return HTMLResponse(pages.entity_page(view), headers=headers)
            body = await self.run(entity_document, entity, media)
        except TaskError as error:
            return error_response(request, error.status, error.message, html=media == HTML)
        return Response(body, media_type=media, headers=headers)

    async def entity_list(self, request: Request) -> Response:
        kind = request.path_params["kind"]
        if kind not in views.KINDS:
            return error_response(request, 404, f"no list of {kind!r}; lists: {', '.join(views.KINDS)}")
        items = await self.run(views.entity_list, kind)
        return html_response(pages.entity_list_page(kind, items))

    # articles --------------------------------------------------------------------------------------

    async def articles(self, request: Request) -> Response:
        items = await self.run(views.article_list)
        return html_response(pages.article_list_page(items))

    async def article(self, request: Request) -> Response:
        article_id = request.path_params["article_id"]
        view = await self.run(views.article_view, article_id)
        return html_response(pages.article_page(view))

    # networks --------------------------------------------------------------------------------------

    async def viz_index(self, request: Request) -> Response:
        error = None if self.viz_kinds else "The network views (kg.viz) are not available in this installation."
        return html_response(pages.viz_index_page(self.viz_kinds, error))

    def _viz_kind(self, name: str) -> pages.VizKind | None:
        return next((k for k in self.viz_kinds if k.name == name), None)

    def _viz_filters(self, request: Request) -> dict[str, str]:
        return {
            name: value.strip()
            for name in network.FILTER_NAMES
            if (value := request.query_params.get(name)) and value.strip()
        }

    async def viz(self, request: Request) -> Response:
        kind = self._viz_kind(request.path_params["kind"])
        if kind is None:
            return error_response(request, 404, f"no network {request.path_params['kind']!r}; see /viz")
        filters = self._viz_filters(request)
        error = None
        if filters:  # check the filters here, so that a mistake shows on this page, not in the frame
            try:
                network.check_filters(filters)
            except ValueError as problem:
                error = str(problem)
        return html_response(pages.viz_page(kind, filters, self.viz_kinds, error), 400 if error else 200)

    async def viz_graph(self, request: Request) -> Response:
        kind = self._viz_kind(request.path_params["kind"])
        if kind is None:
            return error_response(request, 404, f"no network {request.path_params['kind']!r}; see /viz")
        filters = self._viz_filters(request)
        try:
            network.check_filters(filters)
            content = await self.run(network.render_network, kind.name, filters)
        except ValueError as problem:
            return error_response(request, 400, str(problem), html=True)
        except TaskError as error:
            return error_response(request, error.status, error.message, html=True)
        return HTMLResponse(content, headers={"Content-Security-Policy": NETWORK_POLICY})


def entity_document(store: Any, entity: str, media_type: str) -> bytes:
    """Worker task: the linked-data description of ``entity`` as ``media_type``."""
    return sparql.graph_document(views.entity_description(store, entity), media_type)


def host_name(header: str) -> str:
    """The name of a Host header without its port: "127.0.0.1:8000" -> "127.0.0.1", "[::1]:80" -> "::1"."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class SafetyHeaders:
    """Checks the Host header and adds the headers every answer carries (no sniffing, no
    referrer, our own CSP unless the route set one) - a plain ASGI wrapper, cheaper than
    Starlette's BaseHTTPMiddleware."""

    def __init__(self, app: ASGIApp, allowed_hosts: list[str]) -> None:
        self.app = app
        self.allowed_hosts = None if "*" in allowed_hosts else {h.lower() for h in allowed_hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        CURRENT_CLIENT.set(client[0] if client else None)
        if self.allowed_hosts is not None:
            host = dict(scope.get("headers", [])).get(b"host", b"").decode("latin-1")
            if host_name(host) not in self.allowed_hosts:
                response = PlainTextResponse(
                    f"host {host!r} is not served here (kg serve --allow-host)\n", status_code=400
                )
                await response(scope, receive, send)
                return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                extra = {
                    b"x-content-type-options": b"nosniff",
                    b"referrer-policy": b"no-referrer",
                    b"x-frame-options": b"SAMEORIGIN",
                    b"content-security-policy": PAGE_POLICY.encode(),
                }
                headers += [(name, value) for name, value in extra.items() if name not in names]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(config: ServeConfig, runner: Runner | None = None, *, manage_runner: bool = True) -> Starlette:
    """The ASGI application.  With ``manage_runner`` the runner starts and stops with it
    (ASGI lifespan); ``kg serve`` starts it itself, to report a failure in one line."""
    service = Service(config, runner)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if manage_runner:
            await service.runner.start()
        try:
            yield
        finally:
            if manage_runner:
                await service.runner.stop()

    async def task_failed(request: Request, error: Exception) -> Response:
        assert isinstance(error, TaskError)
        return error_response(request, error.status, error.message)

    routes = [
        Route("/", service.home),
        Route("/static/{name}", service.static_file),
        Route("/status", service.status),
        Route("/sparql", service.sparql_endpoint, methods=["GET", "POST"]),
        Route("/queries", service.queries_index),
        Route("/queries.json", service.queries_index),
        Route("/queries/{name}", service.canned_query),
        Route("/id/{path:path}", service.entity),
        Route("/entities/{kind}", service.entity_list),
        Route("/articles", service.articles),
        Route("/articles/{article_id}", service.article),
        Route("/viz", service.viz_index),
        Route("/viz/{kind}", service.viz),
        Route("/viz/{kind}/graph", service.viz_graph),
    ]
    middleware = [Middleware(SafetyHeaders, allowed_hosts=allowed_hosts(config))]
    app = Starlette(
        routes=routes,
        middleware=middleware,
        lifespan=lifespan,
        exception_handlers={TaskError: task_failed},
    )
    app.state.service = service
    return app


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 and "localhost": addresses only this machine reaches."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(config: ServeConfig) -> list[str]:
    """Host headers accepted: on a loopback address (any of 127.0.0.0/8) only loopback
    names (a web page elsewhere cannot reach the service by pointing a DNS name at it);
    bound wider, any."""
    if "*" in config.allowed_hosts or not is_loopback(config.host):
        return ["*"]
    names = [h.strip("[]") for h in LOOPBACK_HOSTS] + list(config.allowed_hosts)
    return names + ([config.host.strip("[]")] if config.host.strip("[]") not in names else [])


def resident_bytes() -> int | None:
    """The web process's resident memory now (Linux), for /status and the load test."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None
