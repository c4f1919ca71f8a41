"""WAL checkpoints on a thread of their own, so the writer (the listener's event loop) never waits on one.

SQLite's automatic checkpoint runs inside the COMMIT that crosses the threshold: it copies the WAL back
into the database file and fsyncs both, stalling every request queued behind that commit. Here the
writer only counts committed rows and wakes this thread, which runs a PASSIVE checkpoint on its own
connection (sqlite3 releases the GIL while it works). Durability is unchanged: a transaction is durable
once its COMMIT is in the WAL; a checkpoint only moves committed pages. The writer keeps a large
automatic checkpoint as a backstop should this thread fall behind.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)

CHECKPOINT_ROWS = 500  # rows committed between background checkpoints (roughly SQLite's default 1000 pages)
WAL_LIMIT_BYTES = 4 * 1024 * 1024  # journal_size_limit: the WAL is truncated to this when it restarts
BACKSTOP_PAGES = (
    4000  # the writer's own automatic checkpoint (16 MiB of WAL): cheap, as this thread has copied most pages
)


class Checkpointer:
    """Started lazily on the first checkpoint due (a store that only reads never starts a thread)."""

    def __init__(self, connect: Callable[[], sqlite3.Connection], every: int = CHECKPOINT_ROWS) -> None:
        self._connect = connect
        self._every = every
        self._rows = 0
        self._wake = threading.Event()
        self._stopping = False
        self._thread: threading.Thread | None = None

    def committed(self, rows: int) -> None:
        """Count rows just committed (called by the writer, under the store's write lock)."""
        self._rows += rows
        if self._rows < self._every or self._stopping:
            return
        self._rows = 0
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="dingconsole-checkpoint", daemon=True)
            self._thread.start()
        self._wake.set()

    def _run(self) -> None:
        conn = self._connect()
        try:
            while True:
                self._wake.wait()
                self._wake.clear()
                if self._stopping:
                    return
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.Error as exc:  # the writer's automatic checkpoint still bounds the WAL
                    log.warning("background WAL checkpoint failed: %s", exc)
        finally:
            conn.close()

    def close(self) -> None:
        """Stop the thread (waits for a checkpoint in progress). Idempotent."""
        self._stopping = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
