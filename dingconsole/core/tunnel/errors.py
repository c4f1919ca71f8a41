"""Why a tunnel could not start: a code and params the faces render, and the tool's last output lines."""

from __future__ import annotations

from typing import Any

from dingconsole.core.errors import DingError


class TunnelError(DingError):
    """`code` is one of: tool_missing, missing_setting, bad_command, bad_pattern, no_url, exited."""

    code = "tunnel_error"

    def __init__(self, code: str, message: str, hint: str = "", *, tail: list[str] | None = None, **params: Any):
        super().__init__(message, hint, **params)
        self.code = code
        self.tail = tail or []  # the tool's last output lines (secrets masked), for the face to show
