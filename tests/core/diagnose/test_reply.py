"""check_reply: a reply checked the way DingTalk checks it, naming the wrong field and the correct reply."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dingconsole.core.crypto import DingCrypto, sign
from dingconsole.core.diagnose import Report, Status, check_reply
from dingconsole.core.diagnose.reply import REPLY_STEPS
from dingconsole.core.profiles import Profile

TOKEN, AES_KEY, OWNER = "123456", "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij", "suite4xxxxxxxxxxxxxxx"
PROFILE = Profile("isv", OWNER, TOKEN, AES_KEY)
CRYPTO = DingCrypto(TOKEN, AES_KEY, OWNER, random_bytes=lambda n: bytes(range(n)))


def reply(**overrides: str) -> dict[str, str]:
    return {**CRYPTO.seal("success", timestamp="1445827045067", nonce="nEXhMP4r"), **overrides}


def body(data: object) -> bytes:
    return json.dumps(data).encode()


def step(report: Report, name: str):  # noqa: ANN201 - a Step
    return next(s for s in report.steps if s.name == name)


@pytest.mark.parametrize("ts", ["1445827045067", "1445827045"])
def test_correct_reply_in_seconds_or_milliseconds_passes(ts: str) -> None:
    sealed = CRYPTO.seal("success", timestamp=ts, nonce="abc123")
    report = check_reply(200, body(sealed), PROFILE, elapsed_ms=12.5)
    assert [s.name for s in report.steps] == list(REPLY_STEPS)
    assert all(s.status is Status.PASSED for s in report.steps), report.first_failure
    assert report.kind == "reply" and report.message == "success" and report.owner_key == OWNER
    assert report.correct_reply is not None
    assert report.correct_reply["timeStamp"] == ts and report.correct_reply["nonce"] == "abc123"
    assert Report.from_dict(report.to_dict()).correct_reply == report.correct_reply


def test_lowercase_timestamp_is_named() -> None:
    data = reply()
    data["timestamp"] = data.pop("timeStamp")
    report = check_reply(200, body(data), PROFILE)
    fields = step(report, "fields")
    assert fields.status is Status.FAILED and "`timestamp` should be `timeStamp`" in fields.detail
    assert fields.params["field"] == "timestamp"
    assert step(report, "signature").status is Status.PASSED  # the value was still usable
    assert report.correct_reply is not None and set(report.correct_reply) == {
        "msg_signature",
        "timeStamp",
        "nonce",
        "encrypt",
    }
    opened = CRYPTO.decrypt(report.correct_reply["encrypt"])
    assert opened.message == "success"
    rc = report.correct_reply
    assert rc["msg_signature"] == sign(TOKEN, rc["timeStamp"], rc["nonce"], rc["encrypt"])


def test_missing_and_extra_fields() -> None:
    data = reply()
    del data["nonce"]
    data["signature"] = data.pop("msg_signature")
    data["success"] = True
    fields = step(check_reply(200, body(data), PROFILE), "fields")
    assert "`signature` should be `msg_signature`" in fields.detail
    assert "`nonce` is missing" in fields.detail and "`success` is not expected" in fields.detail


def test_wrong_signature_and_its_hint() -> None:
    report = check_reply(200, body(reply(msg_signature="0" * 40)), PROFILE)
    sig = step(report, "signature")
    assert sig.code == "signature_mismatch" and sig.params["field"] == "msg_signature"
    assert "reply's own" in sig.hint
    assert [s.name for s in report.steps if s.status is Status.FAILED] == ["signature"]


def test_not_success_and_wrong_owner() -> None:
    other = DingCrypto(TOKEN, AES_KEY, "dingabc").seal("ok", timestamp="1445827045", nonce="n")
    report = check_reply(200, body(other), PROFILE)
    assert "not 'success'" in step(report, "message").detail
    owner = step(report, "owner_key")
    assert owner.code == "owner_key_mismatch" and "'dingabc'" in owner.detail


def test_wrong_aes_key_fails_decrypt() -> None:
    other = DingCrypto(TOKEN, "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", OWNER).seal(
        timestamp="1445827045", nonce="n"
    )
    report = check_reply(200, body(other), PROFILE)
    assert step(report, "decrypt").status is Status.FAILED
    assert step(report, "message").status is Status.SKIPPED


@pytest.mark.parametrize(
    ("status", "raw", "name", "words"),
    [
        (500, body(reply()), "status", "HTTP 500"),
        (302, body(reply()), "status", "redirect"),
        (200, b"success", "json", "plain text 'success'"),
        (200, b"", "json", "empty"),
        (200, b"<html>", "json", "not JSON"),
        (200, b"[1]", "json", "list"),
        (200, body(json.dumps(reply())), "json", "encoded twice"),
        (200, body(reply(timeStamp="yesterday")), "timestamp", "seconds or milliseconds"),
    ],
)
def test_each_failure_names_its_step(status: int, raw: bytes, name: str, words: str) -> None:
    report = check_reply(status, raw, PROFILE)
    failing = step(report, name)
    assert failing.status is Status.FAILED and words in failing.detail
    assert not report.ok


def test_time_budget() -> None:
    slow = check_reply(200, body(reply()), PROFILE, elapsed_ms=1800.0)
    assert step(slow, "time").status is Status.FAILED and "1500 ms" in step(slow, "time").detail
    custom = check_reply(200, body(reply()), PROFILE, elapsed_ms=1800.0, budget_ms=2500.0)
    assert custom.ok
    assert step(check_reply(200, body(reply()), PROFILE), "time").status is Status.SKIPPED


def test_number_timestamp_is_accepted_but_numbers_elsewhere_are_not() -> None:
    sealed = CRYPTO.seal(timestamp="1445827045", nonce="n")
    report = check_reply(200, body({**sealed, "timeStamp": 1445827045}), PROFILE)
    assert report.ok
    bad = check_reply(200, body({**sealed, "nonce": 5}), PROFILE)
    assert "`nonce` is a int" in step(bad, "fields").detail


@settings(max_examples=80, deadline=None)
@given(
    status=st.integers(0, 999),
    raw=st.one_of(
        st.binary(max_size=300),
        st.dictionaries(
            st.sampled_from(["msg_signature", "timeStamp", "timestamp", "nonce", "encrypt", "x"]),
            st.one_of(st.text(max_size=30), st.integers(), st.none()),
        ).map(body),
    ),
)
def test_fuzz_never_raises(status: int, raw: bytes) -> None:
    report = check_reply(status, raw, PROFILE)
    assert [s.name for s in report.steps] == list(REPLY_STEPS)
    broken = check_reply(status, raw, Profile("bad", "", "t", "short"))
    assert broken.correct_reply is None
