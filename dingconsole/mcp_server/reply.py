"""What a tool returns before the SDK sees it: a code, its params, the text in the asked language, the data.

Tools raise `ToolFailure` for what they refuse (a code and params, worded from texts.MESSAGES) and let
core DingErrors through; `failure_reply` turns either — or anything unexpected — into an error reply,
so a malformed call is answered, never a crash.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dingconsole.core.errors import DingError
from dingconsole.mcp_server.texts import render


@dataclass
class ToolReply:
    code: str
    text: str
    params: dict[str, Any] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    error: bool = False

    def structured(self, lang: str) -> dict[str, Any]:
        """The structured result: {"ok", "code", "params", "lang", "text", "data"}."""
        return {
            "ok": not self.error,
            "code": self.code,
            "params": self.params,
            "lang": lang,
            "text": self.text,
            "data": self.data,
        }


class ToolFailure(Exception):
    """A refusal worded by texts.MESSAGES[code]."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def failure_reply(exc: BaseException, lang: str) -> ToolReply:
    """An error reply for whatever a tool raised (the last line of defence: the server keeps answering)."""
    if isinstance(exc, ToolFailure):
        return ToolReply(exc.code, render(exc.code, exc.params, lang), exc.params, error=True)
    if isinstance(exc, DingError):
        lines = [render("error", {"code": exc.code, "message": exc.message}, lang)]
        if exc.hint:
            lines.append(render("hint", {"hint": exc.hint}, lang))
        return ToolReply(exc.code, "\n".join(lines), dict(exc.params), {"hint": exc.hint}, error=True)
    if isinstance(exc, ValueError):
        params = {"detail": str(exc)}
        return ToolReply("invalid_argument", render("invalid_argument", params, lang), params, error=True)
    params = {"detail": f"{type(exc).__name__}: {exc}"}
    return ToolReply("internal", render("internal", params, lang), params, error=True)
