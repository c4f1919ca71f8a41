"""The store's upkeep thread: the search index and retention, run after commits instead of inside them.

The listener's writer commits a push and replies; indexing that push (trigram tokenising ~1 KB) and
trimming old rows would otherwise sit on the reply path. The writer only wakes this thread, which does
a small step at a time under the store's write lock (a few milliseconds each, so a push waiting behind
it waits little), until nothing is left. A store that only reads never starts the thread.

A flood of unauthenticated requests is the exception to letting a burst settle: every FLOOD_CHECK_ROWS
of them the thread holds them to their quota (core/store/retention.py) even while commits continue —
a few small transactions, each a few milliseconds under the write lock — so junk never piles up for
the length of the flood.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

RETENTION_EVERY_S = 10.0  # a retention pass this often once retention is on (rows arriving or not)
QUIET_S = 0.1  # index once commits pause this long...
MAX_DELAY_S = 10.0  # ...or after this long of steady everyday traffic...
BUSY_ROWS = 5000  # ...unless this many rows arrived meanwhile (a load test: replies first, searches scan the tail)...
MAX_BACKLOG = 200_000  # ...and the backlog is still smaller than this
# unauthenticated rows committed before their quota is enforced, burst or not; a row counts once more per 8 KiB
# of body (EventStore._commit_queue), so between two checks a flood adds ~512 KiB (and one 0.1 s poll's worth)
FLOOD_CHECK_ROWS = 64


class Upkeep:
    """`index_step()` returns how many rows it indexed (0: done); `retain()` trims when a policy is set;
    `flood()` holds unauthenticated rows to their quota."""

    def __init__(
        self,
        index_step: Callable[[], int],
        retain: Callable[[], object],
        flood: Callable[[], object] | None = None,
    ) -> None:
        self._index_step = index_step
        self._retain = retain
        self._flood = flood
        self._unauthenticated = 0  # unauthenticated rows committed since `flood` last ran
        self._wake = threading.Event()
        self._stop = threading.Event()  # set by close() only: what _settle sleeps on
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._next_retain: float | None = None  # monotonic time of the next retention pass
        self._idle = threading.Event()
        self._idle.set()
        self._lock = threading.Lock()
        self._requested = 0  # wake() calls so far: idle only once the thread has caught up with all of them
        self._arrived = 0  # rows committed since the index last caught up

    def wake(self, rows: int = 0, unauthenticated: int = 0) -> None:
        """Rows were committed (or a backlog exists): index them soon; `unauthenticated` of them count
        toward the next quota check."""
        if self._stopping:
            return
        with self._lock:
            self._requested += 1
            self._arrived += rows
            self._unauthenticated += unauthenticated
            self._idle.clear()
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="dingconsole-upkeep", daemon=True)
            self._thread.start()
        self._wake.set()

    def schedule_retention(self, delay: float | None) -> None:
        """Run retention passes from `delay` seconds on (None: stop them)."""
        self._next_retain = None if delay is None else time.monotonic() + delay
        self.wake()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until every committed row is indexed (tests, `import`, the benchmark)."""
        return self._idle.wait(timeout)

    def _run(self) -> None:
        while not self._stopping:
            due = self._next_retain
            self._wake.wait(None if due is None else max(due - time.monotonic(), 0.0))
            self._wake.clear()
            if self._stopping:
                break
            yielding = self._settle()
            with self._lock:
                seen = self._requested
            try:
                caught_up = False
                while not self._stopping:
                    if not self._index_step():
                        caught_up = True
                        break
                    if yielding and self._wake.is_set():
                        break  # a new burst began: replies first, the index after it (back to _settle)
                if caught_up:
                    with self._lock:
                        self._arrived = 0
                self._check_flood(1)  # the burst is over: whatever junk it left goes to its quota now
                due = self._next_retain
                if not self._stopping and due is not None and time.monotonic() >= due:
                    self._next_retain = time.monotonic() + RETENTION_EVERY_S
                    self._retain()
            except sqlite3.Error as exc:  # a full disk, a read-only file: searching still scans the tail
                log.warning("store upkeep failed: %s", exc)
            except Exception as exc:  # noqa: BLE001 - a closed store mid-step; never kill the process
                log.warning("store upkeep stopped: %s", exc)
            with self._lock:
                if self._requested == seen:
                    self._idle.set()
        self._idle.set()

    def _settle(self) -> bool:
        """Let a burst of pushes finish before indexing it: while the listener is busy, the index waits.

        True: commits paused (index, but yield to the next burst); False: steady everyday traffic or a
        backlog too big to wait on (index until caught up)."""
        started, arrived = time.monotonic(), self._arrived
        # polled, not woken per commit: a thread woken by every commit of a burst takes the GIL from
        # the listener's event loop hundreds of times a second (measured: 10-20 % of its throughput)
        seen = self._requested
        while not self._stopping:
            self._stop.wait(QUIET_S)
            self._check_flood(FLOOD_CHECK_ROWS)  # a flood is trimmed while it lasts, not after it
            if self._requested == seen or self._stopping:
                break
            seen = self._requested
            if time.monotonic() - started >= MAX_DELAY_S:
                busy = self._arrived - arrived >= BUSY_ROWS
                if not busy or self._arrived >= MAX_BACKLOG:
                    self._wake.clear()
                    return False
                started, arrived = time.monotonic(), self._arrived
        self._wake.clear()  # what arrived while settling is indexed now; a set flag from here on is a new burst
        return True

    def _check_flood(self, least: int) -> None:
        """Run `flood()` once `least` unauthenticated rows arrived since it last ran."""
        with self._lock:
            due = self._flood is not None and self._unauthenticated >= max(least, 1)
            if due:
                self._unauthenticated = 0
        if not due or self._flood is None or self._stopping:
            return
        try:
            self._flood()
        except sqlite3.Error as exc:  # a full disk, a read-only file: the next regular pass tries again
            log.warning("trimming unauthenticated rows failed: %s", exc)
        except Exception as exc:  # noqa: BLE001 - a closed store mid-step; never kill the process
            log.warning("trimming unauthenticated rows stopped: %s", exc)

    def close(self) -> None:
        """Stop the thread after its current step. Idempotent."""
        self._stopping = True
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
