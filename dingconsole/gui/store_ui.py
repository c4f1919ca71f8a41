"""The window's view of the store's upkeep: retention settings, pinning from the table, size in the status bar,
and the import progress bar.

Retention itself runs on the store's upkeep thread (core/store/upkeep.py); the window only chooses the
caps (saved in the settings file) and shows what happened. Nothing here queries the whole store on the
GUI thread: the status label reads the file's size and the store's own counter of trimmed events.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QPoint, QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QMenu,
    QProgressBar,
    QSpinBox,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from dingconsole.core.errors import DingError
from dingconsole.core.store import EventStore
from dingconsole.core.store.retention import DEFAULT_MAX_AGE_DAYS, DEFAULT_MAX_BYTES, GIB, RetentionPolicy
from dingconsole.gui.events_view import EventsView

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls

MAX_GIB_KEY, MAX_AGE_KEY = "store/max_size_gib", "store/max_age_days"
STATUS_EVERY_MS = 5000


def _read_float(settings: QSettings, key: str, default: float) -> float:
    try:
        return float(settings.value(key, default))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default


def policy_from_settings(settings: QSettings) -> RetentionPolicy:
    """The caps the user chose (defaults: 2 GiB, 30 days); 0 means no cap of that kind."""
    gib = _read_float(settings, MAX_GIB_KEY, DEFAULT_MAX_BYTES / GIB)
    days = _read_float(settings, MAX_AGE_KEY, DEFAULT_MAX_AGE_DAYS)
    return RetentionPolicy(max_bytes=int(gib * GIB) or None, max_age_days=days or None)


def size_text(n: float) -> str:
    if n >= GIB:
        return f"{n / GIB:.2f} GiB"
    return f"{n / 1024**2:.1f} MiB"


class RetentionDialog(QDialog):
    """Store → Retention…: the size cap and the age cap."""

    def __init__(self, policy: RetentionPolicy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("StoreUi", "Retention"))
        self.size_cap = QDoubleSpinBox()
        self.size_cap.setRange(0, 4096)
        self.size_cap.setDecimals(1)
        self.size_cap.setSuffix(" GiB")
        self.size_cap.setSpecialValueText(translate("StoreUi", "no size cap"))
        self.size_cap.setValue((policy.max_bytes or 0) / GIB)
        self.age_cap = QSpinBox()
        self.age_cap.setRange(0, 3650)
        self.age_cap.setSuffix(translate("StoreUi", " days"))
        self.age_cap.setSpecialValueText(translate("StoreUi", "keep forever"))
        self.age_cap.setValue(int(policy.max_age_days or 0))
        self._quota = (policy.unauthenticated_rows, policy.unauthenticated_bytes)  # not chosen here: kept as is
        form = QFormLayout()
        form.addRow(translate("StoreUi", "Keep the store under"), self.size_cap)
        form.addRow(translate("StoreUi", "Drop events older than"), self.age_cap)
        note = QLabel(
            translate(
                "StoreUi",
                "The oldest events go first, in the background. Pinned events are never removed, nor what "
                "this session recorded in the last hour.",
            )
        )
        note.setWordWrap(True)
        strangers = QLabel(
            translate(
                "StoreUi",
                "Requests that no signature verified (a stranger's unknown paths, bad signatures, status page "
                "views) are kept apart: only the newest %1 within %2, removed first, so a flood never pushes "
                "out your events.",
            )
            .replace("%1", f"{policy.unauthenticated_rows or 0:,}")
            .replace("%2", size_text(policy.unauthenticated_bytes or 0))
        )
        strangers.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(strangers)
        layout.addWidget(buttons)

    def policy(self) -> RetentionPolicy:
        return RetentionPolicy(
            max_bytes=int(self.size_cap.value() * GIB) or None,
            max_age_days=float(self.age_cap.value()) or None,
            unauthenticated_rows=self._quota[0],
            unauthenticated_bytes=self._quota[1],
        )


class StoreUi(QObject):
    """Wires the store's upkeep into a window: settings, the table's pin menu, the status label."""

    def __init__(self, store: EventStore, events: EventsView, bar: QStatusBar, settings: QSettings) -> None:
        super().__init__(events)
        self.store, self.events, self.settings = store, events, settings
        self.label = QLabel()
        bar.addPermanentWidget(self.label)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.setVisible(False)
        bar.addPermanentWidget(self.progress)
        self._trimmed_seen = 0
        self.on_trimmed: Callable[[int], None] | None = None  # the window's event count follows retention
        self.trimmed = 0  # events retention removed since the window opened
        self.timer = QTimer(self)
        self.timer.setInterval(STATUS_EVERY_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        table = events.table
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._menu)
        self.apply(policy_from_settings(settings))

    def apply(self, policy: RetentionPolicy) -> None:
        """Enforce these caps from now on, and remember them."""
        self.settings.setValue(MAX_GIB_KEY, (policy.max_bytes or 0) / GIB)
        self.settings.setValue(MAX_AGE_KEY, policy.max_age_days or 0)
        if not self.store.read_only:
            self.store.set_retention(policy)
        self.refresh()

    def open_dialog(self, parent: QWidget | None = None) -> RetentionDialog:
        dialog = RetentionDialog(policy_from_settings(self.settings), parent)
        dialog.accepted.connect(lambda: self.apply(dialog.policy()))
        dialog.setModal(True)
        dialog.show()
        return dialog

    def refresh(self) -> int:
        """Update the label; returns how many events were trimmed since the last refresh."""
        on_disk = 0
        for suffix in ("", "-wal"):
            try:
                on_disk += os.stat(str(self.store.path) + suffix).st_size
            except OSError:
                pass
        now = self.store.trimmed_now
        fresh, self._trimmed_seen = now - self._trimmed_seen, now
        if fresh and self.on_trimmed is not None:
            self.on_trimmed(fresh)
        self.trimmed = now
        policy = policy_from_settings(self.settings)
        try:
            held = self.store.used_bytes()  # what the store holds; the files (the WAL's room) go in the tooltip
        except (sqlite3.Error, DingError):  # a closed or unreadable store: the files' size is all there is
            held = on_disk
        text = translate("StoreUi", "store %1").replace("%1", size_text(held))
        if policy.max_bytes:
            text = translate("StoreUi", "store %1 of %2").replace("%1", size_text(held))
            text = text.replace("%2", size_text(policy.max_bytes))
        self.label.setToolTip(
            translate("StoreUi", "%1 on disk (database and write-ahead log)").replace("%1", size_text(on_disk))
        )
        if now:
            text += " · " + translate("StoreUi", "%1 old events trimmed").replace("%1", f"{now:,}")
        self.label.setText(text)
        return fresh

    # -- pinning ---------------------------------------------------------------------------------

    def _menu(self, pos: QPoint) -> None:
        menu = self.selection_menu()
        if menu is not None:
            menu.popup(self.events.table.viewport().mapToGlobal(pos))

    def selection_menu(self) -> QMenu | None:
        """The table's context menu for the selected events: pin or unpin them."""
        chosen = [ex.id for ex in self.events.selected_exchanges() if ex.id is not None]
        if not chosen:
            return None
        pinned = self.store.pinned_ids() & set(chosen)
        menu = QMenu(self.events.table)
        if len(pinned) < len(chosen):
            pin = menu.addAction(translate("StoreUi", "Pin (retention keeps it)"))
            pin.triggered.connect(lambda: self.pin(chosen, True))
        if pinned:
            unpin = menu.addAction(translate("StoreUi", "Unpin"))
            unpin.triggered.connect(lambda: self.pin(sorted(pinned), False))
        return menu

    def pin(self, ids: list[int], pinned: bool) -> int:
        done = self.store.pin(ids, pinned=pinned)
        window: Any = self.events.window()
        if pinned:
            message = translate("StoreUi", "Pinned %1 event(s).")
        else:
            message = translate("StoreUi", "Unpinned %1 event(s).")
        window.statusBar().showMessage(message.replace("%1", str(done)), 5000)
        return done

    # -- import progress -------------------------------------------------------------------------

    def import_progress(self, count: int, done: int, total: int) -> None:
        """From the import job (queued to the GUI thread): a bar while a file is imported."""
        self.progress.setVisible(True)
        self.progress.setRange(0, 1000 if total else 0)
        if total:
            self.progress.setValue(int(1000 * done / total))
        self.progress.setFormat(translate("StoreUi", "importing %1").replace("%1", f"{count:,}"))

    def import_done(self) -> None:
        self.progress.setVisible(False)
