"""Text that came from outside (a push, a paste, a file), made safe to parse and to print.

A validly sealed push can hold anything its sender chose: JSON nested 20,000 deep (Python's parser
and every recursive printer then die with RecursionError), escape sequences that retitle or clear a
terminal, a fake `#99 ok 200` line after a newline. Every place that parses a message or prints one
goes through these helpers, so the bound and the escaping are decided once.
"""

from __future__ import annotations

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


# A JSON string (skipped whole, so brackets inside strings do not count) or one bracket.
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def json_depth_exceeds(text: str | bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when `text` opens more than `limit` nested arrays/objects (strings' brackets ignored).

    Cheap for every real message: when the text holds at most `limit` opening brackets in all, it
    cannot nest deeper, and the check is two C-level counts. Only bracket-heavy text is scanned.
    """
    if isinstance(text, bytes | bytearray):
        if text.count(b"[") + text.count(b"{") <= limit:
            return False
        text = bytes(text).decode("utf-8", "replace")
    elif text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        char = match.group()
        if char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


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
