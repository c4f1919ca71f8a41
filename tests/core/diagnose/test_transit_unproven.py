"""Issue 23: the transit step never says "no damage" unless something proved it.

Without credentials (or when no profile's keys fit) the step names what can be seen without keys —
spaces or URL escapes in base64, a length that is not a multiple of 4, a body shorter than its
Content-Length — and otherwise says "not checked" (skipped, never passed). Pushes are sealed with the
independent sealer (tests/core/diagnose/independent.py).
"""

from __future__ import annotations

import json
from urllib.parse import quote, urlencode

from dingconsole.core.diagnose import Report, Status, diagnose_request
from dingconsole.core.exchange import HttpRequest
from dingconsole.core.profiles import Profile
from dingconsole.core.workbench import analyse
from tests.core.diagnose import independent as ind
from tests.core.diagnose.test_scenarios import EVENT, first, push, step, with_plus

STRANGER = Profile("other", "dingother", "not-the-token", "Z" * 43)


def bare(request: HttpRequest, profiles: list[Profile]) -> Report:
    return diagnose_request(request, profiles, now=ind.NOW)


def curl(query: dict[str, str], body: str, *, length: int | None = None) -> str:
    declared = len(body.encode()) if length is None else length
    return (
        f"curl -X POST 'https://example.com/cb?{urlencode(query)}' -H 'Content-Type: application/json' "
        f"-H 'Content-Length: {declared}' -d '{body}'"
    )


def test_no_credentials_and_spaces_in_the_value_is_not_intact() -> None:
    _message, enc = with_plus(minimum=3)
    report = bare(push(enc.replace("+", " "), signed=enc), [])
    transit = step(report, "transit")
    assert (transit.status, transit.code) == (Status.FAILED, "plus_as_space")
    assert transit.params["proof"] == "seen" and transit.params["count"] == enc.count("+")
    assert "nothing verifies it yet (no token or aesKey to check with)" in transit.detail
    assert first(report) == "plus_as_space"


def test_the_workbench_with_empty_typed_credentials_names_the_spaces() -> None:
    _message, enc = with_plus(minimum=3)
    text = curl(ind.query(enc), json.dumps({"encrypt": enc.replace("+", " ")}))
    result = analyse(text, "auto", [])
    assert result.report is not None
    transit = step(result.report, "transit")
    assert transit.status is Status.FAILED and transit.code == "plus_as_space"
    assert first(result.report) == "plus_as_space"


def test_no_credentials_and_percent_escapes() -> None:
    _message, enc = with_plus()
    report = bare(push(quote(enc, safe=""), signed=enc), [])
    assert first(report) == "percent_encoded"
    assert step(report, "transit").params["proof"] == "seen"


def test_no_credentials_and_a_length_not_a_multiple_of_four() -> None:
    enc = ind.seal(EVENT)
    report = bare(push(enc[:-3], signed=enc), [])
    transit = step(report, "transit")
    assert (transit.status, transit.code) == (Status.FAILED, "length_not_quad")
    assert transit.params["chars"] == len(enc) - 3


def test_a_body_shorter_than_its_content_length_is_named() -> None:
    enc = ind.seal(EVENT)
    body = json.dumps({"encrypt": enc})
    text = curl(ind.query(enc), body[:-40], length=len(body))
    result = analyse(text, "auto", [])
    assert result.report is not None
    parse = step(result.report, "parse")
    assert (parse.status, parse.code) == (Status.FAILED, "body_short")
    assert parse.params == {"received": len(body) - 40, "declared": len(body)}


def test_no_credentials_and_a_clean_value_is_not_checked_never_passed() -> None:
    enc = ind.seal(EVENT)
    report = bare(push(enc), [])
    transit = step(report, "transit")
    assert (transit.status, transit.code) == (Status.SKIPPED, "transit_not_checked")
    assert transit.detail.startswith("not checked: no token or aesKey to check with")


def test_keys_that_fit_nothing_do_not_prove_the_value_intact() -> None:
    enc = ind.seal(EVENT)
    report = bare(push(enc), [STRANGER])
    transit = step(report, "transit")
    assert (transit.status, transit.code) == (Status.SKIPPED, "transit_not_checked")
    assert "no token or aesKey fits" in transit.detail
    assert first(report) == "foreign_push"


def test_intact_is_said_when_the_aes_key_opens_the_value_as_it_arrived() -> None:
    enc = ind.seal(EVENT)
    profile = Profile("prod", ind.APP_KEY, "a-wrong-token", ind.AES_KEY)
    report = bare(push(enc), [profile])
    transit = step(report, "transit")
    assert transit.status is Status.PASSED and transit.params["state"] == "intact"
    assert first(report) == "signature_mismatch"


def test_a_seen_repair_does_not_clear_the_token_and_aes_key() -> None:
    _message, enc = with_plus()
    transit = step(bare(push(enc.replace("+", " "), signed=enc), []), "transit")
    assert "are fine" not in transit.hint and "verify the repair" in transit.hint
