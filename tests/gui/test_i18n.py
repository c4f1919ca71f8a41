"""Languages: the system locale picks the default, a choice is remembered, and switching retranslates
open widgets (QEvent.LanguageChange → retranslateUi) in both directions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale

from dingconsole.core import events
from dingconsole.gui import i18n, settings
from dingconsole.gui.workbench import WorkbenchTab


@pytest.fixture
def lang(qapp) -> Iterator[i18n.LanguageManager]:
    manager = i18n.manager()
    yield manager
    manager.set_language(i18n.ENGLISH, remember=False)


@pytest.mark.parametrize(
    ("name", "expected"), [("zh_CN", "zh"), ("zh_TW", "zh"), ("zh_HK", "zh"), ("en_US", "en"), ("de_DE", "en")]
)
def test_chinese_system_locales_default_to_chinese(name: str, expected: str) -> None:
    assert i18n.system_language(QLocale(name)) == expected


def test_the_choice_is_remembered_in_the_gui_settings(lang: i18n.LanguageManager, home) -> None:
    lang.set_language(i18n.CHINESE)
    assert settings.open_settings().value(i18n.SETTINGS_KEY) == "zh"
    assert settings.open_settings().fileName().startswith(str(home))
    assert i18n.saved_choice() == "zh"
    lang.set_language(i18n.SYSTEM)
    assert i18n.saved_choice() == ""
    assert lang.language() == i18n.system_language()


def test_switching_retranslates_an_open_workbench(qtbot, lang: i18n.LanguageManager) -> None:
    lang.set_language(i18n.ENGLISH, remember=False)
    tab = WorkbenchTab()
    qtbot.addWidget(tab)
    assert tab.input.action_label.text() == "Action:"
    assert tab.input.try_all.text() == "Try all profiles"
    with qtbot.waitSignal(lang.languageChanged):
        lang.set_language(i18n.CHINESE, remember=False)
    qtbot.waitUntil(lambda: tab.input.action_label.text() == "操作：")
    assert tab.input.try_all.text() == "尝试所有配置"
    assert tab.windowTitle() == "工作台"
    assert tab.input.action.itemText(0) == "自动（解密推送、检查返回）"
    assert events.label("check_url", i18n.data_lang()) == "回调地址验证"
    lang.set_language(i18n.ENGLISH, remember=False)
    qtbot.waitUntil(lambda: tab.input.action_label.text() == "Action:")
    assert tab.windowTitle() == "Workbench"
    assert events.label("check_url", i18n.data_lang()) == "URL check"


def test_diagnosis_hints_follow_the_language(lang: i18n.LanguageManager) -> None:
    from dingconsole.gui import hints

    english = "the core's own English hint"
    assert hints.error_hint("signature_mismatch", {}, english, "signature") == english
    lang.set_language(i18n.CHINESE, remember=False)
    assert "token" in hints.error_hint("signature_mismatch", {}, english, "signature")
    assert "不是 aesKey" in hints.error_hint("signature_mismatch", {}, english, "signature")
    assert "ding123" in hints.error_hint("owner_key_mismatch", {"found": "ding123"}, english)
    assert hints.step_title("owner_key") == "归属 Key"
    assert hints.error_hint("some_future_code", {}, english) == english


def test_the_language_menu_retranslates_the_main_window(qtbot, lang: i18n.LanguageManager, tmp_path) -> None:
    from dingconsole.core.store import EventStore
    from dingconsole.gui.main_window import MainWindow

    store = EventStore(tmp_path / "events.sqlite3")
    window = MainWindow(store=store)
    qtbot.addWidget(window)
    try:
        assert window.windowTitle() == "DingConsole — DingTalk callback console"
        tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        assert tabs == ["Events", "Workbench", "Send"]
        window.language_actions["zh"].trigger()
        qtbot.waitUntil(lambda: window.windowTitle() == "DingConsole — 钉钉回调调试台")
        assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == ["事件", "工作台", "发送"]
        assert window.file_menu.title() == "文件(&F)"
        assert i18n.saved_choice() == "zh"
        window.language_actions["en"].trigger()
        qtbot.waitUntil(lambda: window.windowTitle() == "DingConsole — DingTalk callback console")
        assert window.tabs.tabText(1) == "Workbench"
    finally:
        window.close()
        window.shutdown()
        store.close()


def test_the_open_table_and_detail_header_follow_the_language(qtbot, lang: i18n.LanguageManager, tmp_path) -> None:
    """Labels, summaries and outcome texts are computed from data: switching must re-render them."""
    import json
    import time

    from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
    from dingconsole.core.store import EventStore
    from dingconsole.gui.event_model import COL_OUTCOME, COL_SUMMARY, COL_TYPE
    from dingconsole.gui.main_window import MainWindow

    payload = {"EventType": "bpms_instance_change", "title": "Leave", "type": "finish", "result": "agree"}
    store = EventStore(tmp_path / "events.sqlite3")
    store.add_many(
        [
            Exchange(
                received_at=time.time() - 1,
                request=HttpRequest(method="POST", path="/api/callback"),
                remote="127.0.0.1",
                profile="demo",
                outcome=Outcome.FAILED,
                error_code="signature_mismatch",
                error_message="signature mismatch",
            ),
            Exchange(
                received_at=time.time(),
                request=HttpRequest(method="POST", path="/api/callback"),
                remote="127.0.0.1",
                profile="demo",
                outcome=Outcome.OK,
                message=json.dumps(payload),
                event_type="bpms_instance_change",
            ),
        ]
    )
    lang.set_language(i18n.ENGLISH, remember=False)
    window = MainWindow(store=store, lang="en")
    qtbot.addWidget(window)
    qtbot.wait_until(lambda: not window.model.busy())  # the first page loads on the query worker
    try:
        proxy = window.events.proxy

        def cell(row: int, column: int) -> str:
            return proxy.index(row, column).data()

        assert cell(0, COL_TYPE) == "Approval instance"
        assert cell(0, COL_SUMMARY) == "Leave · finished · agreed"
        assert cell(1, COL_OUTCOME) == "failed"
        window.events.select_row(1)
        assert "failed" in window.details.title.text()
        with qtbot.waitSignal(proxy.dataChanged):
            lang.set_language(i18n.CHINESE, remember=False)
        assert cell(0, COL_TYPE) == "审批实例变更"
        assert cell(0, COL_SUMMARY) == "Leave · 结束 · 同意"
        assert cell(1, COL_OUTCOME) == "失败"
        assert "失败" in window.details.title.text() and "failed" not in window.details.title.text()
        assert window.events.type_filter.itemText(window.events.type_filter.findData("check_url")) == "回调地址验证"
        assert i18n.saved_choice() == ""  # following a switch made elsewhere does not remember it
        with qtbot.waitSignal(proxy.dataChanged):
            lang.set_language(i18n.ENGLISH, remember=False)
        assert cell(0, COL_TYPE) == "Approval instance"
        assert cell(1, COL_OUTCOME) == "failed"
    finally:
        window.close()
        store.close()
