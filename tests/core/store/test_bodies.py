"""Compact request bodies: the usual {"encrypt": …} stored as raw ciphertext, every body read back byte for byte."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
from dingconsole.core.store import EventStore
from dingconsole.core.store.bodies import AS_IS, ENCRYPT_ENVELOPE, pack, unpack

SEALED = b'{"encrypt":"GmmqIkrblPWHZJsKugGlDE/HahCYCYVMoNR+b9LNnt2oI6IOGZuBTR8LWSCGkUGa"}'


@pytest.mark.parametrize(
    ("body", "form"),
    [
        (SEALED, ENCRYPT_ENVELOPE),
        (b'{"encrypt": "GmmqIkrb"}', AS_IS),  # other spacing: kept as it came
        (b'{"encrypt":"GmmqIkr="}', AS_IS),  # non-canonical padding would not come back the same
        (b'{"encrypt":"not base64!"}', AS_IS),
        (b'{"encrypt":""}', AS_IS),
        (b'{"encrypt":"GmmqIkrb', AS_IS),  # truncated
        (b"\x00\xff binary", AS_IS),
        (b"", AS_IS),
    ],
)
def test_pack_round_trips(body: bytes, form: int) -> None:
    stored, got = pack(body)
    assert got == form and unpack(stored, got) == body
    if form == ENCRYPT_ENVELOPE:
        assert len(stored) < len(body) * 0.8


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=64) | st.builds(lambda b: b'{"encrypt":"' + b + b'"}', st.binary(max_size=40)))
def test_any_body_comes_back(body: bytes) -> None:
    assert unpack(*pack(body)) == body


def test_the_store_keeps_bodies_exact_and_small(tmp_path: Path) -> None:
    path = tmp_path / "e.sqlite3"
    bodies = [SEALED, b'{"encrypt": "x"}', b"\x00\x01"]
    with EventStore(path) as store:
        ids = store.add_many(
            [
                Exchange(received_at=1.0, request=HttpRequest("POST", "/cb", body=b), outcome=Outcome.INVALID)
                for b in bodies
            ]
        )
        assert [store.get(i).request.body for i in ids] == bodies  # type: ignore[union-attr]
    with sqlite3.connect(path) as conn:
        forms = [r[0] for r in conn.execute("SELECT body_form FROM exchanges ORDER BY id")]
        assert forms == [ENCRYPT_ENVELOPE, AS_IS, AS_IS]
