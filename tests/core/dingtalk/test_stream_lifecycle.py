"""The connection lifecycle against a stand-in gateway written from the SDKs and the protocol page:
transient open errors (503, throttling 403) mid-session, the documented disconnect, a silent socket."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator

import pytest

from dingconsole.core.dingtalk.stream import Backoff, State, StreamAuthError, StreamClient
from dingconsole.core.dingtalk.stream_protocol import open_refusal, whitespace_problem
from dingconsole.core.exchange import Exchange
from dingconsole.core.profiles import Profile
from dingconsole.core.store import EventStore
from tests.dingtalk_standin import PROFILE, Gateway, event_frame, system_frame, wait_until

FAST = Backoff(initial=0.05, factor=2.0, maximum=0.2)
SERVICE_UNAVAILABLE = (503, {"code": "ServiceUnavailable", "message": "service unavailable", "requestid": "r1"})
THROTTLED = (
    403,
    {"code": "Forbidden.AccessDenied.QpsLimitForApi", "message": "qps limit for api", "requestid": "r2"},
)


@pytest.fixture
def client(gateway: Gateway, store: EventStore) -> Iterator[StreamClient]:
    c = StreamClient(store, PROFILE, gateway_base=gateway.base, backoff=FAST, ip="", keepalive=30)
    c.start()
    try:
        yield c
    finally:
        c.stop()


def receive(gateway: Gateway, store: EventStore, event_id: str) -> None:
    before = store.count()
    gateway.send(event_frame({"EventType": "check_in"}, event_id=event_id, message_id=f"m-{event_id}"))
    gateway.wait_ack(f"m-{event_id}")
    assert store.count() == before + 1


def test_a_503_and_a_throttling_403_on_reconnect_are_retried(
    client: StreamClient, gateway: Gateway, store: EventStore
) -> None:
    receive(gateway, store, "before")
    gateway.open_script = [SERVICE_UNAVAILABLE, THROTTLED]
    gateway.drop()
    wait_until(lambda: gateway.connections == 2 and client.state is State.CONNECTED, what="reconnected")
    assert gateway.open_replies == [200, 503, 403, 200]
    receive(gateway, store, "after")  # and goes on receiving
    reasons = [r["reason"] for r in client.health.to_dict()["recent_reconnects"]]
    assert reasons == ["error", "transient", "transient"] or reasons == ["closed", "transient", "transient"]
    assert "QpsLimitForApi" in (client.last_error.message if client.last_error else "")


def test_a_definite_refusal_on_reconnect_stops_as_failed(client: StreamClient, gateway: Gateway) -> None:
    gateway.open_script = [(401, {"code": "InvalidAuthentication", "message": "clientSecret is wrong"})]
    gateway.drop()
    wait_until(lambda: client.state is State.FAILED, what="failed")
    assert isinstance(client.last_error, StreamAuthError) and "401" in client.last_error.message
    wait_until(lambda: not client.running, what="thread ended")


def test_the_documented_disconnect_opens_a_new_connection_at_once(
    client: StreamClient, gateway: Gateway, store: EventStore
) -> None:
    sent = time.monotonic()
    gateway.disconnect(close_after=10.0)  # no messageId; the stand-in would close 10 s later
    wait_until(lambda: gateway.connections == 2 and client.state is State.CONNECTED, what="second connection")
    assert gateway.opened_at[1] - sent < 1.0
    # the new connection was opened before the old one closed (the client closes it, not the gateway)
    wait_until(lambda: 1 in gateway.closed_at, what="old socket closed")
    assert gateway.closed_at[1] >= gateway.opened_at[1] and gateway.closed_at[1] - sent < 5.0
    assert store.count() == 0  # no error row
    receive(gateway, store, "after-disconnect")
    assert client.health.to_dict()["recent_reconnects"][-1]["reason"] == "disconnect"


def test_a_disconnect_with_a_message_id_is_acked_and_followed(client: StreamClient, gateway: Gateway) -> None:
    gateway.send(system_frame("disconnect", json.dumps({"reason": "rebalance"}), message_id="bye-1"))
    gateway.wait_ack("bye-1")
    wait_until(lambda: gateway.connections == 2 and client.state is State.CONNECTED, what="reconnected")


def test_an_ack_owed_on_a_disconnected_socket_is_still_sent(gateway: Gateway, store: EventStore) -> None:
    release = threading.Event()

    async def slow_forwarder(exchange: Exchange) -> bool:
        await asyncio.get_running_loop().run_in_executor(None, release.wait, 10.0)
        return True

    c = StreamClient(store, PROFILE, gateway_base=gateway.base, backoff=FAST, ip="", forwarder=slow_forwarder)
    c.start()
    try:
        gateway.send(event_frame({"EventType": "check_in"}, event_id="slow", message_id="m-slow"))
        gateway.disconnect(close_after=10.0)
        wait_until(lambda: gateway.connections == 2, what="second connection")
        assert 1 not in gateway.closed_at  # held open: an ACK is still owed on it
        release.set()
        ack = gateway.wait_ack("m-slow")
        assert json.loads(ack["data"])["status"] == "SUCCESS"
        wait_until(lambda: 1 in gateway.closed_at, what="old socket closed once the ACK went out")
    finally:
        release.set()
        c.stop()


def test_a_silent_socket_is_noticed_by_the_watchdog(gateway: Gateway, store: EventStore) -> None:
    gateway.silent_next = True  # accepts the socket, then neither sends nor answers pings
    c = StreamClient(store, PROFILE, gateway_base=gateway.base, backoff=FAST, ip="", keepalive=0.3)
    c.start()
    try:
        wait_until(lambda: gateway.connections == 2 and c.state is State.CONNECTED, what="watchdog reconnect")
        assert c.health.to_dict()["recent_reconnects"][0]["reason"] == "silent"
        receive(gateway, store, "after-silence")
    finally:
        c.stop()


def test_a_quiet_but_healthy_socket_is_kept(gateway: Gateway, store: EventStore) -> None:
    c = StreamClient(store, PROFILE, gateway_base=gateway.base, backoff=FAST, ip="", keepalive=0.1)
    c.start()
    try:
        deadline = time.monotonic() + 0.6  # several keepalive rounds, each answered by a pong
        wait_until(lambda: time.monotonic() > deadline, what="quiet period")
        assert gateway.connections == 1 and c.state is State.CONNECTED
    finally:
        c.stop()


def test_open_refusals_are_classified() -> None:
    transient = [(503, SERVICE_UNAVAILABLE[1]), THROTTLED, (429, {}), (502, None), (200, {"endpoint": ""})]
    for status, body in transient:
        error = open_refusal(status, body, "", PROFILE, "https://api.dingtalk.com")
        assert not isinstance(error, StreamAuthError), (status, body)
    for status, body in [(401, {"code": "InvalidAuthentication"}), (401, {}), (400, {"code": "authFailed"})]:
        assert isinstance(open_refusal(status, body, "", PROFILE, "x"), StreamAuthError)
    # DingTalk's own "not the credentials" answers are retried, and say what DingTalk said (both SDKs retry)
    invalid = open_refusal(400, {"code": "InvalidParameter", "message": "app not ready"}, "", PROFILE, "x")
    denied = open_refusal(403, {"code": "Forbidden.AccessDenied.IpNotInWhiteList", "message": "ip"}, "", PROFILE, "x")
    for error, said in ((invalid, "InvalidParameter"), (denied, "Forbidden.AccessDenied.IpNotInWhiteList")):
        assert not isinstance(error, StreamAuthError) and said in error.message
        assert "not the credentials" in error.hint


def test_whitespace_in_the_keys_is_refused_before_connecting(store: EventStore) -> None:
    assert whitespace_problem("AppKey", "dingabc") is None
    assert "start or end" in (whitespace_problem("AppKey", "dingabc ") or "")
    assert "contains" in (whitespace_problem("AppSecret", "ab cd") or "")
    spaced = Profile(**{**PROFILE.to_dict(), "app_secret": PROFILE.app_secret + "\n"})
    with pytest.raises(Exception) as info:
        StreamClient(store, spaced)
    assert "AppSecret" in str(info.value) and "authFailed" in str(info.value)
