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


class ListenerBridge(QObject):
    batchReady = Signal(list)  # list[Exchange], oldest first, on the GUI thread
    _wake = Signal()  # emitted from the listener thread; delivered queued

    def __init__(self, interval_ms: int = DEFAULT_INTERVAL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._pending: list[Exchange] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.flush)
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
        with self._lock:
            batch, self._pending = self._pending, []
        if batch:
            self.batchReady.emit(batch)

    def pending(self) -> int:
        with self._lock:
            return len(self._pending)
