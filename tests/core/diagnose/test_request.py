"""diagnose_request: the step report against one or many profiles, for each way a push can fail."""

from __future__ import annotations

import base64
import json
import struct

from Crypto.Cipher import AES
from hypothesis import given, settings
from hypothesis import strategies as st

from dingconsole.core.crypto import DingCrypto, parse_aes_key, pkcs7, sign
from dingconsole.core.diagnose import Report, Status
from dingconsole.core.diagnose.request import NO_QUERY, REQUEST_STEPS, diagnose_request
from dingconsole.core.exchange import HttpRequest
from dingconsole.core.paste import parse_pasted
from dingconsole.core.paste.request import query_was_given
from dingconsole.core.profiles import Profile
from tests.vectors import AES_KEY, ENC, NONCE, OWNER, PLAIN, SIG, TOKEN, TS

ISV = Profile("isv", OWNER, TOKEN, AES_KEY)
OTHER_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"


def push(encrypt: str = ENC, **query: str) -> HttpRequest:
    q = {"msg_signature": SIG, "signature": SIG, "timestamp": TS, "nonce": NONCE} if not query else query
    return HttpRequest(
        "POST", "/cb", q, {"Content-Type": "application/json"}, json.dumps({"encrypt": encrypt}).encode()
    )


def statuses(report: Report) -> dict[str, str]:
    return {step.name: step.status.value for step in report.steps}


def step(report: Report, name: str):  # noqa: ANN201 - a Step
    return next(s for s in report.steps if s.name == name)


PUSHED_AT = int(TS) / 1000.0  # the vector's own time: its timestamp is then no older than a live push


def test_published_vector_passes_every_step_with_layout() -> None:
    report = diagnose_request(push(), [ISV], now=PUSHED_AT)
    assert [s.name for s in report.steps] == list(REQUEST_STEPS)
    assert set(statuses(report).values()) == {"passed"}
    assert report.ok and report.profile == "isv"
    assert (report.message, report.owner_key, report.event_type) == (PLAIN, OWNER, "check_create_suite_url")
    layout = {p.name: (p.start, p.end, p.preview) for p in report.layout}
    assert layout["length"][:2] == (16, 20) and layout["length"][2].startswith("97 ")
    assert layout["message"][:2] == (20, 117)
    assert layout["owner_key"] == (117, 138, OWNER)
    assert layout["padding"] == (138, 160, "22 × 0x16")
    assert Report.from_dict(report.to_dict()).to_dict() == report.to_dict()


def test_wrong_token_fails_only_the_signature() -> None:
    report = diagnose_request(push(), [Profile("p", OWNER, "654321", AES_KEY)])
    sig = step(report, "signature")
    assert sig.status is Status.FAILED and sig.code == "signature_mismatch"
    assert sig.params["received"] == SIG and sig.params["expected"] == sign("654321", TS, NONCE, ENC)
    assert "token" in sig.hint
    assert report.first_failure is sig
    assert statuses(report)["event_type"] == "passed"


def test_wrong_aes_key_fails_padding_and_skips_the_rest() -> None:
    report = diagnose_request(push(), [Profile("p", OWNER, TOKEN, OTHER_KEY)])
    s = statuses(report)
    assert s["signature"] == "passed"
    assert report.first_failure is not None and report.first_failure.name in ("padding", "length")
    assert "aesKey" in report.first_failure.hint
    assert s["owner_key"] == s["json"] == s["event_type"] == "skipped"
    assert report.layout == []


def test_wrong_owner_key_names_the_key_the_payload_was_made_for() -> None:
    app = Profile("app", "dingxxxxxxxxxxxxxxxx", TOKEN, AES_KEY)
    report = diagnose_request(push(), [app])
    owner = step(report, "owner_key")
    assert owner.status is Status.FAILED and owner.code == "owner_key_mismatch"
    assert (
        "made for suite4…" in owner.detail and "ding" in owner.detail and "AppKey vs CorpId vs suiteKey" in owner.detail
    )
    assert owner.params["found"] == OWNER and OWNER in owner.hint
    assert report.owner_key == OWNER


def test_every_profile_is_tried_and_the_fitting_one_named() -> None:
    profiles = [
        Profile("a-wrong-token", OWNER, "nope", AES_KEY),
        Profile("b-wrong-key", OWNER, TOKEN, OTHER_KEY),
        Profile("c-wrong-owner", "dingabc", TOKEN, AES_KEY),
        ISV,
        Profile("z-also-owner", "dingother", TOKEN, AES_KEY),
    ]
    report = diagnose_request(push(), profiles)
    assert report.ok and report.profile == "isv"
    assert "'isv'" in step(report, "signature").detail
    wrong_owner = diagnose_request(push(), profiles[2:3] + [Profile("has-it", "x", "t", OTHER_KEY, "")])
    assert "'has-it'" not in step(wrong_owner, "owner_key").hint
    named = diagnose_request(push(), [profiles[2], Profile("keyholder", OWNER, "zzz", OTHER_KEY)])
    assert "Profile 'keyholder' has that key" in step(named, "owner_key").hint


def test_mixed_up_profiles_are_pointed_out() -> None:
    token_only = Profile("token-only", OWNER, TOKEN, OTHER_KEY)
    key_only = Profile("key-only", OWNER, "other-token", AES_KEY)
    report = diagnose_request(push(), [token_only, key_only])
    assert report.profile == "key-only"
    assert statuses(report)["signature"] == "passed"
    assert "'token-only'" in step(report, "padding").detail and "mixed up" in step(report, "padding").detail


def test_missing_signature_still_decrypts() -> None:
    report = diagnose_request(push(timestamp=TS), [ISV])
    s = statuses(report)
    assert s["parameters"] == "failed" and step(report, "parameters").params["missing"] == ["msg_signature", "nonce"]
    assert s["signature"] == "skipped"
    assert s["event_type"] == "passed" and report.message == PLAIN


def test_no_query_given_skips_parameters_and_signature() -> None:
    bare = HttpRequest(body=json.dumps({"encrypt": ENC}).encode())
    report = diagnose_request(bare, [ISV], query_given=False)
    s = statuses(report)
    assert s["parameters"] == s["signature"] == s["timestamp"] == "skipped"
    assert step(report, "parameters").detail == step(report, "signature").detail == NO_QUERY
    assert all(v == "passed" for k, v in s.items() if k not in ("parameters", "signature", "timestamp"))
    assert report.ok and report.first_failure is None and report.message == PLAIN


def test_a_request_with_a_query_still_fails_a_missing_parameter() -> None:
    bare = HttpRequest(body=json.dumps({"encrypt": ENC}).encode())
    assert statuses(diagnose_request(bare, [ISV]))["parameters"] == "failed"  # default: a push has a query
    partial = HttpRequest(query={"timestamp": TS}, body=bare.body)  # the user gave some parameters
    s = statuses(diagnose_request(partial, [ISV], query_given=False))
    assert s["parameters"] == "failed" and s["signature"] == "skipped"
    wrong = HttpRequest(query={"signature": "0" * 40, "timestamp": TS, "nonce": NONCE}, body=bare.body)
    assert statuses(diagnose_request(wrong, [ISV], query_given=False))["signature"] == "failed"


def test_query_was_given_by_pasted_kind() -> None:
    assert not query_was_given("encrypt", parse_pasted(ENC).request)
    assert not query_was_given("json_body", parse_pasted(json.dumps({"encrypt": ENC})).request)
    url = parse_pasted(f"http://h/cb?timestamp={TS}")
    assert query_was_given(url.kind, url.request)
    curl = parse_pasted(f"curl 'http://h/cb' -d '{{\"encrypt\":\"{ENC}\"}}'")
    assert curl.request is not None and query_was_given(curl.kind, curl.request)
    report = diagnose_request(curl.request, [ISV], query_given=query_was_given(curl.kind, curl.request))
    assert statuses(report)["parameters"] == "failed"  # a whole request without its query: a real failure


def test_body_problems() -> None:
    not_json = diagnose_request(
        HttpRequest(query={"signature": SIG, "timestamp": TS, "nonce": NONCE}, body=b"x"), [ISV]
    )
    assert statuses(not_json)["parse"] == "failed" and step(not_json, "parse").code == "bad_request"
    rest = {k: v for k, v in statuses(not_json).items() if k not in ("parse", "parameters", "timestamp", "aes_key")}
    assert set(rest.values()) == {"skipped"}
    bad_b64 = diagnose_request(push("abc$def"), [ISV])
    assert step(bad_b64, "base64").code == "invalid_base64" and statuses(bad_b64)["block_size"] == "skipped"
    short = diagnose_request(push(base64.b64encode(b"x" * 20).decode()), [ISV])
    assert statuses(short)["base64"] == "passed" and step(short, "block_size").code == "invalid_block_size"


def _seal_raw(plain: bytes, block: int = 32) -> str:
    key = parse_aes_key(AES_KEY)
    return base64.b64encode(AES.new(key, AES.MODE_CBC, key[:16]).encrypt(pkcs7.pad(plain, block))).decode()


def test_character_counted_length_fails_the_length_step() -> None:
    message = '{"EventType":"check_url","name":"张三"}'
    plain = b"r" * 16 + struct.pack(">I", len(message) + 40) + message.encode() + OWNER.encode()
    report = diagnose_request(push(_seal_raw(plain), timestamp=TS), [ISV])
    length = step(report, "length")
    assert length.code == "invalid_length" and length.params["declared"] == len(message) + 40
    assert statuses(report)["padding"] == "passed"
    cut = b"r" * 16 + struct.pack(">I", 4) + "张三".encode()[:4] + OWNER.encode()
    utf8 = diagnose_request(push(_seal_raw(cut), timestamp=TS), [ISV])
    assert step(utf8, "length").code == "invalid_utf8"


def test_go_demo_sixteen_byte_padding_and_non_json_messages() -> None:
    plain = b"r" * 16 + struct.pack(">I", 7) + b"success" + OWNER.encode()
    report = diagnose_request(push(_seal_raw(plain, 16), timestamp=TS), [ISV])
    assert report.message == "success"
    assert step(report, "json").code == "invalid_json" and statuses(report)["event_type"] == "skipped"
    crypto = DingCrypto(TOKEN, AES_KEY, OWNER, random_bytes=lambda n: b"\x01" * n)
    no_type = diagnose_request(push(crypto.encrypt('{"hello": 1}'), timestamp=TS), [ISV])
    assert step(no_type, "event_type").code == "missing_event_type"
    array = diagnose_request(push(crypto.encrypt("[1]"), timestamp=TS), [ISV])
    assert step(array, "json").code == "invalid_json"


def test_no_profiles_checks_what_needs_no_key() -> None:
    report = diagnose_request(push(), [])
    s = statuses(report)
    assert s["base64"] == s["block_size"] == "passed"
    assert s["signature"] == s["padding"] == s["event_type"] == "skipped"


def test_pasted_curl_goes_straight_in() -> None:
    pasted = parse_pasted(
        f"curl 'http://h/cb?signature={SIG}&timestamp={TS}&nonce={NONCE}' -d '{{\"encrypt\":\"{ENC}\"}}'"
    )
    assert pasted.request is not None
    assert diagnose_request(pasted.request, [ISV]).ok


@settings(max_examples=60, deadline=None)
@given(
    body=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(lambda t: json.dumps({"encrypt": t}).encode())),
    query=st.dictionaries(
        st.sampled_from(["signature", "msg_signature", "timestamp", "nonce", "x"]), st.text(max_size=20)
    ),
)
def test_fuzz_never_raises(body: bytes, query: dict[str, str]) -> None:
    report = diagnose_request(HttpRequest(query=query, body=body), [ISV, Profile("bad", "", "t", "short")])
    assert [s.name for s in report.steps] == list(REQUEST_STEPS)
    assert not report.ok or report.message is not None
