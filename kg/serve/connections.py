"""Connection limits uvicorn does not have: a time to send the headers, a cap per address.

uvicorn closes a kept-alive connection after ``timeout_keep_alive`` and answers 503 once
``limit_concurrency`` connections are open, but a connection that never finishes its
headers (or never sends a byte) stays open for as long as the client likes, so a few
hundred idle sockets from one address lock everybody out.  :func:`guarded_protocol`
gives uvicorn an HTTP/1.1 protocol (its own h11 one, extended) that

* closes a connection whose request headers are not complete ``header_timeout`` seconds
  after the connection opened or, on a kept-alive connection, after the first byte of the
  next request (408);
* answers 503 and closes at once a connection beyond ``per_client`` from one address;
* answers 413 (not 400) to a request line or headers longer than the request size limit.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol


@dataclass(frozen=True, slots=True)
class ConnectionLimits:
    header_timeout: float = 10.0
    per_client: int = 32  # 0: no cap
    max_head_bytes: int = 256 * 1024 + 16 * 1024  # request line and headers


def _raw_response(status: int, reason: str, message: str) -> bytes:
    body = (message + "\n").encode("utf-8")
    head = (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: text/plain; charset=utf-8\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


def guarded_protocol(limits: ConnectionLimits) -> type[H11Protocol]:
    """An uvicorn ``http`` protocol class enforcing ``limits`` (one count per server)."""
    open_by_address: Counter[str] = Counter()

    class GuardedH11Protocol(H11Protocol):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._address: str | None = None
            self._head_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._address = self.client[0] if self.client else None
            if self._address is None:
                return
            open_by_address[self._address] += 1
            if limits.per_client and open_by_address[self._address] > limits.per_client:
                # not counted towards --max-connections while it closes: others must not get 503
                self.connections.discard(self)
                transport.write(
                    _raw_response(
                        503,
                        "Service Unavailable",
                        f"too many connections from your address (at most {limits.per_client}, "
                        "kg serve --max-connections-per-client); close some and try again",
                    )
                )
                transport.close()
                return
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            if self._address is not None:
                open_by_address[self._address] -= 1
                if open_by_address[self._address] <= 0:
                    del open_by_address[self._address]
                self._address = None
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self.transport.is_closing() or self._in_request():
                self._disarm()
            elif self._head_timer is None:  # the first bytes of a request on a kept-alive connection
                self._arm()

        def _in_request(self) -> bool:
            return self.cycle is not None and not self.cycle.response_complete

        def _arm(self) -> None:
            self._disarm()
            self._head_timer = self.loop.call_later(limits.header_timeout, self._head_timed_out)

        def _disarm(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _head_timed_out(self) -> None:
            self._head_timer = None
            if self._in_request() or self.transport.is_closing():
                return
            message = f"the request headers did not arrive within {limits.header_timeout:g} s"
            self.transport.write(_raw_response(408, "Request Timeout", message))
            self.transport.close()

        def send_400_response(self, msg: str) -> None:
            if len(self.conn.trailing_data[0]) >= limits.max_head_bytes:  # h11: "Receive buffer too long"
                message = (
                    f"the request line and headers are larger than the limit of {limits.max_head_bytes:,} "
                    "bytes; send a long query with POST"
                )
                self.transport.write(_raw_response(413, "Content Too Large", message))
                self.transport.close()
                return
            super().send_400_response(msg)

    return GuardedH11Protocol
