"""The bar above the tabs that says what is wrong and what still works (read-only home, busy port,
broken profiles file, missing Chinese font), one line per problem, each closable.

Problems are keyed, so the same cause replaces its line instead of stacking, and a cause that went
away (the profiles file was fixed) clears its own line. Texts are plain text: they quote paths and
OS errors, never markup.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

STYLE = "QWidget#bannerLine { background: #fff3cd; border: 1px solid #e0c36a; border-radius: 3px; }"


class Banner(QWidget):
    """Keyed problem lines; hidden while there are none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(4, 4, 4, 0)
        self._layout.setSpacing(2)
        self._lines: dict[str, tuple[QWidget, QLabel]] = {}
        self.setVisible(False)

    def show_problem(self, key: str, text: str) -> None:
        """Show (or replace) the line for `key`."""
        if key in self._lines:
            self._lines[key][1].setText(text)
        else:
            line = QWidget()
            line.setObjectName("bannerLine")
            line.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
            line.setStyleSheet(STYLE)
            label = QLabel(text)
            label.setObjectName(f"banner_{key}")
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            close = QToolButton()
            close.setText("×")
            close.setAutoRaise(True)
            close.setToolTip(QCoreApplication.translate("Banner", "Hide this message"))
            close.clicked.connect(lambda _=False, k=key: self.clear(k))
            row = QHBoxLayout(line)
            row.setContentsMargins(6, 3, 3, 3)
            row.addWidget(label, 1)
            row.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
            self._layout.addWidget(line)
            self._lines[key] = (line, label)
        self.setVisible(True)

    def clear(self, key: str) -> None:
        line = self._lines.pop(key, None)
        if line is not None:
            line[0].deleteLater()
        self.setVisible(bool(self._lines))

    def text(self, key: str) -> str | None:
        line = self._lines.get(key)
        return line[1].text() if line else None

    def keys(self) -> list[str]:
        return list(self._lines)
