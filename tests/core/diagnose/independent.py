"""An independent DingTalk sealer for the scenario tests: pycryptodome and hashlib directly, none of our code.

Each scenario builds its push or reply the way a real (sometimes buggy) sender does, so a mistake
in the console's own encrypt cannot hide a mistake in its diagnosis.
"""

from __future__ import annotations

import base64
import hashlib
import json
import struct

from Crypto.Cipher import AES

TOKEN = "tok3nSecret"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
APP_KEY = "dingq2w3e4r5t6y7u8i9"
TS = "1700000000123"
NONCE = "aB3dE5fG"
NOW = int(TS) / 1000.0 + 2.0  # the diagnosis' clock: two seconds after the push


def key_bytes(aes_key: str = AES_KEY) -> bytes:
    return base64.b64decode(aes_key + "=")


def seal(
    message: str,
    owner: str = APP_KEY,
    *,
    aes_key: str = AES_KEY,
    declared: int | None = None,
    encodebytes: bool = False,
) -> str:
    """AES-256-CBC of random | length | message | owner, PKCS#7 to 32 bytes, base64."""
    body = message.encode("utf-8")
    length = len(body) if declared is None else declared
    plain = b"R" * 16 + struct.pack(">I", length) + body + owner.encode("utf-8")
    pad = 32 - len(plain) % 32
    plain += bytes([pad]) * pad
    key = key_bytes(aes_key)
    data = AES.new(key, AES.MODE_CBC, key[:16]).encrypt(plain)
    return base64.encodebytes(data).decode("ascii") if encodebytes else base64.b64encode(data).decode("ascii")


def seal_char_counted(message: str, owner: str = APP_KEY) -> str:
    """What the official Python 3 demo's encrypt() produces: the length field counts characters."""
    return seal(message, owner, declared=len(message))


def signature(encrypt: str, token: str = TOKEN, ts: str = TS, nonce: str = NONCE) -> str:
    parts = sorted(p.encode("utf-8") for p in (token, ts, nonce, encrypt))
    return hashlib.sha1(b"".join(parts)).hexdigest()


def query(encrypt: str, token: str = TOKEN, ts: str = TS, nonce: str = NONCE) -> dict[str, str]:
    sig = signature(encrypt, token, ts, nonce)
    return {"signature": sig, "msg_signature": sig, "timestamp": ts, "nonce": nonce}


def reply(
    message: str = "success", *, ts: str = "1700000001", nonce: str = "r3plyN0nce", owner: str = APP_KEY
) -> dict[str, str]:
    enc = seal(message, owner)
    return {"msg_signature": signature(enc, ts=ts, nonce=nonce), "timeStamp": ts, "nonce": nonce, "encrypt": enc}


def body(encrypt: str) -> bytes:
    return json.dumps({"encrypt": encrypt}).encode()
