"""Recognising a stack trace in a handler's reply, in the languages handlers are written in."""

from __future__ import annotations

import pytest

from dingconsole.core.conform.judge import _TRACEBACK

TRACES = {
    "python": 'Traceback (most recent call last):\n  File "app.py", line 3, in <module>\nValueError: x',
    "java": "java.lang.IllegalStateException\n\tat com.shop.Callback.handle(Callback.java:42)",
    "dotnet": "System.FormatException\n   at Shop.Callback.Handle(String body) in C:\\src\\Callback.cs:line 42",
    "go": "panic: boom\n\ngoroutine 1 [running]:\nmain.main()",
    "php": "Fatal error: Uncaught Exception\nStack trace:\n#0 {main}",
    "node": "TypeError: x\n    at handle (/srv/app/callback.js:12:5)",
}


@pytest.mark.parametrize("language", list(TRACES))
def test_a_stack_trace_is_recognised(language: str) -> None:
    assert _TRACEBACK.search(TRACES[language])


def test_text_that_only_looks_like_one_is_not() -> None:
    assert not _TRACEBACK.search("refused: bad signature (at the door) in the end")
    # one long line of ") in " without ':line N' (a hostile reply): no match, and no quadratic backtracking
    assert not _TRACEBACK.search("  at a(" + ") in x" * 10000)
