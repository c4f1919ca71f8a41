"""The Send tab: play DingTalk against a callback URL and see how the handler answers each delivery.

Source: a template (fresh IDs every send) or a captured event ("replay" from the table lands here,
with the captured request kept for a byte-exact replay). The plaintext is edited in a JSON editor
validated as you type. `core.sender.send` runs on a worker thread (it has its own event loop); its
per-delivery observer emits a queued signal, so rows appear as replies come back, each with its
status, its time against the 1500 ms budget and DingTalk's verdict on the reply.
"""

from __future__ import annotations

import html
import json
import threading
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QThread, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItemModel, QTextOption
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dingconsole.core import untrusted
from dingconsole.core.errors import DingError
from dingconsole.core.exchange import Exchange, HttpRequest, pretty_json
from dingconsole.core.profiles import Profile, ProfileError, ProfileStore
from dingconsole.core.send import sender, templates
from dingconsole.gui import detail_texts, i18n, step_details
from dingconsole.gui.conform_panel import ConformPanel
from dingconsole.gui.detail_panes import DiagnosisView
from dingconsole.gui.json_view import JsonHighlighter
from dingconsole.gui.plain import plain_tooltip

CAPTURED = "\x00captured"
PATTERNS = ("once", "duplicate", "burst", "retry")


def json_error_text(exc: ValueError) -> str:
    """Python's JSON error (always English) in the UI language; unknown ones as they came."""
    translate = QCoreApplication.translate
    msg = str(getattr(exc, "msg", exc))
    known = {
        "Expecting value": translate("SendTab", "a value was expected"),
        "Expecting property name enclosed in double quotes": translate(
            "SendTab", "a field name in double quotes was expected"
        ),
        "Expecting ',' delimiter": translate("SendTab", "a comma was expected"),
        "Expecting ':' delimiter": translate("SendTab", "a colon was expected"),
        "Extra data": translate("SendTab", "more text after the JSON value"),
        "Unterminated string starting at": translate("SendTab", "a string is not closed"),
        "Invalid control character at": translate("SendTab", "a control character inside a string"),
        "Invalid \\escape": translate("SendTab", "an invalid backslash escape"),
        "Invalid \\uXXXX escape": translate("SendTab", "an invalid \\u escape"),
    }
    return known.get(msg, msg)


def budget_colour(elapsed_ms: float, budget_ms: float = sender.BUDGET_MS) -> str:
    """Green well within the budget, amber in its last third, red over it."""
    if elapsed_ms > budget_ms:
        return "#c62828"
    return "#ef6c00" if elapsed_ms > budget_ms * 2 / 3 else "#2e7d32"


class _SendWorker(QThread):
    """One send run; `delivered` fires per delivery (queued to the GUI thread), then `failed` or finish."""

    delivered = Signal(object)  # sender.Delivery
    failed = Signal(object)  # DingError.to_dict()

    def __init__(self, url: str, source: str | HttpRequest, profile: Profile, pattern: str, scale: float,
                 parent: QObject | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self._args = (url, source, profile, pattern)
        self._scale = scale
        self.cancel = threading.Event()

    def run(self) -> None:
        url, source, profile, pattern = self._args
        try:
            sender.send(url, source, profile, pattern, delay_scale=self._scale, cancel=self.cancel,
                        observer=self.delivered.emit)  # fmt: skip
        except DingError as exc:
            self.failed.emit(exc.to_dict())


class SendTab(QWidget):
    finished = Signal(list)  # every Delivery of the run, in arrival order

    def __init__(self, store: ProfileStore | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._captured: Exchange | None = None
        self._worker: _SendWorker | None = None
        self._deliveries: list[sender.Delivery] = []

        self.source = QComboBox()
        self.fresh_button = QPushButton()
        self.editor = QPlainTextEdit()
        self.editor.setFont(self.font())
        self.editor.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)  # a 1 MB one-line paste froze the window
        self._highlighter = JsonHighlighter(self.editor.document())
        self.validity = QLabel()
        self.url = QLineEdit()
        self.profile = QComboBox()
        self.pattern = QComboBox()
        for key in PATTERNS:
            self.pattern.addItem("", key)
        self.burst = QSpinBox()
        self.burst.setRange(1, sender.MAX_BURST)
        self.burst.setValue(10)
        self.scale = QDoubleSpinBox()
        self.scale.setRange(0.0, 1.0)
        self.scale.setDecimals(3)
        self.scale.setSingleStep(0.01)
        self.scale.setValue(0.01)
        self.exact = QCheckBox()
        self.send_button = QPushButton()
        self.cancel_button = QPushButton()
        self.cancel_button.setEnabled(False)
        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.header().setStretchLastSection(True)
        self.state = QLabel()
        self.diagnosis = DiagnosisView()
        self.diagnosis.empty_text = lambda: self.tr("Nothing sent yet: each delivery's checks appear here.")
        self.diagnosis.set_report(None)
        self.conform = ConformPanel(self.url.text, self._profile, self)
        self._build()
        self.reload_templates()
        self.reload_profiles()
        self.retranslateUi()
        self._validate()

    def _build(self) -> None:
        source_row = QHBoxLayout()
        source_row.addWidget(self.source, 1)
        source_row.addWidget(self.fresh_button)
        pattern_row = QHBoxLayout()
        pattern_row.addWidget(self.pattern, 1)
        self.burst_label, self.scale_label = QLabel(), QLabel()
        for widget in (self.burst_label, self.burst, self.scale_label, self.scale):
            pattern_row.addWidget(widget)
        self.form = QFormLayout()
        self.form_labels = [QLabel() for _ in range(4)]
        self.form.addRow(self.form_labels[0], source_row)
        self.form.addRow(self.form_labels[1], self.url)
        self.form.addRow(self.form_labels[2], self.profile)
        self.form.addRow(self.form_labels[3], pattern_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.exact)
        buttons.addStretch(1)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.cancel_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(self.form)
        left_layout.addWidget(self.editor, 1)
        left_layout.addWidget(self.validity)
        left_layout.addLayout(buttons)
        right = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.state)
        top_layout.addWidget(self.table)
        right.addWidget(top)
        right.addWidget(self.diagnosis)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        outer = QSplitter(Qt.Orientation.Vertical)  # the Conformance panel runs the whole suite at the same URL
        outer.addWidget(splitter)
        outer.addWidget(self.conform)
        layout = QVBoxLayout(self)
        layout.addWidget(outer)
        self.source.currentIndexChanged.connect(self._source_changed)
        self.fresh_button.clicked.connect(self._source_changed)
        self.editor.textChanged.connect(self._validate)
        self.url.textChanged.connect(self._validate)
        self.pattern.currentIndexChanged.connect(self._pattern_changed)
        self.send_button.clicked.connect(self.send)
        self.cancel_button.clicked.connect(self.cancel)
        self.table.currentItemChanged.connect(self._show_delivery)
        self._pattern_changed()

    # -- public ------------------------------------------------------------------------------

    def set_url(self, url: str) -> None:
        self.url.setText(url)

    def reload_profiles(self) -> None:
        keep = self.profile.currentText()
        self.profile.clear()
        names = list(self._store.names()) if self._store is not None else []
        self.profile.addItems(names)
        index = self.profile.findText(keep or (self._store.active or "" if self._store else ""))
        self.profile.setCurrentIndex(max(index, 0))
        self._validate()

    def reload_templates(self) -> None:
        """Fill the source list in the UI language (template labels come from the core)."""
        current = self.source.currentData()
        self.source.blockSignals(True)
        self.source.clear()
        lang = i18n.data_lang()
        model = self.source.model()
        for _family, family_label, found in templates.by_family(lang):
            # a family heading (catalogue data, both languages): shown, not selectable
            self.source.addItem(f"— {family_label} —", None)
            heading = model.item(self.source.count() - 1) if isinstance(model, QStandardItemModel) else None
            if heading is not None:
                heading.setEnabled(False)
            for template in found:
                self.source.addItem(f"{template.label(lang)} ({template.name})", template.name)
        if self._captured is not None:
            self.source.insertItem(0, self._captured_label(), CAPTURED)
        index = self.source.findData(current) if current is not None else -1
        if index < 0:  # the first selectable entry, not a heading
            index = next((i for i in range(self.source.count()) if self.source.itemData(i) is not None), 0)
        self.source.setCurrentIndex(index)
        self.source.blockSignals(False)
        if current is None:
            self._source_changed()

    def replay(self, exchange: Exchange) -> None:
        """Load a captured event: its plaintext to edit, its profile, and its exact request to replay."""
        self._captured = exchange
        self.reload_templates()
        self.source.setCurrentIndex(self.source.findData(CAPTURED))
        self._source_changed()
        if exchange.profile and self.profile.findText(exchange.profile) >= 0:
            self.profile.setCurrentIndex(self.profile.findText(exchange.profile))

    def deliveries(self) -> list[sender.Delivery]:
        return list(self._deliveries)

    def send(self) -> None:
        """Start the run on a worker thread (no-op while one runs or the input is invalid)."""
        if self._worker is not None or not self._validate():
            return
        profile = self._profile()
        if profile is None:
            return
        source: str | HttpRequest = self.editor.toPlainText()
        if self.exact.isChecked() and self._captured is not None and self.source.currentData() == CAPTURED:
            source = sender.replay_request(self._captured.request)
        pattern = str(self.pattern.currentData())
        pattern = f"burst:{self.burst.value()}" if pattern == "burst" else pattern
        self.table.clear()
        self._deliveries = []
        self.diagnosis.set_report(None)
        worker = _SendWorker(self.url.text().strip(), source, profile, pattern, self.scale.value(), self)
        worker.delivered.connect(self._delivered, Qt.ConnectionType.QueuedConnection)
        worker.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        worker.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self._worker = worker
        self._set_running(True)
        self.state.setText(self.tr("Sending…"))
        worker.start()

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel.set()

    def shutdown(self) -> None:
        """Cancel and wait for a running send or suite (the window calls this when it closes)."""
        self.conform.shutdown()
        if self._worker is not None:
            self._worker.cancel.set()
            self._worker.wait()

    # -- internals ---------------------------------------------------------------------------

    def _profile(self) -> Profile | None:
        if self._store is None or not self.profile.currentText():
            return None
        try:
            return self._store.get(self.profile.currentText())
        except ProfileError:
            return None

    def _captured_label(self) -> str:
        captured = self._captured
        ident = f"#{captured.id}" if captured and captured.id is not None else ""
        return self.tr("Captured event %1").replace("%1", ident).strip()

    def _source_changed(self, _index: int = -1) -> None:
        name = self.source.currentData()
        self.exact.setEnabled(name == CAPTURED)
        if name == CAPTURED and self._captured is not None:
            self.editor.setPlainText(pretty_json(self._captured.message or ""))  # non-JSON: as captured
        elif name:
            payload = templates.render_payload(str(name))
            self.editor.setPlainText(json.dumps(payload, ensure_ascii=False, indent=2))

    def _pattern_changed(self, _index: int = -1) -> None:
        pattern = self.pattern.currentData()
        for widget in (self.burst_label, self.burst):
            widget.setVisible(pattern == "burst")
        for other in (self.scale_label, self.scale):
            other.setVisible(pattern == "retry")

    def _validate(self) -> bool:
        """Live check of the plaintext (JSON, with line and column) and the URL; enables Send."""
        text = self.editor.toPlainText()
        ok = True
        try:
            untrusted.loads(text)
            message, colour = self.tr("✔ valid JSON"), "#2e7d32"
        except ValueError as exc:
            line, column = getattr(exc, "lineno", 0), getattr(exc, "colno", 0)
            message = self.tr("✘ not valid JSON (line %1, column %2): %3").replace("%1", str(line))
            message = message.replace("%2", str(column)).replace("%3", json_error_text(exc))
            colour, ok = "#c62828", False
        lines = [(message, colour)]  # each line in its own colour: "✔ valid JSON" stays green beside a ✘
        url = self.url.text().strip()
        if not url.startswith(("http://", "https://")):
            lines.append((self.tr("✘ enter the callback URL (http:// or https://)"), "#c62828"))
            ok = False
        if not self.profile.currentText():
            lines.append((self.tr("✘ add a profile first: the event is sealed with its keys"), "#c62828"))
            ok = False
        self.validity.setText("<br>".join(f"<span style='color: {c}'>{html.escape(text)}</span>" for text, c in lines))
        self.send_button.setEnabled(ok and self._worker is None)
        return ok

    def _set_running(self, running: bool) -> None:
        self.cancel_button.setEnabled(running)
        self.send_button.setEnabled(not running)

    def _delivered(self, delivery: sender.Delivery) -> None:
        self._deliveries.append(delivery)
        status = str(delivery.status) if delivery.status is not None else "—"
        row = QTreeWidgetItem(
            self.table,
            [
                str(delivery.index),
                str(delivery.attempt),
                status,
                f"{delivery.elapsed_ms:.0f}",
                step_details.delivery_verdict(delivery),
            ],
        )
        row.setData(0, Qt.ItemDataRole.UserRole, len(self._deliveries) - 1)
        row.setForeground(3, QBrush(QColor(budget_colour(delivery.elapsed_ms))))
        row.setForeground(4, QBrush(QColor("#2e7d32" if delivery.ok else "#c62828")))
        row.setToolTip(4, plain_tooltip(row.text(4)))  # a long verdict is elided in the column
        self._size_columns()
        if self.table.currentItem() is None:
            self.table.setCurrentItem(row)

    def _size_columns(self) -> None:
        """The short columns as wide as their header and cells, with room to spare ("ms (budget 1500)"
        was cut: Qt measures full-width brackets of the Chinese header a few pixels short)."""
        metrics = self.table.fontMetrics()
        header = self.table.headerItem()
        for column in range(4):
            items = (self.table.topLevelItem(i) for i in range(self.table.topLevelItemCount()))
            texts = [header.text(column)] + [item.text(column) for item in items if item is not None]
            self.table.setColumnWidth(column, max(metrics.horizontalAdvance(t) for t in texts) + 28)

    def _failed(self, error: dict[str, Any]) -> None:
        message = detail_texts.localise(error.get("message", ""))
        self.state.setText("✘ " + message + "\n" + error.get("hint", ""))

    def _finished(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.wait()
            worker.deleteLater()
        self._set_running(False)
        self._validate()
        if not self.state.text().startswith("✘"):
            good = sum(d.ok for d in self._deliveries)
            self.state.setText(
                self.tr("%1 of %2 deliveries accepted.")
                .replace("%1", str(good))
                .replace("%2", str(len(self._deliveries)))
            )
        self.finished.emit(self.deliveries())

    def _show_delivery(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None = None) -> None:
        index = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        self.diagnosis.set_report(self._deliveries[index].report if index is not None else None)

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Send"))
        rows = (self.tr("Event:"), self.tr("Callback URL:"), self.tr("Profile:"), self.tr("Delivery:"))
        for label, text in zip(self.form_labels, rows, strict=True):
            label.setText(text)
        self.fresh_button.setText(self.tr("Fresh values"))
        self.fresh_button.setToolTip(self.tr("Render the template again with new IDs and times."))
        self.url.setPlaceholderText("http://127.0.0.1:8080/api/callback")
        names = {
            "once": self.tr("Once"),
            "duplicate": self.tr("Duplicate (the same event twice)"),
            "burst": self.tr("Burst (N at the same time)"),
            "retry": self.tr("DingTalk's retry schedule (10 s, 30 s)"),
        }
        for index in range(self.pattern.count()):
            self.pattern.setItemText(index, names[str(self.pattern.itemData(index))])
        self.burst_label.setText(self.tr("N:"))
        self.scale_label.setText(self.tr("time scale:"))
        self.scale.setToolTip(self.tr("1 waits DingTalk's real 10 s and 30 s; 0.01 waits 0.1 s and 0.3 s."))
        self.exact.setText(self.tr("Replay the captured bytes exactly"))
        self.exact.setToolTip(self.tr("Send the captured request as it was, instead of sealing the edited text."))
        self.send_button.setText(self.tr("Send"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.table.setHeaderLabels(
            [self.tr("#"), self.tr("Attempt"), self.tr("HTTP"), self.tr("ms (budget 1500)"), self.tr("Verdict")]
        )
        self._size_columns()
        if self._captured is not None and self.source.findData(CAPTURED) >= 0:
            self.source.setItemText(self.source.findData(CAPTURED), self._captured_label())
        for row in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(row)
            if item is None:
                continue
            item.setText(4, step_details.delivery_verdict(self._deliveries[item.data(0, Qt.ItemDataRole.UserRole)]))
        self._validate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
            self.reload_templates()
        super().changeEvent(event)
