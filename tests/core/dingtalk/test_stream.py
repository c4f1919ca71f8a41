"""StreamClient against a stand-in gateway: a real HTTP server and a real WebSocket speaking the documented frames."""

from __future__ import annotations

import json
import re
import socket
import time
from collections.abc import Iterator

import pytest

from dingconsole.core.dingtalk.bridge import StreamBridge
from dingconsole.core.dingtalk.stream import (
    EVENT_ACK_DATA,
    Backoff,
    MissingAppSecret,
    State,
    StreamAuthError,
    StreamClient,
    StreamError,
)
from dingconsole.core.exchange import Exchange, Outcome, Transport
from dingconsole.core.profiles import Profile
from dingconsole.core.store import EventStore
from tests.dingtalk_standin import APP_KEY, APP_SECRET, PROFILE, Gateway, event_frame, system_frame, wait_until
from tests.send_stubs import StubHandler, serve

FAST = Backoff(initial=0.05, factor=2.0, maximum=0.2)


@pytest.fixture
def client(gateway: Gateway, store: EventStore) -> Iterator[StreamClient]:
    c = StreamClient(store, PROFILE, gateway_base=gateway.base, backoff=FAST, ip="10.0.0.7")
    c.start()
    try:
        yield c
    finally:
        c.stop()


def test_connect_posts_credentials_and_subscription(client: StreamClient, gateway: Gateway) -> None:
    assert client.state is State.CONNECTED
    assert gateway.connections == 1
    body = gateway.open_bodies[0]
    assert body["clientId"] == APP_KEY and body["clientSecret"] == APP_SECRET
    assert body["subscriptions"] == [{"type": "EVENT", "topic": "*"}]
    # the SDKs' `name-sdk-lang/version` ua (Python: dingtalk-sdk-python/v0.24.x-union) and JSON accepted
    assert body["localIp"] == "10.0.0.7" and re.fullmatch(r"dingconsole-sdk-python/v[\w.+-]+", body["ua"])
    assert gateway.open_headers[0].get("Accept") == "application/json"
    assert gateway.used_tickets == gateway.tickets[:1]


def test_ping_is_answered_with_its_opaque(client: StreamClient, gateway: Gateway) -> None:
    data = json.dumps({"opaque": "op-42-xyz"})
    gateway.send(system_frame("ping", data, message_id="ping-1"))
    ack = gateway.wait_ack("ping-1")
    assert ack["code"] == 200
    assert ack["headers"]["messageId"] == "ping-1"
    assert json.loads(ack["data"])["opaque"] == "op-42-xyz"
    wait_until(lambda: client.pings == 1, what="ping counted")


def test_event_is_acked_and_stored(client: StreamClient, gateway: Gateway, store: EventStore) -> None:
    seen: list[Exchange] = []
    client.add_observer(seen.append)
    payload = {"EventType": "user_add_org", "UserId": ["u1"], "CorpId": "dingcorp0001"}
    frame = event_frame(payload, event_id="ev-100", message_id="m-100")
    gateway.send(frame)
    ack = gateway.wait_ack("m-100")
    sent_at = int(ack["headers"].pop("time"))  # the Java SDK's ACK carries `time` (ms)
    assert abs(sent_at / 1000 - time.time()) < 60
    assert ack == {
        "code": 200,
        "message": "OK",
        "headers": {"messageId": "m-100", "contentType": "application/json"},
        "data": EVENT_ACK_DATA,
    }
    assert json.loads(ack["data"]) == {"status": "SUCCESS", "message": "success"}
    wait_until(lambda: len(seen) == 1, what="observer")
    stored = store.get(seen[0].id or 0)
    assert stored is not None
    assert stored.transport is Transport.STREAM and stored.outcome is Outcome.OK
    assert stored.profile == "streamer"
    assert json.loads(stored.message or "") == payload
    assert stored.event_type == "user_add_org" and stored.event_id == "ev-100"
    assert json.loads(stored.request.body) == frame  # the whole frame is kept
    assert stored.request.headers["eventCorpId"] == "dingcorp0001"


def test_event_type_falls_back_to_the_payload(client: StreamClient, gateway: Gateway, store: EventStore) -> None:
    frame = event_frame({"EventType": "chat_disband", "eventId": "ev-p"}, message_id="m-p")
    del frame["headers"]["eventType"], frame["headers"]["eventId"]
    gateway.send(frame)
    gateway.wait_ack("m-p")
    wait_until(lambda: store.count() == 1, what="stored")
    (stored,) = store.query()
    assert (stored.event_type, stored.event_id) == ("chat_disband", "ev-p")


def test_duplicate_event_id_is_marked_repeat(client: StreamClient, gateway: Gateway, store: EventStore) -> None:
    payload = {"EventType": "org_dept_create", "DeptId": [7]}
    gateway.send(event_frame(payload, event_id="ev-dup", message_id="a"))
    gateway.send(event_frame(payload, event_id="ev-dup", message_id="b"))
    gateway.send(event_frame(payload, event_id="ev-other", message_id="c"))
    wait_until(lambda: store.count() == 3, what="three stored")
    first, second, third = store.query(newest_first=False)
    assert first.repeat_of is None
    assert second.repeat_of == first.id
    assert third.repeat_of is None
    assert gateway.acks_for("b")  # a repeat is still ACKed, or DingTalk would send it again


def test_disconnect_reconnects_with_a_fresh_ticket(client: StreamClient, gateway: Gateway, store: EventStore) -> None:
    gateway.send(system_frame("disconnect", json.dumps({"reason": "server restart"}), message_id="bye"))
    wait_until(lambda: gateway.connections == 2, what="reconnect")
    assert len(set(gateway.used_tickets)) == 2 == len(gateway.tickets)
    wait_until(lambda: client.state is State.CONNECTED and client.connections == 2, what="connected again")
    gateway.send(event_frame({"EventType": "check_in"}, event_id="after", message_id="m-after"))
    gateway.wait_ack("m-after")
    wait_until(lambda: store.count() == 1, what="stored after reconnect")


def test_dropped_socket_reconnects_with_backoff(client: StreamClient, gateway: Gateway) -> None:
    states: list[State] = []
    client.add_state_observer(lambda state, detail: states.append(state))
    gateway.drop()
    wait_until(lambda: gateway.connections == 2 and client.state is State.CONNECTED, what="reconnect")
    assert State.RECONNECTING in states
    gateway.drop()
    wait_until(lambda: gateway.connections == 3 and client.state is State.CONNECTED, what="second reconnect")
    assert len(gateway.tickets) == 3


def test_backoff_doubles_and_caps() -> None:
    delays = Backoff(initial=1, factor=2, maximum=5).delays()
    assert [next(delays) for _ in range(5)] == [1, 2, 4, 5, 5]


def test_bad_frames_are_recorded_and_the_connection_kept(
    client: StreamClient, gateway: Gateway, store: EventStore
) -> None:
    gateway.send("this is not json")
    gateway.send("[1, 2]")
    gateway.send(json.dumps({"type": "EVENT", "data": "{}"}))  # no headers
    no_id = event_frame({"EventType": "x"})
    del no_id["headers"]["messageId"]
    gateway.send(no_id)
    gateway.send(event_frame("{broken json", event_id="ev-bad", message_id="m-bad"))
    gateway.send(event_frame({"EventType": "check_in"}, event_id="ev-ok", message_id="m-ok"))
    gateway.wait_ack("m-ok")
    wait_until(lambda: store.count() == 6, what="six records")
    records = store.query(newest_first=False)
    assert [r.outcome for r in records[:4]] == [Outcome.INVALID] * 4
    assert all(r.error_code == "bad_frame" and r.error_message for r in records[:4])
    assert "not JSON" in (records[0].error_message or "")
    assert "messageId" in (records[3].error_message or "")
    assert records[0].request.body == b"this is not json"
    assert records[4].outcome is Outcome.FAILED and records[4].error_code == "invalid_json"
    assert gateway.acks_for("m-bad")  # acknowledged: it was received and recorded
    assert records[5].outcome is Outcome.OK
    assert gateway.connections == 1 and client.state is State.CONNECTED


def test_wrong_credentials_fail_start_clearly(gateway: Gateway, store: EventStore) -> None:
    wrong = Profile(**{**PROFILE.to_dict(), "app_secret": "nope"})
    c = StreamClient(store, wrong, gateway_base=gateway.base, backoff=FAST, ip="")
    with pytest.raises(StreamAuthError) as info:
        c.start()
    assert "refused the credentials" in info.value.message and "401" in info.value.message
    assert "AppSecret" in info.value.hint
    assert not c.running and c.state is State.FAILED
    c.stop()


def test_unreachable_gateway_is_retried_visibly(store: EventStore) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    details: list[str] = []
    c = StreamClient(store, PROFILE, gateway_base=f"http://127.0.0.1:{port}", backoff=FAST, ip="")
    c.add_state_observer(lambda state, detail: details.append(detail))
    c.start()  # a network error is transient: start() returns and the client keeps trying
    try:
        wait_until(lambda: c.health.reconnects >= 2, what="two retries")
        assert c.running and c.state is State.RECONNECTING
        assert isinstance(c.last_error, StreamError) and "cannot reach the Stream gateway" in c.last_error.message
        assert any("retrying in" in d for d in details)
        assert c.health.to_dict()["recent_reconnects"][-1]["reason"] == "transient"
    finally:
        c.stop()
    assert not c.running


def test_profile_without_app_secret_is_refused(store: EventStore) -> None:
    bare = Profile(**{**PROFILE.to_dict(), "app_secret": ""})
    with pytest.raises(MissingAppSecret) as info:
        StreamClient(store, bare)
    assert "AppSecret" in info.value.message


def test_stop_is_idempotent_and_ends_the_thread(gateway: Gateway, store: EventStore) -> None:
    c = StreamClient(store, PROFILE, gateway_base=gateway.base, backoff=FAST, ip="")
    c.start()
    assert c.running
    c.stop()
    c.stop()
    assert not c.running and c.state is State.STOPPED


def test_one_slow_forward_target_does_not_delay_the_other_acks(gateway: Gateway, store: EventStore) -> None:
    """Frames are handled concurrently (bounded): the fast events are ACKed while the slow one still waits."""
    handler = StubHandler(profile=PROFILE)
    handler.slow_marker, handler.slow_seconds = "slow-one", 3.0
    with serve(handler) as url:
        c = StreamClient(
            store, PROFILE, gateway_base=gateway.base, backoff=FAST, ip="", forwarder=StreamBridge(url, PROFILE)
        )
        c.start()
        try:
            gateway.send(
                event_frame({"EventType": "check_in", "note": "slow-one"}, event_id="e-slow", message_id="slow")
            )
            for i in range(3):
                gateway.send(event_frame({"EventType": "check_in"}, event_id=f"e-{i}", message_id=f"fast{i}"))
            for i in range(3):
                gateway.wait_ack(f"fast{i}", timeout=2.5)  # before the slow handler answers (3 s)
            assert not gateway.acks_for("slow")
            # the slow one is ACKed too: LATER, as it took longer than the 1500 ms DingTalk gives a handler
            assert '"LATER"' in gateway.wait_ack("slow", timeout=10)["data"]
            assert c.health.to_dict()["ack_ms_p50"] < 2500 and c.health.to_dict()["ack_ms_max"] >= 2900
        finally:
            c.stop()


def test_concurrency_1_keeps_arrival_order(gateway: Gateway, store: EventStore) -> None:
    handler = StubHandler(profile=PROFILE)
    handler.slow_marker, handler.slow_seconds = "slow-one", 0.5
    with serve(handler) as url:
        bridge = StreamBridge(url, PROFILE)
        c = StreamClient(store, PROFILE, gateway_base=gateway.base, ip="", forwarder=bridge, concurrency=1)
        c.start()
        try:
            gateway.send(
                event_frame({"EventType": "check_in", "note": "slow-one"}, event_id="e-slow", message_id="slow")
            )
            gateway.send(event_frame({"EventType": "check_in"}, event_id="e-0", message_id="fast0"))
            gateway.wait_ack("fast0")
            ids = [f["headers"]["messageId"] for f in gateway.received]
            assert ids.index("slow") < ids.index("fast0")
        finally:
            c.stop()


def test_the_ack_echoes_the_frames_content_type(client: StreamClient, gateway: Gateway) -> None:
    frame = event_frame({"EventType": "check_in"}, message_id="ct-1")
    frame["headers"]["contentType"] = "application/json; charset=utf-8"
    gateway.send(frame)
    assert gateway.wait_ack("ct-1")["headers"]["contentType"] == "application/json; charset=utf-8"
