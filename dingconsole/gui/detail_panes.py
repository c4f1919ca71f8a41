"""The panes under the table: everything about the selected exchange, without re-parsing anything.

Message (JSON tree + highlighted text), Request (raw), Reply (raw), Diagnosis (steps with pass/fail
marks, and the byte layout of the decrypted plaintext). The actions (copy as curl, replay, export as
fixture, open in the workbench) are QActions owned here and carried out by the main window, which
knows the listener, the profiles and the core's send/export functions.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QTabWidget,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dingconsole.core import events
from dingconsole.core.diagnose import LayoutPart, Report, Status, diagnose_request
from dingconsole.core.errors import DingError
from dingconsole.core.exchange import Exchange, HttpRequest, Outcome, Transport, pretty_json
from dingconsole.core.profiles import Profile
from dingconsole.gui import hints, i18n, step_details
from dingconsole.gui.event_model import OUTCOME_COLOURS, outcome_text
from dingconsole.gui.json_view import JsonHighlighter, JsonTreeView, monospace_editor
from dingconsole.gui.plain import make_plain, plain_tooltip
from dingconsole.gui.wrap_delegate import WrapDelegate

SIDE_BY_SIDE_WIDTH = 900  # px: below it the byte layout goes under the steps
# steps that need a profile's aesKey: skipped, they mean nothing was decrypted
UNLOCKED_STEPS = ("padding", "length", "owner_key", "json", "event_type")
STATUS_MARKS = {
    Status.PASSED: ("✔", "#2e7d32"),
    Status.FAILED: ("✘", "#c62828"),
    Status.SKIPPED: ("–", "#757575"),
    Status.WARNING: ("⚠", "#b26a00"),
}
LAYOUT_COLOURS = {
    "random": "#90a4ae",
    "length": "#ffb74d",
    "message": "#81c784",
    "owner_key": "#64b5f6",
    "padding": "#ce93d8",
}


def request_text(request: HttpRequest, *, pretty: bool = False) -> str:
    """The request as it looked on the wire (request line, headers, body) — for reading, not parsing.

    `pretty` indents a JSON body for the Request tab; the workbench gets the body as it came."""
    lines = [f"{request.method} {request.url_path()} HTTP/1.1"]
    lines += [f"{name}: {value}" for name, value in request.headers.items()]
    body = pretty_json(request.body_text()) if pretty else request.body_text()
    return "\n".join(lines) + "\n\n" + body


def reply_text(exchange: Exchange, profiles: Sequence[Profile] = ()) -> str:
    """Our answer: its status, its body (indented) and, when it is sealed, what it decrypts to."""
    translate = QCoreApplication.translate
    if exchange.reply_status is None:
        return translate("DetailPanes", "(no reply was sent)")
    body = exchange.reply_body.decode("utf-8", "replace")
    headers = "".join(f"{name}: {value}\n" for name, value in exchange.reply_headers.items())
    text = f"HTTP {exchange.reply_status}\n{headers}\n{pretty_json(body)}"
    opened = _open_reply(body, [p for p in profiles if p.name == exchange.profile] or list(profiles))
    if opened is not None:
        text += "\n\n" + translate("DetailPanes", "Decrypted reply (profile “%2”): %1").replace("%1", opened[0])
        text = text.replace("%2", opened[1])
    return text


def _open_reply(body: str, profiles: Sequence[Profile]) -> tuple[str, str] | None:
    """(plaintext, profile name) of a sealed reply, or None when it is not one or no profile opens it."""
    try:
        sealed = json.loads(body)
    except ValueError:
        return None
    if not isinstance(sealed, dict) or not isinstance(sealed.get("encrypt"), str):
        return None
    for profile in profiles:
        try:
            return profile.crypto().decrypt(sealed["encrypt"]).message, profile.name
        except (DingError, ValueError):
            continue
    return None


class LayoutBar(QWidget):
    """The decrypted plaintext as proportional coloured blocks: random | length | message | key | padding."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._parts: list[LayoutPart] = []
        self.setMinimumHeight(22)

    def set_parts(self, parts: list[LayoutPart]) -> None:
        self._parts = parts
        self.setVisible(bool(parts))
        # narrow parts (the 4-byte length) get no label in the bar: the tooltip names them all
        self.setToolTip(" | ".join(f"{hints.layout_part_title(p.name)} ({p.end - p.start})" for p in parts))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(300, 22)

    def paintEvent(self, event: QPaintEvent) -> None:
        total = max((p.end for p in self._parts), default=0)
        if not total:
            return
        painter = QPainter(self)
        width = self.width() - 1
        for part in self._parts:
            x0, x1 = width * part.start / total, width * part.end / total
            rect = QRectF(x0, 0, max(x1 - x0, 1.0), self.height() - 1)
            painter.fillRect(rect, QColor(LAYOUT_COLOURS.get(part.name, "#bdbdbd")))
            painter.drawRect(rect)
            if rect.width() > 40:
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, hints.layout_part_title(part.name))
        painter.end()


class DiagnosisView(QWidget):
    """The diagnosis steps (✔/✘/–, detail, hint) and, once decryption got that far, the byte layout."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.verdict = QLabel()
        make_plain(self.verdict)  # it quotes the push (a found owner key, a parser's words)
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.steps = QTreeWidget()
        self.steps.setRootIsDecorated(True)
        self.steps.setUniformRowHeights(False)
        # long details and hints wrap within the pane instead of ending in "…" (issue 23: cut at 1024×700)
        self.steps.setItemDelegate(WrapDelegate(self.steps))
        self.steps.setHeaderHidden(True)  # "Step / Result" says nothing the ✔ rows do not; its line goes to hints
        self.steps.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.steps.header().setStretchLastSection(True)
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.bar = LayoutBar()
        self.layout_table = QTreeWidget()
        self.layout_table.setRootIsDecorated(False)
        # the steps get the pane's full height (all of them fit at 1280×820); the byte layout sits beside
        bytes_column = QWidget()
        column = QVBoxLayout(bytes_column)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.bar)
        column.addWidget(self.layout_table, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.steps)
        self.splitter.addWidget(bytes_column)
        # the steps (their hints wrap) get most of the width; the byte layout scrolls its preview itself
        self.splitter.setStretchFactor(0, 7)
        self.splitter.setStretchFactor(1, 3)
        bytes_column.setMinimumWidth(220)
        self.splitter.setChildrenCollapsible(False)
        self.steps.setIndentation(14)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.verdict)
        layout.addWidget(self.splitter, 1)
        self._report: Report | None = None
        self._split_moved = False  # the user dragged the splitter: keep their sizes
        self.splitter.splitterMoved.connect(lambda *_: setattr(self, "_split_moved", True))
        # what the view says before there is a report (the Send tab: nothing sent yet)
        self.empty_text: Callable[[], str] = lambda: QCoreApplication.translate(
            "DiagnosisView", "No diagnosis was recorded for this request."
        )
        self.retranslateUi()
        self.set_report(None)

    def retranslateUi(self) -> None:
        translate = QCoreApplication.translate
        self.steps.setHeaderLabels([translate("DiagnosisView", "Step"), translate("DiagnosisView", "Result")])
        self.layout_table.setHeaderLabels(
            [
                translate("DiagnosisView", "Part"),
                translate("DiagnosisView", "Bytes"),
                translate("DiagnosisView", "Preview"),
            ]
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Beside each other where there is room (the event details); stacked in a narrow column
        (the workbench's results), where side by side left both too narrow to read."""
        wanted = Qt.Orientation.Horizontal if event.size().width() >= SIDE_BY_SIDE_WIDTH else Qt.Orientation.Vertical
        if self.splitter.orientation() != wanted:
            self.splitter.setOrientation(wanted)
        if wanted is Qt.Orientation.Horizontal and not self._split_moved:
            width = event.size().width()
            self.splitter.setSizes([width * 4 // 5, width - width * 4 // 5])  # the steps first: hints wrap
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        """Headers and the shown steps follow the language, wherever this view is embedded."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
            self.set_report(self._report)
        super().changeEvent(event)

    def set_report(self, report: Report | None) -> None:
        self._report = report
        translate = QCoreApplication.translate
        self.steps.clear()
        self.layout_table.clear()
        if report is None:
            self.verdict.setText(self.empty_text())
            self.verdict.setStyleSheet("")
            self.bar.set_parts([])
            self.layout_table.setVisible(False)
            return
        failure = report.first_failure
        skipped = [step for step in report.steps if step.status is Status.SKIPPED]
        self.verdict.setStyleSheet("")
        if failure is None and report.profile is None and any(step.name in UNLOCKED_STEPS for step in skipped):
            # a tick here would claim a decryption that never happened
            self.verdict.setText(
                translate("DiagnosisView", "– No profile to try: the message could not be decrypted or checked.")
            )
        elif failure is None and skipped:
            text = translate("DiagnosisView", "✔ Every step that ran passed (%1 not run).")
            self.verdict.setText(text.replace("%1", str(len(skipped))))
            self.verdict.setStyleSheet(f"color: {STATUS_MARKS[Status.PASSED][1]}")
        elif failure is None:
            self.verdict.setText(translate("DiagnosisView", "✔ Every step passed."))
            self.verdict.setStyleSheet(f"color: {STATUS_MARKS[Status.PASSED][1]}")
        else:
            text = translate("DiagnosisView", "✘ Failed at step “%1”: %2").replace("%1", hints.step_title(failure.name))
            self.verdict.setText(text.replace("%2", step_details.detail_after_title(failure)))
        for step in report.steps:
            mark, colour = STATUS_MARKS[step.status]
            detail = step_details.step_detail(step)  # in the UI language when its params allow
            item = QTreeWidgetItem(self.steps, [f"{mark} {hints.step_title(step.name)}", detail])
            item.setForeground(0, QBrush(QColor(colour)))
            item.setToolTip(1, plain_tooltip(detail if detail == step.detail else f"{detail}\n\n{step.detail}"))
            hint_text = hints.step_hint(step)  # in the UI language when the code is known
            if hint_text:
                hint = QTreeWidgetItem(item, ["", hint_text])
                hint.setToolTip(1, plain_tooltip(hint_text))
                item.setExpanded(step.status is Status.FAILED)
        self.steps.resizeColumnToContents(0)
        self.bar.set_parts(report.layout)
        self.layout_table.setVisible(bool(report.layout))
        for part in report.layout:
            QTreeWidgetItem(
                self.layout_table,
                [
                    hints.layout_part_title(part.name),
                    f"{part.start}–{part.end} ({part.end - part.start})",
                    part.preview,
                ],
            )
        self.layout_table.resizeColumnToContents(0)
        self.layout_table.resizeColumnToContents(1)


class DetailPanes(QWidget):
    """Everything about one exchange. Emits `openInWorkbench(exchange)` for the workbench to connect to."""

    openInWorkbench = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._exchange: Exchange | None = None
        # the listener stores a diagnosis only for failures; for a good push it is rebuilt on selection
        # (one decryption) so its steps and byte layout can be compared with the user's own code
        self.profiles_source: Callable[[], Sequence[Profile]] | None = None
        self.notice = QLabel()  # where the selected event went (filtered out, deleted)
        self.notice.setObjectName("detailNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("background: #fff3cd; color: #5d4037; padding: 4px; border-radius: 3px")
        self.notice.setVisible(False)
        self._gone: tuple[int | None, bool] | None = None
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.actions_bar = QToolBar()
        self.copy_curl_action = QAction(self)
        self.replay_action = QAction(self)
        self.export_fixture_action = QAction(self)
        self.workbench_action = QAction(self)
        self.workbench_action.triggered.connect(self._open_in_workbench)
        for action in (self.copy_curl_action, self.replay_action, self.export_fixture_action, self.workbench_action):
            self.actions_bar.addAction(action)

        self.tabs = QTabWidget()
        self.json_tree = JsonTreeView()
        self.json_text = monospace_editor()
        self._highlighter = JsonHighlighter(self.json_text.document())
        message = QSplitter(Qt.Orientation.Horizontal)
        message.addWidget(self.json_tree)
        message.addWidget(self.json_text)
        self.message_splitter = message
        self.request_text = monospace_editor()
        self.reply_text = monospace_editor()
        self.diagnosis = DiagnosisView()
        self.tabs.addTab(message, "")
        self.tabs.addTab(self.request_text, "")
        self.tabs.addTab(self.reply_text, "")
        self.tabs.addTab(self.diagnosis, "")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QVBoxLayout()
        top.addWidget(self.notice)
        top.addWidget(self.title)
        top.addWidget(self.actions_bar)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.retranslateUi()
        self.set_exchange(None)

    def retranslateUi(self) -> None:
        translate = QCoreApplication.translate
        self.copy_curl_action.setText(translate("DetailPanes", "Copy as curl"))
        self.replay_action.setText(translate("DetailPanes", "Replay…"))
        self.replay_action.setToolTip(
            translate(
                "DetailPanes",
                "Edit and resend: open the event in the Send tab with its decrypted JSON to edit; it is sealed "
                "again and sent to any URL (the listener's own is filled in)",
            )
        )
        self.export_fixture_action.setText(translate("DetailPanes", "Export as fixture…"))
        self.workbench_action.setText(translate("DetailPanes", "Open in workbench"))
        for index, title in enumerate(
            (
                translate("DetailPanes", "Message"),
                translate("DetailPanes", "Request"),
                translate("DetailPanes", "Reply"),
                translate("DetailPanes", "Diagnosis"),
            )
        ):
            self.tabs.setTabText(index, title)
        self.json_tree.retranslateUi()
        self.diagnosis.retranslateUi()
        gone = self._gone
        self.set_exchange(self._exchange)
        self._gone = gone
        self._show_notice()

    def exchange(self) -> Exchange | None:
        return self._exchange

    def has_notice(self) -> bool:
        return self._gone is not None

    def set_gone(self, exchange: Exchange, *, deleted: bool) -> None:
        """Say that the selected event left the table instead of showing a neighbour: a filtered-out
        event stays on show under a notice; a deleted one is cleared."""
        if deleted:
            self.set_exchange(None)
        elif self._exchange is None or self._exchange.id != exchange.id or self._exchange.id is None:
            self.set_exchange(exchange)
        self._gone = (exchange.id, deleted)
        self._show_notice()

    def _show_notice(self) -> None:
        translate = QCoreApplication.translate
        if self._gone is None:
            self.notice.setVisible(False)
            return
        number, deleted = self._gone
        text = (
            translate("DetailPanes", "Event #%1 was deleted.")
            if deleted
            else translate("DetailPanes", "Event #%1 is hidden by the filters; its details stay here.")
        )
        self.notice.setText(text.replace("%1", str(number) if number is not None else "–"))
        self.notice.setVisible(True)

    def set_exchange(self, exchange: Exchange | None) -> None:
        translate = QCoreApplication.translate
        if exchange is not None and exchange.message is None and exchange.diagnosis:
            shown = dataclasses.replace(exchange)  # a store written before issue 23 kept it in the diagnosis only
            exchange = shown if shown.adopt_recovered() else exchange
        self._exchange = exchange
        self._gone = None
        self.notice.setVisible(False)
        for action in (self.copy_curl_action, self.replay_action, self.export_fixture_action, self.workbench_action):
            action.setProperty("hasExchange", exchange is not None)
        self.workbench_action.setEnabled(exchange is not None)
        if exchange is None:
            self.title.setText(translate("DetailPanes", "Select an event to see its details."))
            self.json_tree.set_document(None)
            for editor in (self.json_text, self.request_text, self.reply_text):
                editor.clear()
            self.diagnosis.set_report(None)
            return
        colour = OUTCOME_COLOURS[exchange.outcome]
        outcome = _escape(outcome_text(exchange.outcome))
        heading = f"<b>#{exchange.id or '–'}</b> · <span style='color:{colour}'>{outcome}</span>"
        lang = i18n.data_lang()
        if exchange.event_type:  # family › label, from the catalogue data in the UI language
            name = events.label(exchange.event_type, lang)
            family = events.family(exchange.event_type)
            heading += f" · {_escape(f'{events.family_label(family, lang)} › {name}' if family else name)}"
        error = step_details.exchange_error(exchange)
        if error:
            heading += f" · {_escape(error)}"
        if exchange.recovered:  # the push failed; the diagnosis opened its message anyway
            heading += " · " + _escape(translate("DetailPanes", "message recovered by the diagnosis (not verified)"))
        elif exchange.message is not None:
            summary = events.summary(events.typed_payload(exchange.event_type, exchange.message_json()), lang)
            if summary:
                heading += f" — {_escape(summary)}"
        self.title.setText(heading)
        document = exchange.message_json()
        self.json_tree.set_document(document)
        if document is not None:
            self.json_text.setPlainText(json.dumps(document, ensure_ascii=False, indent=2))
        else:
            self.json_text.setPlainText(exchange.message or translate("DetailPanes", "(nothing was decrypted)"))
        self.request_text.setPlainText(request_text(exchange.request, pretty=True))
        profiles = list(self.profiles_source()) if self.profiles_source is not None else []
        self.reply_text.setPlainText(reply_text(exchange, profiles))
        report = Report.from_dict(exchange.diagnosis) if exchange.diagnosis else self._rebuilt_diagnosis(exchange)
        self.diagnosis.set_report(report)
        if report is not None and not report.ok:
            self.tabs.setCurrentWidget(self.diagnosis)
        elif document is not None and self.tabs.currentWidget() is self.diagnosis:
            self.tabs.setCurrentIndex(0)

    def _rebuilt_diagnosis(self, exchange: Exchange) -> Report | None:
        if self.profiles_source is None or exchange.transport not in (Transport.HTTP, Transport.IMPORT):
            return None
        if exchange.outcome not in (Outcome.OK, Outcome.POLICY) or exchange.request.method != "POST":
            return None
        profiles = list(self.profiles_source())
        own = [p for p in profiles if p.name == exchange.profile]
        return diagnose_request(exchange.request, own or profiles) if profiles else None

    def _open_in_workbench(self) -> None:
        if self._exchange is not None:
            self.openInWorkbench.emit(self._exchange)


def _escape(text: Any) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
