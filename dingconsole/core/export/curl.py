"""Captured requests as curl commands (a replay script, "Copy as curl") that stay inert whatever a push held.

A capture is the sender's choice, and a replay runs on the user's machine with the user's files, so
nothing captured may reach curl as something curl interprets:
- the body goes through curl's stdin (`--data-binary @-`), never as an argument: `--data-binary @/path`
  would make curl POST a local file, and an argument cannot carry 1 MiB or a NUL anyway;
- `-g` (--globoff) on every URL, and the path percent-encoded: `x[1-5]` or `{a,b}` is one request with
  that literal path, not five (curl's globbing), and a `?` or `#` in the decoded path stays path;
- the origin is the one the user names (the script's required argument; the GUI's own listener),
  never the captured Host header, which the sender wrote; the path always starts with one `/`, so
  nothing captured can change the host the URL names (`@evil.example`, `//evil.example`);
- headers whose name is not an HTTP token (`@file` makes curl read a file) or whose value holds a
  line break (a second header) are left out, with a comment saying so in the script.
Every captured value is then quoted with `bash_quote`, so bash runs curl, printf and base64 only.
"""

from __future__ import annotations

import base64
import re
import shlex
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote, quote_plus

from dingconsole import __version__
from dingconsole.core.atomic import write_atomic
from dingconsole.core.exchange import Exchange, HttpRequest
from dingconsole.core.export.shell import bash_quote, comment_text, to_bytes

__all__ = ["LOCAL_ORIGIN", "curl_command", "curl_header_args", "replay_path", "to_curl", "write_curl"]

LOCAL_ORIGIN = "http://127.0.0.1:8080"  # usage example, HAR URL origin; never a fallback of the script

# curl computes these itself from what it sends; copying them would contradict it (Host: the sender's choice)
_SKIP_HEADERS = frozenset({"host", "content-length", "connection", "accept-encoding", "transfer-encoding"})
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # RFC 9110 token: what a header name may be
_LINE_BREAK = re.compile("[\x00\r\n]")
_METHOD = _TOKEN
_PATH_SAFE = "/:@!$&'()*+,;=-._~"  # RFC 3986 pchar (without %): everything else percent-encoded


def replay_path(request: HttpRequest) -> str:
    """Path and query for a replay URL: starts with exactly one `/`, percent-encoded, curl's glob characters included.

    The store keeps the decoded path (aiohttp's `request.path`), so `%` itself is encoded again and
    `/a%3Fb` comes back as `/a%3Fb`, not as a path `/a` with a query."""
    path = "/" + quote(to_bytes(request.path).lstrip(b"/"), safe=_PATH_SAFE)
    if not request.query:
        return path
    pairs = (f"{quote_plus(to_bytes(k))}={quote_plus(to_bytes(v))}" for k, v in request.query.items())
    return path + "?" + "&".join(pairs)


def curl_header_args(request: HttpRequest) -> tuple[list[str], list[str]]:
    """(`-H name: value` arguments, names of the headers left out because curl cannot send them as they are)."""
    args: list[str] = []
    left_out: list[str] = []
    for name, value in request.headers.items():
        if name.lower() in _SKIP_HEADERS:
            continue
        if not _TOKEN.fullmatch(name) or _LINE_BREAK.search(value):
            left_out.append(name)
            continue
        args += ["-H", f"{name}: {value}"]
    return args, left_out


def _method(request: HttpRequest) -> str:
    return request.method if _METHOD.fullmatch(request.method or "") else "POST"


def _with_body(command: str, request: HttpRequest) -> str:
    """`command` fed the request body byte for byte on stdin: printf of the text, or base64 -d when the
    body is not UTF-8 or holds a NUL (no shell word can carry one). printf is a bash builtin: no
    argument-length limit, and the body is its argument, never its format."""
    if not request.body:
        return command
    try:
        text = request.body.decode("utf-8")
    except UnicodeDecodeError:
        text = "\x00"  # the base64 route
    if "\x00" in text:
        encoded = base64.b64encode(request.body).decode("ascii")
        return f"printf %s {shlex.quote(encoded)} | base64 -d | {command} --data-binary @-"
    return f"printf %s {bash_quote(text)} | {command} --data-binary @-"


def curl_command(request: HttpRequest, origin: str) -> str:
    """One bash command that re-sends a captured request byte for byte to `origin` (scheme://host:port).

    `origin` is required: the captured Host header is the sender's word, not a destination."""
    url = origin.rstrip("/") + replay_path(request)
    headers, _left_out = curl_header_args(request)
    parts = ["curl", "-g", "-X", _method(request), url, *headers]
    return _with_body(" ".join(bash_quote(part) for part in parts), request)


_USAGE = (
    "usage: $0 ORIGIN   the scheme://host:port to send the captured requests to, e.g. " + LOCAL_ORIGIN,
    "用法：$0 ORIGIN   把这些请求发往的 scheme://host:port，例如 " + LOCAL_ORIGIN,
)


def to_curl(exchanges: Iterable[Exchange]) -> str:
    """A bash script that POSTs every captured request again, byte for byte, to the origin given as its argument.

    `./replay.sh http://127.0.0.1:9000`: the path and query stay as captured. Without an argument the
    script stops before sending anything."""
    lines = [
        "#!/usr/bin/env bash",
        f"# Replays captured DingTalk callback requests (exported by DingConsole {__version__}).",
        f"# Usage: ./replay.sh ORIGIN   e.g. ./replay.sh {LOCAL_ORIGIN}",
        "# ORIGIN is required: the captured Host headers are what the sender wrote, so they are not used.",
        "# Captured requests carry their original timestamp: a handler that checks freshness will refuse them.",
        "set -euo pipefail",
        'if [ "$#" -ne 1 ] || [ -z "$1" ]; then',
        *(f'  echo "{line}" >&2' for line in _USAGE),
        "  exit 2",
        "fi",
        'ORIGIN="${1%/}"',
        "",
    ]
    for exchange in exchanges:
        request = exchange.request
        label = comment_text(exchange.event_type or exchange.outcome.value)  # one line: a newline here ran code
        lines.append(f"# exchange {exchange.id if exchange.id is not None else '-'}: {label}")
        headers, left_out = curl_header_args(request)
        if left_out:
            names = ", ".join(comment_text(repr(name)) for name in left_out)
            lines.append(f"# left out (curl cannot send them as captured): {names}")
        parts = ["curl", "-sS", "-g", "-X", _method(request), "-w", r"\n%{http_code}\n", *headers]
        command = " ".join(bash_quote(part) for part in parts) + ' "${ORIGIN}"' + bash_quote(replay_path(request))
        lines.append(_with_body(command, request))
        lines.append("")
    return "\n".join(lines)


def write_curl(exchanges: Iterable[Exchange], path: Path) -> int:
    items = list(exchanges)
    write_atomic(Path(path), to_bytes(to_curl(items)), mode=0o700)  # owner-only, executable
    return len(items)
