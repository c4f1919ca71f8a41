"""Help: the guide names the owner keys and how to expose the listener, in both languages; About shows the version."""

from __future__ import annotations

import pytest

from dingconsole import __version__
from dingconsole.gui import i18n
from dingconsole.gui.help_dialog import AboutBox, HelpDialog


def test_guide_and_about_in_both_languages(qtbot) -> None:
    lang = i18n.manager()
    lang.set_language(i18n.ENGLISH, remember=False)
    guide = HelpDialog()
    about = AboutBox()
    qtbot.addWidget(guide)
    qtbot.addWidget(about)
    text = guide.browser.toPlainText()
    for words in ("AppKey", "CorpId", "suiteKey", "register_call_back", "0.0.0.0", "tunnel", "1500 ms"):
        assert words in text
    assert __version__ in about.text()
    try:
        lang.set_language(i18n.CHINESE, remember=False)
        qtbot.waitUntil(lambda: guide.windowTitle() == "DingConsole 使用指南")
        assert "归属 Key" in guide.browser.toPlainText() and "隧道" in guide.browser.toPlainText()
        assert about.windowTitle() == "关于 DingConsole" and __version__ in about.text()
    finally:
        lang.set_language(i18n.ENGLISH, remember=False)
    qtbot.waitUntil(lambda: guide.windowTitle() == "DingConsole guide")


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_the_help_menus_about_is_the_about_box(qtbot, monkeypatch, home) -> None:
    """Help → About showed a bare QMessageBox.about (no licence, never retranslated); it is the AboutBox."""
    from dingconsole.core.profiles import ProfileStore
    from dingconsole.gui.main_window import MainWindow

    shown: list[AboutBox] = []
    monkeypatch.setattr(AboutBox, "exec", lambda box: shown.append(box) or 0)
    window = MainWindow(profiles=ProfileStore())
    qtbot.addWidget(window)
    try:
        window.about_action.trigger()
        assert len(shown) == 1 and __version__ in shown[0].text() and "MIT" in shown[0].informativeText()
    finally:
        window.close()
