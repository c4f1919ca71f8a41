"""HTTP-mode robot callbacks at the real listener: verified with the profile's AppSecret, diagnosed in the
store (wrong secret, stale timestamp, bad body), answered generically to the sender."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import pytest

from dingconsole.core.crypto.robot_sign import check, robot_headers, robot_sign
from dingconsole.core.exchange import Outcome
from dingconsole.core.profiles import Profile
from dingconsole.core.store import EventStore
from tests.dingtalk_standin import robot_message
from tests.listener_util import make_profile, send

SECRET = "robot-app-secret-123"


@pytest.fixture
def profile() -> Profile:
    return Profile(**{**make_profile().to_dict(), "app_secret": SECRET})


def post(url: str, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
    return send("POST", url, data=body, headers={"Content-Type": "application/json", **headers})


def test_the_documented_sign() -> None:
    # Base64(HmacSHA256(key=AppSecret, timestamp + "\n" + AppSecret)), computed independently
    expected = base64.b64encode(hmac.new(b"s", b"1700000000000\ns", hashlib.sha256).digest()).decode()
    assert robot_sign("s", "1700000000000") == expected


def test_a_signed_robot_message_is_accepted_and_stored(listener: object, store: EventStore) -> None:
    body = json.dumps(robot_message("hi"), ensure_ascii=False).encode()
    status, _ = post(listener.url, robot_headers(SECRET), body)  # type: ignore[attr-defined]
    assert status == 200
    (stored,) = store.query()
    assert stored.outcome is Outcome.OK and stored.event_type == "robot_message" and stored.event_id == "msg-robot-1"
    assert stored.message_json()["text"]["content"] == " hi"


@pytest.mark.parametrize(
    ("headers", "body", "code"),
    [
        (robot_headers("wrong-secret"), None, "robot_bad_sign"),
        (robot_headers(SECRET, int(time.time() * 1000) - 2 * 3_600_000), None, "robot_stale_timestamp"),
        (robot_headers(SECRET), b"not json", "robot_bad_body"),
        (robot_headers(SECRET), b"\xff\xfe\xfd{", "robot_bad_body"),
        (robot_headers(SECRET), b"[" * 5000, "robot_bad_body"),
        (robot_headers(SECRET), b'{"msgtype": "text"}', "robot_bad_body"),
        ({"timestamp": "yesterday", "sign": "x"}, None, "robot_bad_timestamp"),
    ],
)
def test_bad_robot_callbacks_are_diagnosed_in_the_store_only(
    listener: object, store: EventStore, headers: dict[str, str], body: bytes | None, code: str
) -> None:
    payload = body if body is not None else json.dumps(robot_message()).encode()
    status, reply = post(listener.url, headers, payload)  # type: ignore[attr-defined]
    assert status == 403
    assert b"robot_rejected" in reply and code.encode() not in reply and SECRET.encode() not in reply
    (stored,) = store.query()
    assert stored.outcome is Outcome.FAILED and stored.error_code == code and stored.error_message


def test_every_refusal_looks_the_same_to_the_sender(listener: object) -> None:
    replies = {
        post(listener.url, h, b)  # type: ignore[attr-defined]
        for h, b in [
            (robot_headers("wrong"), json.dumps(robot_message()).encode()),
            (robot_headers(SECRET, 1), json.dumps(robot_message()).encode()),
            (robot_headers(SECRET), b"[]"),
        ]
    }
    assert len(replies) == 1


def test_check_accepts_headers_in_any_case() -> None:
    headers = {k.upper(): v for k, v in robot_headers(SECRET).items()}
    assert check(headers, json.dumps(robot_message()).encode(), SECRET).ok
