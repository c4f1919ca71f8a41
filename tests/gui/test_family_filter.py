"""The Events tab's family filter: it narrows the type list and the table, in both languages."""

from __future__ import annotations

import json
import time

from PySide6.QtCore import QModelIndex

from dingconsole.core import catalogue
from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
from dingconsole.core.store import EventFilter, EventStore
from dingconsole.gui.event_model import COL_SUMMARY, COL_TYPE, EventTableModel
from dingconsole.gui.events_view import EventsView


def make(kind: str, **fields: object) -> Exchange:
    return Exchange(
        received_at=time.time(),
        request=HttpRequest(method="POST", path="/api/callback", body=b'{"encrypt":"x"}'),
        profile="demo",
        outcome=Outcome.OK,
        message=json.dumps({"EventType": kind, **fields}, ensure_ascii=False),
        event_type=kind,
    )


def test_a_family_narrows_types_and_rows(qtbot, tmp_path) -> None:
    with EventStore(tmp_path / "events.sqlite3") as store:
        store.add_many(
            [
                make("attend_shift_change", name="班次A", action="attend_shift_delete"),
                make("attendance_check_record", dataList=[{"userId": "u1", "locationResult": "Normal"}]),
                make("edu_user_insert", userId="p1"),
                make("brand_new_event", a=1),
            ]
        )
        model = EventTableModel(store)
        view = EventsView(model)
        qtbot.addWidget(view)
        model.fetchMore(QModelIndex())
        assert view.proxy.rowCount() == 4 and view.type_filter.count() == len(catalogue.types()) + 1
        view.family_filter.setCurrentIndex(view.family_filter.findData("attendance"))
        assert model.filter() == EventFilter(families=("attendance",))
        qtbot.waitUntil(lambda: view.proxy.rowCount() == 2)
        assert view.type_filter.count() == len(catalogue.types_in("attendance")) + 1
        view.type_filter.setCurrentIndex(view.type_filter.findData("attend_shift_change"))
        qtbot.waitUntil(lambda: view.proxy.rowCount() == 1)
        assert view.proxy.index(0, COL_TYPE).data() == "Shift changed"
        assert "班次A" in view.proxy.index(0, COL_SUMMARY).data()

        view.retranslateUi("zh")
        assert view.family_filter.currentText() == "考勤" and view.type_filter.currentText() == "班次变更"
        assert view.family_filter.itemText(0) == "All event families"  # a Qt string: English until translated

        view.family_filter.setCurrentIndex(view.family_filter.findData("other"))
        assert view.type_filter.currentData() is None  # a type outside the family is deselected
        qtbot.waitUntil(lambda: view.proxy.rowCount() == 1)
        assert view.proxy.index(0, COL_TYPE).data() == "brand_new_event"


def test_the_detail_heading_names_family_label_and_summary(qtbot) -> None:
    from dingconsole.gui import i18n
    from dingconsole.gui.detail_panes import DetailPanes

    panes = DetailPanes()
    qtbot.addWidget(panes)
    shift = make("attend_shift_change", name="班次A", action="attend_shift_delete")
    shift.id = 7
    panes.set_exchange(shift)
    assert "Attendance › Shift changed — 班次A · shift deleted" in panes.title.text()
    i18n.manager().set_language(i18n.CHINESE, remember=False)
    try:
        panes.set_exchange(shift)
        assert "考勤 › 班次变更 — 班次A · 删除班次" in panes.title.text()
        unknown = make("brand_new_event", a=1)
        panes.set_exchange(unknown)
        assert "brand_new_event — a=1" in panes.title.text()
    finally:
        i18n.manager().set_language(i18n.ENGLISH, remember=False)
