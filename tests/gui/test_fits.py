"""At 1280×820 nothing is cut and the diagnosis needs no scrolling; bodies wrap; millisecond
timestamps show as local dates; the reply shows what it decrypts to."""

from __future__ import annotations

import json
import time

import pytest

from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.core.send.sender import seal_push
from dingconsole.gui import i18n
from dingconsole.gui.json_view import local_time
from dingconsole.gui.main_window import MainWindow
from tests import send_stubs
from tests.listener_util import send_many

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
PROFILE = Profile("shop", "dingappkey123456", "tok123", "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij")
EVENT = {"EventType": "bpms_instance_change", "processInstanceId": "a1b2c3", "createTime": 1700000000000}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_window_at_1280_by_820(qtbot, lang: str) -> None:
    manager = i18n.manager()
    manager.set_language(i18n.CHINESE if lang == "zh" else i18n.ENGLISH, remember=False)
    profiles = ProfileStore()
    profiles.add(PROFILE)
    win = MainWindow(profiles=profiles)
    qtbot.addWidget(win)
    win.resize(1280, 820)
    win.show()
    try:
        win.controls.start()
        other = Profile("x", "dingsomeoneelse", PROFILE.token, PROFILE.aes_key)  # fails at the owner key
        send_many(win.controls.current_url(), [seal_push(json.dumps(EVENT), p) for p in (PROFILE, other)])
        qtbot.wait_until(lambda: win.events.proxy.rowCount() == 2)
        details = win.details

        def failed_row_shows_its_diagnosis() -> bool:
            """Select the failed row (again) until its diagnosis, attached after the reply, is shown:
            waiting for the state, not for a moment (it was flaky under load)."""
            for row in (0, 1):
                win.events.select_row(row)
                shown = win.events.current_exchange()
                if shown is not None and shown.outcome.value != "ok":
                    return shown.diagnosis is not None and details.tabs.currentWidget() is details.diagnosis
            return False

        qtbot.wait_until(failed_row_shows_its_diagnosis, timeout=10_000)
        steps = details.diagnosis.steps
        qtbot.wait_until(lambda: steps.viewport().height() > 0)
        assert steps.topLevelItemCount() >= 10
        # wrapped hints lay their rows out again once the columns have their widths: wait for that state
        qtbot.wait_until(lambda: steps.verticalScrollBar().maximum() == 0, timeout=3000)  # no scrolling at 1280×820
        assert steps.horizontalScrollBar().maximum() == 0  # nor sideways: details and hints wrap (issue 23)

        win.events.select_row(1 - win.events.table.currentIndex().row())
        details.tabs.setCurrentIndex(0)
        tree = details.json_tree
        key = next(
            tree.topLevelItem(i)
            for i in range(tree.topLevelItemCount())
            if tree.topLevelItem(i).text(0) == "processInstanceId"
        )
        assert tree.columnWidth(0) >= tree.fontMetrics().horizontalAdvance("processInstanceId")
        created = next(
            tree.topLevelItem(i)
            for i in range(tree.topLevelItemCount())
            if tree.topLevelItem(i).text(0) == "createTime"
        )
        assert local_time(1700000000000) in created.text(1) and key is not None
        request = details.request_text.toPlainText()
        assert '\n  "encrypt": ' in request  # the body is indented, and the view wraps it
        assert details.request_text.lineWrapMode() == details.request_text.LineWrapMode.WidgetWidth
        reply = details.reply_text.toPlainText()
        assert reply.startswith("HTTP 200\nContent-Type: application/json") and "success" in reply.split("\n\n")[-1]

        win.tabs.setCurrentWidget(win.send)
        with send_stubs.serve(send_stubs.StubHandler(profile=PROFILE, mode="good")) as url:
            win.send.set_url(url)
            with qtbot.waitSignal(win.send.finished, timeout=20_000):
                win.send.send()
        table = win.send.table
        header = table.headerItem()
        for column in range(4):
            assert table.columnWidth(column) >= table.fontMetrics().horizontalAdvance(header.text(column)), column
    finally:
        win.close()
        manager.set_language(i18n.ENGLISH, remember=False)


def test_local_time_only_for_millisecond_timestamps() -> None:
    stamp = 1700000000123
    assert local_time(stamp) == time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(stamp / 1000)) + ".123"
    assert local_time(str(stamp)) == local_time(stamp)
    assert local_time(1700000000) == "" and local_time(True) == "" and local_time("17000000001234") == ""


def test_hints_wrap_instead_of_ending_in_an_ellipsis_at_1024_by_700(qtbot) -> None:
    """Issue 23: at 1024×700 the hints were cut with "…"; they wrap now, and the byte layout keeps its room."""
    profiles = ProfileStore()
    profiles.add(PROFILE)
    win = MainWindow(profiles=profiles)
    qtbot.addWidget(win)
    win.resize(1024, 700)
    win.show()
    try:
        win.controls.start()
        other = Profile("x", "dingsomeoneelse", PROFILE.token, PROFILE.aes_key)  # fails at the owner key
        send_many(win.controls.current_url(), [seal_push(json.dumps(EVENT), other)])
        qtbot.wait_until(lambda: win.events.proxy.rowCount() == 1)
        details = win.details

        def shown() -> bool:
            win.events.select_row(0)
            ex = win.events.current_exchange()
            return ex is not None and ex.diagnosis is not None and details.tabs.currentWidget() is details.diagnosis

        qtbot.wait_until(shown, timeout=10_000)
        steps = details.diagnosis.steps
        metrics = steps.fontMetrics()
        owner = next(
            steps.topLevelItem(i) for i in range(steps.topLevelItemCount()) if "✘" in steps.topLevelItem(i).text(0)
        )
        hint = owner.child(0)
        assert metrics.horizontalAdvance(hint.text(1)) > steps.columnWidth(1)  # too long for one line here
        qtbot.wait_until(lambda: steps.visualItemRect(hint).height() >= 2 * metrics.height(), timeout=3000)
        assert steps.horizontalScrollBar().maximum() == 0
        assert details.diagnosis.layout_table.width() >= 200  # the byte layout is not squeezed to a sliver
    finally:
        win.controls.stop()
        win.close()
