"""Text that came from outside (a push, a paste, a file), made safe to parse and to print.

A validly sealed push can hold anything its sender chose: JSON nested 20,000 deep (Python's parser
and every recursive printer then die with RecursionError), escape sequences that retitle or clear a
terminal, a fake `#99 ok 200` line after a newline. Every place that parses a message or prints one
goes through these helpers, so the bound and the escaping are decided once.
"""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

MAX_JSON_DEPTH = 100  # DingTalk events nest 3–4 levels; 100 leaves room and stays far from the recursion limit

__all__ = [
    "MAX_JSON_DEPTH",
    "JsonTooDeep",
    "json_depth_exceeds",
    "json_line",
    "loads",
    "printable",
    "printable_block",
]


class JsonTooDeep(ValueError):
    """JSON nested deeper than MAX_JSON_DEPTH: a ValueError, so "not JSON, show it as text" paths take it."""

    def __init__(self, limit: int = MAX_JSON_DEPTH) -> None:
        super().__init__(f"JSON nested deeper than {limit} levels")
        self.limit = limit


# A JSON string, skipped whole so that brackets inside strings do not count. Possessive quantifiers and
# an optional closing quote: a string that never closes runs to the end of the text instead of failing
# and being retried from every later quote (a body of `"` + `\\"`×N was quadratic, 32 KB took 30 s).
_JSON_STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+"?', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_AS_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")  # +1 / -1 once read as signed bytes


def json_depth_exceeds(text: str | bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when `text` opens more than `limit` nested arrays/objects (strings' brackets ignored).

    Linear in the text whatever it holds, and C-level work only: when the text holds at most `limit`
    opening brackets in all it cannot nest deeper (two counts). Otherwise strings are cut out by one
    regex pass (an unterminated string ends the scan), the brackets left are kept by `translate`, and
    the depth is their running sum (`accumulate` over a signed-byte view), never a Python loop.
    """
    if isinstance(text, str):
        if text.count("[") + text.count("{") <= limit:
            return False
        data = text.encode("utf-8", "surrogatepass")
    else:
        data = bytes(text)
        if data.count(b"[") + data.count(b"{") <= limit:
            return False
    brackets = _JSON_STRING.sub(b"", data).translate(None, _NOT_BRACKETS)
    if brackets.count(b"[") + brackets.count(b"{") <= limit:
        return False
    steps = memoryview(brackets.translate(_AS_STEPS)).cast("b")
    return max(itertools.accumulate(steps)) > limit


_decode = json.JSONDecoder().decode  # json.loads(str) with default options, minus its per-call checks


def loads(text: str | bytes, limit: int = MAX_JSON_DEPTH) -> Any:
    """json.loads that refuses nesting deeper than `limit` (JsonTooDeep, a ValueError) instead of recursing.

    Also turns the parser's own RecursionError into JsonTooDeep, should the limit ever be set high.
    On the listener's hot path (twice per push): the common case is two C-level counts and the decoder.
    """
    try:
        if isinstance(text, str):
            if text.count("[") + text.count("{") > limit and json_depth_exceeds(text, limit):
                raise JsonTooDeep(limit)
            return _decode(text)
        if json_depth_exceeds(text, limit):
            raise JsonTooDeep(limit)
        return json.loads(text)
    except RecursionError:
        raise JsonTooDeep(limit) from None


# C0 controls (tab and newline included: one record is one line), DEL, C1 controls (0x9b is an 8-bit
# CSI), the Unicode line/paragraph separators and the bidi overrides that reorder what a terminal shows.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")
_UNPRINTABLE_KEEP_NEWLINE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: object) -> str:
    """`text` as one terminal-safe line: every control character written as an escape (`\\x1b`, `\\n`)."""
    value = text if isinstance(text, str) else str(text)
    return _UNPRINTABLE.sub(_escape, value)


def printable_block(text: object) -> str:
    """Like `printable`, but keeps line breaks (a pretty-printed body shown as a block of lines)."""
    value = text if isinstance(text, str) else str(text)
    return _UNPRINTABLE_KEEP_NEWLINE.sub(_escape, value)


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")


def json_line(data: Any, *, indent: int | None = None) -> str:
    """JSON for a terminal or a pipe: readable non-ASCII text, but every control character escaped.

    `ensure_ascii=False` leaves DEL, the C1 controls and the bidi overrides raw; they only occur
    inside strings, where `\\uXXXX` is the same JSON value, so they are escaped that way.
    """
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
