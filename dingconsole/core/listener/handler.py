"""The aiohttp side of the listener: one catch-all handler that captures every request and answers it.

Every request — a valid push, a broken one, a GET from a browser, a wrong path — becomes one
Exchange, committed to the store *before* the reply leaves. Valid pushes take the fast path
(`DingCrypto.open_request`, one seal); only failures pay for the full diagnosis.
"""

from __future__ import annotations

import asyncio
import html
import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from dingconsole.core import events
from dingconsole.core.crypto import DingCrypto
from dingconsole.core.diagnose import Report, Status, Step, diagnose_request
from dingconsole.core.errors import DingError
from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
from dingconsole.core.listener.policies import NON_SUCCESS_MESSAGE, Policy, PolicyKind
from dingconsole.core.profiles import Profile

log = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024  # a push body is a few KiB; anything over 1 MiB gets 413
RECORDED_OVERSIZE = 64 * 1024  # how much of an oversized body is kept in the store
DRAIN_LIMIT = 8 * MAX_BODY  # read (and drop) up to this much so the client sees the 413 cleanly
BODY_TIMEOUT = 10.0  # seconds a client may take to send its body
JSON_TYPE = "application/json"

BAD_HTTP_HINT = (
    "This is not valid HTTP/1.1, so it was rejected before any callback logic ran. DingTalk sends "
    "well-formed requests: look at the client, proxy or tunnel that sent this (raw bytes recorded)."
)
TLS_HINT = (
    "Something spoke HTTPS (TLS) to this plain-HTTP port. Use an http:// URL here, or put a tunnel "
    "that terminates TLS in front of the listener."
)
INCOMPLETE_HINT = "The client closed the connection mid-request; DingTalk sends a whole request at once."

# Which diagnosis step an error code belongs to (used when no full diagnosis is available).
STEP_OF_CODE = {
    "missing_parameter": "parameters",
    "bad_request": "parse",
    "signature_mismatch": "signature",
    "invalid_base64": "base64",
    "invalid_block_size": "block_size",
    "invalid_padding": "padding",
    "invalid_length": "length",
    "invalid_utf8": "length",
    "owner_key_mismatch": "owner_key",
    "invalid_json": "json",
    "invalid_aes_key": "profile",
}
_STATUS_OF_CODE = {"signature_mismatch": 403, "owner_key_mismatch": 403}


@dataclass(frozen=True)
class Route:
    """A callback path and the profile that answers on it (crypto built once, not per request)."""

    path: str
    profile: Profile
    crypto: DingCrypto


class Answer(Exception):
    """Raised inside processing to finish a request with a recorded outcome and a JSON error."""

    def __init__(
        self, status: int, outcome: Outcome, code: str, step: str, message: str, hint: str = "", *, drop: bool = False
    ) -> None:
        super().__init__(message)
        self.status, self.outcome, self.code, self.step, self.message, self.hint = (
            status,
            outcome,
            code,
            step,
            message,
            hint,
        )
        self.drop = drop  # no reply can be sent (the client is gone): record it without one


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


def diagnose_failure(request: HttpRequest, profile: Profile, error: DingError) -> Report:
    """The full diagnosis for a failed push; a one-step report if the diagnosis engine itself fails."""
    try:
        return diagnose_request(request, [profile], query_given=True)  # a push must carry its query
    except Exception:  # noqa: BLE001 - a diagnosis bug must not lose the exchange; logged
        log.exception("diagnose_request failed; recording the listener's own error instead")
    step = Step(
        name=STEP_OF_CODE.get(error.code, "request"),
        status=Status.FAILED,
        detail=error.message,
        hint=error.hint,
        code=error.code,
        params=dict(error.params),
    )
    return Report(kind="request", steps=[step], profile=profile.name)


# One encoder for every reply: json.dumps with non-default options builds a new JSONEncoder per call.
_compact_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _json_bytes(data: Mapping[str, Any]) -> bytes:
    return _compact_json(data).encode("utf-8")


def error_body(code: str, step: str, message: str, hint: str) -> bytes:
    return _json_bytes({"error": code, "step": step, "message": message, "hint": hint})


def status_page(route: Route, url: str, *, policy: Policy) -> bytes:
    """The human page a GET shows: proof the tunnel reaches the listener, and what to paste into DingTalk."""
    p = route.profile
    esc = html.escape
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>DingConsole is listening</title></head>
<body style="font-family: sans-serif; max-width: 46em; margin: 2em auto">
<h1>DingConsole is listening</h1>
<p>钉钉回调调试台正在监听 — this address reaches the callback listener.</p>
<table>
<tr><th align="left">Profile</th><td>{esc(p.name)}</td></tr>
<tr><th align="left">Owner key</th><td>{esc(p.owner_key)}</td></tr>
<tr><th align="left">Response policy</th><td>{esc(str(policy))}</td></tr>
</table>
<h2>Paste into DingTalk (事件订阅)</h2>
<p>Request URL (请求网址): <code>{esc(url)}</code></p>
<p>Use the same <b>token</b> and <b>aesKey</b> as profile <b>{esc(p.name)}</b>. DingTalk POSTs signed,
encrypted events here and expects the sealed <code>success</code> reply within 1500 ms;
this page is only for browsers (GET), and is recorded as an info exchange.</p>
</body></html>
""".encode()


def public_url(request: web.BaseRequest) -> str:
    """The URL as the browser reached it (through a tunnel, the tunnel's host), without the query."""
    proto = request.headers.get("X-Forwarded-Proto", request.scheme).split(",")[0].strip()
    host = request.headers.get("X-Forwarded-Host", request.host).split(",")[0].strip()
    return f"{proto}://{host}{request.path}"


class CallbackHandler:
    """The single aiohttp handler. The listener swaps `routes` and `policy` while it runs (atomic rebinds)."""

    def __init__(
        self,
        commit: Callable[[Exchange], Awaitable[None]],
        notify: Callable[[Exchange], None],
    ) -> None:
        self.routes: dict[str, Route] = {}
        self.policy = Policy.success()
        self._commit = commit
        self._notify = notify

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
        )
        drop_connection = False
        try:
            response, drop_connection = await self._process(request, ex)
        except Answer as answer:
            response = self._error(ex, answer)
            drop_connection = answer.drop
        except Exception as exc:  # noqa: BLE001 - a handler bug answers 500, is recorded, the listener lives on
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
                ),
            )
        ex.handling_ms = (time.perf_counter() - started) * 1000.0
        if drop_connection:
            ex.reply_status = None
            ex.reply_body = b""
        else:
            ex.reply_status = response.status
            ex.reply_body = bytes(response.body) if isinstance(response.body, bytes | bytearray) else b""
        try:
            await self._commit(ex)
        except Exception as exc:  # noqa: BLE001 - the store failed: say so (503), never pretend success
            log.exception("could not store an exchange")
            return web.Response(
                status=503,
                body=error_body("store_error", "store", f"could not record the request: {exc}", ""),
                content_type=JSON_TYPE,
            )
        self._notify(ex)  # before the reply leaves: once a client has its answer, observers have seen it
        if drop_connection and request.transport is not None:
            request.transport.abort()
            response.force_close()
        return response

    # -- processing ----------------------------------------------------------------------------

    async def _process(self, request: web.BaseRequest, ex: Exchange) -> tuple[web.Response, bool]:
        route = self.routes.get(normalize_path(request.path))
        method = request.method
        if route is None:
            await self._read_body(request, ex)
            known = ", ".join(sorted(self.routes)) or "none (no profiles)"
            raise Answer(
                404,
                Outcome.INVALID,
                "unknown_path",
                "route",
                f"no callback at {request.path}",
                f"Callback paths here: {known}.",
            )
        ex.profile = route.profile.name
        if method in ("GET", "HEAD"):
            ex.outcome = Outcome.INFO
            return web.Response(
                body=status_page(route, public_url(request), policy=self.policy), content_type="text/html"
            ), False
        body = await self._read_body(request, ex)
        if method != "POST":
            raise Answer(
                405,
                Outcome.INVALID,
                "method_not_allowed",
                "method",
                f"{method} is not how DingTalk calls back",
                "DingTalk POSTs events; open the URL in a browser (GET) to see the status page.",
            )
        try:
            decrypted = route.crypto.open_request(ex.request.query, body)
        except DingError as err:
            report = diagnose_failure(ex.request, route.profile, err)
            ex.diagnosis = report.to_dict()
            failure = report.first_failure
            raise Answer(
                _STATUS_OF_CODE.get(err.code, 400),
                Outcome.FAILED,
                err.code,
                failure.name if failure is not None else STEP_OF_CODE.get(err.code, "request"),
                err.message,
                err.hint,
            ) from None
        ex.message = decrypted.message
        try:
            payload = json.loads(decrypted.message)
        except ValueError:
            payload = None
        ex.event_type = events.event_type(payload)
        ex.event_id = events.event_id(payload)
        return await self._reply(route, ex)

    async def _reply(self, route: Route, ex: Exchange) -> tuple[web.Response, bool]:
        """Answer a valid push according to the response policy in force."""
        policy = self.policy
        if policy.kind is PolicyKind.SUCCESS:
            ex.outcome = Outcome.OK
            return web.Response(body=_json_bytes(route.crypto.seal("success")), content_type=JSON_TYPE), False
        ex.outcome = Outcome.POLICY
        ex.error_code = f"policy_{policy.kind.value}"
        ex.error_message = f"answered with response policy {policy}"
        if policy.kind is PolicyKind.DELAY:
            await asyncio.sleep(policy.delay_ms / 1000.0)
            return web.Response(body=_json_bytes(route.crypto.seal("success")), content_type=JSON_TYPE), False
        if policy.kind is PolicyKind.NON_SUCCESS:
            sealed = route.crypto.seal(NON_SUCCESS_MESSAGE)
            return web.Response(body=_json_bytes(sealed), content_type=JSON_TYPE), False
        if policy.kind is PolicyKind.HTTP_500:
            body = error_body("policy_http_500", "policy", "response policy http_500 is on", "")
            return web.Response(status=500, body=body, content_type=JSON_TYPE), False
        return web.Response(status=204), True  # CLOSE: recorded, then the connection is dropped

    def _error(self, ex: Exchange, answer: Answer) -> web.Response:
        ex.outcome = answer.outcome
        ex.error_code = answer.code
        ex.error_message = answer.message
        response = web.Response(
            status=answer.status,
            body=error_body(answer.code, answer.step, answer.message, answer.hint),
            content_type=JSON_TYPE,
        )
        if answer.status in (408, 413):
            response.force_close()
        return response

    async def _read_body(self, request: web.BaseRequest, ex: Exchange) -> bytes:
        """Read the body into `ex.request.body`, enforcing the size limit and the slow-client timeout."""
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
        return ex.request.body
