"""Export captured exchanges as JSON Lines or an HTTP Archive (HAR 1.2); the curl script is in export/curl.py.

None of these formats writes credentials: they hold what travelled on the wire (ciphertext and
signatures) and what the console decrypted and answered. The JSON is written with
`untrusted.json_line`: the same values, but no control character, bidi override or line separator
raw in the file, so `cat` or `less` on an export shows text, not what a sender's escapes ask for.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any

from dingconsole import __version__
from dingconsole.core import events
from dingconsole.core.atomic import write_atomic
from dingconsole.core.exchange import Exchange, HttpRequest
from dingconsole.core.export.curl import LOCAL_ORIGIN, replay_path
from dingconsole.core.untrusted import json_line

JSONL_VERSION = 1
HAR_EXTENSION = "_dingconsole"  # HAR allows custom fields that start with an underscore


def _text_or_base64(data: bytes) -> tuple[str, bool]:
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        return base64.b64encode(data).decode("ascii"), True


def exchange_record(exchange: Exchange) -> dict[str, Any]:
    """Exchange.to_dict(), lossless: bodies that are not UTF-8 go as base64 with a flag beside them."""
    data = exchange.to_dict()
    data["request"]["body"], data["request"]["body_base64"] = _text_or_base64(exchange.request.body)
    data["reply_body"], data["reply_body_base64"] = _text_or_base64(exchange.reply_body)
    if exchange.event_type or exchange.message is not None:  # readable in both languages; imports ignore it
        payload = events.typed_payload(exchange.event_type, exchange.message_json())
        data["event"] = events.describe(exchange.event_type, payload)
    return data


def to_jsonl(exchanges: Iterable[Exchange]) -> str:
    return "".join(json_line(exchange_record(e)) + "\n" for e in exchanges)


def har_url(request: HttpRequest) -> str:
    """The URL a HAR entry names: loopback and the path as captured, never the captured Host header.

    A HAR is replayed from browser dev tools or other tools as it stands; the Host header is the
    sender's word (it stays in the entry's headers, as data), so it must not become the destination."""
    return LOCAL_ORIGIN + replay_path(request)


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _pairs(mapping: dict[str, str]) -> list[dict[str, str]]:
    return [{"name": k, "value": v} for k, v in mapping.items()]


def _content_type(headers: dict[str, str], default: str) -> str:
    return next((v for k, v in headers.items() if k.lower() == "content-type"), default)


def har_entry(exchange: Exchange) -> dict[str, Any]:
    request = exchange.request
    body, body_b64 = _text_or_base64(request.body)
    reply, reply_b64 = _text_or_base64(exchange.reply_body)
    status = exchange.reply_status or 0
    try:
        status_text = HTTPStatus(status).phrase
    except ValueError:
        status_text = ""
    content: dict[str, Any] = {
        "size": len(exchange.reply_body),
        "mimeType": "application/json" if reply.startswith("{") else "text/plain",
        "text": reply,
    }
    if reply_b64:
        content["encoding"] = "base64"
    post_data = {"mimeType": _content_type(request.headers, "application/json"), "text": body}
    entry: dict[str, Any] = {
        "startedDateTime": _iso(exchange.received_at),
        "time": round(exchange.handling_ms, 3),
        "request": {
            "method": request.method,
            "url": har_url(request),
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": _pairs(request.headers),
            "queryString": _pairs(request.query),
            "headersSize": -1,
            "bodySize": len(request.body),
        },
        "response": {
            "status": status,
            "statusText": status_text,
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": _pairs(exchange.reply_headers),
            "content": content,
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": len(exchange.reply_body),
        },
        "cache": {},
        "timings": {"send": 0, "wait": round(exchange.handling_ms, 3), "receive": 0},
        "comment": exchange.event_type or exchange.outcome.value,
        HAR_EXTENSION: exchange_record(exchange),
    }
    if request.body:
        entry["request"]["postData"] = post_data
        if body_b64:
            post_data["encoding"] = "base64"
    return entry


def to_har(exchanges: Iterable[Exchange]) -> dict[str, Any]:
    """HTTP Archive 1.2 (opens in browser dev tools); the full exchange rides along under `_dingconsole`."""
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": "DingConsole", "version": __version__},
            "entries": [har_entry(e) for e in exchanges],
        }
    }


def write_jsonl(exchanges: Iterable[Exchange], path: Path) -> int:
    text = to_jsonl(exchanges)
    write_atomic(Path(path), text.encode("utf-8"), mode=0o600)
    return text.count("\n")


def write_har(exchanges: Iterable[Exchange], path: Path) -> int:
    har = to_har(exchanges)
    write_atomic(Path(path), json_line(har, indent=2).encode("utf-8"), mode=0o600)
    return len(har["log"]["entries"])
