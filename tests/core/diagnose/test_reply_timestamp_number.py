"""Issue 23: a reply whose timeStamp is a JSON number gets a note (DingTalk's handling is unverified);
a string of digits passes as before. Replies sealed with the independent sealer."""

from __future__ import annotations

import json

from dingconsole.core.diagnose import Status, check_reply
from tests.core.diagnose import independent as ind
from tests.core.diagnose.test_scenarios import PROFILE, step


def test_a_numeric_timestamp_is_a_note_not_silence() -> None:
    reply = ind.reply(ts="1700000001123")
    body = json.dumps({**reply, "timeStamp": int(reply["timeStamp"])}).encode()
    report = check_reply(200, body, PROFILE)
    stamp = step(report, "timestamp")
    assert (stamp.status, stamp.code) == (Status.WARNING, "reply_timestamp_number")
    assert "unverified" in stamp.detail and report.ok  # the signature covers the digits either way


def test_a_string_timestamp_still_passes() -> None:
    report = check_reply(200, json.dumps(ind.reply(ts="1700000001123")).encode(), PROFILE)
    assert step(report, "timestamp").status is Status.PASSED


def test_a_bom_before_text_that_is_not_json_names_the_text() -> None:
    report = check_reply(200, b"\xef\xbb\xbfok", PROFILE)
    assert report.first_failure is not None and report.first_failure.code == "reply_not_json"
