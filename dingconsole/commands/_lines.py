"""One-line summaries of a recorded exchange for the terminal, shared by `serve`, `events`, `stream` and `failed`.

A push chooses its own event type, query and message: each line is passed through `printable`, so an
escape sequence cannot retitle or clear the terminal and a newline cannot forge a second line.
"""

from __future__ import annotations

import time
from typing import Any

from dingconsole.core import events
from dingconsole.core.exchange import Exchange, Outcome
from dingconsole.core.untrusted import json_line, printable


def exchange_record(exchange: Exchange) -> dict[str, Any]:
    """Exchange.to_dict() plus the event's family, label and summary in English and Chinese."""
    data = exchange.to_dict()
    if exchange.error_code:
        code, detail = exchange.cause()
        data["cause"] = {"code": code, "detail": detail}
    data["recovered"] = exchange.recovered
    if exchange.event_type or exchange.message is not None:
        payload = events.typed_payload(exchange.event_type, exchange.message_json())
        data["event"] = events.describe(exchange.event_type, payload)
        if events.event_type(payload) in _CALLBACK_TYPES:  # robot messages and card actions: as the window shows them
            data["event"]["summary"] = {lang: summary(payload, lang) for lang in ("en", "zh")}
    return data


_CALLBACK_TYPES = ("robot_message", "card_callback")  # core.dingtalk.callbacks.ROBOT_EVENT / CARD_EVENT


def summary(payload: Any, lang: str = "en") -> str:
    """The event's one-line summary; robot messages and card callbacks as the window summarises them."""
    if events.event_type(payload) in _CALLBACK_TYPES:
        from dingconsole.core.dingtalk import callbacks  # only then: the package brings aiohttp along

        found = callbacks.summary(payload, lang)
        if found is not None:
            return found
    return events.summary(payload, lang)


def exchange_json(exchange: Exchange) -> str:
    """One exchange as one JSON line (`--json`), control characters escaped."""
    return json_line(exchange_record(exchange))


def type_text(kind: str | None, lang: str = "en") -> str:
    """The event type with its readable label: `attend_shift_change (Shift changed)`; unknown types as they are."""
    if not kind:
        return "-"
    name = events.label(kind, lang)
    return kind if name == kind else f"{kind} ({name})"


def exchange_line(exchange: Exchange, lang: str = "en") -> str:
    """time, #id, outcome, profile, event type and label, then the event summary (`lang`) or the error."""
    stamp = time.strftime("%H:%M:%S", time.localtime(exchange.received_at))
    parts = [
        stamp,
        f"#{exchange.id}",
        exchange.outcome.value,
        str(exchange.reply_status or "-"),
        exchange.profile or "-",
        type_text(exchange.event_type, lang),
    ]
    if exchange.message is not None:
        payload = events.typed_payload(exchange.event_type, exchange.message_json())
        parts.append(summary(payload, lang) if payload is not None else exchange.message[:80])
        if exchange.repeat_of is not None:
            parts.append(f"(repeat of #{exchange.repeat_of})")
    elif exchange.outcome is Outcome.INFO:
        parts.append(f"{exchange.request.method} {exchange.request.path} (status page)")
    if exchange.recovered:
        parts.append("(recovered by the diagnosis)")
    if exchange.error_code:
        code, detail = exchange.cause()  # the diagnosed cause, not the listener's fixed error
        parts.append(f"[{code}] {detail}".rstrip())
    return printable("  ".join(parts))


def event_line(exchange: Exchange) -> str:
    """One line: time, store id, event type, event id, summary, and the handler's verdict when bridged."""
    stamp = time.strftime("%H:%M:%S", time.localtime(exchange.received_at))
    parts = [stamp, f"#{exchange.id}", exchange.event_type or "-", exchange.event_id or "-"]
    if exchange.outcome is Outcome.INVALID or exchange.message is None:
        code, detail = exchange.cause()
        parts.append(f"error [{code}]: {detail}")
    else:
        payload = exchange.message_json()
        if isinstance(payload, dict) and exchange.event_type and not events.event_type(payload):
            payload = {"EventType": exchange.event_type, **payload}  # Stream data carries the type in headers
        parts.append(summary(payload))
        if exchange.repeat_of is not None:
            parts.append(f"(repeat of #{exchange.repeat_of})")
        if exchange.error_message:
            code, detail = exchange.cause()
            parts.append(f"FAILED [{code}]: {detail}")
        elif exchange.diagnosis is not None:
            parts.append(f"handler replied {exchange.reply_status}: passed")
    return printable("  ".join(p for p in parts if p))
