"""Issue 23: a failed push whose diagnosis opened the message is recorded with it — marked recovered,
typed, searchable and counted under its family — and every line names the diagnosed cause.

The push is sealed with the independent sealer (tests/core/diagnose/independent.py) and sent over
real HTTP to a real listener recording into a real SQLite store.
"""

from __future__ import annotations

import json

import pytest

from dingconsole.commands._lines import exchange_line, exchange_record
from dingconsole.core.exchange import Outcome
from dingconsole.core.listener import Listener
from dingconsole.core.profiles import Profile
from dingconsole.core.store import EventFilter, EventStore, matches
from tests.core.diagnose import independent as ind
from tests.listener_util import send, wait_diagnosed

APPROVAL = json.dumps(
    {"EventType": "bpms_instance_change", "processInstanceId": "pi-1", "title": "出差申请", "type": "start",
     "CorpId": "ding0", "staffId": "u1"},
    ensure_ascii=False,
)  # fmt: skip


@pytest.fixture
def profile() -> Profile:
    return Profile("prod", ind.APP_KEY, ind.TOKEN, ind.AES_KEY)


def plus_push() -> tuple[dict[str, str], bytes]:
    for pad in range(200):
        message = APPROVAL[:-1] + f',"pad":"{"x" * pad}"}}'
        enc = ind.seal(message)
        if enc.count("+") >= 2:
            return ind.query(enc), ind.body(enc.replace("+", " "))
    raise AssertionError("no ciphertext with '+'")


def test_a_recovered_failed_push_is_typed_searchable_and_names_its_cause(listener: Listener, store: EventStore):
    query, body = plus_push()
    status, _ = send("POST", listener.url, params=query, data=body, headers={"Content-Type": "application/json"})
    assert status == 403  # the listener still refuses it: the value as it arrived does not verify
    wait_diagnosed(store)
    (ex,) = store.query()
    assert ex.outcome is Outcome.FAILED and ex.error_code == "signature_mismatch"
    assert ex.cause()[0] == "plus_as_space"  # the diagnosed cause, not the fixed error
    assert ex.recovered and ex.event_type == "bpms_instance_change" and "出差申请" in (ex.message or "")
    failed = (Outcome.FAILED,)
    for flt in (
        EventFilter(families=("approval",), outcomes=failed),
        EventFilter(text="审批", outcomes=failed),
        EventFilter(text="approval", outcomes=failed),
        EventFilter(text="出差", outcomes=failed),
    ):
        assert [e.id for e in store.query(flt)] == [ex.id], flt
        assert store.count(flt) == 1 and matches(ex, flt)
    line = exchange_line(ex)
    assert "[plus_as_space]" in line and "(recovered by the diagnosis)" in line
    assert "signature mismatch: expected" not in line
    record = exchange_record(ex)
    assert record["cause"]["code"] == "plus_as_space" and record["recovered"] is True


def test_a_wrong_token_push_names_the_token_and_a_search_for_another_label_misses_it(
    listener: Listener, store: EventStore
) -> None:
    """Where passing would be wrong: the cause stays the token, and 'attendance' does not find an approval."""
    enc = ind.seal(APPROVAL)
    status, _ = send(
        "POST", listener.url, params=ind.query(enc, token="other"), data=ind.body(enc),
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    assert status == 403
    wait_diagnosed(store)
    (ex,) = store.query()
    assert ex.cause()[0] == "signature_mismatch" and ex.recovered
    assert store.query(EventFilter(text="考勤")) == []
    assert store.query(EventFilter(families=("attendance",))) == []
