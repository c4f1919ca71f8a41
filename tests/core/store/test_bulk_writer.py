"""The bulk writer (imports) stores what add_many stores — repeats included — and leaves every row searchable."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
from dingconsole.core.store import EventFilter, EventStore
from dingconsole.core.store.bulk import BulkWriter, prepare


def push(n: int, *, event_id: str | None, message: str | None = None, kind: str = "bpms_task_change") -> Exchange:
    return Exchange(
        received_at=1_700_000_000.0 + n,
        request=HttpRequest(method="POST", path="/cb", body=b'{"encrypt":"abcd"}'),
        outcome=Outcome.OK if message is not None else Outcome.INVALID,
        message=message,
        event_type=kind,
        event_id=event_id,
    )


def mixed() -> list[Exchange]:
    """Retries by eventId (in the same batch and across batches), classic payloads matched by plaintext,
    content-free checks, undecrypted requests, and one whose repeat_of is already known."""
    same = json.dumps({"EventType": "user_add_org", "UserId": ["u1"]})
    check = json.dumps({"EventType": "check_url"})
    rows = [
        push(0, event_id="evt-a", message='{"title":"周九的请假"}'),
        push(1, event_id="evt-a", message='{"title":"周九的请假"}'),  # a retry inside the first batch
        push(2, event_id=None, message=same, kind="user_add_org"),
        push(3, event_id=None, message=check, kind="check_url"),
        push(4, event_id=None, message=check, kind="check_url"),  # a new check, not a retry
        push(5, event_id="evt-b", message=None),  # not decrypted: never a repeat
        push(6, event_id="evt-b", message=None),
        push(7, event_id="evt-a", message='{"title":"周九的请假"}'),  # a retry in a later batch
        push(8, event_id=None, message=same, kind="user_add_org"),
        push(9, event_id="evt-c", message='{"title":"王五"}'),
    ]
    rows[9].repeat_of = 1  # stated by the caller: kept as it is
    return rows


def fields(store: EventStore) -> list[tuple[object, ...]]:
    return [(ex.id, ex.event_id, ex.repeat_of) for ex in store.query(limit=None)]


def test_repeats_are_found_as_add_many_finds_them(tmp_path: Path) -> None:
    with EventStore(tmp_path / "one.sqlite3") as one, EventStore(tmp_path / "bulk.sqlite3") as bulk:
        for ex in mixed():
            one.add(ex)
        batches = [prepare(ex) for ex in mixed()]
        with BulkWriter(bulk) as writer:
            ids = writer.add(batches[:4]) + writer.add(batches[4:])
        assert ids == list(range(1, 11))
        assert [p.exchange.repeat_of for p in batches] == [None, 1, None, None, None, None, None, 1, 3, 1]
        assert fields(bulk) == fields(one)


def test_without_detection_nothing_is_a_repeat(tmp_path: Path) -> None:
    with EventStore(tmp_path / "e.sqlite3") as store, BulkWriter(store) as writer:
        writer.add([prepare(ex) for ex in mixed()[:2]], detect_repeats=False)
        assert [ex.repeat_of for ex in store.query(limit=None)] == [None, None]


def test_every_row_is_searchable_when_it_closes_live_pushes_included(tmp_path: Path) -> None:
    """Pushes the listener stores during an import fall inside the import's index ranges: they are
    indexed with the import's rows."""
    with EventStore(tmp_path / "e.sqlite3") as store:
        with BulkWriter(store) as writer:
            for start in range(0, 300, 50):
                writer.add(
                    [
                        prepare(push(i, event_id=f"imp-{i}", message=f'{{"t":"李四{i}"}}'))
                        for i in range(start, start + 50)
                    ]
                )
                live = threading.Thread(
                    target=store.add, args=(push(1000 + start, event_id=f"live-{start}", message='{"t":"赵六来了"}'),)
                )
                live.start()
                live.join()
        assert len(store.query(EventFilter(text="李四"), limit=None)) == 300
        assert store.stats().unindexed <= 1  # the push after the last batch: the upkeep thread's again
        assert store.wait_indexed(10) and store.stats().unindexed == 0
        assert len(store.query(EventFilter(text="赵六"), limit=None)) == 6  # two CJK characters: the trigram vocabulary
        assert len(store.query(EventFilter(text="赵"), limit=None)) == 6
        assert len(store.query(EventFilter(text="imp-29"), limit=None)) == 11  # imp-29, imp-290…299


def test_an_error_in_a_batch_keeps_the_batches_before_it(tmp_path: Path) -> None:
    with EventStore(tmp_path / "e.sqlite3") as store:
        writer = BulkWriter(store)
        writer.add([prepare(push(0, event_id="evt-0", message='{"t":"周九"}'))])
        broken = prepare(push(1, event_id="evt-1", message="x"))
        broken.row[0] = object()  # not a value SQLite can store
        with pytest.raises(Exception, match="type"):
            writer.add([prepare(push(2, event_id="evt-2", message="y")), broken])
        writer.close()
        assert [ex.event_id for ex in store.query(limit=None)] == ["evt-0"]
        assert [ex.event_id for ex in store.query(EventFilter(text="周九"))] == ["evt-0"]
        store.add(push(3, event_id="evt-3", message='{"t":"周九"}'))  # the store still writes, and indexes again
        assert store.wait_indexed(10)
        assert len(store.query(EventFilter(text="周九"))) == 2
