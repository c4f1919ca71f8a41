"""The decrypted message two ways: a collapsible JSON tree (copy value / path / all) and highlighted text."""

from __future__ import annotations

import json
import re
import time
from typing import Any

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextOption,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QTreeWidget, QTreeWidgetItem, QWidget

from dingconsole.gui.plain import plain_tooltip

PathRole = Qt.ItemDataRole.UserRole + 1
ValueRole = Qt.ItemDataRole.UserRole + 2
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def json_path(parent: str, key: str | int) -> str:
    """A jq-style path: .EventType, .UserId[0], .["odd key"]."""
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if _IDENT.match(key) else f"{parent}[{json.dumps(key, ensure_ascii=False)}]"


def value_text(value: Any) -> str:
    """What "copy value" puts on the clipboard: strings bare, everything else as JSON."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, indent=2)


MS_FROM, MS_TO = 946_684_800_000, 4_102_444_800_000  # 2000-01-01 … 2100-01-01 in milliseconds


def local_time(value: Any) -> str:
    """A millisecond timestamp (DingTalk's EventTime, createTime, …) as a local date and time, else ""."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return ""
    text = str(value)
    if not (text.isdigit() and len(text) == 13 and MS_FROM <= int(text) < MS_TO):
        return ""
    stamp = int(text) / 1000
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(stamp)) + f".{int(text) % 1000:03d}"


class JsonTreeView(QTreeWidget):
    """A read-only tree of a JSON value; right-click copies a value, its path or the whole document."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document: Any = None
        self.setColumnCount(2)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        # keys as wide as the widest shown (processInstanceId), also after expanding a branch, with room
        self.header().setStretchLastSection(True)
        self.itemExpanded.connect(lambda _item: self._fit_keys())
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        translate = QCoreApplication.translate
        self.setHeaderLabels([translate("JsonTreeView", "Key"), translate("JsonTreeView", "Value")])

    def set_document(self, document: Any) -> None:
        self.clear()
        self._document = document
        if document is None:
            return
        if isinstance(document, dict | list):
            self._fill(self.invisibleRootItem(), document, "")
        else:
            self._add(self.invisibleRootItem(), "", document, "")
        self.expandToDepth(1)
        self._fit_keys()

    def _fit_keys(self) -> None:
        self.resizeColumnToContents(0)
        self.setColumnWidth(0, self.columnWidth(0) + 16)  # Qt's fit left the last letter touching the values

    def document(self) -> Any:
        return self._document

    def _fill(self, parent: QTreeWidgetItem, value: dict | list, path: str) -> None:
        pairs = value.items() if isinstance(value, dict) else enumerate(value)
        for key, child in pairs:
            self._add(parent, key, child, json_path(path, key))

    def _add(self, parent: QTreeWidgetItem, key: str | int, value: Any, path: str) -> None:
        item = QTreeWidgetItem(parent)
        item.setText(0, f"[{key}]" if isinstance(key, int) else str(key))
        item.setData(0, PathRole, path or ".")
        item.setData(0, ValueRole, value_text(value))
        if isinstance(value, dict):
            item.setText(1, f"{{{len(value)}}}")
            self._fill(item, value, path)
        elif isinstance(value, list):
            item.setText(1, f"[{len(value)}]")
            self._fill(item, value, path)
        else:
            shown = json.dumps(value, ensure_ascii=False)
            when = local_time(value)
            item.setText(1, f"{shown}   ({when})" if when else shown)  # copying still takes the value alone
            tip = value_text(value) + (f"\n{when}" if when else "")
            item.setToolTip(1, plain_tooltip(tip))  # a pushed "<h1>" shows as <h1>

    def current_path(self) -> str:
        item = self.currentItem()
        return str(item.data(0, PathRole)) if item else ""

    def current_value(self) -> str:
        item = self.currentItem()
        return str(item.data(0, ValueRole)) if item else ""

    def all_text(self) -> str:
        return json.dumps(self._document, ensure_ascii=False, indent=2) if self._document is not None else ""

    def _menu(self, pos: QPoint) -> None:
        translate = QCoreApplication.translate
        menu = QMenu(self)
        has_item = self.itemAt(pos) is not None
        copy_value = menu.addAction(translate("JsonTreeView", "Copy value"))
        copy_path = menu.addAction(translate("JsonTreeView", "Copy path"))
        copy_value.setEnabled(has_item)
        copy_path.setEnabled(has_item)
        copy_all = menu.addAction(translate("JsonTreeView", "Copy all"))
        menu.addSeparator()
        expand = menu.addAction(translate("JsonTreeView", "Expand all"))
        collapse = menu.addAction(translate("JsonTreeView", "Collapse all"))
        chosen = menu.exec(self.viewport().mapToGlobal(pos))
        if chosen is copy_value:
            QGuiApplication.clipboard().setText(self.current_value())
        elif chosen is copy_path:
            QGuiApplication.clipboard().setText(self.current_path())
        elif chosen is copy_all:
            QGuiApplication.clipboard().setText(self.all_text())
        elif chosen is expand:
            self.expandAll()
        elif chosen is collapse:
            self.collapseAll()


class JsonHighlighter(QSyntaxHighlighter):
    """Keys, strings, numbers and literals in distinct colours (a tokenizer regex, not a parser)."""

    _TOKEN = re.compile(r'("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b')

    def __init__(self, document: Any) -> None:
        super().__init__(document)
        self._key = self._format("#1565c0", bold=True)
        self._string = self._format("#2e7d32")
        self._number = self._format("#ef6c00")
        self._literal = self._format("#6a1b9a")

    @staticmethod
    def _format(colour: str, *, bold: bool = False) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setForeground(QColor(colour))
        if bold:
            fmt.setFontWeight(QFont.Weight.Bold)
        return fmt

    def highlightBlock(self, text: str) -> None:
        for match in self._TOKEN.finditer(text):
            if match.group(1):
                fmt = self._key if match.group(2) else self._string
                self.setFormat(match.start(1), len(match.group(1)), fmt)
            elif match.group(3):
                self.setFormat(match.start(3), len(match.group(3)), self._number)
            elif match.group(4):
                self.setFormat(match.start(4), len(match.group(4)), self._literal)


def monospace_editor(parent: QWidget | None = None) -> QPlainTextEdit:
    """A read-only, fixed-width text box for raw HTTP and JSON, wrapped at the widget's width (a long
    encrypt value breaks anywhere rather than running off to the right)."""
    editor = QPlainTextEdit(parent)
    editor.setReadOnly(True)
    editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    editor.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    return editor
