"""Load, verify, decrypt and re-seal DingTalk callback fixtures exported by DingConsole.

Self-contained on purpose: pure Python plus pycryptodome (`pip install pycryptodome`), no DingConsole
import, so the exported folder works inside any project's test suite.

A fixture file holds the full HTTP request DingTalk sent (method, path, query, headers, body), the
decrypted message, its event type and the credentials (token, aes_key, owner_key) that verify it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import string
import struct
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from Crypto.Cipher import AES

FORMAT = "dingconsole-fixture"
_NONCE_ALPHABET = string.ascii_letters + string.digits


def aes_key_bytes(aes_key: str) -> bytes:
    """The 32-byte AES key of a 43-character encodingAesKey (lenient about the last character's spare bits)."""
    if len(aes_key) != 43:
        raise ValueError(f"encodingAesKey must have 43 characters, not {len(aes_key)}")
    return base64.b64decode(aes_key + "=")


def sign(token: str, timestamp: str, nonce: str, encrypt: str) -> str:
    """DingTalk's signature: SHA-1 over the four strings sorted byte-wise and joined."""
    parts = sorted([token, timestamp, nonce, encrypt], key=lambda s: s.encode("utf-8"))
    return hashlib.sha1("".join(parts).encode("utf-8")).hexdigest()


def encrypt(message: str, aes_key: str, owner_key: str) -> str:
    """16 random bytes | 4-byte big-endian length | message | owner key, PKCS#7 to 32, AES-256-CBC."""
    key = aes_key_bytes(aes_key)
    body = message.encode("utf-8")
    plain = os.urandom(16) + struct.pack(">I", len(body)) + body + owner_key.encode("utf-8")
    pad = 32 - len(plain) % 32
    plain += bytes([pad]) * pad
    return base64.b64encode(AES.new(key, AES.MODE_CBC, key[:16]).encrypt(plain)).decode("ascii")


def decrypt(encrypted: str, aes_key: str, owner_key: str | None = None) -> str:
    """The message inside a ciphertext; raises ValueError when the owner key differs from `owner_key`."""
    key = aes_key_bytes(aes_key)
    data = base64.b64decode(encrypted + "=" * (-len(encrypted) % 4))
    plain = AES.new(key, AES.MODE_CBC, key[:16]).decrypt(data)
    pad = plain[-1]
    if not 1 <= pad <= 32:
        raise ValueError(f"bad padding value {pad}")
    plain = plain[:-pad]
    (length,) = struct.unpack(">I", plain[16:20])
    message = plain[20 : 20 + length].decode("utf-8")
    found = plain[20 + length :].decode("utf-8")
    if owner_key is not None and found != owner_key:
        raise ValueError(f"payload was made for owner key {found!r}, expected {owner_key!r}")
    return message


def seal(
    message: str, credentials: dict[str, str], *, timestamp: str | None = None, nonce: str | None = None
) -> dict[str, str]:
    """A signed envelope {msg_signature, timeStamp, nonce, encrypt}: a push's parts, or the reply a handler owes."""
    ts = timestamp or str(int(time.time() * 1000))
    nc = nonce or "".join(secrets.choice(_NONCE_ALPHABET) for _ in range(8))
    enc = encrypt(message, credentials["aes_key"], credentials["owner_key"])
    return {"msg_signature": sign(credentials["token"], ts, nc, enc), "timeStamp": ts, "nonce": nc, "encrypt": enc}


def success_reply(credentials: dict[str, str]) -> dict[str, str]:
    """The reply DingTalk expects from a handler: `success` sealed with the same credentials."""
    return seal("success", credentials)


def check_reply(reply: dict[str, Any], credentials: dict[str, str]) -> None:
    """Raise ValueError unless `reply` is a reply DingTalk accepts (fields, signature, `success`, owner key)."""
    missing = [name for name in ("msg_signature", "timeStamp", "nonce", "encrypt") if name not in reply]
    if missing:
        raise ValueError(f"reply lacks {', '.join(missing)} (note the camelCase timeStamp)")
    expected = sign(credentials["token"], str(reply["timeStamp"]), str(reply["nonce"]), str(reply["encrypt"]))
    if not hmac.compare_digest(expected, str(reply["msg_signature"])):
        raise ValueError(f"reply signature is {reply['msg_signature']}, expected {expected}")
    message = decrypt(str(reply["encrypt"]), credentials["aes_key"], credentials["owner_key"])
    if message != "success":
        raise ValueError(f"reply decrypts to {message!r}, not 'success'")


@dataclass
class Fixture:
    """One exported event: the request as DingTalk sent it, what it decrypts to, and how to verify it."""

    data: dict[str, Any]
    path: Path | None = None

    @property
    def name(self) -> str:
        return str(self.data.get("name") or (self.path.stem if self.path else "fixture"))

    @property
    def event_type(self) -> str | None:
        return self.data.get("event_type")

    @property
    def message(self) -> str:
        return self.data["message"]

    @property
    def payload(self) -> Any:
        return json.loads(self.message)

    @property
    def credentials(self) -> dict[str, str]:
        return self.data["credentials"]

    @property
    def request(self) -> dict[str, Any]:
        return self.data["request"]

    @property
    def query(self) -> dict[str, str]:
        return dict(self.request["query"])

    @property
    def headers(self) -> dict[str, str]:
        return dict(self.request["headers"])

    @property
    def body(self) -> bytes:
        if self.request.get("body_encoding") == "base64":
            return base64.b64decode(self.request["body"])
        return self.request["body"].encode("utf-8")

    def url(self, base: str = "") -> str:
        """Path and query as in the request line, after `base` (e.g. "http://testserver").

        The path starts with exactly one `/`: `//host/…` would send a client that joins URLs to that host."""
        path = "/" + str(self.request["path"]).lstrip("/")
        return f"{base}{path}?{urlencode(self.query)}"

    def verify(self) -> str:
        """Check the query signature and decrypt the body; return the message. Raises ValueError."""
        query, creds = self.query, self.credentials
        signature = query.get("msg_signature") or query.get("signature", "")
        timestamp = query.get("timestamp") or query.get("timeStamp", "")
        encrypted = json.loads(self.body)["encrypt"]
        expected = sign(creds["token"], timestamp, query.get("nonce", ""), encrypted)
        if not hmac.compare_digest(expected, signature):
            raise ValueError(f"signature {signature} does not match {expected}")
        return decrypt(encrypted, creds["aes_key"], creds["owner_key"])

    def resealed(
        self, *, timestamp: str | None = None, nonce: str | None = None, message: str | None = None
    ) -> Fixture:
        """A copy sealed afresh (new timestamp, nonce and ciphertext), for handlers that reject stale pushes.
        Pass `message` to send an edited payload."""
        sealed = seal(self.message if message is None else message, self.credentials, timestamp=timestamp, nonce=nonce)
        body = json.dumps({"encrypt": sealed["encrypt"]}, separators=(",", ":"))
        query = dict(self.query)
        query.update(
            {
                "signature": sealed["msg_signature"],
                "msg_signature": sealed["msg_signature"],
                "timestamp": sealed["timeStamp"],
                "nonce": sealed["nonce"],
            }
        )
        headers = {k: v for k, v in self.headers.items() if k.lower() != "content-length"}
        headers["Content-Length"] = str(len(body.encode("utf-8")))
        request = {**self.request, "query": query, "headers": headers, "body": body, "body_encoding": "utf-8"}
        data = {**self.data, "request": request}
        if message is not None:
            data["message"] = message
        return Fixture(data, self.path)


def load(path: str | Path) -> Fixture:
    file = Path(path)
    data = json.loads(file.read_text("utf-8"))
    if data.get("format") != FORMAT:
        raise ValueError(f"{file} is not a DingConsole fixture")
    return Fixture(data, file)


def load_all(folder: str | Path) -> list[Fixture]:
    """Every fixture file in `folder`, sorted by name (other JSON files are ignored)."""
    found = []
    for file in sorted(Path(folder).glob("*.json")):
        data = json.loads(file.read_text("utf-8"))
        if isinstance(data, dict) and data.get("format") == FORMAT:
            found.append(Fixture(data, file))
    return found
