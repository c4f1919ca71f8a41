"""Event labels and summaries for both payload shapes, and robustness on odd payloads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dingconsole.core import events

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "events"  # copied from shared/samples/events
CLASSIC_APPROVAL = {
    "EventType": "bpms_instance_change",
    "corpId": "ding5f1e0c3a7b2d9e41",
    "title": "请假申请-李四",
    "type": "finish",
    "result": "refuse",
}


def test_every_known_type_has_two_distinct_labels() -> None:
    for kind in events.KNOWN_TYPES:
        assert events.label(kind, "en") != kind
        assert events.label(kind, "zh") != events.label(kind, "en")


def test_unknown_type_is_shown_as_it_is() -> None:
    assert events.label("brand_new_event") == "brand_new_event"
    assert events.label(None) == "(none)"


def test_an_unknown_types_generic_summary_stays_short_with_huge_keys() -> None:
    payload = {"EventType": "brand_new_event", "k" * 5000: 1, "v": "x" * 5000, "z" * 300: {"a": "b" * 900}}
    line = events.summary(payload)
    assert 0 < len(line) < 400 and line.startswith("kkk")


def test_classic_approval_with_lowercase_corpid() -> None:
    assert events.event_type(CLASSIC_APPROVAL) == "bpms_instance_change"
    assert events.corp_id(CLASSIC_APPROVAL) == "ding5f1e0c3a7b2d9e41"
    assert events.event_id(CLASSIC_APPROVAL) is None
    assert events.summary(CLASSIC_APPROVAL) == "请假申请-李四 · finished · refused"
    assert events.summary(CLASSIC_APPROVAL, "zh") == "请假申请-李四 · 结束 · 拒绝"


def test_current_shape_has_event_id_and_time() -> None:
    payload = {"EventType": "user_leave_org", "EventTime": 1795881899845, "eventId": "abc", "UserId": ["u1"]}
    assert events.event_id(payload) == "abc"
    assert events.event_time_ms(payload) == 1795881899845
    assert events.summary(payload) == "u1"


def test_classic_timestamp_string() -> None:
    assert events.event_time_ms({"TimeStamp": "1623060875680"}) == 1623060875680
    assert events.event_time_ms({"TimeStamp": "soon"}) is None


def test_long_id_lists_are_shortened() -> None:
    payload = {"EventType": "org_dept_remove", "DeptId": list(range(8))}
    assert events.summary(payload) == "dept 0, 1, 2, 3, 4 (+3)"


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_shared_samples_have_known_types(sample: Path) -> None:
    payload = json.loads(sample.read_text("utf-8"))
    assert events.event_type(payload) in events.KNOWN_TYPES
    assert isinstance(events.summary(payload), str)


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(), lambda c: st.lists(c) | st.dictionaries(st.text(), c)
    )
)
def test_odd_payloads_never_raise(payload: object) -> None:
    for lang in ("en", "zh"):
        assert isinstance(events.summary(payload, lang), str)
    events.event_type(payload)
    events.event_id(payload)
    events.event_time_ms(payload)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(events.KNOWN_TYPES),
    st.dictionaries(
        st.sampled_from(["UserId", "DeptId", "title", "type", "result", "ChatId", "remark", "OptStaffId"]),
        st.none() | st.integers() | st.text() | st.lists(st.integers()),
    ),
)
def test_known_types_with_odd_fields_never_raise(kind: str, fields: dict[str, object]) -> None:
    assert isinstance(events.summary({"EventType": kind, **fields}), str)
