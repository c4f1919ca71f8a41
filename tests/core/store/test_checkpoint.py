"""Background WAL checkpoints: they run off the writer, keep the WAL bounded, and stop with the store."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
from dingconsole.core.store import EventStore


def _exchange(i: int) -> Exchange:
    return Exchange(
        received_at=1_700_000_000.0 + i,
        request=HttpRequest(method="POST", path="/api/callback", body=b"x" * 2000),
        remote="127.0.0.1",
        outcome=Outcome.OK,
        message=f'{{"seq": {i}}}',
        event_id=f"ev-{i}",
    )


def _checkpoint_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "dingconsole-checkpoint"]


def test_checkpoints_run_in_background_and_stop_on_close(tmp_path: Path) -> None:
    path = tmp_path / "events.sqlite3"
    store = EventStore(path)
    before = path.stat().st_size
    for start in range(0, 1200, 20):
        store.add_many([_exchange(i) for i in range(start, start + 20)])
    assert _checkpoint_threads()  # due after CHECKPOINT_ROWS rows
    # The writer's own automatic checkpoint is far off (BACKSTOP_PAGES): only the thread copies pages.
    deadline = time.monotonic() + 30
    while path.stat().st_size == before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert path.stat().st_size > before
    store.close()
    assert not _checkpoint_threads()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM exchanges").fetchone()[0] == 1200
    conn.close()


def test_store_that_writes_little_starts_no_thread(tmp_path: Path) -> None:
    with EventStore(tmp_path / "events.sqlite3") as store:
        store.add(_exchange(1))
        assert not _checkpoint_threads()
