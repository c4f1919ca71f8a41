"""Faults told as they are: a full disk says so with the path; files are private; read-only opens read."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
from dingconsole.core.store import EventStore, StoreError


def exchange(size: int = 0) -> Exchange:
    return Exchange(received_at=1.0, request=HttpRequest(body=b"x" * size), outcome=Outcome.INVALID)


def fill_until_full(store: EventStore) -> StoreError:
    store._writer.execute("PRAGMA max_page_count = 40")  # SQLite's own SQLITE_FULL path, as on a full disk
    for _ in range(100):
        try:
            store.add(exchange(16 * 1024))
        except StoreError as exc:
            return exc
    raise AssertionError("the store never filled up")


def test_a_full_disk_says_disk_full_with_the_path(tmp_path: Path) -> None:
    with EventStore(tmp_path / "events.sqlite3") as store:
        error = fill_until_full(store)
        assert error.code == "store_full"
        assert "disk is full" in error.message and str(store.path) in error.message
        assert "rollback" not in error.message and "aside" not in error.hint
        store._writer.execute("PRAGMA max_page_count = 1000000")  # space freed: writing works again
        assert store.add(exchange()) > 0


def test_store_files_are_private_and_repaired_on_open(tmp_path: Path) -> None:
    path = tmp_path / "data" / "events.sqlite3"
    with EventStore(path) as store:
        store.add(exchange())
        files = [p for p in path.parent.iterdir()]
        assert {p.name for p in files} >= {"events.sqlite3", "events.sqlite3-wal", "events.sqlite3-shm"}
        for p in files:
            assert stat.S_IMODE(p.stat().st_mode) & 0o077 == 0, p
    for p in path.parent.iterdir():
        os.chmod(p, 0o644)
    os.chmod(path.parent, 0o755)
    with EventStore(path):
        for p in [path.parent, *path.parent.iterdir()]:
            assert stat.S_IMODE(p.stat().st_mode) & 0o077 == 0, p


def test_a_really_corrupt_store_is_the_only_one_told_to_move_aside(tmp_path: Path) -> None:
    path = tmp_path / "events.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="aside"):
        EventStore(path)
