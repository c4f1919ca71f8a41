"""Notices when the profiles file changes on disk (`dingconsole profile add …` while the window runs).

The profiles file is replaced atomically (written beside it, then renamed), which a file watch alone
loses track of, so the directory is watched too and the file is re-added whenever it reappears.
Bursts of notifications (write, chmod, rename) are coalesced by a short timer, and `changed` is
emitted only when the file's content really differs from what was last seen — our own saves, read
back, look the same as what the store holds and cost one compare.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

SETTLE_MS = 150


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None  # missing or unreadable: a state of its own, compared like any other


class ProfilesWatcher(QObject):
    """Emits `changed()` (on the GUI thread) after the file at `path` changed on disk."""

    changed = Signal()

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self._seen = _digest(path)
        self._watcher = QFileSystemWatcher(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self._check)
        self._watcher.fileChanged.connect(self._poke)
        self._watcher.directoryChanged.connect(self._poke)
        self._watch()

    def _watch(self) -> None:
        wanted = [str(p) for p in (self.path.parent, self.path) if p.exists()]
        missing = [p for p in wanted if p not in self._watcher.files() + self._watcher.directories()]
        if missing:
            self._watcher.addPaths(missing)

    def _poke(self, _path: str = "") -> None:
        self._timer.start()

    def mark_seen(self) -> None:
        """The window itself just wrote the file: no need to tell it."""
        self._seen = _digest(self.path)

    def _check(self) -> None:
        self._watch()  # an atomic replace dropped the old file from the watch
        now = _digest(self.path)
        if now != self._seen:
            self._seen = now
            self.changed.emit()
