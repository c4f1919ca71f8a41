"""The Events tab: filter bar, the live table and the detail panes in a splitter.

The selection is an event, not a row: the view remembers the selected event's id and, after every
change of the model (inserts at either end, sorting, filtering, paging, clearing), puts the selection,
the current item and the detail panes back on that event. Qt emits `selectionChanged` half-way
through a proxy insert, while the selection still holds a shifted neighbour, so selection signals
that arrive during a model change are ignored and the state is read once the change is complete.

Auto-scroll follows Picard's log view: new rows are revealed only while the view sits at the edge
where they arrive (top when newest is on top) and auto-scroll is not paused; otherwise the rows the
user is reading stay where they are.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QItemSelectionModel,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dingconsole.core.exchange import Exchange, Outcome
from dingconsole.core.store import EventFilter, matches
from dingconsole.gui import family_filter
from dingconsole.gui.detail_panes import DetailPanes
from dingconsole.gui.event_model import (
    COL_HANDLING,
    COL_OUTCOME,
    COL_REPEAT,
    COL_SUMMARY,
    COL_TIME,
    COL_TYPE,
    EventProxyModel,
    EventTableModel,
    ExchangeRole,
    outcome_text,
)

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls

SEARCH_DEBOUNCE_MS = 250


class EventTable(QTableView):
    """The table itself: whole-row selection, uniform rows, sortable headers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)

        self._empty_text = ""

    def set_empty_text(self, text: str) -> None:
        """What the empty table says (first-run guidance, or why no row matches)."""
        if text != self._empty_text:
            self._empty_text = text
            self.viewport().update()

    def empty_text(self) -> str:
        return self._empty_text

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        model = self.model()
        if self._empty_text and model is not None and model.rowCount() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            area = self.viewport().rect().adjusted(24, 24, -24, -24)
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._empty_text)
            painter.end()

    def setModel(self, model: QAbstractItemModel | None) -> None:  # noqa: N802 - Qt's name
        """Column sizes can only be set once the header has sections, i.e. after the model is set."""
        super().setModel(model)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        for column, width in ((COL_TIME, 100), (COL_OUTCOME, 80), (COL_TYPE, 190), (COL_HANDLING, 80)):
            header.resizeSection(column, width)
        header.resizeSection(COL_REPEAT, 56)
        header.setSectionResizeMode(COL_SUMMARY, QHeaderView.ResizeMode.Stretch)


class EventsView(QWidget):
    """Filter bar + table + details. `selectionChangedTo(exchange|None)` follows the current row."""

    selectionChangedTo = Signal(object)

    def __init__(self, model: EventTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = EventProxyModel(self)
        self.proxy.setSourceModel(model)
        self.newest_on_top = True
        self.paused = False

        self.family_filter = QComboBox()  # catalogue families (issue 17); narrows the type list
        self.type_filter = QComboBox()
        self.outcome_filter = QComboBox()
        self.profile_filter = QComboBox()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        for combo in (self.type_filter, self.outcome_filter, self.profile_filter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self._apply_filters)
        self.family_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.family_filter.currentIndexChanged.connect(self._family_changed)
        self._lang = "en"
        # the search queries the whole store: wait until typing pauses instead of querying per keystroke
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self.search_timer.timeout.connect(self._apply_filters)
        self.search.textChanged.connect(self.search_timer.start)
        bar = QHBoxLayout()
        for widget in (self.family_filter, self.type_filter, self.outcome_filter, self.profile_filter):
            bar.addWidget(widget)
        bar.addWidget(self.search, 1)
        self.busy_label = QLabel()  # "searching…" while the table's query runs on the worker
        self.busy_label.setVisible(False)
        bar.addWidget(self.busy_label)
        model.busyChanged.connect(self.busy_label.setVisible)

        self.table = EventTable()
        self.table.setModel(self.proxy)
        self.table.sortByColumn(COL_TIME, Qt.SortOrder.DescendingOrder)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.selectionModel().currentChanged.connect(self._selection_changed)
        self._shown: Exchange | None = None  # the selected event; the panes show it (or say where it went)
        self._changing = 0  # >0 while the proxy is inside a change: selection signals are transient then
        # connected after the selection model's own slots, so these run once it has updated itself;
        # slots without parameters: PySide converts no arguments (layoutChanged's lists, indexes)
        # (the source's too: the proxy reports a selection change while the source has its new rows and
        # the proxy does not yet, when a proxy row still reads the source row of the same number)
        # while the selected event is not among the loaded rows, a live batch is searched, not the table
        self._missing = False  # a full scan did not find the selected event since the last reset
        self._arrived: tuple[int, int] | None = None  # source rows inserted by the change in progress
        self.model.rowsAboutToBeInserted.connect(self._rows_arriving)
        self.model.modelAboutToBeReset.connect(self._reset_coming)
        models: tuple[QAbstractItemModel, ...] = (self.model, self.proxy)
        for watched in models:
            for begin, end in (
                (watched.rowsAboutToBeInserted, watched.rowsInserted),
                (watched.rowsAboutToBeRemoved, watched.rowsRemoved),
                (watched.layoutAboutToBeChanged, watched.layoutChanged),
                (watched.modelAboutToBeReset, watched.modelReset),
            ):
                begin.connect(self._change_begins)
                end.connect(self._change_ends)
        self.details = DetailPanes()
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("eventsSplitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 2)  # the details get the larger part: every diagnosis step
        self.splitter.setStretchFactor(1, 3)  # fits at 1280×820, and the table still shows ~10 rows

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        self._profiles: list[str] = []
        self.retranslateUi()

    def retranslateUi(self, lang: str = "en") -> None:
        self.search.setPlaceholderText(translate("EventsView", "Search in messages, errors, event types and ids…"))
        self.busy_label.setText(translate("EventsView", "searching…"))
        self._lang = lang
        family_filter.fill(self.family_filter, family_filter.all_families_text(), family_filter.family_items(lang))
        family_filter.fill(
            self.type_filter,
            translate("EventsView", "All event types"),
            family_filter.type_items(self.family_filter.currentData(), lang),
        )
        family_filter.fill(
            self.outcome_filter, translate("EventsView", "All outcomes"), [(outcome_text(o), o.value) for o in Outcome]
        )
        family_filter.fill(
            self.profile_filter, translate("EventsView", "All profiles"), [(p, p) for p in self._profiles]
        )
        self.details.retranslateUi()

    def set_profiles(self, names: Sequence[str]) -> None:
        self._profiles = list(names)
        family_filter.fill(
            self.profile_filter, translate("EventsView", "All profiles"), [(p, p) for p in self._profiles]
        )

    def current_filter(self) -> EventFilter:
        """The filter bar as a store query (type, outcome, profile, free text)."""
        kind, outcome, profile = (c.currentData() for c in (self.type_filter, self.outcome_filter, self.profile_filter))
        return EventFilter(
            event_types=(kind,) if kind else (),
            families=(family,) if (family := self.family_filter.currentData()) else (),
            outcomes=(outcome,) if outcome else (),
            profiles=(profile,) if profile else (),
            text=self.search.text().strip(),
        )

    def _family_changed(self) -> None:
        """A family narrows the type list to its own types (a type outside it is deselected), then filters."""
        family_filter.fill(
            self.type_filter,
            translate("EventsView", "All event types"),
            family_filter.type_items(self.family_filter.currentData(), self._lang),
        )
        self._apply_filters()

    def _apply_filters(self) -> None:
        """Re-query the store with the bar's filter; the rows of the current filter are replaced."""
        self.search_timer.stop()
        flt = self.current_filter()
        if flt == self.model.filter():
            return
        self.model.set_filter(flt)
        self._follow()  # the selected event stays selected when it matches, or the panes say it is hidden

    # -- rows ------------------------------------------------------------------------------------

    def add_batch(self, batch: Sequence[Exchange]) -> int:
        """Insert a batch from the bridge, revealing it only while the view is at the arriving edge."""
        bar = self.table.verticalScrollBar()
        at_edge = bar.value() == (bar.minimum() if self.newest_on_top else bar.maximum())
        before = self.proxy.rowCount()
        for exchange in self.model.refresh_known(batch):  # a row shown before its diagnosis arrived
            if self._shown is not None and _same_event(exchange, self._shown):
                self._shown = exchange
                self.details.set_exchange(exchange)
        added = self.model.add_exchanges(batch)
        if not added:
            return 0
        if self.newest_on_top:
            if self.paused or not at_edge:  # keep the rows the user reads in place
                shown = self.proxy.rowCount() - before
                step = 1 if self.table.verticalScrollMode() is QAbstractItemView.ScrollMode.ScrollPerItem else 0
                bar.setValue(bar.value() + shown * (step or self.table.verticalHeader().defaultSectionSize()))
        elif at_edge and not self.paused:
            self.table.scrollToBottom()
        return added

    def set_newest_on_top(self, on_top: bool) -> None:
        self.newest_on_top = on_top
        order = Qt.SortOrder.DescendingOrder if on_top else Qt.SortOrder.AscendingOrder
        self.table.sortByColumn(COL_TIME, order)
        if on_top:
            self.table.scrollToTop()
        else:
            self.table.scrollToBottom()

    def current_exchange(self) -> Exchange | None:
        """The current row's event while that row is selected. Qt keeps a current index after the
        selection is cleared (a click on empty space); the actions must not act on a row nobody sees."""
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row(), index.parent()):
            return None
        return index.data(ExchangeRole)

    def selected_exchanges(self) -> list[Exchange]:
        rows = self.table.selectionModel().selectedRows()
        return [index.data(ExchangeRole) for index in sorted(rows, key=QModelIndex.row)]

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.proxy.index(row, 0))

    def shown_exchange(self) -> Exchange | None:
        """The event the user selected (also when the filter now hides it)."""
        return self._shown

    def clear_rows(self) -> None:
        """Forget every row (the store was cleared): the panes say the selected event was deleted."""
        self.model.clear()
        if self._shown is not None:
            self.details.set_gone(self._shown, deleted=True)
            self._shown = None
            self.selectionChangedTo.emit(None)

    # -- selection follows the event -------------------------------------------------------------

    def _change_begins(self) -> None:
        self._changing += 1

    def _change_ends(self) -> None:
        self._changing = max(self._changing - 1, 0)
        if not self._changing:
            self._follow()

    def _selection_changed(self) -> None:
        """The user (or the code) selected rows: the panes show the current event of the selection."""
        if self._changing:
            return  # transient: the model is half-way through a change; _follow() runs when it ends
        exchange = self._current_selected()
        if exchange is None and self._shown is not None and self._proxy_row(self._shown) is None:
            return  # the selected event left the table (filter); the panes already say so
        self._show(exchange)

    def _current_selected(self) -> Exchange | None:
        """The current row if it is selected, else the last selected row, else None."""
        current = self.current_exchange()
        if current is not None:
            return current
        rows = self.table.selectionModel().selectedRows()
        return rows[-1].data(ExchangeRole) if rows else None

    def _show(self, exchange: Exchange | None) -> None:
        same = exchange is not None and self._shown is not None and _same_event(exchange, self._shown)
        if not same:
            self._missing = False  # another event: the next search is a full one
        self._shown = exchange
        shown_now = self.details.exchange()
        if same and exchange is not None and shown_now is not None and _same_event(shown_now, exchange):
            if not self.details.has_notice():
                return
        self.details.set_exchange(exchange)
        self.selectionChangedTo.emit(exchange)

    def _rows_arriving(self, _parent: QModelIndex, first: int, last: int) -> None:
        self._arrived = (first, last) if self._arrived is None else (min(first, self._arrived[0]), last)

    def _reset_coming(self) -> None:
        self._missing = False

    def _proxy_row(self, exchange: Exchange, arrived: tuple[int, int] | None = None) -> int | None:
        """The table row showing `exchange`, None when it is not loaded. The whole table is scanned
        once; while the event stays missing only newly inserted rows are (100,000 rows and 20 batches
        a second would otherwise scan two million rows a second on the GUI thread)."""
        model = self.model
        rows: range = range(model.rowCount())
        if self._missing:
            if arrived is None:
                return None
            rows = range(arrived[0], min(arrived[1] + 1, model.rowCount()))
        row = next((r for r in rows if _same_event(model.exchange(r), exchange)), None)
        self._missing = row is None
        if row is None:
            return None
        index = self.proxy.mapFromSource(model.index(row, 0))
        return index.row() if index.isValid() else None

    def _follow(self) -> None:
        """After a model change: put the selection, the current item and the panes back on the event."""
        shown, arrived, self._arrived = self._shown, self._arrived, None
        if shown is None:
            return
        selected = self._current_selected()
        if selected is not None and _same_event(selected, shown):
            in_panes = self.details.exchange()
            if in_panes is None or not _same_event(in_panes, shown):
                self._show(shown)
            return
        row = self._proxy_row(shown, arrived)
        if row is None:
            if not matches(shown, self.model.filter()):
                self.details.set_gone(shown, deleted=False)  # hidden by the filter: shown, and said so
            return  # matching but not paged in yet: the panes keep showing it
        flags = QItemSelectionModel.SelectionFlag
        selection = self.table.selectionModel()
        self._changing += 1  # our own re-selection is not a user's choice
        try:
            selection.setCurrentIndex(self.proxy.index(row, 0), flags.ClearAndSelect | flags.Rows)
        finally:
            self._changing -= 1
        self._show(shown)


def _same_event(a: Exchange, b: Exchange) -> bool:
    return a is b or (a.id is not None and a.id == b.id)
