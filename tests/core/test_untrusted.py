"""Bounded JSON and terminal-safe text: the helpers every parser and printer of outside text uses."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dingconsole.core.untrusted import (
    MAX_JSON_DEPTH,
    JsonTooDeep,
    json_depth_exceeds,
    json_line,
    loads,
    printable,
    printable_block,
)


def test_loads_refuses_deep_nesting_without_recursing() -> None:
    deep = "[" * 20000 + "]" * 20000
    with pytest.raises(JsonTooDeep) as info:
        loads(deep)
    assert isinstance(info.value, ValueError)  # every "not JSON: show it as text" path catches it
    with pytest.raises(JsonTooDeep):
        loads(deep.encode())


def test_loads_accepts_the_limit_and_ignores_brackets_in_strings() -> None:
    at_limit = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    assert loads(at_limit) is not None
    brackets_in_a_string = json.dumps({"text": "[" * 50000})
    assert loads(brackets_in_a_string) == {"text": "[" * 50000}
    assert loads('{"a": "\\"[[[", "b": [1, 2]}') == {"a": '"[[[', "b": [1, 2]}
    with pytest.raises(JsonTooDeep):
        loads('{"a": ' * (MAX_JSON_DEPTH + 1) + "1" + "}" * (MAX_JSON_DEPTH + 1))


def test_printable_escapes_every_terminal_control() -> None:
    hostile = "ok\x1b]0;pwned\x07\x1b[2J\r\n#99 ok 200\x00\x7f\x9b\u202e\ud800"
    line = printable(hostile)
    assert all(ch.isprintable() for ch in line)
    assert "\\x1b]0;pwned\\x07" in line and "\\r\\n#99" in line and "\\u202e" in line
    assert printable("审批 agree") == "审批 agree"
    block = printable_block("line one\nline\x1b[31m two")
    assert block.split("\n") == ["line one", "line\\x1b[31m two"]


def test_json_line_is_json_with_only_printable_characters() -> None:
    data = {"type": "a\x1b[2J\x9b\u202e\nb", "中文": "审批"}
    text = json_line(data)
    assert json.loads(text) == data
    assert all(ch.isprintable() for ch in text)
    assert "审批" in text


def reference_depth_exceeds(text: str, limit: int) -> bool:
    """The depth scan written the slow, obvious way: string and escape state, one character at a time."""
    depth, in_string, escaped = 0, False, False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet='[]{}"\\ a:,1', max_size=60), st.integers(min_value=0, max_value=6))
def test_depth_scan_agrees_with_a_character_by_character_scan(text: str, limit: int) -> None:
    assert json_depth_exceeds(text, limit) == reference_depth_exceeds(text, limit)
    assert json_depth_exceeds(text.encode(), limit) == reference_depth_exceeds(text, limit)


@pytest.mark.timeout(60)  # a hang guard: the old regex was quadratic here (32 KB: 30 s; 1 MiB: hours)
@pytest.mark.parametrize(
    "hostile",
    [
        '"' + '\\"' * 500_000 + "[" * 101,  # a string that never closes, escaped quotes all the way
        '"[' * 500_000,
        "[" + "[]," * 300_000 + "[]]",
        '"' + "\\\\" * 500_000,
    ],
)
def test_the_depth_scan_is_linear_on_hostile_text(hostile: str) -> None:
    assert json_depth_exceeds(hostile) == reference_depth_exceeds(hostile, MAX_JSON_DEPTH)
