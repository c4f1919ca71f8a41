"""The event table's store queries on a worker thread, so typing a search never freezes the window.

One worker (a private QThreadPool of one thread, with its own SQLite read connection: the store keeps
one per thread) runs each page query and builds the rows' display strings there too. Every request
carries the model's generation; a new filter bumps it, drops queued requests, and makes a running
one give up (SQLite's progress handler interrupts the statement), so stale pages never reach the
table. Results come back to the GUI thread through a queued signal.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from dingconsole.gui import i18n

log = logging.getLogger(__name__)


class _Sink(QObject):
    """Lives on the GUI thread; the worker emits through it (queued)."""

    done = Signal(int, int, object, int)  # generation, offset, rows, how many exchanges the page held
    failed = Signal(int, str)


class _Job(QRunnable):
    def __init__(self, run: Callable[[], tuple[list[Any], int]], generation: int, offset: int, worker: QueryWorker):
        super().__init__()
        self._run = run
        self._generation = generation
        self._offset = offset
        self._worker = worker

    def run(self) -> None:
        worker = self._worker
        if worker.generation != self._generation:
            return
        try:
            rows, fetched = self._run()
        except sqlite3.OperationalError as exc:
            if worker.generation == self._generation:  # not our own interrupt: a real failure
                worker.sink.failed.emit(self._generation, str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - a closed store at shutdown: reported, never raised in Qt
            worker.sink.failed.emit(self._generation, str(exc))
            return
        worker.sink.done.emit(self._generation, self._offset, rows, fetched)


class QueryWorker:
    """Submit page queries; `sink.done` delivers the current generation's results on the GUI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        i18n.manager()  # created here, on the GUI thread: building rows on the worker reads it
        self.pool = QThreadPool(parent)
        self.pool.setMaxThreadCount(1)
        self.pool.setExpiryTimeout(-1)  # keep the thread, and with it its read connection
        self.sink = _Sink(parent)
        self.generation = 0

    def new_generation(self) -> int:
        """Forget queued requests; a running one stops at its next progress check."""
        self.generation += 1
        self.pool.clear()
        return self.generation

    def submit(self, run: Callable[[], tuple[list[Any], int]], offset: int) -> None:
        self.pool.start(_Job(run, self.generation, offset, self))

    def is_stale(self, generation: int) -> bool:
        return generation != self.generation

    def shutdown(self) -> None:
        """Wait for the running query (called before the store closes)."""
        self.new_generation()
        self.pool.waitForDone()
