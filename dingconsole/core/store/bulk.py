"""Writing an import in bulk: rows prepared before the lock, each batch indexed on a thread of its own.

An import is Python work (parsing, building rows) and SQLite work (inserting, indexing). On two cores
they overlap only where SQLite runs without Python's lock: the search index of a batch is written in
one statement (search.index_range), so this writer's indexer thread indexes what was inserted while
the caller parses on. Inserting stays on the caller's thread: per-row statements take Python's lock
between rows, and two threads taking turns at it run at the speed of one. Insert and index share the
store's one write lock, so both are kept short: a batch is one `executemany`, with the first-copy
lookup of repeat detection inside the INSERT, and the caller inserts whenever the indexer is not
holding the lock (`ready`) rather than waiting for it.

While a writer is open the store's upkeep thread leaves indexing to it (small live steps would cut the
import into tiny index segments); `close` waits until every row is indexed, so an import is searchable
as soon as it returns, and hands indexing back.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from dataclasses import dataclass
from typing import Any

from dingconsole.core.exchange import Exchange
from dingconsole.core.store import files
from dingconsole.core.store.rows import COLUMNS, NO_LOOKUP, insert_row, insert_rows
from dingconsole.core.store.store import EventStore

_LOOKUP = len(COLUMNS)  # the row's extra parameter: which first-copy lookup (rows.INSERT_DETECTING)
BULK_CACHE_KIB = 64 * 1024  # the writer's page cache while importing (SQLite's default is 2 MiB)


@dataclass(slots=True)
class Prepared:
    """One exchange ready to insert: its row, built without the store's lock."""

    exchange: Exchange
    row: list[Any]  # rows.INSERT_DETECTING's parameters


def prepare(exchange: Exchange) -> Prepared:
    return Prepared(exchange, insert_row(exchange, detect=True))


class BulkWriter:
    """`add` batches of prepared exchanges, then `close` (or use it as a context manager).

    Repeats are detected as `EventStore.add_many` detects them; each batch is one transaction."""

    def __init__(self, store: EventStore) -> None:
        self._store = store
        self._todo: queue.Queue[int | None] = queue.Queue()  # the last id of each batch inserted
        self._indexing = threading.Event()  # set while the indexer holds the write lock
        self._error: BaseException | None = None
        self._closed = False
        self._cache: int | None = None
        with store._write_lock:
            conn = store._writable()
            self._cache = int(conn.execute("PRAGMA cache_size").fetchone()[0])
            conn.execute(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
            store._bulk_writers += 1
        self._thread = threading.Thread(target=self._index_loop, name="dingconsole-bulk-index", daemon=True)
        self._thread.start()

    def __enter__(self) -> BulkWriter:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        self.close(raise_errors=kind is None)

    def ready(self) -> bool:
        """True when `add` would not wait for the indexer: a caller with rows in hand inserts them now,
        and otherwise parses on (the write lock's two holders then take turns without idling)."""
        return not self._indexing.is_set()

    def add(self, batch: list[Prepared], *, detect_repeats: bool = True) -> list[int]:
        """Insert `batch` in one transaction (committed when this returns) and queue it for indexing."""
        if self._error is not None:
            raise self._error
        if not batch:
            return []
        ids = self._insert(batch, detect_repeats)
        self._todo.put(ids[-1])
        return ids

    def _insert(self, batch: list[Prepared], detect: bool) -> list[int]:
        store = self._store
        if not detect:
            for item in batch:
                item.row[_LOOKUP] = NO_LOOKUP
        with store._write_lock:
            conn = store._writable()
            try:
                conn.execute("BEGIN IMMEDIATE")
                insert_rows(conn, [item.exchange for item in batch], (item.row for item in batch))
                conn.execute("COMMIT")
            except sqlite3.Error as exc:  # a full disk says so
                store._rollback(conn)
                for item in batch:
                    item.exchange.id = None
                raise files.translate(store.path, exc) from None
            except BaseException:
                store._rollback(conn)
                for item in batch:
                    item.exchange.id = None
                raise
            store._checkpointer.committed(len(batch))
            store._committed(batch[-1].exchange.id)
        return [int(item.exchange.id) for item in batch if item.exchange.id is not None]

    def _index_loop(self) -> None:
        done = False
        while not done:
            upto = self._todo.get()
            if upto is None:
                break
            while True:  # everything inserted meanwhile, in one statement: fewer, larger index segments
                try:
                    more = self._todo.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    done = True
                    break
                upto = more
            if self._error is not None:
                continue  # drain: the caller sees the error at its next add or at close
            self._indexing.set()
            try:
                self._store._index_upto(upto)
            except sqlite3.Error as exc:
                self._error = files.translate(self._store.path, exc)
            except BaseException as exc:  # noqa: BLE001 - re-raised on the caller's thread
                self._error = exc
            finally:
                self._indexing.clear()

    def close(self, *, raise_errors: bool = True) -> None:
        """Wait until every added row is indexed, then hand indexing back to the store. Idempotent."""
        if self._closed:
            return
        self._closed = True
        self._todo.put(None)
        self._thread.join()
        store = self._store
        with store._write_lock:
            store._bulk_writers -= 1
            if store._writer is not None and self._cache is not None:
                store._writer.execute(f"PRAGMA cache_size={self._cache}")
        store._upkeep.wake()  # rows left unindexed by an error, or live pushes that came in meanwhile
        if raise_errors and self._error is not None:
            raise self._error
