"""The Chinese walk: every tab, dialog and an error of every kind, driven for real under zh_CN (a
real listener, real pushes, a real failing handler), and every visible string checked for Latin
words outside an allowlist of names (JSON, URL, AppKey, curl, field names, data)."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QWidget

from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.core.send.sender import seal_push, target_url
from dingconsole.gui import i18n
from dingconsole.gui.export_dialog import ExportDialog
from dingconsole.gui.help_dialog import AboutBox, HelpDialog
from dingconsole.gui.main_window import MainWindow
from dingconsole.gui.workbench.input import TYPED
from tests import send_stubs
from tests.gui.zh_walk import latin_words, untranslated
from tests.listener_util import post

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
PROFILE = Profile("shop", "dingappkey123456", "tok123", "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij")
DATA = frozenset({"shop", "isv", "title"})  # profile names the test chose; a field name a note quotes
EVENT = {"EventType": "bpms_instance_change", "processInstanceId": "a1b2", "createTime": 1700000000000}


@pytest.fixture
def chinese(qapp) -> Iterator[None]:
    manager = i18n.manager()
    manager.set_language(i18n.CHINESE, remember=False)
    yield
    manager.set_language(i18n.ENGLISH, remember=False)


class Walk:
    def __init__(self) -> None:
        self.found: dict[str, set[str]] = {}
        self.steps: dict[str, str] = {}

    def look(self, root: QWidget, step: str) -> None:
        for where, text, words in untranslated(root, DATA):
            self.found.setdefault(f"{where}: {text[:200]!r}", set()).update(words)
            self.steps.setdefault(f"{where}: {text[:200]!r}", step)

    def report(self) -> str:
        return "\n".join(f"[{self.steps[key]}] {key} -> {sorted(words)}" for key, words in sorted(self.found.items()))


def test_the_allowlist_keeps_data_and_names_but_not_english() -> None:
    assert latin_words("已用配置“shop”解密 AppKey、curl 和 JSON，见 https://x.test/a?b=c") == []
    assert latin_words("processInstanceId 与 check_url，端口 8080") == []
    assert latin_words("返回：delay:2000") == ["delay"]
    assert latin_words("解密结果 valid base64") == ["valid"]


def test_every_tab_dialog_and_error_is_chinese(qtbot, chinese, home) -> None:
    profiles = ProfileStore()
    profiles.add(PROFILE)
    profiles.add(Profile("isv", "suiteabc123", "tok456", PROFILE.aes_key))  # no AppSecret: Stream refuses
    win = MainWindow(profiles=profiles)
    qtbot.addWidget(win)
    win.resize(1280, 820)
    win.show()
    walk = Walk()
    try:
        walk.look(win, "start")
        win.controls.start()
        url = win.controls.current_url()
        good = seal_push(json.dumps(EVENT), PROFILE)
        assert post(target_url(url, good), good.body)[0] == 200
        bad = seal_push(json.dumps(EVENT), PROFILE)
        bad.query["signature"] = bad.query["msg_signature"] = "0" * 40
        post(target_url(url, bad), bad.body)
        post(target_url(url, bad), b"not json at all")
        post(url.split("?")[0] + "/nope", b"{}")
        post(url.split("/api")[0] + "/", b"", method="GET")
        letters = seal_push(json.dumps(EVENT), PROFILE, timestamp="1796691383643J0Il")  # refused: 400
        post(target_url(url, letters), letters.body)
        stale = seal_push(json.dumps(EVENT), PROFILE, timestamp=str(int((time.time() - 3 * 86400) * 1000)))
        assert post(target_url(url, stale), stale.body)[0] == 200  # accepted, noted as stale
        for policy_action, _policy in win.controls.policy_actions[2:3]:  # the slow reply policy
            policy_action.trigger()
        qtbot.wait_until(lambda: win.status.event_count >= 7, timeout=10_000)
        win.bridge.flush()
        qtbot.wait_until(lambda: win.events.proxy.rowCount() >= 7)
        walk.look(win, "table")
        for row in range(win.events.proxy.rowCount()):
            win.events.select_row(row)
            for index in range(win.details.tabs.count()):
                win.details.tabs.setCurrentIndex(index)
                walk.look(win, f"event{row}/tab{index}")

        win.tabs.setCurrentWidget(win.workbench)
        bench = win.workbench
        for text in (good.body.decode(), "garbage {", json.dumps({"msg_signature": "x", "encrypt": "y"})):
            with qtbot.waitSignal(bench.analysisReady, timeout=10_000):
                bench.input.editor.setPlainText(text)
            walk.look(win, f"workbench {text[:12]!r}")
        bench.input.profile.setCurrentIndex(bench.input.profile.findData(TYPED))
        with qtbot.waitSignal(bench.analysisReady, timeout=10_000):
            bench.input.editor.setPlainText(good.body.decode())
        walk.look(win, "workbench typed")

        win.tabs.setCurrentWidget(win.send)
        send = win.send
        walk.look(win, "send before")
        send.editor.setPlainText("{ not json")
        walk.look(win, "send bad json")
        send.source.setCurrentIndex(send.source.findData("user_add_org"))
        send.profile.setCurrentText("shop")
        assert send.send_button.isEnabled() or send.url.text() == "", send.validity.text()
        for target in ("listener", "plain", "refused"):
            if target == "listener":
                send.set_url(url)
                with qtbot.waitSignal(send.finished, timeout=20_000):
                    send.send()
                walk.look(win, "send ok")
            elif target == "plain":
                with send_stubs.serve(send_stubs.StubHandler(profile=PROFILE, mode="plain")) as stub:
                    send.set_url(stub)
                    with qtbot.waitSignal(send.finished, timeout=20_000):
                        send.send()
                for index in range(send.table.topLevelItemCount()):
                    send.table.setCurrentItem(send.table.topLevelItem(index))
                walk.look(win, "send plain")
            else:
                with socket.socket() as closed:
                    closed.bind(("127.0.0.1", 0))
                    send.set_url(f"http://127.0.0.1:{closed.getsockname()[1]}/callback")
                    with qtbot.waitSignal(send.finished, timeout=20_000):
                        send.send()
                walk.look(win, "send refused")

        win.bridge.flush()  # the Send tab's push to the listener, answered with the slow-reply policy
        win.tabs.setCurrentWidget(win.events)
        win.events.select_row(0)
        for index in range(win.details.tabs.count()):
            win.details.tabs.setCurrentIndex(index)
            walk.look(win, f"policy row/tab{index}")

        win.controls.profile_combo.setCurrentText("isv")
        win.stream_controls.stream_action.setChecked(True)  # no AppSecret: refused with a message
        walk.look(win, "stream error")

        dialog = win.profiles_dialog()
        dialog.show()
        dialog.new_profile()
        dialog.aes_key.setText("a" * 20 + "-" + "b" * 22)
        dialog.owner_key.setText("suiteabc123")
        walk.look(dialog, "profiles dialog")
        dialog.aes_key.setText("short")
        dialog.run_test()
        walk.look(dialog, "profiles dialog short key")
        dialog.ask_unsaved = lambda: __import__("PySide6.QtWidgets").QtWidgets.QMessageBox.StandardButton.Discard
        dialog.close()

        export = ExportDialog(win.store, selected=[], current_filter=None, profiles=profiles, parent=win)
        export.show()
        walk.look(export, "export")
        export.close()
        guide = HelpDialog(win)
        guide.show()
        walk.look(guide, "guide")
        guide.close()
        about = AboutBox(win)
        about.show()
        walk.look(about, "about")
        about.close()

        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            win.controls.stop()
            win.controls.set_address("127.0.0.1", taken.getsockname()[1])
            win.controls.toggle()
            walk.look(win, "busy port")
    finally:
        win.close()
    assert not walk.found, "Latin words in the Chinese UI:\n" + walk.report()


def test_every_banner_is_chinese(qtbot, chinese, home, tmp_path, monkeypatch) -> None:
    """The banners of a window that opened anyway: broken profiles file, unusable home, busy port,
    missing Chinese font (that one adds the English original on purpose: boxes cannot be read)."""
    from dingconsole.gui import startup

    walk = Walk()
    broken = home / "config" / "profiles.json"
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_text("{not json", "utf-8")
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    try:
        assert "profiles" in win.banner.keys()
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            win.controls.set_address("127.0.0.1", taken.getsockname()[1])
            win.controls.toggle()
        assert "listener" in win.banner.keys()
        walk.look(win.banner, "banners")
    finally:
        win.close()
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("DINGCONSOLE_HOME", str(blocker / "home"))
    win = MainWindow()
    qtbot.addWidget(win)
    try:
        assert "home" in win.banner.keys()
        walk.look(win.banner, "unusable home")
    finally:
        win.close()
    monkeypatch.setattr(startup.QFontDatabase, "families", lambda *args: [])
    font = startup.font_problem("zh")
    assert font is not None and font.text.startswith("未安装中文字体。") and "fonts-noto-cjk" in font.text
    assert startup.font_problem("en") is None
    assert not walk.found, "Latin words in the Chinese banners:\n" + walk.report()
