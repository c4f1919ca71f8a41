"""The real-world failures of issue 18, each built with independent code (tests/core/diagnose/independent.py).

Every test asserts the FIRST cause the diagnosis names and that no wrong cause is named with it.
"""

from __future__ import annotations

import base64
import json
from urllib.parse import quote, urlencode

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from dingconsole.core.diagnose import Report, Status, check_reply, diagnose_request
from dingconsole.core.errors import BadRequest
from dingconsole.core.exchange import HttpRequest
from dingconsole.core.paste import parse_pasted
from dingconsole.core.paste.request import query_was_given
from dingconsole.core.profiles import Profile
from tests.core.diagnose import independent as ind

PROFILE = Profile("prod", ind.APP_KEY, ind.TOKEN, ind.AES_KEY)
EVENT = '{"EventType":"user_add_org","TimeStamp":"1623060875680","UserId":["manager1234","u2"],"CorpId":"ding0"}'
WRONG_CAUSES = {"signature_mismatch", "invalid_padding", "invalid_block_size", "owner_key_mismatch", "invalid_utf8"}


def failures(report: Report) -> list[str]:
    return [str(step.code) for step in report.steps if step.status is Status.FAILED]


def first(report: Report) -> str | None:
    failure = report.first_failure
    return failure.code if failure is not None else None


def step(report: Report, name: str):  # noqa: ANN201 - a Step
    return next(s for s in report.steps if s.name == name)


def push(received: str, signed: str | None = None, **overrides: str) -> HttpRequest:
    """A push whose body carries `received` while its query signs `signed` (what the sender sent)."""
    q = {**ind.query(received if signed is None else signed), **overrides}
    return HttpRequest("POST", "/cb", q, {"Content-Type": "application/json"}, ind.body(received))


def diagnose(request: HttpRequest, profiles: list[Profile] | None = None, **kw: object) -> Report:
    return diagnose_request(request, profiles or [PROFILE], now=ind.NOW, **kw)  # type: ignore[arg-type]


def with_plus(minimum: int = 2) -> tuple[str, str]:
    """A message whose ciphertext holds at least `minimum` '+' characters, and that ciphertext."""
    for pad in range(200):
        message = EVENT[:-1] + f',"pad":"{"x" * pad}"}}'
        enc = ind.seal(message)
        if enc.count("+") >= minimum:
            return message, enc
    raise AssertionError("no ciphertext with '+' found")


# -- the sender counted characters (official Python 3 demo) ------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        '{"EventType":"bpms_instance_change","title":"请假","TimeStamp":"1623060875680"}',  # cut between characters
        '{"EventType":"check_url","name":"张三"}',  # cut inside a character: "not UTF-8" before
    ],
)
def test_character_counting_sender_is_named_not_the_owner_key(message: str) -> None:
    report = diagnose(push(ind.seal_char_counted(message)))
    assert first(report) == "length_counts_characters"
    assert not WRONG_CAUSES & set(failures(report))
    length = step(report, "length")
    assert length.params == {
        "declared": len(message),
        "characters": len(message),
        "actual": len(message.encode("utf-8")),
    }
    assert "DingCallbackCrypto3.py" in length.hint and "len(content)" in length.hint
    assert report.message == message and report.owner_key == ind.APP_KEY
    assert step(report, "owner_key").status is Status.PASSED


# -- altered in transit ------------------------------------------------------------------------------


def test_plus_turned_into_spaces_is_the_cause_not_the_token() -> None:
    message, enc = with_plus()
    report = diagnose(push(enc.replace("+", " "), signed=enc))
    assert first(report) == "plus_as_space"
    assert failures(report) == ["plus_as_space"]
    transit = step(report, "transit")
    assert transit.params["count"] == enc.count("+")
    assert transit.detail == (
        f"{enc.count('+')} spaces where '+' was URL-decoded; "
        "with '+' restored the signature verifies and the message decrypts"
    )
    assert report.message == message


def test_a_pasted_url_keeps_its_plus_signs() -> None:
    message, enc = with_plus()
    pasted = parse_pasted(f"https://example.com/cb?{urlencode(ind.query(enc))}&encrypt={enc}")
    assert pasted.encrypt == enc
    assert pasted.request is not None
    report = diagnose(pasted.request)
    assert report.ok and report.message == message


def test_a_bare_value_with_spaces_is_repaired_without_a_signature() -> None:
    message, enc = with_plus()
    pasted = parse_pasted(enc.replace("+", " "))
    assert pasted.request is not None
    report = diagnose(pasted.request, query_given=query_was_given(pasted.kind, pasted.request))
    assert first(report) == "plus_as_space" and failures(report) == ["plus_as_space"]
    assert step(report, "transit").detail.endswith("with '+' restored the message decrypts")
    assert report.message == message


def test_percent_escapes_left_in_the_value() -> None:
    message, enc = with_plus()
    report = diagnose(push(quote(enc, safe=""), signed=enc))
    assert first(report) == "percent_encoded" and failures(report) == ["percent_encoded"]
    assert report.message == message


def test_one_whole_block_cut_is_a_truncation_not_token_and_aes_key() -> None:
    enc = ind.seal(EVENT)
    cut = base64.b64encode(base64.b64decode(enc)[:-16]).decode()
    report = diagnose(push(cut, signed=enc))
    assert first(report) == "truncated_blocks"
    assert failures(report) == ["truncated_blocks"]
    assert step(report, "transit").params["declared"] == len(EVENT.encode())


def test_cut_by_characters_is_a_truncation() -> None:
    enc = ind.seal(EVENT)
    report = diagnose(push(enc[:-7], signed=enc))
    assert first(report) == "truncated_chars" and failures(report) == ["truncated_chars"]


def test_lost_trailing_newline_of_encodebytes() -> None:
    lines = ind.seal(EVENT, encodebytes=True)
    assert lines.endswith("\n") and lines.count("\n") > 1
    report = diagnose(push(lines.rstrip("\n"), signed=lines))
    assert first(report) == "lost_newline" and failures(report) == ["lost_newline"]
    assert report.message == EVENT


def test_line_breaks_of_encodebytes_removed() -> None:
    lines = ind.seal(EVENT, encodebytes=True)
    report = diagnose(push(lines.replace("\n", ""), signed=lines))
    assert first(report) == "lost_line_breaks" and failures(report) == ["lost_line_breaks"]


# -- credentials ---------------------------------------------------------------------------------------


def test_only_a_wrong_token_blames_the_token() -> None:
    enc = ind.seal(EVENT)
    report = diagnose(push(enc, **{k: v for k, v in ind.query(enc, token="other").items()}))
    assert first(report) == "signature_mismatch" and failures(report) == ["signature_mismatch"]
    assert "token" in step(report, "signature").hint
    assert step(report, "transit").status is Status.PASSED


def test_another_apps_push_is_one_cause() -> None:
    enc = ind.seal(EVENT, aes_key="Z" * 43)
    report = diagnose(push(enc, **ind.query(enc, token="someone-else")))
    assert first(report) == "foreign_push" and failures(report) == ["foreign_push"]


@pytest.mark.parametrize(
    ("stored", "code"), [(ind.AES_KEY + " ", "aes_key_whitespace"), (ind.AES_KEY + "=", "aes_key_equals")]
)
def test_aes_key_whitespace_or_equals_is_named_and_stripped(stored: str, code: str) -> None:
    enc = ind.seal(EVENT)
    report = diagnose(push(enc), [Profile("prod", ind.APP_KEY, ind.TOKEN, stored)])
    key = step(report, "aes_key")
    assert (key.status, key.code) == (Status.WARNING, code)
    assert report.ok and report.message == EVENT


def test_aes_key_with_a_bad_character_gets_its_own_step() -> None:
    bad = ind.AES_KEY[:9] + "+" + ind.AES_KEY[10:]
    report = diagnose(push(ind.seal(EVENT)), [Profile("prod", ind.APP_KEY, ind.TOKEN, bad)])
    assert first(report) == "aes_key_character" and failures(report) == ["aes_key_character"]
    assert step(report, "aes_key").params["position"] == 10 and step(report, "aes_key").params["char"] == "+"
    short = diagnose(push(ind.seal(EVENT)), [Profile("prod", ind.APP_KEY, ind.TOKEN, ind.AES_KEY[:42])])
    assert first(short) == "aes_key_length" and step(short, "aes_key").params["length"] == 42


# -- timestamps, ISV ---------------------------------------------------------------------------------------


def test_timestamps_in_seconds_or_old_are_notes() -> None:
    enc = ind.seal(EVENT)
    seconds = diagnose(push(enc, **ind.query(enc, ts=ind.TS[:10])))
    assert step(seconds, "timestamp").code == "timestamp_seconds" and seconds.ok
    old = diagnose_request(push(enc), [PROFILE], now=ind.NOW + 3 * 86400)
    assert step(old, "timestamp").code == "timestamp_old" and old.ok
    assert step(old, "timestamp").params["age"] == "3 days"


def test_suite_check_sealed_with_the_placeholder_keeps_the_real_suite_key() -> None:
    placeholder = "suite4xxxxxxxxxxxxxxx"
    message = json.dumps({"EventType": "check_create_suite_url", "Random": "LPIdSnlF", "TestSuiteKey": placeholder})
    suite = Profile("isv", "suiteq7kpzx3yqmrwxa9d", ind.TOKEN, ind.AES_KEY)
    report = diagnose(push(ind.seal(message, placeholder)), [suite])
    assert report.ok and step(report, "owner_key").code == "suite_placeholder"
    assert all(placeholder not in s.hint for s in report.steps)


# -- pastes --------------------------------------------------------------------------------------------------


def _query_text(enc: str) -> str:
    return urlencode(ind.query(enc))


@pytest.mark.parametrize(
    ("template", "form"),
    [
        ("curl 'http://h/cb?{q}' -d 'encrypt={quoted}'", "form-encoded"),
        ("curl --location 'http://h/cb?{q}' --form 'encrypt=\"{enc}\"'", "multipart/form-data"),
        ("curl 'http://h/cb?{q}' --data-urlencode 'encrypt={enc}'", "form-encoded"),
        ("curl 'http://h/cb?{q}' --data-urlencode '{{\"encrypt\":\"{enc}\"}}'", "URL-encoded JSON"),
    ],
)
def test_form_bodies_are_decrypted_with_a_note(template: str, form: str) -> None:
    message, enc = with_plus()
    pasted = parse_pasted(template.format(q=_query_text(enc), quoted=quote(enc, safe=""), enc=enc))
    assert pasted.request is not None and pasted.encrypt == enc
    report = diagnose(pasted.request)
    parse = step(report, "parse")
    assert (parse.status, parse.code, parse.params["form"]) == (Status.WARNING, "form_body", form)
    assert report.ok and report.message == message


def test_older_chrome_cmd_quoting_is_read() -> None:
    message, enc = with_plus()
    body = '{""encrypt"":""' + enc + '""}'
    text = (
        f'curl "http://h/cb?{_query_text(enc)}" -H "Content-Type: application/json" --data-binary "{body}" --compressed'
    )
    pasted = parse_pasted(text)
    assert pasted.request is not None and pasted.encrypt == enc
    assert diagnose(pasted.request).ok


def test_a_paste_not_understood_is_not_blamed_on_the_body() -> None:
    with pytest.raises(BadRequest, match="could not read this paste as a curl command"):
        parse_pasted("curl 'http://h/cb?a=1' -d 'encrypt-without-a-value'")


# -- replies (DingTalk's 71009) -----------------------------------------------------------------------


def test_upper_case_reply_signature_fails_with_the_dotnet_hint() -> None:
    data = ind.reply()
    data["msg_signature"] = data["msg_signature"].upper()
    report = check_reply(200, json.dumps(data).encode(), PROFILE)
    assert first(report) == "reply_signature_upper_case" and failures(report) == ["reply_signature_upper_case"]
    assert "ToHexString" in step(report, "signature").hint


def test_reply_line_breaks_warn_but_pass() -> None:
    enc = ind.seal("success", encodebytes=True)
    data = {"msg_signature": ind.signature(enc, ts="1700000001", nonce="n0nce"), "timeStamp": "1700000001",
            "nonce": "n0nce", "encrypt": enc}  # fmt: skip
    report = check_reply(200, json.dumps(data).encode(), PROFILE)
    assert report.ok and step(report, "encoding").status is Status.WARNING
    assert step(report, "encoding").code == "reply_line_breaks"


def test_reply_signed_over_the_requests_timestamp_is_named() -> None:
    push_enc = ind.seal(EVENT)
    request = push(push_enc)
    enc = ind.seal("success")
    data = {"msg_signature": ind.signature(enc, ts=ind.TS, nonce="r3ply"), "timeStamp": "1700000005",
            "nonce": "r3ply", "encrypt": enc}  # fmt: skip
    report = check_reply(200, json.dumps(data).encode(), PROFILE, request=request)
    assert first(report) == "reply_signed_request_timestamp"
    assert failures(report) == ["reply_signed_request_timestamp"]
    assert step(report, "signature").params["request_timestamp"] == ind.TS


NGINX_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1>"
    b"</center>\r\n<hr><center>nginx/1.18.0 (Ubuntu)</center>\r\n</body>\r\n</html>\r\n"
)
APACHE_404 = (
    b'<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>'
    b"\n<h1>Not Found</h1>\n<hr>\n<address>Apache/2.4.41 (Ubuntu) Server at h Port 80</address>\n</body></html>\n"
)


def test_nginx_502_says_the_proxy_cannot_reach_the_handler() -> None:
    report = check_reply(502, NGINX_502, PROFILE)
    assert first(report) == "reply_status_proxy"
    assert step(report, "status").params == {"status": 502, "server": "nginx"}
    page = step(report, "json")
    assert page.code == "reply_body_page" and "502 Bad Gateway" in page.detail and "nginx" in page.detail
    assert "<center>nginx/1.18.0" in page.hint  # the body is shown
    assert all("once the push is handled" not in s.hint for s in report.steps)


def test_500_apache_404_and_empty_bodies_are_recognised() -> None:
    crash = check_reply(500, b"Traceback (most recent call last):\n  KeyError: 'encrypt'", PROFILE)
    assert first(crash) == "reply_status_error" and step(crash, "json").code == "reply_not_json"
    assert "KeyError" in step(crash, "json").hint
    missing = check_reply(404, APACHE_404, PROFILE)
    assert first(missing) == "reply_status_not_found"
    assert step(missing, "json").params["page"] == "an Apache error page “404 Not Found”"
    empty = check_reply(200, b"", PROFILE)
    assert first(empty) == "reply_body_empty"


def test_suite_checks_are_answered_with_random_by_sender_and_checker() -> None:
    placeholder = "suite4xxxxxxxxxxxxxxx"
    message = json.dumps({"EventType": "check_create_suite_url", "Random": "LPIdSnlF", "TestSuiteKey": placeholder})
    request = push(ind.seal(message, placeholder))
    suite = Profile("isv", placeholder, ind.TOKEN, ind.AES_KEY)
    good = check_reply(200, json.dumps(ind.reply("LPIdSnlF", owner=placeholder)).encode(), suite, request=request)
    assert good.ok, good.first_failure
    bad = check_reply(200, json.dumps(ind.reply("success", owner=placeholder)).encode(), suite, request=request)
    assert first(bad) == "reply_suite_random" and failures(bad) == ["reply_suite_random"]
    assert bad.correct_reply is not None


def test_a_broken_aes_key_does_not_hide_damage_in_transit() -> None:
    _message, enc = with_plus()
    bad = Profile("prod", ind.APP_KEY, ind.TOKEN, ind.AES_KEY[:9] + "+" + ind.AES_KEY[10:])
    report = diagnose(push(enc.replace("+", " "), signed=enc), [bad])
    assert failures(report) == ["aes_key_character", "plus_as_space"]
    assert step(report, "transit").params["proof"] == "signature"
    assert step(report, "signature").status is Status.PASSED


def test_a_broken_length_field_with_a_wrong_token_is_not_another_apps_push() -> None:
    enc = ind.seal(EVENT, declared=len(EVENT.encode()) + 500)  # the aesKey fits; the length field runs past the end
    report = diagnose(push(enc, **ind.query(enc, token="other")))
    assert failures(report) == ["signature_mismatch", "invalid_length"]
    assert "foreign_push" not in failures(report)


@settings(max_examples=40, deadline=None)
@given(
    text=st.text(min_size=1, max_size=300),
    damage=st.sampled_from(
        [
            "plus_as_space",
            "truncated_blocks",
            "truncated_chars",
            "lost_newline",
            "signature",
            "length_counts_characters",
        ]
    ),
)
def test_any_message_damaged_any_way_names_its_own_cause_first(text: str, damage: str) -> None:
    message = json.dumps({"EventType": "user_add_org", "t": text}, ensure_ascii=False)
    enc = ind.seal(message)
    if damage == "plus_as_space":
        assume("+" in enc)
        received, signed = enc.replace("+", " "), enc
    elif damage == "truncated_blocks":
        assume(len(base64.b64decode(enc)) >= 64)
        received, signed = base64.b64encode(base64.b64decode(enc)[:-16]).decode(), enc
    elif damage == "truncated_chars":
        assume(len(enc) > 60)
        received, signed = enc[:-5], enc
    elif damage == "lost_newline":
        signed = ind.seal(message, encodebytes=True)
        received = signed.rstrip("\n")
    elif damage == "length_counts_characters":
        assume(not message.isascii())
        received = signed = ind.seal_char_counted(message)
    else:
        received, signed = enc, enc
    q = ind.query(signed, token="other-token" if damage == "signature" else ind.TOKEN)
    report = diagnose(push(received, **q))
    expected = "signature_mismatch" if damage == "signature" else damage
    assert first(report) == expected
    assert failures(report) == [expected]
