"""The cases that inspect every reply seen: its format (DingTalk's 71009) and redirects (71012).

They run last and read what the other cases collected; run alone (`--only reply_format`), they send
one URL-check push of their own. The format verdicts come from core.diagnose's reply checker; this
module only groups them across replies and says each in the reader's language.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from dingconsole.core import untrusted
from dingconsole.core.conform import pushes
from dingconsole.core.conform.context import Context, Sent
from dingconsole.core.conform.judge import Answer, accepted, answer_of, evidence, header
from dingconsole.core.conform.model import CaseOutcome, Evidence, Hint, Text, Verdict, t
from dingconsole.core.diagnose import REPLY_FIELDS, Status, Step, check_content_type


@dataclass(frozen=True)
class Problem:
    verdict: Verdict
    diagnosis: Text
    fix: Text

    @property
    def key(self) -> tuple[str, str]:
        return self.verdict.value, self.diagnosis.code


def _misspelt(reply: bytes) -> tuple[str, str] | None:
    """(found, expected) for a reply key that is a required field spelled differently (`timestamp`)."""
    try:
        data = untrusted.loads(reply)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    wanted = {name.replace("_", "").lower(): name for name in REPLY_FIELDS}
    for key in data:
        expected = wanted.get(str(key).replace("_", "").replace("-", "").lower())
        if expected and key != expected and expected not in data:
            return str(key), expected
    return None


def _failed(step: Step, item: Sent) -> Problem:
    d = item.delivery
    p = step.params
    fix = t("fmt_fix_checker", hint=step.hint) if step.hint else t("fmt_fix_compare")
    if step.name == "status":
        return Problem(Verdict.FAIL, t("fmt_status", status=d.status), t("fmt_fix_status"))
    if step.name == "json" and answer_of(d) is Answer.PLAIN:
        return Problem(Verdict.FAIL, t("fmt_plain_success"), t("fmt_fix_plain"))
    if step.name == "fields":
        spelt = _misspelt(d.reply_body)
        if spelt:
            return Problem(
                Verdict.FAIL, t("fmt_field_spelling", found=spelt[0], expected=spelt[1]), t("fmt_fix_fields")
            )
        return Problem(Verdict.FAIL, t("fmt_fields", detail=step.detail), t("fmt_fix_fields"))
    if step.name == "owner_key":
        found, expected = p.get("found", ""), p.get("expected", "")
        return Problem(Verdict.FAIL, t("fmt_owner_key", found=found, expected=expected), t("fmt_fix_owner"))
    if step.code == "reply_signature_upper_case":
        return Problem(Verdict.FAIL, t("fmt_signature_upper"), t("fmt_fix_signature_upper"))
    if step.code == "reply_signed_request_timestamp":
        return Problem(Verdict.FAIL, t("fmt_signed_request"), t("fmt_fix_sign_own"))
    if step.name == "content_type":
        return Problem(Verdict.FAIL, t("fmt_content_type", found=p.get("found", "")), t("fmt_fix_content_type"))
    return Problem(Verdict.FAIL, t("fmt_step", step=step.name, detail=step.detail), fix)


def problems(item: Sent) -> list[Problem]:
    """What DingTalk's checker finds wrong with one accepted reply (time is check_url's and burst's)."""
    d = item.delivery
    found: list[Problem] = []
    steps = [s for s in d.report.steps if s.name != "time"] + [check_content_type(d.reply_headers)]
    for step in steps:
        if step.status is Status.FAILED:
            found.append(_failed(step, item))
        elif step.status is Status.PASSED and step.name == "timestamp" and step.params.get("unit") == "s":
            found.append(Problem(Verdict.WARN, t("fmt_seconds"), t("fmt_fix_ms")))
        elif step.code == "reply_line_breaks":
            found.append(
                Problem(Verdict.WARN, t("fmt_line_breaks", count=step.params.get("count", "")), t("fmt_fix_b64"))
            )
        elif step.status not in (Status.PASSED, Status.SKIPPED):  # the checker's other warnings
            fix = t("fmt_fix_checker", hint=step.hint) if step.hint else t("fmt_fix_compare")
            found.append(Problem(Verdict.WARN, t("fmt_step_warn", step=step.name, detail=step.detail), fix))
    return found


async def _own_push(ctx: Context) -> None:
    await ctx.post(pushes.seal(pushes.render("check_url"), ctx.profile), t("push_check_url"))


async def reply_format(ctx: Context) -> CaseOutcome:
    if not any(not item.meta.get("forgery") for item in ctx.sent):
        await _own_push(ctx)
    replies = [item for item in ctx.sent if not item.meta.get("forgery") and accepted(item.delivery)]
    if not replies:
        return CaseOutcome(Verdict.FAIL, t("fmt_none"), [Hint(t("fmt_none"), t("fix_answer_success"))])
    first_seen: dict[tuple[str, str], tuple[Problem, Sent]] = {}
    counts: dict[tuple[str, str], int] = {}
    for item in replies:
        for problem in {p.key: p for p in problems(item)}.values():
            first_seen.setdefault(problem.key, (problem, item))
            counts[problem.key] = counts.get(problem.key, 0) + 1
    if not first_seen:
        return CaseOutcome(Verdict.PASS, t("fmt_ok", total=len(replies)), metrics={"replies": len(replies)})
    ordered = sorted(first_seen.values(), key=lambda pair: -pair[0].verdict.rank)
    rows: list[Evidence] = []
    hints: list[Hint] = []
    for problem, item in ordered:
        row = evidence(item, problem.verdict, t("fmt_count", what=problem.diagnosis, count=counts[problem.key],
                                                 total=len(replies)))  # fmt: skip
        correct = item.delivery.report.correct_reply
        row.expected = json.dumps(correct, ensure_ascii=False) if correct else ""
        rows.append(row)
        hints.append(Hint(problem.diagnosis, problem.fix))
    top = ordered[0][0]
    verdict = top.verdict
    code = "fmt_bad" if verdict is Verdict.FAIL else "fmt_warn"
    detail = t(code, what=top.diagnosis, count=counts[top.key], total=len(replies))
    return CaseOutcome(verdict, detail, hints, rows, {"replies": len(replies), "problems": len(ordered)})


async def redirect(ctx: Context) -> CaseOutcome:
    if not ctx.sent:
        await _own_push(ctx)
    seen = [item for item in ctx.sent if item.delivery.status is not None]
    redirects = [item for item in seen if answer_of(item.delivery) is Answer.REDIRECT]
    if not redirects:
        return CaseOutcome(Verdict.PASS, t("redirect_ok", total=len(seen)), metrics={"replies": len(seen)})
    rows: list[Evidence] = []
    hints: list[Hint] = []
    for item in redirects:
        location = header(item.delivery, "Location")
        if any(row.location == location for row in rows):
            continue
        note = t("diag_redirect", status=item.delivery.status, location=location or "—")
        rows.append(evidence(item, Verdict.FAIL, note))
        hints.append(Hint(note, t("fix_redirect")))
    detail = t("redirect_bad", count=len(redirects), total=len(seen), note=rows[0].note or t("failed"))
    return CaseOutcome(Verdict.FAIL, detail, hints, rows, {"replies": len(seen), "redirects": len(redirects)})
