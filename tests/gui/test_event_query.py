"""The table's queries run on a worker: never on the GUI thread, stale pages dropped, "searching…" meanwhile;
pinning from the table and the retention settings."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from PySide6.QtWidgets import QLabel

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
from dingconsole.core.store import EventFilter, EventStore
from dingconsole.core.store.retention import GIB, RetentionPolicy
from dingconsole.gui import i18n
from dingconsole.gui import settings as settings_mod
from dingconsole.gui.event_model import EventTableModel
from dingconsole.gui.events_view import EventsView
from dingconsole.gui.store_ui import RetentionDialog, StoreUi, policy_from_settings


class RecordingStore(EventStore):
    """The real store, noting which threads ran its queries."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.query_threads: set[str] = set()

    def query(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.query_threads.add(threading.current_thread().name)
        return super().query(*args, **kwargs)


def _fill(store: EventStore) -> list[int]:
    return store.add_many(
        [
            Exchange(
                received_at=1_700_000_000.0 + i,
                request=HttpRequest(method="POST", path="/api/callback"),
                outcome=Outcome.OK if i % 2 else Outcome.FAILED,
                message=json.dumps({"EventType": "bpms_task_change", "title": f"周九{i}"}, ensure_ascii=False),
                event_type="bpms_task_change" if i % 3 else "user_add_org",
            )
            for i in range(60)
        ]
    )


def test_queries_leave_the_gui_thread_and_stale_pages_are_dropped(qtbot, tmp_path: Path) -> None:
    store = RecordingStore(tmp_path / "e.sqlite3")
    _fill(store)
    store.wait_indexed()
    model = EventTableModel(store, worker=True)
    view = EventsView(model)
    qtbot.addWidget(view)
    try:
        with qtbot.waitSignal(model.busyChanged, check_params_cb=lambda busy: not busy):
            model.fetchMore()
        assert model.rowCount() == 60
        model.set_filter(EventFilter(text="周九1"))  # superseded at once: its page must never show
        assert model.busy() and view.busy_label.isVisibleTo(view)
        model.set_filter(EventFilter(text="周九5", outcomes=(Outcome.OK,)))
        qtbot.wait_until(lambda: not model.busy())
        titles = {json.loads(model.exchange(r).message or "{}")["title"] for r in range(model.rowCount())}
        assert titles == {"周九5", "周九51", "周九53", "周九55", "周九57", "周九59"}
        assert not view.busy_label.isVisibleTo(view)
        assert threading.main_thread().name not in store.query_threads  # every query ran on the worker
        assert store.query_threads
    finally:
        model.shutdown()
        store.close()


def test_pin_from_the_table_and_retention_settings(qtbot, home, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QMainWindow

    store = EventStore(tmp_path / "e.sqlite3")
    ids = _fill(store)
    model = EventTableModel(store)
    model.fetchMore()
    window = QMainWindow()
    view = EventsView(model)
    window.setCentralWidget(view)
    qtbot.addWidget(window)
    settings = settings_mod.open_settings()
    ui = StoreUi(store, view, window.statusBar(), settings)
    try:
        assert policy_from_settings(settings) == RetentionPolicy()  # 2 GiB, 30 days by default
        view.select_row(0)
        menu = ui.selection_menu()
        assert menu is not None and [a.text() for a in menu.actions()] == ["Pin (retention keeps it)"]
        menu.actions()[0].trigger()
        assert store.pinned_ids() == {ids[-1]}
        menu = ui.selection_menu()
        assert menu is not None and [a.text() for a in menu.actions()] == ["Unpin"]
        dialog = RetentionDialog(RetentionPolicy(max_bytes=GIB, max_age_days=7))
        qtbot.addWidget(dialog)
        assert dialog.policy() == RetentionPolicy(max_bytes=GIB, max_age_days=7)
        notes = [label.text() for label in dialog.findChildren(QLabel)]
        assert any("only the newest 1,000 within 4.0 MiB, removed first" in text for text in notes)
        i18n.manager().set_language(i18n.CHINESE, remember=False)
        try:
            chinese = RetentionDialog(RetentionPolicy())
            qtbot.addWidget(chinese)
            notes = [label.text() for label in chinese.findChildren(QLabel)]
        finally:
            i18n.manager().set_language(i18n.ENGLISH, remember=False)
        assert any("只保留最新的 1,000 条、不超过 4.0 MiB，并最先删除" in text for text in notes)
        dialog.size_cap.setValue(0)
        dialog.age_cap.setValue(0)
        ui.apply(dialog.policy())
        assert policy_from_settings(settings) == RetentionPolicy(max_bytes=None, max_age_days=None)
        assert store.stats().retention == RetentionPolicy(max_bytes=None, max_age_days=None)
        assert ui.label.text().startswith("store ")
        from dingconsole.gui.store_ui import size_text

        assert ui.label.text() == f"store {size_text(store.used_bytes())}"  # what it holds, not the WAL's room
        assert "on disk" in ui.label.toolTip()
        ui.import_progress(10, 50, 100)
        assert ui.progress.isVisibleTo(window) and ui.progress.value() == 500
        ui.import_done()
        assert not ui.progress.isVisibleTo(window)
    finally:
        store.close()
