"""Filtering by event family: the SQL of a real SQLite store and the in-memory `matches` agree."""

from __future__ import annotations

import json

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
from dingconsole.core.store import EventFilter, EventStore
from dingconsole.core.store.filter import matches

KINDS = ["attendance_check_record", "attend_shift_change", "edu_user_insert", "user_add_org", "brand_new_event", None]


def make(i: int, kind: str | None) -> Exchange:
    return Exchange(
        received_at=1_700_000_000.0 + i,
        request=HttpRequest("POST", "/callback", {}, {}, b"{}"),
        profile="demo",
        outcome=Outcome.OK if kind else Outcome.FAILED,
        message=json.dumps({"EventType": kind}) if kind else None,
        event_type=kind,
    )


def test_families_select_their_types_and_other_selects_the_rest(tmp_path) -> None:
    with EventStore(tmp_path / "events.sqlite3") as store:
        store.add_many([make(i, kind) for i, kind in enumerate(KINDS)])
        everything = store.query(newest_first=False)
        cases = {
            ("attendance",): ["attendance_check_record", "attend_shift_change"],
            ("edu", "contacts"): ["edu_user_insert", "user_add_org"],
            ("other",): ["brand_new_event", None],
            ("attendance", "other"): ["attendance_check_record", "attend_shift_change", "brand_new_event", None],
            ("no_such_family",): [],
        }
        for families, expected in cases.items():
            flt = EventFilter(families=families)
            assert [e.event_type for e in store.query(flt, newest_first=False)] == expected, families
            assert store.count(flt) == len(expected)
            assert [e.event_type for e in everything if matches(e, flt)] == expected, families
        both = EventFilter(families=("attendance",), event_types=("attend_shift_change",), text="attend")
        assert [e.event_type for e in store.query(both)] == ["attend_shift_change"]
        assert [e.event_type for e in everything if matches(e, both)] == ["attend_shift_change"]
