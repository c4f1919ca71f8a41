"""`stream --forward` with robot messages signs each forward with the sealing profile's AppSecret: a
--forward-profile without one is refused at entry, not turned into signs made with an empty key."""

from __future__ import annotations

from pathlib import Path

import pytest

from dingconsole.core.profiles import Profile, ProfileStore
from tests.cli_runner import Cli
from tests.dingtalk_standin import PROFILE, Gateway


@pytest.fixture(autouse=True)
def profiles(home: Path) -> None:
    store = ProfileStore()
    store.add(PROFILE)
    store.add(Profile(**{**PROFILE.to_dict(), "name": "nosecret", "app_secret": ""}))


def test_robot_forwarding_needs_the_sealing_profile_secret(gateway: Gateway, cli: Cli) -> None:
    ran = cli(
        "stream",
        "--profile",
        "streamer",
        "--gateway-base",
        gateway.base,
        "--callback",
        "robot",
        "--forward",
        "http://127.0.0.1:9/cb",
        "--forward-profile",
        "nosecret",
    )
    assert ran.returncode == 2, ran.stderr
    assert "AppSecret" in ran.stderr and "nosecret" in ran.stderr
    assert gateway.connections == 0  # refused before any connection
