"""CALLBACK topics (robot messages, card callbacks) and ACKs sent only after the fact, against the stand-in
gateway; the bridge forwards robot messages to a real HTTP endpoint as DingTalk's HTTP-mode robot does."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from aiohttp import web

from dingconsole.core.crypto.robot_sign import check, robot_sign
from dingconsole.core.dingtalk import callbacks
from dingconsole.core.dingtalk.bridge import StreamBridge
from dingconsole.core.dingtalk.stream import Backoff, StreamClient
from dingconsole.core.exchange import Exchange, Outcome
from dingconsole.core.store import EventStore
from tests.dingtalk_standin import (
    APP_SECRET,
    CARD_TOPIC,
    PROFILE,
    ROBOT_TOPIC,
    Gateway,
    callback_frame,
    card_callback,
    event_frame,
    robot_message,
    wait_until,
)
from tests.send_stubs import StubHandler, serve

FAST = Backoff(initial=0.05, factor=2.0, maximum=0.2)


class RobotEndpoint:
    """An HTTP-mode robot handler: records headers and body, answers `status` with `reply`."""

    def __init__(self, status: int = 200, reply: dict[str, Any] | None = None) -> None:
        self.status = status
        self.reply = reply or {"msgtype": "text", "text": {"content": "pong"}}
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.lock = threading.Lock()

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        with self.lock:
            self.requests.append((dict(request.headers), body))
        return web.json_response(self.reply, status=self.status)


def client_for(store: Any, gateway: Gateway, **options: Any) -> StreamClient:
    c = StreamClient(
        store,
        PROFILE,
        gateway_base=gateway.base,
        backoff=FAST,
        ip="",
        callback_topics=[ROBOT_TOPIC, CARD_TOPIC],
        **options,
    )
    c.start()
    return c


@pytest.fixture
def client(gateway: Gateway, store: EventStore) -> Iterator[StreamClient]:
    c = client_for(store, gateway)
    try:
        yield c
    finally:
        c.stop()


def test_callback_topics_are_subscribed(client: StreamClient, gateway: Gateway) -> None:
    assert gateway.open_bodies[0]["subscriptions"] == [
        {"type": "EVENT", "topic": "*"},
        {"type": "CALLBACK", "topic": ROBOT_TOPIC},
        {"type": "CALLBACK", "topic": CARD_TOPIC},
    ]


def test_a_typed_topic_is_checked() -> None:
    assert callbacks.check_topic("  /v1.0/graph/api/invoke ") == "/v1.0/graph/api/invoke"
    for bad in ("robot", "/v1.0/a b", ""):
        with pytest.raises(callbacks.BadTopic):
            callbacks.check_topic(bad)


def test_a_robot_message_is_stored_summarised_and_acked(
    client: StreamClient, gateway: Gateway, store: EventStore
) -> None:
    gateway.send(callback_frame(ROBOT_TOPIC, robot_message("hello bot"), message_id="cb-1"))
    ack = gateway.wait_ack("cb-1")
    assert ack["code"] == 200 and json.loads(ack["data"]) == {"response": "OK"}
    (stored,) = store.query()
    assert stored.outcome is Outcome.OK and stored.event_type == "robot_message"
    assert stored.event_id == "msg-robot-1" and stored.request.path == ROBOT_TOPIC
    payload = stored.message_json()
    assert callbacks.summary(payload, "en") == "张三 · group “项目群” · hello bot"
    assert callbacks.summary(payload, "zh") == "张三 · 群聊 “项目群” · hello bot"
    assert client.health.callbacks == 1


def test_a_card_callback_is_stored_summarised_and_acked(
    client: StreamClient, gateway: Gateway, store: EventStore
) -> None:
    gateway.send(callback_frame(CARD_TOPIC, card_callback("approve", {"reason": "ok"}), message_id="cb-2"))
    ack = gateway.wait_ack("cb-2")
    assert ack["code"] == 200 and json.loads(ack["data"]) == {"response": {}}
    (stored,) = store.query()
    assert stored.event_type == "card_callback" and stored.outcome is Outcome.OK
    assert callbacks.summary(stored.message_json(), "en") == "manager01 · action approve · reason=ok"
    assert callbacks.summary(stored.message_json(), "zh") == "manager01 · 动作 approve · reason=ok"


def test_duplicate_deliveries_are_marked_and_counted(client: StreamClient, gateway: Gateway, store: EventStore) -> None:
    gateway.send(callback_frame(ROBOT_TOPIC, robot_message(msg_id="same"), message_id="d-1"))
    gateway.send(callback_frame(ROBOT_TOPIC, robot_message(msg_id="same"), message_id="d-2"))
    gateway.send(event_frame({"EventType": "check_in"}, event_id="ev-x", message_id="e-1"))
    gateway.send(event_frame({"EventType": "check_in"}, event_id="ev-x", message_id="e-2"))
    for mid in ("d-1", "d-2", "e-1", "e-2"):
        gateway.wait_ack(mid)
    first, second, third, fourth = store.query(newest_first=False)
    assert second.repeat_of == first.id and fourth.repeat_of == third.id
    assert client.health.to_dict()["duplicates"] == 2


class BrokenStore:
    """A store whose commit fails, as a full disk would."""

    def __init__(self) -> None:
        self.calls = 0

    def add(self, exchange: Exchange) -> int:
        self.calls += 1
        raise OSError("disk full")


def test_an_event_is_acked_only_after_it_is_committed(gateway: Gateway) -> None:
    broken = BrokenStore()
    c = client_for(broken, gateway)
    try:
        gateway.send(event_frame({"EventType": "check_in"}, event_id="lost?", message_id="m-1"))
        ack = gateway.wait_ack("m-1")
        assert broken.calls == 1
        assert json.loads(ack["data"])["status"] == "LATER"  # not stored: DingTalk must deliver it again
        # the gateway may read the ACK before the client counts it: wait for the count, not a race
        wait_until(lambda: c.health.to_dict()["later"] == 1, what="the LATER counted")
        assert "disk full" in c.health.last_error
    finally:
        c.stop()


def test_with_the_bridge_a_failing_handler_gets_later(gateway: Gateway, store: EventStore) -> None:
    with serve(StubHandler(mode="plain")) as url:  # answers "success" unencrypted: DingTalk refuses that
        c = client_for(store, gateway, forwarder=StreamBridge(url, PROFILE, timeout=3.0))
        try:
            gateway.send(event_frame({"EventType": "check_in"}, event_id="ev-f", message_id="m-f"))
            ack = gateway.wait_ack("m-f")
        finally:
            c.stop()
    assert json.loads(ack["data"])["status"] == "LATER"
    (stored,) = store.query()
    assert stored.outcome is Outcome.FAILED and stored.diagnosis is not None


def test_with_the_bridge_a_passing_handler_gets_success(gateway: Gateway, store: EventStore) -> None:
    handler = StubHandler(profile=PROFILE, mode="good")
    with serve(handler) as url:
        c = client_for(store, gateway, forwarder=StreamBridge(url, PROFILE, timeout=3.0))
        try:
            gateway.send(event_frame({"userId": ["u1"], "timeStamp": 1}, event_id="ev-s", message_id="m-s"))
            ack = gateway.wait_ack("m-s")
        finally:
            c.stop()
    assert json.loads(ack["data"])["status"] == "SUCCESS"
    (received,) = [json.loads(m) for m in handler.received]
    assert received["UserId"] == ["u1"] and received["TimeStamp"] == 1 and received["EventType"] == "user_add_org"
    assert "userId" not in received and received["eventId"] == "ev-s" and received["CorpId"] == "dingcorp0001"


def test_the_bridge_forwards_a_robot_message_as_the_http_mode_robot(gateway: Gateway, store: EventStore) -> None:
    endpoint = RobotEndpoint()
    with serve(endpoint, path="/robot") as url:  # type: ignore[arg-type]
        c = client_for(store, gateway, forwarder=StreamBridge(url, PROFILE, timeout=3.0))
        try:
            message = robot_message("ping")
            gateway.send(callback_frame(ROBOT_TOPIC, message, message_id="r-1"))
            ack = gateway.wait_ack("r-1")
        finally:
            c.stop()
    ((headers, body),) = endpoint.requests
    assert json.loads(body) == message
    assert headers["sign"] == robot_sign(APP_SECRET, headers["timestamp"])
    assert check(headers, body, APP_SECRET).ok
    assert json.loads(ack["data"]) == {"response": endpoint.reply}


def test_a_failing_robot_endpoint_is_recorded_and_answered_with_an_error(gateway: Gateway, store: EventStore) -> None:
    endpoint = RobotEndpoint(status=500)
    with serve(endpoint, path="/robot") as url:  # type: ignore[arg-type]
        c = client_for(store, gateway, forwarder=StreamBridge(url, PROFILE, timeout=3.0))
        try:
            gateway.send(callback_frame(ROBOT_TOPIC, robot_message(), message_id="r-2"))
            ack = gateway.wait_ack("r-2")
        finally:
            c.stop()
    assert ack["code"] == 500
    (stored,) = store.query()
    assert stored.outcome is Outcome.FAILED and stored.error_code == "robot_handler_failed"
    wait_until(lambda: c.health.later == 1, what="counted")
