"""Small DingTalk callback handlers for the conformance suite's tests, each with one deliberate bug.

Written the way DingTalk's official demos are (verify the signature, decrypt, check the owner key,
answer the sealed `success`), with their own crypto straight on pycryptodome — never the console's
DingCrypto — so the suite is tested against an independent implementation. One ThreadingHTTPServer
serves every variant; the last path segment names the bug (`/ok`, `/timestamp`, `/char_count`, …).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import struct
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from Crypto.Cipher import AES
from Crypto.Util.Padding import pad, unpad

BUGS = (
    "ok",  # none: a correct handler
    "timestamp",  # answers `timestamp` instead of `timeStamp`
    "char_count",  # splits message and owner key by characters, not UTF-8 bytes
    "unpad16",  # unpad(plain, 16): refuses pad values 17..32
    "slow",  # takes SLOW_SECONDS over the URL check
    "plain_success",  # answers the plain text `success`
    "any_signature",  # never verifies the signature
    "ignore_owner",  # never checks the owner key
    "crash_500",  # answers 500 with a traceback when the ciphertext does not decrypt
    "redirect",  # answers 307 to the same path with a trailing slash
    "seconds",  # correct, but its timeStamp is in seconds (the Python demo's habit)
    "upper_signature",  # signs in upper-case hex (.NET's Convert.ToHexString)
    "line_breaks",  # base64.encodebytes: line breaks in encrypt (the Python 3 demo)
    "signed_request",  # signs the reply over the request's timestamp
    "number_timestamp",  # correct, but its timeStamp is a JSON number, not a string
)
JAVA_KEY_SIZE_TRACE = (
    "java.lang.RuntimeException: com.dingtalk.oapi.lib.aes.DingTalkEncryptException: 加密失败\n"
    "Caused by: java.security.InvalidKeyException: Illegal key size\n"
    "\tat javax.crypto.Cipher.checkCryptoPerm(Cipher.java:1039)\n"
    "\tat com.dingtalk.oapi.lib.aes.DingTalkEncryptor.encrypt(DingTalkEncryptor.java:123)\n"
)
SLOW_SECONDS = 2.0  # the "2 s reply"; the runs go in parallel, so the test waits it once


class DemoCrypto:
    """DingTalk's callback crypto as the official demos do it (AES-256-CBC, IV = key[:16], SHA-1 signature)."""

    def __init__(self, token: str, aes_key: str, owner_key: str) -> None:
        self.token = token
        self.key = base64.b64decode(aes_key + "=")
        self.owner_key = owner_key

    def signature(self, timestamp: str, nonce: str, encrypt: str) -> str:
        return hashlib.sha1("".join(sorted([self.token, timestamp, nonce, encrypt])).encode()).hexdigest()

    def decrypt(self, encrypt: str, bug: str) -> str:
        data = base64.b64decode(encrypt)
        plain = AES.new(self.key, AES.MODE_CBC, self.key[:16]).decrypt(data)  # ValueError: not whole blocks
        if bug == "unpad16":
            plain = unpad(plain, 16)
        else:
            amount = plain[-1]
            if not 1 <= amount <= 32 or plain[-amount:] != bytes([amount]) * amount:
                raise ValueError("padding is corrupt")
            plain = plain[:-amount]
        (length,) = struct.unpack(">I", plain[16:20])
        if bug == "char_count":
            text = plain[20:].decode("utf-8")
            message, owner = text[:length], text[length:]
        else:
            message, owner = plain[20 : 20 + length].decode("utf-8"), plain[20 + length :].decode("utf-8")
        if bug != "ignore_owner" and owner != self.owner_key:
            raise ValueError("corpId 校验错误")
        return message

    def reply(self, bug: str, request_timestamp: str) -> dict[str, Any]:
        body = b"success"
        plain = os.urandom(16) + struct.pack(">I", len(body)) + body + self.owner_key.encode()
        sealed = AES.new(self.key, AES.MODE_CBC, self.key[:16]).encrypt(pad(plain, 32))
        encoded = base64.encodebytes(sealed) if bug == "line_breaks" else base64.b64encode(sealed)
        encrypt = encoded.decode()
        now = time.time()
        timestamp = str(int(now)) if bug == "seconds" else str(int(now * 1000))
        nonce = secrets.token_hex(8)
        signature = self.signature(request_timestamp if bug == "signed_request" else timestamp, nonce, encrypt)
        if bug == "upper_signature":
            signature = signature.upper()
        name = "timestamp" if bug == "timestamp" else "timeStamp"
        if bug == "number_timestamp":
            return {"msg_signature": signature, name: int(timestamp), "nonce": nonce, "encrypt": encrypt}
        return {"msg_signature": signature, name: timestamp, "nonce": nonce, "encrypt": encrypt}


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """Quiet: the tests read replies, not logs."""

    def _answer(self, status: int, body: bytes, content_type: str = "application/json", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        parts = urlsplit(self.path)
        bug = parts.path.rstrip("/").rsplit("/", 1)[-1]
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if bug == "hostile":  # not a bug to find: text that must reach the user's terminal escaped
            self._answer(400, b"\x1b]0;pwned\x07\x1b[2J<b>bold</b> \xe2\x80\xae", "text/plain")
            return
        if bug == "redirect" and not parts.path.endswith("/"):
            self._answer(307, b"", "text/plain", Location=parts.path + "/")
            return
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        signature = query.get("msg_signature") or query.get("signature") or ""
        timestamp, nonce = query.get("timestamp", ""), query.get("nonce", "")
        crypto = self.server.crypto
        try:
            encrypt = json.loads(body)["encrypt"]
        except (ValueError, KeyError, TypeError):
            self._answer(400, b'{"error": "bad request"}')
            return
        expected = crypto.signature(timestamp, nonce, encrypt)
        if bug != "any_signature" and not hmac.compare_digest(expected, signature):
            self._answer(403, b'{"error": "signature"}')
            return
        try:
            message = crypto.decrypt(encrypt, bug)
        except ValueError:
            if bug == "crash_500":
                self._answer(500, traceback.format_exc().encode(), "text/plain")
            else:
                self._answer(400, b'{"error": "decrypt"}')
            return
        if bug == "refuse_first" and not self.server.seen_before(message):  # not a bug: a busy first try
            self._answer(503, b'{"error": "busy"}')
            return
        if bug == "slow" and "delay" in query:  # ?delay=S: slow on every push
            time.sleep(float(query["delay"]))
        elif bug == "slow" and json.loads(message).get("EventType") == "check_url":
            time.sleep(SLOW_SECONDS)
        if bug == "plain_success":
            self._answer(200, b"success", "text/plain")
            return
        if bug == "java_key_size":  # not in BUGS: the official Java demo on JDK 9+ fails every encryption
            self._answer(500, JAVA_KEY_SIZE_TRACE.encode(), "text/plain")
            return
        self._answer(200, json.dumps(crypto.reply(bug, timestamp)).encode())


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the burst case connects 20 clients at once

    def __init__(self, crypto: DemoCrypto) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.crypto = crypto
        self._lock = threading.Lock()
        self._seen: set[object] = set()

    def seen_before(self, message: str) -> bool:
        """True from the second delivery of an eventId on (`refuse_first` refuses each event's first try)."""
        event_id = json.loads(message).get("eventId")
        with self._lock:
            seen = event_id in self._seen
            self._seen.add(event_id)
        return seen

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that gave up (the suite's time limit) is expected; anything else is a test bug."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@contextmanager
def demo_handlers(token: str, aes_key: str, owner_key: str) -> Iterator[str]:
    """Serve every variant on a free loopback port; yields the base URL (append `/<bug>`)."""
    server = _Server(DemoCrypto(token, aes_key, owner_key))
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="demo-handlers", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/callback"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
