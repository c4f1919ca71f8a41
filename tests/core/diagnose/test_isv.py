"""ISV suite URL checks: the listener seals the message's Random value, and the sender's checker agrees."""

from __future__ import annotations

import json

import pytest

from dingconsole.core.crypto import DingCrypto, generate_aes_key, generate_token
from dingconsole.core.diagnose import check_reply
from dingconsole.core.diagnose.isv import reply_message
from dingconsole.core.listener import Listener
from dingconsole.core.profiles import Profile
from dingconsole.core.send.sender import seal_push, send

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


def test_a_create_check_sealed_for_the_placeholder_is_answered_with_it(store) -> None:
    """Before a suite exists DingTalk seals check_create_suite_url for the TestSuiteKey placeholder; the
    ISV demo opens it and seals its Random reply with that same key, while the profile holds the real
    suiteKey. The diagnosis calls such a push fine, so the listener must answer it and the reply checker
    (send, conform) must accept a reply made the same way."""
    real = Profile("isv", "suiteabcdefghij12345", generate_token(), generate_aes_key())
    sealed_for_placeholder = Profile("dingtalk", PLACEHOLDER, real.token, real.aes_key)
    server = Listener(store, [real])
    server.start()
    try:
        request = seal_push(suite_check(), sealed_for_placeholder)
        (delivery,) = send(server.url, request, real)
    finally:
        server.stop()
    assert delivery.status == 200 and delivery.ok, delivery.report.first_failure
    opened = sealed_for_placeholder.crypto().decrypt(json.loads(delivery.reply_body)["encrypt"])
    assert opened.message == "LPIdSnlF" and opened.owner_key == PLACEHOLDER
    other = Profile("x", "suiteotherotherother1", real.token, real.aes_key)
    wrong = DingCrypto(other.token, other.aes_key, other.owner_key).seal("LPIdSnlF")
    report = check_reply(200, json.dumps(wrong), real, request=request)
    assert not report.ok and report.first_failure.name == "owner_key"  # only the placeholder is excused
