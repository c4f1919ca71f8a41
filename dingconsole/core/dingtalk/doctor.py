"""The Stream doctor: "why is my stream silent?", one stage at a time, stopping at the first failure.

Stages (docs/PROTOCOL.md §4): the credentials' shape, DingTalk's token API, connections/open with
DingTalk's error body read, the WebSocket (DNS, TCP, TLS, proxy and HTTP upgrade named apart), the
first frame within `wait` seconds, and a verdict with a checklist for a live but silent stream. Each
stage is pass, fail or skip; a stage that could not run is "skip" (not checked), never "pass".
The report speaks in message codes and parameters (core.dingtalk.doctor_text renders them).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import ssl
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from yarl import URL

from dingconsole.core import untrusted
from dingconsole.core.crypto.cipher import owner_key_kind
from dingconsole.core.dingtalk import tokens
from dingconsole.core.dingtalk.proxies import choose, proxy_for
from dingconsole.core.dingtalk.remote_json import call_json, network_layer, scrub
from dingconsole.core.dingtalk.stream_protocol import (
    DEFAULT_GATEWAY,
    OPEN_PATH,
    StreamError,
    ack_frame,
    event_ack_data,
    is_credentials_refusal,
    is_throttled,
    open_body,
    open_headers,
    stream_ua,
    whitespace_kind,
)
from dingconsole.core.profiles import Profile

STAGES = ("credentials", "token", "open", "websocket", "first_frame", "verdict")
CHECKLIST = (
    "check_stream_mode",
    "check_published",
    "check_subscriptions",
    "check_robot_card",
    "check_card_callback_type",
    "check_other_consumer",
)
DEFAULT_WAIT = 20.0


@dataclass
class StageResult:
    """One stage: status pass/fail/skip, `cause` (a message code) with its evidence, and a hint code."""

    stage: str
    status: str
    cause: str
    params: dict[str, Any] = field(default_factory=dict)
    hint: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "status": self.status,
            "cause": self.cause,
            "params": self.params,
            "hint": self.hint,
        }


@dataclass
class DoctorReport:
    profile: str
    stages: list[StageResult] = field(default_factory=list)
    checklist: tuple[str, ...] = ()

    @property
    def failed(self) -> StageResult | None:
        return next((s for s in self.stages if s.status == "fail" and s.stage != "verdict"), None)

    @property
    def ok(self) -> bool:
        return all(s.status != "fail" for s in self.stages)

    def to_dict(self) -> dict[str, Any]:
        return {
            "profile": self.profile,
            "ok": self.ok,
            "stages": [s.to_dict() for s in self.stages],
            "checklist": list(self.checklist),
        }


class _Stop(Exception):  # noqa: N818 - control flow: a stage failed, later ones are not checked
    pass


def check_credentials(profile: Profile) -> StageResult:
    """Stage 1: an AppKey and AppSecret are there, with no stray space or invisible character."""
    stage = "credentials"
    if not profile.owner_key:
        return StageResult(stage, "fail", "cred_no_app_key", {"profile": profile.name}, "hint_cred_add")
    if not profile.app_secret:
        return StageResult(stage, "fail", "cred_no_app_secret", {"profile": profile.name}, "hint_cred_add")
    for label, value in (("AppKey", profile.owner_key), ("AppSecret", profile.app_secret)):
        where, char = whitespace_kind(value)
        if where:
            params = {"field": label, "where": where, "char": char}
            return StageResult(stage, "fail", f"cred_whitespace_{where}", params, "hint_cred_whitespace")
    if owner_key_kind(profile.owner_key) == "corp_id":
        return StageResult(stage, "fail", "cred_corp_id", {"app_key": profile.owner_key}, "hint_cred_corp_id")
    evidence: dict[str, Any] = {"app_key": profile.owner_key, "secret_length": len(profile.app_secret)}
    return StageResult(stage, "pass", "cred_ok", evidence)


def _proxy_params(url: str) -> dict[str, Any]:
    choice = choose(url)
    return {
        "proxy": choice.to_dict()["proxy"],
        "proxy_variable": choice.variable,
        "no_proxy": choice.bypassed_by_no_proxy,
    }


def _unsupported_proxy(stage: str, url: str) -> StageResult | None:
    choice = choose(url)
    if choice.supported:
        return None
    params = {"proxy": choice.to_dict()["proxy"], "proxy_variable": choice.variable}
    return StageResult(stage, "fail", "proxy_unsupported", params, "hint_proxy_unsupported")


def _unreachable(stage: str, url: str, error: Any) -> StageResult:
    layer = error.params.get("layer", "other") if hasattr(error, "params") else network_layer(error)
    detail = error.message if hasattr(error, "message") else scrub(error)
    params = {"host": URL(url).host or url, "layer": layer, "detail": detail, **_proxy_params(url)}
    return StageResult(stage, "fail", f"net_{layer}", params, f"hint_net_{layer}")


def _proxy_refused(stage: str, url: str) -> StageResult:
    """A plain-HTTP call through a proxy that wants credentials: the proxy answers 407 itself."""
    params = {"host": URL(url).host or url, "layer": "proxy", "detail": "407 Proxy Authentication Required"}
    return StageResult(stage, "fail", "net_proxy", {**params, **_proxy_params(url)}, "hint_net_proxy")


async def check_token(session: aiohttp.ClientSession, profile: Profile, api_base: str) -> StageResult:
    """Stage 2: DingTalk's token API accepts the AppKey/AppSecret (the same pair connections/open checks)."""
    stage = "token"
    url = api_base.rstrip("/") + "/gettoken"
    unsupported = _unsupported_proxy(stage, url)
    if unsupported:
        return unsupported
    try:
        tokens.require_fields(profile)
    except tokens.MissingTokenField as exc:
        return StageResult(stage, "skip", "token_skipped", {"missing": ", ".join(exc.params.get("missing", []))})
    try:
        await tokens.access_token(session, profile, api_base)
    except tokens.OpenApiError as exc:
        if "errcode" in exc.params:
            errcode, errmsg = exc.params.get("errcode"), str(exc.params.get("errmsg") or "")
            refused = errcode in (40089, 40001, 40013, 40096)
            cause = "token_refused" if refused else "token_error"
            return StageResult(stage, "fail", cause, {"errcode": errcode, "errmsg": errmsg}, f"hint_{cause}")
        if exc.params.get("status") == 407:
            return _proxy_refused(stage, url)
        if "status" in exc.params:
            return StageResult(stage, "fail", "token_not_json", {"status": exc.params["status"]}, "hint_token_not_json")
        return _unreachable(stage, url, exc)
    return StageResult(stage, "pass", "token_ok", {"host": URL(url).host or "", **_proxy_params(url)})


def classify_open(status: int, data: Any, text: str) -> tuple[str, str, dict[str, Any]]:
    """(cause, hint, params) for a connections/open answer without a connection, from DingTalk's error body."""
    code = str(data.get("code") or "") if isinstance(data, dict) else ""
    message = str(data.get("message") or "") if isinstance(data, dict) else ""
    params: dict[str, Any] = {"status": status, "code": code, "message": message}
    if not isinstance(data, dict):
        params["body"] = untrusted.printable(text[:160])
        return "open_not_json", "hint_open_not_json", params
    if is_credentials_refusal(status, code):
        return "open_auth", "hint_open_auth", params
    if is_throttled(status, code):
        return "open_throttled", "hint_open_throttled", params
    if status >= 500:
        return "open_server", "hint_open_server", params
    if status == 400:
        return "open_invalid_parameter", "hint_open_invalid_parameter", params
    if status == 403:
        return "open_forbidden", "hint_open_forbidden", params
    if status == 200:
        return "open_no_endpoint", "hint_open_not_json", params
    return "open_unexpected", "hint_open_server", params


async def check_open(
    session: aiohttp.ClientSession, profile: Profile, gateway: str, subscriptions: list[dict[str, str]], timeout: float
) -> tuple[StageResult, tuple[str, str] | None]:
    """Stage 3: POST connections/open; the endpoint and ticket when DingTalk gave them."""
    stage = "open"
    url = gateway.rstrip("/") + OPEN_PATH
    unsupported = _unsupported_proxy(stage, url)
    if unsupported:
        return unsupported, None
    body = open_body(profile, subscriptions, stream_ua(), "")

    def unreachable(cause: str) -> StreamError:
        return StreamError(cause)

    limit = aiohttp.ClientTimeout(total=timeout)
    try:
        status, data, text = await call_json(
            session, "POST", url, json=body, headers=open_headers(), timeout=limit, unreachable=unreachable
        )
    except StreamError as exc:
        return _unreachable(stage, url, exc), None
    if status == 200 and isinstance(data, dict) and data.get("endpoint") and data.get("ticket"):
        endpoint = str(data["endpoint"])
        params = {"status": status, "endpoint": str(URL(endpoint).with_query(None)), **_proxy_params(url)}
        return StageResult(stage, "pass", "open_ok", params), (endpoint, str(data["ticket"]))
    if status == 407:
        return _proxy_refused(stage, url), None
    cause, hint, params = classify_open(status, data, text)
    return StageResult(stage, "fail", cause, {**params, **_proxy_params(url)}, hint), None


async def check_websocket(
    session: aiohttp.ClientSession, endpoint: str, ticket: str, timeout: float, ssl_context: ssl.SSLContext | None
) -> tuple[StageResult, aiohttp.ClientWebSocketResponse | None]:
    """Stage 4: the WebSocket handshake, its failure named by layer (DNS, TCP, TLS, proxy, upgrade, timeout)."""
    stage = "websocket"
    unsupported = _unsupported_proxy(stage, endpoint)
    if unsupported:
        return unsupported, None
    options: dict[str, Any] = {"proxy": proxy_for(endpoint), "autoping": True}
    if ssl_context is not None:
        options["ssl"] = ssl_context
    try:
        async with asyncio.timeout(timeout):
            ws = await session.ws_connect(URL(endpoint).update_query(ticket=ticket), **options)
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        result = _unreachable(stage, endpoint, exc)
        if isinstance(exc, aiohttp.WSServerHandshakeError | aiohttp.ClientHttpProxyError):
            result.params["status"] = exc.status
        return result, None
    params = {"host": URL(endpoint).host or "", "scheme": URL(endpoint).scheme, **_proxy_params(endpoint)}
    return StageResult(stage, "pass", "ws_ok", params), ws


async def check_first_frame(ws: aiohttp.ClientWebSocketResponse, wait: float, topics: Sequence[str]) -> StageResult:
    """Stage 5: any frame within `wait` s. A ping is answered; an EVENT is ACKed LATER (DingTalk delivers it
    again to the app's own client); a CALLBACK is left unanswered, so it is not lost either."""
    stage = "first_frame"
    started = time.monotonic()
    topics_text = ", ".join(topics)
    try:
        async with asyncio.timeout(wait):
            msg = await ws.receive()
    except TimeoutError:
        return StageResult(stage, "fail", "frame_silent", {"wait": wait, "topics": topics_text}, "hint_frame_silent")
    seconds = round(time.monotonic() - started, 2)
    if msg.type not in (aiohttp.WSMsgType.TEXT, aiohttp.WSMsgType.BINARY):
        params = {"wait": wait, "seconds": seconds, "close_code": ws.close_code, "topics": topics_text}
        return StageResult(stage, "fail", "frame_closed", params, "hint_frame_closed")
    text = msg.data if isinstance(msg.data, str) else msg.data.decode("utf-8", "replace")
    try:
        frame = untrusted.loads(text)
    except ValueError:
        frame = None
    headers = frame.get("headers") if isinstance(frame, dict) else None
    if not isinstance(frame, dict) or not isinstance(headers, dict):
        return StageResult(stage, "fail", "frame_bad", {"seconds": seconds}, "hint_frame_bad")
    kind, topic = str(frame.get("type") or ""), str(headers.get("topic") or "")
    message_id = str(headers.get("messageId") or "")
    with contextlib.suppress(ConnectionError, RuntimeError):
        if kind == "SYSTEM" and message_id:
            data = frame.get("data")
            await ws.send_str(ack_frame(message_id, data if isinstance(data, str) else json.dumps(data)))
        elif kind == "EVENT" and message_id:
            await ws.send_str(ack_frame(message_id, event_ack_data(later=True)))
    params = {"seconds": seconds, "type": kind, "topic": untrusted.printable(topic[:120]), "topics": topics_text}
    return StageResult(stage, "pass", "frame_system" if kind == "SYSTEM" else "frame_delivery", params)


async def run_doctor(
    profile: Profile,
    *,
    gateway: str = DEFAULT_GATEWAY,
    api_base: str = tokens.DEFAULT_API_BASE,
    wait: float = DEFAULT_WAIT,
    callback_topics: Sequence[str] = (),
    timeout: float = 10.0,
    ssl_context: ssl.SSLContext | None = None,
    on_stage: Callable[[StageResult], None] | None = None,
) -> DoctorReport:
    """Every stage in turn; after a failure the rest are "not checked" and the verdict names the stage."""
    report = DoctorReport(profile.name)
    subscriptions = [{"type": "EVENT", "topic": "*"}] + [{"type": "CALLBACK", "topic": t} for t in callback_topics]
    topics = [f"{s['type']} {s['topic']}" for s in subscriptions]

    def add(result: StageResult) -> None:
        report.stages.append(result)
        if on_stage is not None:
            on_stage(result)
        if result.status == "fail":
            raise _Stop

    ws: aiohttp.ClientWebSocketResponse | None = None
    connector = aiohttp.TCPConnector(ssl=ssl_context) if ssl_context is not None else None
    # every HTTP call is bounded (a black-holed token API must not hang the doctor); the frame wait is its own
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=timeout)) as session:
        try:
            add(check_credentials(profile))
            add(await check_token(session, profile, api_base))
            opened, connection = await check_open(session, profile, gateway, subscriptions, timeout)
            add(opened)
            assert connection is not None  # a pass always carries the endpoint
            connected, ws = await check_websocket(session, *connection, timeout, ssl_context)
            add(connected)
            assert ws is not None
            add(await check_first_frame(ws, wait, topics))
        except _Stop:
            pass
        finally:
            if ws is not None:
                await ws.close()
    _finish(report, on_stage)
    return report


def _finish(report: DoctorReport, on_stage: Callable[[StageResult], None] | None) -> None:
    done = {s.stage for s in report.stages}
    failed = report.failed
    added = []
    for stage in STAGES[:-1]:
        if stage not in done:
            added.append(StageResult(stage, "skip", "not_checked", {"after": failed.stage if failed else ""}))
    report.stages.extend(added)
    report.stages.sort(key=lambda s: STAGES.index(s.stage))
    if failed is None:
        verdict = StageResult("verdict", "pass", "verdict_live", {}, "hint_verdict_live")
    elif failed.stage == "first_frame":
        verdict = StageResult("verdict", "fail", "verdict_silent", {}, "hint_verdict_silent")
    else:
        verdict = StageResult("verdict", "fail", "verdict_failed", {"stage": failed.stage}, failed.hint)
    report.checklist = CHECKLIST if failed is None or failed.stage == "first_frame" else ()
    report.stages.append(verdict)
    if on_stage is not None:
        for result in [*added, verdict]:
            on_stage(result)


def diagnose_stream(profile: Profile, **options: Any) -> DoctorReport:
    """run_doctor on a fresh event loop (for the CLI and the GUI's worker thread)."""
    return asyncio.run(run_doctor(profile, **options))
