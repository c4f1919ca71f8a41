"""Exports carry each event's family, label and summary in both languages (imports ignore them)."""

from __future__ import annotations

import json

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
from dingconsole.core.export.formats import exchange_record, to_har, to_jsonl
from dingconsole.core.export.importer import exchange_from_record
from dingconsole.core.send import templates


def exchange(kind: str, message: str) -> Exchange:
    return Exchange(
        received_at=1_700_000_000.0,
        request=HttpRequest("POST", "/callback", {}, {}, b"{}"),
        profile="demo",
        outcome=Outcome.OK,
        message=message,
        event_type=kind,
    )


def test_jsonl_and_har_name_the_event_in_both_languages() -> None:
    shift = exchange("attend_shift_change", templates.render("attend_shift_change"))
    record = json.loads(to_jsonl([shift]))
    assert record["event"]["family"] == "attendance"
    assert record["event"]["label"] == {"en": "Shift changed", "zh": "班次变更"}
    assert record["event"]["summary"]["zh"] and record["event"]["summary"]["en"]
    har = to_har([shift])
    assert har["log"]["entries"][0]["_dingconsole"]["event"]["label"]["zh"] == "班次变更"
    assert exchange_from_record(record).event_type == "attend_shift_change"


def test_an_unknown_type_keeps_its_raw_name_and_a_generic_summary() -> None:
    record = exchange_record(exchange("brand_new_event", json.dumps({"EventType": "brand_new_event", "a": 1})))
    assert record["event"] == {
        "family": "other",
        "label": {"en": "brand_new_event", "zh": "brand_new_event"},
        "summary": {"en": "a=1", "zh": "a=1"},
    }
