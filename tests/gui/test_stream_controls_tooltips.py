"""The Stream toolbar's status tooltip quotes the gateway's own words: they show as text, never as
markup (a Qt tooltip renders anything that looks like HTML)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from dingconsole.core.profiles import ProfileStore
from dingconsole.core.store import EventStore
from dingconsole.gui.listener_bridge import ListenerBridge
from dingconsole.gui.stream_controls import StreamControls
from tests.dingtalk_standin import PROFILE, Gateway, running

MARKUP = "<b>busy</b><img src='http://example.invalid/x.png'>"


def test_a_reconnect_reason_in_the_tooltip_is_plain_text(qtbot: QtBot, store: EventStore) -> None:
    profiles = ProfileStore()
    profiles.add(PROFILE)
    with running(Gateway()) as gateway:
        controls = StreamControls(profiles, store, ListenerBridge(interval_ms=10), gateway_base=gateway.base)
        qtbot.addWidget(controls)
        with qtbot.waitSignal(controls.streamStateChanged, check_params_cb=lambda s: s == "connected", timeout=10000):
            controls.stream_action.setChecked(True)
        qtbot.waitUntil(lambda: controls.client is not None, timeout=10000)
        gateway.open_script = [(503, {"code": "ServiceUnavailable", "message": MARKUP})]
        gateway.drop()
        qtbot.waitUntil(lambda: "busy" in controls.status_label.toolTip(), timeout=10000)
        tip = controls.status_label.toolTip()
        controls.shutdown()
    assert "<b>busy</b>" not in tip and "<img" not in tip
    assert "&lt;b&gt;busy&lt;/b&gt;" in tip
