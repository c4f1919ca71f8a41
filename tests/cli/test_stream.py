"""`dingconsole stream` and `dingconsole failed` (in-process, `cli`) against the stand-in gateway and open API.

`stream` runs until a signal: `cli.live` keeps it on the main thread and stops it with a real SIGINT or
SIGTERM, as a terminal or a service manager would.
"""

from __future__ import annotations

import json
import re
import signal
from pathlib import Path

import pytest

from dingconsole.core.exchange import Outcome, Transport
from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.core.store import EventStore
from tests.cli_runner import Cli, Live
from tests.dingtalk_standin import PROFILE, Gateway, OpenApi, event_frame, running
from tests.send_stubs import PROFILE as HANDLER_PROFILE
from tests.send_stubs import StubHandler, serve


@pytest.fixture(autouse=True)
def profiles(home: Path) -> None:
    store = ProfileStore()
    store.add(PROFILE)
    store.add(Profile(**{**PROFILE.to_dict(), "name": "nosecret", "app_secret": ""}))
    store.add(Profile(**{**PROFILE.to_dict(), "name": "wrong", "app_secret": "nope"}))
    store.add(Profile(**{**HANDLER_PROFILE.to_dict(), "name": "handler"}))


def test_stream_prints_each_event_and_stops_on_sigint(gateway: Gateway, cli: Cli) -> None:
    lines: list[str] = []

    def talk(live: Live) -> None:
        live.wait_err("connected as")
        gateway.send(event_frame({"EventType": "user_add_org", "UserId": ["u7"]}, event_id="ev-c1", message_id="c1"))
        lines.append(live.line())
        gateway.wait_ack("c1")

    ran = cli.live("stream", "--profile", "streamer", "--gateway-base", gateway.base, body=talk, stop=signal.SIGINT)
    assert ran.returncode == 0, ran.stderr
    assert "user_add_org" in lines[0] and "ev-c1" in lines[0] and "#1" in lines[0]
    assert "stopped after 1 events" in ran.stderr
    with EventStore() as store:
        (ex,) = store.query()
    assert ex.transport is Transport.STREAM and ex.event_id == "ev-c1"


def test_stream_json_lines_and_sigterm(gateway: Gateway, cli: Cli) -> None:
    lines: list[str] = []

    def talk(live: Live) -> None:
        live.wait_err("connected as")
        frame = event_frame({"EventType": "chat_disband"}, event_type="chat_disband", event_id="ev-j", message_id="j1")
        gateway.send(frame)
        while "stream_health" in (line := live.line()):  # the connection's health comes as its own lines
            health.append(json.loads(line)["stream_health"])
        lines.append(line)

    health: list[dict[str, object]] = []
    argv = ["stream", "--profile", "streamer", "--json", "--gateway-base", gateway.base]
    ran = cli.live(*argv, body=talk, stop=signal.SIGTERM)
    assert ran.returncode == 0, ran.stderr
    assert health[-1]["state"] == "connected" and health[-1]["endpoint"]
    data = json.loads(lines[0])
    assert data["transport"] == "stream" and data["event_type"] == "chat_disband" and data["id"] == 1


def test_stream_forwards_to_a_handler(gateway: Gateway, cli: Cli) -> None:
    handler = StubHandler(mode="good")
    lines: list[str] = []

    def talk(live: Live) -> None:
        live.wait_err("forwarding to")
        gateway.send(event_frame({"EventType": "check_in"}, event_type="check_in", event_id="ev-f", message_id="f1"))
        lines.append(live.line())

    with serve(handler) as url:
        argv = ["stream", "--profile", "streamer", "--forward", url, "--forward-profile", "handler"]
        ran = cli.live(*argv, "--gateway-base", gateway.base, body=talk)
    assert ran.returncode == 0, ran.stderr
    assert "handler replied 200: passed" in lines[0]
    assert [json.loads(m)["EventType"] for m in handler.received] == ["check_in"]


def test_stream_without_app_secret_is_a_usage_error(gateway: Gateway, cli: Cli) -> None:
    ran = cli("stream", "--profile", "nosecret", "--gateway-base", gateway.base)
    assert ran.returncode == 2
    assert "no AppSecret" in ran.stderr
    assert gateway.open_bodies == []
    # the hint's command must exist, with the options it names
    suggested = re.search(r"`dingconsole ([^`]+)`", ran.stderr)
    assert suggested is not None, ran.stderr
    words = suggested.group(1).split()
    helped = cli(*words[:2], "--help")
    assert helped.returncode == 0, helped.stderr
    assert all(opt in helped.stdout for opt in words if opt.startswith("--"))


def test_stream_with_wrong_credentials_fails_clearly(gateway: Gateway, cli: Cli) -> None:
    ran = cli("stream", "--profile", "wrong", "--gateway-base", gateway.base)
    assert ran.returncode == 1
    assert "error [stream_auth]" in ran.stderr and "hint:" in ran.stderr


def test_failed_fetches_stores_and_replays(cli: Cli) -> None:
    pages = [
        [{"call_back_tag": "user_add_org", "event_time": 1, "user_add_org": {"UserId": ["a"]}}],
        [{"call_back_tag": "org_dept_remove", "event_time": 2, "org_dept_remove": {"DeptId": [3]}}],
    ]
    handler = StubHandler(mode="good")
    with running(OpenApi(pages)) as api, serve(handler) as url:
        argv = ["failed", "--profile", "streamer", "--replay", url, "--replay-profile", "handler"]
        ran = cli(*argv, "--api-base", api.base)
    assert ran.returncode == 0, ran.stderr
    assert "fetched 2 failed pushes" in ran.stderr
    assert sum("replay #" in line and "passed" in line for line in ran.stdout.splitlines()) == 2
    assert [json.loads(m)["EventType"] for m in handler.received] == ["user_add_org", "org_dept_remove"]
    with EventStore() as store:
        stored = store.query(newest_first=False)
    fetched, replays = stored[:2], stored[2:]
    assert {ex.transport for ex in stored} == {Transport.FAILED_API}
    assert len(replays) == 2  # each replay delivery is saved, pointing at the event it replayed
    assert [ex.repeat_of for ex in replays] == [ex.id for ex in fetched]
    assert all(ex.outcome is Outcome.OK and ex.reply_status == 200 and ex.profile == "handler" for ex in replays)


def test_failed_json_and_wrong_credentials(cli: Cli) -> None:
    pages = [[{"call_back_tag": "check_in", "event_time": 1, "check_in": {"userId": "u"}}]]
    with running(OpenApi(pages)) as api:
        bad = cli("failed", "--profile", "wrong", "--api-base", api.base)
        assert bad.returncode == 1
        assert "40089" in bad.stderr
        good = cli("failed", "--profile", "streamer", "--json", "--api-base", api.base)
        assert good.returncode == 0, good.stderr
    data = json.loads(good.stdout)
    assert [ex["event_type"] for ex in data["fetched"]] == ["check_in"] and data["replayed"] == []
