"""Acceptance-review findings on Stream mode (issue 13), each against the stand-in gateway."""

from __future__ import annotations

import json
import re
import socket
import time

import pytest
from aiohttp import web

from dingconsole.core.dingtalk.bridge import StreamBridge, check_handler_url
from dingconsole.core.dingtalk.stream import Backoff, State, StreamClient
from dingconsole.core.exchange import Exchange, Outcome
from dingconsole.core.send.sender import SendError
from dingconsole.core.store import EventStore
from tests.dingtalk_standin import (
    DISCONNECT_DATA,
    PROFILE,
    Gateway,
    event_frame,
    running,
    system_frame,
    wait_until,
)

FAST = Backoff(initial=0.05, factor=2.0, maximum=0.2)


def test_a_forwarder_that_raises_gets_later_and_the_client_goes_on(gateway: Gateway, store: EventStore) -> None:
    calls: list[str] = []

    async def broken(exchange: Exchange) -> bool | None:
        calls.append(exchange.event_id or "")
        if len(calls) == 1:
            raise RuntimeError("the bridge broke")
        return True

    client = StreamClient(store, PROFILE, gateway_base=gateway.base, backoff=FAST, ip="", forwarder=broken)
    client.start()
    try:
        gateway.send(event_frame({"userId": ["u1"]}, event_id="ev-a", message_id="m-a"))
        first = gateway.wait_ack("m-a")
        assert json.loads(first["data"])["status"] == "LATER"
        gateway.send(event_frame({"userId": ["u2"]}, event_id="ev-b", message_id="m-b"))
        assert json.loads(gateway.wait_ack("m-b")["data"])["status"] == "SUCCESS"
        wait_until(lambda: store.count() == 2, what="both events stored")
    finally:
        client.stop()
    failed = next(ex for ex in store.query() if ex.event_id == "ev-a")
    assert failed.outcome is Outcome.FAILED
    assert failed.error_code == "bridge_error"
    assert "the bridge broke" in (failed.error_message or "")


@pytest.mark.parametrize("url", ["http://127.0.0.1:99999/cb", "http://127.0.0.1:x/cb", "http://[::1/cb"])
def test_a_handler_url_with_a_bad_port_is_refused_at_entry(url: str) -> None:
    with pytest.raises(SendError):
        check_handler_url(url)
    with pytest.raises(SendError):
        StreamBridge(url, PROFILE)


class ClosingGateway(Gateway):
    """A gateway (or a proxy in front of it) that accepts every socket and closes it at once."""

    async def _connect(self, request: web.Request) -> web.StreamResponse:
        self.connections += 1
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.close()
        return ws


def test_sockets_that_die_at_once_are_retried_with_a_growing_delay(store: EventStore) -> None:
    details: list[str] = []
    with running(ClosingGateway()) as gateway:
        backoff = Backoff(initial=0.05, factor=2.0, maximum=0.4)
        client = StreamClient(store, PROFILE, gateway_base=gateway.base, backoff=backoff, ip="")
        client.add_state_observer(lambda state, detail: details.append(detail) if state is State.RECONNECTING else None)
        client.start()
        try:
            wait_until(lambda: len(details) >= 5, what="five reconnects")
        finally:
            client.stop()
    delays = [float(re.search(r"retrying in ([0-9.]+) s", d).group(1)) for d in details[:5]]  # type: ignore[union-attr]
    assert delays == sorted(delays) and delays[-1] > delays[0], delays


class DisconnectingGateway(Gateway):
    """A gateway that sends the documented `disconnect` as soon as each socket opens (a storm)."""

    async def _connect(self, request: web.Request) -> web.StreamResponse:
        self.connections += 1
        self.opened_at.append(time.monotonic())
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str(json.dumps(system_frame("disconnect", DISCONNECT_DATA, message_id=None)))
        async for _ in ws:
            pass
        return ws


def test_a_disconnect_storm_is_followed_at_once_only_the_first_five_times(store: EventStore) -> None:
    details: list[str] = []
    with running(DisconnectingGateway()) as gateway:
        backoff = Backoff(initial=0.05, factor=2.0, maximum=0.4)
        client = StreamClient(store, PROFILE, gateway_base=gateway.base, backoff=backoff, ip="")
        client.add_state_observer(lambda state, detail: details.append(detail) if state is State.RECONNECTING else None)
        client.start()
        try:
            wait_until(lambda: len(details) >= 9, what="nine reconnects")
        finally:
            client.stop()
        assert gateway.opened_at[1] - gateway.opened_at[0] < 1.0  # the first disconnect: at once
    assert not any("retrying in" in d for d in details[:5])  # routine rebalances never wait
    delays = [float(re.search(r"retrying in ([0-9.]+) s", d).group(1)) for d in details[5:9]]  # type: ignore[union-attr]
    assert delays == sorted(delays) and delays[-1] > delays[0], delays
    assert store.count() == 0  # still no error row


class BlackHoleGateway(Gateway):
    """connections/open answers with an endpoint that accepts TCP and never answers the handshake."""

    def __init__(self, hole_port: int) -> None:
        super().__init__()
        self.hole_port = hole_port

    async def _open(self, request: web.Request) -> web.Response:
        self.open_replies.append(200)
        return web.json_response({"endpoint": f"ws://127.0.0.1:{self.hole_port}/connect", "ticket": "t"})


def test_a_websocket_handshake_that_never_answers_is_retried(store: EventStore) -> None:
    details: list[str] = []
    with socket.socket() as hole:
        hole.bind(("127.0.0.1", 0))
        hole.listen(16)  # the kernel completes the TCP handshakes; nobody ever answers the upgrade
        with running(BlackHoleGateway(hole.getsockname()[1])) as gateway:
            client = StreamClient(store, PROFILE, gateway_base=gateway.base, backoff=FAST, ip="", open_timeout=0.3)
            client.add_state_observer(lambda st, detail: details.append(detail) if st is State.RECONNECTING else None)
            client.start(timeout=5)
            try:
                wait_until(lambda: len(gateway.open_replies) >= 2, what="a second open after the stuck handshake")
            finally:
                client.stop()
    assert client.state is not State.CONNECTED
    assert details and "WebSocket" in details[0]


def test_a_card_summary_stays_one_short_line() -> None:
    from dingconsole.core.dingtalk.callbacks import card_summary
    from tests.dingtalk_standin import card_callback

    text = card_summary(card_callback(params={"note": "x" * 5000, "form": {"days": 2}}))
    assert len(text) <= 120
    assert text.startswith("manager01 · action approve · note=xxx")
    short = card_summary(card_callback(params={"form": {"days": 2}, "ok": True}))
    assert short == 'manager01 · action approve · form={"days": 2}, ok=true'
