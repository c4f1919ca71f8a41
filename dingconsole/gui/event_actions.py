"""What the detail panes' and the toolbar's actions do: copy as curl, replay, export as fixtures.

Replays and exports run on worker threads (they wait on the network or the disk); their results come
back through a queued signal, never by touching a widget from the worker.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMainWindow

from dingconsole.core.errors import DingError
from dingconsole.core.exchange import Exchange
from dingconsole.core.export import curl_command, export_fixtures
from dingconsole.core.profiles import ProfileStore
from dingconsole.gui.events_view import EventsView
from dingconsole.gui.listener_controls import ALL_INTERFACES, ListenerControls

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls


class EventActions(QObject):
    """Connects the DetailPanes/toolbar actions to the core. `finished(message)` reports a worker's result."""

    finished = Signal(str)

    def __init__(
        self, window: QMainWindow, events: EventsView, controls: ListenerControls, profiles: ProfileStore
    ) -> None:
        super().__init__(window)
        self.window = window
        self.events = events
        self.controls = controls
        self.profiles = profiles
        self._threads: list[threading.Thread] = []
        details = events.details
        details.copy_curl_action.triggered.connect(self.copy_curl)
        details.export_fixture_action.triggered.connect(
            lambda: self.export_fixtures(self.events.selected_exchanges() or self._shown())
        )
        events.selectionChangedTo.connect(lambda _ex: self._update_enabled())
        self.finished.connect(lambda text: window.statusBar().showMessage(text, 15000))
        self._update_enabled()

    def retranslateUi(self) -> None:
        self.controls.export_action.setToolTip(
            translate("EventActions", "Export the events shown (filters applied) as pytest fixtures")
        )

    def _shown(self) -> list[Exchange]:
        """The event the detail panes show — the one the actions act on, as Replay does — if any. The
        panes keep it when a filter hides its row, and drop it when the selection is cleared."""
        exchange = self.events.details.exchange()
        return [] if exchange is None else [exchange]

    def _update_enabled(self) -> None:
        selected = bool(self._shown())
        details = self.events.details
        details.copy_curl_action.setEnabled(selected)
        details.replay_action.setEnabled(selected)
        details.export_fixture_action.setEnabled(selected)

    # -- copy as curl ----------------------------------------------------------------------------

    def copy_curl(self) -> str:
        shown = self._shown()
        if not shown:
            return ""
        exchange = shown[0]
        origin = self.own_origin()
        command = curl_command(exchange.request, origin)
        QGuiApplication.clipboard().setText(command)
        self.finished.emit(
            translate("EventActions", "Copied a curl command for event #%1; it sends to %2, this console's listener.")
            .replace("%1", str(exchange.id))
            .replace("%2", origin)
        )
        return command

    def own_origin(self) -> str:
        """Where a copied curl command sends: this console's own listener (loopback when it listens on
        every interface; the toolbar's address while stopped) — never the captured Host header, which
        the sender wrote."""
        listener = self.controls.listener
        host = listener.host if listener is not None else self.controls.host
        port = listener.port if listener is not None else self.controls.port
        host = "127.0.0.1" if host in ALL_INTERFACES else host
        return f"http://{f'[{host}]' if ':' in host else host}:{port or 8080}"

    # -- export ----------------------------------------------------------------------------------

    def export_fixtures(self, exchanges: list[Exchange], folder: str | None = None) -> None:
        if not exchanges:
            return
        if folder is None:
            folder = QFileDialog.getExistingDirectory(
                self.window, translate("EventActions", "Export fixtures into folder")
            )
            if not folder:
                return
        target = Path(folder)

        def work() -> str:
            result = export_fixtures(exchanges, target)
            return (
                translate("EventActions", "Exported %1 fixtures to %2 (%3 skipped).")
                .replace("%1", str(len(result.written)))
                .replace("%2", str(target))
                .replace("%3", str(len(result.skipped)))
            )

        self._run(work)

    # -- workers ---------------------------------------------------------------------------------

    def _run(self, work: Callable[[], str]) -> None:
        def target() -> None:
            try:
                message = work()
            except (DingError, OSError, ValueError) as exc:
                message = translate("EventActions", "Failed: %1").replace("%1", str(getattr(exc, "message", exc)))
            self.finished.emit(message)

        thread = threading.Thread(target=target, name="dingconsole-gui-worker", daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def wait(self, timeout: float = 10.0) -> None:
        """Let running workers finish (closing the window)."""
        for thread in self._threads:
            thread.join(timeout)
