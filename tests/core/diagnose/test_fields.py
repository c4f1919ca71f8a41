"""The field check in the diagnosis: a WARNING step naming missing and mistyped fields, never a failure."""

from __future__ import annotations

from dingconsole.core.diagnose import Status
from dingconsole.core.diagnose.fields import CODE, STEP, field_step
from dingconsole.core.send import templates


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
