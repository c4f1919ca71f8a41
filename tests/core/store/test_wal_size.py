"""Issue 23: the WAL does not sit at the backstop checkpoint's 64 MiB, and the store says what it holds.

Real SQLite files; the background checkpoint runs on its own thread, so the test waits for the state."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
from dingconsole.core.store import EventStore
from dingconsole.core.store.checkpoint import WAL_LIMIT_BYTES


def _wal(store: EventStore) -> int:
    try:
        return os.stat(str(store.path) + "-wal").st_size
    except OSError:
        return 0


def test_the_wal_is_cut_back_after_checkpoints_and_used_bytes_is_what_is_held(tmp_path: Path) -> None:
    with EventStore(tmp_path / "events.sqlite3") as store:
        for i in range(600):  # ~3 KB a row, one commit each, as a listener writes them
            body = json.dumps({"encrypt": os.urandom(1000).hex()}).encode()
            message = json.dumps({"EventType": "check_url", "i": i, "pad": "x" * 800})
            store.add(
                Exchange(time.time(), HttpRequest("POST", "/cb", {}, {}, body), outcome=Outcome.OK, message=message)
            )
        deadline = time.monotonic() + 10
        while _wal(store) > WAL_LIMIT_BYTES and time.monotonic() < deadline:
            store.add(
                Exchange(time.time(), HttpRequest("POST", "/cb"), outcome=Outcome.INFO)
            )  # a write restarts the WAL
            time.sleep(0.05)
        assert _wal(store) <= WAL_LIMIT_BYTES, "the WAL kept the backstop checkpoint's size"
        held = store.used_bytes()
        assert 600 * 2000 < held < os.stat(store.path).st_size + _wal(store) + 1
