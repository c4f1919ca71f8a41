"""The cases about forgeries: pushes a correct handler must refuse — and refuse without crashing.

Any refusal passes (a 403, a 400, an error JSON, even a sealed "fail"); only a reply that decrypts
to `success` fails, because then DingTalk's sender is not the only one who can make the handler act.
A bare-text `success` is a warning: not a sealed acceptance, but it suggests nothing was checked.
"""

from __future__ import annotations

from dingconsole.core.conform import pushes
from dingconsole.core.conform.context import Context, Sent
from dingconsole.core.conform.judge import Answer, answer_of, evidence, has_traceback, refusal
from dingconsole.core.conform.model import CaseOutcome, Evidence, Hint, Text, Verdict, t, worst


def _judge_forgery(item: Sent, accepted_note: Text) -> Evidence:
    answer = answer_of(item.delivery)
    if answer is Answer.SEALED:
        return evidence(item, Verdict.FAIL, accepted_note)
    if answer is Answer.PLAIN:
        return evidence(item, Verdict.WARN, t("forgery_plain_success"))
    return evidence(item, Verdict.PASS, t("forgery_refused", reason=refusal(item.delivery)))


async def forged_signature(ctx: Context) -> CaseOutcome:
    token = pushes.other_token(ctx.profile)
    item = await ctx.post(pushes.seal(pushes.ascii_event(), ctx.profile, token=token), t("push_forged"), forgery=True)
    ev = _judge_forgery(item, t("diag_no_signature_check"))
    hints = [Hint(t("diag_no_signature_check"), t("fix_verify_signature"))] if ev.verdict is Verdict.FAIL else []
    if ev.verdict is Verdict.WARN:
        hints.append(Hint(t("forgery_plain_success"), t("fix_verify_signature")))
    return CaseOutcome(ev.verdict, _detail(ev, "forged_refused", "forged_accepted"), hints, [ev])


async def wrong_owner_key(ctx: Context) -> CaseOutcome:
    foreign = pushes.foreign_owner_key(ctx.profile)
    request = pushes.seal(pushes.ascii_event(), ctx.profile, owner_key=foreign)
    item = await ctx.post(request, t("push_foreign_owner", key=foreign), owner_key=foreign, forgery=True)
    ev = _judge_forgery(item, t("diag_no_owner_check", key=foreign))
    hints = []
    if ev.verdict is Verdict.FAIL:
        hints.append(Hint(t("diag_no_owner_check", key=foreign), t("fix_check_owner", own=ctx.profile.owner_key)))
    elif ev.verdict is Verdict.WARN:
        hints.append(Hint(t("forgery_plain_success"), t("fix_check_owner", own=ctx.profile.owner_key)))
    return CaseOutcome(ev.verdict, _detail(ev, "owner_refused", "owner_accepted"), hints, [ev])


async def tampered_ciphertext(ctx: Context) -> CaseOutcome:
    plans = [
        (pushes.tampered_padding(pushes.ascii_event(), ctx.profile), t("push_tampered_padding")),
        (pushes.tampered_length(pushes.ascii_event(), ctx.profile), t("push_tampered_length")),
    ]
    items = [await ctx.post(request, label, forgery=True) for request, label in plans]
    rows: list[Evidence] = []
    hints: list[Hint] = []
    for item in items:
        d = item.delivery
        answer = answer_of(d)
        if answer is Answer.SEALED:
            rows.append(evidence(item, Verdict.FAIL, t("tampered_accepted")))
        elif d.status is not None and d.status >= 500:
            note = "diag_crash_traceback" if has_traceback(d) else "diag_crash"
            rows.append(evidence(item, Verdict.FAIL, t(note, status=d.status)))
        elif has_traceback(d):
            rows.append(evidence(item, Verdict.FAIL, t("diag_traceback", status=d.status)))
        elif answer is Answer.NO_REPLY:
            rows.append(evidence(item, Verdict.WARN, t("tampered_no_reply", error=d.error or "")))
        elif answer is Answer.PLAIN:
            rows.append(evidence(item, Verdict.WARN, t("forgery_plain_success")))
        else:
            rows.append(evidence(item, Verdict.PASS, t("forgery_refused", reason=refusal(d))))
    failed = [row for row in rows if row.verdict is Verdict.FAIL]
    for row in failed[:1]:
        if row.note is not None and row.note.code.startswith("diag_crash"):
            hints.append(Hint(row.note, t("fix_catch_decrypt")))
        elif row.note is not None and row.note.code == "diag_traceback":
            hints.append(Hint(row.note, t("fix_no_traceback")))
        else:
            hints.append(Hint(t("tampered_accepted"), t("fix_verify_signature")))
    verdict = worst([row.verdict for row in rows])
    detail = t("tampered_ok") if verdict is Verdict.PASS else (failed[0].note if failed else rows[0].note)
    return CaseOutcome(verdict, detail or t("failed"), hints, rows)


def _detail(ev: Evidence, ok: str, bad: str) -> Text:
    if ev.verdict is Verdict.PASS:
        return t(ok, status=ev.status if ev.status is not None else "—")
    if ev.verdict is Verdict.WARN:
        return ev.note or t("failed")
    return t(bad)
