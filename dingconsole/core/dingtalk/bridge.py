"""Stream → HTTP bridge: replay each Stream event at a local callback URL as a sealed DingTalk push.

With it a user develops an HTTP callback handler on a laptop with no public URL: DingTalk delivers
over the outbound Stream socket, the bridge seals the event with a chosen profile (token, aesKey,
owner key) exactly as an HTTP push would be, POSTs it, and records the handler's reply and
DingTalk's verdict on it (core.diagnose.check_reply via core.sender) on the stored exchange.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from dingconsole.core.exchange import Exchange, Outcome
from dingconsole.core.profiles import Profile
from dingconsole.core.send import sender

DEFAULT_TIMEOUT = 5.0


def check_handler_url(url: str) -> None:
    """Refuse anything but an absolute http(s) URL before any event is taken from DingTalk."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise sender.SendError(
            f"{url!r} is not an http(s) URL",
            "Give the handler's full URL, for example http://127.0.0.1:8080/api/callback.",
            url=url,
        )


class StreamBridge:
    """A `stream.Forwarder`: `await bridge(exchange)` fills the exchange's reply fields in place.

    The exchange keeps the Stream frame as its request; reply_status/reply_body/diagnosis become the
    handler's answer, and the outcome FAILED (error_code = the first failed check) when DingTalk would
    refuse that answer. Never raises: an unreachable handler is a recorded failure like any other."""

    def __init__(
        self, url: str, profile: Profile, *, timeout: float = DEFAULT_TIMEOUT, budget_ms: float = sender.BUDGET_MS
    ) -> None:
        check_handler_url(url)
        self.url = url
        self.profile = profile
        self.timeout = timeout
        self.budget_ms = budget_ms
        self.forwarded = 0
        self.failed = 0

    async def __call__(self, exchange: Exchange) -> None:
        if exchange.message is None:
            return
        (delivery,) = await sender.send_async(
            self.url, http_message(exchange), self.profile, "once", timeout=self.timeout, budget_ms=self.budget_ms
        )
        self.forwarded += 1
        record(exchange, delivery)
        if exchange.outcome is not Outcome.OK:
            self.failed += 1


def http_message(exchange: Exchange) -> str:
    """The plaintext an HTTP push of this Stream event would carry.

    Stream `data` is the bare business payload; the event's type, id, corp and time travel in the
    frame headers. An HTTP push carries them inside the payload (EventType, eventId, CorpId,
    EventTime), so a handler written for HTTP mode needs them there — to dispatch and to de-duplicate.
    Fields the payload already has win. (Assumed from the documented shapes; see the README.)"""
    message = exchange.message or ""
    try:
        payload = json.loads(message)
    except ValueError:
        return message
    if not isinstance(payload, dict):
        return message
    headers = exchange.request.headers
    extra: dict[str, Any] = {}
    for header, name in (("eventType", "EventType"), ("eventId", "eventId"), ("eventCorpId", "CorpId")):
        if headers.get(header):
            extra[name] = headers[header]
    born = headers.get("eventBornTime", "")
    if born.isdigit():
        extra["EventTime"] = int(born)
    if "EventType" in payload or "eventType" in payload:
        extra.pop("EventType", None)
    if "eventId" in payload or "EventId" in payload:
        extra.pop("eventId", None)
    if "CorpId" in payload or "corpId" in payload:
        extra.pop("CorpId", None)
    return json.dumps({**extra, **payload}, ensure_ascii=False)


def record(exchange: Exchange, delivery: sender.Delivery) -> None:
    """Put a delivery (the handler's reply and its judgement) on the exchange it was made for."""
    exchange.reply_status = delivery.status
    exchange.reply_body = delivery.reply_body
    exchange.diagnosis = delivery.report.to_dict()
    exchange.handling_ms = delivery.elapsed_ms
    if delivery.ok:
        exchange.outcome = Outcome.OK
        return
    failure = delivery.report.first_failure
    exchange.outcome = Outcome.FAILED
    exchange.error_code = (failure.code if failure else None) or "reply_invalid"
    exchange.error_message = f"handler at {delivery.url.split('?', 1)[0]}: {delivery.verdict()}"
