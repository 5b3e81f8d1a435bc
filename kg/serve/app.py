"""The web application: routes, content negotiation, limits and the safety headers.

Every route that needs the store hands a task to the runner (:mod:`kg.serve.runner`)
and renders what comes back; the event loop itself never waits on the store.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import urllib.parse
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
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
from kg.serve.runner import AnswerCache, Runner, StoreSpec, TaskError, TaskTimeout, make_runner
from kg.store import ID_NS, StoreError, iri

TIMEOUT_MEMORY = 30.0  # seconds a query stopped by the time limit is not run again (cache on)
STATIC_DIR = Path(__file__).resolve().parent / "static"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")

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


# -- helpers ------------------------------------------------------------------------------


class RequestTooLarge(Exception):
    pass


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refusing (413) more than ``limit`` bytes whatever Content-Length says."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise RequestTooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise RequestTooLarge
        chunks.append(chunk)
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
        self.runner = runner or make_runner(spec, config.workers, config.timeout)
        self.queries: dict[str, CannedQuery] = load_queries(config.queries_dir)
        self.static = {
            path.name: path.read_bytes() for path in STATIC_DIR.iterdir() if path.suffix in (".css", ".js")
        }
        self.viz_kinds = network.viz_kinds()
        # a remote store can change under us; the embedded one is read as it was at start
        self.cache = AnswerCache(config.cache_bytes) if config.cache_bytes and not config.endpoint else None
        self.in_flight: dict[tuple[Any, ...], asyncio.Future[Any]] = {}
        self.stopped_recently: dict[tuple[Any, ...], float] = {}  # task -> when it ran out of time

    async def run(self, function: Any, *args: Any) -> Any:
        """Run a task in a worker; with the cache on, an answer is given again, the same task
        asked meanwhile waits for the one running, and a task that ran out of time a moment
        ago is not run again at once (many clients resending a runaway query would otherwise
        keep every worker busy)."""
        cache = self.cache
        key = AnswerCache.key(function, args) if cache is not None else None
        if cache is None or key is None:
            return await self.runner.run(function, *args)
        found, value = cache.get(key)
        if found:
            return value
        stopped = self.stopped_recently.get(key)
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
            value = await self.runner.run(function, *args)
        except TaskTimeout as error:
            now = time.monotonic()
            for old_key in [k for k, when in self.stopped_recently.items() if now - when > TIMEOUT_MEMORY]:
                del self.stopped_recently[old_key]
            self.stopped_recently[key] = now
            shared.set_exception(error)
            raise
        except BaseException as error:
            shared.set_exception(error if isinstance(error, Exception) else TaskError(503, "request cancelled"))
            raise
        else:
            shared.set_result(value)
            cache.put(key, value)
            return value
        finally:
            del self.in_flight[key]

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
                body = await read_body(request, limit)
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
            inspection = guard.inspect(query)
            dataset = sparql.Dataset(
                tuple(params.get("default-graph-uri", [])), tuple(params.get("named-graph-uri", []))
            )
            if html_wanted:
                started = time.perf_counter()
                answer, labels = await self.run(sparql.labelled_table, query, self.config.max_rows, dataset)
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
            )
        except RequestTooLarge:
            message = f"the request is larger than the limit of {limit:,} bytes"
            return error_response(request, 413, message, html=html_wanted)
        except guard.Refused as error:
            if html_wanted:
                return html_response(self._sparql_page(first(params, "query"), error=str(error)), 403)
            return error_response(request, 403, str(error), html=False)
        except TaskError as error:
            if html_wanted and error.status in (400, 500, 502, 503):
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
                answer, labels = await self.run(sparql.labelled_table, bound, self.config.max_rows, sparql.Dataset())
            else:  # written in the worker: the web process only passes the bytes on
                body, truncated = await self.run(sparql.table_document, bound, extension, self.config.max_rows)
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


def allowed_hosts(config: ServeConfig) -> list[str]:
    """Host headers accepted: on loopback only loopback names (a web page elsewhere cannot
    reach the service by pointing a DNS name at 127.0.0.1); bound wider, any."""
    if "*" in config.allowed_hosts or config.host not in LOOPBACK_HOSTS:
        return ["*"]
    return [h.strip("[]") for h in LOOPBACK_HOSTS] + list(config.allowed_hosts)
