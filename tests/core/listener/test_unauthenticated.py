"""Which recorded requests are unauthenticated: whatever the listener stored before a signature verified.

That flag decides retention (core/store/retention.py): those rows live in a small quota of their own, so a
stranger's flood cannot evict the user's real events. A push whose signature verified but that failed
later needed the token, so it counts as the user's own.
"""

from __future__ import annotations

import base64
import io
import json
import socket

import pytest

from dingconsole.core.crypto.robot_sign import robot_headers
from dingconsole.core.exchange import Outcome
from dingconsole.core.listener import Listener
from dingconsole.core.listener.handler import RECORDED_OVERSIZE
from dingconsole.core.profiles import Profile
from dingconsole.core.store import EventStore
from tests.listener_util import event, make_profile, push, send, wait_diagnosed

SECRET = "robot-app-secret-123"


@pytest.fixture
def profile() -> Profile:
    return Profile(**{**make_profile().to_dict(), "app_secret": SECRET})


def last(store: EventStore) -> tuple[bool, str | None, int]:
    ex = store.query(limit=1)[0]
    return ex.unauthenticated, ex.error_code, len(ex.request.body)


def robot_post(url: str, headers: dict[str, str], body: bytes) -> int:
    return send("POST", url, data=body, headers={"Content-Type": "application/json", **headers})[0]


def test_requests_that_never_verified_are_unauthenticated(listener: Listener, store: EventStore, profile: Profile):
    base = listener.url.rsplit("/", 1)[0]
    forged = push(profile, event())
    forged.query.update(msg_signature="0" * 40, signature="0" * 40)
    forged.body = json.dumps({"encrypt": "A" * 200_000}).encode()
    cases = [
        (lambda: send("POST", base + "/nowhere", data=b"x" * 200_000), "unknown_path"),
        (lambda: send("GET", listener.url), None),  # the status page (from loopback or not: no signature)
        (lambda: send("PUT", listener.url, data=b"x" * 200_000), "method_not_allowed"),
        (lambda: send("POST", listener.url, data=io.BytesIO(b"x" * (2 * 1024 * 1024))), "too_large"),
        (lambda: send("POST", listener.url, data=b"x", headers={"Content-Encoding": "gzip"}), "unsupported_encoding"),
        (lambda: send("POST", listener.url, data=b"{}"), "missing_parameter"),
        (lambda: send("POST", listener.url, forged), "signature_mismatch"),
        (lambda: robot_post(listener.url, robot_headers("wrong-secret"), b"x" * 200_000), "robot_bad_sign"),
        (lambda: robot_post(listener.url, {"timestamp": "1", "sign": "x"}, b"{}"), "robot_stale_timestamp"),
    ]
    for i, (request, code) in enumerate(cases):
        request()  # each is committed before its reply leaves
        assert store.count() == i + 1
        unauthenticated, stored_code, body = last(store)
        assert unauthenticated and stored_code == code, (code, stored_code)
        assert body <= RECORDED_OVERSIZE  # a stranger's body is kept to a few KB, not 64 KiB


def test_a_bad_http_request_is_unauthenticated(listener: Listener, store: EventStore) -> None:
    host, port = listener.host, listener.port
    with socket.create_connection((host, port), timeout=5) as sock:
        sock.sendall(b"GET /api/callback HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n")
        sock.recv(4096)  # aiohttp's 400 goes out once the exchange is committed
    (ex,) = store.query()
    assert ex.error_code == "bad_http" and ex.unauthenticated


def test_what_needed_the_token_or_the_secret_is_authenticated(listener: Listener, store: EventStore, profile):
    assert send("POST", listener.url, push(profile, event()))[0] == 200
    assert last(store)[:2] == (False, None)
    captured = push(profile, event())
    encrypt = bytearray(base64.b64decode(json.loads(captured.body)["encrypt"]))
    encrypt[-1] ^= 0x55  # the last block's padding: fails after the signature verified
    broken = base64.b64encode(bytes(encrypt)).decode()
    crypto = profile.crypto()
    ts, nonce = captured.query["timestamp"], captured.query["nonce"]
    signed = {**captured.query, "msg_signature": crypto.sign(ts, nonce, broken), "signature": ""}
    signed["signature"] = signed["msg_signature"]
    status, _ = send("POST", listener.url, data=json.dumps({"encrypt": broken}).encode(), params=signed)
    assert status == 400
    wait_diagnosed(store, 1)
    ex = store.query(limit=1)[0]
    assert ex.outcome is Outcome.FAILED and not ex.unauthenticated  # a leaked token, or the user's own bug
    elsewhere = Profile(**{**profile.to_dict(), "owner_key": "dingotherappkey"})  # same token and aesKey
    assert send("POST", listener.url, push(elsewhere, event()))[0] == 400
    wait_diagnosed(store, 2)
    assert last(store)[:2] == (False, "owner_key_mismatch")
    assert robot_post(listener.url, robot_headers(SECRET), b"not json") == 403  # signed with the AppSecret
    assert last(store)[:2] == (False, "robot_bad_body")
    body = json.dumps({"msgtype": "text", "conversationId": "c1", "text": {"content": "hi"}}).encode()
    assert robot_post(listener.url, robot_headers(SECRET), body) == 200
    assert last(store)[:2] == (False, None)


def test_other_sources_are_not_unauthenticated(store: EventStore) -> None:
    from dingconsole.core.export.importer import exchange_from_record

    record = {"request": {"method": "GET", "path": "/x"}, "outcome": "invalid", "unauthenticated": True}
    ex = exchange_from_record(record)  # an import of an exported junk row is the user's own file
    assert not ex.unauthenticated
    store.add(ex)
    assert not store.query()[0].unauthenticated
