"""The aiohttp side of the listener: one catch-all handler that captures every request and answers it.

Every request — a valid push, a broken one, a GET from a browser, a wrong path — becomes one
Exchange, committed to the store *before* the reply leaves. Valid pushes take the fast path
(`DingCrypto.open_request`, one seal); only failures pay for the full diagnosis.

The listener answers strangers, so its replies are no oracle (docs/PROTOCOL.md §6): a wrong signature gets
one generic 403, every decryption failure behind a valid signature the same 400 bytes, and no reply
names a profile, a path, a byte value or a length. The failure is recorded, the reply sent, and only
then is the full diagnosis computed and attached to the record (so the reply's timing does not
depend on the kind of failure); observers see the exchange with its diagnosis.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from dingconsole.core import events
from dingconsole.core.crypto import DingCrypto
from dingconsole.core.diagnose.isv import open_placeholder_check, reply_message
from dingconsole.core.errors import DingError
from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
from dingconsole.core.listener import robot
from dingconsole.core.listener.faults import FaultLog
from dingconsole.core.listener.policies import NON_SUCCESS_MESSAGE, Policy, PolicyKind
from dingconsole.core.listener.replies import (
    BAD_HTTP_HINT,
    FORBIDDEN_BODY,
    INCOMPLETE_HINT,
    INPUT_CODES,
    JSON_TYPE,
    REJECTED_BODY,
    SEE_CONSOLE,
    SIGNED_FAILURES,
    STEP_OF_CODE,
    diagnose_failure,
    error_body,
    json_bytes,
    reply_headers,
)
from dingconsole.core.listener.status_page import BARE_STATUS_PAGE, public_url, status_page, trusted_host
from dingconsole.core.profiles import Profile
from dingconsole.core.untrusted import MAX_JSON_DEPTH, JsonTooDeep
from dingconsole.core.untrusted import loads as bounded_loads

log = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024  # a push body is a few KiB; anything over 1 MiB gets 413
# how much of an oversized (or unauthenticated, failed) body is kept in the store: a few KB (a real push whole;
# two such rows share a 16 KiB page), so a flood of 1 MiB junk fits its small quota (core/store/retention.py)
RECORDED_OVERSIZE = 6 * 1024
DRAIN_LIMIT = 8 * MAX_BODY  # read (and drop) up to this much so the client sees the 413 cleanly
BODY_TIMEOUT = 10.0  # seconds a client may take to send its body


@dataclass(frozen=True)
class Route:
    """A callback path and the profile that answers on it (crypto built once, not per request)."""

    path: str
    profile: Profile
    crypto: DingCrypto


def truncate_body(ex: Exchange, keep: int = RECORDED_OVERSIZE) -> None:
    """Keep only the first `keep` bytes of a refused request's body in the record (marked truncated)."""
    if len(ex.request.body) > keep:
        ex.request.body = ex.request.body[:keep]
        ex.body_truncated = True


class Answer(Exception):
    """Raised inside processing to finish a request with a recorded outcome and a JSON error."""

    def __init__(
        self,
        status: int,
        outcome: Outcome,
        code: str,
        step: str,
        message: str,
        hint: str = "",
        *,
        drop: bool = False,
        body: bytes | None = None,
    ) -> None:
        super().__init__(message)
        self.body = body  # the reply's bytes when they must not carry `message` (the generic 400/403)
        self.status, self.outcome, self.code, self.step, self.message, self.hint = (
            status,
            outcome,
            code,
            step,
            message,
            hint,
        )
        self.drop = drop  # no reply can be sent (the client is gone): record it without one


class _Diagnose(Exception):
    """A push that failed a protocol step: answered generically now, diagnosed after the reply has left."""

    def __init__(self, answer: Answer, route: Route, error: DingError) -> None:
        super().__init__(answer.message)
        self.answer, self.route, self.error = answer, route, error


def normalize_path(path: str) -> str:
    """`/api/callback/` and `/api/callback` are the same callback path."""
    stripped = path.rstrip("/")
    return stripped or "/"


def first_values(items: Any) -> dict[str, str]:
    """A multidict flattened to the first value of each name (what DingTalk's demos read)."""
    out: dict[str, str] = {}
    for key, value in items:
        out.setdefault(str(key), str(value))
    return out


class CallbackHandler:
    """The single aiohttp handler. The listener swaps `routes` and `policy` while it runs (atomic rebinds)."""

    def __init__(
        self,
        commit: Callable[[Exchange], Awaitable[None]],
        notify: Callable[[Exchange], None],
        attach: Callable[[Exchange], Awaitable[None]] | None = None,
        faults: FaultLog | None = None,
    ) -> None:
        self.routes: dict[str, Route] = {}
        self.policy = Policy.success()
        self.allowed_hosts: frozenset[str] = frozenset()  # lower-cased host names that see the status page
        self._commit = commit
        self._notify = notify
        self._attach = attach  # store the diagnosis computed after the reply left
        self.faults = faults or FaultLog(log)

    async def __call__(self, request: web.BaseRequest) -> web.StreamResponse:
        started = time.perf_counter()
        ex = Exchange(
            received_at=time.time(),
            request=HttpRequest(
                method=request.method,
                path=request.path,
                query=first_values(request.query.items()),
                headers=first_values(request.headers.items()),
            ),
            remote=request.remote or "",
            unauthenticated=True,  # until a signature verifies: retention keeps strangers' rows in a quota
        )
        drop_connection = False
        pending: tuple[Route, DingError] | None = None  # a failure whose diagnosis follows the reply
        try:
            response, drop_connection = await self._process(request, ex)
        except Answer as answer:
            response = self._error(ex, answer)
            drop_connection = answer.drop
        except _Diagnose as later:
            response, pending = self._error(ex, later.answer), (later.route, later.error)
        except Exception as exc:  # noqa: BLE001 - a handler bug answers 500, is recorded, the listener lives on
            if not self.faults.report(exc, "handling a request"):
                log.exception("listener handler failed on %s %s", request.method, request.path)
            response = self._error(
                ex,
                Answer(
                    500,
                    Outcome.FAILED,
                    "internal_error",
                    "listener",
                    f"the listener failed: {type(exc).__name__}: {exc}",
                    "This is a DingConsole bug; the request was recorded. Please report it.",
                    body=error_body("internal_error", "listener", "the listener failed", SEE_CONSOLE),
                ),
            )
        ex.handling_ms = (time.perf_counter() - started) * 1000.0
        if drop_connection:
            ex.reply_status = None
            ex.reply_body = b""
        else:
            ex.reply_status = response.status
            ex.reply_body = bytes(response.body) if isinstance(response.body, bytes | bytearray) else b""
            ex.reply_headers = reply_headers(response.headers, ex.reply_body)
        try:
            await self._commit(ex)
        except Exception as exc:  # noqa: BLE001 - the store failed: say so (503), never pretend success
            if not self.faults.report(exc, "recording a request"):
                log.exception("could not store an exchange")
            return web.Response(
                status=503,
                body=error_body("store_error", "store", "the listener could not record the request", ""),
                content_type=JSON_TYPE,
            )
        if pending is not None:
            await self._reply_then_diagnose(request, response, ex, *pending)
            return response
        self._notify(ex)  # before the reply leaves: once a client has its answer, observers have seen it
        if drop_connection and request.transport is not None:
            request.transport.abort()
            response.force_close()
        return response

    async def _reply_then_diagnose(
        self, request: web.BaseRequest, response: web.Response, ex: Exchange, route: Route, error: DingError
    ) -> None:
        """Send the generic reply first, then diagnose, attach the diagnosis to the record, tell observers."""
        try:
            await response.prepare(request)
            await response.write_eof()
        except (ConnectionError, RuntimeError):  # the client left; the record and its diagnosis still count
            pass
        ex.diagnosis = diagnose_failure(ex.request, route.profile, error).to_dict()
        if self._attach is not None:
            try:
                await self._attach(ex)
            except Exception as exc:  # noqa: BLE001 - the exchange is recorded; only its diagnosis is lost
                if not self.faults.report(exc, "recording a diagnosis"):
                    log.exception("could not store the diagnosis of exchange %s", ex.id)
        self._notify(ex)

    # -- processing ----------------------------------------------------------------------------

    async def _process(self, request: web.BaseRequest, ex: Exchange) -> tuple[web.Response, bool]:
        route = self.routes.get(normalize_path(request.path))
        method = request.method
        if route is None:
            await self._read_body(request, ex, keep=RECORDED_OVERSIZE)
            raise Answer(
                404,
                Outcome.INVALID,
                "unknown_path",
                "route",
                f"no callback at {request.path}",  # recorded; the reply names no path at all
                "This path is not a callback path of this listener.",
                body=error_body(
                    "unknown_path", "route", "no callback at this path", "Use the callback URL DingConsole shows."
                ),
            )
        ex.profile = route.profile.name
        if method in ("GET", "HEAD"):
            ex.outcome = Outcome.INFO
            if trusted_host(request.headers.get("Host", ""), self.allowed_hosts, ex.remote):
                page = status_page(route.profile, public_url(request), policy=self.policy)
            else:
                page = BARE_STATUS_PAGE
            return web.Response(body=page, content_type="text/html"), False
        encoding = request.headers.get("Content-Encoding", "").strip().lower()
        if encoding and encoding != "identity":  # never inflated: 1 MiB of gzip can be 1 GiB
            await self._read_body(request, ex, keep=RECORDED_OVERSIZE)
            raise Answer(
                415,
                Outcome.INVALID,
                "unsupported_encoding",
                "body",
                "the body has a Content-Encoding; compressed bodies are refused, not inflated",
                "DingTalk sends plain JSON bodies without Content-Encoding.",
            )
        body = await self._read_body(request, ex, keep=MAX_BODY if method == "POST" else RECORDED_OVERSIZE)
        if method != "POST":
            raise Answer(
                405,
                Outcome.INVALID,
                "method_not_allowed",
                "method",
                f"{method} is not how DingTalk calls back",
                "DingTalk POSTs events; open the URL in a browser (GET) to see the status page.",
            )
        if robot.wants(route.profile, ex.request.headers):  # an HTTP-mode robot message, not a push
            response = robot.answer(route.profile, ex, body)
            if ex.outcome is not Outcome.OK and ex.message is None:
                truncate_body(ex)  # unauthenticated: a flood of 1 MiB bodies must not fill the disk
            return response, False
        sealer = route.crypto
        try:
            decrypted = route.crypto.open_request(ex.request.query, body)
        except DingError as err:
            placeholder = open_placeholder_check(route.crypto, body) if err.code == "owner_key_mismatch" else None
            if placeholder is None:
                raise self._refusal(route, ex, err) from None
            decrypted, sealer = placeholder  # a suite check sealed for TestSuiteKey: answered with that key
        ex.unauthenticated = False  # the signature verified
        ex.message = decrypted.message
        try:
            payload = bounded_loads(decrypted.message)
        except JsonTooDeep:
            payload = None
            ex.error_code = "json_too_deep"
            ex.error_message = (
                f"the message is JSON nested deeper than {MAX_JSON_DEPTH} levels: stored and shown as text"
            )
        except ValueError:
            payload = None
        ex.event_type = events.event_type(payload)
        ex.event_id = events.event_id(payload)
        return await self._reply(route, ex, reply_message(payload), sealer)

    @staticmethod
    def _refusal(route: Route, ex: Exchange, err: DingError) -> _Diagnose:
        """The answer to a push that does not open: what is safe to say, and the diagnosis to record."""
        step = STEP_OF_CODE.get(err.code, "request")
        if err.code in INPUT_CODES:  # about the sender's own input: safe to say
            answer = Answer(400, Outcome.FAILED, err.code, step, err.message, err.hint)
        elif err.code == "signature_mismatch":
            answer = Answer(403, Outcome.FAILED, err.code, step, err.message, err.hint, body=FORBIDDEN_BODY)
        else:
            answer = Answer(400, Outcome.FAILED, err.code, step, err.message, err.hint, body=REJECTED_BODY)
        if err.code in INPUT_CODES or err.code == "signature_mismatch":
            truncate_body(ex)  # unauthenticated: a flood of 1 MiB bodies must not fill the disk
        elif err.code in SIGNED_FAILURES:
            ex.unauthenticated = False  # the signature verified: the sender held the token
        return _Diagnose(answer, route, err)

    async def _reply(
        self, route: Route, ex: Exchange, answer: str = "success", crypto: DingCrypto | None = None
    ) -> tuple[web.Response, bool]:
        """Answer a valid push according to the response policy in force. `answer` is what a good reply
        seals: `success`, or an ISV suite URL check's Random value (as DingTalk's ISV demo does), with
        `crypto` (default the route's; a suite check's placeholder key when it was sealed for that)."""
        crypto = crypto or route.crypto
        policy = self.policy
        if policy.kind is PolicyKind.SUCCESS:
            ex.outcome = Outcome.OK
            return web.Response(body=json_bytes(crypto.seal(answer)), content_type=JSON_TYPE), False
        ex.outcome = Outcome.POLICY
        ex.error_code = f"policy_{policy.kind.value}"
        ex.error_message = f"answered with response policy {policy}"
        if policy.kind is PolicyKind.DELAY:
            await asyncio.sleep(policy.delay_ms / 1000.0)
            return web.Response(body=json_bytes(crypto.seal(answer)), content_type=JSON_TYPE), False
        if policy.kind is PolicyKind.NON_SUCCESS:
            sealed = crypto.seal(NON_SUCCESS_MESSAGE)
            return web.Response(body=json_bytes(sealed), content_type=JSON_TYPE), False
        if policy.kind is PolicyKind.HTTP_500:
            body = error_body("policy_http_500", "policy", "response policy http_500 is on", "")
            return web.Response(status=500, body=body, content_type=JSON_TYPE), False
        return web.Response(status=204), True  # CLOSE: recorded, then the connection is dropped

    def _error(self, ex: Exchange, answer: Answer) -> web.Response:
        ex.outcome = answer.outcome
        ex.error_code = answer.code
        ex.error_message = answer.message
        body = (
            answer.body
            if answer.body is not None
            else error_body(answer.code, answer.step, answer.message, answer.hint)
        )
        response = web.Response(status=answer.status, body=body, content_type=JSON_TYPE)
        if answer.status in (408, 413):
            response.force_close()
        return response

    async def _read_body(self, request: web.BaseRequest, ex: Exchange, *, keep: int = MAX_BODY) -> bytes:
        """Read the body into `ex.request.body`, enforcing the size limit and the slow-client timeout.

        `keep` caps what is recorded of a body that will be refused anyway (marked truncated)."""
        buf = bytearray()
        total = 0
        content = request.content
        try:
            if content.is_eof() and content.exception() is None:
                # The whole body came in with the headers (a push always does): take it, no timer or await.
                chunk = content.read_nowait(-1)
                total = len(chunk)
                buf += chunk[: MAX_BODY + 1]
            else:
                async with asyncio.timeout(BODY_TIMEOUT):
                    while total <= DRAIN_LIMIT:
                        chunk = await content.read(65536)
                        if not chunk:
                            break
                        total += len(chunk)
                        if len(buf) <= MAX_BODY:
                            buf += chunk[: MAX_BODY + 1 - len(buf)]
        except HttpProcessingError as exc:  # bad framing (chunk size, Content-Length) found mid-body
            ex.request.body = bytes(buf[:RECORDED_OVERSIZE])
            ex.body_truncated = total > len(ex.request.body)
            raise Answer(400, Outcome.INVALID, "bad_http", "body", exc.message, BAD_HTTP_HINT) from None
        except ConnectionResetError:
            ex.request.body = bytes(buf[:RECORDED_OVERSIZE])
            ex.body_truncated = total > len(ex.request.body)
            raise Answer(
                400,
                Outcome.INVALID,
                "client_disconnected",
                "body",
                f"the client closed the connection after {total} bytes of its body",
                INCOMPLETE_HINT,
                drop=True,
            ) from None
        except TimeoutError:
            ex.request.body = bytes(buf[:RECORDED_OVERSIZE])
            ex.body_truncated = True
            raise Answer(
                408,
                Outcome.INVALID,
                "timeout",
                "body",
                f"the client sent only {total} bytes of its body in {BODY_TIMEOUT:.0f} s",
                "A push body is small and sent at once; a slow or stalled client was cut off.",
            ) from None
        if total > MAX_BODY:
            ex.request.body = bytes(buf[:RECORDED_OVERSIZE])
            ex.body_truncated = True
            raise Answer(
                413,
                Outcome.INVALID,
                "too_large",
                "size",
                f"body is over {MAX_BODY // 1024} KiB",
                "A DingTalk push body is a few KiB; this is not a push.",
            )
        ex.request.body = bytes(buf)
        if len(buf) > keep:
            truncate_body(ex, keep)
        return ex.request.body
