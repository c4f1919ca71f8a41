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


def test_lines_and_json_name_the_event_in_both_languages(cli: Cli) -> None:
    with EventStore() as store:
        store.add_many(
            [
                Exchange(
                    received_at=1_700_000_000.0,
                    request=HttpRequest("POST", "/callback", {}, {}, b"{}"),
                    profile="demo",
                    outcome=Outcome.OK,
                    message=json.dumps(
                        {"EventType": "attend_group_change", "name": "考勤组A", "action": "attend_group_delete"}
                    ),
                    event_type="attend_group_change",
                )
            ]
        )
    line = cli("events", "list").stdout
    assert "attend_group_change (Attendance group changed)" in line and "考勤组A · group deleted" in line
    line = cli("events", "list", "--lang", "zh").stdout
    assert "attend_group_change (考勤组变更)" in line and "考勤组A · 删除考勤组" in line
    (record,) = json.loads(cli("events", "list", "--json").stdout)
    assert record["event"]["family"] == "attendance" and record["event"]["summary"]["zh"] == "考勤组A · 删除考勤组"
    (jsonl,) = [json.loads(x) for x in cli("events", "list", "--jsonl").stdout.splitlines()]
    assert jsonl["event"]["label"] == {"en": "Attendance group changed", "zh": "考勤组变更"}
