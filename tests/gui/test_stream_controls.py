"""StreamControls with real Qt widgets (offscreen), a real store and the stand-in gateway / open API."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from dingconsole.core.exchange import Exchange, Transport
from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.core.store import EventStore
from dingconsole.gui.listener_bridge import ListenerBridge
from dingconsole.gui.stream_controls import StreamControls
from tests.dingtalk_standin import (
    CARD_TOPIC,
    PROFILE,
    ROBOT_TOPIC,
    Gateway,
    OpenApi,
    callback_frame,
    event_frame,
    robot_message,
    running,
)


@pytest.fixture
def profiles() -> ProfileStore:
    ps = ProfileStore()
    ps.add(PROFILE)
    ps.add(Profile(**{**PROFILE.to_dict(), "name": "nosecret", "app_secret": ""}))
    return ps


def make(qtbot: QtBot, profiles: ProfileStore, store: EventStore, **kw: str) -> tuple[StreamControls, ListenerBridge]:
    bridge = ListenerBridge(interval_ms=10)
    controls = StreamControls(profiles, store, bridge, **kw)
    qtbot.addWidget(controls)
    return controls, bridge


def test_stream_switch_puts_events_in_the_table_feed(qtbot: QtBot, profiles: ProfileStore, store: EventStore) -> None:
    batches: list[list[Exchange]] = []
    with running(Gateway()) as gateway:
        controls, bridge = make(qtbot, profiles, store, gateway_base=gateway.base)
        bridge.batchReady.connect(batches.append)
        with qtbot.waitSignal(controls.streamStateChanged, check_params_cb=lambda s: s == "connected", timeout=10000):
            controls.stream_action.setChecked(True)
        qtbot.waitUntil(lambda: controls.client is not None, timeout=10000)
        assert not controls.forward_edit.isEnabled()
        gateway.send(event_frame({"UserId": ["u1"]}, event_id="ev-g1", message_id="g1"))
        qtbot.waitUntil(lambda: sum(len(b) for b in batches) == 1, timeout=10000)
        controls.stream_action.setChecked(False)
        assert controls.client is None and controls.forward_edit.isEnabled()
        controls.shutdown()
    (ex,) = [ex for batch in batches for ex in batch]
    assert ex.transport is Transport.STREAM and ex.event_id == "ev-g1" and ex.id is not None


def test_profile_without_secret_unchecks_with_a_message(
    qtbot: QtBot, profiles: ProfileStore, store: EventStore
) -> None:
    controls, _ = make(qtbot, profiles, store, current_profile=lambda: "nosecret")
    controls.stream_action.setChecked(True)
    assert not controls.stream_action.isChecked()
    assert "AppSecret" in controls.status_label.text()
    controls.shutdown()


def test_wrong_credentials_come_back_as_a_message(qtbot: QtBot, profiles: ProfileStore, store: EventStore) -> None:
    with running(Gateway(client_secret="other")) as gateway:
        controls, _ = make(qtbot, profiles, store, gateway_base=gateway.base)
        controls.stream_action.setChecked(True)
        qtbot.waitUntil(lambda: not controls.stream_action.isChecked(), timeout=10000)
        controls.shutdown()
    assert "refused the credentials" in controls.status_label.text()
    assert controls.client is None
    assert controls.retry_action.isVisible()  # the window offers Retry


def test_retry_is_offered_after_a_refusal_and_connects_once_fixed(
    qtbot: QtBot, profiles: ProfileStore, store: EventStore
) -> None:
    with running(Gateway()) as gateway:
        gateway.open_script = [(401, {"code": "InvalidAuthentication", "message": "clientSecret is wrong"})]
        controls, _ = make(qtbot, profiles, store, gateway_base=gateway.base)
        controls.stream_action.setChecked(True)
        qtbot.waitUntil(lambda: not controls.stream_action.isChecked(), timeout=10000)
        assert controls.retry_action.isVisible()
        with qtbot.waitSignal(controls.streamStateChanged, check_params_cb=lambda s: s == "connected", timeout=10000):
            controls.retry_action.trigger()
        qtbot.waitUntil(lambda: controls.client is not None, timeout=10000)
        assert not controls.retry_action.isVisible()
        controls.shutdown()


def test_callback_topics_health_and_a_disconnect(qtbot: QtBot, profiles: ProfileStore, store: EventStore) -> None:
    batches: list[list[Exchange]] = []
    with running(Gateway()) as gateway:
        controls, bridge = make(qtbot, profiles, store, gateway_base=gateway.base)
        bridge.batchReady.connect(batches.append)
        controls.robot_action.setChecked(True)
        controls.card_action.setChecked(True)
        controls.topic_edit.setText(" /v1.0/graph/api/invoke ")
        with qtbot.waitSignal(controls.streamStateChanged, check_params_cb=lambda s: s == "connected", timeout=10000):
            controls.stream_action.setChecked(True)
        qtbot.waitUntil(lambda: controls.client is not None, timeout=10000)
        assert [s["topic"] for s in gateway.open_bodies[0]["subscriptions"]] == [
            "*",
            ROBOT_TOPIC,
            CARD_TOPIC,
            "/v1.0/graph/api/invoke",
        ]
        assert not controls.robot_action.isEnabled() and not controls.topic_edit.isEnabled()
        gateway.send(callback_frame(ROBOT_TOPIC, robot_message("hi"), message_id="cb-g"))
        gateway.wait_ack("cb-g")
        gateway.disconnect()
        qtbot.waitUntil(lambda: gateway.connections == 2 and controls.client.health.connections == 2, timeout=10000)
        controls.refresh_health()
        assert "1 reconnects" in controls.health_label.text() and "0 duplicates" in controls.health_label.text()
        assert "disconnect" in controls.health_label.toolTip()
        qtbot.waitUntil(lambda: sum(len(b) for b in batches) == 1, timeout=10000)
        controls.shutdown()
    (robot,) = [ex for batch in batches for ex in batch]
    assert robot.event_type == "robot_message"  # the disconnect left no error row


def test_a_typed_topic_that_is_not_a_path_is_refused(qtbot: QtBot, profiles: ProfileStore, store: EventStore) -> None:
    controls, _ = make(qtbot, profiles, store)
    controls.topic_edit.setText("robot")
    controls.stream_action.setChecked(True)
    assert not controls.stream_action.isChecked() and "/v1.0/" in controls.status_label.text()
    controls.shutdown()


def test_fetch_failed_pushes_feeds_the_table(qtbot: QtBot, profiles: ProfileStore, store: EventStore) -> None:
    pages = [
        [
            {"call_back_tag": "user_add_org", "event_time": 1, "user_add_org": {"UserId": ["a"]}},
            {"call_back_tag": "user_modify_org", "event_time": 2, "user_modify_org": "{corpid=dingx}"},
        ]
    ]
    batches: list[list[Exchange]] = []
    with running(OpenApi(pages)) as api:
        controls, bridge = make(qtbot, profiles, store, api_base=api.base)
        bridge.batchReady.connect(batches.append)
        with qtbot.waitSignal(controls.fetchFinished, timeout=10000) as blocker:
            controls.fetch_action.trigger()
        qtbot.waitUntil(lambda: bool(batches), timeout=10000)
        controls.shutdown()
    assert blocker.args == [2, ""]
    assert "fetched 2" in controls.status_label.text() and controls.fetch_action.isEnabled()
    assert "1 hold no event data" in controls.status_label.text()
    assert batches[0][0].transport is Transport.FAILED_API
    assert store.count() == 2


def test_the_window_shows_the_stream_switch_and_shuts_it_down(qtbot: QtBot, profiles: ProfileStore) -> None:
    """Built by the window: follows the toolbar's profile, feeds the table, stops before the store closes."""
    from dingconsole.gui import i18n
    from dingconsole.gui.main_window import MainWindow

    with running(Gateway()) as gateway:
        window = MainWindow(profiles=profiles)
        qtbot.addWidget(window)
        stream = window.stream_controls
        assert stream.parent() is window and window.toolBarArea(stream) is not None
        assert stream.stream_action.text() == "Stream" and stream.fetch_action.text() == "Fetch failed pushes"
        window.controls.profile_combo.setCurrentText("streamer")
        assert stream.current_profile() == "streamer"
        stream.gateway_base = gateway.base
        with qtbot.waitSignal(stream.streamStateChanged, check_params_cb=lambda s: s == "connected", timeout=10000):
            stream.stream_action.setChecked(True)
        qtbot.waitUntil(lambda: stream.client is not None, timeout=10000)
        gateway.send(event_frame({"UserId": ["u7"]}, event_id="ev-w1", message_id="w1"))
        qtbot.waitUntil(lambda: window.events.proxy.rowCount() == 1, timeout=10000)
        i18n.manager().set_language(i18n.CHINESE, remember=False)
        try:
            qtbot.waitUntil(lambda: stream.fetch_action.text() == "拉取推送失败的事件")
        finally:
            i18n.manager().set_language(i18n.ENGLISH, remember=False)
        client = stream.client
        window.close()  # shutdown: the Stream stops before the store is closed
        assert stream.client is None and not stream._workers
        assert client is not None and client.state.value == "stopped"
    assert window.store._closed


def test_a_refusal_on_reconnect_offers_retry(qtbot: QtBot, profiles: ProfileStore, store: EventStore) -> None:
    with running(Gateway()) as gateway:
        controls, _ = make(qtbot, profiles, store, gateway_base=gateway.base)
        with qtbot.waitSignal(controls.streamStateChanged, check_params_cb=lambda s: s == "connected", timeout=10000):
            controls.stream_action.setChecked(True)
        qtbot.waitUntil(lambda: controls.client is not None, timeout=10000)
        gateway.open_script = [(401, {"code": "InvalidAuthentication", "message": "clientSecret is wrong"})]
        gateway.drop()
        qtbot.waitUntil(lambda: controls.retry_action.isVisible(), timeout=10000)
        assert controls.client is None and not controls.stream_action.isChecked()
        assert "clientSecret is wrong" in controls.status_label.text()
        assert controls.robot_action.isEnabled() and controls.forward_edit.isEnabled()
        controls.shutdown()
