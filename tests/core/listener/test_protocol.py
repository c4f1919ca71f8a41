"""Requests aiohttp's own HTTP parser rejects, sent over a raw socket: answered 400 JSON and recorded."""

from __future__ import annotations

import json
import socket
import time

import pytest

from dingconsole.core.exchange import Exchange, Outcome
from dingconsole.core.listener import Listener
from dingconsole.core.listener.protocol import request_line
from dingconsole.core.store import EventStore
from tests.listener_util import event, push, reply_message


def exchange_raw(listener: Listener, data: bytes, *, half_close: bool = False) -> bytes:
    """Send raw bytes on a fresh connection and read until the server closes it."""
    with socket.create_connection((listener.host, listener.port), timeout=10) as sock:
        sock.sendall(data)
        if half_close:
            sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def split_response(raw: bytes) -> tuple[int, bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


def wait_count(store: EventStore, n: int, timeout: float = 5.0) -> None:
    """For records without a reply (the client hung up), the commit follows the close."""
    deadline = time.monotonic() + timeout
    while store.count() < n and time.monotonic() < deadline:
        time.sleep(0.02)


def only(store: EventStore) -> Exchange:
    (ex,) = store.query()
    return ex


@pytest.mark.parametrize(
    ("data", "method", "path", "fragment"),
    [
        (b"GARBAGE\r\n\r\n", "", "", "Invalid method"),
        (b"POST /api/callback HTTP/1.1\r\nContent-Length: abc\r\n\r\n", "POST", "/api/callback", "Content-Length"),
        (b"POST /api/callback?nonce=n1 HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", "POST", "/api/callback", "header"),
        (
            b"POST /api/callback HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nhello\r\n0\r\n\r\n",
            "POST",
            "/api/callback",
            "chunk size",
        ),
        (b"GET / HTTP/9.9\r\n\r\n", "GET", "/", "HTTP version"),
    ],
    ids=["garbage-line", "content-length-abc", "bad-header", "bad-chunk-size", "bad-version"],
)
def test_parser_rejections_get_400_json_and_are_recorded(listener, store, data, method, path, fragment):
    status, body = split_response(exchange_raw(listener, data))
    assert status == 400
    reply = json.loads(body)
    assert set(reply) == {"error", "step", "message", "hint"}
    assert reply["error"] == "bad_http" and reply["step"] == "http"
    assert fragment in reply["message"]
    ex = only(store)
    assert ex.outcome is Outcome.INVALID and ex.error_code == "bad_http"
    assert ex.error_message == reply["message"]
    assert ex.remote == "127.0.0.1"
    assert ex.request.body == data  # the raw bytes as they came
    assert (ex.request.method, ex.request.path) == (method, path)
    assert ex.reply_status == 400 and json.loads(ex.reply_body) == reply
    if path and b"nonce=n1" in data:
        assert ex.request.query == {"nonce": "n1"}


def test_tls_on_the_http_port_is_explained(listener, store):
    status, body = split_response(exchange_raw(listener, b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03"))
    assert status == 400
    assert "HTTPS" in json.loads(body)["hint"]
    assert only(store).error_code == "bad_http"


def test_observers_see_a_rejected_request_before_its_reply(listener, store):
    seen: list[Exchange | None] = []
    listener.add_observer(lambda ex: seen.append(store.get(ex.id)))
    exchange_raw(listener, b"GARBAGE\r\n\r\n")
    assert len(seen) == 1 and seen[0] is not None and seen[0].error_code == "bad_http"


def test_connection_closed_mid_request_is_recorded(listener, store):
    assert exchange_raw(listener, b"POST /api/callback?timestamp=1 HTT", half_close=True) == b""
    wait_count(store, 1)
    ex = only(store)
    assert ex.error_code == "incomplete_http" and ex.outcome is Outcome.INVALID
    assert ex.request.body == b"POST /api/callback?timestamp=1 HTT"
    assert ex.reply_status is None and ex.remote == "127.0.0.1"


def test_client_gone_mid_body_is_recorded_without_a_reply(listener, store):
    data = b"POST /api/callback HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc"
    assert exchange_raw(listener, data, half_close=True) == b""
    wait_count(store, 1)
    ex = only(store)
    assert ex.error_code == "client_disconnected" and ex.request.body == b"abc"
    assert ex.reply_status is None


def test_valid_push_then_garbage_on_one_keep_alive_connection(listener, store, profile):
    req = push(profile, event("check_url"))
    head = f"POST {listener.path}?{req.url_path().split('?', 1)[1]} HTTP/1.1\r\nHost: x\r\n"
    first = (head + f"Content-Length: {len(req.body)}\r\n\r\n").encode() + req.body
    with socket.create_connection((listener.host, listener.port), timeout=10) as sock:
        sock.sendall(first)
        reply = b""
        while b"\r\n\r\n" not in reply or len(reply.partition(b"\r\n\r\n")[2]) < 100:
            reply += sock.recv(65536)
        status, body = split_response(reply)
        assert status == 200 and reply_message(profile, body) == "success"
        sock.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        rest = b""
        while chunk := sock.recv(65536):
            rest += chunk
    assert split_response(rest)[0] == 400
    ok, bad = store.query(newest_first=False)
    assert ok.outcome is Outcome.OK
    assert bad.error_code == "bad_http" and bad.request.body == b"NOT HTTP AT ALL\r\n\r\n"


def test_blank_lines_alone_are_not_a_request(listener, store):
    assert exchange_raw(listener, b"\r\n", half_close=True) == b""
    # "Nothing was stored" has no moment to wait for, so a marker follows: a connection that is recorded
    # through the same writer queue. The server handled the first connection's close before we saw it,
    # so once the marker is stored, anything the blank lines caused would be stored too.
    exchange_raw(listener, b"POST /marker HTTP/1.1\r\n", half_close=True)
    wait_count(store, 1)
    assert [ex.request.path for ex in store.query()] == ["/marker"]


def test_request_line_is_best_effort_display_only():
    assert request_line(b"POST /a/b?x=1&x=2&y= HTTP/1.1\r\nHost: z\r\n") == ("POST", "/a/b", {"x": "1", "y": ""})
    assert request_line(b"\r\nGET / HTTP/1.0\r\n") == ("GET", "/", {})
    assert request_line(b"GARBAGE\r\n") == ("", "", {})
    assert request_line(b"\x16\x03\x01") == ("", "", {})
