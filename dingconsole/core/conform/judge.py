"""Reading a handler's reply: did it accept the push, and the evidence to show for it.

Acceptance is the handler's *intent*: a reply that decrypts to `success` (however badly it is
shaped) or the bare text `success`. The cases about behaviour (event types, padding, retries, …)
judge acceptance; the reply_format case judges the shape of every accepted reply, and only
check_url and burst judge time. So each fault in a handler shows in its own case.
"""

from __future__ import annotations

import enum
import re

from dingconsole.core.conform.context import Sent
from dingconsole.core.conform.model import Evidence, Text, Verdict, t
from dingconsole.core.diagnose import Status, header_value
from dingconsole.core.send.sender import Delivery

REPLY_EXCERPT = 2000
_TRACEBACK = re.compile(
    r"Traceback \(most recent call last\)"  # Python
    r"|\bat [\w$.]+\([\w$]+\.java:\d+\)"  # Java
    r"|^\s+at [\w.`<>]+\([^)\n]*\) in [^\n]+:line \d+"  # .NET (no `.*`: a long hostile line made it quadratic)
    r"|goroutine \d+ \[running\]"  # Go
    r"|\bStack trace:\s*#0 "  # PHP
    r"|\.js:\d+:\d+\)",  # Node.js
    re.MULTILINE,
)


class Answer(enum.StrEnum):
    SEALED = "sealed_success"  # decrypts to `success` with the profile's aesKey
    PLAIN = "plain_success"  # the bare text `success`
    REDIRECT = "redirect"
    NO_REPLY = "no_reply"
    REFUSED = "refused"  # anything else: an error status, another message, a body DingTalk cannot read


def reply_text(delivery: Delivery, limit: int = REPLY_EXCERPT) -> str:
    text = delivery.reply_body[: limit * 4].decode("utf-8", "replace")
    return text if len(text) <= limit else text[:limit] + "…"


def answer_of(delivery: Delivery) -> Answer:
    status = delivery.status
    if status is None:
        return Answer.NO_REPLY
    if 300 <= status < 400:
        return Answer.REDIRECT
    if not 200 <= status < 300:
        return Answer.REFUSED
    if delivery.report.message == "success":
        return Answer.SEALED
    if delivery.reply_body.strip().strip(b'"').strip() == b"success":
        return Answer.PLAIN
    return Answer.REFUSED


def accepted(delivery: Delivery) -> bool:
    return answer_of(delivery) in (Answer.SEALED, Answer.PLAIN)


def has_traceback(delivery: Delivery) -> bool:
    return bool(_TRACEBACK.search(delivery.reply_body[:65536].decode("utf-8", "replace")))


def header(delivery: Delivery, name: str) -> str:
    return header_value(delivery.reply_headers, name)


def refusal(delivery: Delivery) -> Text:
    """Why a reply is not an acceptance, in one sentence."""
    answer = answer_of(delivery)
    if answer is Answer.NO_REPLY:
        return t("no_reply", error=delivery.error or "")
    if answer is Answer.REDIRECT:
        return t("redirected", status=delivery.status, location=header(delivery, "Location"))
    failure = delivery.report.first_failure
    if failure is not None and failure.code == "java_illegal_key_size":  # the official Java demo on JDK 9+
        return t("refused_java_key_size", status=delivery.status)
    if delivery.status is not None and not 200 <= delivery.status < 300:
        return t("refused_status", status=delivery.status, reply=reply_text(delivery, 160))
    if delivery.report.message is not None:
        return t("refused_message", message=delivery.report.message[:160])
    failure = delivery.report.first_failure
    return t("refused_unreadable", detail=failure.detail if failure else "", reply=reply_text(delivery, 160))


def shape_problems(delivery: Delivery) -> list[str]:
    """Names of the reply checks (all but time) that failed: reply_format's business."""
    return [s.name for s in delivery.report.steps if s.status is Status.FAILED and s.name != "time"]


def over_budget(delivery: Delivery, budget_ms: float) -> bool:
    return delivery.status is not None and delivery.elapsed_ms > budget_ms


def evidence(item: Sent, verdict: Verdict, note: Text | None = None) -> Evidence:
    """The evidence row for one push: what was sent, the reply, and the checks it did not pass."""
    d = item.delivery
    steps = [
        {
            "name": s.name,
            "status": str(s.status),
            "detail": s.detail,
            "hint": s.hint,
            "code": s.code,
            "params": s.params,
        }
        for s in d.report.steps
        if s.status is not Status.PASSED and s.status is not Status.SKIPPED
    ]
    request = {
        "query": dict(d.request.query),
        "body_bytes": len(d.request.body),
        "started_at": round(d.started_at, 4),
        **{k: v for k, v in item.meta.items() if isinstance(v, str | int | float | bool)},
    }
    return Evidence(
        label=item.label,
        verdict=verdict,
        status=d.status,
        elapsed_ms=d.elapsed_ms,
        reply=reply_text(d) if d.status is not None else (d.error or ""),
        note=note,
        content_type=header(d, "Content-Type"),
        location=header(d, "Location"),
        steps=steps,
        request=request,
    )


def expect_accepted(item: Sent, budget_ms: float | None = None) -> Evidence:
    """Evidence for a genuine push: pass when accepted (and, when timed, within the budget)."""
    d = item.delivery
    if not accepted(d):
        return evidence(item, Verdict.FAIL, refusal(d))
    if budget_ms is not None and over_budget(d, budget_ms):
        return evidence(item, Verdict.FAIL, t("too_slow", ms=round(d.elapsed_ms), budget=round(budget_ms)))
    if answer_of(d) is Answer.PLAIN or shape_problems(d):
        return evidence(item, Verdict.PASS, t("accepted_see_format", ms=round(d.elapsed_ms)))
    return evidence(item, Verdict.PASS, t("accepted", ms=round(d.elapsed_ms)))


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (p50, p99) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]
