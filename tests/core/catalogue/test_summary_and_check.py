"""Summary rules (paths, alternatives, dropped segments, value labels) and the field check."""

from __future__ import annotations

from dingconsole.core import catalogue
from dingconsole.core.catalogue.check import check_fields, json_type
from dingconsole.core.catalogue.summary import render, resolve

VALUES = {"result": {"agree": {"zh": "同意", "en": "agreed"}}}


def test_paths_alternatives_and_indexes() -> None:
    payload = {"a": {"b": [{"c": 1}]}, "x": None}
    assert resolve(payload, "a.b[0].c") == 1
    assert resolve(payload, "a.b[3].c") is None and resolve(payload, "a.q") is None and resolve([], "a") is None
    assert render("{x|a.b[0].c}", payload) == "1"


def test_segments_without_a_value_are_dropped_and_values_are_labelled() -> None:
    rule = "{title} · {result} · “{remark}”"
    assert render(rule, {"title": "报销", "result": "agree"}, VALUES, "zh") == "报销 · 同意"
    assert render(rule, {"title": "报销", "result": "agree", "remark": "ok"}, VALUES, "en") == "报销 · agreed · “ok”"
    assert render(rule, {"result": "other"}, VALUES, "en") == "other"


def test_lists_are_shortened_and_long_text_cut() -> None:
    assert render("{ids}", {"ids": list(range(7))}) == "0, 1, 2, 3, 4 (+2)"
    assert render("{t}", {"t": "x" * 200}).endswith("…") and len(render("{t}", {"t": "x" * 200})) == 80
    assert render("{o}", {"o": {"k": "值"}}) == '{"k":"值"}'


def test_field_check_names_missing_and_mistyped_fields() -> None:
    spec = catalogue.get("bpms_instance_change")
    assert spec is not None
    payload = dict(spec.example)
    del payload["title"]
    payload["createTime"] = "yesterday"
    problems = {p.field: p for p in check_fields(payload, spec)}
    assert problems["title"].kind == "missing"
    assert problems["createTime"].kind == "wrong_type" and problems["createTime"].found == "string"
    assert "expected integer" in problems["createTime"].text()


def test_field_check_is_lenient_where_dingtalk_is() -> None:
    spec = catalogue.get("bpms_instance_change")
    assert spec is not None
    payload = {**spec.example, "brandNewField": 1}
    payload.pop("result")  # optional: a started instance has no result
    assert check_fields(payload, spec) == []
    assert json_type(1.5) == "number" and json_type(True) == "boolean" and json_type(None) == "null"
