"""The Conformance panel of the Send tab: the whole conformance suite against the tab's URL and profile.

`core.conform.run` runs on a QThread (it owns an event loop); its started/finished callbacks emit
signals queued to the GUI thread, so rows appear as cases start and fill in as they finish. Each row
expands to its hints and its evidence; selecting one shows the reply and the checks in plain text.
Case titles and findings come from the core in both languages; the chrome is translated with tr().
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QThread, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dingconsole.core import conform
from dingconsole.core.conform import report
from dingconsole.core.diagnose import Status, Step
from dingconsole.core.errors import DingError
from dingconsole.core.profiles import Profile
from dingconsole.gui import hints, i18n, step_details

COLOURS = {conform.Verdict.PASS: "#2e7d32", conform.Verdict.FAIL: "#c62828", conform.Verdict.WARN: "#ef6c00"}
ROLE = Qt.ItemDataRole.UserRole  # ("case", index) | ("hint", index, n) | ("evidence", index, n)


class _ConformWorker(QThread):
    """One run of the suite; every signal is queued to the GUI thread."""

    case_started = Signal(object)  # CaseSpec
    case_finished = Signal(object)  # CaseResult
    done = Signal(object)  # RunResult
    failed = Signal(object)  # DingError.to_dict()

    def __init__(self, url: str, profile: Profile, options: conform.Options, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._args = (url, profile, options)
        self.cancel = threading.Event()

    def run(self) -> None:
        url, profile, options = self._args
        try:
            result = conform.run(url, profile, options=options, started=self.case_started.emit,
                                 finished=self.case_finished.emit, cancel=self.cancel)  # fmt: skip
        except DingError as exc:
            self.failed.emit(exc.to_dict())
        else:
            self.done.emit(result)


class ConformPanel(QGroupBox):
    """Run the suite, watch it live, read the evidence, export the report (HTML or JSON)."""

    finished = Signal(object)  # the RunResult (None when the run could not start)

    def __init__(
        self,
        url: Callable[[], str],
        profile: Callable[[], Profile | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._url = url
        self._profile = profile
        self._worker: _ConformWorker | None = None
        self._results: list[conform.CaseResult] = []
        self._run: conform.RunResult | None = None
        self._rows: dict[str, QTreeWidgetItem] = {}
        self.confirm_remote: Callable[[str], bool] = self._ask_remote
        self.run_button = QPushButton()
        self.cancel_button = QPushButton()
        self.cancel_button.setEnabled(False)
        self.export_button = QPushButton()
        self.export_button.setEnabled(False)
        self.burst = QSpinBox()
        self.burst.setRange(1, conform.MAX_BURST)
        self.burst.setValue(20)
        self.burst_label = QLabel()
        self.state = QLabel()
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        self.state.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self._build()
        self.retranslateUi()

    def _build(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.burst_label)
        buttons.addWidget(self.burst)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.tree)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.state)
        layout.addWidget(split, 1)
        self.run_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.export_button.clicked.connect(self._export_clicked)
        self.tree.currentItemChanged.connect(self._show)

    # -- public ------------------------------------------------------------------------------

    def results(self) -> list[conform.CaseResult]:
        return list(self._results)

    def start(self) -> None:
        """Run the suite on a worker thread (no-op while one runs; a message when input is missing)."""
        if self._worker is not None:
            return
        url, profile = self._url().strip(), self._profile()
        if profile is None:
            self.state.setText(self.tr("✘ Choose a profile: the suite seals its pushes with its keys."))
            return
        try:
            conform.check_target(url)
        except DingError:
            self.state.setText(self.tr("✘ Enter the handler's callback URL (http:// or https://)."))
            return
        if not conform.is_loopback(url) and not self.confirm_remote(url):
            self.state.setText(self.tr("Not run."))
            return
        self.tree.clear()
        self.details.clear()
        self._rows.clear()
        self._results = []
        self._run = None
        worker = _ConformWorker(url, profile, conform.Options(burst=self.burst.value()), self)
        worker.case_started.connect(self._started, Qt.ConnectionType.QueuedConnection)
        worker.case_finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        worker.done.connect(self._done, Qt.ConnectionType.QueuedConnection)
        worker.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        worker.finished.connect(self._ended, Qt.ConnectionType.QueuedConnection)
        self._worker = worker
        self._set_running(True)
        self.state.setText(self.tr("Running the conformance suite…"))
        worker.start()

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel.set()

    def shutdown(self) -> None:
        """Cancel and wait for a running suite (the Send tab calls this when the window closes)."""
        if self._worker is not None:
            self._worker.cancel.set()
            self._worker.wait()

    def export_to(self, path: Path) -> None:
        """Write the last run's report: JSON for a .json path, HTML otherwise (in the UI language)."""
        if self._run is None:
            return
        lang = i18n.data_lang()
        data = (
            report.json_bytes(self._run, lang)
            if path.suffix.lower() == ".json"
            else report.html_report(self._run, lang)
        )
        report.write_report(path, data)

    # -- worker signals ----------------------------------------------------------------------

    def _started(self, spec: conform.CaseSpec) -> None:
        row = QTreeWidgetItem(self.tree, ["…", spec.id, spec.text("title", i18n.data_lang()), self.tr("running…")])
        self._rows[spec.id] = row
        for column in (0, 1, 2):  # case ids and titles were cut: they take what they need, the result the rest
            self.tree.resizeColumnToContents(column)

    def _finished(self, case: conform.CaseResult) -> None:
        self._results.append(case)
        row = self._rows.get(case.id) or QTreeWidgetItem(self.tree)
        self._rows[case.id] = row
        row.setData(0, ROLE, ("case", len(self._results) - 1))
        self._fill(row, case)
        if self.tree.currentItem() is None and case.verdict is not conform.Verdict.PASS:
            self.tree.setCurrentItem(row)

    def _done(self, run: conform.RunResult) -> None:
        self._run = run

    def _failed(self, error: dict[str, Any]) -> None:
        self.state.setText("✘ " + error.get("message", "") + "\n" + error.get("hint", ""))

    def _ended(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.wait()
            worker.deleteLater()
        self._set_running(False)
        self._summarise()
        self.finished.emit(self._run)

    # -- rendering ---------------------------------------------------------------------------

    def _fill(self, row: QTreeWidgetItem, case: conform.CaseResult) -> None:
        """Text of a case row and its children (hints, evidence) in the current language."""
        lang = i18n.data_lang()
        index = row.data(0, ROLE)[1]
        colour = QBrush(QColor(COLOURS[case.verdict]))
        row.setText(0, report.ICONS[case.verdict])
        row.setText(1, case.id)
        row.setText(2, report.safe_text(case.spec.text("title", lang), one_line=True))
        row.setText(3, report.safe_text(case.detail.render(lang), one_line=True))
        for column in (0, 3):
            row.setForeground(column, colour)
        row.takeChildren()
        for n, hint in enumerate(case.hints):
            text = hint.diagnosis.render(lang) + (" → " + hint.fix.render(lang) if hint.fix else "")
            child = QTreeWidgetItem(row, ["→", "", self.tr("Hint"), report.safe_text(text, one_line=True)])
            child.setData(0, ROLE, ("hint", index, n))
        for n, item in enumerate(case.evidence):
            status = "—" if item.status is None else str(item.status)
            elapsed = "" if item.elapsed_ms is None else f" · {item.elapsed_ms:.0f} ms"
            note = item.note.render(lang) if item.note else ""
            label = report.safe_text(item.label.render(lang), one_line=True)
            result = report.safe_text(f"HTTP {status}{elapsed} · {note}", one_line=True)
            child = QTreeWidgetItem(row, [report.ICONS[item.verdict], "", label, result])
            child.setForeground(0, QBrush(QColor(COLOURS[item.verdict])))
            child.setData(0, ROLE, ("evidence", index, n))

    def _show(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None = None) -> None:
        """The selected case, hint or evidence in full, as plain text."""
        data = item.data(0, ROLE) if item is not None else None
        if not data:
            self.details.clear()
            return
        lang = i18n.data_lang()
        case = self._results[data[1]]
        if data[0] == "evidence":
            lines = self._evidence_lines(case.evidence[data[2]], lang)
        else:
            lines = [
                f"{case.id} — {case.spec.text('title', lang)}",
                self.tr("DingTalk: %1").replace("%1", case.spec.text("dingtalk", lang)),
                self.tr("A correct handler: %1").replace("%1", case.spec.text("expects", lang)),
                "",
                case.detail.render(lang),
            ]
            for hint in case.hints:
                lines.append(hint.diagnosis.render(lang))
                if hint.fix:
                    lines.append("  → " + hint.fix.render(lang))
        self.details.setPlainText(report.safe_text("\n".join(lines)))

    def _evidence_lines(self, item: conform.Evidence, lang: str) -> list[str]:
        """One push and its reply; the reply checker's steps worded in the UI language (gui.step_details)."""
        status = "—" if item.status is None else str(item.status)
        elapsed = "" if item.elapsed_ms is None else f" · {item.elapsed_ms:.0f} ms"
        lines = [f"{report.ICONS[item.verdict]} {item.label.render(lang)}", f"HTTP {status}{elapsed}"]
        if item.note:
            lines.append(item.note.render(lang))
        if item.reply:
            lines += ["", self.tr("Reply:"), item.reply]
        if item.location:
            lines.append(f"Location: {item.location}")
        if item.steps:
            lines += ["", self.tr("DingTalk's checks of this reply:")]
        for data in item.steps:
            step = Step(
                data["name"], Status(data["status"]), data["detail"], data["hint"], data["code"], data["params"]
            )
            title = f"{hints.status_text(step.status)} · {hints.step_title(step.name)}"
            lines.append(f"{title}: {step_details.step_detail(step)}")
            hint = hints.step_hint(step)
            if hint:
                lines.append(f"  → {hint}")
        if item.expected:
            lines += ["", self.tr("The correct reply would be like:"), item.expected]
        return lines

    def _summarise(self) -> None:
        if self.state.text().startswith("✘"):
            return
        run = self._run
        if run is None:
            return
        text = self.tr("%1 cases: %2 passed, %3 failed, %4 warned · %5 requests")
        values = (len(run.cases), run.count(conform.Verdict.PASS), run.count(conform.Verdict.FAIL),
                  run.count(conform.Verdict.WARN), run.requests)  # fmt: skip
        for number, value in enumerate(values, start=1):
            text = text.replace(f"%{number}", str(value))
        if run.cancelled:
            text += " · " + self.tr("cancelled")
        self.state.setText(text)

    def _set_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.export_button.setEnabled(not running and self._run is not None)

    def _ask_remote(self, url: str) -> bool:
        text = self.tr(
            "%1 is not on this machine. The suite sends up to %2 pushes, %3 of them at once, including forged "
            "and corrupted ones. Run it only against a handler you own."
        )
        text = text.replace("%1", report.safe_text(url, one_line=True)).replace(
            "%2", str(conform.Options().max_requests)
        )
        text = text.replace("%3", str(self.burst.value()))
        answer = QMessageBox.question(self, self.tr("Run against a remote handler?"), text)
        return answer == QMessageBox.StandardButton.Yes

    def _export_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export conformance report"),
            "conformance-report.html",
            self.tr("HTML report (*.html);;JSON report (*.json)"),
        )
        if path:
            self.export_to(Path(path))

    def retranslateUi(self) -> None:
        self.setTitle(self.tr("Conformance: test the handler at this URL before DingTalk does"))
        self.run_button.setText(self.tr("Run conformance suite"))
        self.run_button.setToolTip(
            self.tr("Plays every DingTalk behaviour against the URL with the chosen profile, case by case.")
        )
        self.cancel_button.setText(self.tr("Cancel"))
        self.export_button.setText(self.tr("Export report…"))
        self.burst_label.setText(self.tr("Burst N:"))
        self.tree.setHeaderLabels(["", self.tr("Case"), self.tr("Title"), self.tr("Result")])
        for index in range(self.tree.topLevelItemCount()):
            row = self.tree.topLevelItem(index)
            data = row.data(0, ROLE) if row is not None else None
            if row is not None and data:
                self._fill(row, self._results[data[1]])
        self._summarise()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)
