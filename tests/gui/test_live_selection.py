"""The selection is an event, not a row: with pushes arriving over a real socket, under every sort
order, through filters, paging and clearing, the highlighted row, the current item and the detail
panes keep showing the event the user clicked — or say where it went."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
from dingconsole.core.export import curl_command
from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.core.send.sender import seal_push
from dingconsole.core.store import EventStore
from dingconsole.gui import event_model
from dingconsole.gui.event_model import COL_HANDLING, COL_OUTCOME, COL_TIME, COL_TYPE, ExchangeRole
from dingconsole.gui.main_window import MainWindow
from tests.gui.windows import shown_window
from tests.listener_util import send_many

PROFILE = Profile("shop", "dingappkey123456", "tok123", "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij")
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder


def pushes(count: int, start: int) -> list:
    kinds = ("user_add_org", "chat_quit", "bpms_task_change")
    return [
        seal_push(json.dumps({"EventType": kinds[n % 3], "UserId": [f"u{n}"], "eventId": f"e{n}"}), PROFILE)
        for n in range(start, start + count)
    ]


@pytest.fixture
def window(qtbot):
    win = shown_window(qtbot, PROFILE)
    win.controls.start()
    yield win
    win.close()


def on(win: MainWindow, chosen: Exchange) -> bool:
    """The selected row is `chosen` (store queries may run on a worker: tests wait for this)."""
    return [ex.id for ex in win.events.selected_exchanges()] == [chosen.id]


def assert_on(win: MainWindow, chosen: Exchange) -> None:
    """Highlighted row, current item and every pane show `chosen`."""
    view = win.events
    assert [ex.id for ex in view.selected_exchanges()] == [chosen.id]
    assert view.current_exchange().id == chosen.id
    assert win.details.exchange().id == chosen.id
    assert win.details.title.text().startswith(f"<b>#{chosen.id}</b>")
    assert win.details.json_tree.document() == chosen.message_json()
    assert not win.details.notice.isVisible()


@pytest.mark.parametrize(
    ("column", "order"),
    [(COL_TIME, DESC), (COL_TIME, ASC), (COL_TYPE, ASC), (COL_HANDLING, DESC), (COL_OUTCOME, ASC)],
)
def test_details_stay_on_the_selected_event_through_500_pushes(qtbot, window: MainWindow, column, order) -> None:
    url = window.controls.current_url()
    send_many(url, pushes(12, 0))
    qtbot.wait_until(lambda: window.events.proxy.rowCount() == 12)
    window.events.table.sortByColumn(column, order)
    window.events.select_row(5)
    chosen = window.events.current_exchange()
    assert_on(window, chosen)
    for burst in range(5):
        send_many(url, pushes(100, 100 * (burst + 1)))
        qtbot.wait_until(lambda b=burst: window.events.proxy.rowCount() == 12 + 100 * (b + 1))
        assert_on(window, chosen)


def test_newest_at_the_bottom_keeps_the_selection(qtbot, window: MainWindow) -> None:
    window.newest_bottom_action.setChecked(True)
    url = window.controls.current_url()
    send_many(url, pushes(5, 0))
    qtbot.wait_until(lambda: window.events.proxy.rowCount() == 5)
    window.events.select_row(4)
    chosen = window.events.current_exchange()
    send_many(url, pushes(50, 10))
    qtbot.wait_until(lambda: window.events.proxy.rowCount() == 55)
    assert_on(window, chosen)


def test_filtered_out_then_back_and_cleared(qtbot, window: MainWindow) -> None:
    url = window.controls.current_url()
    send_many(url, pushes(9, 0))
    qtbot.wait_until(lambda: window.events.proxy.rowCount() == 9)
    view = window.events
    view.select_row(2)
    chosen = view.current_exchange()
    other = next(t for t in ("user_add_org", "chat_quit") if t != chosen.event_type)

    view.type_filter.setCurrentIndex(view.type_filter.findData(other))  # hides the chosen event
    assert view.selected_exchanges() == []
    assert window.details.exchange().id == chosen.id  # not a neighbour
    assert window.details.notice.isVisible() and f"#{chosen.id}" in window.details.notice.text()
    assert "hidden by the filters" in window.details.notice.text()

    send_many(url, pushes(30, 100))  # pushes while hidden change nothing
    qtbot.wait_until(lambda: window.store.count() == 39)
    window.bridge.flush()
    assert window.details.exchange().id == chosen.id and window.details.notice.isVisible()

    view.type_filter.setCurrentIndex(0)  # shown again: selected again, the notice goes
    qtbot.wait_until(lambda: on(window, chosen))
    assert_on(window, chosen)

    view.type_filter.setCurrentIndex(view.type_filter.findData(chosen.event_type))  # still matches
    qtbot.wait_until(lambda: on(window, chosen))
    assert_on(window, chosen)

    window.clear_now()
    assert window.details.exchange() is None
    assert window.details.notice.isVisible() and "was deleted" in window.details.notice.text()


def test_paging_in_older_events_keeps_the_selection(qtbot, tmp_path, home) -> None:
    store = EventStore()
    store.add_many(
        Exchange(
            received_at=1_700_000_000 + n,
            request=HttpRequest(method="POST", path="/api/callback"),
            remote="127.0.0.1",
            outcome=Outcome.OK,
            message=json.dumps({"EventType": "check_url", "n": n}),
            event_type="check_url",
        )
        for n in range(event_model.PAGE_SIZE + 50)
    )
    store.close()
    win = MainWindow(profiles=ProfileStore())
    qtbot.addWidget(win)
    try:
        qtbot.wait_until(lambda: win.events.proxy.rowCount() == event_model.PAGE_SIZE)
        win.events.select_row(7)
        chosen = win.events.current_exchange()
        win.events.table.sortByColumn(COL_TIME, ASC)
        win.events.table.sortByColumn(COL_TIME, DESC)
        win.model.fetchMore()
        qtbot.wait_until(lambda: win.events.proxy.rowCount() == event_model.PAGE_SIZE + 50)
        assert win.events.proxy.index(7, 0).data(ExchangeRole).id == chosen.id
        assert_on(win, chosen)
    finally:
        win.close()


def test_clearing_the_selection_disables_the_event_actions(qtbot, window: MainWindow) -> None:
    """A click on the table's empty space deselects but leaves Qt's current index behind: the actions
    (Copy as curl, Replay, Export as fixture) follow the selection the panes show, not that index."""
    send_many(window.controls.current_url(), pushes(3, 0))
    qtbot.wait_until(lambda: window.events.proxy.rowCount() == 3)
    window.events.select_row(1)
    actions = (window.details.copy_curl_action, window.details.replay_action, window.details.export_fixture_action)
    assert all(action.isEnabled() for action in actions)
    window.events.table.clearSelection()
    assert window.events.table.currentIndex().isValid()  # Qt keeps it
    assert window.details.exchange() is None
    assert window.events.current_exchange() is None
    assert not any(action.isEnabled() for action in actions)


def test_the_actions_act_on_the_event_the_panes_keep_when_a_filter_hides_it(qtbot, window: MainWindow) -> None:
    send_many(window.controls.current_url(), pushes(3, 0))
    qtbot.wait_until(lambda: window.events.proxy.rowCount() == 3)
    window.events.select_row(1)
    chosen = window.events.current_exchange()
    window.events.search.setText("no-such-text")
    qtbot.wait_until(lambda: window.events.proxy.rowCount() == 0 and window.details.notice.isVisible())
    assert window.details.exchange().id == chosen.id  # "hidden by the filters; its details stay here"
    assert window.details.copy_curl_action.isEnabled()
    assert window.actions_.copy_curl() == curl_command(chosen.request, window.actions_.own_origin())


def test_a_row_read_before_its_diagnosis_gets_it_when_the_listener_tells(qtbot, home) -> None:
    """A failed push is committed before its reply and diagnosed after it (in a worker): a page read
    from the store in between shows the row bare; the listener's notice brings the diagnosis."""
    bare = Exchange(
        received_at=1_700_000_000,
        request=HttpRequest(method="POST", path="/api/callback"),
        remote="127.0.0.1",
        outcome=Outcome.FAILED,
        error_code="signature_mismatch",
        error_message="the signature does not match",
    )
    store = EventStore()
    [bare.id] = store.add_many([bare])
    store.close()
    win = MainWindow(profiles=ProfileStore())
    qtbot.addWidget(win)
    try:
        qtbot.wait_until(lambda: win.events.proxy.rowCount() == 1)
        win.events.select_row(0)
        assert win.details.exchange().diagnosis is None
        step = {"name": "signature", "status": "failed", "detail": "the token differs", "hint": "", "code": None}
        diagnosed = Exchange(**{**bare.__dict__, "diagnosis": {"kind": "request", "steps": [step], "ok": False}})
        win.events.add_batch([diagnosed])
        assert win.events.proxy.rowCount() == 1
        assert win.events.current_exchange().diagnosis is not None
        assert win.details.exchange().diagnosis is not None
    finally:
        win.close()
