"""The Stream → HTTP bridge: events from a stand-in gateway, sealed and POSTed to a real local handler."""

from __future__ import annotations

import json
import socket

import pytest

from dingconsole.core.dingtalk.bridge import StreamBridge, http_message
from dingconsole.core.dingtalk.stream import Backoff, StreamClient
from dingconsole.core.exchange import Exchange, HttpRequest, Outcome, Transport
from dingconsole.core.listener import Listener, Policy
from dingconsole.core.profiles import Profile
from dingconsole.core.send import SendError
from dingconsole.core.store import EventFilter, EventStore
from tests.dingtalk_standin import APP_KEY, APP_SECRET, Gateway, event_frame, wait_until
from tests.send_stubs import PROFILE as HANDLER_PROFILE
from tests.send_stubs import StubHandler, serve

STREAM_PROFILE = Profile(
    name="streamer",
    owner_key=APP_KEY,
    token="othertoken",
    aes_key="abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
    app_secret=APP_SECRET,
)


def bridged(store: EventStore, gateway: Gateway, url: str) -> tuple[StreamClient, StreamBridge]:
    """A Stream client for STREAM_PROFILE whose events are sealed with the handler's profile."""
    bridge = StreamBridge(url, HANDLER_PROFILE, timeout=3.0)
    client = StreamClient(
        store, STREAM_PROFILE, gateway_base=gateway.base, backoff=Backoff(0.05, 2, 0.2), forwarder=bridge, ip=""
    )
    client.start()
    return client, bridge


def test_event_reaches_the_handler_and_its_reply_is_judged(gateway: Gateway, store: EventStore) -> None:
    handler = StubHandler(mode="good")
    payload = {"processInstanceId": "p-1", "type": "finish"}  # Stream data: type and id are in the headers
    frame = event_frame(payload, event_type="bpms_instance_change", event_id="ev-b1", message_id="m-b1")
    with serve(handler) as url:
        client, bridge = bridged(store, gateway, url)
        try:
            gateway.send(frame)
            gateway.wait_ack("m-b1")
            wait_until(lambda: store.count() == 1, what="stored")
        finally:
            client.stop()
    # decrypted with the handler's profile, shaped like an HTTP push: type, id, corp and time inside
    assert [json.loads(m) for m in handler.received] == [
        {
            "EventType": "bpms_instance_change",
            "eventId": "ev-b1",
            "CorpId": "dingcorp0001",
            "EventTime": int(frame["headers"]["eventBornTime"]),
            **payload,
        }
    ]
    (ex,) = store.query()
    assert ex.transport is Transport.STREAM and ex.outcome is Outcome.OK
    assert ex.reply_status == 200
    reply = json.loads(ex.reply_body)
    assert set(reply) == {"msg_signature", "timeStamp", "nonce", "encrypt"}
    assert HANDLER_PROFILE.crypto().decrypt(reply["encrypt"]).message == "success"
    assert ex.diagnosis is not None and ex.diagnosis["kind"] == "reply" and ex.diagnosis["ok"] is True
    assert json.loads(ex.request.body)["headers"]["eventId"] == "ev-b1"  # the frame stays the request
    assert bridge.forwarded == 1 and bridge.failed == 0


def test_a_wrong_reply_is_recorded_with_its_diagnosis(gateway: Gateway, store: EventStore) -> None:
    handler = StubHandler(mode="lower_timestamp")
    with serve(handler) as url:
        client, bridge = bridged(store, gateway, url)
        try:
            gateway.send(event_frame({"EventType": "check_in"}, event_id="ev-b2", message_id="m-b2"))
            gateway.wait_ack("m-b2")
            wait_until(lambda: store.count() == 1, what="stored")
        finally:
            client.stop()
    (ex,) = store.query()
    assert ex.outcome is Outcome.FAILED
    assert ex.error_code and "timeStamp" in (ex.error_message or "")
    assert ex.diagnosis is not None and ex.diagnosis["ok"] is False
    assert bridge.failed == 1


def test_an_unreachable_handler_is_a_recorded_failure(gateway: Gateway, store: EventStore) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/callback"
    client, _ = bridged(store, gateway, url)
    try:
        gateway.send(event_frame({"EventType": "check_in"}, event_id="ev-b3", message_id="m-b3"))
        assert gateway.wait_ack("m-b3")["code"] == 200  # DingTalk is still answered
        wait_until(lambda: store.count() == 1, what="stored")
    finally:
        client.stop()
    (ex,) = store.query()
    assert ex.outcome is Outcome.FAILED and ex.reply_status is None
    assert "cannot connect" in (ex.error_message or "")


def test_bridge_refuses_a_non_http_url() -> None:
    with pytest.raises(SendError):
        StreamBridge("ftp://example.com/x", HANDLER_PROFILE)


def test_bridge_to_the_console_listener_fills_one_store(gateway: Gateway, store: EventStore) -> None:
    """The console's own Listener as the handler: both sides of the bridge land in the same store."""
    with Listener(store, [HANDLER_PROFILE], active=HANDLER_PROFILE.name) as listener:
        client, _ = bridged(store, gateway, listener.url)
        try:
            gateway.send(event_frame({"EventType": "user_leave_org"}, event_id="ev-l1", message_id="l1"))
            wait_until(lambda: store.count() == 2, what="both sides stored")
            listener.set_policy(Policy.non_success())
            gateway.send(event_frame({"EventType": "user_leave_org"}, event_id="ev-l2", message_id="l2"))
            wait_until(lambda: store.count() == 4, what="second pair stored")
        finally:
            client.stop()
    by_transport = {t: store.query(EventFilter(transport=(t,)), newest_first=False) for t in Transport}
    http, stream = by_transport[Transport.HTTP], by_transport[Transport.STREAM]
    assert [ex.event_id for ex in http] == ["ev-l1", "ev-l2"] and http[0].outcome is Outcome.OK
    assert [ex.outcome for ex in stream] == [Outcome.OK, Outcome.FAILED]
    assert stream[1].diagnosis is not None and stream[1].diagnosis["ok"] is False


def test_http_message_keeps_the_payload_own_fields() -> None:
    frame = event_frame({"EventType": "mine", "eventId": "own", "x": 1}, event_type="hdr", event_id="hdr-id")
    ex = Exchange(
        received_at=0.0,
        request=HttpRequest("STREAM", "*", headers=frame["headers"], body=b""),
        message=frame["data"],
    )
    assert json.loads(http_message(ex)) == {
        "EventType": "mine",
        "eventId": "own",
        "x": 1,
        "CorpId": "dingcorp0001",
        "EventTime": int(frame["headers"]["eventBornTime"]),
    }
    ex.message = "not json"
    assert http_message(ex) == "not json"
