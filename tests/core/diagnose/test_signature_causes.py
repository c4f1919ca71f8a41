"""Issue 23: a signature failure is blamed on the token only after the other proven causes are ruled out.

Each push is built with the independent sealer and signer (tests/core/diagnose/independent.py), with
the sender's mistake done by hand here; each test asserts the FIRST cause named. Plus the UTF-8 BOM
(push and reply) and Java's "Illegal key size" inside an HTTP 500.
"""

from __future__ import annotations

import hashlib
import json

from dingconsole.core.diagnose import Status, check_reply
from dingconsole.core.exchange import HttpRequest
from dingconsole.core.profiles import Profile
from tests.core.diagnose import independent as ind
from tests.core.diagnose.test_scenarios import EVENT, PROFILE, diagnose, failures, first, push, step

JAVA_TRACE = (
    "java.lang.RuntimeException: com.dingtalk.oapi.lib.aes.DingTalkEncryptException: 加密失败\n"
    "Caused by: java.security.InvalidKeyException: Illegal key size\n"
    "\tat javax.crypto.Cipher.checkCryptoPerm(Cipher.java:1039)\n"
    "\tat com.dingtalk.oapi.lib.aes.DingTalkEncryptor.encrypt(DingTalkEncryptor.java:123)\n"
)


def signed_with(enc: str, signature: str, nonce: str = ind.NONCE) -> HttpRequest:
    q = {"signature": signature, "msg_signature": signature, "timestamp": ind.TS, "nonce": nonce}
    return HttpRequest("POST", "/cb", q, {"Content-Type": "application/json"}, ind.body(enc))


def test_a_profile_token_with_whitespace_is_named_not_the_token() -> None:
    enc = ind.seal(EVENT)
    report = diagnose(push(enc), [Profile("prod", ind.APP_KEY, ind.TOKEN + "\n", ind.AES_KEY)])
    assert first(report) == "token_whitespace" and failures(report) == ["token_whitespace"]
    assert step(report, "signature").params == {"profile": "prod", "count": 1}
    assert report.message == EVENT


def test_a_sender_token_with_a_trailing_newline_is_named() -> None:
    enc = ind.seal(EVENT)
    report = diagnose(signed_with(enc, ind.signature(enc, token=ind.TOKEN + "\n")))
    assert first(report) == "token_whitespace_sender" and failures(report) == ["token_whitespace_sender"]
    assert step(report, "signature").params["where"] == "a trailing newline"


def test_unsorted_concatenation_is_named() -> None:
    enc = ind.seal(EVENT)
    unsorted = hashlib.sha1((ind.TOKEN + ind.TS + ind.NONCE + enc).encode()).hexdigest()
    report = diagnose(signed_with(enc, unsorted))
    assert first(report) == "signature_unsorted"
    assert step(report, "signature").params["order"] == "token, timestamp, nonce, encrypt"
    assert report.message == EVENT


def test_sorted_case_insensitively_is_named_as_its_order() -> None:
    enc, nonce = ind.seal(EVENT), "Zz9Nonce"
    parts = sorted((ind.TOKEN, ind.TS, nonce, enc), key=str.lower)
    assert parts != sorted((ind.TOKEN, ind.TS, nonce, enc))  # the two rules disagree on these values
    wrong = hashlib.sha1("".join(parts).encode()).hexdigest()
    report = diagnose(signed_with(enc, wrong, nonce))
    assert first(report) == "signature_unsorted"


def test_line_breaks_put_in_after_signing_are_named() -> None:
    enc = ind.seal(EVENT)
    wrapped = "\n".join(enc[i : i + 64] for i in range(0, len(enc), 64))
    report = diagnose(push(wrapped, signed=enc))
    assert first(report) == "line_breaks_added" and failures(report) == ["line_breaks_added"]
    assert step(report, "transit").params["count"] == wrapped.count("\n")
    assert report.message == EVENT


def test_a_wrong_token_is_still_the_token_when_no_repair_verifies() -> None:
    """Where passing the new checks would be wrong: a token that differs is not whitespace or order."""
    enc = ind.seal(EVENT)
    report = diagnose(signed_with(enc, ind.signature(enc, token="another-token")))
    assert first(report) == "signature_mismatch" and failures(report) == ["signature_mismatch"]


def test_a_push_body_with_a_bom_is_named_and_opened_anyway() -> None:
    enc = ind.seal(EVENT)
    request = push(enc)
    request.body = b"\xef\xbb\xbf" + request.body
    report = diagnose(request)
    parse = step(report, "parse")
    assert (parse.status, parse.code) == (Status.WARNING, "body_bom")
    assert "DingTalk would not send it" in parse.detail
    assert report.ok and report.message == EVENT


def test_a_reply_body_with_a_bom_is_named_not_not_json() -> None:
    body = b"\xef\xbb\xbf" + json.dumps(ind.reply()).encode()
    report = check_reply(200, body, PROFILE)
    assert first(report) == "reply_bom" and failures(report) == ["reply_bom"]
    assert step(report, "message").status is Status.PASSED  # the rest was still checked


def test_java_illegal_key_size_inside_a_500_is_named() -> None:
    report = check_reply(500, JAVA_TRACE.encode(), PROFILE)
    assert first(report) == "java_illegal_key_size"
    status = step(report, "status")
    assert "crypto.policy" in status.hint and "aesKey" in status.hint
    assert "43" not in status.detail


def test_a_plain_500_is_not_the_java_cause() -> None:
    assert first(check_reply(500, b"Internal Server Error", PROFILE)) == "reply_status_error"
