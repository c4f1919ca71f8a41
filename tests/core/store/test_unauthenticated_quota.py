"""Retention of unauthenticated rows on real store files: their own quota, trimmed first, the cap held.

Unauthenticated rows are what the listener recorded before any signature verified (a stranger's junk:
unknown paths, bad signatures, status-page GETs). They are kept to the newest N rows within M bytes, at
any age, and a size cap removes them before any other row; pinned rows and the user's own events never
go to make room for them.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
from dingconsole.core.store import EventFilter, EventStore
from dingconsole.core.store import schema as schema_mod
from dingconsole.core.store.retention import RetentionPolicy, unauthenticated_usage, used_bytes
from dingconsole.core.store.upkeep import FLOOD_CHECK_ROWS, Upkeep
from tests.core.store.test_search import store_at_schema

NOW = 1_800_000_000.0


def real(at: float, i: int = 0) -> Exchange:
    return Exchange(
        received_at=at,
        request=HttpRequest(method="POST", path="/api/callback", body=b'{"encrypt":"' + b"QUFB" * 300 + b'"}'),
        outcome=Outcome.OK,
        message=f'{{"EventType":"user_add_org","n":{i},"pad":"{"x" * 1500}"}}',
        event_type="user_add_org",
        event_id=f"evt-{i}",
    )


def junk(at: float, size: int = 6000, path: str = "/wp-login.php") -> Exchange:
    return Exchange(
        received_at=at,
        request=HttpRequest(method="POST", path=path, headers={"User-Agent": "scanner"}, body=b"x" * size),
        outcome=Outcome.INVALID,
        error_code="unknown_path",
        error_message=f"no callback at {path}",
        reply_status=404,
        unauthenticated=True,
    )


def ids(store: EventStore, unauthenticated: bool) -> list[int]:
    return sorted(ex.id for ex in store.query() if ex.unauthenticated is unauthenticated and ex.id is not None)


def test_the_quota_keeps_the_newest_unauthenticated_rows_at_any_age(tmp_path: Path) -> None:
    with EventStore(tmp_path / "e.sqlite3") as store:  # all of it this session, in the last hour
        mine = store.add_many([real(NOW + i, i) for i in range(10)])
        flood = store.add_many([junk(NOW + 100 + i) for i in range(300)])
        store.pin([flood[0]])
        policy = RetentionPolicy(max_bytes=None, max_age_days=None, unauthenticated_rows=100)
        assert store.trim_now(policy, now=NOW + 500) == 199
        assert ids(store, False) == mine
        assert ids(store, True) == [flood[0], *flood[-100:]]  # pinned, and the newest hundred
        rows, stored = unauthenticated_usage(store._reader())
        assert rows == 100 and 100 * 6000 < stored < 100 * 7000  # what a row holds is counted, not guessed
        tight = RetentionPolicy(max_bytes=None, max_age_days=None, unauthenticated_bytes=20 * (stored // 100))
        store.trim_now(tight, now=NOW + 500)
        assert ids(store, True) == [flood[0], *flood[-20:]]
        assert store.stats().trimmed_now == 279
        assert len(store.query(EventFilter(text="wp-login"))) == 21  # the search index forgot the rest


def test_the_size_cap_trims_unauthenticated_rows_first_and_holds_in_the_grace_hour(tmp_path: Path) -> None:
    path = tmp_path / "e.sqlite3"
    with EventStore(path) as store:
        old = store.add_many([real(NOW - 86400 + i, i) for i in range(200)])  # an earlier session's events
    with EventStore(path) as store:
        mine = store.add_many([real(NOW + i, 1000 + i) for i in range(20)])
        flood = []
        for start in range(0, 1500, 100):  # junk interleaved with this session's own events
            flood += store.add_many([junk(NOW + 100 + start + i) for i in range(100)])
            mine += store.add_many([real(NOW + 100 + start + 100, 2000 + start)])
        store.wait_indexed()
        cap = used_bytes(store._reader()) // 3
        policy = RetentionPolicy(max_bytes=cap, max_age_days=None, unauthenticated_bytes=10**9)
        store.trim_now(policy, now=NOW + 2000)  # no grace for junk: it is what goes
        assert used_bytes(store._reader()) <= cap
        assert ids(store, False) == old + mine  # not one real event went while junk was left
        assert 0 < len(ids(store, True)) < len(flood)
        assert ids(store, True) == flood[-len(ids(store, True)) :]  # the oldest junk first
        store.trim_now(policy, now=NOW + 2000, grace=0)
        assert used_bytes(store._reader()) <= cap
        with sqlite3.connect(path) as conn:
            conn.execute("INSERT INTO search_tri(search_tri, rank) VALUES ('integrity-check', 0)")


def test_real_events_go_only_once_no_junk_is_left(tmp_path: Path) -> None:
    path = tmp_path / "e.sqlite3"
    with EventStore(path) as store:
        old = store.add_many([real(NOW - 86400 + i, i) for i in range(300)])
        flood = store.add_many([junk(NOW - 86400 + 400 + i) for i in range(100)])
        store.pin([flood[-1]])
    with EventStore(path) as store:
        cap = used_bytes(store._reader()) // 2
        store.trim_now(RetentionPolicy(max_bytes=cap, max_age_days=None), now=NOW)
        assert ids(store, True) == [flood[-1]]  # pinned stays, the rest went first
        left = ids(store, False)
        assert 0 < len(left) < len(old) and left == old[-len(left) :]  # then the oldest real events
        assert used_bytes(store._reader()) <= cap


def test_no_caps_still_keep_the_quota(tmp_path: Path) -> None:
    """ "Keep everything" (no size or age cap) means the user's events: a flood is still held to its quota."""
    policy = RetentionPolicy(max_bytes=None, max_age_days=None)
    assert policy.active
    with EventStore(tmp_path / "e.sqlite3") as store:
        store.add_many([junk(NOW + i, size=100) for i in range(policy.unauthenticated_rows + 10)])
        assert store.trim_now(policy) == 10


def test_a_schema_6_store_classifies_its_rows_by_what_they_recorded(tmp_path: Path) -> None:
    path = tmp_path / "e.sqlite3"
    rows = [
        ("http", "ok", None),
        ("http", "policy", "policy_http_500"),
        ("http", "failed", "invalid_padding"),  # behind a valid signature
        ("http", "failed", "owner_key_mismatch"),
        ("http", "failed", "robot_bad_body"),  # signed with the AppSecret
        ("http", "failed", "internal_error"),  # unknown: kept as the user's
        ("http", "invalid", "unknown_path"),
        ("http", "invalid", "bad_http"),
        ("http", "info", None),
        ("http", "failed", "signature_mismatch"),
        ("http", "failed", "missing_parameter"),
        ("http", "failed", "bad_request"),
        ("http", "failed", "robot_bad_sign"),
        ("http", "failed", "robot_stale_timestamp"),
        ("import", "invalid", "unknown_path"),  # the user's own file
        ("stream", "failed", "handler_error"),
    ]
    with store_at_schema(path, 6) as conn:
        conn.executemany(
            "INSERT INTO exchanges (received_at, transport, outcome, error_code) VALUES (?, ?, ?, ?)",
            [(NOW + i, *row) for i, row in enumerate(rows)],
        )
    with EventStore(path) as store:
        assert store.schema_version == schema_mod.SCHEMA_VERSION
        flags = [ex.unauthenticated for ex in store.query(newest_first=False)]
    assert flags == [False] * 6 + [True] * 8 + [False] * 2


def test_a_flood_wakes_trimming_before_the_burst_ends() -> None:
    """The upkeep thread lets a burst settle before indexing it; a flood of junk must not wait for that."""
    trimmed = threading.Event()
    upkeep = Upkeep(lambda: 0, lambda: 0, trimmed.set)
    try:
        deadline = time.monotonic() + 10
        sent = 0
        while not trimmed.is_set() and time.monotonic() < deadline:  # commits never pause
            upkeep.wake(1, unauthenticated=1)
            sent += 1
            time.sleep(0.002)
        assert trimmed.is_set() and sent >= FLOOD_CHECK_ROWS
    finally:
        upkeep.close()


def test_a_row_pinned_after_it_was_chosen_stays(tmp_path: Path) -> None:
    """Retention picks its victims on a read connection; the user may pin one before the delete runs."""
    with EventStore(tmp_path / "e.sqlite3") as store:
        chosen = store.add_many([junk(NOW + i) for i in range(3)])
        store.wait_indexed()
        store.pin([chosen[1]])
        assert store._trim_chunk(chosen) == 2
        assert ids(store, True) == [chosen[1]]
        assert [ex.id for ex in store.query(EventFilter(text="wp-login"))] == [chosen[1]]  # still found
