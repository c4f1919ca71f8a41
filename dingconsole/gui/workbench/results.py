"""The workbench's right side: the verdict, a few facts, the main output and the diagnosis steps.

Rendering only: it takes an `Analysis` (computed on a worker thread) and shows it. The steps and
the byte layout reuse the detail panes' DiagnosisView, so a push looks the same in the table's
details and here.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dingconsole.core.diagnose import Status
from dingconsole.core.workbench import Analysis, Fact
from dingconsole.gui import detail_texts, hints, step_details
from dingconsole.gui.detail_panes import DiagnosisView
from dingconsole.gui.json_view import JsonHighlighter, monospace_editor
from dingconsole.gui.plain import make_plain, plain_tooltip

MAX_OUTPUT = 200_000  # characters shown in the result box; the rest is cut with a note
OK_COLOUR = "#2e7d32"
FAIL_COLOUR = "#c62828"
NEUTRAL_COLOUR = "#616161"


translate = QCoreApplication.translate


def fact_label(fact: Fact) -> str:
    """The facts table's label for a core fact code, in the UI language."""
    labels = {
        "profile_fits": translate("Workbench", "Profile that fits"),
        "made_for": translate("Workbench", "Made for (owner key)"),
        "profile": translate("Workbench", "Profile"),
        "push_url_query": translate("Workbench", "Push URL query"),
        "signature_with": translate("Workbench", "Signature with %1"),
        "received_signature": translate("Workbench", "Received signature"),
        "checked_with": translate("Workbench", "Checked with profile"),
    }
    return labels.get(fact.code, fact.code).replace("%1", fact.param)  # timestamp, nonce: protocol words


def error_text(error: dict) -> tuple[str, str]:
    """(message, hint) of a workbench error: the core's own codes in the UI language, others via hints."""
    own = {
        "workbench_no_credentials": (
            translate("Workbench", "no credentials"),
            translate("Workbench", "Choose a profile, or type the token, aesKey and owner key."),
        ),
        "workbench_nothing_to_decrypt": (
            translate("Workbench", "there is nothing to decrypt in this text"),
            translate("Workbench", "Paste a push (curl, HTTP, URL + body, JSON body) or an encrypt value."),
        ),
        "workbench_not_a_reply": (
            translate("Workbench", "this is a request, not a reply"),
            translate("Workbench", "Paste your server's reply: its JSON body, or the HTTP response with headers."),
        ),
    }
    if error.get("code") in own:
        return own[error["code"]]
    hint = hints.error_hint(error.get("code"), error.get("params"), error.get("hint", ""))
    return detail_texts.localise(error.get("message", "")), hint


def cut(text: str) -> str:
    """At most MAX_OUTPUT characters in the box (a 1 MB paste must not stall the layout), with a note."""
    if len(text) <= MAX_OUTPUT:
        return text
    more = translate("Workbench", "… (%1 more characters not shown)").replace("%1", str(len(text) - MAX_OUTPUT))
    return text[:MAX_OUTPUT] + "\n" + more


class ResultsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._analysis: Analysis | None = None
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        make_plain(self.verdict, self.notes)  # both quote the paste
        self.facts = QTreeWidget()
        self.facts.setRootIsDecorated(False)
        self.facts.setColumnCount(2)
        self.facts.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.facts.setMaximumHeight(110)
        self.output_label = QLabel()
        self.output: QPlainTextEdit = monospace_editor()
        self._highlighter = JsonHighlighter(self.output.document())
        self.diagnosis = DiagnosisView()
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.facts)
        top_layout.addWidget(self.output_label)
        top_layout.addWidget(self.output, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.diagnosis)
        splitter.setStretchFactor(0, 3)  # the decrypted message matters most; the steps scroll
        splitter.setStretchFactor(1, 2)
        self.output.setMinimumHeight(120)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.verdict)
        layout.addWidget(self.notes)
        layout.addWidget(splitter, 1)
        self.retranslateUi()
        self.show_analysis(None)

    def analysis(self) -> Analysis | None:
        return self._analysis

    def show_analysis(self, analysis: Analysis | None) -> None:
        self._analysis = analysis
        self._verdict()
        self.notes.setText("\n".join(analysis.notes) if analysis else "")
        self.notes.setVisible(bool(analysis and analysis.notes))
        self.facts.clear()
        for fact in analysis.facts if analysis else []:
            item = QTreeWidgetItem(self.facts, [fact_label(fact), fact.value])
            item.setToolTip(1, plain_tooltip(fact.value))
        self.facts.setVisible(bool(analysis and analysis.facts))
        self._output_title()
        self.output.setPlainText(cut(analysis.output) if analysis else "")
        self.diagnosis.set_report(analysis.report if analysis else None)
        self.diagnosis.setVisible(bool(analysis and analysis.report))

    def verdict_text(self) -> str:
        return self.verdict.text()

    def _verdict(self) -> None:
        analysis = self._analysis
        colour = NEUTRAL_COLOUR
        if analysis is None or (analysis.kind is None and analysis.error is None):
            text = self.tr("Paste something on the left; the result appears here as you type.")
        elif analysis.error is not None:
            message, hint = error_text(analysis.error)
            text = "✘ " + message + (f"\n{hint}" if hint else "")
            colour = FAIL_COLOUR
        elif analysis.report is not None and analysis.report.first_failure is not None:
            step = analysis.report.first_failure
            text = self.tr("✘ Failed at “%1”: %2").replace("%1", hints.step_title(step.name))
            text = text.replace("%2", step_details.detail_after_title(step))
            hint = hints.step_hint(step)
            text += f"\n{hint}" if hint else ""
            colour = FAIL_COLOUR
        elif analysis.report is not None and analysis.report.profile is None and analysis.action != "sign":
            # nothing was tried: a green tick here would claim a decryption that never happened
            text = self.tr("Enter credentials or pick a profile: there is nothing to try yet.")
        else:
            text = self._success_text(analysis)
            colour = OK_COLOUR
        self.verdict.setText(text)
        self.verdict.setStyleSheet(f"color: {colour}; font-weight: bold;")

    def _success_text(self, analysis: Analysis) -> str:
        profile = analysis.report.profile if analysis.report else None
        report = analysis.report
        unsigned = report is not None and any(
            step.name == "signature" and step.status is Status.SKIPPED for step in report.steps
        )
        texts = {
            "decrypt": self.tr("✔ Decrypted with profile “%1” (no query: the signature was not checked).")
            if unsigned
            else self.tr("✔ Decrypted and verified with profile “%1”."),
            "encrypt": self.tr("✔ Encrypted with profile “%1”: the sealed JSON is below."),
            "sign": self.tr("✔ Signature computed."),
            "reply": self.tr("✔ DingTalk accepts this reply (profile “%1”)."),
        }
        return texts.get(analysis.action, "✔").replace("%1", profile or "")

    def _output_title(self) -> None:
        titles = {
            "decrypt": self.tr("Decrypted message:"),
            "encrypt": self.tr("Sealed JSON (msg_signature, timeStamp, nonce, encrypt):"),
            "sign": self.tr("Signed query:"),
            "reply": self.tr("The correct reply, for comparison:"),
        }
        action = self._analysis.action if self._analysis else ""
        self.output_label.setText(titles.get(action, self.tr("Output:")))

    def retranslateUi(self) -> None:
        self.facts.setHeaderLabels([self.tr("Item"), self.tr("Value")])
        self._output_title()
        self._verdict()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)
