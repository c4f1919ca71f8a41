"""The shared records' helpers: pretty_json shows JSON indented and anything else exactly as it came."""

from __future__ import annotations

from dingconsole.core.exchange import pretty_json


def test_json_is_indented_and_keeps_chinese() -> None:
    assert pretty_json('{"title":"张三","ids":[1]}') == '{\n  "title": "张三",\n  "ids": [\n    1\n  ]\n}'


def test_anything_else_is_returned_unchanged() -> None:
    for text in ("success", "", '{"broken":', "<html>502</html>"):
        assert pretty_json(text) == text
