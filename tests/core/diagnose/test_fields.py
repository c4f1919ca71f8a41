"""The field check in the diagnosis: a WARNING step naming missing and mistyped fields, never a failure."""

from __future__ import annotations

import json

from dingconsole.core.crypto import generate_aes_key, generate_token
from dingconsole.core.diagnose import Status, diagnose_request
from dingconsole.core.diagnose.fields import CODE, STEP, field_step
from dingconsole.core.profiles import Profile
from dingconsole.core.send import seal_push, templates


def test_a_payload_that_fits_adds_no_step() -> None:
    assert field_step(templates.render_payload("edu_user_insert")) is None
    assert field_step({"EventType": "brand_new_event", "x": 1}) is None
    assert field_step(["not", "a", "dict"]) is None


def test_missing_and_mistyped_fields_are_named() -> None:
    payload = templates.render_payload("bpms_instance_change_finish_agree")
    del payload["processInstanceId"]
    payload["createTime"] = "2026-11-28"
    step = field_step(payload)
    assert step is not None and step.status is Status.WARNING and step.name == STEP and step.code == CODE
    assert step.params["missing"] == ["processInstanceId"]
    assert step.params["wrong_type"] == [{"field": "createTime", "expected": "integer", "found": "string"}]
    assert "processInstanceId (missing" in step.detail and step.params["source"].startswith("https://open.dingtalk")


def test_the_diagnosis_warns_but_does_not_fail() -> None:
    profile = Profile(name="demo", owner_key="dingfieldcheck01", token=generate_token(), aes_key=generate_aes_key())
    payload = templates.render_payload("attendance_check_record")
    payload["dataList"] = {"not": "a list"}
    report = diagnose_request(seal_push(json.dumps(payload, ensure_ascii=False), profile), [profile])
    warned = [s for s in report.steps if s.name == STEP]
    assert report.ok and len(warned) == 1 and warned[0].status is Status.WARNING
    assert warned[0].params["wrong_type"] == [{"field": "dataList", "expected": "array", "found": "object"}]
    clean = diagnose_request(seal_push(templates.render("attendance_check_record"), profile), [profile])
    assert clean.ok and STEP not in [s.name for s in clean.steps]
