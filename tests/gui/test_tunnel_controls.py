"""The Tunnel button with real Qt (offscreen), a real listener and fake tunnel tools on loopback."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from dingconsole.core.listener.status_page import BARE_STATUS_PAGE
from dingconsole.core.profiles import ProfileStore
from dingconsole.core.store import EventStore
from dingconsole.core.tunnel import TunnelSettings, load, save
from dingconsole.gui import i18n
from dingconsole.gui.listener_bridge import ListenerBridge
from dingconsole.gui.listener_controls import ListenerControls
from dingconsole.gui.tunnel_dialog import TunnelDialog
from tests.core.tunnel.fakes import install
from tests.gui.zh_walk import latin_words
from tests.listener_util import make_profile, send


@pytest.fixture
def profiles() -> ProfileStore:
    store = ProfileStore()
    store.add(make_profile("shop"))
    return store


def make(qtbot: QtBot, profiles: ProfileStore, store: EventStore) -> ListenerControls:
    controls = ListenerControls(profiles, store, ListenerBridge(interval_ms=10))
    qtbot.addWidget(controls)
    return controls


def test_tunnel_button_starts_listener_and_tunnel_and_shows_the_verified_url(
    qtbot: QtBot, profiles: ProfileStore, store: EventStore, bin_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install(bin_dir, "ngrok")
    monkeypatch.setenv("FAKE_STYLE", "ngrok")
    monkeypatch.setenv("FAKE_FORWARD", "1")
    monkeypatch.setenv("FAKE_XFF", "203.0.113.7")  # as ngrok does
    save(TunnelSettings(preset="ngrok"))
    controls = make(qtbot, profiles, store)
    assert not controls.running and controls.tunnel.button.text() == "Tunnel…"
    controls.tunnel.start()
    assert controls.running  # the listener first
    qtbot.waitUntil(lambda: controls.tunnel.status_label.text() == "verified ✓", timeout=20000)
    url = controls.tunnel.url_edit.text()
    assert url.startswith("http://127.0.0.1:") and url.endswith("/api/callback/shop")
    assert url != controls.current_url()  # the tunnel's port, not the listener's
    controls.tunnel.copy_button.click()
    assert QGuiApplication.clipboard().text() == url
    assert send("GET", url, headers={"Host": "localhost"})[1] == BARE_STATUS_PAGE
    assert controls.tunnel.button.text() == "Stop tunnel"
    controls.stop()  # Stop stops the tunnel with the listener
    assert not controls.tunnel.running and controls.tunnel.url_edit.text() == ""
    with pytest.raises(OSError):
        send("GET", url)


def test_missing_tool_is_named_in_the_toolbar(
    qtbot: QtBot, profiles: ProfileStore, store: EventStore, bin_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(bin_dir))
    save(TunnelSettings(preset="cloudflared"))
    controls = make(qtbot, profiles, store)
    controls.tunnel.start()
    qtbot.waitUntil(lambda: "not installed" in controls.tunnel.status_label.text(), timeout=10000)
    assert "cloudflared" in controls.tunnel.status_label.text()
    assert not controls.tunnel.running
    controls.stop()


def test_status_is_chinese_in_the_chinese_ui(
    qtbot: QtBot, profiles: ProfileStore, store: EventStore, bin_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(bin_dir))
    save(TunnelSettings(preset="cloudflared"))
    manager = i18n.manager()
    manager.set_language(i18n.CHINESE, remember=False)
    try:
        controls = make(qtbot, profiles, store)
        assert controls.tunnel.button.text() == "隧道…"
        controls.tunnel.start()
        qtbot.waitUntil(lambda: "未安装" in controls.tunnel.status_label.text(), timeout=10000)
        assert latin_words(controls.tunnel.status_label.text(), frozenset({"cloudflared"})) == []
        dialog = TunnelDialog(load())
        qtbot.addWidget(dialog)
        assert latin_words(dialog.needs_label.text(), frozenset({"cloudflared"})) == []
        controls.stop()
    finally:
        manager.set_language(i18n.ENGLISH, remember=False)


def test_dialog_keeps_tokens_in_a_password_field_and_returns_the_setting(qtbot: QtBot, profiles: ProfileStore) -> None:
    dialog = TunnelDialog(TunnelSettings(preset="frpc", frp_token="old-token"))
    qtbot.addWidget(dialog)
    assert dialog.token_edit.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.token_edit.text() == "old-token"
    dialog.server_edit.setText("frp.example.com")
    dialog.public_edit.setText("http://hook.example.com")
    dialog.token_edit.setText("new-token")
    chosen = dialog.settings()
    assert (chosen.preset, chosen.frp_server, chosen.frp_token) == ("frpc", "frp.example.com", "new-token")
    dialog.preset_combo.setCurrentIndex(dialog.preset_combo.findData("custom"))
    dialog.command_edit.setText("natapp -port {port}")
    assert dialog.settings().preset == "natapp -port {port}"
    assert "{port}" in dialog.needs_label.text()
    save(chosen)
    assert load().frp_token == "new-token"
