"""EventStore against real SQLite files: round trips, filters, paging, repeats, migrations, threads."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome, Transport
from dingconsole.core.store import store as store_mod
from dingconsole.core.store.store import EventFilter, EventStore, StoreError, parse_time


def make(
    n: float = 0.0,
    *,
    outcome: Outcome = Outcome.OK,
    event_type: str | None = "user_add_org",
    event_id: str | None = None,
    message: str | None = None,
    profile: str | None = "demo",
    transport: Transport = Transport.HTTP,
) -> Exchange:
    if message is None and outcome is Outcome.OK:
        message = json.dumps({"EventType": event_type, "seq": n, "eventId": event_id})
    return Exchange(
        received_at=1_700_000_000.0 + n,
        request=HttpRequest(
            method="POST",
            path="/api/callback",
            query={"msg_signature": "abc", "timestamp": "1", "nonce": "n"},
            headers={"Content-Type": "application/json"},
            body=b'{"encrypt": "x\\u00e9"}\xff',
        ),
        remote="127.0.0.1",
        transport=transport,
        profile=profile,
        outcome=outcome,
        message=message,
        event_type=event_type,
        event_id=event_id,
        reply_status=200,
        reply_body=b'{"msg_signature":"s"}',
        handling_ms=1.5,
    )


def test_default_path_is_under_the_data_dir(home: Path) -> None:
    with EventStore() as s:
        assert s.path == home / "data" / "events.sqlite3"
        assert s.path.exists()
        mode = s._reader().execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"
        assert s.schema_version == store_mod.SCHEMA_VERSION


def test_round_trip_keeps_every_field(store: EventStore) -> None:
    ex = make(1, event_id="evt-1")
    ex.error_code = "signature_mismatch"
    ex.error_message = "bad"
    ex.diagnosis = {"kind": "request", "steps": [{"name": "signature", "status": "failed"}], "ok": False}
    ex.body_truncated = True
    new_id = store.add(ex)
    assert ex.id == new_id
    got = store.get(new_id)
    assert got is not None
    assert got.to_dict() == ex.to_dict()
    assert got.request.body == ex.request.body
    assert got.reply_body == ex.reply_body
    assert store.get(new_id + 100) is None


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Name": "周九", "Host": "example.com"},
        {"X-Raw": "caf\udce9", "X-Tab": "a\tb"},  # not UTF-8 on the wire: a lone surrogate, kept exactly
    ],
    ids=["unicode", "surrogate"],
)
def test_header_and_query_maps_come_back_exactly(store: EventStore, headers: dict[str, str]) -> None:
    ex = make(2, event_id="evt-2")
    ex.request.headers, ex.request.query, ex.reply_headers = headers, {**headers, "nonce": "n"}, headers
    got = store.get(store.add(ex))
    assert got is not None
    assert (got.request.headers, got.request.query, got.reply_headers) == (headers, {**headers, "nonce": "n"}, headers)


def test_query_newest_first_with_paging(store: EventStore) -> None:
    ids = store.add_many([make(i) for i in range(10)])
    assert len(ids) == 10
    assert [e.id for e in store.query()] == list(reversed(ids))
    assert [e.id for e in store.query(limit=3)] == list(reversed(ids))[:3]
    assert [e.id for e in store.query(limit=3, offset=3)] == list(reversed(ids))[3:6]
    assert [e.id for e in store.query(newest_first=False, limit=2)] == ids[:2]
    assert store.count() == 10


def test_filters(store: EventStore) -> None:
    store.add(make(1, event_type="check_url", profile="a"))
    store.add(make(2, event_type="user_add_org", profile="b", message='{"name": "张三 100%_x"}'))
    store.add(make(3, outcome=Outcome.FAILED, event_type=None, profile="a"))
    store.add(make(4, event_type="chat_quit", profile="a", transport=Transport.STREAM))
    assert store.count(EventFilter(event_types=["check_url", "chat_quit"])) == 2
    assert store.count(EventFilter(outcomes=[Outcome.FAILED])) == 1
    assert store.count(EventFilter(outcomes=["ok"], profiles=["a"])) == 2
    assert [e.event_type for e in store.query(EventFilter(text="张三"))] == ["user_add_org"]
    assert store.count(EventFilter(text="100%_")) == 1
    assert store.count(EventFilter(text="0%x")) == 0  # % and _ are literal, not wildcards
    assert store.count(EventFilter(since=1_700_000_002.0, until=1_700_000_003.0)) == 2
    assert store.count(EventFilter(transport=[Transport.STREAM])) == 1
    first = store.query(newest_first=False, limit=1)[0]
    assert [e.id for e in store.query(EventFilter(ids=[first.id]))] == [first.id]
    assert store.event_types() == ["chat_quit", "check_url", "user_add_org"]


def test_delete_and_clear(store: EventStore) -> None:
    ids = store.add_many([make(i) for i in range(5)])
    assert store.delete([ids[0], ids[1], 9999]) == 2
    assert store.count() == 3
    assert store.delete([]) == 0
    assert store.clear() == 3
    assert store.count() == 0
    assert store.max_id() == 0


def test_repeats_by_event_id_and_by_plaintext(store: EventStore) -> None:
    first = store.add(make(1, event_id="E1"))
    again = make(2, event_id="E1")
    store.add(again)
    assert again.repeat_of == first
    other = make(3, event_id="E2")
    store.add(other)
    assert other.repeat_of is None
    classic = '{"EventType":"user_add_org","TimeStamp":"1623060875680","UserId":["u1"]}'
    c1, c2 = make(4, message=classic), make(5, message=classic)
    store.add_many([c1, c2])  # a repeat inside one batch is still seen
    assert c1.repeat_of is None and c2.repeat_of == c1.id
    # A failed request carries no message: never a repeat.
    failed = make(6, outcome=Outcome.FAILED, message=None)
    store.add(failed)
    assert failed.repeat_of is None
    # URL checks carry only their type: identical plaintext is a new check, not a retry.
    checks = [make(7 + i, event_type="check_url", message='{"EventType":"check_url"}') for i in range(2)]
    store.add_many(checks)
    assert [c.repeat_of for c in checks] == [None, None]
    assert store.find_first_by_event_id("E1").id == first
    assert store.find_first_by_message(classic).id == c1.id
    assert store.find_repeat_original(c2).id == c1.id
    assert store.find_repeat_original(c1) is None
    no_detect = make(20, event_id="E1")
    store.add(no_detect, detect_repeats=False)
    assert no_detect.repeat_of is None


def test_migration_from_version_0_and_1(tmp_path: Path) -> None:
    empty = tmp_path / "v0.sqlite3"
    sqlite3.connect(empty).close()
    with EventStore(empty) as s:
        assert s.schema_version == store_mod.SCHEMA_VERSION

    v1 = tmp_path / "v1.sqlite3"
    conn = sqlite3.connect(v1, isolation_level=None)
    store_mod.migrate(conn, target=1)
    conn.execute(
        "INSERT INTO exchanges (received_at, method, path, outcome, message, event_type) VALUES (?,?,?,?,?,?)",
        (1.0, "POST", "/api/callback", "ok", '{"EventType":"x"}', "x"),
    )
    conn.close()
    with EventStore(v1) as s:
        assert s.schema_version == store_mod.SCHEMA_VERSION
        (old,) = s.query()
        assert old.transport is Transport.HTTP and old.repeat_of is None
        assert old.message == '{"EventType":"x"}'
        again = make(2, event_type="x", message='{"EventType":"x"}')
        s.add(again)
        assert again.repeat_of == old.id  # the migration backfilled the plaintext hash


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {store_mod.SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        EventStore(path)


def test_reopen_keeps_history(tmp_path: Path) -> None:
    path = tmp_path / "e.sqlite3"
    with EventStore(path) as s:
        s.add_many([make(i) for i in range(3)])
    with EventStore(path) as s:
        assert s.count() == 3


def test_closed_store_refuses(tmp_path: Path) -> None:
    s = EventStore(tmp_path / "e.sqlite3")
    s.close()
    s.close()
    with pytest.raises(StoreError):
        s.count()
    with pytest.raises(StoreError):
        s.add(make(1))


def test_concurrent_writers_and_reader(store: EventStore) -> None:
    """Several writer threads (group commit) while a reader thread keeps querying: nothing lost or doubled."""
    writers, per_writer = 6, 40
    errors: list[BaseException] = []
    stop = threading.Event()
    seen_counts: list[int] = []

    def write(w: int) -> None:
        try:
            for i in range(per_writer):
                store.add(make(w * 1000 + i, event_id=f"w{w}-{i}"))
        except BaseException as exc:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(exc)

    def read() -> None:
        try:
            while not stop.is_set():
                seen_counts.append(store.count())
                store.query(EventFilter(outcomes=["ok"]), limit=20)
        except BaseException as exc:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    reader.join()
    assert errors == []
    assert store.count() == writers * per_writer
    ids = [e.id for e in store.query()]
    assert len(set(ids)) == len(ids)
    assert all(e.repeat_of is None for e in store.query())
    assert seen_counts == sorted(seen_counts)  # the reader never saw rows vanish


def test_parse_time() -> None:
    assert parse_time("1700000000") == 1_700_000_000.0
    assert parse_time("2023-11-14T22:13:20Z") == 1_700_000_000.0
    assert parse_time("2023-11-14T22:13:20+00:00") == 1_700_000_000.0
    with pytest.raises(ValueError):
        parse_time("yesterday")


def test_wrote_tells_this_stores_rows_from_another_writers(tmp_path) -> None:
    """The window shows rows another process wrote (a `serve` on the same file): `wrote` tells them apart."""
    from dingconsole.core.exchange import Exchange, HttpRequest

    def one() -> Exchange:
        return Exchange(received_at=1_700_000_000.0, request=HttpRequest("POST", "/api/callback"))

    path = tmp_path / "events.sqlite3"
    with EventStore(path) as mine, EventStore(path) as theirs:
        first = mine.add_many([one(), one()])
        other = theirs.add_many([one()])
        last = mine.add_many([one()])
        assert all(mine.wrote(i) for i in first + last)
        assert not any(mine.wrote(i) for i in other)
        assert not mine.wrote(0) and not mine.wrote(max(last) + 1)
