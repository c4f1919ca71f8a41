"""Retention against real store files: age and size caps, oldest first, pinned and this session's events kept."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
from dingconsole.core.store import EventFilter, EventStore
from dingconsole.core.store.retention import RetentionPolicy, used_bytes

DAY = 86400.0


def make(at: float, text: str = "周九的审批", size: int = 2000) -> Exchange:
    message = json.dumps({"EventType": "bpms_instance_change", "title": text, "pad": "x" * size}, ensure_ascii=False)
    return Exchange(
        received_at=at,
        request=HttpRequest(method="POST", path="/cb", body=b"{}"),
        outcome=Outcome.OK,
        message=message,
        event_type="bpms_instance_change",
    )


def test_age_cap_trims_old_events_but_not_pinned_or_this_session(tmp_path: Path) -> None:
    path = tmp_path / "e.sqlite3"
    now = time.time()
    with EventStore(path) as store:
        old = store.add_many([make(now - 40 * DAY + i) for i in range(5)])
        recent = store.add(make(now - DAY))
        assert store.pin([old[1]]) == 1
    with EventStore(path) as store:  # a new session: the earlier one's events may go
        imported = store.add(make(now - 90 * DAY))  # imported in this session: kept, however old
        assert store.trim_now(RetentionPolicy(max_bytes=None, max_age_days=30), now=now) == 4
        assert {ex.id for ex in store.query()} == {old[1], recent, imported}
        stats = store.stats()
        assert (stats.trimmed_rows, stats.trimmed_now, stats.pinned) == (4, 4, 1)
        assert stats.trimmed_at is not None
    with EventStore(path) as store:
        assert store.stats().trimmed_rows == 4 and store.stats().trimmed_now == 0  # the total is kept in the file


def test_size_cap_trims_oldest_first_and_keeps_the_index_exact(tmp_path: Path) -> None:
    path = tmp_path / "e.sqlite3"
    with EventStore(path) as store:
        ids = store.add_many([make(1_700_000_000 + i, text=f"周九{i}") for i in range(300)])
        store.pin([ids[0]])
        store.wait_indexed()
    with EventStore(path) as store:
        before = used_bytes(store._reader())
        cap = before // 2
        trimmed = store.trim_now(RetentionPolicy(max_bytes=cap, max_age_days=None))
        assert 100 <= trimmed < 300
        left = sorted(ex.id for ex in store.query())
        assert left[0] == ids[0]  # pinned
        assert left[1:] == ids[-len(left) + 1 :]  # the newest ones: the oldest went first
        assert len(store.query(EventFilter(text="周九"))) == len(left)
        with sqlite3.connect(path) as conn:
            conn.execute("INSERT INTO search_tri(search_tri, rank) VALUES ('integrity-check', 0)")
        burst = store.add_many([make(1_800_000_000 + i) for i in range(200)])  # a burst in this session
        store.trim_now(RetentionPolicy(max_bytes=cap, max_age_days=None))  # the earlier session's rows go
        assert {ex.id for ex in store.query()} >= set(burst) | {ids[0]}  # the burst is spared for now
        # an hour later the burst is no longer what the user is looking at: held at the cap again
        assert store.trim_now(RetentionPolicy(max_bytes=cap, max_age_days=None), grace=0) > 0
        assert ids[0] in {ex.id for ex in store.query()} and len(store.query()) < len(burst)


def test_background_retention_holds_a_store_under_load_at_its_cap(tmp_path: Path) -> None:
    path = tmp_path / "e.sqlite3"
    with EventStore(path) as store:
        store.add_many([make(1_700_000_000 + i) for i in range(200)])
    with EventStore(path) as store:
        cap = used_bytes(store._reader()) // 2
        store.set_retention(RetentionPolicy(max_bytes=cap, max_age_days=30), delay=0)
        deadline = time.monotonic() + 20
        while not store.trimmed_now and time.monotonic() < deadline:  # the upkeep thread's first pass
            store.wait_indexed(0.05)
        assert store.trimmed_now > 0
        assert store.stats().retention == RetentionPolicy(max_bytes=cap, max_age_days=30)


def test_close_right_after_commits_does_not_wait_for_the_next_retention_pass(tmp_path: Path) -> None:
    """serve hung for a minute at Ctrl+C: the upkeep thread swallowed the stop while letting a burst settle."""
    store = EventStore(tmp_path / "e.sqlite3")
    store.set_retention(RetentionPolicy(), delay=3600)
    for i in range(5):
        store.add(make(1_700_000_000 + i))  # each commit wakes the upkeep thread, which waits for quiet
    store.close()  # would block until the retention pass an hour away
    assert store._upkeep._thread is None
