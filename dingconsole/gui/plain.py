"""Text from a push, a paste or a file, shown as the text it is — never as Qt rich text.

Qt guesses: a QLabel (AutoText), a tooltip or a QMessageBox whose text looks like HTML is rendered
as HTML, so a pushed `<h1>` would be a heading and an `<img src=…>` would be fetched. Labels that
show outside text are set to PlainText once; tooltips cannot be, so their text is HTML-escaped inside
a rich-text wrapper that keeps spaces and line breaks.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

__all__ = ["make_plain", "plain_message", "plain_tooltip"]


def plain_tooltip(text: str) -> str:
    """A tooltip that shows `text` literally (`<h1>` as `<h1>`), line breaks kept; "" stays "" (no tooltip)."""
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"


def make_plain(*labels: QLabel) -> None:
    """Show these labels' text as plain text, whatever it holds."""
    for label in labels:
        label.setTextFormat(Qt.TextFormat.PlainText)


def plain_message(
    parent: QWidget | None, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Information
) -> None:
    """QMessageBox.information/warning, with the text (a file name, a parser's words) as plain text."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
