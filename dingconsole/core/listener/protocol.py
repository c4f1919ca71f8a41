"""The listener's aiohttp connection protocol: records the requests aiohttp's own HTTP parser rejects.

A garbage request line, a bad header, an invalid Content-Length or bad chunked framing never reaches
`CallbackHandler`: aiohttp answers it itself from `RequestHandler.handle_error`. The console must
still show it (a tunnel speaking HTTPS to the plain-HTTP port, a proxy mangling headers), so this
module subclasses aiohttp's low-level server to record those requests as INVALID exchanges and to
answer them with the same JSON error body as every other failure.

aiohttp hooks relied on (aiohttp 3.9–3.14), kept to overridable, non-underscore methods:
- `web.Server.__call__()` is the asyncio protocol factory `ServerRunner` binds: overridden to build
  `RecordingProtocol` (constructed with `RequestHandler`'s public keyword arguments only);
- `RequestHandler.handle_error(request, status, exc, message)` is what aiohttp calls for a message its
  parser rejected (internally an `_ErrInfo` turned into an error handler, `request` being a
  placeholder "UNKNOWN /" request) and for a handler exception; it is synchronous, so the commit
  happens in the returned response's `prepare()` — still before a byte of the reply leaves;
- `data_received` / `connection_lost` (the asyncio Protocol API) keep a bounded copy of the raw bytes
  of the current request, and record a connection that sent bytes but closed before a complete
  request.
The parser's own message (`HttpProcessingError.message`) is what the user sees; the request line
is only recovered from the raw bytes for display.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
from dingconsole.core.listener.faults import FaultLog
from dingconsole.core.listener.replies import BAD_HTTP_HINT, JSON_TYPE, TLS_HINT, error_body

log = logging.getLogger(__name__)

RAW_LIMIT = 64 * 1024  # raw bytes of a rejected request kept in the store (a request line is < 8 KiB)

Commit = Callable[[Exchange], Awaitable[None]]
Notify = Callable[[Exchange], None]
Submit = Callable[[Exchange], None]


def request_line(raw: bytes) -> tuple[str, str, dict[str, str]]:
    """Best-effort (method, path, query) from the first line of bytes the parser rejected — display only.

    Returns ("", "", {}) unless the line has the `METHOD TARGET HTTP/x` shape; the raw bytes and the
    parser's message are the record, this only fills the table's method and path columns.
    """
    line = raw.lstrip(b"\r\n").split(b"\n", 1)[0].rstrip(b"\r").decode("latin-1")
    parts = line.split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/") or not parts[0].isprintable():
        return "", "", {}
    try:
        target = urlsplit(parts[1])
    except ValueError:
        return parts[0][:32], parts[1][:2048], {}
    query: dict[str, str] = {}
    for key, value in parse_qsl(target.query, keep_blank_values=True):
        query.setdefault(key, value)
    return parts[0][:32], target.path[:2048], query


def rejected_exchange(
    raw: bytes, total: int, remote: str, status: int, exc: BaseException | None, message: str | None
) -> tuple[Exchange, str, str, str]:
    """The exchange (and JSON error code, step, hint) for a request aiohttp answered itself."""
    method, path, query = request_line(raw)
    ex = Exchange(
        received_at=time.time(),
        request=HttpRequest(method=method, path=path, query=query, body=raw),
        remote=remote,
        body_truncated=total > len(raw),
        unauthenticated=True,  # refused before any handler ran: no signature was ever checked
    )
    if isinstance(exc, HttpProcessingError) or (exc is None and status < 500):
        text = exc.message if isinstance(exc, HttpProcessingError) else (message or "bad request")
        tls = raw[:2] == b"\x16\x03"
        code, step, hint, ex.outcome = "bad_http", "http", TLS_HINT if tls else BAD_HTTP_HINT, Outcome.INVALID
    else:
        text = f"the listener failed: {type(exc).__name__}: {exc}" if exc is not None else (message or "error")
        code, step, hint, ex.outcome = "internal_error", "listener", "This is a DingConsole bug.", Outcome.FAILED
    ex.error_code, ex.error_message = code, str(text)
    return ex, code, step, hint


class CommittingResponse(web.Response):
    """A response that commits its exchange (and tells observers) in `prepare`, before anything is sent."""

    def __init__(self, exchange: Exchange, commit: Commit, notify: Notify, faults: FaultLog | None = None, **kw: Any):
        super().__init__(**kw)
        self._faults = faults
        self._exchange: Exchange | None = exchange
        self._commit = commit
        self._notify = notify

    async def prepare(self, request: web.BaseRequest) -> Any:
        ex, self._exchange = self._exchange, None  # commit once, however often prepare is called
        if ex is not None:
            try:
                await self._commit(ex)
            except Exception as exc:  # noqa: BLE001 - the store failed: say so (503), never pretend success
                if self._faults is None or not self._faults.report(exc, "recording a rejected request"):
                    log.exception("could not store a rejected request")
                self.set_status(503)
                self.body = error_body("store_error", "store", "the listener could not record the request", "")
            else:
                self._notify(ex)
        return await super().prepare(request)


class RecordingProtocol(web.RequestHandler):
    """aiohttp's connection protocol, plus a record of what its parser rejects (see the module doc)."""

    def __init__(self, manager: RecordingServer, **kwargs: Any) -> None:
        super().__init__(manager, **kwargs)
        self._recorder = manager
        self._raw = bytearray()
        self._raw_total = 0
        self._in_flight = 0
        self._answered_error = False

    def data_received(self, data: bytes) -> None:
        if len(self._raw) < RAW_LIMIT:
            self._raw += data[: RAW_LIMIT - len(self._raw)]
        self._raw_total += len(data)
        super().data_received(data)

    def request_started(self) -> None:
        self._in_flight += 1

    def request_finished(self) -> None:
        """The handler is done with a request: the bytes so far were its own (the next request's start anew)."""
        self._in_flight -= 1
        self._raw.clear()
        self._raw_total = 0

    def _take_raw(self) -> tuple[bytes, int]:
        raw, total = bytes(self._raw), self._raw_total
        self._raw.clear()
        self._raw_total = 0
        return raw, total

    def handle_error(
        self,
        request: web.BaseRequest,
        status: int = 500,
        exc: BaseException | None = None,
        message: str | None = None,
    ) -> web.StreamResponse:
        """Record the rejected request and answer it with the console's JSON error (connection closed)."""
        if request.writer.output_size > 0:  # aiohttp's own rule: a reply already started cannot be replaced
            raise ConnectionError("Response is sent already, cannot send another response with the error message")
        self._answered_error = True
        raw, total = self._take_raw()
        ex, code, step, hint = rejected_exchange(raw, total, request.remote or "", status, exc, message)
        log.debug("rejected request from %s: %s", ex.remote, ex.error_message, exc_info=exc)
        recorder = self._recorder
        if code == "internal_error":  # the exception's text is for the store, not for the network
            body = error_body(code, step, "the listener failed", "The request was recorded.")
        else:  # the parser's words about the sender's own bytes
            body = error_body(code, step, ex.error_message or "", hint)
        ex.reply_status, ex.reply_body = status, body
        ex.reply_headers = {"Content-Type": JSON_TYPE, "Content-Length": str(len(body)), "Connection": "close"}
        response = CommittingResponse(
            ex, recorder.commit, recorder.notify, recorder.faults, status=status, body=body, content_type=JSON_TYPE
        )
        response.force_close()
        return response

    def connection_lost(self, exc: BaseException | None) -> None:
        peer = self.peername
        super().connection_lost(exc)
        if self._in_flight or self._answered_error or not self._raw.strip(b"\r\n"):
            return  # a handler records its own request; aiohttp ignores blank lines between requests
        raw, total = self._take_raw()
        remote = str(peer[0]) if isinstance(peer, tuple | list) else str(peer or "")
        ex, _, _, _ = rejected_exchange(raw, total, remote, 400, None, None)
        ex.error_code = "incomplete_http"
        ex.error_message = f"the connection closed after {total} bytes, before a complete request"
        self._recorder.submit(ex)


class RecordingServer(web.Server):
    """`web.Server` building `RecordingProtocol`s, and telling each when the handler holds a request."""

    def __init__(
        self,
        handler: Callable[[web.BaseRequest], Awaitable[web.StreamResponse]],
        *,
        commit: Commit,
        notify: Notify,
        submit: Submit,
        faults: FaultLog | None = None,
        **kwargs: Any,
    ) -> None:
        self._inner = handler
        super().__init__(self._tracked, **kwargs)
        self.commit, self.notify, self.submit = commit, notify, submit
        self.faults = faults
        self._protocol_kwargs = {
            k: v for k, v in kwargs.items() if k not in ("request_factory", "handler_cancellation")
        }
        self._protocol_kwargs.setdefault("loop", asyncio.get_running_loop())

    async def _tracked(self, request: web.BaseRequest) -> web.StreamResponse:
        protocol = request.protocol
        if not isinstance(protocol, RecordingProtocol):
            return await self._inner(request)
        protocol.request_started()
        try:
            return await self._inner(request)
        finally:
            protocol.request_finished()

    def __call__(self) -> RecordingProtocol:
        return RecordingProtocol(self, **self._protocol_kwargs)
