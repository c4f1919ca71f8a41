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

import bisect
import logging
import sqlite3
import threading
from collections.abc import Iterable
from operator import itemgetter
from pathlib import Path

from dingconsole.core import paths
from dingconsole.core.exchange import Exchange
from dingconsole.core.store import files, search
from dingconsole.core.store.checkpoint import BACKSTOP_PAGES, WAL_LIMIT_BYTES, Checkpointer
from dingconsole.core.store.filter import EventFilter, parse_time
from dingconsole.core.store.maintenance import Maintenance
from dingconsole.core.store.rows import (
    BY_EVENT_ID,
    BY_MESSAGE,
    FIRST_BY_EVENT_ID,
    FIRST_BY_MESSAGE,
    SELECT,
    from_row,
    insert_row,
    insert_rows,
    repeat_lookup,
    row_hash,
    to_json,
)
from dingconsole.core.store.schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    StoreError,
    StoreFull,
    StoreReadOnly,
    message_hash,
    migrate,
)

__all__ = [
    "DEFAULT_FILENAME",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "EventFilter",
    "EventStore",
    "StoreError",
    "StoreFull",
    "StoreReadOnly",
    "message_hash",
    "migrate",
    "parse_time",
]

log = logging.getLogger(__name__)

OWN_RANGES_KEPT = 20_000  # commits whose ids `wrote` remembers (the window asks about recent rows only)

DEFAULT_FILENAME = "events.sqlite3"


class _Pending:
    """One caller's share of a group commit."""

    __slots__ = ("exchanges", "detect", "done", "error")

    def __init__(self, exchanges: list[Exchange], detect: bool) -> None:
        self.exchanges = exchanges
        self.detect = detect
        self.done = False
        self.error: BaseException | None = None


# -- the store ---------------------------------------------------------------------------------


class EventStore(Maintenance):
    """Thread-safe store of exchanges. See the module docstring for the locking and commit model.

    On a read-only file or home the store opens read-only (`read_only` is True): every query works,
    and writing raises StoreReadOnly, which says that new events cannot be recorded."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else paths.data_dir() / DEFAULT_FILENAME
        self.read_only = False
        self.read_only_reason = ""
        self._uri: str | None = None  # set when opened read-only
        self._closed = False
        self._write_lock = threading.Lock()
        self._queue_lock = threading.Lock()
        self._queue: list[_Pending] = []
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()
        self._checkpointer = Checkpointer(self._connect)
        self._own_ranges: list[tuple[int, int]] = []  # (first, last) id of each commit, ascending: bisected
        self._init_maintenance()
        files.prepare(self.path)
        writer: sqlite3.Connection | None = None
        try:
            writer = self._connect()
            # 16 KiB pages for a new file: a ~2 KB exchange row filled a 4 KiB page alone (half of it
            # unused); an existing store keeps its page size (only VACUUM could change it)
            writer.execute("PRAGMA page_size=16384")
            writer.execute("PRAGMA journal_mode=WAL")
            writer.execute(f"PRAGMA wal_autocheckpoint={BACKSTOP_PAGES}")  # see store_checkpoint
            migrate(writer)
        except sqlite3.Error as exc:  # a damaged file, a read-only home, a full disk: said as what it is
            if writer is not None:
                writer.close()
            error = files.translate(self.path, exc)
            if not isinstance(error, StoreReadOnly) or not self.path.exists():
                raise error from None
            self._open_read_only(error)
            return
        except BaseException:
            if writer is not None:
                writer.close()
            raise
        self._writer: sqlite3.Connection | None = writer
        self._start_session()

    def _open_read_only(self, why: StoreReadOnly) -> None:
        """Fall back to reading: the data is intact, only new events cannot be recorded."""
        last: sqlite3.Error | None = None
        for uri in files.read_only_uris(self.path):
            self._uri = uri
            try:
                conn = self._connect()
                version = conn.execute("PRAGMA user_version").fetchone()[0]
            except sqlite3.Error as exc:
                last = exc
                continue
            conn.close()
            if version != SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} has schema {version}, this DingConsole needs {SCHEMA_VERSION}, and the file is "
                    "read-only, so it cannot be migrated",
                    "Make the data directory writable once, or point --home elsewhere.",
                    path=str(self.path),
                )
            self._writer = None
            self.read_only, self.read_only_reason = True, why.message
            return
        raise files.translate(self.path, last) if last is not None else why

    def _connect(self) -> sqlite3.Connection:
        if self._uri is not None:
            conn = sqlite3.connect(self._uri, uri=True, timeout=30.0, isolation_level=None, check_same_thread=False)
        else:
            conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA busy_timeout=30000")
        # once a checkpoint has copied it back, the WAL is cut to this size when it restarts: with 16 KiB
        # pages the backstop checkpoint let it sit at 64 MiB for a store holding 2 MiB (issue 23)
        conn.execute(f"PRAGMA journal_size_limit={WAL_LIMIT_BYTES}")
        return conn

    def _writable(self) -> sqlite3.Connection:
        if self._closed:
            raise StoreError("the event store is closed")
        if self._writer is None:
            raise StoreReadOnly(
                f"{self.path} is open read-only: new events cannot be recorded ({self.read_only_reason})",
                "Make the data directory writable, or point --home at a writable directory.",
                path=str(self.path),
            )
        return self._writer

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
        with self._queue_lock:
            batch, self._queue = self._queue, []
        try:
            conn = self._writable()
            conn.execute("BEGIN IMMEDIATE")
            try:
                exchanges = [ex for pending in batch for ex in pending.exchanges]
                rows = [insert_row(ex, detect=pending.detect) for pending in batch for ex in pending.exchanges]
                insert_rows(conn, exchanges, rows)
                conn.execute("COMMIT")
                written = [int(ex.id) for ex in exchanges if ex.id is not None]
                if written:  # one transaction's ids are one run: no other connection writes inside it
                    self._own_ranges.append((min(written), max(written)))
                    if len(self._own_ranges) > OWN_RANGES_KEPT:
                        self._own_ranges = self._own_ranges[OWN_RANGES_KEPT // 2 :]
                self._checkpointer.committed(sum(len(p.exchanges) for p in batch))
                # unauthenticated rows for the flood check, one a row plus one an 8 KiB of body (a 64 KiB row is 9)
                junk = sum(1 + len(ex.request.body) // 8192 for ex in exchanges if ex.unauthenticated)
                self._committed(exchanges[-1].id, junk)  # index (and trim) off the reply path
            except BaseException:
                self._rollback(conn)
                for pending in batch:
                    for ex in pending.exchanges:
                        ex.id = None
                raise
        except sqlite3.Error as exc:  # a full disk says so, not "cannot rollback - no transaction is active"
            error = files.translate(self.path, exc)
            for pending in batch:
                pending.error = error
        except BaseException as exc:  # noqa: BLE001 - re-raised in every waiter of this batch
            for pending in batch:
                pending.error = exc
        for pending in batch:
            pending.done = True

    def _rollback(self, conn: sqlite3.Connection) -> None:
        """Roll back if a transaction is still open (SQLite ends it itself on a full disk)."""
        if not conn.in_transaction:
            return
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error as exc:  # the original error is the one to report; this one is only logged
            log.warning("rollback of the event store failed: %s", exc)

    def set_diagnoses(self, exchanges: Iterable[Exchange]) -> None:
        """Attach each exchange's `diagnosis` to its stored row (the listener diagnoses after replying)."""
        rows = [
            (to_json(ex.diagnosis), ex.message if ex.recovered else None, ex.event_type, int(ex.id))
            for ex in exchanges
            if ex.id is not None
        ]
        if not rows:
            return
        recovered = [row[-1] for row in rows if row[1] is not None]
        with self._write_lock:
            conn = self._writable()
            try:
                with conn:
                    conn.execute("BEGIN IMMEDIATE")
                    # a recovered message and its type fill the row (search, type and family filters see it);
                    # the search index forgets the row's old text first and takes the new one after
                    search.unindex(conn, recovered)
                    conn.executemany(
                        "UPDATE exchanges SET diagnosis = ?, message = coalesce(message, ?),"
                        " event_type = coalesce(event_type, ?) WHERE id = ?",
                        rows,
                    )
                    search.reindex(conn, recovered)
            except sqlite3.Error as exc:
                raise files.translate(self.path, exc) from None

    @staticmethod
    def _first_copy(conn: sqlite3.Connection, ex: Exchange, digest: str | None) -> int | None:
        """The id of the first copy of this push (rows.repeat_lookup says how it is found)."""
        how = repeat_lookup(ex)
        if how == BY_EVENT_ID:
            return conn.execute(FIRST_BY_EVENT_ID, (ex.event_id,)).fetchone()[0]
        if how == BY_MESSAGE:
            return conn.execute(FIRST_BY_MESSAGE, (digest,)).fetchone()[0]
        return None

    def delete(self, ids: Iterable[int]) -> int:
        """Delete these exchanges; returns how many existed."""
        id_list = [int(i) for i in ids]
        if not id_list:
            return 0
        with self._write_lock:
            conn = self._writable()
            with conn:
                conn.execute("BEGIN IMMEDIATE")
                search.unindex(conn, id_list)
                cur = conn.executemany("DELETE FROM exchanges WHERE id = ?", [(i,) for i in id_list])
                return cur.rowcount

    def clear(self) -> int:
        """Delete every exchange; returns how many there were."""
        with self._write_lock:
            conn = self._writable()
            with conn:
                conn.execute("BEGIN IMMEDIATE")
                search.unindex_all(conn)
                return conn.execute("DELETE FROM exchanges").rowcount

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
        """Matching exchanges, newest first by default; `limit`/`offset` page through them.

        A text search ranks by arrival (id) instead of received_at: see core/store/search.py."""
        if flt is not None and flt.text:
            ids = self.search_ids(flt, limit if newest_first else None, offset if newest_first else 0)
            if not newest_first:
                ids = ids[::-1][offset : None if limit is None else offset + limit]
            return self.by_ids(ids)
        where, params = (flt or EventFilter()).where()
        order = "DESC" if newest_first else "ASC"
        sql = f"{SELECT}{where} ORDER BY received_at {order}, id {order} LIMIT ? OFFSET ?"
        params += [-1 if limit is None else int(limit), int(offset)]
        return [from_row(row) for row in self._reader().execute(sql, params)]

    def data_version(self) -> int:
        """SQLite's data_version on this thread's reading connection: it changes when another connection
        (another process's `serve`, or this process's writer) commits. Cheap: no table is read."""
        return int(self._reader().execute("PRAGMA data_version").fetchone()[0])

    def wrote(self, exchange_id: int) -> bool:
        """Whether this EventStore (this process's listener, Stream client, sender) committed that row,
        as opposed to another connection — another process's `serve` on the same file."""
        ranges = self._own_ranges  # one read: the writer may swap in a trimmed list meanwhile
        at = bisect.bisect_right(ranges, exchange_id, key=itemgetter(0)) - 1
        return at >= 0 and exchange_id <= ranges[at][1]

    def after_id(self, after: int, limit: int = 500) -> list[Exchange]:
        """Exchanges stored with an id above `after`, oldest first (what other writers added since)."""
        sql = f"{SELECT} WHERE id > ? ORDER BY id LIMIT ?"
        return [from_row(row) for row in self._reader().execute(sql, (int(after), int(limit)))]

    def by_ids(self, ids: list[int]) -> list[Exchange]:
        """These exchanges, in this order."""
        found: dict[int, Exchange] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = self._reader().execute(f"{SELECT} WHERE id IN ({', '.join('?' * len(chunk))})", chunk)
            found.update((row["id"], from_row(row)) for row in rows)
        return [found[i] for i in ids if i in found]

    def count(self, flt: EventFilter | None = None) -> int:
        if flt is not None and flt.text:
            return len(self.search_ids(flt))
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
        self._upkeep.close()  # before the lock: its step may be waiting for it
        with self._write_lock:
            if self._closed:
                return
            self._closed = True
            self._checkpointer.close()
            if self._writer is not None:
                self._writer.close()
        with self._readers_lock:
            readers, self._readers = self._readers, []
        for conn in readers:
            conn.close()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
