"""The EventStore's housekeeping half: search, the search index, pinning, retention and statistics.

A mixin so store.py keeps the write path (group commit, repeats) and this keeps what runs beside it.
It relies on the store's `_write_lock`, `_writable()` and `_reader()`.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from dingconsole.core.store import retention as retention_mod
from dingconsole.core.store import search
from dingconsole.core.store.filter import EventFilter
from dingconsole.core.store.retention import RetentionPolicy
from dingconsole.core.store.upkeep import Upkeep

INDEX_STEP = 64  # rows indexed per write-lock hold on the live path (a few ms: a push may wait behind it)
BACKLOG_STEP = 1000  # ...and per hold while a backlog (a migrated or long-busy store) is worked off: ~50 ms


@dataclasses.dataclass(frozen=True)
class StoreStats:
    """What `events stats` and the status bar show."""

    count: int
    pinned: int
    file_bytes: int  # the database file and its WAL on disk
    used_bytes: int  # pages in use (what the size cap compares with)
    unindexed: int  # rows the search index has not caught up with yet
    trimmed_rows: int  # removed by retention, over the store's life
    trimmed_at: float | None  # when retention last removed something
    trimmed_now: int  # removed by retention since this store was opened
    retention: RetentionPolicy | None
    unauthenticated: int = 0  # unpinned rows recorded before any signature verified (their quota's count)...
    unauthenticated_bytes: int = 0  # ...and what they hold


class Maintenance:
    """Mixed into EventStore."""

    path: Path
    _write_lock: threading.Lock
    session_floor: int

    def _writable(self) -> sqlite3.Connection:
        raise NotImplementedError

    def _reader(self) -> sqlite3.Connection:
        raise NotImplementedError

    def _init_maintenance(self) -> None:
        self._upkeep = Upkeep(self._index_step, self._retain, self._trim_flood)
        self._retention: RetentionPolicy | None = None
        self._trimmed_now = 0
        self.session_floor = 0
        self._marks: collections.deque[tuple[float, int]] = collections.deque()  # (monotonic time, last id)
        self._bulk_writers = 0  # open BulkWriters (core/store/bulk.py): while any is, it does the indexing

    def _committed(self, last_id: int | None, unauthenticated: int = 0) -> None:
        """Rows up to `last_id` were committed just now (under the write lock), `unauthenticated` of them
        unauthenticated: note when, wake the upkeep."""
        rows = 0
        if last_id is not None:
            rows = int(last_id) - (self._marks[-1][1] if self._marks else self.session_floor)
            now = time.monotonic()
            if self._marks and now - self._marks[-1][0] < 1.0:
                self._marks[-1] = (self._marks[-1][0], int(last_id))  # one mark a second at most
            else:
                self._marks.append((now, int(last_id)))
            while len(self._marks) > 2 and self._marks[1][0] < time.monotonic() - retention_mod.SESSION_GRACE_S:
                self._marks.popleft()  # keep the newest mark older than the grace period, and the ones after
        self._upkeep.wake(max(rows, 1), unauthenticated)

    def trim_floor(self, grace: float = retention_mod.SESSION_GRACE_S) -> tuple[int, int]:
        """(age floor, size floor): ids above them are never trimmed by the age cap / the size cap.

        The age cap never touches this session's rows (an import of old events stays). The size cap spares
        what this session stored in the last `grace` seconds — what the user is looking at — so a console
        left running for weeks still stays at its cap."""
        cutoff = time.monotonic() - grace
        older = [last for at, last in self._marks if at < cutoff]
        return self.session_floor, max([self.session_floor, *older])

    def _start_session(self) -> None:
        """Everything stored before now may be trimmed; what arrives from now on may not. Rows the search
        index has not caught up with (a migration rebuilds it) are indexed in the background from now."""
        self.session_floor = int(self._reader().execute("SELECT COALESCE(MAX(id), 0) FROM exchanges").fetchone()[0])
        if search.indexed_upto(self._reader()) < self.session_floor:
            self._upkeep.wake(self.session_floor)

    # -- search --------------------------------------------------------------------------------

    @staticmethod
    def _rest(flt: EventFilter) -> tuple[str, list[Any]]:
        """The filter without its text, as " AND …" (for appending to the search's own WHERE)."""
        where, params = dataclasses.replace(flt, text="").where()
        return (" AND " + where.removeprefix(" WHERE ") if where else ""), params

    def search_ids(self, flt: EventFilter, limit: int | None = None, offset: int = 0) -> list[int]:
        """Ids matching a filter with text, newest (highest id) first — see core/store/search.py."""
        where, params = self._rest(flt)
        return search.search_ids(self._reader(), flt.text, where, params, limit, offset)

    @contextlib.contextmanager
    def interruptible(self, should_stop: Callable[[], bool]) -> Iterator[None]:
        """Queries on this thread inside the block stop (sqlite3.OperationalError) once `should_stop()`:
        the window's worker abandons a search the user has already typed past."""
        conn = self._reader()
        conn.set_progress_handler(lambda: 1 if should_stop() else 0, 20000)
        try:
            yield
        finally:
            conn.set_progress_handler(None, 0)

    def matching_ids(self, flt: EventFilter | None = None, *, newest_first: bool = True) -> list[int]:
        """Every matching id in the order `query` returns them (for paging a bulk export without OFFSET)."""
        flt = flt or EventFilter()
        if flt.text:
            ids = self.search_ids(flt)
            return ids if newest_first else ids[::-1]
        where, params = flt.where()
        order = "DESC" if newest_first else "ASC"
        sql = f"SELECT id FROM exchanges{where} ORDER BY received_at {order}, id {order}"
        return [r[0] for r in self._reader().execute(sql, params)]

    # -- the index -----------------------------------------------------------------------------

    def _index_step(self, batch: int = INDEX_STEP) -> int:
        with self._write_lock:
            if self._bulk_writers:
                return 0  # an import indexes its own batches, and whatever lies before them
            try:
                conn = self._writable()
            except Exception:  # noqa: BLE001 - closed or read-only: nothing to index
                return 0
            with conn:
                conn.execute("BEGIN IMMEDIATE")
                last = conn.execute("SELECT COALESCE(MAX(id), 0) FROM exchanges").fetchone()[0]
                if last - search.indexed_upto(conn) > BACKLOG_STEP:
                    batch = max(batch, BACKLOG_STEP)
                return search.index_pending(conn, batch)

    def _index_upto(self, upto: int) -> None:
        """Index every row up to `upto` (a bulk writer's batch, and whatever lies before it)."""
        with self._write_lock:
            conn = self._writable()
            with conn:
                conn.execute("BEGIN IMMEDIATE")
                after = search.indexed_upto(conn)
                if upto > after:
                    search.index_range(conn, after, upto)

    def wait_indexed(self, timeout: float | None = None) -> bool:
        """Wait until the upkeep thread has indexed everything committed so far."""
        return self._upkeep.wait_idle(timeout)

    # -- pinning -------------------------------------------------------------------------------

    def pin(self, ids: Iterable[int], pinned: bool = True) -> int:
        """Pin (or unpin) exchanges: retention never removes a pinned one. Returns how many exist."""
        id_list = [(int(pinned), int(i)) for i in ids]
        with self._write_lock:
            conn = self._writable()
            with conn:
                return conn.executemany("UPDATE exchanges SET pinned = ? WHERE id = ?", id_list).rowcount

    def pinned_ids(self) -> set[int]:
        return {r[0] for r in self._reader().execute("SELECT id FROM exchanges WHERE pinned")}

    # -- retention -----------------------------------------------------------------------------

    def set_retention(self, policy: RetentionPolicy | None, delay: float = retention_mod.FIRST_PASS_DELAY_S) -> None:
        """Enforce these caps in the background, the first pass `delay` seconds from now (so opening a big
        store is not slowed by trimming it), then every few seconds. None: keep everything."""
        self._retention = policy
        self._upkeep.schedule_retention(delay if policy is not None and policy.active else None)

    def _retain(self) -> int:
        policy = self._retention
        if policy is None or not policy.active:
            return 0
        return self.trim_now(policy)

    def _trim_flood(self) -> int:
        """Hold unauthenticated rows to their quota (and under the size cap), as they arrive."""
        policy = self._retention
        if policy is None or not policy.active:
            return 0
        return self._noted(retention_mod.trim_unauthenticated(self._reader(), self._trim_chunk, policy))

    def trim_now(
        self, policy: RetentionPolicy, now: float | None = None, grace: float = retention_mod.SESSION_GRACE_S
    ) -> int:
        """One retention pass on the calling thread; returns the rows removed."""
        return self._noted(retention_mod.trim(self._reader(), self._trim_chunk, policy, self.trim_floor(grace), now))

    def _noted(self, trimmed: int) -> int:
        if trimmed:
            self._trimmed_now += trimmed
            self._note_trim(trimmed)
        return trimmed

    def _trim_chunk(self, ids: list[int]) -> int:
        with self._write_lock:
            conn = self._writable()
            with conn:
                conn.execute("BEGIN IMMEDIATE")
                # chosen on a read connection: a row pinned since then stays
                marks = ", ".join("?" * len(ids))
                ids = [
                    r[0] for r in conn.execute(f"SELECT id FROM exchanges WHERE id IN ({marks}) AND NOT pinned", ids)
                ]
                search.unindex(conn, ids)
                return conn.executemany("DELETE FROM exchanges WHERE id = ?", [(i,) for i in ids]).rowcount

    def _note_trim(self, rows: int) -> None:
        with self._write_lock:
            conn = self._writable()
            with conn:
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = value + ?",
                    (retention_mod.TRIMMED_ROWS_KEY, rows, rows),
                )
                at = (retention_mod.TRIMMED_AT_KEY, time.time())
                conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", at)

    @property
    def trimmed_now(self) -> int:
        """Events retention removed since this store was opened (cheap: no query)."""
        return self._trimmed_now

    # -- statistics ----------------------------------------------------------------------------

    def used_bytes(self) -> int:
        """What the store holds: bytes of its pages in use (three PRAGMAs; the WAL's spare room and free
        pages are not counted). The window's status bar shows this, not the size of the files."""
        return retention_mod.used_bytes(self._reader())

    def stats(self) -> StoreStats:
        conn = self._reader()
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        count = int(conn.execute("SELECT COUNT(*) FROM exchanges").fetchone()[0])
        upto = int(meta.get(search.INDEXED_KEY) or 0)
        on_disk = 0
        for suffix in ("", "-wal"):
            try:
                on_disk += os.stat(str(self.path) + suffix).st_size
            except OSError:
                pass
        strangers, strangers_bytes = retention_mod.unauthenticated_usage(conn)
        return StoreStats(
            count=count,
            pinned=int(conn.execute("SELECT COUNT(*) FROM exchanges WHERE pinned").fetchone()[0]),
            file_bytes=on_disk,
            used_bytes=retention_mod.used_bytes(conn),
            unindexed=int(conn.execute("SELECT COUNT(*) FROM exchanges WHERE id > ?", (upto,)).fetchone()[0]),
            trimmed_rows=int(meta.get(retention_mod.TRIMMED_ROWS_KEY) or 0),
            trimmed_at=meta.get(retention_mod.TRIMMED_AT_KEY),
            trimmed_now=self._trimmed_now,
            retention=self._retention,
            unauthenticated=strangers,
            unauthenticated_bytes=strangers_bytes,
        )
