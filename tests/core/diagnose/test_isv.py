"""ISV suite URL checks: the listener seals the message's Random value, and the sender's checker agrees."""

from __future__ import annotations

import json

import pytest

from dingconsole.core.crypto import generate_aes_key, generate_token
from dingconsole.core.diagnose.isv import reply_message
from dingconsole.core.listener import Listener
from dingconsole.core.profiles import Profile
from dingconsole.core.send.sender import send

PLACEHOLDER = "suite4xxxxxxxxxxxxxxx"


@pytest.fixture
def profile() -> Profile:
    return Profile("isv", PLACEHOLDER, generate_token(), generate_aes_key())


def suite_check(kind: str = "check_create_suite_url") -> str:
    return json.dumps({"EventType": kind, "Random": "LPIdSnlF", "TestSuiteKey": PLACEHOLDER})


def test_reply_message_is_random_only_for_suite_checks() -> None:
    assert reply_message(json.loads(suite_check())) == "LPIdSnlF"
    assert reply_message(json.loads(suite_check("check_update_suite_url"))) == "LPIdSnlF"
    assert reply_message({"EventType": "check_url"}) == "success"
    assert reply_message({"EventType": "check_create_suite_url"}) == "success"  # no Random: nothing else to seal
    assert reply_message(None) == "success"


@pytest.mark.parametrize("kind", ["check_create_suite_url", "check_update_suite_url"])
def test_listener_answers_random_and_the_sender_accepts_it(listener: Listener, profile: Profile, kind: str) -> None:
    deliveries = send(listener.url, suite_check(kind), profile)
    assert [d.status for d in deliveries] == [200]
    delivery = deliveries[0]
    assert delivery.ok, delivery.report.first_failure
    assert profile.crypto().decrypt(json.loads(delivery.reply_body)["encrypt"]).message == "LPIdSnlF"
