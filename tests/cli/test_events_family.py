"""`events list --family F` selects the event types of a catalogue family (and `other` the rest)."""

from __future__ import annotations

import json

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
from dingconsole.core.store import EventStore
from tests.cli_runner import Cli


def test_list_by_family(cli: Cli) -> None:
    kinds = ["attendance_check_record", "edu_user_insert", "attend_group_change", "brand_new_event"]
    rows = [
        Exchange(
            received_at=1_700_000_000.0 + i,
            request=HttpRequest("POST", "/callback", {}, {}, b"{}"),
            profile="demo",
            outcome=Outcome.OK,
            message=json.dumps({"EventType": kind, "name": "考勤组A", "action": "attend_group_delete"}),
            event_type=kind,
        )
        for i, kind in enumerate(kinds)
    ]
    with EventStore() as store:
        ids = store.add_many(rows)
    listed = json.loads(cli("events", "list", "--family", "attendance", "--json").stdout)
    assert [d["id"] for d in listed] == [ids[2], ids[0]]
    other = json.loads(cli("events", "list", "--family", "other", "--family", "edu", "--json").stdout)
    assert [d["event_type"] for d in other] == ["brand_new_event", "edu_user_insert"]
    bad = cli("events", "list", "--family", "nonsense")
    assert bad.returncode == 2 and "attendance" in bad.stderr
