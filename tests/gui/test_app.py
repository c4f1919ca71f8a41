"""Application set-up: the packaged icon loads (it is what every window and dialog shows), the Chinese font
follows the OS, and the stop signals close the window (Ctrl+Break simulated as on Windows)."""

from __future__ import annotations

import os
import signal

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from dingconsole.gui import fonts
from dingconsole.gui.app import app_icon, install_signal_handlers


def test_the_packaged_app_icon_loads(qapp) -> None:
    icon = app_icon()
    assert not icon.isNull()
    size = icon.availableSizes()[0]
    assert (size.width(), size.height()) == (256, 256)


@pytest.mark.parametrize(
    ("platform", "installed", "chosen"),
    [
        ("win32", ["Segoe UI", "Yu Gothic", "Microsoft YaHei", "Microsoft YaHei UI"], "Microsoft YaHei UI"),
        ("win32", ["Segoe UI", "MS Gothic", "SimSun"], "SimSun"),  # never the Japanese font
        ("darwin", ["Helvetica Neue", "Hiragino Sans", "PingFang SC"], "PingFang SC"),
        ("linux", ["DejaVu Sans", "WenQuanYi Micro Hei"], "WenQuanYi Micro Hei"),
        ("linux", ["DejaVu Sans", "noto sans cjk sc", "WenQuanYi Micro Hei"], "noto sans cjk sc"),
        ("linux", ["DejaVu Sans"], None),
    ],
)
def test_the_chinese_family_per_os(platform: str, installed: list[str], chosen: str | None) -> None:
    assert fonts.chinese_family(installed, platform) == chosen


def test_the_application_font_gets_the_installed_chinese_family(qapp: QApplication) -> None:
    """Real Qt and the fonts on this machine (.ci/run installs fonts-wqy-microhei)."""
    before = qapp.font()
    try:
        family = fonts.apply_chinese_fallback(qapp, "linux")
        assert family is not None
        assert qapp.font().families()[-1] == family
        assert qapp.font().families()[0] == (before.families() or [before.family()])[0]  # Latin text unchanged
    finally:
        qapp.setFont(before)


def test_ctrl_break_closes_the_window_on_windows(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(signal, "SIGBREAK", signal.SIGUSR1, raising=False)  # Windows' Ctrl+Break, simulated
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGUSR1)}
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    try:
        signal.signal(signal.SIGUSR1, lambda *_: None)  # a regression leaves the window open, not the test dead
        install_signal_handlers(window)  # type: ignore[arg-type]
        os.kill(os.getpid(), signal.SIGUSR1)
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
