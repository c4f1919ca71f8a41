"""The window end to end: start the listener from the toolbar, push over real HTTP, see the row and
its decrypted JSON; a bad push shows its failed step; closing stops the listener; state is remembered."""

from __future__ import annotations

import json
import socket
import urllib.request

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from dingconsole.core.exchange import Outcome
from dingconsole.core.export import curl_command
from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.core.send.sender import seal_push, target_url
from dingconsole.core.store import EventStore
from dingconsole.gui import i18n
from dingconsole.gui.event_model import ExchangeRole
from dingconsole.gui.main_window import MainWindow
from tests.gui.windows import shown_window
from tests.listener_util import post

PROFILE = Profile("shop", "dingappkey123456", "tok123", "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij")
# The offscreen platform plugin says this whenever a shown QMainWindow with toolbars lays itself out.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

EVENT = {"EventType": "user_add_org", "UserId": ["manager9"], "CorpId": "ding5f1e0c3a7b2d9e41", "eventId": "e1"}


@pytest.fixture
def window(qtbot):
    win = shown_window(qtbot, PROFILE)
    yield win
    win.close()


def test_push_appears_with_decrypted_json(qtbot, window: MainWindow) -> None:
    with qtbot.wait_signal(window.controls.stateChanged):
        window.controls.start_action.trigger()
    url = window.controls.url_edit.text()
    assert url.startswith("http://127.0.0.1:") and "port" in window.status.port_label.text()
    push = seal_push(json.dumps(EVENT), PROFILE)
    status, reply = post(target_url(url, push), push.body)
    assert status == 200 and b"msg_signature" in reply

    qtbot.wait_until(lambda: window.events.proxy.rowCount() == 1)
    window.events.select_row(0)
    shown = window.details.json_tree.document()
    assert shown == EVENT
    assert '"manager9"' in window.details.json_text.toPlainText()
    assert window.details.json_tree.topLevelItemCount() == len(EVENT)
    assert "1 events, 0 errors" in window.status.count_label.text()
    assert "POST /api/callback/shop?" in window.details.request_text.toPlainText()
    assert window.details.reply_text.toPlainText().startswith("HTTP 200")
    command = window.actions_.copy_curl()
    origin = url.split("/api/callback")[0]  # this console's own listener, not the captured Host header
    assert f"curl -g -X POST '{origin}/api/callback/shop?" in command
    assert QApplication.clipboard().text() == command
    assert origin in window.statusBar().currentMessage()


def test_bad_push_shows_the_failed_step(qtbot, window: MainWindow) -> None:
    window.controls.start()
    url = window.controls.current_url()
    push = seal_push(json.dumps(EVENT), PROFILE)
    push.query["signature"] = push.query["msg_signature"] = "0" * 40
    post(target_url(url, push), push.body)
    qtbot.wait_until(lambda: window.events.proxy.rowCount() == 1)
    window.events.select_row(0)
    exchange = window.events.current_exchange()
    assert exchange.outcome is Outcome.FAILED
    assert window.details.tabs.currentWidget() is window.details.diagnosis
    verdict = window.details.diagnosis.verdict.text()
    assert "✘" in verdict and "signature" in verdict
    assert "1 events, 1 errors" in window.status.count_label.text()


def test_close_stops_listener_and_earlier_events_load(qtbot, home) -> None:
    profiles = ProfileStore()
    profiles.add(PROFILE)
    first = MainWindow(profiles=profiles)
    qtbot.addWidget(first)
    first.controls.start()
    url = first.controls.current_url()
    push = seal_push(json.dumps(EVENT), PROFILE)
    post(target_url(url, push), push.body)
    first.close()  # stops the listener; the exchange is committed
    assert first.controls.listener is None
    with pytest.raises(OSError):
        urllib.request.urlopen(url, timeout=2)

    store = EventStore()
    assert store.count() == 1
    store.close()
    second = MainWindow(profiles=ProfileStore())
    qtbot.addWidget(second)
    qtbot.wait_until(lambda: not second.model.busy())  # the first page loads on the query worker
    assert second.events.proxy.rowCount() == 1
    assert second.events.proxy.index(0, 0).data(ExchangeRole).event_type == "user_add_org"
    second.close()


def test_filters_from_the_bar(qtbot, window: MainWindow) -> None:
    window.controls.start()
    url = window.controls.current_url()
    for payload in (EVENT, {"EventType": "check_url"}):
        push = seal_push(json.dumps(payload), PROFILE)
        post(target_url(url, push), push.body)
    qtbot.wait_until(lambda: window.events.proxy.rowCount() == 2)
    bar = window.events
    bar.type_filter.setCurrentIndex(bar.type_filter.findData("check_url"))
    qtbot.wait_until(lambda: bar.proxy.rowCount() == 1)  # queried on the worker
    bar.type_filter.setCurrentIndex(0)
    bar.search.setText("manager9")
    qtbot.wait_until(lambda: bar.proxy.rowCount() == 1)  # debounced, then queried from the store


def test_filtered_export_takes_every_match_in_the_store(qtbot, home) -> None:
    """Events far beyond the first page are found by the filter and all go to a "filtered" export."""
    from dingconsole.core.exchange import Exchange, HttpRequest
    from dingconsole.gui import event_model
    from dingconsole.gui.export_dialog import ExportDialog

    store = EventStore()
    old = [
        Exchange(
            received_at=1_600_000_000 + i,
            request=HttpRequest(method="POST", path="/api/callback"),
            remote="127.0.0.1",
            profile="shop",
            outcome=Outcome.OK,
            message=json.dumps({"EventType": "chat_quit", "ChatId": f"c{i}"}),
            event_type="chat_quit",
        )
        for i in range(3)
    ]
    newer = [
        Exchange(
            received_at=1_700_000_000 + i,
            request=HttpRequest(method="POST", path="/api/callback"),
            remote="127.0.0.1",
            outcome=Outcome.OK,
            message='{"EventType": "check_url"}',
            event_type="check_url",
        )
        for i in range(event_model.PAGE_SIZE + 20)
    ]
    store.add_many(old + newer)
    store.close()
    window = MainWindow(profiles=ProfileStore())
    qtbot.addWidget(window)
    try:
        bar = window.events
        qtbot.wait_until(lambda: not window.model.busy())
        assert bar.proxy.rowCount() == event_model.PAGE_SIZE  # the old ones are not paged in
        bar.type_filter.setCurrentIndex(bar.type_filter.findData("chat_quit"))
        assert window.model.busy() and bar.busy_label.isVisibleTo(bar)  # "searching…" until the page arrives
        qtbot.wait_until(lambda: not window.model.busy())
        assert not bar.busy_label.isVisibleTo(bar)
        assert {bar.proxy.index(r, 0).data(ExchangeRole).id for r in range(bar.proxy.rowCount())} == {
            ex.id for ex in old
        }
        dialog = window.open_export(filtered=True)
        assert isinstance(dialog, ExportDialog)
        assert dialog.filtered_radio.isChecked()
        assert window.store.count(dialog.chosen_filter()) == 3
        dialog.close()
    finally:
        window.close()


def test_curl_command_quotes_the_body() -> None:
    push = seal_push(json.dumps(EVENT), PROFILE)
    push.headers["Host"] = "example.test:8080"
    command = curl_command(push, "http://127.0.0.1:9000")
    assert command.startswith('printf %s \'{"encrypt":')  # the body on curl's stdin, never an argument
    assert "curl -g -X POST 'http://127.0.0.1:9000/?" in command and command.endswith("--data-binary @-")
    assert "example.test" not in command


def test_an_empty_table_guides_a_new_user(qtbot, home) -> None:
    """At first start (no profile) the window was blank: nothing said where to begin."""
    profiles = ProfileStore()
    win = MainWindow(profiles=profiles)
    qtbot.addWidget(win)
    qtbot.wait_until(lambda: not win.model.busy())
    assert "File → Profiles…" in win.events.table.empty_text()
    profiles.add(PROFILE)
    win.profiles_changed()
    assert "Start the listener" in win.events.table.empty_text()
    win.controls.start()
    assert "event subscription page" in win.events.table.empty_text()
    bar = win.events
    bar.type_filter.setCurrentIndex(bar.type_filter.findData("check_url"))
    qtbot.wait_until(lambda: win.events.table.empty_text() == "No event matches the filters.")
    win.close()


def test_a_good_push_shows_its_steps_and_byte_layout(qtbot, window: MainWindow) -> None:
    """The listener stores a diagnosis only for failures: a good push showed "No diagnosis was
    recorded" and no byte layout, the view a developer compares with their own decryption."""
    window.controls.start()
    push = seal_push(json.dumps(EVENT), PROFILE)
    post(target_url(window.controls.current_url(), push), push.body)
    qtbot.wait_until(lambda: window.events.proxy.rowCount() == 1)
    window.events.select_row(0)
    view = window.details.diagnosis
    assert view.verdict.text() == "✔ Every step passed."
    parts = [view.layout_table.topLevelItem(i).text(0) for i in range(view.layout_table.topLevelItemCount())]
    assert parts == ["random", "length", "message", "owner_key", "padding"]


def test_start_on_a_taken_port_says_why(qtbot, home) -> None:
    """Start from the toolbar raised out of the Qt slot: a traceback on stderr, nothing in the window."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        win = MainWindow(profiles=ProfileStore(), port=port)
        qtbot.addWidget(win)
        win.controls.start_action.trigger()
        assert not win.controls.running
        assert "already in use" in win.statusBar().currentMessage()
        banner = " ".join(label.text() for label in win.banner.findChildren(QLabel))
        assert "--port" not in win.statusBar().currentMessage() and "--port" not in banner  # window advice only
        assert "Choose another port in the toolbar" in banner
        assert win.controls.start_action.text() == "Start"
        win.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_both_toolbars_fit_at_1280_px(qtbot, home, lang: str) -> None:
    """At 1280 px the Stream toolbar sat behind the `»` extension menu (and, in Chinese, part of the
    listener toolbar too): every toolbar item is reachable without it, in both languages."""
    from PySide6.QtWidgets import QToolBar, QToolButton

    store = ProfileStore()
    store.add(PROFILE)
    manager = i18n.manager()
    manager.set_language(i18n.CHINESE if lang == "zh" else i18n.ENGLISH, remember=False)
    win = MainWindow(profiles=store)
    qtbot.addWidget(win)
    try:
        win.resize(1280, 800)
        win.show()
        win.controls.start()  # the URL field holds a real URL
        qtbot.wait_exposed(win)
        bars = [bar for bar in win.findChildren(QToolBar) if bar.parent() is win]
        assert {bar.objectName() for bar in bars} >= {"listenerToolBar", "streamToolBar"}
        for bar in bars:
            qtbot.wait_until(lambda bar=bar: bar.width() > 0)
            extension = bar.findChild(QToolButton, "qt_toolbar_ext_button")
            assert extension is None or not extension.isVisible(), f"{bar.objectName()} overflows into »"
            assert bar.geometry().right() < win.width()
        assert win.stream_controls.forward_edit.isVisible()
    finally:
        win.close()
        manager.set_language(i18n.ENGLISH, remember=False)


def test_status_counts_every_event_even_when_the_table_is_filtered(qtbot, window: MainWindow) -> None:
    window.controls.start()
    url = window.controls.current_url()
    window.events.outcome_filter.setCurrentIndex(window.events.outcome_filter.findData(Outcome.FAILED.value))
    push = seal_push(json.dumps(EVENT), PROFILE)
    assert post(target_url(url, push), push.body)[0] == 200
    bad = seal_push(json.dumps(EVENT), PROFILE)
    bad.query["signature"] = bad.query["msg_signature"] = "0" * 40
    assert post(target_url(url, bad), bad.body)[0] == 403
    qtbot.wait_until(lambda: "2 events, 1 errors" in window.status.count_label.text())
    assert window.events.proxy.rowCount() == 1  # the table shows only the failed one
