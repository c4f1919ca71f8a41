"""The suite's connection to the handler: every POST goes through here, bounded and recorded.

Safe by default: sequential pushes are spaced to at most `rate` per second, a run never sends more
than `max_requests`, and a handler that cannot be reached stops the run early instead of being
hammered case after case. Each POST is core.send's: sealed request in, Delivery (status, time,
reply, DingTalk's verdict by check_reply) out. Everything sent is kept, so the reply_format and
redirect cases can inspect every reply seen.
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from dingconsole.core.conform.cases import ConformError
from dingconsole.core.conform.model import Text
from dingconsole.core.exchange import HttpRequest
from dingconsole.core.profiles import Profile
from dingconsole.core.send import sender

MAX_BURST = 200
MAX_REQUESTS_LIMIT = 2000


class RequestLimit(ConformError):
    code = "conform_request_limit"


class Unreachable(ConformError):
    code = "conform_unreachable"


class Cancelled(ConformError):
    code = "conform_cancelled"


@dataclass(frozen=True)
class Options:
    """How hard and how long the suite may push. Defaults are DingTalk's numbers, scaled where noted."""

    burst: int = 20  # pushes sent at once by the burst case
    budget_ms: float = sender.BUDGET_MS  # DingTalk's reply deadline
    timeout: float = sender.DEFAULT_TIMEOUT  # seconds a POST may take before it counts as no reply
    retry_scale: float = 0.01  # DingTalk's 10 s / 30 s redelivery waits, scaled (0.01: 0.1 s / 0.3 s)
    rate: float = 50.0  # sequential pushes per second at most
    case_time_limit: float = 60.0  # seconds one case may take
    max_requests: int = 400  # pushes per run at most

    def check(self) -> None:
        """Raise ConformError for values outside the safe ranges."""
        numbers = {
            "the time budget": self.budget_ms,
            "the timeout": self.timeout,
            "the retry scale": self.retry_scale,
            "the rate": self.rate,
            "the time limit per case": self.case_time_limit,
        }
        endless = [name for name, value in numbers.items() if not math.isfinite(value)]
        if endless:  # nan passes every comparison below, inf overflows the rounding of times
            raise ConformError(", ".join(endless) + " must be a number, not nan or inf", "Leave it at its default.")
        problems = []
        if not 1 <= self.burst <= MAX_BURST:
            problems.append(f"burst must be 1..{MAX_BURST}")
        if self.budget_ms <= 0:
            problems.append("the time budget must be more than 0 ms")
        if self.timeout * 1000 <= self.budget_ms:
            problems.append("the timeout (s) must be longer than the time budget (ms), or slow replies count as none")
        if not 0 <= self.retry_scale <= 1:
            problems.append("the retry scale must be 0..1")
        if not 0 < self.rate <= 1000:
            problems.append("the rate must be more than 0 and at most 1000 per second")
        if self.case_time_limit <= 0:
            problems.append("the time limit per case must be more than 0 s")
        if not 1 <= self.max_requests <= MAX_REQUESTS_LIMIT:
            problems.append(f"the request limit must be 1..{MAX_REQUESTS_LIMIT}")
        if problems:
            raise ConformError("; ".join(problems), "Leave the options at their defaults unless you need otherwise.")


@dataclass
class Sent:
    """One push the suite sent, in which case, and what came back."""

    case: str
    label: Text
    delivery: sender.Delivery
    meta: dict[str, Any] = field(default_factory=dict)


class Context:
    """Posts pushes for the cases of one run (on the run's event loop)."""

    def __init__(self, url: str, profile: Profile, options: Options, cancel: threading.Event | None = None) -> None:
        self.url = url
        self.profile = profile
        self.options = options
        self.cancel = cancel or threading.Event()
        self.sent: list[Sent] = []
        self.case = ""
        self._next_at = 0.0
        self._any_reply = False
        self._no_reply_streak = 0
        self._refused = False

    @property
    def requests(self) -> int:
        return len(self.sent)

    def of_case(self, case_id: str) -> list[Sent]:
        return [item for item in self.sent if item.case == case_id]

    def ready(self) -> None:
        """Raise Cancelled or Unreachable when the next case should not start."""
        self._before(0)

    def _before(self, count: int) -> None:
        if self.cancel.is_set():
            raise Cancelled("the run was cancelled")
        if not self._any_reply and (self._refused or self._no_reply_streak >= 3):
            raise Unreachable(
                f"{self.url} did not answer",
                "Start the handler (and any tunnel in front of it), then run the suite again.",
            )
        if self.requests + count > self.options.max_requests:
            raise RequestLimit(
                f"the run reached its limit of {self.options.max_requests} requests",
                "Raise the limit only for a handler you own and can load.",
            )

    async def _pace(self) -> None:
        """Wait for the next slot of the rate limit (cancellable)."""
        while True:
            now = time.monotonic()
            if now >= self._next_at:
                self._next_at = now + 1.0 / self.options.rate
                return
            if self.cancel.is_set():
                raise Cancelled("the run was cancelled")
            await asyncio.sleep(min(self._next_at - now, 0.05))

    async def _send(self, request: HttpRequest) -> sender.Delivery:
        deliveries = await sender.send_async(
            self.url,
            request,
            self.profile,
            "once",
            timeout=self.options.timeout,
            budget_ms=self.options.budget_ms,
        )
        return deliveries[0]

    def _record(self, label: Text, delivery: sender.Delivery, meta: dict[str, Any]) -> Sent:
        item = Sent(self.case, label, delivery, meta)
        self.sent.append(item)
        if delivery.status is not None:
            self._any_reply = True
            self._no_reply_streak = 0
        else:
            self._no_reply_streak += 1
            failure = delivery.report.first_failure
            self._refused = self._refused or (failure is not None and failure.code == "unreachable")
        return item

    async def post(self, request: HttpRequest, label: Text, **meta: Any) -> Sent:
        """Send one push (paced by the rate limit) and record it."""
        self._before(1)
        await self._pace()
        return self._record(label, await self._send(request), meta)

    async def post_all(self, items: list[tuple[HttpRequest, Text, dict[str, Any]]]) -> list[Sent]:
        """Send all pushes at the same moment (the burst), recorded in the order given."""
        self._before(len(items))
        await self._pace()
        deliveries = await asyncio.gather(*(self._send(request) for request, _, _ in items))
        return [self._record(label, d, meta) for (_, label, meta), d in zip(items, deliveries, strict=True)]

    async def wait(self, seconds: float) -> None:
        """Sleep (DingTalk's retry rhythm), waking for a cancel."""
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0:
            if self.cancel.is_set():
                raise Cancelled("the run was cancelled")
            await asyncio.sleep(min(remaining, 0.05))
