"""A small toolbar for talking to DingTalk directly: a Stream switch, its Doctor, and "Fetch failed pushes".

Stream events and fetched failed pushes go to the same ListenerBridge as HTTP pushes, so they appear
in the same live table (marked by their transport). Connecting and fetching block on the network, so
they run on worker threads; results and connection states come back through queued signals and only
the GUI thread touches a widget.

Hook it into the main window with:
    self.stream_controls = StreamControls(self.profiles, self.store, self.bridge,
                                          current_profile=self.controls.profile_combo.currentText, parent=self)
    self.addToolBar(self.stream_controls)
and call `self.stream_controls.shutdown()` in the window's shutdown, before the store is closed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QLineEdit, QToolBar, QWidget

from dingconsole.core.dingtalk import DEFAULT_GATEWAY, State, StreamBridge, StreamClient, failed_pushes
from dingconsole.core.dingtalk.callbacks import TOPIC_CARD, TOPIC_ROBOT, BadTopic, check_topic
from dingconsole.core.dingtalk.doctor import DEFAULT_WAIT, DoctorReport, StageResult, diagnose_stream
from dingconsole.core.errors import DingError
from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.core.store import EventStore
from dingconsole.gui.listener_bridge import ListenerBridge
from dingconsole.gui.plain import plain_tooltip
from dingconsole.gui.stream_doctor import DoctorDialog
from dingconsole.gui.stream_health import error_text, health_line, health_tooltip, reason_text

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls


class StreamControls(QToolBar):
    """Stream on/off, CALLBACK topics, a handler URL to bridge to, health, and DingTalk's failed-push list."""

    streamStateChanged = Signal(str)  # State value, on the GUI thread
    fetchFinished = Signal(int, str)  # number fetched, error message ("" when none)
    _started = Signal(object)  # StreamClient, or a DingError when start failed (from a worker thread)
    _state = Signal(str, str)
    _fetched = Signal(int, int, str)  # fetched, of them without event data, error
    _doctor_stage = Signal(object)  # a StageResult, from the doctor's worker thread
    _doctor_done = Signal(object)  # the DoctorReport
    doctorFinished = Signal(object)  # the DoctorReport, on the GUI thread

    def __init__(
        self,
        profiles: ProfileStore,
        store: EventStore,
        bridge: ListenerBridge,
        *,
        current_profile: Callable[[], str] | None = None,
        gateway_base: str = DEFAULT_GATEWAY,
        api_base: str = failed_pushes.DEFAULT_API_BASE,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("streamToolBar")
        self.profiles = profiles
        self.store = store
        self.bridge = bridge
        self.current_profile = current_profile or (lambda: self.profiles.active or "")
        self.gateway_base = gateway_base
        self.api_base = api_base
        self.client: StreamClient | None = None
        self._connecting: StreamClient | None = None  # started on a worker, not yet handed back
        self._workers: list[threading.Thread] = []

        self.stream_action = QAction(self)
        self.stream_action.setCheckable(True)
        self.stream_action.toggled.connect(self._toggled)
        self.forward_edit = QLineEdit()
        self.forward_edit.setMinimumWidth(160)
        self.forward_edit.setMaximumWidth(420)
        self.robot_action = QAction(self)  # CALLBACK /v1.0/im/bot/messages/get
        self.robot_action.setCheckable(True)
        self.card_action = QAction(self)  # CALLBACK /v1.0/card/instances/callback
        self.card_action.setCheckable(True)
        self.topic_edit = QLineEdit()  # any other CALLBACK topic, typed in
        self.topic_edit.setMaximumWidth(220)
        self.retry_action = QAction(self)  # offered after a definite credentials refusal
        self.retry_action.triggered.connect(self.retry)
        self.retry_action.setVisible(False)
        self.fetch_action = QAction(self)
        self.fetch_action.triggered.connect(self.fetch_failed)
        self.doctor_action = QAction(self)  # "why is my stream silent?": the staged doctor, on a worker
        self.doctor_action.triggered.connect(self.run_doctor)
        self.doctor_dialog: DoctorDialog | None = None
        self.doctor_wait = DEFAULT_WAIT
        self.shared_warning_shown = False  # the "another consumer" warning was given for the last connect
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)  # gateway and server words, never markup
        self.health_label = QLabel()
        self.health_label.setTextFormat(Qt.TextFormat.PlainText)
        self.addAction(self.stream_action)
        self.addAction(self.doctor_action)
        self.addAction(self.robot_action)
        self.addAction(self.card_action)
        self.addWidget(self.topic_edit)
        self.addWidget(self.forward_edit)
        self.addAction(self.retry_action)
        self.addAction(self.fetch_action)
        self.addWidget(self.status_label)
        self.addWidget(self.health_label)
        self.health_timer = QTimer(self)
        self.health_timer.setInterval(1000)
        self.health_timer.timeout.connect(self.refresh_health)

        queued = Qt.ConnectionType.QueuedConnection
        self._started.connect(self._on_started, queued)
        self._state.connect(self._on_state, queued)
        self._fetched.connect(self._on_fetched, queued)
        self._doctor_stage.connect(self._on_doctor_stage, queued)
        self._doctor_done.connect(self._on_doctor_done, queued)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.setWindowTitle(translate("StreamControls", "Stream mode"))
        self.stream_action.setText(translate("StreamControls", "Stream"))
        self.stream_action.setToolTip(
            translate("StreamControls", "Receive events over DingTalk Stream mode (needs the profile's AppSecret)")
        )
        self.doctor_action.setText(translate("StreamControls", "Doctor"))
        self.doctor_action.setToolTip(
            translate("StreamControls", "Why is my stream silent? Check the profile's Stream connection stage by stage")
        )
        self.forward_edit.setPlaceholderText(translate("StreamControls", "forward to handler URL (optional)"))
        self.robot_action.setText(translate("StreamControls", "Robot messages"))
        self.robot_action.setToolTip(
            translate("StreamControls", "Also subscribe to robot messages (CALLBACK /v1.0/im/bot/messages/get)")
        )
        self.card_action.setText(translate("StreamControls", "Card callbacks"))
        self.card_action.setToolTip(
            translate("StreamControls", "Also subscribe to interactive card callbacks (/v1.0/card/instances/callback)")
        )
        self.topic_edit.setPlaceholderText(translate("StreamControls", "other CALLBACK topic (optional)"))
        self.retry_action.setText(translate("StreamControls", "Retry"))
        self.retry_action.setToolTip(translate("StreamControls", "Connect again (after fixing the profile)"))
        self.fetch_action.setText(translate("StreamControls", "Fetch failed pushes"))
        self.fetch_action.setToolTip(
            translate("StreamControls", "Fetch DingTalk's failed-push list into the table (DingTalk then deletes it)")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # -- helpers -------------------------------------------------------------------------------

    def _profile(self) -> Profile | None:
        name = self.current_profile()
        try:
            return self.profiles.get(name)
        except DingError as exc:
            self._show(error_text(exc))
            return None

    def _show(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setToolTip(plain_tooltip(text))  # the gateway's own words

    def _spawn(self, target: Callable[[], None]) -> None:
        self._workers = [w for w in self._workers if w.is_alive()]
        worker = threading.Thread(target=target, name="dingconsole-stream-ui", daemon=True)
        self._workers.append(worker)
        worker.start()

    # -- Stream --------------------------------------------------------------------------------

    def _toggled(self, on: bool) -> None:
        if on and self.client is None:
            self.start_stream()
        elif not on and self.client is not None:
            self.stop_stream()

    def callback_topics(self) -> list[str]:
        """The CALLBACK topics ticked or typed in (raises BadTopic for a typed topic that is not a path)."""
        topics = [
            t for t, action in ((TOPIC_ROBOT, self.robot_action), (TOPIC_CARD, self.card_action)) if action.isChecked()
        ]
        typed = self.topic_edit.text().strip()
        if typed:
            topics.append(check_topic(typed))
        return topics

    def start_stream(self) -> None:
        self.retry_action.setVisible(False)
        profile = self._profile()
        if profile is None:
            self._uncheck()
            return
        try:
            topics = self.callback_topics()
            forwarder = StreamBridge(self.forward_edit.text().strip(), profile) if self.forward_edit.text() else None
            client = StreamClient(
                self.store, profile, gateway_base=self.gateway_base, forwarder=forwarder, callback_topics=topics
            )
        except BadTopic:
            self._show(translate("StreamControls", "A CALLBACK topic is a path such as /v1.0/im/bot/messages/get"))
            self._uncheck()
            return
        except DingError as exc:
            self._show(error_text(exc))
            self._uncheck()
            return
        client.add_observer(self.bridge.observer)
        client.add_state_observer(lambda state, detail: self._state.emit(state.value, detail))
        self._set_editable(False)
        self._show(translate("StreamControls", "connecting…"))
        if not profile.development_only:  # before the first connect: DingTalk splits frames between clients
            short = translate("StreamControls", "other clients of this AppKey will get fewer events")
            self.status_label.setText(translate("StreamControls", "connecting…") + " · " + short)
            self.status_label.setToolTip(
                plain_tooltip(
                    translate(
                        "StreamControls",
                        "Every client connected with AppKey %1 gets only a share of its events: a staging or "
                        "production bot using it loses the events this window receives. Mark a test app's profile "
                        "development only (dingconsole profile development-only NAME) to silence this.",
                    ).replace("%1", profile.owner_key)
                )
            )
            self.shared_warning_shown = True
        self._connecting = client

        def work() -> None:
            try:
                client.start()
            except DingError as exc:
                self._started.emit(exc)
                return
            self._started.emit(client)

        self._spawn(work)

    def _on_started(self, result: object) -> None:
        self._connecting = None
        if isinstance(result, StreamClient):
            if not self.stream_action.isChecked():  # switched off while connecting
                result.stop()
                return
            self.client = result
            self.health_timer.start()
            self.refresh_health()
            return
        self._set_editable(True)
        self._show(error_text(result) if isinstance(result, DingError) else str(result))
        self.retry_action.setVisible(True)
        self._uncheck()

    def _on_state(self, state: str, detail: str) -> None:
        labels = {
            State.CONNECTING.value: translate("StreamControls", "connecting…"),
            State.CONNECTED.value: translate("StreamControls", "Stream connected"),
            State.RECONNECTING.value: translate("StreamControls", "reconnecting…"),
            State.STOPPED.value: translate("StreamControls", "Stream stopped"),
            State.FAILED.value: translate("StreamControls", "Stream failed"),
        }
        text = labels.get(state, state)
        client = self.client or self._connecting
        if state == State.RECONNECTING.value and client is not None:
            recent = client.health.to_dict()["recent_reconnects"]
            if recent:  # the reason in the UI language; the core's own words in the tooltip
                text = f"{text} {reason_text(str(recent[-1]['reason']))}"
        elif state == State.FAILED.value and client is not None and client.last_error is not None:
            text = f"{text}: {error_text(client.last_error)}"
        if state != State.FAILED.value or self.client is not None:
            self._show(text)
            if detail:
                self.status_label.setToolTip(plain_tooltip(detail))  # the gateway's words, never markup
        if state == State.FAILED.value and self.client is not None:
            self.retry_action.setVisible(True)  # a definite refusal: the user fixes the profile and retries
            client, self.client = self.client, None
            client.stop()
            self.health_timer.stop()
            self._set_editable(True)
            self._uncheck()
        self.refresh_health()
        self.streamStateChanged.emit(state)

    def refresh_health(self) -> None:
        client = self.client
        if client is None:
            self.health_label.clear()
            return
        health = client.health.to_dict()
        self.health_label.setText(health_line(health))
        self.health_label.setToolTip(health_tooltip(health))

    def retry(self) -> None:
        """Connect again with the profile as it is now (offered after the credentials were refused)."""
        self.retry_action.setVisible(False)
        self.stream_action.setChecked(True)

    def _set_editable(self, editable: bool) -> None:
        for widget in (self.forward_edit, self.topic_edit):
            widget.setEnabled(editable)
        for action in (self.robot_action, self.card_action):
            action.setEnabled(editable)

    def stop_stream(self) -> None:
        client, self.client = self.client, None
        if client is not None:
            client.stop()
        self.health_timer.stop()
        self.health_label.clear()
        self._set_editable(True)
        self._uncheck()

    def _uncheck(self) -> None:
        self.stream_action.blockSignals(True)
        self.stream_action.setChecked(False)
        self.stream_action.blockSignals(False)

    # -- doctor ----------------------------------------------------------------------------------

    def run_doctor(self) -> None:
        """Open the doctor's window and run its stages on a worker (the network calls block)."""
        profile = self._profile()
        if profile is None:
            return
        try:
            topics = self.callback_topics()
        except BadTopic:
            topics = []
        self.doctor_action.setEnabled(False)
        dialog = DoctorDialog(profile.name, self.window())
        self.doctor_dialog = dialog
        dialog.show()
        gateway, api_base, wait = self.gateway_base, self.api_base, self.doctor_wait

        def work() -> None:
            report = diagnose_stream(
                profile,
                gateway=gateway,
                api_base=api_base,
                wait=wait,
                callback_topics=topics,
                on_stage=self._doctor_stage.emit,
            )
            self._doctor_done.emit(report)

        self._spawn(work)

    def _on_doctor_stage(self, result: StageResult) -> None:
        if self.doctor_dialog is not None:
            self.doctor_dialog.add_stage(result)

    def _on_doctor_done(self, report: DoctorReport) -> None:
        self.doctor_action.setEnabled(True)
        if self.doctor_dialog is not None:
            self.doctor_dialog.finish(report)
        self.doctorFinished.emit(report)

    # -- failed pushes -------------------------------------------------------------------------

    def fetch_failed(self) -> None:
        profile = self._profile()
        if profile is None:
            return
        self.fetch_action.setEnabled(False)
        self._show(translate("StreamControls", "fetching failed pushes…"))

        def work() -> None:
            try:
                fetched = failed_pushes.fetch(
                    self.store, profile, api_base=self.api_base, on_page=lambda page: [*map(self.bridge.observer, page)]
                )
            except DingError as exc:
                self._fetched.emit(-1, 0, error_text(exc))
                return
            self._fetched.emit(len(fetched), sum(ex.message is None for ex in fetched), "")

        self._spawn(work)

    def _on_fetched(self, count: int, unrebuildable: int, error: str) -> None:
        self.fetch_action.setEnabled(True)
        text = error or translate("StreamControls", "fetched {n} failed pushes (saved)").format(n=count)
        if unrebuildable and not error:
            text += " · " + translate("StreamControls", "%1 hold no event data (kept, never replayed)").replace(
                "%1", str(unrebuildable)
            )
        self._show(text)
        self.fetchFinished.emit(max(count, 0), error)

    def shutdown(self) -> None:
        """Stop the Stream connection and wait for workers, so the store can be closed after."""
        self.stop_stream()
        for worker in self._workers:
            worker.join(10)
        self._workers = []
        connecting, self._connecting = self._connecting, None
        if connecting is not None:
            connecting.stop()
