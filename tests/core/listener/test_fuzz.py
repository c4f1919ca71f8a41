"""Random query strings, bodies, methods and paths, and raw bytes: only 2xx/4xx answers (or a close), all recorded."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dingconsole.core.listener import Listener
from dingconsole.core.store import EventStore
from tests.listener_util import make_profile, push, send

PARAM_NAMES = st.sampled_from(["msg_signature", "signature", "timestamp", "timeStamp", "nonce", "x", ""])
TEXT = st.text(max_size=40)
QUERIES = st.dictionaries(st.one_of(PARAM_NAMES, TEXT), TEXT, max_size=5)
BODIES = st.one_of(
    st.binary(max_size=300),
    st.builds(lambda v: json.dumps({"encrypt": v}).encode(), TEXT),
    st.builds(lambda v: json.dumps(v).encode(), st.recursive(st.none() | st.integers() | TEXT, st.lists, max_leaves=5)),
)
PATHS = st.one_of(st.sampled_from(["/api/callback", "/api/callback/demo", "/api/callback/"]), TEXT)
METHODS = st.sampled_from(["POST", "POST", "POST", "GET", "PUT", "DELETE", "PATCH"])


def test_random_requests_get_2xx_or_4xx_and_are_all_recorded(tmp_path: Path) -> None:
    profile = make_profile("demo")
    with EventStore(tmp_path / "events.sqlite3") as store, Listener(store, [profile]) as listener:
        seen: list[int] = []
        base = listener.url.rsplit("/api/callback", 1)[0]

        @settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(method=METHODS, path=PATHS, query=QUERIES, body=BODIES, valid=st.booleans(), message=TEXT)
        def check(method: str, path: str, query: dict[str, str], body: bytes, valid: bool, message: str) -> None:
            seen.append(1)
            before = store.count()
            if valid:
                req = push(profile, message)
                status, _ = send("POST", listener.url, req)
                assert status == 200
            else:
                url = base + "/" + quote(path.lstrip("/"), safe="/")
                status, reply = send(method, url, params=query, data=body)
                assert 200 <= status < 500, (status, reply)
                if status >= 400:
                    assert set(json.loads(reply)) == {"error", "step", "message", "hint"}
            assert store.count() == before + 1

        check()
        assert len(seen) >= 40
        assert store.count() >= 40


LINE_BYTES = st.binary(max_size=30).map(lambda b: b.replace(b"\r", b"").replace(b"\n", b""))
RAW_METHODS = st.one_of(st.sampled_from([b"POST", b"GET", b"PUT", b"", b"G\x00T", b"\x16\x03\x01"]), LINE_BYTES)
RAW_TARGETS = st.one_of(st.sampled_from([b"/api/callback", b"/api/callback/demo?nonce=1", b"/", b"*", b""]), LINE_BYTES)
RAW_VERSIONS = st.sampled_from([b"HTTP/1.1", b"HTTP/1.0", b"HTTP/9.9", b"", b"HTTP/1.1 x", b"http/1.1"])
RAW_HEADERS = st.lists(
    st.one_of(
        st.sampled_from(
            [
                b"Host: x",
                b"Content-Length: 5",
                b"Content-Length: abc",
                b"Content-Length: -1",
                b"Transfer-Encoding: chunked",
                b"Bad Header",
                b": empty",
                b"Content-Type: application/json",
            ]
        ),
        LINE_BYTES,
    ),
    max_size=4,
)


def _assemble(method: bytes, target: bytes, version: bytes, headers: list[bytes], body: bytes, eol: bytes) -> bytes:
    return eol.join([b" ".join([method, target, version]), *headers, b"", body])


RAW_REQUESTS = st.one_of(
    st.binary(min_size=1, max_size=200),
    st.builds(
        _assemble,
        RAW_METHODS,
        RAW_TARGETS,
        RAW_VERSIONS,
        RAW_HEADERS,
        st.binary(max_size=60),
        st.sampled_from([b"\r\n", b"\n", b" "]),
    ),
)


def _send_raw(host: str, port: int, data: bytes) -> bytes:
    """Send, half-close (so an incomplete request ends), read until the listener closes."""
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except ConnectionResetError:
            pass  # the listener dropped the connection: "closed" is an allowed answer
    return b"".join(chunks)


def test_raw_bytes_are_answered_2xx_4xx_or_closed_and_recorded(tmp_path: Path) -> None:
    profile = make_profile("demo")
    with EventStore(tmp_path / "events.sqlite3") as store, Listener(store, [profile]) as listener:
        seen: list[int] = []

        @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(data=RAW_REQUESTS)
        def check(data: bytes) -> None:
            before = store.count()
            reply = _send_raw(listener.host, listener.port, data)
            if reply:
                status_line = reply.split(b"\r\n", 1)[0].split(b" ")
                assert status_line[0] in (b"HTTP/1.0", b"HTTP/1.1"), reply[:200]
                assert 200 <= int(status_line[1]) < 500, reply[:200]
            if data.strip(b"\r\n"):
                seen.append(1)
                deadline = time.monotonic() + 5.0  # without a reply, the commit follows the close
                while store.count() <= before and time.monotonic() < deadline:
                    time.sleep(0.01)
                assert store.count() > before, data

        check()
        assert len(seen) >= 30
