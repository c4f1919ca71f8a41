"""Whatever a user pastes (curl, PowerShell, raw HTTP, URL + body, JSON, encrypt value) as one HTTP request."""

from __future__ import annotations

from dingconsole.core.paste.request import Pasted, parse_pasted

__all__ = ["Pasted", "parse_pasted"]
