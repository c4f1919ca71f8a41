"""The live event table's model: captured exchanges, newest first, loaded lazily from the store.

Like Picard's log view model, rows arrive in batches (`add_exchanges` → one beginInsertRows) and
the display strings are computed once per row, so painting 100,000 rows never re-parses JSON.
Older events are paged in from the store through canFetchMore/fetchMore, as qutebrowser's history
completion does with its SQL table. Filters query the store (`set_filter(EventFilter)` resets the
model and pages with that filter), so they find events not yet paged in; live rows are inserted only
when they match (`core.store.filter.matches`). Sorting of the loaded rows lives in `EventProxyModel`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap

from dingconsole.core import events
from dingconsole.core.exchange import Exchange, Outcome
from dingconsole.core.store import EventFilter, matches
from dingconsole.gui import step_details
from dingconsole.gui.event_query import QueryWorker
from dingconsole.gui.plain import plain_tooltip

ExchangeRole = Qt.ItemDataRole.UserRole + 1  # the whole Exchange, so detail panes never re-parse
SortRole = Qt.ItemDataRole.UserRole + 2  # a sortable value (numbers stay numbers)

COL_TIME, COL_OUTCOME, COL_TYPE, COL_SUMMARY, COL_PROFILE, COL_REMOTE, COL_HANDLING, COL_REPEAT = range(8)
PAGE_SIZE = 500

OUTCOME_COLOURS = {
    Outcome.OK: "#2e7d32",
    Outcome.FAILED: "#c62828",
    Outcome.INVALID: "#ef6c00",
    Outcome.POLICY: "#6a1b9a",
    Outcome.INFO: "#1565c0",
}

_Index = QModelIndex | QPersistentModelIndex


class EventSource(Protocol):
    """What the model needs from core.store.EventStore (a protocol so tests may pass the real store)."""

    def query(
        self, flt: Any = None, *, limit: int | None = None, offset: int = 0, newest_first: bool = True
    ) -> list[Exchange]: ...

    def count(self, flt: Any = None) -> int: ...


def _build_rows(source: EventSource, flt: EventFilter, offset: int, limit: int, lang: str) -> tuple[list[Row], int]:
    """One page from the store with its display strings (run on the worker when there is one)."""
    page = source.query(flt, limit=limit, offset=offset, newest_first=True)
    return [Row.build(ex, lang) for ex in page], len(page)


def header_titles() -> list[str]:
    translate = QCoreApplication.translate
    return [
        translate("EventTableModel", "Time"),
        translate("EventTableModel", "Outcome"),
        translate("EventTableModel", "Event"),
        translate("EventTableModel", "Summary"),
        translate("EventTableModel", "Profile"),
        translate("EventTableModel", "Remote"),
        translate("EventTableModel", "Handling"),
        translate("EventTableModel", "Repeat"),
    ]


def outcome_text(outcome: Outcome) -> str:
    translate = QCoreApplication.translate
    return {
        Outcome.OK: translate("EventTableModel", "ok"),
        Outcome.FAILED: translate("EventTableModel", "failed"),
        Outcome.INVALID: translate("EventTableModel", "invalid"),
        Outcome.POLICY: translate("EventTableModel", "policy"),
        Outcome.INFO: translate("EventTableModel", "info"),
    }[outcome]


_icons: dict[Outcome, QIcon] = {}


def outcome_icon(outcome: Outcome) -> QIcon:
    """A filled dot in the outcome's colour (drawn, so no image files are needed)."""
    icon = _icons.get(outcome)
    if icon is None:
        pixmap = QPixmap(12, 12)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(QColor(OUTCOME_COLOURS[outcome]))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(1, 1, 10, 10)
        painter.end()
        icon = _icons[outcome] = QIcon(pixmap)
    return icon


def format_time(stamp: float, today: tuple[int, int, int] | None = None) -> str:
    """HH:MM:SS.mmm for today's events; the date too for events of earlier days."""
    local = time.localtime(stamp)
    clock = time.strftime("%H:%M:%S", local) + f".{int(stamp * 1000) % 1000:03d}"
    today = today or time.localtime()[:3]
    return clock if local[:3] == today else time.strftime("%Y-%m-%d ", local) + clock


@dataclass(slots=True)
class Row:
    """One exchange plus its display strings, computed once."""

    exchange: Exchange
    time_text: str
    label: str
    summary: str

    @classmethod
    def build(cls, exchange: Exchange, lang: str) -> Row:
        payload = exchange.message_json()
        summary = events.summary(payload, lang) if isinstance(payload, dict) else ""
        failed = exchange.outcome is Outcome.FAILED and exchange.diagnosis is not None
        if failed or (not summary and (exchange.error_message or exchange.diagnosis)):
            # the diagnosed cause (a recovered message's row names it too: the push still failed)
            summary = step_details.exchange_error(exchange) or summary
        # a push that failed after decrypting still names its type in the diagnosis
        kind = exchange.event_type or (exchange.diagnosis or {}).get("event_type")
        label = events.label(kind, lang) if kind else ""
        label, summary = step_details.row_fallbacks(exchange, label, summary, lang)
        return cls(exchange, format_time(exchange.received_at), label, summary)


class EventTableModel(QAbstractTableModel):
    """Exchanges newest first; live ones are prepended in batches, stored ones paged in at the end.

    With `worker=True` every store query (filter, search, the next page) runs on a worker thread
    (gui/event_query.py): `busyChanged(True)` while one runs, and pages of an outdated filter are
    dropped. Whether more stored rows exist is learnt from the pages themselves (a short page is the
    last), so no COUNT over the whole store ever runs on the GUI thread.
    """

    busyChanged = Signal(bool)
    queryFailed = Signal(str)

    def __init__(
        self, source: EventSource | None = None, *, lang: str = "en", parent: Any = None, worker: bool = False
    ) -> None:
        super().__init__(parent)
        self._source = source
        self._lang = lang
        self._rows: list[Row] = []
        self._ids: set[int] = set()
        self._filter = EventFilter()
        self._fetch_offset = 0  # how many of the store's matching rows (newest first) the model has seen
        self._more = source is not None  # the store may hold matching rows not paged in yet
        self._loading = False
        self.page_size = PAGE_SIZE
        self._worker: QueryWorker | None = None
        if worker and source is not None:
            self._worker = QueryWorker(self)
            self._worker.sink.done.connect(self._page_arrived)
            self._worker.sink.failed.connect(self._page_failed)

    # -- the Qt model interface ------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COL_REPEAT + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            titles = header_titles()
            return titles[section] if 0 <= section < len(titles) else None
        return None

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        """Qt's index() asks Python for rowCount and columnCount on every call (the proxy maps each
        painted cell through it): one callback instead of two (see EventProxyModel.data)."""
        if parent.isValid() or not (0 <= row < len(self._rows) and 0 <= column <= COL_REPEAT):
            return QModelIndex()
        return self.createIndex(row, column)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._value(self._rows[index.row()], index.column(), role)

    def row_data(self, row: int, column: int, role: int) -> Any:
        """data() by row number, for EventProxyModel's source-order fast path."""
        return self._value(self._rows[row], column, role) if 0 <= row < len(self._rows) else None

    def _value(self, row: Row, column: int, role: int) -> Any:
        ex = row.exchange
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == ExchangeRole:
            return ex
        if role == SortRole:
            return self._sort_value(row, column)
        if role == Qt.ItemDataRole.DecorationRole and column == COL_OUTCOME:
            return outcome_icon(ex.outcome)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_OUTCOME:
            return QBrush(QColor(OUTCOME_COLOURS[ex.outcome]))
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(self._tooltip(row, column))  # event types and errors come from pushes
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_HANDLING:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._source is not None and self._more and not self._loading

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        """Append the next page of older stored events (skipping ones already shown live)."""
        if not self.canFetchMore(parent) or self._source is None:
            return
        source, flt, offset, limit, lang = self._source, self._filter, self._fetch_offset, self.page_size, self._lang
        if self._worker is None:
            rows, fetched = _build_rows(source, flt, offset, limit, lang)
            self._append_page(offset, rows, fetched)
            return
        worker = self._worker
        generation = worker.generation
        interruptible = getattr(source, "interruptible", None)

        def run() -> tuple[list[Row], int]:
            if interruptible is None:
                return _build_rows(source, flt, offset, limit, lang)
            with interruptible(lambda: worker.is_stale(generation)):
                return _build_rows(source, flt, offset, limit, lang)

        self._set_loading(True)
        worker.submit(run, offset)

    def busy(self) -> bool:
        """A store query for the table is running on the worker."""
        return self._loading

    def shutdown(self) -> None:
        """Stop the worker (before the store closes)."""
        if self._worker is not None:
            self._worker.shutdown()
            self._set_loading(False)

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.busyChanged.emit(loading)

    def _page_arrived(self, generation: int, offset: int, rows: list[Row], fetched: int) -> None:
        if self._worker is None or self._worker.is_stale(generation):
            return  # a page of a filter the user has already left
        self._set_loading(False)
        self._append_page(offset, rows, fetched)

    def _page_failed(self, generation: int, message: str) -> None:
        if self._worker is None or self._worker.is_stale(generation):
            return
        self._set_loading(False)
        self._more = False  # no retry loop against a failing store; the next filter change asks again
        self.queryFailed.emit(message)

    def _append_page(self, offset: int, built: list[Row], fetched: int) -> None:
        """A page queried at `offset` arrived: append the rows not shown yet."""
        self._more = fetched >= self.page_size
        # live rows prepended while the page was on its way already moved the offset past themselves
        self._fetch_offset += fetched
        rows = [row for row in built if row.exchange.id is None or row.exchange.id not in self._ids]
        if not rows:
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
        self._rows.extend(rows)
        self._ids.update(r.exchange.id for r in rows if r.exchange.id is not None)
        self.endInsertRows()

    # -- our API ---------------------------------------------------------------------------------

    def refresh_known(self, exchanges: Sequence[Exchange]) -> list[Exchange]:
        """Replace rows already shown by a newer copy of their exchange; returns the ones replaced.

        A failed push is committed before its reply and diagnosed after it: a page read from the store
        in between shows the row without its diagnosis, and the listener's notice (with it) comes later."""
        newer = {ex.id: ex for ex in exchanges if ex.id is not None and ex.id in self._ids}
        if not newer:
            return []
        replaced = []
        for index, row in enumerate(self._rows):  # the newest rows first: where diagnosed rows are
            exchange = newer.pop(row.exchange.id, None) if row.exchange.id is not None else None
            if exchange is not None:
                self._rows[index] = Row.build(exchange, self._lang)
                self.dataChanged.emit(self.index(index, 0), self.index(index, self.columnCount() - 1))
                replaced.append(exchange)
            if not newer:
                break
        return replaced

    def add_exchanges(self, exchanges: Sequence[Exchange], *, stored: bool = True) -> int:
        """Prepend a batch of new exchanges (oldest first in `exchanges`) with one insert; returns how many.

        `stored` says the exchanges are also in the store, so paging offsets shift by as many rows.
        """
        fresh = [ex for ex in exchanges if (ex.id is None or ex.id not in self._ids) and matches(ex, self._filter)]
        if stored:
            self._fetch_offset += len(fresh)
        if not fresh:
            return 0
        # Concurrent pushes commit slightly out of time order. Sorted here, the batch lands in the
        # time-sorted proxy as one contiguous run (one rowsInserted for the view) instead of
        # hundreds of single-row inserts, each costing the view O(rows).
        fresh.sort(key=lambda ex: ex.received_at)
        rows = [Row.build(ex, self._lang) for ex in reversed(fresh)]
        self.beginInsertRows(QModelIndex(), 0, len(rows) - 1)
        self._rows[:0] = rows
        self._ids.update(ex.id for ex in fresh if ex.id is not None)
        self.endInsertRows()
        return len(rows)

    def clear(self) -> None:
        """Forget every row (the caller clears the store itself when it wants that too)."""
        self.beginResetModel()
        self._rows.clear()
        self._ids.clear()
        self._fetch_offset = 0
        self._more = self._source is not None
        if self._worker is not None:
            self._worker.new_generation()
            self._set_loading(False)
        self.endResetModel()

    def filter(self) -> EventFilter:
        """The filter the rows are queried with (what "export filtered" exports)."""
        return self._filter

    def set_filter(self, flt: EventFilter) -> None:
        """Show only exchanges matching `flt`, queried from the whole store (first page loaded at once).

        Without a store the rows already held are filtered in memory (and those dropped are gone)."""
        if flt == self._filter:
            return
        kept = [row for row in self._rows if matches(row.exchange, flt)] if self._source is None else []
        self.beginResetModel()
        self._filter = flt
        self._rows = kept
        self._ids = {row.exchange.id for row in kept if row.exchange.id is not None}
        self._fetch_offset = 0
        self._more = self._source is not None
        if self._worker is not None:
            self._worker.new_generation()  # a page of the old filter still on its way is dropped
            self._loading = False
        self.endResetModel()
        self.fetchMore()

    def exchange(self, row: int) -> Exchange:
        return self._rows[row].exchange

    def exchanges(self) -> Iterable[Exchange]:
        return (row.exchange for row in self._rows)

    def set_language(self, lang: str) -> None:
        """Recompute the translated labels and headers (the window calls it when the language changes)."""
        self._lang = lang
        self._rows = [Row.build(row.exchange, lang) for row in self._rows]
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COL_REPEAT)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, COL_REPEAT))

    # -- helpers ---------------------------------------------------------------------------------

    def _display(self, row: Row, column: int) -> str:
        ex = row.exchange
        if column == COL_TIME:
            return row.time_text
        if column == COL_OUTCOME:
            return outcome_text(ex.outcome)
        if column == COL_TYPE:
            return row.label or ex.event_type or ""
        if column == COL_SUMMARY:
            return row.summary
        if column == COL_PROFILE:
            return ex.profile or ""
        if column == COL_REMOTE:
            return ex.remote
        if column == COL_HANDLING:
            return f"{ex.handling_ms:.1f} ms"
        if column == COL_REPEAT:
            return "↻" if ex.repeat_of is not None else ""
        return ""

    def _sort_value(self, row: Row, column: int) -> Any:
        ex = row.exchange
        if column == COL_TIME:
            return ex.received_at
        if column == COL_HANDLING:
            return ex.handling_ms
        if column == COL_REPEAT:
            return 1 if ex.repeat_of is not None else 0
        return self._display(row, column)

    def _tooltip(self, row: Row, column: int) -> str:
        ex = row.exchange
        translate = QCoreApplication.translate
        if column == COL_TIME:
            return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(ex.received_at))
        if column == COL_OUTCOME and ex.error_code:
            return f"{ex.cause()[0]}: {step_details.exchange_error(ex)}"
        if column == COL_TYPE:
            return ex.event_type or ""
        if column == COL_REPEAT and ex.repeat_of is not None:
            return translate("EventTableModel", "Repeat of event #%1 (same eventId)").replace("%1", str(ex.repeat_of))
        if column == COL_SUMMARY:
            return row.summary
        return ""


class EventProxyModel(QSortFilterProxyModel):
    """Sorting of the loaded rows (filters query the store: `EventTableModel.set_filter`).

    The source model already holds rows newest first, so "time, descending" — the live view — is
    served in source order without sorting. That matters while ingesting: a sorting proxy places each
    new row by binary search, calling the Python `data()` (and, through index(), rowCount/columnCount)
    about 40 times per row, each re-taking the GIL from the busy listener thread; in source order a
    batch costs a handful of calls. Other columns and ascending time sort as usual.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)
        self._shown_column = -1
        self._shown_order = Qt.SortOrder.AscendingOrder
        self._events: EventTableModel | None = None
        self._source_order = True  # sort(-1) and no proxy-side filter: proxy row == source row

    def setSourceModel(self, model: Any) -> None:  # noqa: N802 - Qt's name
        super().setSourceModel(model)
        self._events = model if isinstance(model, EventTableModel) else None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._shown_column, self._shown_order = column, order
        self._source_order = column < 0 or (column == COL_TIME and order == Qt.SortOrder.DescendingOrder)
        if column == COL_TIME and order == Qt.SortOrder.DescendingOrder:
            super().sort(-1)  # the source order is newest first
        else:
            super().sort(column, order)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """In source order, read the source row directly: ONE call from Qt into Python per cell and role.

        Qt's own path (mapToSource → the source's index() → rowCount + columnCount, then data) makes
        three, and each must win the GIL back from the listener thread. During a burst of 3,000
        pushes/s painting the table took ~2,800 such calls and single repaints ran past 100 ms
        (bench/gui_ingest.py: the stalls vanish with painting off, or with the listener idle).
        """
        if self._source_order and self._events is not None and index.isValid():
            return self._events.row_data(index.row(), index.column(), role)
        return super().data(index, role)

    def lessThan(self, left: _Index, right: _Index) -> bool:  # noqa: N802 - Qt's name
        """The column's value, then the arrival time (and id): rows equal in the column keep time order, so a
        live row lands in order within its group — Qt's insertion put it at the end of the group (issue 23)."""
        events = self._events
        if events is None:
            return bool(super().lessThan(left, right))
        a = events.row_data(left.row(), left.column(), SortRole)
        b = events.row_data(right.row(), right.column(), SortRole)
        if a != b:
            try:
                return bool(a < b)
            except TypeError:  # None beside a value, or mixed types
                return str(a) < str(b)
        first, second = events.exchange(left.row()), events.exchange(right.row())
        return (first.received_at, first.id or 0) < (second.received_at, second.id or 0)

    def shown_sort(self) -> tuple[int, Qt.SortOrder]:
        """The sort the user asked for (sortColumn() is -1 on the source-order fast path)."""
        return self._shown_column, self._shown_order
