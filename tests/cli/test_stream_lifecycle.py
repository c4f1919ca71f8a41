"""Done-means of issue 13, from the command line against the stand-ins: `stream` survives a 503 and a
throttling 403 on reconnect, follows a documented disconnect within 1 s with no error row, stores, shows
and ACKs robot messages and card callbacks, and with --forward a failing handler gets LATER; `failed`
works for AppKey, CorpId and suiteKey profiles and replays bpmsCallBackData items as the full event."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import pytest

from dingconsole.core.exchange import Outcome
from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.core.store import EventStore
from tests.cli_runner import Cli, Live
from tests.core.dingtalk.test_failed_app_types import APP, APPROVAL, BPMS_ITEM, CORP, SUITE, USER_ITEM
from tests.dingtalk_standin import (
    CARD_TOPIC,
    PROFILE,
    ROBOT_TOPIC,
    Gateway,
    OpenApi,
    callback_frame,
    card_callback,
    event_frame,
    robot_message,
    running,
)
from tests.send_stubs import PROFILE as HANDLER_PROFILE
from tests.send_stubs import StubHandler, serve

STREAM = ["stream", "--profile", "streamer"]


@pytest.fixture(autouse=True)
def profiles(home: Path) -> None:
    store = ProfileStore()
    for profile in (PROFILE, APP, CORP, SUITE):
        store.add(profile)
    store.add(Profile(**{**HANDLER_PROFILE.to_dict(), "name": "handler"}))


def test_stream_survives_a_503_and_a_throttling_403_on_reconnect(gateway: Gateway, cli: Cli) -> None:
    lines: list[str] = []

    def talk(live: Live) -> None:
        live.wait_err("connected as")
        gateway.open_script = [
            (503, {"code": "ServiceUnavailable", "message": "busy", "requestid": "r1"}),
            (403, {"code": "Forbidden.AccessDenied.QpsLimitForApi", "message": "qps", "requestid": "r2"}),
        ]
        gateway.drop()
        live.wait_err("QpsLimitForApi")
        live.wait_err("stream: connected: ")  # the second connection
        gateway.send(event_frame({"EventType": "check_in"}, event_id="ev-after", message_id="m-after"))
        lines.append(live.line())
        gateway.wait_ack("m-after")

    ran = cli.live(*STREAM, "--gateway-base", gateway.base, body=talk)
    assert ran.returncode == 0, ran.stderr
    assert "ev-after" in lines[0] and gateway.open_replies == [200, 503, 403, 200]
    assert "503" in ran.stderr and "retrying" in ran.stderr and "3 reconnects" in ran.stderr


def test_a_documented_disconnect_reconnects_within_a_second_without_an_error_row(gateway: Gateway, cli: Cli) -> None:
    def talk(live: Live) -> None:
        live.wait_err("connected as")
        sent = time.monotonic()
        gateway.disconnect(close_after=10.0)
        live.wait_err("stream: connected: ")
        assert gateway.connections == 2 and gateway.opened_at[1] - sent < 1.0
        gateway.send(event_frame({"EventType": "check_in"}, event_id="ev-d", message_id="m-d"))
        gateway.wait_ack("m-d")

    ran = cli.live(*STREAM, "--gateway-base", gateway.base, body=talk)
    assert ran.returncode == 0, ran.stderr
    with EventStore() as store:
        (only,) = store.query()
    assert only.event_id == "ev-d" and only.outcome is Outcome.OK  # no bad_frame row for the disconnect


def test_robot_messages_and_card_callbacks_are_stored_shown_and_acked(gateway: Gateway, cli: Cli) -> None:
    lines: list[str] = []

    def talk(live: Live) -> None:
        live.wait_err("connected as")
        gateway.send(callback_frame(ROBOT_TOPIC, robot_message("hello"), message_id="r1"))
        lines.append(live.line())
        gateway.send(callback_frame(CARD_TOPIC, card_callback("approve"), message_id="c1"))
        lines.append(live.line())
        assert json.loads(gateway.wait_ack("r1")["data"]) == {"response": "OK"}
        assert json.loads(gateway.wait_ack("c1")["data"]) == {"response": {}}

    ran = cli.live(*STREAM, "--callback", "robot", "--callback", "card", "--gateway-base", gateway.base, body=talk)
    assert ran.returncode == 0, ran.stderr
    subscribed = [s["topic"] for s in gateway.open_bodies[0]["subscriptions"]]
    assert subscribed == ["*", ROBOT_TOPIC, CARD_TOPIC]
    assert "robot_message" in lines[0] and "张三" in lines[0] and "hello" in lines[0]
    assert "card_callback" in lines[1] and "manager01" in lines[1]
    with EventStore() as store:
        assert [ex.event_type for ex in store.query(newest_first=False)] == ["robot_message", "card_callback"]


def test_a_bad_callback_topic_is_a_usage_error(gateway: Gateway, cli: Cli) -> None:
    ran = cli(*STREAM, "--callback", "robots please", "--gateway-base", gateway.base)
    assert ran.returncode == 2 and "--callback" in ran.stderr and gateway.open_bodies == []


def test_forward_to_a_failing_handler_acks_later(gateway: Gateway, cli: Cli) -> None:
    def talk(live: Live) -> None:
        live.wait_err("forwarding to")
        gateway.send(event_frame({"EventType": "check_in"}, event_id="ev-l", message_id="m-l"))
        assert json.loads(gateway.wait_ack("m-l")["data"])["status"] == "LATER"

    with serve(StubHandler(mode="plain")) as url:  # a bare "success": DingTalk refuses that reply
        argv = [*STREAM, "--forward", url, "--forward-profile", "handler", "--gateway-base", gateway.base]
        ran = cli.live(*argv, body=talk, stop=signal.SIGTERM)
    assert ran.returncode == 0, ran.stderr
    assert "1 LATER" in ran.stderr


@pytest.mark.parametrize("name", ["app", "corp", "suite"])
def test_failed_works_for_every_app_type_and_replays_the_full_approval(name: str, cli: Cli) -> None:
    handler = StubHandler(mode="good")
    with running(OpenApi([[BPMS_ITEM, USER_ITEM]])) as api, serve(handler) as url:
        argv = ["failed", "--profile", name, "--replay", url, "--replay-profile", "handler", "--api-base", api.base]
        ran = cli(*argv)
    assert ran.returncode == 0, ran.stderr
    assert "fetched 2 failed pushes" in ran.stderr
    approval, user = (json.loads(m) for m in handler.received)
    assert approval == {**APPROVAL, "EventTime": BPMS_ITEM["event_time"]}
    assert user["UserId"] == ["zhangsan"] and user["EventType"] == "user_add_org"


def test_failed_keeps_an_unrebuildable_item_and_does_not_replay_it(cli: Cli) -> None:
    empty = {"call_back_tag": "user_modify_org", "event_time": 1, "user_modify_org": "{corpid=dingb40b8a19}"}
    handler = StubHandler(mode="good")
    with running(OpenApi([[empty]])) as api, serve(handler) as url:
        ran = cli("failed", "--profile", "app", "--replay", url, "--replay-profile", "handler", "--api-base", api.base)
    assert ran.returncode == 0, ran.stderr
    assert "1 of them hold no event data" in ran.stderr and handler.received == []
    with EventStore() as store:
        (kept,) = store.query()
    assert kept.error_code == "failed_item_unrebuildable"
