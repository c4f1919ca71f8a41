"""The tools' parameter types, described for the agent: pydantic turns them into each tool's JSON schema."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from dingconsole.mcp_server.guard import MAX_CHARS

Lang = Annotated[Literal["en", "zh"], Field(description="language of the rendered text: en or zh")]
MaxChars = Annotated[
    int,
    Field(ge=200, le=50_000, description=f"cut each body, message and reply to this many characters, marked "
          f"'…[truncated: N more characters]' (default {MAX_CHARS})"),
]  # fmt: skip
ProfileName = Annotated[
    str | None,
    Field(description="the name of a saved profile (see profiles_list); credentials are only ever named, never given"),
]
Url = Annotated[
    str,
    Field(description="the handler's callback URL, e.g. http://127.0.0.1:8000/callback; loopback only unless the "
          "server was started with --allow-remote HOST"),
]  # fmt: skip
Pasted = Annotated[
    str,
    Field(description="anything the Workbench accepts: a curl or PowerShell command, a raw HTTP request or response, "
          "a callback URL followed by its body, a JSON body, an encrypt value, or a reply body"),
]  # fmt: skip
OutcomeName = Literal["ok", "failed", "invalid", "policy", "info"]  # core.exchange.Outcome (a test checks they agree)
