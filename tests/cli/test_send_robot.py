"""`send --robot`: a robot template delivered as DingTalk's HTTP-mode robot to the real listener."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from dingconsole.core.exchange import Outcome
from dingconsole.core.listener import Listener
from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.core.send import templates
from dingconsole.core.store import EventStore
from tests.cli_runner import Cli
from tests.listener_util import make_profile

SECRET = "robot-secret-xyz"


@pytest.fixture
def robot_profile() -> Profile:
    profile = Profile(**{**make_profile("bot").to_dict(), "app_secret": SECRET})
    ProfileStore().add(profile)
    ProfileStore().add(Profile(**{**profile.to_dict(), "name": "other", "app_secret": "another-secret"}))
    return profile


@pytest.fixture
def robot_listener(store: EventStore, robot_profile: Profile) -> Iterator[Listener]:
    server = Listener(store, [robot_profile])
    server.start()
    yield server
    server.stop()


def test_robot_templates_exist_and_fit_the_catalogue() -> None:
    for name in ("robot_message_text", "robot_message_group", "card_callback_action"):
        assert templates.check_template(name) == []
    assert templates.get_template("robot_message").event_type == "robot_message"


def test_send_robot_passes_the_listener_check(cli: Cli, robot_listener: Listener, store: EventStore) -> None:
    proc = cli("send", robot_listener.url, "--profile", "bot", "--event-type", "robot_message_text", "--robot")
    assert proc.returncode == 0, proc.stderr
    assert "PASS" in proc.stdout and "200" in proc.stdout
    (stored,) = store.query()
    assert stored.outcome is Outcome.OK and stored.event_type == "robot_message"
    assert stored.message_json()["msgtype"] == "text" and "EventType" not in stored.message_json()


def test_send_robot_with_another_secret_fails(cli: Cli, robot_listener: Listener, store: EventStore) -> None:
    proc = cli(
        "send", robot_listener.url, "--profile", "other", "--event-type", "robot_message_group", "--robot", "--json"
    )
    assert proc.returncode == 1
    (delivery,) = json.loads(proc.stdout)
    assert delivery["status"] == 403 and not delivery["ok"] and "sign" in delivery["request_headers"]
    (stored,) = store.query()
    assert stored.error_code == "robot_bad_sign"


def test_send_robot_needs_an_app_secret(cli: Cli, robot_profile: Profile) -> None:
    ProfileStore().add(Profile(**{**robot_profile.to_dict(), "name": "plain", "app_secret": ""}))
    proc = cli("send", "http://127.0.0.1:9/x", "--profile", "plain", "--event-type", "robot_message_text", "--robot")
    assert proc.returncode == 2 and "AppSecret" in proc.stderr
