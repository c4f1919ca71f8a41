"""Turn whatever a user pastes into a request or a reply the diagnosis can work on.

Accepted: a curl command (bash `\\` or Windows `^` continuations), a PowerShell Invoke-WebRequest /
Invoke-RestMethod (its quoting read by core.powershell_parse), a raw HTTP request or response
(parsed by h11), a push body `{"encrypt": ...}`, a reply JSON, a URL or bare query string with
signature/timestamp/nonce (optionally followed by the body on the next lines), a bare base64
encrypt string. Anything else raises BadRequest with a message saying what was expected — never
another exception, so the GUI and CLI can show it as is.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import h11

from dingconsole.core import untrusted
from dingconsole.core.errors import BadRequest
from dingconsole.core.exchange import HttpRequest
from dingconsole.core.paste import powershell as powershell_parse
from dingconsole.core.paste.body import read_encrypt
from dingconsole.core.paste.curl import parse_curl

KINDS = ("curl", "powershell", "http", "json_body", "encrypt", "reply", "url", "http_response")
_EXPECTED = (
    "Paste a curl or PowerShell (Invoke-WebRequest) command, a raw HTTP request, "
    'the JSON body {"encrypt": ...}, a reply JSON, '
    "the callback URL with signature/timestamp/nonce, or the bare encrypt value."
)
_REPLY_FIELDS = {"msg_signature", "timeStamp", "timestamp", "nonce", "signature", "msgSignature"}
_QUERY_NAMES = {"signature", "msg_signature", "timestamp", "timeStamp", "nonce", "encrypt"}
_BASE64 = re.compile(r"^[A-Za-z0-9+/\s]+={0,2}\s*$")
_REQUEST_LINE = re.compile(r"^[A-Z]{3,10} \S+ HTTP/\d(\.\d)?\s*$")
# "POST /api/callback?..." with no version: how `events show` and many notes write a request line
_BARE_REQUEST_LINE = re.compile(r"^[A-Z]{3,10} (/|https?://)\S*$")
_STATUS_LINE = re.compile(r"^HTTP/\d(\.\d)? \d{3}")
_HEAD_END = re.compile(rb"\r?\n\r?\n")


@dataclass
class Pasted:
    """What a paste turned out to be.

    `request` is set for everything that is (part of) a push; `reply` for a reply JSON or an HTTP
    response (with `status` and the raw `reply_body`); `encrypt` whenever a ciphertext was found.
    `notes` tell the user what was assumed (e.g. a Content-Length that did not match the body).
    """

    kind: str
    request: HttpRequest | None = None
    reply: dict[str, Any] | None = None
    encrypt: str | None = None
    status: int | None = None
    reply_body: bytes | None = None
    notes: list[str] = field(default_factory=list)

    def as_request(self) -> tuple[HttpRequest, bool] | None:
        """The push to open, and whether it came with a query to check the signature on (None: nothing to open).

        A reply is signed and sealed like a push, so its msg_signature, timeStamp and nonce become the
        query; a bare encrypt value (or a response holding only one) is opened with no query at all.
        """
        if self.request is not None:
            return self.request, query_was_given(self.kind, self.request)
        if self.reply is not None and self.reply.get("encrypt") is not None:
            query: dict[str, str] = {
                k: str(self.reply[k]) for k in ("msg_signature", "timeStamp", "nonce") if k in self.reply
            }
            return HttpRequest(query=query, body=json.dumps({"encrypt": self.reply["encrypt"]}).encode()), bool(query)
        if self.encrypt:
            return HttpRequest(body=json.dumps({"encrypt": self.encrypt}).encode()), False
        return None


def query_was_given(kind: str, request: HttpRequest) -> bool:
    """Whether a pasted input of this `Pasted.kind` came with a query the signature could be checked on.

    A bare encrypt value or JSON body carries no query unless the user added parameters to it; a curl
    command, raw HTTP request or URL is a whole request, so a parameter missing from it is a failure.
    """
    return kind not in ("encrypt", "json_body") or bool(request.query)


def parse_pasted(text: str | bytes) -> Pasted:
    """Detect what `text` is and parse it. Raises BadRequest (only) when it is none of the accepted shapes."""
    try:
        return _parse(text)
    except BadRequest:
        raise
    except (ValueError, TypeError, LookupError, h11.ProtocolError) as exc:
        raise BadRequest(f"cannot read the pasted text: {exc}", _EXPECTED) from None


def _parse(text: str | bytes) -> Pasted:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    text = text.lstrip("\ufeff").strip()
    if not text:
        raise BadRequest("nothing was pasted", _EXPECTED)
    first_line = text.splitlines()[0].strip()
    lowered = first_line.lower()
    if powershell_parse.looks_like_powershell(text):
        return _parse_powershell(text)
    if lowered.startswith(("curl ", "curl\t", "$ curl ", "curl.exe ")) or lowered == "curl":
        return _parse_curl(text)
    if _REQUEST_LINE.match(first_line):
        return _parse_http_request(text)
    if _BARE_REQUEST_LINE.match(first_line) and len(text.splitlines()) > 1:
        head, _, rest = text.partition("\n")
        pasted = _parse_http_request(head.rstrip() + " HTTP/1.1" + ("\r\n" if head.endswith("\r") else "\n") + rest)
        pasted.notes.append("the request line had no HTTP version; read it as HTTP/1.1")
        return pasted
    if _STATUS_LINE.match(first_line):
        return _parse_http_response(text)
    if text[0] in '{["':
        return _parse_json(text)
    if lowered.startswith(("http://", "https://", "/", "?")) or ("=" in first_line and "&" in first_line):
        return _parse_url(text)
    # line breaks are wrapping; spaces stay: they are usually '+' a URL decoder turned (the diagnosis says so)
    compact = re.sub(r"[\r\n\t]+", "", text).strip()
    notes = []
    if "%2B" in compact.upper() or "%2F" in compact.upper() or "%3D" in compact.upper():
        compact = unquote(compact)
        notes.append("the value was URL-encoded; decoded it once")
    if _BASE64.match(compact) and len(compact.rstrip("=")) >= 16:
        body = json.dumps({"encrypt": compact}).encode()
        return Pasted("encrypt", request=HttpRequest(body=body), encrypt=compact, notes=notes)
    if "=" in first_line and any(name in first_line for name in _QUERY_NAMES):
        return _parse_url(text)
    raise BadRequest(f"cannot tell what this is: {_snippet(first_line)}", _EXPECTED)


def _snippet(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")


# -- commands ----------------------------------------------------------------------------------


def _parse_curl(text: str) -> Pasted:
    try:
        command = parse_curl(text)
    except BadRequest as exc:
        raise _unreadable(exc, "a curl command") from None
    request = _request_from_url(command.url)
    if command.get_query:
        request.query.update(_query(command.get_query))
    request.method = command.method
    request.headers = command.headers
    request.body = command.body
    _check_body(request, "a curl command")
    return Pasted("curl", request=request, encrypt=_encrypt_of(request), notes=command.notes)


def _unreadable(error: BadRequest, what: str) -> BadRequest:
    """The same error, saying first that the paste (not the request in it) was not understood."""
    if error.message.startswith("could not read this paste"):
        return error
    return BadRequest(f"could not read this paste as {what}: {error.message}", error.hint, **error.params)


def _check_body(request: HttpRequest, what: str) -> None:
    """A command whose body we cannot read as any form of push body: say the paste was not understood,
    rather than let the diagnosis blame a body that may only have been misread."""
    body = request.body.strip()
    if not body or body[:1] in (b"{", b"["):
        return
    try:
        read_encrypt(request.body, request.headers)
    except BadRequest:
        preview = body[:60].decode("utf-8", "replace")
        raise BadRequest(
            f"could not read this paste as {what}: its body is neither JSON nor form data ({preview!r})",
            "Paste the command exactly as copied (bash, cmd or PowerShell), or paste the body on its own.",
        ) from None


def _parse_powershell(text: str) -> Pasted:
    """Invoke-WebRequest & co.: the tokenizer resolves the quoting; the URL and body go the curl way."""
    try:
        command = powershell_parse.parse_web_request(text)
    except BadRequest as exc:
        raise _unreadable(exc, "a PowerShell command") from None
    request = _request_from_url(command.uri)
    notes = list(command.notes)
    body = command.body if command.body is not None else b""
    method = command.method
    if method is None:
        method = "POST" if body else "GET"
        if body:
            notes.append("the command has no -Method (PowerShell would send GET); read it as POST")
    request.method = method
    request.headers = command.headers
    request.body = body
    _check_body(request, "a PowerShell command")
    return Pasted("powershell", request=request, encrypt=_encrypt_of(request), notes=notes)


# -- raw HTTP ----------------------------------------------------------------------------------


def _split_head(raw: bytes) -> tuple[bytes, bytes]:
    match = _HEAD_END.search(raw)
    if not match:
        return raw + b"\r\n\r\n", b""
    return raw[: match.start()] + b"\r\n\r\n", raw[match.end() :]


def _receive(conn: h11.Connection, head: bytes, body: bytes) -> tuple[Any, bytes, list[str]]:
    """Feed a head (and body) to h11; return the head event, the body and notes about mismatches."""
    conn.receive_data(head)
    event = conn.next_event()
    if not isinstance(event, (h11.Request, h11.InformationalResponse, h11.Response)):
        raise BadRequest("the HTTP head is incomplete", "Paste the request line, the headers and a blank line.")
    notes: list[str] = []
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in event.headers}
    if "chunked" in headers.get("transfer-encoding", "").lower():
        conn.receive_data(body)
        chunks = []
        while True:
            part = conn.next_event()
            if isinstance(part, h11.Data):
                chunks.append(bytes(part.data))
            else:
                break
        return event, b"".join(chunks), notes
    declared = headers.get("content-length")
    if declared is not None and declared.isdigit():
        size = int(declared)
        if len(body) > size and not body[size:].strip():
            body = body[:size]
        elif len(body) != size:
            notes.append(f"Content-Length says {size} bytes, the pasted body has {len(body)}; used the pasted body")
    return event, body, notes


def _parse_http_request(text: str) -> Pasted:
    head, body = _split_head(text.encode("utf-8"))
    try:
        event, body, notes = _receive(h11.Connection(h11.SERVER), head, body)
    except h11.RemoteProtocolError as exc:
        if "Host" not in str(exc):
            raise BadRequest(
                f"could not read this paste as an HTTP request: not a valid HTTP request: {exc}",
                "Paste the request as captured.",
            ) from None
        head = head[:-2] + b"Host: pasted\r\n\r\n"
        event, body, notes = _receive(h11.Connection(h11.SERVER), head, body)
        notes.append("the request had no Host header")
    request = _request_from_url(event.target.decode("latin-1"))
    request.method = event.method.decode("latin-1")
    request.headers = {
        k.decode("latin-1"): v.decode("latin-1")
        for k, v in event.headers.raw_items()
        if not (k.lower() == b"host" and v == b"pasted")
    }
    has_length = any(name.lower() == "content-length" for name in request.headers)
    request.body = body if has_length else body.strip()
    return Pasted("http", request=request, encrypt=_encrypt_of(request), notes=notes)


def _parse_http_response(text: str) -> Pasted:
    head, body = _split_head(text.encode("utf-8"))
    try:
        event, body, notes = _receive(h11.Connection(h11.CLIENT), head, body)
    except h11.RemoteProtocolError as exc:
        raise BadRequest(
            f"could not read this paste as an HTTP response: not a valid HTTP response: {exc}",
            "Paste the response as captured.",
        ) from None
    reply = _loads_object(body)
    return Pasted(
        "http_response",
        reply=reply,
        status=event.status_code,
        reply_body=body,
        encrypt=reply.get("encrypt") if reply and isinstance(reply.get("encrypt"), str) else None,
        notes=notes,
    )


# -- JSON, URL ---------------------------------------------------------------------------------


def _loads_object(raw: bytes | str) -> dict[str, Any] | None:
    try:
        data = untrusted.loads(raw)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _parse_json(text: str) -> Pasted:
    try:
        data = untrusted.loads(text)
    except ValueError as exc:
        raise BadRequest(f"the pasted JSON does not parse: {exc}", _EXPECTED) from None
    notes = []
    if isinstance(data, str):
        inner = _loads_object(data)
        if inner is None:
            raise BadRequest("the pasted JSON is a string, not an object", _EXPECTED)
        notes.append("the JSON was encoded twice (a JSON string holding JSON)")
        data = inner
    if not isinstance(data, dict):
        raise BadRequest(f"the pasted JSON is a {type(data).__name__}, not an object", _EXPECTED)
    raw = text.encode("utf-8")
    encrypt = data.get("encrypt") if isinstance(data.get("encrypt"), str) else None
    if _REPLY_FIELDS & data.keys():
        return Pasted("reply", reply=data, encrypt=encrypt, reply_body=raw, notes=notes)
    if "encrypt" in data:
        return Pasted("json_body", request=HttpRequest(body=raw), encrypt=encrypt, notes=notes)
    raise BadRequest(
        f"the pasted JSON has no encrypt field (fields: {', '.join(sorted(map(str, data))) or 'none'})",
        'A push body is {"encrypt": "..."}; a reply has msg_signature, timeStamp, nonce and encrypt. '
        "A decrypted event is already plain: nothing to diagnose.",
    )


def _parse_url(text: str) -> Pasted:
    lines = text.splitlines()
    request = _request_from_url(lines[0].strip())
    rest = "\n".join(lines[1:]).strip()
    if not (request.query.keys() & _QUERY_NAMES):
        raise BadRequest(
            f"the URL has no signature, timestamp, nonce or encrypt: {_snippet(lines[0])}",
            "Paste the URL DingTalk called, with its query string.",
        )
    if "encrypt" in request.query and not rest:
        rest = json.dumps({"encrypt": request.query.pop("encrypt")})
    request.method = "POST"
    request.body = rest.encode("utf-8")
    return Pasted("url", request=request, encrypt=_encrypt_of(request))


def _request_from_url(url: str) -> HttpRequest:
    url = url.strip()
    if url.startswith("?"):
        return HttpRequest(path="/", query=_query(url[1:]))
    if "://" not in url and not url.startswith("/"):
        if "?" not in url and "=" in url:
            return HttpRequest(path="/", query=_query(url))
        url = "http://" + url
    parts = urlsplit(url)
    return HttpRequest(path=parts.path or "/", query=_query(parts.query))


def _query(text: str) -> dict[str, str]:
    """Query values as pasted: '+' stays '+' (DingTalk's values never hold spaces; an encrypt value's
    '+' turned into spaces was the commonest cause of "signature mismatch" on pasted URLs)."""
    query: dict[str, str] = {}
    for name, value in parse_qsl(text.replace("+", "%2B"), keep_blank_values=True):
        query.setdefault(name, value)
    return query


def _encrypt_of(request: HttpRequest) -> str | None:
    if not request.body:
        return None
    try:
        return read_encrypt(request.body, request.headers).encrypt
    except BadRequest:
        return None
