"""The workbench tab: paste anything, see what it is and why it fails — as you type, never blocking.

Every edit restarts a 250 ms single-shot timer (debounce); when it fires, the text, action and
profiles are handed to `core.workbench.analyse` on a private one-thread QThreadPool. Queued jobs
that have not started yet are dropped (QThreadPool.clear), and each job carries a generation
number: a result that comes back after a newer edit is stale and ignored. The result travels back
through a queued signal, so no widget is touched off the GUI thread. The pool is created before the
result bridge, so on destruction it is deleted first and waits for a running job before the bridge
the job emits on goes away.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QWidget

from dingconsole.core.exchange import Exchange
from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.core.workbench import Analysis, analyse
from dingconsole.gui.detail_panes import request_text
from dingconsole.gui.workbench.input import InputPanel
from dingconsole.gui.workbench.results import ResultsPanel

DEBOUNCE_MS = 250


class _ResultBridge(QObject):
    """Lives on the GUI thread; workers emit on it, the connection is queued to the tab."""

    done = Signal(int, object)  # generation, Analysis


class WorkbenchTab(QWidget):
    analysisReady = Signal(object)  # the Analysis now shown (after stale results were dropped)

    def __init__(self, store: ProfileStore | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)  # created before the bridge: see the module docstring
        self._pool.setMaxThreadCount(1)
        self._bridge = _ResultBridge(self)
        self._bridge.done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._generation = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_now)

        self.input = InputPanel(store)
        self.results = ResultsPanel()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.input)
        splitter.addWidget(self.results)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QHBoxLayout(self)
        layout.addWidget(splitter)
        self.input.changed.connect(self.schedule)
        self.retranslateUi()

    # -- public slots ------------------------------------------------------------------------

    def set_store(self, store: ProfileStore | None) -> None:
        self.input.set_store(store)

    def reload_profiles(self) -> None:
        self.input.reload_profiles()

    def follow_active(self, name: str) -> None:
        """The toolbar's active profile changed: the Workbench starts on it (issue 23)."""
        self.input.follow_active(name)

    def load_text(self, text: str, *, action: str = "auto", profile: str | None = None) -> None:
        """Put `text` in the input box (the event table's "open in workbench" and tests use this)."""
        self.input.set_action(action)
        self.input.select_profile(profile)
        self.input.editor.setPlainText(text)
        self.schedule()

    def open_exchange(self, exchange: Exchange) -> None:
        """Load a captured exchange as its raw HTTP request, with the profile it was received for."""
        self.load_text(request_text(exchange.request), profile=exchange.profile)

    def schedule(self) -> None:
        """Restart the debounce timer; the analysis runs once typing pauses."""
        self._generation += 1
        self._timer.start()

    def run_now(self) -> None:
        """Start the analysis of the current input on the worker thread."""
        self._timer.stop()
        self._generation += 1
        generation = self._generation
        text = self.input.text()
        action = self.input.action_key()
        profiles: Sequence[Profile] = self.input.profiles_to_try()
        bridge = self._bridge
        self._pool.clear()  # drop jobs that have not started: their input is already outdated

        def job() -> None:
            result = analyse(text, action, profiles)
            bridge.done.emit(generation, result)

        self._pool.start(job)

    def current(self) -> Analysis | None:
        return self.results.analysis()

    def is_busy(self) -> bool:
        return self._timer.isActive() or self._pool.activeThreadCount() > 0

    # -- internals ---------------------------------------------------------------------------

    def _deliver(self, generation: int, analysis: Analysis) -> None:
        if generation != self._generation:
            return  # stale: the input changed while this was computed
        self.results.show_analysis(analysis)
        self.input.set_kind_text(self._kind_text(analysis))
        self.analysisReady.emit(analysis)

    def _kind_text(self, analysis: Analysis) -> str:
        names = {
            "curl": self.tr("a curl command"),
            "powershell": self.tr("a PowerShell command (Invoke-WebRequest)"),
            "http": self.tr("a raw HTTP request"),
            "http_response": self.tr("an HTTP response (your server's reply)"),
            "json_body": self.tr('a push body {"encrypt": …}'),
            "encrypt": self.tr("a bare encrypt value"),
            "reply": self.tr("a reply JSON"),
            "url": self.tr("a callback URL with its query"),
            "plaintext": self.tr("plaintext to encrypt"),
        }
        if analysis.kind is None:
            return self.tr("Detected: nothing usable yet") if analysis.error else ""
        return self.tr("Detected: %1").replace("%1", names.get(analysis.kind, analysis.kind))

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Workbench"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
            self.schedule()  # the result's labels are rendered by the worker: recompute them
        super().changeEvent(event)
