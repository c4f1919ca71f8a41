"""send and conform: DingTalk played against a handler — on loopback, or a host allowed at start, only.

The target is checked (guard.allowed_target) before a profile is read or a socket opened. Both run
bounded: send's burst and retry waits are capped, conform runs with its own safe limits (Options).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Annotated, Any

from pydantic import Field

from dingconsole.core.conform import ConformError, Options, select
from dingconsole.core.conform import run as run_suite
from dingconsole.core.conform.messages import render as conform_text
from dingconsole.core.conform.report import ICONS, case_lines
from dingconsole.core.exchange import HttpRequest
from dingconsole.core.profiles import ProfileStore
from dingconsole.core.send import sender, templates
from dingconsole.core.send.capture import resend_source
from dingconsole.core.store import EventStore
from dingconsole.core.untrusted import printable
from dingconsole.mcp_server.crypto_tools import profiles_named
from dingconsole.mcp_server.guard import MAX_CHARS, allowed_target, bounded
from dingconsole.mcp_server.params import Lang, MaxChars, ProfileName, Url
from dingconsole.mcp_server.reply import ToolFailure, ToolReply
from dingconsole.mcp_server.texts import render

MAX_BURST = 50  # an agent's burst: enough to show a handler's idempotency, far from a load test


class RemoteTools:
    """The tools that reach a URL, bound to the hosts `--allow-remote` named at start."""

    def __init__(self, allow_remote: Iterable[str] = ()) -> None:
        self.allow_remote = tuple(allow_remote)

    def send(
        self,
        *,
        url: Url,
        profile: ProfileName = None,
        event_type: Annotated[str | None, Field(description="a template or event type (see catalogue)")] = None,
        # str, not str | None: the SDK would parse a JSON text given for an optional string into an object
        message: Annotated[str, Field(description="the plaintext message (an event's JSON) to seal")] = "",
        capture: Annotated[int | None, Field(description="an exchange id from the event store, sent again")] = None,
        replay_exact: Annotated[bool, Field(description="with capture: its exact bytes, not re-sealed")] = False,
        pattern: Annotated[
            str,
            Field(
                description=f"once, duplicate (same eventId twice), burst:N (N at once, N <= {MAX_BURST}) or "
                "retry (again after 10 s and 30 s, times retry_scale, while the reply fails)"
            ),
        ] = "once",  # fmt: skip
        retry_scale: Annotated[float, Field(ge=0, le=1, description="scale the retry waits (1 = DingTalk's)")] = 1.0,
        timeout: Annotated[float, Field(gt=0, le=30, description="seconds per POST")] = sender.DEFAULT_TIMEOUT,
        budget_ms: Annotated[float, Field(gt=0, le=60_000, description="reply budget (ms)")] = sender.BUDGET_MS,
        lang: Lang = "en",
        max_chars: MaxChars = MAX_CHARS,
    ) -> ToolReply:
        url = allowed_target(url, self.allow_remote)  # first: nothing is read or sent for a refused host
        if not all(math.isfinite(v) for v in (retry_scale, timeout, budget_ms)):
            raise ValueError("retry_scale, timeout and budget_ms must be finite numbers")
        chosen = sender.Pattern.parse(pattern)
        if chosen.kind == "burst" and chosen.count > MAX_BURST:
            raise ValueError(f"burst:{chosen.count} is over this server's limit of {MAX_BURST}")
        source, captured_profile = _source(event_type, message, capture, replay_exact)
        if profile is None and captured_profile and captured_profile in ProfileStore():
            profile = captured_profile
        used = profiles_named(profile, every=False)[0]
        deliveries = sender.send(
            url, source, used, chosen, timeout=timeout, budget_ms=budget_ms, delay_scale=retry_scale
        )
        passed = sum(d.ok for d in deliveries)
        params = {"url": url, "profile": used.name, "pattern": str(chosen), "passed": passed, "total": len(deliveries)}
        lines = [printable(render("send_header", params, lang))]
        for d in deliveries:
            status = str(d.status) if d.status is not None else "---"
            lines.append(printable(f"#{d.index} ({d.attempt})  {status}  {d.elapsed_ms:.1f} ms  {d.verdict()}"))
            for step in d.report.steps if not d.ok else ():
                if step.status.value == "failed" and step.hint:
                    lines.append(printable(f"    {step.name}: {step.hint}"))
        data, truncated = bounded({"deliveries": [d.to_dict() for d in deliveries]}, max_chars, lang)
        correct = next((d.report.correct_reply for d in deliveries if not d.ok and d.status), None)
        return ToolReply("send", "\n".join(lines), params, {**data, "correct_reply": correct, "truncated": truncated})

    def conform(
        self,
        *,
        url: Annotated[
            str | None, Field(description="the handler's callback URL (loopback unless allowed); none: list the cases")
        ] = None,
        profile: ProfileName = None,
        only: Annotated[
            list[str] | None, Field(description="run only these case ids (conform without url lists them)")
        ] = None,
        burst: Annotated[int, Field(ge=1, le=MAX_BURST, description="pushes at once in the burst case")] = 20,
        max_requests: Annotated[int, Field(ge=1, le=400, description="pushes per run at most")] = 400,
        timeout: Annotated[float, Field(gt=0, le=30, description="seconds a POST may take")] = 5.0,
        budget_ms: Annotated[float, Field(gt=0, le=60_000, description="DingTalk's reply deadline (ms)")] = 1500.0,
        retry_scale: Annotated[float, Field(ge=0, le=1, description="scale DingTalk's 10 s/30 s retry waits")] = 0.01,
        case_time_limit: Annotated[float, Field(gt=0, le=120, description="seconds per case at most")] = 60.0,
        lang: Lang = "en",
        max_chars: MaxChars = MAX_CHARS,
    ) -> ToolReply:
        if url is None:
            return _cases(lang)
        url = allowed_target(url, self.allow_remote)
        options = Options(burst=burst, budget_ms=budget_ms, timeout=timeout, retry_scale=retry_scale,
                          case_time_limit=case_time_limit, max_requests=max_requests)  # fmt: skip
        options.check()
        specs = select(only)
        used = profiles_named(profile, every=False)[0]
        result = run_suite(url, used, options=options, only=only)
        header = {"url": url, "profile": used.name, "count": len(specs)}
        lines = [printable(conform_text("cli_header", header, lang))]
        for case in result.cases:
            title = case.spec.text("title", lang)
            lines.append(printable(f"{ICONS[case.verdict]} {case.id}  {title}"))
            lines += [printable("    " + line) for line in case_lines(case, lang)[:12]]
        summary = result.summary()
        lines.append(conform_text("cli_summary", {**summary, "seconds": f"{summary['duration_ms'] / 1000:.1f}"}, lang))
        data, truncated = bounded(result.to_dict(lang), max_chars, lang)
        return ToolReply("conform", "\n".join(lines), summary, {**data, "ok": result.ok, "truncated": truncated})


def _source(
    event_type: str | None, message: str, capture: int | None, replay_exact: bool
) -> tuple[str | HttpRequest, str | None]:
    """What to send — a template, a message, or a captured exchange — and the capture's profile."""
    if sum(x is not None for x in (event_type, message or None, capture)) != 1:
        raise ToolFailure("one_source")
    if replay_exact and capture is None:
        raise ToolFailure("replay_needs_capture")
    if event_type is not None:
        return templates.render(event_type), None
    if message:
        return message, None
    assert capture is not None
    with EventStore() as store:
        exchange = store.get(capture)
    if exchange is None:
        raise ToolFailure("event_not_found", id=capture)
    return resend_source(exchange, replay_exact=replay_exact), exchange.profile


def _cases(lang: str) -> ToolReply:
    """The suite's cases (conform without a URL)."""
    from dingconsole.core.conform import CASES

    rows: list[dict[str, Any]] = [
        {"id": s.id, "title": s.text("title", lang), "dingtalk": s.text("dingtalk", lang),
         "expects": s.text("expects", lang)} for s in CASES
    ]  # fmt: skip
    lines = [render("conform_cases", {"count": len(rows)}, lang), *(f"  {r['id']}: {r['title']}" for r in rows)]
    return ToolReply("conform_cases", "\n".join(lines), {"count": len(rows)}, {"cases": rows})


__all__ = ["ConformError", "RemoteTools"]
