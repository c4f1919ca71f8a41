"""Carries exchanges from the listener thread to the GUI thread, in batches.

The listener calls `observer(exchange)` on its own thread after each commit. We only append to a
locked list there and, for the first exchange of a batch, emit a signal; the queued connection runs
`_arm` on the GUI thread, which starts a short single-shot timer. When it fires, every exchange that
arrived meanwhile goes out as one `batchReady(list)`, so a burst of 1,000 pushes costs a handful of
model inserts instead of 1,000 (Picard's log view and qutebrowser's throttle do the same).
No widget is ever touched from the listener thread.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from dingconsole.core.exchange import Exchange

DEFAULT_INTERVAL_MS = 50
MAX_BATCH = 500  # rows per event-loop turn while ingesting: keeps each insert well under 100 ms


class ListenerBridge(QObject):
    batchReady = Signal(list)  # list[Exchange], oldest first, on the GUI thread
    _wake = Signal()  # emitted from the listener thread; delivered queued

    def __init__(
        self, interval_ms: int = DEFAULT_INTERVAL_MS, parent: QObject | None = None, *, max_batch: int = MAX_BATCH
    ) -> None:
        super().__init__(parent)
        self.max_batch = max_batch
        self._lock = threading.Lock()
        self._pending: list[Exchange] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._deliver)
        self._more = QTimer(self)  # the rest of a capped batch, on the next turn of the event loop
        self._more.setSingleShot(True)
        self._more.setInterval(0)
        self._more.timeout.connect(self._deliver)
        self._wake.connect(self._arm, Qt.ConnectionType.QueuedConnection)

    def observer(self, exchange: Exchange) -> None:
        """The listener's observer callback: thread-safe, never blocks on the GUI."""
        with self._lock:
            first = not self._pending
            self._pending.append(exchange)
        if first:
            self._wake.emit()

    def _arm(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        """Hand every pending exchange to the GUI now (also used on shutdown, so nothing is lost)."""
        self._timer.stop()
        self._more.stop()
        with self._lock:
            batch, self._pending = self._pending, []
        if batch:
            self.batchReady.emit(batch)

    def _deliver(self) -> None:
        """Timer-driven delivery: at most `max_batch` exchanges, the rest after the event loop breathes
        (so a burst never becomes one insert long enough to freeze the window)."""
        with self._lock:
            batch, self._pending = self._pending[: self.max_batch], self._pending[self.max_batch :]
            more = bool(self._pending)
        if more:
            self._more.start()
        if batch:
            self.batchReady.emit(batch)

    def pending(self) -> int:
        with self._lock:
            return len(self._pending)
