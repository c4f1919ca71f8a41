"""A robot message from someone outside the corp (an external contact in a group) carries no
`senderStaffId` (DingTalk fills it in internal groups only): it is a valid message, accepted."""

from __future__ import annotations

import json

import pytest

from dingconsole.core.crypto.robot_sign import robot_headers
from dingconsole.core.exchange import Outcome
from dingconsole.core.profiles import Profile
from dingconsole.core.store import EventStore
from tests.dingtalk_standin import robot_message
from tests.listener_util import make_profile, send

SECRET = "robot-app-secret-123"


@pytest.fixture
def profile() -> Profile:
    return Profile(**{**make_profile().to_dict(), "app_secret": SECRET})


def test_a_message_from_an_external_member_is_accepted(listener: object, store: EventStore) -> None:
    message = robot_message("hi from outside")
    for internal_only in ("senderStaffId", "senderCorpId"):
        del message[internal_only]
    headers = {"Content-Type": "application/json", **robot_headers(SECRET)}
    status, _ = send("POST", listener.url, data=json.dumps(message).encode(), headers=headers)  # type: ignore[attr-defined]
    assert status == 200
    (stored,) = store.query()
    assert stored.outcome is Outcome.OK and stored.error_code is None
