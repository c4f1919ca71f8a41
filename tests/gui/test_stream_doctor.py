"""The Doctor button by the Stream switch, in the real main window (offscreen), against the stand-ins:
the doctor runs off the GUI thread, stages fill in as they finish, in English and in Chinese."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from dingconsole.core.dingtalk.doctor import DoctorReport
from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.core.store import EventStore
from dingconsole.gui import i18n
from dingconsole.gui.listener_bridge import ListenerBridge
from dingconsole.gui.main_window import MainWindow
from dingconsole.gui.stream_controls import StreamControls
from tests.dingtalk_standin import PROFILE, Gateway, OpenApi, running
from tests.gui.windows import shown_window

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")  # offscreen dialogs


@pytest.fixture
def lang(qapp: object) -> Iterator[i18n.LanguageManager]:
    manager = i18n.manager()
    yield manager
    manager.set_language(i18n.ENGLISH, remember=False)


def run_doctor(qtbot: QtBot, window: MainWindow, gateway: Gateway, api: OpenApi) -> DoctorReport:
    controls = window.stream_controls
    controls.gateway_base, controls.api_base, controls.doctor_wait = gateway.base, api.base, 0.5
    assert controls.doctor_action in controls.actions()  # on the Stream toolbar, next to the switch
    with qtbot.waitSignal(controls.doctorFinished, timeout=15000) as finished:
        controls.doctor_action.trigger()
        assert not controls.doctor_action.isEnabled()  # the GUI thread is free while it runs
    report = finished.args[0]
    assert isinstance(report, DoctorReport) and controls.doctor_action.isEnabled()
    return report


def test_the_doctor_names_the_silent_stage_in_the_window(qtbot: QtBot, lang: i18n.LanguageManager) -> None:
    lang.set_language(i18n.ENGLISH, remember=False)
    window = shown_window(qtbot, PROFILE)
    with running(Gateway()) as gateway, running(OpenApi([])) as api:
        gateway.silent_next = True
        report = run_doctor(qtbot, window, gateway, api)
        dialog = window.stream_controls.doctor_dialog
        assert dialog is not None and dialog.isVisible()
        rows = dialog.rows()
        assert [r[1] for r in rows] == ["pass", "pass", "pass", "pass", "FAIL", "FAIL"]
        assert rows[4][0] == "First frame" and "no frame within 0.5 s" in rows[4][2]
        assert "Stream mode" in dialog.checklist.text() and not report.ok
        lang.set_language(i18n.CHINESE, remember=False)  # an open window follows the language
        qtbot.waitUntil(lambda: dialog.rows()[4][0] == "首个帧", timeout=5000)
        rows = dialog.rows()
        assert rows[4][0] == "首个帧" and rows[4][1] == "失败" and "0.5 秒内未收到任何帧" in rows[4][2]
        assert "检查清单" in dialog.checklist.text() and dialog.windowTitle() == "Stream 诊断"
        dialog.close()
        window.close()


def test_an_open_refusal_in_chinese(qtbot: QtBot, lang: i18n.LanguageManager) -> None:
    lang.set_language(i18n.CHINESE, remember=False)
    window = shown_window(qtbot, PROFILE)
    assert window.stream_controls.doctor_action.text() == "诊断"
    with running(Gateway()) as gateway, running(OpenApi([])) as api:
        gateway.open_script = [
            (403, {"code": "Forbidden.AccessDenied.AccessTokenPermissionDenied", "message": "无权限"})
        ]
        run_doctor(qtbot, window, gateway, api)
        rows = window.stream_controls.doctor_dialog.rows()  # type: ignore[union-attr]
        assert rows[2][1] == "失败" and "访问被拒绝，并非凭证错误" in rows[2][2] and "无权限" in rows[2][2]
        assert [r[1] for r in rows[3:5]] == ["未检查", "未检查"]
        window.stream_controls.doctor_dialog.close()  # type: ignore[union-attr]
        window.close()


def test_switching_on_warns_about_other_consumers_unless_development_only(
    qtbot: QtBot, store: EventStore, lang: i18n.LanguageManager
) -> None:
    lang.set_language(i18n.ENGLISH, remember=False)
    profiles = ProfileStore()
    profiles.add(PROFILE)
    profiles.add(Profile(**{**PROFILE.to_dict(), "name": "dev", "stream_role": "development"}))
    with running(Gateway()) as gateway:
        for name, warned in (("streamer", True), ("dev", False)):
            controls = StreamControls(
                profiles,
                store,
                ListenerBridge(interval_ms=10),
                gateway_base=gateway.base,
                current_profile=lambda n=name: n,
            )
            qtbot.addWidget(controls)
            with qtbot.waitSignal(
                controls.streamStateChanged, check_params_cb=lambda s: s == "connected", timeout=10000
            ):
                controls.stream_action.setChecked(True)
                # said before the first connect, in the status line, the whole story in its tooltip
                assert ("get fewer events" in controls.status_label.text()) is warned
                assert ("gets only a share" in controls.status_label.toolTip()) is warned
            controls.shutdown()
