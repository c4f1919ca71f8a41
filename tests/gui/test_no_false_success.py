"""No false success: a green ✔ only for a step that ran and passed. The workbench with nothing to
try says so; the Send tab says nothing was sent before anything was; "✔ valid JSON" stays green
beside a ✘ about the URL. And edit-and-resend: a captured event opens in the Send tab with its
decrypted JSON editable, is re-sealed and sent to the listener's own URL (prefilled)."""

from __future__ import annotations

import json

import pytest

from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.core.send.sender import seal_push
from dingconsole.core.workbench import analyse
from dingconsole.gui.detail_panes import DiagnosisView
from dingconsole.gui.main_window import MainWindow
from dingconsole.gui.send_tab import SendTab, json_error_text
from dingconsole.gui.workbench import WorkbenchTab
from dingconsole.gui.workbench.input import TYPED
from tests.listener_util import make_profile, send_many

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
PROFILE = Profile("shop", "dingappkey123456", "tok123", "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij")


def test_the_workbench_with_empty_typed_credentials_claims_nothing(qtbot) -> None:
    tab = WorkbenchTab(ProfileStore())
    qtbot.addWidget(tab)
    tab.input.profile.setCurrentIndex(tab.input.profile.findData(TYPED))
    body = seal_push(json.dumps({"EventType": "check_url"}), make_profile()).body.decode()
    with qtbot.waitSignal(tab.analysisReady, timeout=10_000):
        tab.input.editor.setPlainText(body)
    verdict = tab.results.verdict_text()
    assert "✔" not in verdict and "Enter credentials or pick a profile" in verdict
    shown = tab.results.diagnosis.verdict.text()
    assert "✔" not in shown and "No profile to try" in shown


def test_a_report_with_skipped_steps_is_not_every_step_passed(qtbot) -> None:
    view = DiagnosisView()
    qtbot.addWidget(view)
    body = seal_push(json.dumps({"EventType": "check_url"}), PROFILE).body.decode()
    report = analyse(body, "auto", [PROFILE]).report  # a bare body: no query, the signature is not checked
    assert report is not None and report.ok
    view.set_report(report)
    assert view.verdict.text().startswith("✔ Every step that ran passed (")


def test_the_send_tab_before_sending_and_its_validity_colours(qtbot) -> None:
    profiles = ProfileStore()
    profiles.add(PROFILE)
    tab = SendTab(profiles)
    qtbot.addWidget(tab)
    assert "Nothing sent yet" in tab.diagnosis.verdict.text()
    tab.url.setText("")
    shown = tab.validity.text()
    assert "<span style='color: #2e7d32'>✔ valid JSON</span>" in shown
    assert "<span style='color: #c62828'>✘ enter the callback URL" in shown
    try:
        json.loads("{")
    except ValueError as exc:
        assert json_error_text(exc) == "a field name in double quotes was expected"


def test_edit_and_resend_a_captured_event(qtbot) -> None:
    profiles = ProfileStore()
    profiles.add(PROFILE)
    win = MainWindow(profiles=profiles)
    qtbot.addWidget(win)
    win.show()
    try:
        win.controls.start()
        url = win.controls.current_url()
        assert win.send.url.text() == url  # prefilled with the running listener's URL
        send_many(url, [seal_push(json.dumps({"EventType": "user_add_org", "UserId": ["before"]}), PROFILE)])
        qtbot.wait_until(lambda: win.events.proxy.rowCount() == 1)
        win.events.select_row(0)
        win.details.replay_action.trigger()
        assert win.tabs.currentWidget() is win.send
        assert json.loads(win.send.editor.toPlainText())["UserId"] == ["before"]
        win.send.editor.setPlainText(json.dumps({"EventType": "user_add_org", "UserId": ["after"]}, indent=2))
        with qtbot.waitSignal(win.send.finished, timeout=20_000):
            win.send.send()
        qtbot.wait_until(lambda: win.events.proxy.rowCount() == 2)
        newest = win.events.proxy.index(0, 0)
        win.events.select_row(newest.row())
        assert win.details.json_tree.document()["UserId"] == ["after"]  # re-sealed, decrypted by the listener
        assert win.send.deliveries()[0].status == 200
    finally:
        win.close()
