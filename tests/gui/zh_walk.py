"""Collect every visible string of a widget tree and find Latin-only words that are not allowed in
the Chinese UI (product and protocol names, field names, data). Used by test_zh_walk.py."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTabBar,
    QTabWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

# Words that stay Latin in the Chinese UI: names of products, protocols, formats, DingTalk's own
# field and key names, units, and our own command names.
ALLOWED = {
    word.lower()
    for word in """
    JSON URL URLs AppKey AppSecret Client ID IDs CorpId corpId suiteKey SuiteKey suiteTicket curl HTTP HTTPS
    API HAR JSONL JSON Lines PowerShell Invoke WebRequest RestMethod DevTools Stream CALLBACK EVENT
    aesKey encodingAesKey AES token Token msg signature msg_signature timeStamp timestamp nonce encrypt
    success EventType eventId PKCS base64 UTF SHA CBC ms MB KB GB DingTalk DingConsole pytest fixture
    fixtures SQLite Linguist Qt GET POST PUT HEAD OPTIONS DELETE Content Type Host ISV LAN IPv4 IPv6 OK
    localhost http https ngrok frp cpolar dingconsole gui serve send export import profile diagnose
    decrypt encrypt sign verify events list random length message owner_key padding key Random TestSuiteKey
    check_url register_call_back Authorization Bearer utf WAL FTS CJK ASCII AppKey UserId DeptId
    ChatId CorpId eventType Python MIT GPL LGPL GitHub OpenAPI SDK WebSocket websocket robot
    English AI AIoT Agoal Teambition Teambiton CRM OA ASR App KiB MiB GiB TiB
    """.split()
}

TOKEN = re.compile(
    r"https?://\S+"  # URLs
    r"|[\w.-]*[/\\][\w./\\-]*"  # paths
    r"|\b[A-Za-z_]*\d[\w]*\b"  # words with digits: ids, hex, ports
    r"|\b\w+_\w+\b"  # snake_case identifiers
    r"|\b[a-z]+[A-Z]\w*\b"  # camelCase identifiers
    r"|\b[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+\b"  # PascalCase field names (OptStaffId)
    r"|\b(?=[A-Za-z]*[a-z])(?=[A-Za-z]*[A-Z][A-Za-z]*[A-Z])[A-Za-z]{6,}\b"  # random values (nonce BOOIsjKb)
    r"|\bnonce \S+"  # a nonce is data whatever its letters
    r"|\{[^{}]*\}"  # JSON snippets
    r"|“[^”]*”|\"[^\"]*\"|'[^']*'|「[^」]*」"  # quoted data (names the user gave, values)
    r"|--[\w-]+"  # command-line options
    r"|\.[a-z]{1,5}\b"  # file extensions
    r"|\b[0-9a-f]{2}\b"  # hex bytes
)
WORD = re.compile(r"[A-Za-z]{2,}")


TAG = re.compile(r"<[^>]*>")


def latin_words(text: str, data: frozenset[str] = frozenset()) -> list[str]:
    """Latin words in `text` outside the allowlist, outside data-like tokens and the words in `data`
    (names the test gave: profiles, hosts)."""
    stripped = TOKEN.sub(" ", TAG.sub(" ", text))
    return [w for w in WORD.findall(stripped) if w.lower() not in ALLOWED and w not in data]


def model_texts(model: QAbstractItemModel, parent: QModelIndex = QModelIndex(), limit: int = 60) -> Iterator[str]:  # noqa: B008
    for column in range(model.columnCount(parent)):
        header = model.headerData(column, Qt.Orientation.Horizontal)
        if isinstance(header, str):
            yield header
    for row in range(min(model.rowCount(parent), limit)):
        for column in range(model.columnCount(parent)):
            value = model.index(row, column, parent).data()
            if isinstance(value, str):
                yield value


def tree_texts(item: QTreeWidgetItem) -> Iterator[str]:
    for column in range(item.columnCount()):
        yield item.text(column)
    for index in range(item.childCount()):
        yield from tree_texts(item.child(index))


def widget_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every visible string under `root` (visible widgets, their menus and tabs)."""
    widgets: Iterable[QWidget] = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        where = f"{type(widget).__name__}:{widget.objectName()}"
        if isinstance(widget, QMainWindow) or widget.isWindow():
            yield where, widget.windowTitle()
        if isinstance(widget, QLabel):
            yield where, widget.text()
        elif isinstance(widget, QAbstractButton):
            yield where, widget.text()
            if isinstance(widget, QToolButton) and widget.menu() is not None:
                yield from menu_texts(widget.menu(), where)
        elif isinstance(widget, QLineEdit):
            yield where, widget.placeholderText()
        elif isinstance(widget, QGroupBox):
            yield where, widget.title()
        elif isinstance(widget, QComboBox):
            for index in range(widget.count()):
                yield where, widget.itemText(index)
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                yield where, widget.tabText(index)
        elif isinstance(widget, QTreeWidget):
            header = widget.headerItem()
            yield from ((where, text) for text in tree_texts(header))
            for index in range(widget.topLevelItemCount()):
                yield from ((where, text) for text in tree_texts(widget.topLevelItem(index)))
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            try:
                texts = list(model_texts(widget.model()))
            except TypeError:  # a list model of Qt's own (its columnCount is not public)
                texts = [str(widget.model().index(r, 0).data()) for r in range(min(widget.model().rowCount(), 60))]
            yield from ((where, text) for text in texts)
        if isinstance(widget, QMainWindow):
            for action in widget.menuBar().actions():
                yield where, action.text()
                if action.menu() is not None:
                    yield from menu_texts(action.menu(), where)
        if not isinstance(widget, QTabWidget):
            for action in widget.actions():
                yield where, action.text()


def menu_texts(menu: QMenu, where: str) -> Iterator[tuple[str, str]]:
    yield where, menu.title()
    for action in menu.actions():
        yield where, action.text()
        if action.menu() is not None:
            yield from menu_texts(action.menu(), where)


def untranslated(root: QWidget, data: frozenset[str] = frozenset()) -> list[tuple[str, str, list[str]]]:
    found = []
    for where, text in widget_texts(root):
        words = latin_words(text.replace("&", ""), data)
        if words:
            found.append((where, text, words))
    return found
