"""The durable event store: every captured exchange in one SQLite file (WAL), queried by the table and the CLI.

Threading: one *writer* connection guarded by a lock, and one *reader* connection per thread (WAL lets
readers run while the listener writes). Writes use leader-based group commit: concurrent `add` calls
queue their exchanges, and whichever caller takes the writer lock first commits the whole queue in one
transaction and wakes the others — so a burst of pushes costs one commit, and `add` still only
returns once its exchange is on disk (synchronous=NORMAL in WAL mode: a committed transaction survives
the process being killed; only a power loss can drop the last ones).

Repeat detection (DingTalk retries a push it did not get `success` for) runs inside the write
transaction, so two concurrent copies of one event can never both be "first".
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from dingconsole.core import paths
from dingconsole.core.exchange import Exchange, Outcome, Transport
from dingconsole.core.store.checkpoint import BACKSTOP_PAGES, Checkpointer
from dingconsole.core.store.rows import INSERT, SELECT, from_row, row_hash, to_row
from dingconsole.core.store.schema import MIGRATIONS, SCHEMA_VERSION, StoreError, message_hash, migrate

__all__ = [
    "DEFAULT_FILENAME",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "EventFilter",
    "EventStore",
    "StoreError",
    "message_hash",
    "migrate",
    "parse_time",
]

DEFAULT_FILENAME = "events.sqlite3"

# Event types whose plaintext carries nothing but the type: identical copies are new checks, not retries.
_CONTENT_FREE_PREFIX = "check_"

# -- filters -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventFilter:
    """What to show. Empty sequences mean "any"; `since`/`until` are epoch seconds (inclusive)."""

    event_types: Sequence[str] = ()
    outcomes: Sequence[Outcome | str] = ()
    profiles: Sequence[str] = ()
    text: str = ""
    since: float | None = None
    until: float | None = None
    ids: Sequence[int] = ()
    transport: Sequence[Transport | str] = ()

    def where(self) -> tuple[str, list[Any]]:
        """The SQL WHERE clause (or "") and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []

        def any_of(column: str, values: Sequence[Any]) -> None:
            if values:
                clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
                params.extend(str(v) for v in values)

        any_of("event_type", self.event_types)
        any_of("outcome", self.outcomes)
        any_of("profile", self.profiles)
        any_of("transport", self.transport)
        if self.ids:
            clauses.append(f"id IN ({', '.join('?' * len(self.ids))})")
            params.extend(int(i) for i in self.ids)
        if self.text:
            pattern = "%" + self.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            clauses.append(
                "(message LIKE ? ESCAPE '\\' OR error_message LIKE ? ESCAPE '\\'"
                " OR event_type LIKE ? ESCAPE '\\' OR event_id LIKE ? ESCAPE '\\')"
            )
            params.extend([pattern] * 4)
        if self.since is not None:
            clauses.append("received_at >= ?")
            params.append(float(self.since))
        if self.until is not None:
            clauses.append("received_at <= ?")
            params.append(float(self.until))
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def parse_time(text: str) -> float:
    """ISO 8601 date/time (local time when no offset is given) or epoch seconds → epoch seconds."""
    try:
        return float(text)
    except ValueError:
        pass
    value = text.strip()
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(value).timestamp()
    except ValueError:
        raise ValueError(f"not an ISO date/time or epoch seconds: {text!r}") from None


class _Pending:
    """One caller's share of a group commit."""

    __slots__ = ("exchanges", "detect", "done", "error")

    def __init__(self, exchanges: list[Exchange], detect: bool) -> None:
        self.exchanges = exchanges
        self.detect = detect
        self.done = False
        self.error: BaseException | None = None


# -- the store ---------------------------------------------------------------------------------


def _unusable(path: Path, exc: sqlite3.DatabaseError) -> StoreError:
    return StoreError(
        f"{path} is not a usable event store: {exc}",
        "Move the file aside (DingConsole then starts an empty store there), or point --home elsewhere.",
        path=str(path),
    )


class EventStore:
    """Thread-safe store of exchanges. See the module docstring for the locking and commit model."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else paths.data_dir() / DEFAULT_FILENAME
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._closed = False
        self._write_lock = threading.Lock()
        self._queue_lock = threading.Lock()
        self._queue: list[_Pending] = []
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()
        self._checkpointer = Checkpointer(self._connect)
        try:
            self._writer = self._connect()
        except sqlite3.DatabaseError as exc:
            raise _unusable(self.path, exc) from None
        try:
            self._writer.execute("PRAGMA journal_mode=WAL")
            self._writer.execute(f"PRAGMA wal_autocheckpoint={BACKSTOP_PAGES}")  # see store_checkpoint
            migrate(self._writer)
        except sqlite3.DatabaseError as exc:  # "file is not a database", a damaged file: say which file
            self._writer.close()
            raise _unusable(self.path, exc) from None
        except BaseException:
            self._writer.close()
            raise

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA busy_timeout=30000")
        return conn

    def _reader(self) -> sqlite3.Connection:
        if self._closed:
            raise StoreError("the event store is closed")
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
            with self._readers_lock:
                self._readers.append(conn)
        return conn

    @property
    def schema_version(self) -> int:
        return int(self._reader().execute("PRAGMA user_version").fetchone()[0])

    # -- writing -------------------------------------------------------------------------------

    def add(self, exchange: Exchange, *, detect_repeats: bool = True) -> int:
        """Persist one exchange (committed when this returns); sets and returns `exchange.id`.

        With `detect_repeats`, a decrypted push seen before gets `repeat_of` = id of the first copy."""
        return self.add_many([exchange], detect_repeats=detect_repeats)[0]

    def add_many(self, exchanges: Iterable[Exchange], *, detect_repeats: bool = True) -> list[int]:
        """Persist several exchanges in one transaction (joined with any concurrent callers')."""
        pending = _Pending(list(exchanges), detect_repeats)
        if not pending.exchanges:
            return []
        with self._queue_lock:
            self._queue.append(pending)
        with self._write_lock:
            if not pending.done:
                self._commit_queue()
        if pending.error is not None:
            raise pending.error
        return [int(ex.id) for ex in pending.exchanges if ex.id is not None]

    def _commit_queue(self) -> None:
        """Commit everything queued so far in one transaction (caller holds the writer lock)."""
        if self._closed:
            raise StoreError("the event store is closed")
        with self._queue_lock:
            batch, self._queue = self._queue, []
        conn = self._writer
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                for pending in batch:
                    for ex in pending.exchanges:
                        digest = row_hash(ex)
                        if pending.detect and ex.repeat_of is None:
                            ex.repeat_of = self._first_copy(conn, ex, digest)
                        ex.id = conn.execute(INSERT, to_row(ex, digest)).lastrowid
                conn.execute("COMMIT")
                self._checkpointer.committed(sum(len(p.exchanges) for p in batch))
            except BaseException:
                conn.execute("ROLLBACK")
                for pending in batch:
                    for ex in pending.exchanges:
                        ex.id = None
                raise
        except BaseException as exc:  # noqa: BLE001 - re-raised in every waiter of this batch
            for pending in batch:
                pending.error = exc
        for pending in batch:
            pending.done = True

    @staticmethod
    def _first_copy(conn: sqlite3.Connection, ex: Exchange, digest: str | None) -> int | None:
        """The id of the first copy of this push: same eventId, or (classic payloads) same plaintext."""
        if ex.message is None:
            return None
        if ex.event_id:
            row = conn.execute("SELECT MIN(id) FROM exchanges WHERE event_id = ?", (ex.event_id,)).fetchone()
            return row[0]
        if ex.event_type and ex.event_type.startswith(_CONTENT_FREE_PREFIX):
            return None
        row = conn.execute(
            "SELECT MIN(id) FROM exchanges WHERE message_hash = ? AND (event_id IS NULL OR event_id = '')",
            (digest,),
        ).fetchone()
        return row[0]

    def delete(self, ids: Iterable[int]) -> int:
        """Delete these exchanges; returns how many existed."""
        id_list = [int(i) for i in ids]
        if not id_list:
            return 0
        with self._write_lock:
            with self._writer:
                cur = self._writer.executemany("DELETE FROM exchanges WHERE id = ?", [(i,) for i in id_list])
                return cur.rowcount

    def clear(self) -> int:
        """Delete every exchange; returns how many there were."""
        with self._write_lock:
            with self._writer:
                return self._writer.execute("DELETE FROM exchanges").rowcount

    # -- reading -------------------------------------------------------------------------------

    def get(self, exchange_id: int) -> Exchange | None:
        row = self._reader().execute(f"{SELECT} WHERE id = ?", (int(exchange_id),)).fetchone()
        return None if row is None else from_row(row)

    def query(
        self,
        flt: EventFilter | None = None,
        *,
        limit: int | None = None,
        offset: int = 0,
        newest_first: bool = True,
    ) -> list[Exchange]:
        """Matching exchanges, newest first by default; `limit`/`offset` page through them."""
        where, params = (flt or EventFilter()).where()
        order = "DESC" if newest_first else "ASC"
        sql = f"{SELECT}{where} ORDER BY received_at {order}, id {order} LIMIT ? OFFSET ?"
        params += [-1 if limit is None else int(limit), int(offset)]
        return [from_row(row) for row in self._reader().execute(sql, params)]

    def count(self, flt: EventFilter | None = None) -> int:
        where, params = (flt or EventFilter()).where()
        return int(self._reader().execute(f"SELECT COUNT(*) FROM exchanges{where}", params).fetchone()[0])

    def find_first_by_event_id(self, event_id: str) -> Exchange | None:
        """The first exchange that carried this DingTalk eventId (the original of any retries)."""
        row = self._reader().execute(f"{SELECT} WHERE event_id = ? ORDER BY id LIMIT 1", (event_id,)).fetchone()
        return None if row is None else from_row(row)

    def find_first_by_message(self, message: str) -> Exchange | None:
        """The first exchange without an eventId whose decrypted plaintext is exactly `message` (classic payloads;
        pushes with an eventId are not hashed — see store_rows.row_hash)."""
        row = (
            self._reader()
            .execute(f"{SELECT} WHERE message_hash = ? ORDER BY id LIMIT 1", (message_hash(message),))
            .fetchone()
        )
        return None if row is None else from_row(row)

    def find_repeat_original(self, exchange: Exchange) -> Exchange | None:
        """The exchange this one repeats (same eventId, or same plaintext when there is none), if any."""
        first = self._first_copy(self._reader(), exchange, row_hash(exchange))
        if first is None or first == exchange.id:
            return None
        return self.get(first)

    def event_types(self) -> list[str]:
        """Every event type in the store, for filter menus."""
        rows = self._reader().execute(
            "SELECT DISTINCT event_type FROM exchanges WHERE event_type IS NOT NULL ORDER BY event_type"
        )
        return [r[0] for r in rows]

    def max_id(self) -> int:
        """The newest id (0 when empty) — lets a viewer poll for rows added by another process."""
        return int(self._reader().execute("SELECT COALESCE(MAX(id), 0) FROM exchanges").fetchone()[0])

    # -- lifetime ------------------------------------------------------------------------------

    def close(self) -> None:
        """Close every connection (the writer and each thread's reader). Idempotent."""
        with self._write_lock:
            if self._closed:
                return
            self._closed = True
            self._checkpointer.close()
            self._writer.close()
        with self._readers_lock:
            readers, self._readers = self._readers, []
        for conn in readers:
            conn.close()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
