"""``kg serve``: the store as a small linked-data web service."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import os
import socket

import click

from kg.commands._common import StoreFailure, open_store, store_options

EPILOG = """\b
What it serves (open http://127.0.0.1:8000/ in a browser):
  /sparql          SPARQL 1.1 Protocol endpoint (GET, POST form or application/sparql-query);
                   results as JSON, XML, CSV, TSV by Accept; CONSTRUCT as Turtle or JSON-LD;
                   a query editor when opened in a browser
  /queries         the canned questions (kg queries) as forms; NAME.csv and NAME.json for data
  /id/...          every entity IRI https://w3id.org/vnkg/id/... : a page, or Turtle / JSON-LD
  /articles/ID     an article's text with the facts read in it highlighted
  /viz/KIND        the interactive networks (kg viz) with their filters

\b
Examples:
  kg serve                                     # ./kg-store on http://127.0.0.1:8000
  kg serve --store /data/kg --port 8080 --timeout 5 --max-rows 5000
  kg serve --endpoint http://localhost:7878    # pages over another SPARQL server
  curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' \\
       http://127.0.0.1:8000/sparql

\b
Safe to leave running: read-only (SPARQL Update, LOAD, CLEAR ... get 403), SERVICE refused
(no request leaves the machine), every query stopped after --timeout seconds while the
others go on, at most --max-rows rows and --max-answer-mb per answer, requests over
--max-request-size refused, queries nested deeper than --max-nesting refused, slow or idle
connections closed, at most --max-connections-per-client connections and
--max-client-queries running queries per address. docs/serve.md lists every limit.
It listens on 127.0.0.1 only unless --host says otherwise. The store is read as it was when
the service started: restart it after `kg build`.
"""


@click.command(epilog=EPILOG)
@store_options
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. 0.0.0.0 makes the service reachable from other machines.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(0.1, 3600),
              help="Seconds a query may run; then it is stopped and the client gets a 503 saying so.")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(1),
              help="Rows (or triples) at most in one answer; a longer answer is cut and says so "
                   "in the X-KG-Truncated header.")
@click.option("--max-request-size", default=256 * 1024, show_default=True, type=click.IntRange(1024),
              help="Bytes at most in a request (a query, a form).")
@click.option("--workers", default=None, type=click.IntRange(1, 64),
              help="Queries run at once, each in its own process. Default: the number of CPUs (at least 2).")
@click.option("--cache-mb", default=64, show_default=True, type=click.IntRange(0),
              help="Memory for answers kept to be given again (the embedded store is read as it was "
                   "at start, so an answer stays right); 0 keeps none.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Also accept requests addressed to this host name (on loopback only "
                   "localhost and 127.0.0.1 are accepted, which stops DNS-rebinding pages).")
@click.option("--max-answer-mb", default=32.0, show_default=True, type=click.FloatRange(0.01),
              help="Megabytes at most in one answer; a larger one is refused (413) with the reason.")
@click.option("--max-nesting", default=32, show_default=True, type=click.IntRange(2, 200),
              help="Brackets ({ ( [) at most inside one another in a query; deeper gets 400 "
                   "(thousands of levels would crash the parser).")
@click.option("--max-client-queries", default=2, show_default=True, type=click.IntRange(0),
              help="Queries one client address may have running at once; the others wait their "
                   "turn (0: no limit).")
@click.option("--reserve-workers", default=1, show_default=True, type=click.IntRange(0, 16),
              help="Extra workers kept for short queries while all the others are busy (a query "
                   "may run there 2 s at most; clients whose queries run long never get one).")
@click.option("--header-timeout", default=10.0, show_default=True, type=click.FloatRange(0.5, 600),
              help="Seconds a client has to send a request's headers (and again its body); then "
                   "the connection is closed.")
@click.option("--idle-timeout", default=5.0, show_default=True, type=click.FloatRange(0.5, 600),
              help="Seconds a kept-alive connection may wait for its next request.")
@click.option("--max-connections", default=256, show_default=True, type=click.IntRange(8),
              help="Open connections at most; beyond, requests get 503 at once.")
@click.option("--max-connections-per-client", default=32, show_default=True, type=click.IntRange(0),
              help="Open connections at most from one address (0: no cap; behind a reverse proxy "
                   "every client has the proxy's address).")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]), help="Server log detail.")
def serve_command(
    store: str | None,
    endpoint: str | None,
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    max_request_size: int,
    workers: int | None,
    cache_mb: int,
    allow_hosts: tuple[str, ...],
    max_answer_mb: float,
    max_nesting: int,
    max_client_queries: int,
    reserve_workers: int,
    header_timeout: float,
    idle_timeout: float,
    max_connections: int,
    max_connections_per_client: int,
    log_level: str,
) -> None:
    """Serve the store over HTTP: a SPARQL endpoint, the canned questions, a page for every
    entity, the articles with their facts highlighted, and the networks.

    Everything works offline: the pages load nothing from other sites."""
    import uvicorn

    from kg.queries import QueryFileError, load_queries
    from kg.serve.app import ServeConfig, create_app
    from kg.serve.connections import ConnectionLimits, guarded_protocol
    from kg.store import StoreError

    # Fail here, in one line, rather than in the workers.
    open_store(store, endpoint, read_only=True).close()
    try:
        load_queries()
    except QueryFileError as error:
        raise StoreFailure(str(error)) from None
    if not _is_loopback(host):
        click.echo(f"kg serve: listening on {host}: reachable from other machines (read-only).", err=True)
    config = ServeConfig(
        store=store,
        endpoint=endpoint,
        host=host,
        port=port,
        timeout=timeout,
        max_rows=max_rows,
        max_request_bytes=max_request_size,
        workers=workers or max(2, os.cpu_count() or 1),
        cache_bytes=cache_mb * 1024 * 1024,
        allowed_hosts=list(allow_hosts),
        max_nesting=max_nesting,
        max_answer_bytes=int(max_answer_mb * 1024 * 1024),
        max_client_queries=max_client_queries,
        reserve_workers=reserve_workers,
        header_timeout=header_timeout,
        idle_timeout=idle_timeout,
        max_connections=max_connections,
        max_connections_per_client=max_connections_per_client,
    )
    head_bytes = max_request_size + 16 * 1024  # a GET carries the query in its request line
    protocol = guarded_protocol(ConnectionLimits(header_timeout, max_connections_per_client, head_bytes))
    app = create_app(config, manage_runner=False)
    runner = app.state.service.runner
    logging.basicConfig(level=log_level.upper(), format="%(levelname)s: %(message)s")
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host=host,
            port=port,
            log_level=log_level,
            http=protocol,
            h11_max_incomplete_event_size=head_bytes,
            limit_concurrency=max_connections,  # beyond this many open connections: 503 at once
            timeout_keep_alive=idle_timeout,  # type: ignore[arg-type]
            server_header=False,
        )
    )

    listener = _listen(host, port)  # bound here: a taken port is one line, and port 0 gets a number
    bound_port = listener.getsockname()[1]

    async def run() -> None:
        try:
            await runner.start()
        except StoreError as error:
            raise StoreFailure(str(error)) from None
        click.echo(f"kg serve: http://{_url_host(host)}:{bound_port}/  (Ctrl+C stops it)", err=True)
        try:
            await server.serve(sockets=[listener])
        finally:
            await runner.stop()

    try:
        asyncio.run(run())
    except KeyboardInterrupt:  # uvicorn has shut down cleanly, then passes Ctrl+C on
        click.echo("kg serve: stopped", err=True)
    finally:
        listener.close()


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named explicitly: asyncio turns Nagle off (TCP_NODELAY) only on sockets
    # that say so, and with Nagle on each kept-alive answer waits 40 ms for a delayed ACK
    listener = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
    except OSError as error:
        listener.close()
        raise StoreFailure(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    listener.set_inheritable(False)
    return listener


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
