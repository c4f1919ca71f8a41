"""events_list, event_show and the `dingconsole://events/ID` resource: the event store, read-only and bounded."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Annotated, Any

from pydantic import Field

from dingconsole.commands._lines import exchange_line, exchange_record, summary
from dingconsole.core import events
from dingconsole.core.exchange import Exchange
from dingconsole.core.store import EventStore
from dingconsole.core.store.filter import build_filter
from dingconsole.core.untrusted import printable
from dingconsole.mcp_server.guard import MAX_CHARS, bounded, cut
from dingconsole.mcp_server.params import Lang, MaxChars, OutcomeName
from dingconsole.mcp_server.reply import ToolFailure, ToolReply
from dingconsole.mcp_server.texts import render

LIST_DEFAULT, LIST_MAX = 20, 200


def events_list(
    *,
    event_types: Annotated[list[str] | None, Field(description="event types, any of (e.g. user_add_org)")] = None,
    families: Annotated[
        list[str] | None, Field(description="catalogue families, any of (see catalogue); other = uncatalogued types")
    ] = None,
    outcomes: Annotated[list[OutcomeName] | None, Field(description="outcomes, any of")] = None,
    profiles: Annotated[list[str] | None, Field(description="profile names, any of")] = None,
    text: Annotated[str, Field(description="text in the decrypted message, the error, the event type or id")] = "",
    since: Annotated[str | None, Field(description="received at or after: ISO date/time or epoch seconds")] = None,
    until: Annotated[str | None, Field(description="received at or before: ISO date/time or epoch seconds")] = None,
    limit: Annotated[int, Field(ge=1, le=LIST_MAX, description="at most this many, newest first")] = LIST_DEFAULT,
    lang: Lang = "en",
) -> ToolReply:
    flt = build_filter(
        event_types=event_types or (),
        families=families or (),
        outcomes=outcomes or (),
        profiles=profiles or (),
        text=text,
        since=since,
        until=until,
    )
    with EventStore() as store:
        rows = store.query(flt, limit=min(limit, LIST_MAX))
        total = store.count(flt)
    params = {"shown": len(rows), "total": total}
    head = render("events_found" if rows else "events_none", params, lang)
    items = [compact(ex, lang) for ex in rows]
    data, _ = bounded({"events": items, "total": total, "more": total > len(rows)}, 300, lang)
    return ToolReply("events_list", "\n".join([head, *(exchange_line(ex, lang) for ex in rows)]), params, data)


def compact(ex: Exchange, lang: str) -> dict[str, Any]:
    """One row of a listing: what tells exchanges apart, no bodies (event_show has those)."""
    payload = events.typed_payload(ex.event_type, ex.message_json())
    return {
        "id": ex.id,
        "received_at": ex.received_at,
        "time": datetime.fromtimestamp(ex.received_at).astimezone().isoformat(timespec="milliseconds"),
        "outcome": ex.outcome.value,
        "transport": ex.transport.value,
        "profile": ex.profile,
        "event_type": ex.event_type,
        "label": events.label(ex.event_type, lang) if ex.event_type else None,
        "family": events.family(ex.event_type) if ex.event_type else None,
        "event_id": ex.event_id,
        "summary": summary(payload, lang) if payload is not None else None,
        "reply_status": ex.reply_status,
        "error_code": ex.error_code,
        "error_message": ex.error_message,
        "repeat_of": ex.repeat_of,
        "uri": f"dingconsole://events/{ex.id}",
    }


def _get(event_id: int) -> Exchange:
    with EventStore() as store:
        found = store.get(event_id)
    if found is None:
        raise ToolFailure("event_not_found", id=event_id)
    return found


def _trimmed(ex: Exchange, limit: int, lang: str) -> tuple[Exchange, bool]:
    """The exchange with its request body, reply body and message cut to `limit`, marked (for the text view)."""
    body, reply, message = ex.request.body, ex.reply_body, ex.message
    if len(body) <= limit and len(reply) <= limit and (message is None or len(message) <= limit):
        return ex, False

    def marked(data: bytes) -> bytes:
        return (
            data
            if len(data) <= limit
            else data[:limit] + render("truncated", {"count": len(data) - limit}, lang).encode()
        )

    return (
        dataclasses.replace(
            ex,
            request=dataclasses.replace(ex.request, body=body[:limit]),
            body_truncated=ex.body_truncated or len(body) > limit,
            reply_body=marked(reply),
            message=None if message is None else cut(message, limit, lang)[0],
        ),
        True,
    )


def event_view(event_id: int, lang: str = "en", max_chars: int = MAX_CHARS) -> tuple[str, dict[str, Any], bool]:
    """The text view (as `events show` prints it, headed in `lang`), the JSON record, and whether anything was cut."""
    from dingconsole.commands.events import describe  # `events show`'s text view, shared

    ex = _get(event_id)
    record, record_cut = bounded(exchange_record(ex), max_chars, lang)
    short, text_cut = _trimmed(ex, max_chars, lang)
    payload = events.typed_payload(ex.event_type, ex.message_json())
    lines = [render("event_header", {"id": ex.id, "label": printable(events.label(ex.event_type, lang))}, lang)]
    if payload is not None:
        lines.append(render("event_summary", {"summary": printable(summary(payload, lang))}, lang))
    text, _ = cut("\n".join([*lines, "", describe(short)]), max_chars * 4, lang)
    return text, record, record_cut or text_cut


def event_show(
    *,
    event_id: Annotated[int, Field(description="the exchange id (see events_list)")],
    lang: Lang = "en",
    max_chars: MaxChars = MAX_CHARS,
) -> ToolReply:
    text, record, truncated = event_view(event_id, lang, max_chars)
    return ToolReply("event_show", text, {"id": event_id}, {"event": record, "truncated": truncated})
