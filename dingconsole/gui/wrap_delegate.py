"""Tree cells whose text wraps to the column's width (a long diagnosis hint reads without "…").

QTreeView wraps text when `wordWrap` is on, but the default delegate sizes each row for one line: it
does not know the column's width. This delegate measures the text at that width, and the view lays its
rows out again when a column is resized (the splitter moved, the window resized).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTreeView

_PAD = 4  # px around wrapped text (a single line keeps the style's own height)


class WrapDelegate(QStyledItemDelegate):
    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self._view = view
        view.setWordWrap(True)
        view.header().sectionResized.connect(lambda *_: view.doItemsLayout())

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        base = super().sizeHint(option, index)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if index.column() == 0 or not isinstance(text, str) or not text:
            return base  # the first column (titles) is sized to its contents; the last one wraps
        width = self._view.columnWidth(index.column())
        if width <= 40:
            return base
        rect = option.fontMetrics.boundingRect(
            QRect(0, 0, width - 2 * _PAD, 100_000), int(Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextWrapAnywhere), text
        )
        if rect.height() <= option.fontMetrics.height():  # one line: the style's own height
            return base
        return QSize(base.width(), max(base.height(), rect.height() + _PAD))
