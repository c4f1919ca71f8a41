"""Acceptance-review findings on Stream mode (issue 13), each against the stand-in gateway."""

from __future__ import annotations

import json

import pytest

from dingconsole.core.dingtalk.bridge import StreamBridge, check_handler_url
from dingconsole.core.dingtalk.stream import Backoff, StreamClient
from dingconsole.core.exchange import Exchange, Outcome
from dingconsole.core.send.sender import SendError
from dingconsole.core.store import EventStore
from tests.dingtalk_standin import PROFILE, Gateway, event_frame, wait_until

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
