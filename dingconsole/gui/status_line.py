"""The status bar's permanent labels: listener state, port, event and error counts, the last event's time.

It counts the whole store (not the table's filtered rows) and keeps the empty table's guidance text in
step with what a user can do next (add a profile, start the listener, paste the URL into DingTalk).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QStatusBar

from dingconsole.core.exchange import Exchange, Outcome
from dingconsole.core.profiles import ProfileStore
from dingconsole.core.store import EventFilter, EventStore
from dingconsole.core.store import filter as event_filter
from dingconsole.gui.event_model import EventTableModel, format_time
from dingconsole.gui.events_view import EventsView
from dingconsole.gui.listener_controls import ListenerControls

ERROR_OUTCOMES = (Outcome.FAILED, Outcome.INVALID)

translate = QCoreApplication.translate  # the strings keep the "MainWindow" context they were translated in


class StatusLine:
    """Owns the four permanent labels of `bar` and the counts behind them."""

    def __init__(
        self,
        bar: QStatusBar,
        store: EventStore,
        controls: ListenerControls,
        profiles: ProfileStore,
        model: EventTableModel,
        events: EventsView,
    ) -> None:
        self.bar, self.store, self.controls, self.profiles = bar, store, controls, profiles
        self.model, self.events = model, events
        self.state_label, self.port_label, self.count_label, self.last_label = QLabel(), QLabel(), QLabel(), QLabel()
        for label in (self.state_label, self.port_label, self.count_label, self.last_label):
            bar.addPermanentWidget(label)
        self.event_count = store.count()
        self.error_count = store.count(EventFilter(outcomes=ERROR_OUTCOMES))
        self.last_event: float | None = None

    def add(self, batch: Sequence[Exchange]) -> None:
        """Count a batch of live exchanges (the table shows only those matching its filter)."""
        self.event_count += len(batch)
        self.error_count += sum(1 for ex in batch if ex.outcome in ERROR_OUTCOMES)
        if batch:
            self.last_event = max(ex.received_at for ex in batch)
        self.update()

    def reset(self) -> None:
        self.event_count = self.error_count = 0
        self.last_event = None
        self.update()

    def update(self) -> None:
        running = self.controls.running
        listener = self.controls.listener
        self.state_label.setText(
            translate("MainWindow", "● listening") if running else translate("MainWindow", "○ stopped")
        )
        self.state_label.setStyleSheet("color: #2e7d32" if running else "color: #757575")
        self.port_label.setText(
            translate("MainWindow", "port %1").replace("%1", str(listener.port)) if listener else ""
        )
        self.count_label.setText(
            translate("MainWindow", "%1 events, %2 errors")
            .replace("%1", str(self.event_count))
            .replace("%2", str(self.error_count))
        )
        last = format_time(self.last_event) if self.last_event else "–"  # with the date when not today
        self.last_label.setText(translate("MainWindow", "last event %1").replace("%1", last))
        self.events.table.set_empty_text(self.empty_text())
        if listener is not None and listener.warning:
            self.bar.showMessage(listener.warning)

    def empty_text(self) -> str:
        """Guidance for an empty table: a new user has no profile and no idea where to start."""
        if not self.profiles.names():
            return translate(
                "MainWindow",
                "No profile yet. Open File → Profiles… and add the owner key (AppKey, CorpId or suiteKey), "
                "token and aesKey of your DingTalk app — or generate a fresh token and aesKey there. "
                "Then start the listener and paste its URL into the event subscription page.",
            )
        if self.model.busy():
            return translate("MainWindow", "Searching…")
        if not event_filter.is_empty(self.model.filter()):
            return translate("MainWindow", "No event matches the filters.")
        if not self.controls.running:
            return translate("MainWindow", "No events yet. Start the listener to receive DingTalk pushes.")
        return translate(
            "MainWindow",
            "No events yet. Paste the listening URL into DingTalk's event subscription page (Help → "
            "Guide: setting up DingTalk explains how to expose it), or send a test push from the Send tab.",
        )
