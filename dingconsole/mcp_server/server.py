"""The MCP server itself (the official `mcp` SDK's MCPServer over stdio): tools, the events resource, redaction.

Each tool is a plain function of the tool modules; `_as_tool` runs it (on a worker thread: the core
is synchronous), turns any exception into an error result, and gives the SDK a CallToolResult whose
text is the rendering in the asked language and whose structured content carries the codes, params
and data. A middleware passes every response — results and errors, of any method — through the
Redactor, so no profile secret can leave the process whatever a tool or the SDK put in it.
"""

from __future__ import annotations

import functools
import inspect
import json
from collections.abc import Callable, Sequence
from typing import Any

from mcp.server.context import CallNext, HandlerResult, ServerRequestContext
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError
from mcp.shared.exceptions import MCPError
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import BaseModel

from dingconsole import __version__
from dingconsole.mcp_server import crypto_tools, events_tools, info_tools
from dingconsole.mcp_server.guard import MAX_TEXT, Redactor, cut
from dingconsole.mcp_server.remote_tools import RemoteTools
from dingconsole.mcp_server.reply import ToolFailure, ToolReply, failure_reply

INSTRUCTIONS = (
    "DingConsole debugs DingTalk event callbacks. Read what DingTalk sent (events_list, event_show, the "
    "dingconsole://events/ID resources), explain a failing push or reply (diagnose, decrypt), seal or sign test "
    "data (encrypt, sign), and test a callback handler (send, conform). Credentials are named by profile "
    "(profiles_list); secrets never appear in results. send and conform reach loopback URLs only, unless the "
    "server was started with --allow-remote HOST. Nothing here deletes anything."
)

_READ = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)
_PURE = ToolAnnotations(read_only_hint=True, destructive_hint=False, open_world_hint=False)
_REMOTE = ToolAnnotations(read_only_hint=False, destructive_hint=False, idempotent_hint=False, open_world_hint=True)


def _as_tool(fn: Callable[..., ToolReply]) -> Callable[..., CallToolResult]:
    """`fn` as the SDK calls it: same parameters (so the same JSON schema), a CallToolResult back, never a raise."""
    signature = inspect.signature(fn, eval_str=True)

    @functools.wraps(fn)
    def call(**kwargs: Any) -> CallToolResult:
        lang = kwargs.get("lang", "en")
        try:
            reply = fn(**kwargs)
        except Exception as exc:  # noqa: BLE001 - every failure is an answer: the server keeps serving
            reply = failure_reply(exc, lang)
        text, _ = cut(reply.text, MAX_TEXT, lang)
        return CallToolResult(
            content=[TextContent(type="text", text=text)],
            structured_content=reply.structured(lang),
            is_error=reply.error,
        )

    call.__signature__ = signature.replace(return_annotation=CallToolResult)  # type: ignore[attr-defined]
    return call


async def _redacted(ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
    """Middleware: every result and every error message with the profiles' secrets replaced."""
    redactor = Redactor.from_profiles()
    try:
        result = await call_next(ctx)
    except MCPError as exc:
        error = exc.error
        raise MCPError(error.code, redactor.text(error.message), redactor.value(error.data)) from None
    if isinstance(result, BaseModel):
        return redactor.value(result.model_dump(by_alias=True, mode="json", exclude_none=True))
    if isinstance(result, dict):
        return redactor.value(result)
    return result


def _event_resource(event_id: str) -> str:
    """dingconsole://events/{event_id}: one exchange as JSON — its record and its text view, bounded."""
    try:
        number = int(event_id)
        text, record, truncated = events_tools.event_view(number)
    except (ValueError, ToolFailure):
        raise ResourceError(f"no exchange #{event_id} in the event store") from None
    return json.dumps({"event": record, "text": text, "truncated": truncated}, ensure_ascii=False, indent=2)


def build(allow_remote: Sequence[str] = ()) -> MCPServer[Any]:
    server: MCPServer[Any] = MCPServer(
        "dingconsole",
        title="DingConsole (钉钉回调调试台)",
        instructions=INSTRUCTIONS,
        version=__version__,
        log_level="WARNING",
        middleware=[_redacted],
    )
    remote = RemoteTools(allow_remote)
    tools: list[tuple[Callable[..., ToolReply], str, ToolAnnotations]] = [
        (info_tools.profiles_list, "Saved credential profiles: names, owner keys, which secrets are set (never "
         "their values).", _READ),
        (info_tools.catalogue, "DingTalk's event types by family; one family's types; or one type's documented "
         "fields and a template payload (fresh ids) to send.", _READ),
        (events_tools.events_list, "Captured exchanges, newest first, with the filters of `dingconsole events list` "
         "(type, family, outcome, profile, text, since/until, limit).", _READ),
        (events_tools.event_show, "One captured exchange in full: request, reply, decrypted message and "
         "diagnosis (bodies cut to max_chars, marked).", _READ),
        (crypto_tools.diagnose, "Explain step by step why a push fails (against the named profile or every "
         "saved one) or whether DingTalk accepts a reply — from any pasted form.", _PURE),
        (crypto_tools.decrypt, "Decrypt a pasted push (verifying its signature when it has one) with the named "
         "profile or whichever saved one fits.", _PURE),
        (crypto_tools.encrypt, "Seal a message as DingTalk pushes it (body and signed query) with the named or "
         "active profile.", _PURE),
        (crypto_tools.sign, "The msg_signature of an encrypt value (given or fresh timestamp and nonce), or of a "
         "pasted push, with the named profile's token.", _PURE),
        (remote.send, "Push an event (a template, a message or a captured exchange) to a callback URL as DingTalk "
         "does, with a profile, and judge each reply as DingTalk would. Loopback only unless allowed.", _REMOTE),
        (remote.conform, "Run the conformance suite (every DingTalk behaviour, case by case) against a callback "
         "handler with a profile; without url, list the cases. Loopback only unless allowed.", _REMOTE),
    ]  # fmt: skip
    for fn, description, hints in tools:
        server.add_tool(_as_tool(fn), name=fn.__name__, description=description, annotations=hints)
    server.resource(
        "dingconsole://events/{event_id}",
        name="event",
        description="One captured exchange as JSON (record and text view), to attach to the context.",
        mime_type="application/json",
    )(_event_resource)
    return server


def serve(allow_remote: Sequence[str] = ()) -> None:
    """Serve over stdin/stdout until the client closes them."""
    build(allow_remote).run("stdio")


__all__ = ["build", "serve"]
