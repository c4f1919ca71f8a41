"""The reply's Content-Type check beside check_reply."""

from __future__ import annotations

import pytest

from dingconsole.core.diagnose import Status, check_content_type, header_value


@pytest.mark.parametrize(
    "value", ["application/json", "application/json; charset=utf-8", "Application/JSON", "application/problem+json"]
)
def test_json_types_pass(value: str) -> None:
    assert check_content_type({"content-type": value}).status is Status.PASSED


@pytest.mark.parametrize("headers", [{"Content-Type": "text/html; charset=utf-8"}, {"Content-Type": "text/plain"}, {}])
def test_other_types_fail_with_the_value_found(headers: dict[str, str]) -> None:
    step = check_content_type(headers)
    assert step.status is Status.FAILED and step.name == "content_type" and step.code == "reply_invalid"
    assert step.params["found"] == headers.get("Content-Type", "") and "application/json" in step.hint


def test_header_value_ignores_case() -> None:
    assert header_value({"LOCATION": "/x"}, "Location") == "/x" and header_value({}, "Location") == ""
