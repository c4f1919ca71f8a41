"""The listener against an attacker who has only its URL and one captured push (issue 11).

Before: the 403 said `expected <signature>` (anyone could sign), and the decryption errors named byte
values and lengths — a padding/length oracle that decrypted a captured push in 88 requests and got a
forged approval accepted with 200. Now every reply to the network is generic: one 403 for a wrong
signature, one 400 for every decryption failure behind a valid signature, and the diagnosis only in
the store.
"""

from __future__ import annotations

import asyncio
import base64
import gzip
import json
import re
import time
from collections.abc import Sequence

import aiohttp

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
from dingconsole.core.listener import Listener
from dingconsole.core.listener.handler import FORBIDDEN_BODY, RECORDED_OVERSIZE, REJECTED_BODY
from dingconsole.core.listener.opening import MAX_ENCRYPT
from dingconsole.core.profiles import Profile
from dingconsole.core.store import EventStore
from tests.listener_util import event, make_profile, push, reply_message, send

SIGNATURE_LIKE = re.compile(rb"[0-9a-f]{40}")


def wait_until(condition, timeout: float = 5.0) -> None:
    """The diagnosis is attached after the reply has left: poll for it (never a fixed sleep)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.01)


def post_all(url: str, reqs: Sequence[HttpRequest], headers: dict[str, str] | None = None) -> list[tuple[int, bytes]]:
    """The attacker's loop: one keep-alive connection, one request after the other."""

    async def run() -> list[tuple[int, bytes]]:
        out = []
        async with aiohttp.ClientSession() as session:
            for req in reqs:
                async with session.post(url, params=req.query, data=req.body, headers=headers) as resp:
                    out.append((resp.status, await resp.read()))
        return out

    return asyncio.run(run())


def with_encrypt(captured: HttpRequest, encrypt: str, signature: str | None = None) -> HttpRequest:
    query = dict(captured.query)
    if signature is not None:
        query.update(msg_signature=signature, signature=signature)
    return HttpRequest("POST", captured.path, query, dict(captured.headers), json.dumps({"encrypt": encrypt}).encode())


def flipped(encrypt: str, block: int, byte: int, value: int) -> str:
    """The ciphertext with one byte of one block XORed — the CBC padding-oracle probe."""
    data = bytearray(base64.b64decode(encrypt))
    data[block * 16 + byte] ^= value
    return base64.b64encode(bytes(data)).decode()


def test_a_wrong_signature_gets_one_generic_403_that_signs_nothing(listener: Listener, store: EventStore, profile):
    captured = push(profile, event("bpms_instance_change", result="refuse", type="finish"))
    encrypt = json.loads(captured.body)["encrypt"]
    forged = profile.crypto().encrypt(event("bpms_instance_change", result="agree", type="finish"))
    probes = [with_encrypt(captured, forged)] + [with_encrypt(captured, flipped(encrypt, 0, i, 1)) for i in range(8)]
    replies = post_all(listener.url, probes)
    assert set(replies) == {(403, FORBIDDEN_BODY)}
    assert not SIGNATURE_LIKE.search(FORBIDDEN_BODY)  # no expected signature to copy into a forgery
    wait_until(lambda: all(ex.diagnosis for ex in store.query()))
    recorded = store.query()
    assert {ex.error_code for ex in recorded} == {"signature_mismatch"}
    assert "expected" in recorded[0].error_message  # the console keeps the detail for its user


def test_the_padding_oracle_learns_nothing(listener: Listener, store: EventStore, profile: Profile):
    """A signer without the aesKey (the token leaked) plays the byte search on the last block: 256 guesses."""
    captured = push(profile, event("bpms_instance_change", result="refuse"))
    encrypt = json.loads(captured.body)["encrypt"]
    blocks = len(base64.b64decode(encrypt)) // 16
    crypto = profile.crypto()
    ts, nonce = captured.query["timestamp"], captured.query["nonce"]
    probes = []
    for guess in range(1, 256):
        probe = flipped(encrypt, blocks - 2, 15, guess)
        probes.append(with_encrypt(captured, probe, crypto.sign(ts, nonce, probe)))
    for block, byte in ((0, 0), (0, 3), (1, 0), (1, 2), (1, 3)):  # the length field and the message start
        probe = flipped(encrypt, block, byte, 0x40)
        probes.append(with_encrypt(captured, probe, crypto.sign(ts, nonce, probe)))
    replies = post_all(listener.url, probes)
    failures = {reply for reply in replies if reply[0] != 200}
    assert failures == {(400, REJECTED_BODY)}  # every kind of failure: the same status and the same bytes
    assert not re.search(rb"\d", REJECTED_BODY)  # no byte value, length or pad value
    wait_until(lambda: store.count() == len(probes) and all(ex.diagnosis for ex in store.query()))
    kinds = {ex.error_code for ex in store.query() if ex.outcome is Outcome.FAILED}
    assert len(kinds) >= 2, kinds  # the store tells the failures apart (the old replies did too)
    assert send("POST", listener.url, push(profile, event()))[0] == 200  # and it still serves


def test_no_reply_to_a_stranger_names_a_profile_or_a_path(store: EventStore):
    secret = make_profile("acme-prod", "dingacmeprodkey")
    with Listener(store, [secret], path="/hidden/hook") as lst:
        base = lst.url.rsplit("/hidden/hook", 1)[0]
        replies = [
            send("POST", base + "/nowhere", data=b"x"),
            send("GET", base + "/nowhere"),
            send("PUT", lst.url, data=b"x"),
            send("POST", lst.url, data=b"{}"),
            send("POST", lst.url, push(make_profile("other"), event())),
            send("GET", lst.url, headers={"Host": "attacker.example"}),
        ]
    for status, body in replies:
        assert b"acme" not in body and b"hidden" not in body and b"dingacmeprodkey" not in body, (status, body)
    assert replies[0][0] == 404 and replies[-1][0] == 200


def test_status_page_details_only_for_loopback_or_allowed_hosts(store: EventStore, profile: Profile):
    with Listener(store, [profile]) as lst:
        port = lst.port
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", "localhost"):
            status, page = send("GET", lst.url, headers={"Host": host})
            assert status == 200 and profile.owner_key.encode() in page, host
        for host in ("attacker.example", f"rebind.attacker.example:{port}", "10.0.0.5", "localhost.evil.com"):
            status, page = send("GET", lst.url, headers={"Host": host})
            assert status == 200 and b"listening" in page, host
            assert profile.owner_key.encode() not in page and profile.name.encode() not in page, host
        lst.set_allowed_hosts(["Tunnel.Example.com"])
        status, page = send("GET", lst.url, headers={"Host": "tunnel.example.com"})
        assert profile.owner_key.encode() in page
        status, page = send("GET", lst.url, headers={"Host": "other.example.com"})
        assert profile.owner_key.encode() not in page


def test_content_encoding_is_refused_without_inflating(listener: Listener, store: EventStore, profile: Profile):
    bomb = gzip.compress(b"{" + b" " * (8 * 1024 * 1024) + b"}")  # 8 MiB of JSON in a few KiB
    status, body = send("POST", listener.url, data=bomb, headers={"Content-Encoding": "gzip"})
    assert status == 415 and json.loads(body)["error"] == "unsupported_encoding"
    status, body = send("POST", listener.url, data=b"\x1f\x8b broken", headers={"Content-Encoding": "gzip"})
    assert status == 415  # a broken gzip body: a 4xx, never a 500
    rows = store.query(newest_first=False)
    stored = rows[0].request.body  # as it came, not inflated (and kept to a few KB: unauthenticated)
    assert stored and bomb.startswith(stored) and len(stored) <= RECORDED_OVERSIZE
    assert send("POST", listener.url, push(profile, event()))[0] == 200


def test_a_too_deep_message_is_answered_stored_as_text_and_noted(listener, store, profile):
    deep = "[" * 20000 + "]" * 20000
    status, body = send("POST", listener.url, push(profile, deep))
    assert status == 200 and reply_message(profile, body) == "success"  # validly sealed: DingTalk gets success
    body_deep = json.dumps({"encrypt": "x"}).replace('"x"', "[" * 20000 + "]" * 20000).encode()
    req = push(profile, event())
    req.body = body_deep
    assert send("POST", listener.url, req)[0] == 400  # a deep body: a 4xx, not a crash
    first: Exchange = store.query(newest_first=False)[0]
    assert first.message == deep and first.outcome is Outcome.OK
    assert first.error_code == "json_too_deep" and "100" in first.error_message
    assert first.message_json() is None  # readers show it as text
    assert send("POST", listener.url, push(profile, event()))[0] == 200


def test_bodies_that_fail_before_decryption_are_stored_truncated(listener, store, profile):
    big = push(profile, event())
    big.body = json.dumps({"encrypt": "A" * (500 * 1024)}).encode()
    big.query.update(msg_signature="0" * 40, signature="0" * 40)
    assert send("POST", listener.url, big)[0] == 403
    ex = store.query()[0]
    assert len(ex.request.body) == RECORDED_OVERSIZE and ex.body_truncated


def test_a_ciphertext_over_the_cap_is_refused_before_the_signature(listener, store, profile):
    big = push(profile, event())
    big.body = json.dumps({"encrypt": "A" * (MAX_ENCRYPT + 4)}).encode()
    status, body = send("POST", listener.url, big)
    assert status == 400 and b"KiB" in body  # about the sender's own input: safe to say
    ex = store.query()[0]
    assert ex.error_code == "bad_request" and ex.body_truncated


def test_a_full_disk_is_logged_once_with_a_count_and_answered_503(listener, store, profile, caplog):
    store._writer.execute("PRAGMA max_page_count = 1")  # the file cannot grow: SQLite's SQLITE_FULL, as on a full disk
    big = event(note="x" * 3000)  # each push needs a page of its own, so the free space goes at once
    replies = [send("POST", listener.url, push(profile, big)) for _ in range(30)]
    statuses = [status for status, _ in replies]
    assert statuses[-10:] == [503] * 10
    assert all(
        b"disk" not in body and str(store.path).encode() not in body for status, body in replies if status == 503
    )
    full = [r for r in caplog.records if "disk is full" in r.getMessage()]
    assert len(full) == 1 and listener.faults.counts["disk_full"] == statuses.count(503)
    store._writer.execute("PRAGMA max_page_count = 1000000")
    assert send("POST", listener.url, push(profile, event()))[0] == 200


def test_a_loopback_host_header_from_another_machine_is_a_stranger() -> None:
    from dingconsole.core.listener.status_page import trusted_host

    assert trusted_host("localhost:8080", frozenset(), "127.0.0.1")
    assert trusted_host("[::1]:8080", frozenset(), "::1")
    assert not trusted_host("localhost:8080", frozenset(), "203.0.113.7")  # bound to 0.0.0.0, a remote script
    assert not trusted_host("127.0.0.1", frozenset(), "")
    assert trusted_host("tunnel.example.com", frozenset({"tunnel.example.com"}), "203.0.113.7")
    assert not trusted_host("evil.example", frozenset({"tunnel.example.com"}), "127.0.0.1")
