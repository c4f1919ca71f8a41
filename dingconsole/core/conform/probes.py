"""The cases about behaviour: genuine pushes a correct handler must accept.

Each returns a CaseOutcome whose hints name the likely bug when the pattern of refusals points to
one (ASCII accepted but Chinese refused: characters counted instead of bytes; pad values up to 16
accepted but 17..32 refused: a 16-byte unpadder).
"""

from __future__ import annotations

import secrets

from dingconsole.core.conform import pushes
from dingconsole.core.conform.context import Context, Sent
from dingconsole.core.conform.inspect import problems
from dingconsole.core.conform.judge import (
    Answer,
    accepted,
    answer_of,
    evidence,
    expect_accepted,
    over_budget,
    percentile,
    refusal,
)
from dingconsole.core.conform.model import CaseOutcome, Evidence, Hint, Text, Verdict, t, worst
from dingconsole.core.exchange import HttpRequest
from dingconsole.core.send.sender import RETRY_DELAYS


def _outcome(evidence: list[Evidence], ok: Text, bad: Text, hints: list[Hint] | None = None) -> CaseOutcome:
    verdict = worst([e.verdict for e in evidence])
    return CaseOutcome(verdict, ok if verdict is Verdict.PASS else bad, hints or [], evidence)


def _refused_hint(items: list[Sent]) -> Hint:
    """The generic hint for genuine pushes the handler refused: what it said, and what it must say."""
    first = next(item for item in items if not accepted(item.delivery))
    return Hint(refusal(first.delivery), t("fix_answer_success"))


def _label(name: str) -> Text:
    template = next((tpl for tpl in pushes.event_templates() if tpl.name == name), None)
    labels = template.labels if template else {"en": name}
    return t("push_template", name=name, label=labels)


async def check_url(ctx: Context) -> CaseOutcome:
    item = await ctx.post(pushes.seal(pushes.render("check_url"), ctx.profile), t("push_check_url"))
    ev = expect_accepted(item, ctx.options.budget_ms)
    d = item.delivery
    hints: list[Hint] = []
    # DingTalk saves the URL only when the reply passes its checker: a reply accepted in intent but
    # misshapen (`timestamp` for `timeStamp`, the bare text success, …) fails the URL check (issue 23)
    wrong = (
        [problem for problem in problems(item) if problem.verdict is Verdict.FAIL] if ev.verdict is Verdict.PASS else []
    )
    if wrong:
        ev = evidence(item, Verdict.FAIL, t("check_url_refused_shape", detail=wrong[0].diagnosis))
        hints.append(Hint(wrong[0].diagnosis, wrong[0].fix))
    elif ev.verdict is Verdict.FAIL:
        if accepted(d):
            hints.append(Hint(ev.note or t("too_slow"), t("fix_reply_first")))
        else:
            hints.append(Hint(refusal(d), t("fix_check_url")))
    detail_ok = t("check_url_ok", ms=round(d.elapsed_ms), budget=round(ctx.options.budget_ms))
    return _outcome([ev], detail_ok, ev.note or t("failed"), hints)


async def event_types(ctx: Context) -> CaseOutcome:
    items = []
    for template in pushes.event_templates():
        message = pushes.render(template.name)
        items.append(await ctx.post(pushes.seal(message, ctx.profile), _label(template.name), ascii=message.isascii()))
    evidence = [expect_accepted(item) for item in items]
    refused = [item for item in items if not accepted(item.delivery)]
    hints: list[Hint] = []
    if refused:
        if _counts_characters(items):
            hints.append(Hint(t("diag_counts_characters"), t("fix_count_bytes")))
        hints.append(_refused_hint(items))
    shown = [str(item.label.params.get("name", "")) for item in refused[:6]]
    names = ", ".join(shown) + (f", … (+{len(refused) - len(shown)})" if len(refused) > len(shown) else "")
    return _outcome(
        evidence,
        t("types_ok", total=len(items)),
        t("types_refused", count=len(refused), total=len(items), names=names),
        hints,
    )


def _counts_characters(items: list[Sent]) -> bool:
    """ASCII pushes accepted, and every refused push held non-ASCII text: the length bug's fingerprint."""
    ascii_ok = any(item.meta.get("ascii") and accepted(item.delivery) for item in items)
    refused = [item for item in items if not accepted(item.delivery)]
    return ascii_ok and bool(refused) and all(item.meta.get("ascii") is False for item in refused)


async def signature_param(ctx: Context) -> CaseOutcome:
    message = pushes.ascii_event()
    only_sig = await ctx.post(
        pushes.drop_param(pushes.seal(message, ctx.profile), "msg_signature"), t("push_only_signature")
    )
    only_msg = await ctx.post(
        pushes.drop_param(pushes.seal(pushes.ascii_event(), ctx.profile), "signature"), t("push_only_msg_signature")
    )
    evidence = [expect_accepted(only_sig), expect_accepted(only_msg)]
    hints = []
    if not accepted(only_sig.delivery) and accepted(only_msg.delivery):
        hints.append(Hint(t("diag_reads_msg_signature_only"), t("fix_signature_fallback")))
    elif accepted(only_sig.delivery) and not accepted(only_msg.delivery):
        hints.append(Hint(t("diag_reads_signature_only"), t("fix_signature_fallback")))
    elif not accepted(only_sig.delivery):
        hints.append(_refused_hint([only_sig, only_msg]))
    return _outcome(evidence, t("signature_param_ok"), t("signature_param_bad"), hints)


async def unicode_large(ctx: Context) -> CaseOutcome:
    comment = "bpms_task_change_comment"
    size = pushes.LARGE_BYTES - 600  # the rest of the event fills the 60 KB
    plans = [
        ("chinese", pushes.render(comment), False),
        ("emoji", pushes.render(comment, remark="👍 同意 ✅ 🎉"), False),
        (
            "ascii_large",
            pushes.render(comment, title="Expense claim", remark=pushes.large_text(size, unicode=False)),
            True,
        ),
        ("unicode_large", pushes.render(comment, remark=pushes.large_text(size, unicode=True)), True),
    ]
    items = []
    for kind, message, large in plans:
        label = t("push_" + kind, kb=round(len(message.encode("utf-8")) / 1024, 1))
        request = pushes.seal(message, ctx.profile)
        items.append(await ctx.post(request, label, ascii=message.isascii(), large=large))
    evidence = [expect_accepted(item) for item in items]
    refused = [item for item in items if not accepted(item.delivery)]
    hints = []
    if refused:
        if _counts_characters(items):
            hints.append(Hint(t("diag_counts_characters"), t("fix_count_bytes")))
        elif all(item.meta["large"] for item in refused):
            status = refused[0].delivery.status
            hints.append(Hint(t("diag_body_limit", status=status if status is not None else "—"), t("fix_body_limit")))
        else:
            hints.append(_refused_hint(items))
    return _outcome(evidence, t("unicode_ok"), t("unicode_bad", count=len(refused), total=len(items)), hints)


async def padding_32(ctx: Context) -> CaseOutcome:
    """A control push padded with 16 bytes, then one push for each pad value 17..32."""
    items = []
    for pad in range(16, 33):
        request = pushes.seal(pushes.ascii_event(), ctx.profile, pad=pad)
        items.append(await ctx.post(request, t("push_pad", pad=pad), pad=pad))
    evidence = [expect_accepted(item) for item in items]
    control, large = items[0], items[1:]
    refused = [int(item.meta["pad"]) for item in large if not accepted(item.delivery)]
    hints = []
    if refused or not accepted(control.delivery):
        if accepted(control.delivery) and len(refused) == len(large):
            hints.append(Hint(t("diag_unpad16"), t("fix_unpad32")))
        else:
            hints.append(_refused_hint(items))
    pads = ", ".join(str(int(item.meta["pad"])) for item in items if not accepted(item.delivery))
    return _outcome(evidence, t("padding_ok"), t("padding_bad", pads=pads), hints)


async def duplicate(ctx: Context) -> CaseOutcome:
    event_id = secrets.token_hex(16)
    message = pushes.ascii_event(event_id)
    first = await ctx.post(pushes.seal(message, ctx.profile), t("push_delivery", number=1, event_id=event_id))
    second = await ctx.post(pushes.seal(message, ctx.profile), t("push_delivery", number=2, event_id=event_id))
    evidence = [expect_accepted(first), expect_accepted(second)]
    hints = []
    if accepted(first.delivery) and not accepted(second.delivery):
        hints.append(Hint(t("diag_refuses_duplicate", reason=refusal(second.delivery)), t("fix_duplicate")))
    elif not accepted(first.delivery):
        hints.append(_refused_hint([first, second]))
    return _outcome(evidence, t("duplicate_ok"), t("duplicate_bad"), hints)


async def retry_after_failure(ctx: Context) -> CaseOutcome:
    """Attempt 1 is taken as failed (its reply lost or late, as DingTalk sees it); the same event is
    then redelivered after 10 s and 30 s, scaled by `retry_scale`."""
    event_id = secrets.token_hex(16)
    message = pushes.ascii_event(event_id)
    items = [await ctx.post(pushes.seal(message, ctx.profile), t("push_attempt_first", event_id=event_id))]
    waited = 0.0
    for attempt, delay in enumerate(RETRY_DELAYS, start=2):
        pause = delay * ctx.options.retry_scale
        await ctx.wait(pause)
        waited += pause
        label = t("push_attempt_retry", attempt=attempt, dingtalk=round(delay), waited=round(pause, 2))
        items.append(await ctx.post(pushes.seal(message, ctx.profile), label))
    first, retries = items[0], items[1:]
    evidence = [expect_accepted(first)] + [expect_accepted(item) for item in retries]
    if not accepted(first.delivery):  # what DingTalk judges here is the redelivery; attempt 1 is context
        evidence[0].verdict = Verdict.PASS
        evidence[0].note = t("attempt_one_failed", reason=refusal(first.delivery))
    refused = [item for item in retries if not accepted(item.delivery)]
    hints = []
    if refused:
        diagnosis = "diag_refuses_redelivery" if accepted(first.delivery) else "diag_refuses_all"
        hints.append(Hint(t(diagnosis, reason=refusal(refused[0].delivery)), t("fix_duplicate")))
    outcome = _outcome(evidence, t("retry_ok", count=len(retries)), t("retry_bad", count=len(refused)), hints)
    outcome.metrics = {"scale": ctx.options.retry_scale, "waited_s": round(waited, 3)}
    return outcome


async def burst(ctx: Context) -> CaseOutcome:
    n = ctx.options.burst
    budget = ctx.options.budget_ms
    plan: list[tuple[HttpRequest, Text, dict[str, object]]] = [
        (pushes.seal(pushes.ascii_event(), ctx.profile), t("push_burst", number=i + 1, total=n), {}) for i in range(n)
    ]
    items = await ctx.post_all(plan)
    evidence = [expect_accepted(item, budget) for item in items]
    times = [item.delivery.elapsed_ms for item in items if item.delivery.status is not None]
    refused = sum(not accepted(item.delivery) for item in items)
    slow = sum(accepted(item.delivery) and over_budget(item.delivery, budget) for item in items)
    p50 = round(percentile(times, 50)) if times else None
    p99 = round(percentile(times, 99)) if times else None
    metrics = {"n": n, "p50_ms": p50, "p99_ms": p99, "max_ms": round(max(times)) if times else None}
    hints = []
    if slow:
        hints.append(Hint(t("diag_burst_slow", slow=slow, n=n, budget=round(budget)), t("fix_reply_first")))
    if refused:
        first = next(item for item in items if not accepted(item.delivery))
        kind = "diag_burst_no_reply" if answer_of(first.delivery) is Answer.NO_REPLY else "diag_burst_refused"
        hints.append(Hint(t(kind, count=refused, n=n, reason=refusal(first.delivery)), t("fix_burst")))
    stats = {"n": n, "p50": p50 if p50 is not None else "—", "p99": p99 if p99 is not None else "—"}
    outcome = _outcome(
        evidence,
        t("burst_ok", budget=round(budget), **stats),
        t("burst_bad", refused=refused, slow=slow, budget=round(budget), **stats),
        hints,
    )
    outcome.metrics = metrics
    return outcome
