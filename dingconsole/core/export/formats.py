"""Export captured exchanges as JSON Lines, a curl replay script, or an HTTP Archive (HAR 1.2).

None of these formats writes credentials: they hold what travelled on the wire (ciphertext and
signatures) and, for jsonl/har, what the console decrypted and answered.
"""

from __future__ import annotations

import base64
import json
import shlex
from collections.abc import Iterable
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any

from dingconsole import __version__
from dingconsole.core import events
from dingconsole.core.atomic import write_atomic
from dingconsole.core.exchange import Exchange, HttpRequest
from dingconsole.core.export.shell import bash_quote, comment_text, to_bytes

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
    return "".join(json.dumps(exchange_record(e), ensure_ascii=False) + "\n" for e in exchanges)


def request_origin(request: HttpRequest) -> str:
    """scheme://host:port the request was sent to, from its Host header."""
    host = next((v for k, v in request.headers.items() if k.lower() == "host"), "127.0.0.1:8080")
    return f"http://{host}"


# curl computes these itself from what it sends; copying them would contradict it
_SKIP_CURL_HEADERS = frozenset({"host", "content-length", "connection", "accept-encoding", "transfer-encoding"})


def _curl_header_args(request: HttpRequest) -> list[str]:
    args = []
    for name, value in request.headers.items():
        if name.lower() not in _SKIP_CURL_HEADERS:
            args += ["-H", f"{name}: {value}"]
    return args


def _with_body(command: str, request: HttpRequest) -> str:
    """`command` plus the request body byte for byte: inline when it is plain text, through base64 -d when not
    (bytes that are not UTF-8, or a NUL, which no shell argument can carry)."""
    if not request.body:
        return command
    text, is_base64 = _text_or_base64(request.body)
    if is_base64 or "\x00" in text:
        encoded = base64.b64encode(request.body).decode("ascii")
        return f"printf %s {shlex.quote(encoded)} | base64 -d | {command} --data-binary @-"
    return f"{command} --data-binary {bash_quote(text)}"


def curl_command(request: HttpRequest, origin: str = "") -> str:
    """One bash command that re-sends a captured request byte for byte (to `origin`, or where it went).

    Every captured value is quoted with `bash_quote`: whatever a push held, the command runs curl only."""
    url = (origin.rstrip("/") or request_origin(request)) + request.url_path()
    parts = ["curl", "-X", request.method, url, *_curl_header_args(request)]
    return _with_body(" ".join(bash_quote(part) for part in parts), request)


def to_curl(exchanges: Iterable[Exchange]) -> str:
    """A bash script that POSTs every captured request again, byte for byte (--data-binary).

    `./replay.sh http://localhost:9000` sends them to another origin (scheme://host:port); the path and
    query stay as captured."""
    lines = [
        "#!/usr/bin/env bash",
        f"# Replays captured DingTalk callback requests (exported by DingConsole {__version__}).",
        "# Usage: ./replay.sh [ORIGIN]   e.g. ./replay.sh http://127.0.0.1:8080",
        "# Captured requests carry their original timestamp: a handler that checks freshness will refuse them.",
        "set -euo pipefail",
        "",
    ]
    for exchange in exchanges:
        request = exchange.request
        label = comment_text(exchange.event_type or exchange.outcome.value)  # one line: a newline here ran code
        lines.append(f"# exchange {exchange.id if exchange.id is not None else '-'}: {label}")
        lines.append(f"ORIGIN=${{1:-{bash_quote(request_origin(request))}}}")
        parts = ["curl", "-sS", "-X", request.method, "-w", r"\n%{http_code}\n", *_curl_header_args(request)]
        command = " ".join(bash_quote(part) for part in parts) + ' "${ORIGIN}"' + bash_quote(request.url_path())
        lines.append(_with_body(command, request))
        lines.append("")
    return "\n".join(lines)


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
            "url": request_origin(request) + request.url_path(),
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


def write_curl(exchanges: Iterable[Exchange], path: Path) -> int:
    items = list(exchanges)
    write_atomic(Path(path), to_bytes(to_curl(items)), mode=0o700)  # owner-only, executable
    return len(items)


def write_har(exchanges: Iterable[Exchange], path: Path) -> int:
    har = to_har(exchanges)
    write_atomic(Path(path), json.dumps(har, ensure_ascii=False, indent=2).encode("utf-8"), mode=0o600)
    return len(har["log"]["entries"])
