"""A robot callback's `timestamp` header is the sender's: anything but ASCII milliseconds is a diagnosed
`robot_bad_timestamp` with the generic 403, never a listener error (superscript digits, 5,000 digits)."""

from __future__ import annotations

import pytest

from dingconsole.core.crypto.robot_sign import check
from dingconsole.core.exchange import Outcome
from dingconsole.core.profiles import Profile
from dingconsole.core.store import EventStore
from tests.listener_util import make_profile, send

SECRET = "robot-app-secret-123"
ODD_STAMPS = ["²", "9" * 5000, "０１２３", "-1700000000000", "1" * 40]


@pytest.fixture
def profile() -> Profile:
    return Profile(**{**make_profile().to_dict(), "app_secret": SECRET})


@pytest.mark.parametrize("stamp", ODD_STAMPS)
def test_check_names_an_odd_timestamp(stamp: str) -> None:
    assert check({"timestamp": stamp, "sign": "x"}, b"{}", SECRET).code == "robot_bad_timestamp"


@pytest.mark.parametrize("stamp", ODD_STAMPS)
def test_the_listener_answers_an_odd_timestamp_generically(listener: object, store: EventStore, stamp: str) -> None:
    headers = {"Content-Type": "application/json", "timestamp": stamp, "sign": "x"}
    status, body = send("POST", listener.url, data=b"{}", headers=headers)  # type: ignore[attr-defined]
    assert status == 403
    assert b"robot_rejected" in body
    (stored,) = store.query()
    assert stored.outcome is Outcome.FAILED
    assert stored.error_code == "robot_bad_timestamp"
