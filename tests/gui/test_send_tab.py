"""The Send tab against a live local Listener: a template is sealed and delivered, the listener's
sealed `success` reply is judged accepted, replay loads a captured event, and bad input disables Send."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QTextOption

from dingconsole.core.exchange import Outcome
from dingconsole.core.listener import Listener, Policy
from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.core.store import EventStore
from dingconsole.gui import i18n
from dingconsole.gui.send_tab import CAPTURED, SendTab, budget_colour
from tests import send_stubs

PROFILE = Profile("app", "dingb4c0a5f3e7d1e2f4", "tokentoken", "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij")


@pytest.fixture
def events(tmp_path: Path) -> Iterator[EventStore]:
    store = EventStore(tmp_path / "events.sqlite3")
    yield store
    store.close()


@pytest.fixture
def listener(events: EventStore) -> Iterator[Listener]:
    server = Listener(events, [PROFILE], active="app")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def tab(qtbot, home: Path) -> Iterator[SendTab]:
    profiles = ProfileStore()
    profiles.add(PROFILE)
    widget = SendTab(profiles)
    qtbot.addWidget(widget)
    yield widget
    widget.shutdown()


def run(qtbot, tab: SendTab) -> list:
    with qtbot.waitSignal(tab.finished, timeout=20_000) as blocker:
        tab.send_button.click()
    return blocker.args[0]


def test_send_to_a_live_listener_shows_success(qtbot, tab: SendTab, listener: Listener, events: EventStore) -> None:
    tab.source.setCurrentIndex(tab.source.findData("check_url"))
    tab.set_url(listener.url)
    assert tab.send_button.isEnabled()
    deliveries = run(qtbot, tab)
    assert len(deliveries) == 1 and deliveries[0].ok and deliveries[0].status == 200
    row = tab.table.topLevelItem(0)
    assert row.text(2) == "200" and row.text(4).startswith("✔")
    assert "1 of 1" in tab.state.text()
    assert tab.diagnosis.verdict.text().startswith("✔")
    stored = events.query()
    assert len(stored) == 1 and stored[0].outcome is Outcome.OK and stored[0].event_type == "check_url"


def test_duplicate_and_burst_list_every_delivery(qtbot, tab: SendTab, listener: Listener) -> None:
    tab.set_url(listener.url)
    tab.pattern.setCurrentIndex(tab.pattern.findData("duplicate"))
    assert len(run(qtbot, tab)) == 2
    tab.pattern.setCurrentIndex(tab.pattern.findData("burst"))
    tab.burst.setValue(5)
    deliveries = run(qtbot, tab)
    assert len(deliveries) == 5 and all(d.ok for d in deliveries)
    assert tab.table.topLevelItemCount() == 5


def test_a_failing_handler_is_explained_and_retried(qtbot, tab: SendTab, listener: Listener) -> None:
    listener.set_policy(Policy.non_success())
    tab.set_url(listener.url)
    tab.pattern.setCurrentIndex(tab.pattern.findData("retry"))
    tab.scale.setValue(0.001)  # DingTalk's 10 s and 30 s become 10 ms and 30 ms
    deliveries = run(qtbot, tab)
    assert [d.attempt for d in deliveries] == [1, 2, 3]
    assert not any(d.ok for d in deliveries)
    assert tab.table.topLevelItem(0).text(4).startswith("✘")


def test_replay_loads_a_captured_event(qtbot, tab: SendTab, listener: Listener, events: EventStore) -> None:
    tab.set_url(listener.url)
    run(qtbot, tab)
    captured = events.query()[0]
    tab.replay(captured)
    assert tab.source.currentData() == CAPTURED
    assert json.loads(tab.editor.toPlainText()) == json.loads(captured.message)
    tab.exact.setChecked(True)
    deliveries = run(qtbot, tab)
    assert deliveries[0].request.body == captured.request.body  # the exact bytes went out again


def test_invalid_json_or_url_disables_send(qtbot, tab: SendTab) -> None:
    tab.set_url("http://127.0.0.1:9/api/callback")
    tab.editor.setPlainText('{"EventType": ')
    assert not tab.send_button.isEnabled()
    assert "line 1" in tab.validity.text()
    tab.editor.setPlainText('{"EventType": "check_url"}')
    assert tab.send_button.isEnabled()
    tab.set_url("not a url")
    assert not tab.send_button.isEnabled()


def test_budget_colours() -> None:
    assert budget_colour(100) == "#2e7d32"
    assert budget_colour(1200) == "#ef6c00"
    assert budget_colour(1600) == "#c62828"


def test_a_long_unbroken_paste_wraps_anywhere(tab: SendTab) -> None:
    """Wrapping a 1 MB line with no spaces at word boundaries froze the window for ~25 s."""
    tab.editor.setPlainText('{"note": "' + "x" * 1_000_000 + '"}')
    assert tab.editor.wordWrapMode() == QTextOption.WrapMode.WrapAnywhere


def test_a_broken_handlers_verdict_follows_the_language(qtbot, home: Path) -> None:
    """The Verdict column showed the core's English line ("fields: `timestamp` should be ...") in the
    Chinese UI; it is rebuilt from the failed step, and rows already listed follow a language switch."""
    profiles = ProfileStore()
    profiles.add(send_stubs.PROFILE)
    tab = SendTab(profiles)
    qtbot.addWidget(tab)
    manager = i18n.manager()
    manager.set_language(i18n.CHINESE, remember=False)
    try:
        with send_stubs.serve(send_stubs.StubHandler(mode="lower_timestamp")) as url:
            tab.set_url(url)
            run(qtbot, tab)
        verdict = tab.table.topLevelItem(0).text(4)
        assert verdict.startswith("✘ 返回字段") and "timeStamp" in verdict and "should be" not in verdict
    finally:
        manager.set_language(i18n.ENGLISH, remember=False)
    qtbot.wait_until(lambda: "should be" in tab.table.topLevelItem(0).text(4))
    verdict = tab.table.topLevelItem(0).text(4)
    assert verdict.startswith("✘ Reply fields:") and "`timestamp` should be `timeStamp`" in verdict


def test_connection_errors_and_redirects_are_shown_in_chinese(qtbot, home: Path) -> None:
    """In the Chinese UI a refused connection ("cannot connect … connection refused") and a redirect
    ("redirected (302) to …") were shown as the core's English, in the Verdict column and in the error
    line under the deliveries table; both are rebuilt from what the Delivery carries."""
    profiles = ProfileStore()
    profiles.add(send_stubs.PROFILE)
    tab = SendTab(profiles)
    qtbot.addWidget(tab)
    manager = i18n.manager()
    manager.set_language(i18n.CHINESE, remember=False)
    try:
        with socket.socket() as closed:  # bound, never listening: the connection is refused
            closed.bind(("127.0.0.1", 0))
            port = closed.getsockname()[1]
            tab.set_url(f"http://127.0.0.1:{port}/callback")
            (refused,) = run(qtbot, tab)
        assert refused.status is None and "connection refused" in refused.error
        verdict = tab.table.topLevelItem(0).text(4)
        assert verdict == f"✘ 无法连接 127.0.0.1:{port}：连接被拒绝"
        line = tab.diagnosis.verdict.text()
        assert f"无法连接 127.0.0.1:{port}：连接被拒绝" in line and "cannot connect" not in line

        with send_stubs.serve(send_stubs.StubHandler(mode="redirect")) as url:
            tab.set_url(url)
            (redirected,) = run(qtbot, tab)
        assert redirected.status == 302 and redirected.error.startswith("redirected")
        verdict = tab.table.topLevelItem(0).text(4)
        assert verdict == "✘ 被重定向（302）到 /elsewhere：钉钉不跟随重定向"
        assert "redirect" not in tab.diagnosis.verdict.text()
    finally:
        manager.set_language(i18n.ENGLISH, remember=False)
    qtbot.wait_until(lambda: "redirected" in tab.table.topLevelItem(0).text(4))
    assert tab.table.topLevelItem(0).text(4) == f"✘ {redirected.error}"


def test_templates_are_listed_under_family_headings_in_both_languages(qtbot, tab: SendTab) -> None:
    from dingconsole.core import catalogue
    from dingconsole.core.send import templates

    items = [(tab.source.itemText(i), tab.source.itemData(i)) for i in range(tab.source.count())]
    kinds = {templates.get_template(data).event_type for _, data in items if data is not None}
    assert kinds >= set(catalogue.types())
    headings = [text for text, data in items if data is None]
    assert "— Home-school contacts —" in headings and "— Attendance —" in headings
    heading = next(i for i, (_, data) in enumerate(items) if data is None)
    assert not tab.source.model().item(heading).isEnabled() and tab.source.currentData() is not None
    tab.source.setCurrentIndex(tab.source.findData("edu_user_insert"))
    assert '"EventType": "edu_user_insert"' in tab.editor.toPlainText()
    i18n.manager().set_language(i18n.CHINESE, remember=False)
    try:
        tab.reload_templates()
        texts = [tab.source.itemText(i) for i in range(tab.source.count())]
        assert "— 家校通讯录 —" in texts and tab.source.currentData() == "edu_user_insert"
        assert tab.source.itemText(tab.source.findData("attend_shift_change")) == "班次变更 (attend_shift_change)"
    finally:
        i18n.manager().set_language(i18n.ENGLISH, remember=False)
