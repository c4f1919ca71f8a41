"""Find the encrypt value in a push body, whatever way it was posted.

DingTalk posts JSON `{"encrypt": "..."}`. Hand-made senders and pasted commands also produce
form-encoded bodies (`curl -d encrypt=...`), multipart ones (Postman's `--form`, `curl -F`) and
URL-encoded JSON (`curl --data-urlencode`). Those are read anyway and named, so the diagnosis can
note "DingTalk posts JSON" instead of blaming the body. The stdlib parses each format.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP
from urllib.parse import parse_qsl, unquote_to_bytes

from dingconsole.core import untrusted
from dingconsole.core.crypto import body_encrypt
from dingconsole.core.errors import BadRequest

FORM = "form-encoded"
MULTIPART = "multipart/form-data"
URLENCODED_JSON = "URL-encoded JSON"
BOM = b"\xef\xbb\xbf"  # UTF-8 byte order mark: DingTalk sends none; .NET's Encoding.UTF8 writes one


@dataclass(frozen=True)
class BodyRead:
    encrypt: str
    form: str | None = None  # None for DingTalk's JSON, else how the body was actually posted
    bom: bool = False  # the body started with a UTF-8 byte order mark (read without it)


def content_type(headers: dict[str, str]) -> str:
    return next((v for k, v in headers.items() if k.lower() == "content-type"), "")


def read_encrypt(body: bytes, headers: dict[str, str] | None = None) -> BodyRead:
    """The encrypt value and the body's form; raises the JSON reader's BadRequest when none is found."""
    if body.startswith(BOM):
        try:
            return BodyRead(body_encrypt(body[len(BOM) :]), bom=True)
        except BadRequest:
            pass
    try:
        return BodyRead(body_encrypt(body))
    except BadRequest as json_error:
        ctype = content_type(headers or {})
        value = _multipart(body, ctype) if "multipart/" in ctype.lower() or body.startswith(b"--") else None
        if value is not None:
            return BodyRead(value, MULTIPART)
        value = _form(body)
        if value is not None:
            return BodyRead(value, FORM)
        value = _urlencoded_json(body)
        if value is not None:
            return BodyRead(value, URLENCODED_JSON)
        raise json_error from None


def _form(body: bytes) -> str | None:
    text = body.decode("utf-8", "replace").strip()
    if "encrypt=" not in text or text.startswith(("{", "[")):
        return None
    # '+' kept as '+': a hand-made form body carries the base64 as typed (the transit step names spaces)
    fields = dict(parse_qsl(text.replace("+", "%2B"), keep_blank_values=True))
    value = fields.get("encrypt")
    return value if value else None


def _urlencoded_json(body: bytes) -> str | None:
    if b"%" not in body:
        return None
    try:
        data = untrusted.loads(unquote_to_bytes(body.strip()).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    value = data.get("encrypt") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def _multipart(body: bytes, ctype: str) -> str | None:
    if "boundary=" not in ctype.lower():
        first = body.lstrip().split(b"\n", 1)[0].strip()
        if not first.startswith(b"--"):
            return None
        ctype = f"multipart/form-data; boundary={first[2:].decode('latin-1')}"
    message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + ctype.encode("latin-1") + b"\r\n\r\n" + body)
    if not message.is_multipart():
        return None
    for part in message.iter_parts():
        if not isinstance(part, Message):
            continue
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        text = payload.decode("utf-8", "replace").strip()
        if name == "encrypt" and text:
            return text
        try:
            return BodyRead(body_encrypt(text)).encrypt
        except BadRequest:
            continue
    return None
