"""Random query strings, bodies, methods and paths: only 2xx/4xx answers, and every request recorded once."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from listener_util import make_profile, push, send

from dingconsole.core.listener import Listener
from dingconsole.core.store import EventStore

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
