"""Run the conformance cases against a handler's URL, one after another, each within its time limit.

`run()` is synchronous and owns its event loop, so the CLI and a GUI worker thread can call it;
`started` and `finished` are called on that thread as each case begins and ends (the window turns
them into queued signals). A cancel event stops the run between pushes.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable, Sequence

from dingconsole.core.conform import forgery, inspect, probes
from dingconsole.core.conform.cases import select
from dingconsole.core.conform.context import Cancelled, Context, Options, RequestLimit, Unreachable
from dingconsole.core.conform.judge import accepted, evidence, over_budget, refusal
from dingconsole.core.conform.model import CaseOutcome, CaseResult, CaseSpec, Hint, RunResult, Verdict, t
from dingconsole.core.conform.safety import check_target
from dingconsole.core.errors import DingError
from dingconsole.core.profiles import Profile
from dingconsole.core.send.sender import RETRY_DELAYS

Check = Callable[[Context], Awaitable[CaseOutcome]]
Started = Callable[[CaseSpec], None]
Finished = Callable[[CaseResult], None]

CHECKS: dict[str, Check] = {
    "check_url": probes.check_url,
    "event_types": probes.event_types,
    "signature_param": probes.signature_param,
    "unicode_large": probes.unicode_large,
    "padding_32": probes.padding_32,
    "duplicate": probes.duplicate,
    "retry_after_failure": probes.retry_after_failure,
    "burst": probes.burst,
    "forged_signature": forgery.forged_signature,
    "wrong_owner_key": forgery.wrong_owner_key,
    "tampered_ciphertext": forgery.tampered_ciphertext,
    "reply_format": inspect.reply_format,
    "redirect": inspect.redirect,
}


def _time_limit(spec: CaseSpec, options: Options) -> float:
    if spec.id == "retry_after_failure":
        return options.case_time_limit + sum(RETRY_DELAYS) * options.retry_scale
    return options.case_time_limit


def _stopped(ctx: Context, spec: CaseSpec, detail_code: str, **params: object) -> CaseOutcome:
    """A failed outcome for a case cut short, with the evidence of what it had sent."""
    rows = [
        evidence(item, Verdict.PASS if accepted(item.delivery) else Verdict.FAIL, refusal(item.delivery))
        for item in ctx.of_case(spec.id)
    ]
    detail = t(detail_code, **params)
    hints = [Hint(detail, t("fix_start_handler"))] if detail_code == "not_run_unreachable" else []
    slow = [
        item.delivery.elapsed_ms for item in ctx.of_case(spec.id) if over_budget(item.delivery, ctx.options.budget_ms)
    ]
    if detail_code == "case_time_limit" and slow:  # the likely reason the case ran out of time
        hints.append(Hint(t("diag_slow_replies", count=len(slow), ms=round(max(slow))), t("fix_reply_first")))
    return CaseOutcome(Verdict.FAIL, detail, hints, rows)


async def run_async(
    url: str,
    profile: Profile,
    *,
    options: Options | None = None,
    only: str | Sequence[str] | None = None,
    started: Started | None = None,
    finished: Finished | None = None,
    cancel: threading.Event | None = None,
) -> RunResult:
    """The coroutine behind `run`, for callers that already have an event loop."""
    opts = options or Options()
    opts.check()
    target = check_target(url)
    profile.crypto()  # a bad aesKey fails here, before any push
    specs = select(list(only) if only is not None and not isinstance(only, str) else only)
    ctx = Context(target, profile, opts, cancel)
    result = RunResult(target, profile.name)
    clock = time.perf_counter()
    for spec in specs:
        if started is not None:
            started(spec)
        ctx.case = spec.id
        began = time.perf_counter()
        try:
            ctx.ready()
            async with asyncio.timeout(_time_limit(spec, opts)):
                outcome = await CHECKS[spec.id](ctx)
        except TimeoutError:
            outcome = _stopped(ctx, spec, "case_time_limit", seconds=round(_time_limit(spec, opts), 1))
        except Unreachable:
            outcome = _stopped(ctx, spec, "not_run_unreachable", url=target)
        except RequestLimit:
            outcome = _stopped(ctx, spec, "request_limit", limit=opts.max_requests)
        except Cancelled:
            result.cancelled = True
            break
        except DingError as exc:
            outcome = _stopped(ctx, spec, "case_error", error=exc.message)
        case = CaseResult(
            spec,
            outcome.verdict,
            outcome.detail,
            outcome.hints,
            outcome.evidence,
            outcome.metrics,
            (time.perf_counter() - began) * 1000.0,
        )
        result.cases.append(case)
        if finished is not None:
            finished(case)
    result.requests = ctx.requests
    result.duration_ms = (time.perf_counter() - clock) * 1000.0
    return result


def run(
    url: str,
    profile: Profile,
    *,
    options: Options | None = None,
    only: str | Sequence[str] | None = None,
    started: Started | None = None,
    finished: Finished | None = None,
    cancel: threading.Event | None = None,
) -> RunResult:
    """Run the suite on a fresh event loop (call it from a thread that has none); every case's result."""
    return asyncio.run(
        run_async(url, profile, options=options, only=only, started=started, finished=finished, cancel=cancel)
    )
