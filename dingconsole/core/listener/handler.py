"""The aiohttp side of the listener: one catch-all handler that captures every request and answers it.

Every request — a valid push, a broken one, a GET from a browser, a wrong path — becomes one
Exchange, committed to the store *before* the reply leaves. Valid pushes take the fast path (one
decryption, one seal); only failures pay for the full diagnosis, after the reply.

The listener answers strangers, so its replies are no oracle (docs/PROTOCOL.md §6):
- before the signature verifies, the work is bounded and linear in the body (listener/opening.py);
- a wrong signature gets one generic 403, every decryption failure behind a valid signature the same
  400 bytes after the same work, and no reply names a profile, a byte value or a length;
- a stranger gets the same answers on every path under the callback prefix, named profile or not
  (a decoy route with random keys answers for the names that do not exist);
- the full diagnosis is computed after the reply, off the event loop (listener/diagnoser.py), and
  attached to the record; observers see the exchange with its diagnosis.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any

from aiohttp import web

from dingconsole.core import events
from dingconsole.core.crypto import DingCrypto, generate_aes_key, generate_token
from dingconsole.core.diagnose.isv import reply_message
from dingconsole.core.errors import DingError
from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
from dingconsole.core.listener import opening, robot
from dingconsole.core.listener.body import MAX_BODY, RECORDED_OVERSIZE, Answer, read_body, truncate_body
from dingconsole.core.listener.diagnoser import Diagnoser
from dingconsole.core.listener.faults import FaultLog
from dingconsole.core.listener.policies import NON_SUCCESS_MESSAGE, Policy, PolicyKind
from dingconsole.core.listener.replies import (
    FORBIDDEN_BODY,
    INPUT_CODES,
    JSON_TYPE,
    REJECTED_BODY,
    SEE_CONSOLE,
    STEP_OF_CODE,
    error_body,
    json_bytes,
    rejected_error,
    reply_headers,
)
from dingconsole.core.listener.status_page import BARE_STATUS_PAGE, allowed_host, public_url, status_page, trusted_host
from dingconsole.core.listener.tunnel_gate import TunnelGate
from dingconsole.core.profiles import Profile
from dingconsole.core.untrusted import MAX_JSON_DEPTH, JsonTooDeep
from dingconsole.core.untrusted import loads as bounded_loads

log = logging.getLogger(__name__)

__all__ = ["MAX_BODY", "RECORDED_OVERSIZE", "Answer", "CallbackHandler", "Route", "normalize_path", "truncate_body"]


@dataclass(frozen=True)
class Route:
    """A callback path and the profile that answers on it (crypto built once, not per request)."""

    path: str
    profile: Profile
    crypto: DingCrypto


def decoy_route() -> Route:
    """A route with fresh random keys: how a path under the prefix that names no profile answers strangers."""
    profile = Profile("", "dingdecoy", generate_token(), generate_aes_key(), app_secret=generate_token())
    return Route("", profile, DingCrypto(profile.token, profile.aes_key, profile.owner_key))


class _Diagnose(Exception):
    """A push that failed a protocol step: answered generically now, diagnosed after the reply has left.

    `received` is the request as it arrived: the record may keep only the first bytes of its body, and
    a diagnosis of that copy would blame the transit for a cut the console made."""

    def __init__(self, answer: Answer, route: Route, error: DingError, received: HttpRequest) -> None:
        super().__init__(answer.message)
        self.answer, self.route, self.error, self.received = answer, route, error, received


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
        self.prefix = "/api/callback"  # every path under it answers strangers alike (the listener sets it)
        self.diagnoser = Diagnoser()
        self._diagnosing: set[asyncio.Task[None]] = set()  # diagnoses after the reply, awaited by settle()
        self._decoy = decoy_route()
        self._commit = commit
        self._notify = notify
        self._attach = attach  # store the diagnosis computed after the reply left
        self.faults = faults or FaultLog(log)
        self.tunnel = TunnelGate()  # a running tunnel's public host and headers: who came through it

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
            remote=self.tunnel.remote(request.remote or "", request.headers),
            unauthenticated=True,  # until a signature verifies: retention keeps strangers' rows in a quota
        )
        drop_connection = False
        pending: tuple[Route, DingError, HttpRequest] | None = None  # a failure diagnosed after the reply
        try:
            response, drop_connection = await self._process(request, ex)
        except Answer as answer:
            response = self._error(ex, answer)
            drop_connection = answer.drop
        except _Diagnose as later:
            response, pending = self._error(ex, later.answer), (later.route, later.error, later.received)
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
        self,
        request: web.BaseRequest,
        response: web.Response,
        ex: Exchange,
        route: Route,
        error: DingError,
        received: HttpRequest,
    ) -> None:
        """Send the generic reply, then leave: the diagnosis follows in a task of its own, so that the
        next request on this connection (which aiohttp serves only once this handler has returned)
        does not wait for it — its timing would tell the failures apart."""
        try:
            await response.prepare(request)
            await response.write_eof()
        except (ConnectionError, RuntimeError):  # the client left; the record and its diagnosis still count
            pass
        task = asyncio.get_running_loop().create_task(self._diagnose(ex, route, error, received))
        self._diagnosing.add(task)
        task.add_done_callback(self._diagnosing.discard)

    async def _diagnose(self, ex: Exchange, route: Route, error: DingError, received: HttpRequest) -> None:
        """Diagnose off the loop, attach the diagnosis to the record, then tell observers."""
        try:
            ex.diagnosis = await self.diagnoser.report(received, route.profile, error)
            ex.adopt_recovered()  # a message the diagnosis opened is shown, searched and typed (marked recovered)
        except Exception as exc:  # noqa: BLE001 - the exchange is recorded; only its diagnosis is lost
            if not self.faults.report(exc, "diagnosing a request"):
                log.exception("could not diagnose exchange %s", ex.id)
        if self._attach is not None and ex.diagnosis is not None:
            try:
                await self._attach(ex)
            except Exception as exc:  # noqa: BLE001 - the exchange is recorded; only its diagnosis is lost
                if not self.faults.report(exc, "recording a diagnosis"):
                    log.exception("could not store the diagnosis of exchange %s", ex.id)
        self._notify(ex)

    async def settle(self) -> None:
        """Wait for the diagnoses under way (the listener's teardown, before the store writer closes)."""
        while self._diagnosing:
            await asyncio.gather(*self._diagnosing, return_exceptions=True)

    # -- processing ----------------------------------------------------------------------------

    async def _process(self, request: web.BaseRequest, ex: Exchange) -> tuple[web.Response, bool]:
        route = self.routes.get(normalize_path(request.path))
        if route is not None:
            ex.profile = route.profile.name
            return await self._process_route(request, ex, route)
        if self._stranger_under_prefix(request, ex):
            return await self._answer_as_decoy(request, ex)
        await read_body(request, ex, keep=RECORDED_OVERSIZE)
        raise _unknown_path(request.path)

    def _stranger_under_prefix(self, request: web.BaseRequest, ex: Exchange) -> bool:
        path = normalize_path(request.path)
        under = path == self.prefix or path.startswith(self.prefix + "/")
        return under and not self._trusted(request, ex)

    def _trusted(self, request: web.BaseRequest, ex: Exchange) -> bool:
        """Who sees what the listener keeps for local browsers: the Host decides, and a request through the
        tunnel (its peer is 127.0.0.1 all the same) only as a host the user allowed by name."""
        host = request.headers.get("Host", "")
        if self.tunnel.through(request.headers):
            return allowed_host(host, self.allowed_hosts)
        return trusted_host(host, self.allowed_hosts, ex.remote)

    async def _answer_as_decoy(self, request: web.BaseRequest, ex: Exchange) -> tuple[web.Response, bool]:
        """Answer as a profile with unknown keys would (so a stranger cannot probe profile names), and
        record the request as what it is: a request for a path with no callback."""
        drop = False
        try:
            response, drop = await self._process_route(request, ex, self._decoy)
        except Answer as answer:
            response, drop = self._error(ex, answer), answer.drop
        except _Diagnose as later:
            response = self._error(ex, later.answer)
        unknown = _unknown_path(request.path)
        ex.outcome, ex.error_code, ex.error_message = unknown.outcome, unknown.code, unknown.message
        ex.message = ex.event_type = ex.event_id = None
        truncate_body(ex)
        if drop:
            raise Answer(400, Outcome.INVALID, unknown.code, "route", unknown.message, drop=True)
        return response, False

    async def _process_route(self, request: web.BaseRequest, ex: Exchange, route: Route) -> tuple[web.Response, bool]:
        method = request.method
        if method in ("GET", "HEAD"):
            ex.outcome = Outcome.INFO
            if self._trusted(request, ex):
                page = status_page(route.profile, public_url(request), policy=self.policy)
            else:
                page = BARE_STATUS_PAGE
            page = self.tunnel.answer(ex.request.query, page)
            return web.Response(body=page, content_type="text/html"), False
        encoding = request.headers.get("Content-Encoding", "").strip().lower()
        if encoding and encoding != "identity":  # never inflated: 1 MiB of gzip can be 1 GiB
            await read_body(request, ex, keep=RECORDED_OVERSIZE)
            raise Answer(
                415,
                Outcome.INVALID,
                "unsupported_encoding",
                "body",
                "the body has a Content-Encoding; compressed bodies are refused, not inflated",
                "DingTalk sends plain JSON bodies without Content-Encoding.",
            )
        body = await read_body(request, ex, keep=MAX_BODY if method == "POST" else RECORDED_OVERSIZE)
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
        try:
            encrypted = opening.verify(route.crypto, ex.request.query, body)
        except DingError as err:  # the sender's input, or a wrong signature: nothing secret behind it yet
            raise self._refusal(route, ex, err) from None
        ex.unauthenticated = False  # the signature verified: the sender held the token
        opened = opening.open_verified(route.crypto, encrypted)
        if isinstance(opened, str):  # one answer, after the same work, whichever step failed
            error = rejected_error(opened)
            step = STEP_OF_CODE[error.code]
            answer = Answer(400, Outcome.FAILED, error.code, step, error.message, body=REJECTED_BODY)
            raise _Diagnose(answer, route, error, ex.request)
        decrypted, sealer = opened
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
        answered = await self._reply(route, ex, reply_message(payload), sealer)
        if ex.error_code is None:
            opening.note_if_stale(ex, route.profile.name)
        return answered

    @staticmethod
    def _refusal(route: Route, ex: Exchange, err: DingError) -> _Diagnose:
        """The answer to a push refused before its signature verified: what is safe to say, and (for a
        named profile) the diagnosis to record after the reply."""
        step = STEP_OF_CODE.get(err.code, "request")
        received = replace(ex.request)  # diagnosed whole; the record keeps the first bytes
        truncate_body(ex)  # unauthenticated: a flood of 1 MiB bodies must not fill the disk
        if err.code in INPUT_CODES:  # about the sender's own input: safe to say
            answer = Answer(400, Outcome.FAILED, err.code, step, err.message, err.hint)
        else:
            answer = Answer(403, Outcome.FAILED, err.code, step, err.message, err.hint, body=FORBIDDEN_BODY)
        return _Diagnose(answer, route, err, received)

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


def _unknown_path(path: str) -> Answer:
    return Answer(
        404,
        Outcome.INVALID,
        "unknown_path",
        "route",
        f"no callback at {path}",  # recorded; the reply names no path at all
        "This path is not a callback path of this listener.",
        body=error_body("unknown_path", "route", "no callback at this path", "Use the callback URL DingConsole shows."),
    )
