"""The Stream doctor's window: each stage as it finishes (pass, FAIL, not checked), its evidence and hint.

The doctor (core.dingtalk.doctor) runs on a worker thread started by StreamControls; stages come back
through a queued signal, so only the GUI thread touches a widget. Stage names, results and the chrome
are translated with tr(); the evidence sentences come from the core's own table in the UI language
(as the conformance panel does), and are shown as plain text (DingTalk's words inside them).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from dingconsole.core.dingtalk import doctor_text
from dingconsole.core.dingtalk.doctor import DoctorReport, StageResult
from dingconsole.core.untrusted import printable
from dingconsole.gui import i18n
from dingconsole.gui.plain import plain_tooltip

translate = QCoreApplication.translate


def stage_title(stage: str) -> str:
    titles = {
        "credentials": translate("StreamDoctor", "Credentials"),
        "token": translate("StreamDoctor", "Access token"),
        "open": translate("StreamDoctor", "connections/open"),
        "websocket": translate("StreamDoctor", "WebSocket"),
        "first_frame": translate("StreamDoctor", "First frame"),
        "verdict": translate("StreamDoctor", "Verdict"),
    }
    return titles.get(stage, stage)


def status_title(status: str) -> str:
    titles = {
        "pass": translate("StreamDoctor", "pass"),
        "fail": translate("StreamDoctor", "FAIL"),
        "skip": translate("StreamDoctor", "not checked"),
    }
    return titles.get(status, status)


def evidence(result: StageResult, lang: str) -> str:
    """The stage's sentence, its proxy when one was used, and its hint, in `lang` (one plain line each)."""
    lines = [doctor_text.render(result.cause, result.params, lang)]
    if result.params.get("proxy"):
        lines.append(doctor_text.render("cli_proxy", result.params, lang))
    if result.hint and (result.status == "fail" or result.stage == "verdict"):
        lines.append("→ " + doctor_text.render(result.hint, result.params, lang))
    return "\n".join(printable(line) for line in lines)


class DoctorDialog(QDialog):
    """One doctor run: rows fill in as stages finish; the checklist shows when the stream is live or silent."""

    def __init__(self, profile: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("streamDoctorDialog")
        self.profile = profile
        self.results: list[StageResult] = []
        self.report: DoctorReport | None = None
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setRootIsDecorated(False)
        self.tree.setWordWrap(True)
        self.checklist = QLabel()
        self.checklist.setTextFormat(Qt.TextFormat.PlainText)
        self.checklist.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.tree, self.checklist, buttons):
            layout.addWidget(widget)
        self.resize(760, 380)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.setWindowTitle(translate("StreamDoctor", "Stream doctor"))
        self.tree.setHeaderLabels(
            [
                translate("StreamDoctor", "Stage"),
                translate("StreamDoctor", "Result"),
                translate("StreamDoctor", "Evidence and hint"),
            ]
        )
        running = self.report is None
        self.heading.setText(
            (
                translate("StreamDoctor", "Checking profile %1 stage by stage…")
                if running
                else translate("StreamDoctor", "Profile %1: stages checked in order, stopping at the first failure")
            ).replace("%1", self.profile)
        )
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def add_stage(self, result: StageResult) -> None:
        self.results.append(result)
        self._fill()

    def finish(self, report: DoctorReport) -> None:
        self.report = report
        self.results = list(report.stages)
        self.retranslateUi()

    def _fill(self) -> None:
        lang = i18n.data_lang()
        self.tree.clear()
        for result in self.results:
            text = evidence(result, lang)
            row = QTreeWidgetItem(self.tree, [stage_title(result.stage), status_title(result.status), text])
            row.setData(0, Qt.ItemDataRole.UserRole, result.stage)
            row.setToolTip(2, plain_tooltip(text))
        self.tree.resizeColumnToContents(0)
        self.tree.resizeColumnToContents(1)
        checklist = self.report.checklist if self.report is not None else ()
        if checklist:
            items = "\n".join("☐ " + doctor_text.render(code, {}, lang) for code in checklist)
            self.checklist.setText(translate("StreamDoctor", "Checklist for a live but silent stream:") + "\n" + items)
        else:
            self.checklist.clear()

    def rows(self) -> list[tuple[str, str, str]]:
        """(stage, result, evidence) of each row as shown (for tests and accessibility)."""
        items = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        return [(item.text(0), item.text(1), item.text(2)) for item in items if item is not None]
