"""One received Stream frame, read into what the client must do with it (docs/PROTOCOL.md §4).

SYSTEM frames are answered on the reading task (`ping` echoes its data; `disconnect`, with or without
a messageId, asks for a new connection and never becomes an error row). EVENT and CALLBACK frames
become an Exchange to bridge, store and only then ACK. Anything else is recorded as a `bad_frame`.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from dingconsole.core import untrusted
from dingconsole.core.dingtalk import callbacks
from dingconsole.core.dingtalk.bridge import robot_response
from dingconsole.core.dingtalk.stream_protocol import ack_frame, event_ack_data, event_identity
from dingconsole.core.exchange import Exchange, HttpRequest, Outcome, Transport


@dataclass
class Frame:
    """`kind` is SYSTEM, EVENT, CALLBACK or BAD; `exchange` is set for the last three."""

    kind: str
    topic: str = ""
    message_id: str = ""
    data: Any = None
    exchange: Exchange | None = None
    content_type: str = "application/json"  # echoed in the ACK, as the Java SDK does


def _bad(text: str, received_at: float, profile: str, reason: str) -> Frame:
    exchange = Exchange(
        received_at=received_at,
        request=HttpRequest(method="STREAM", path="*", body=text.encode("utf-8", "replace")),
        transport=Transport.STREAM,
        profile=profile,
        outcome=Outcome.INVALID,
        error_code="bad_frame",
        error_message=reason,
    )
    return Frame("BAD", exchange=exchange)


def read_frame(text: str, received_at: float, profile: str, remote: str) -> Frame:
    """Classify one text frame; never raises."""
    try:
        frame = untrusted.loads(text)
    except ValueError as exc:
        return _bad(text, received_at, profile, f"frame is not JSON ({exc})")
    if not isinstance(frame, dict):
        return _bad(text, received_at, profile, "frame is not a JSON object")
    headers = frame.get("headers")
    if not isinstance(headers, dict):
        return _bad(text, received_at, profile, "frame has no `headers` object")
    kind = frame.get("type")
    topic = str(headers.get("topic") or "")
    message_id = str(headers.get("messageId") or "")
    content_type = str(headers.get("contentType") or "application/json")[:100]
    data = frame.get("data")
    if kind == "SYSTEM":
        return Frame("SYSTEM", topic, message_id, data, content_type=content_type)
    if kind not in ("EVENT", "CALLBACK"):
        return _bad(text, received_at, profile, f"unexpected frame type {kind!r}")
    if not message_id:
        return _bad(text, received_at, profile, f"{kind} frame has no headers.messageId, cannot ACK")
    exchange = Exchange(
        received_at=received_at,
        request=HttpRequest(
            method="STREAM",
            path=topic or "*",
            headers={str(k): str(v) for k, v in headers.items()},
            body=text.encode("utf-8"),
        ),
        remote=remote,
        transport=Transport.STREAM,
        profile=profile,
        outcome=Outcome.OK,
        reply_status=200,
    )
    payload = None
    if not isinstance(data, str):
        exchange.outcome = Outcome.FAILED
        exchange.error_code = "bad_frame"
        exchange.error_message = f"{kind} frame has no `data` string"
    else:
        exchange.message = data
        try:
            payload = untrusted.loads(data)
        except ValueError as exc:
            exchange.outcome = Outcome.FAILED
            exchange.error_code = "invalid_json"
            exchange.error_message = f"{kind} data is not JSON ({exc})"
    if kind == "EVENT":
        exchange.event_type, exchange.event_id = event_identity(headers, payload)
    else:
        exchange.event_type = callbacks.event_type_for(topic)
        exchange.event_id = callbacks.callback_id(headers, payload)
    return Frame(kind, topic, message_id, data, exchange, content_type)


@dataclass(eq=False)
class Connection:
    """One WebSocket and the ACKs still owed on it (a retiring socket closes once they are sent)."""

    ws: aiohttp.ClientWebSocketResponse
    endpoint: str
    pending: int = 0
    idle: asyncio.Event = field(default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        self.idle.set()

    def hold(self) -> None:
        self.pending += 1
        self.idle.clear()

    def release(self) -> None:
        self.pending -= 1
        if self.pending <= 0:
            self.idle.set()


def ack_for(frame: Frame, exchange: Exchange, accepted: bool | None) -> tuple[str, bool]:
    """(ACK text, whether it asks for redelivery): EVENT → SUCCESS/LATER; CALLBACK → {"response": …}."""
    kind = frame.content_type
    if frame.kind == "EVENT":
        return ack_frame(
            frame.message_id, event_ack_data(later=accepted is False), content_type=kind
        ), accepted is False
    if accepted is False:
        failed = callbacks.ack_data("handler failed")
        return ack_frame(frame.message_id, failed, 500, "handler failed", content_type=kind), True
    if exchange.event_type == callbacks.ROBOT_EVENT:
        response: object = robot_response(exchange) if accepted else "OK"
    else:
        response = {} if exchange.event_type == callbacks.CARD_EVENT else "OK"
    return ack_frame(frame.message_id, callbacks.ack_data(response), content_type=kind), False


def bridge_failed(exchange: Exchange, exc: BaseException) -> bool:
    """Record a bridge that raised on the exchange; False, so the delivery is ACKed LATER."""
    exchange.outcome = Outcome.FAILED
    exchange.error_code = "bridge_error"
    exchange.error_message = f"the bridge failed: {exc or type(exc).__name__}"
    return False
