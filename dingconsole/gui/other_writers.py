"""Rows that other writers add to the store (a `dingconsole serve` on the same home) show in the window.

The window's own listener hands its rows over through the bridge. Another process writing to the same
SQLite file reaches no bridge, so the window polls SQLite's `data_version` (one PRAGMA, no table read)
and, when it changed, reads the rows above the highest id it has seen. A row this process's store did
not commit (`EventStore.wrote`) is another writer's: it is added to the table and the status line,
and — while this window's own listener runs — a banner says two listeners share one store.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from dingconsole.core.errors import DingError
from dingconsole.core.exchange import Exchange, Transport
from dingconsole.core.store import EventStore

translate = QCoreApplication.translate
POLL_MS = 1000
PAGE = 500  # rows read per poll


class OtherWriters(QObject):
    """Polls the store; `deliver(rows)` shows another writer's rows, `warn()` names a second listener."""

    def __init__(
        self,
        store: EventStore,
        deliver: Callable[[Sequence[Exchange]], None],
        warn: Callable[[], None],
        listening: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._deliver = deliver
        self._warn = warn
        self._listening = listening
        try:
            self._seen = store.max_id()
            self._version = store.data_version()
        except (sqlite3.Error, DingError):
            self._seen, self._version = 0, -1
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def reset(self) -> None:
        """The store was cleared or replaced: start from its current end."""
        try:
            self._seen = self._store.max_id()
        except (sqlite3.Error, DingError):
            self._seen = 0

    def poll(self) -> None:
        try:
            version = self._store.data_version()
            fresh: list[Exchange] = []
            if version != self._version:
                fresh = self._store.after_id(self._seen, PAGE)
                if len(fresh) < PAGE:  # a full page: read on at the next poll, the version still "changed"
                    self._version = version
        except (sqlite3.Error, DingError):
            return  # a busy or closing store: the next poll tries again
        if fresh:
            self._seen = max(self._seen, max(int(ex.id or 0) for ex in fresh))
        # this process's rows come through the bridge, and this window's imports show themselves
        foreign = [
            ex
            for ex in fresh
            if ex.id is not None and not self._store.wrote(ex.id) and ex.transport is not Transport.IMPORT
        ]
        if not foreign:
            return
        self._deliver(foreign)
        if self._listening() and any(ex.transport is Transport.HTTP for ex in foreign):
            self._warn()

    def stop(self) -> None:
        self.timer.stop()
