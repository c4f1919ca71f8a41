"""Play DingTalk against a callback URL: seal an event, POST it as DingTalk does, judge the reply.

Patterns for idempotency testing: once, duplicate (the same event twice), burst:N (N concurrent
copies) and retry (DingTalk's schedule: again after 10 s, then after 30 s, while the reply fails).
`send()` is synchronous and runs its own event loop, so a CLI or a GUI worker thread can call it;
`observer` is called (on that thread) with each Delivery as it completes.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

import aiohttp
from yarl import URL

from dingconsole import __version__
from dingconsole.core.crypto import random_nonce
from dingconsole.core.diagnose import Report, Status, Step, check_reply
from dingconsole.core.errors import DingError
from dingconsole.core.exchange import HttpRequest
from dingconsole.core.profiles import Profile

BUDGET_MS = 1500.0
DEFAULT_TIMEOUT = 5.0
RETRY_DELAYS = (10.0, 30.0)  # docs/PROTOCOL.md §1: again after 10 s, then after another 30 s
MAX_BURST = 1000
# DingTalk's reply is a few hundred bytes; read no more than this of any reply (a hostile or broken
# handler could stream gigabytes, and a conformance run keeps every reply it saw)
MAX_REPLY_BYTES = 64 * 1024
USER_AGENT = f"DingConsole/{__version__} (DingTalk callback simulator)"
# headers of a captured request that describe its old connection, not the push itself
_HOP_HEADERS = frozenset(
    {"host", "content-length", "connection", "transfer-encoding", "keep-alive", "accept-encoding", "expect"}
)

Observer = Callable[["Delivery"], None]


class SendError(DingError):
    code = "send_error"


@dataclass(frozen=True)
class Pattern:
    kind: str  # once | duplicate | burst | retry
    count: int = 1

    @classmethod
    def parse(cls, text: str) -> Pattern:
        """'once', 'duplicate', 'retry' or 'burst:N' (N concurrent copies, 1..1000)."""
        value = text.strip().lower()
        if value in ("once", "duplicate", "retry"):
            return cls(value, 2 if value == "duplicate" else 1)
        if value.startswith("burst"):
            _, _, number = value.partition(":")
            try:
                count = int(number) if number else 10
            except ValueError:
                count = 0
            if 1 <= count <= MAX_BURST:
                return cls("burst", count)
            raise SendError(
                f"burst size {number!r} is not a number from 1 to {MAX_BURST}",
                "Write the pattern as burst:N, for example burst:20.",
            )
        raise SendError(
            f"unknown pattern {text!r}",
            "Use once, duplicate, burst:N or retry.",
        )

    def __str__(self) -> str:
        return f"burst:{self.count}" if self.kind == "burst" else self.kind


@dataclass
class Delivery:
    """One POST and what came back. `report` is DingTalk's judgement of the reply (check_reply), or a
    one-step failure report when no reply came (`error` says why: unreachable, timeout, redirect)."""

    index: int
    status: int | None
    elapsed_ms: float
    reply_body: bytes
    report: Report
    error: str | None
    request: HttpRequest
    url: str = ""
    attempt: int = 1
    started_at: float = 0.0
    reply_headers: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None and self.report.ok

    def verdict(self) -> str:
        """One line: what DingTalk would make of this reply."""
        if self.ok:
            return "passed: DingTalk accepts this reply"
        if self.error:
            return self.error
        failure = self.report.first_failure
        return f"{failure.name}: {failure.detail}" if failure else "failed"

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "attempt": self.attempt,
            "url": self.url,
            "status": self.status,
            "elapsed_ms": round(self.elapsed_ms, 1),
            "ok": self.ok,
            "error": self.error,
            "verdict": self.verdict(),
            "reply_body": self.reply_body.decode("utf-8", "replace"),
            "report": self.report.to_dict(),
            "request": {
                "method": self.request.method,
                "path": self.request.path,
                "query": dict(self.request.query),
                "headers": dict(self.request.headers),
                "body": self.request.body_text(),
            },
        }


def seal_push(
    message: str,
    profile: Profile,
    *,
    timestamp: str | None = None,
    nonce: str | None = None,
    path: str = "/",
) -> HttpRequest:
    """The push DingTalk would send for `message`: query with signature AND msg_signature (same value),
    timestamp in ms, an 8-character nonce, and the JSON body {"encrypt": ...}."""
    ts = timestamp if timestamp is not None else str(int(time.time() * 1000))
    nc = nonce if nonce is not None else random_nonce(8)
    sealed = profile.crypto().seal(message, timestamp=ts, nonce=nc)
    body = ('{"encrypt":"' + sealed["encrypt"] + '"}').encode("ascii")
    query = {
        "signature": sealed["msg_signature"],
        "msg_signature": sealed["msg_signature"],
        "timestamp": ts,
        "nonce": nc,
    }
    headers = {"Content-Type": "application/json; charset=utf-8"}
    return HttpRequest("POST", path, query, headers, body)


def target_url(url: str, request: HttpRequest) -> str:
    """The callback URL with the request's query appended (keeping any query the URL already has)."""
    if not request.query:
        return url
    parts = urlsplit(url)
    base = url.split("#", 1)[0]
    return f"{base}{'&' if parts.query else '?'}{urlencode(request.query)}"


def _check_url(url: str) -> None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - parses the port: "Port out of range" must surface here, not mid-send
    except ValueError as exc:
        raise SendError(
            f"{url!r} is not a valid URL: {exc}",
            "Give the full callback URL, for example http://127.0.0.1:8080/api/callback.",
            url=url,
        ) from None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SendError(
            f"{url!r} is not an http(s) URL",
            "Give the full callback URL, for example http://127.0.0.1:8080/api/callback.",
            url=url,
        )


def _failure_report(name: str, detail: str, hint: str, code: str) -> Report:
    return Report("reply", [Step(name, Status.FAILED, detail, hint, code)])


class _Sender:
    """One run of a pattern: a session, a profile, and how each POST is made and judged."""

    def __init__(
        self,
        url: str,
        source: str | HttpRequest,
        profile: Profile,
        *,
        timeout: float,
        budget_ms: float,
        observer: Observer | None,
    ) -> None:
        self.url = url
        self.source = source
        self.profile = profile
        self.timeout = timeout
        self.budget_ms = budget_ms
        self.observer = observer
        self.path = urlsplit(url).path or "/"

    def request(self) -> HttpRequest:
        """A fresh seal for a message (new timestamp, nonce, random bytes), or the captured bytes as they are."""
        if isinstance(self.source, HttpRequest):
            return self.source
        return seal_push(self.source, self.profile, path=self.path)

    def _headers(self, request: HttpRequest) -> dict[str, str]:
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP_HEADERS}
        if not any(k.lower() == "content-type" for k in headers):
            headers["Content-Type"] = "application/json; charset=utf-8"
        if not any(k.lower() == "user-agent" for k in headers):
            headers["User-Agent"] = USER_AGENT
        return headers

    async def post(self, session: aiohttp.ClientSession, index: int, attempt: int = 1) -> Delivery:
        request = self.request()
        full = target_url(self.url, request)
        started = time.time()
        clock = time.perf_counter()
        status: int | None = None
        body = b""
        cut = False
        reply_headers: dict[str, str] = {}
        error: str | None = None
        try:
            async with session.request(
                request.method,
                URL(full, encoded=True),
                data=request.body,
                headers=self._headers(request),
                allow_redirects=False,
                timeout=aiohttp.ClientTimeout(total=self.timeout),
            ) as response:
                status = response.status
                reply_headers = {k: v for k, v in response.headers.items()}
                body, cut = await _read_capped(response)
        except TimeoutError:
            error = f"no reply within {self.timeout:g} s (timeout)"
            report = _failure_report(
                "timeout",
                error,
                f"DingTalk gives up after {BUDGET_MS:g} ms; the handler must answer well within that.",
                "timeout",
            )
        except aiohttp.ClientConnectorError as exc:
            reason = "connection refused" if isinstance(exc.os_error, ConnectionRefusedError) else str(exc.os_error)
            error = f"cannot connect to {exc.host}:{exc.port}: {reason}"
            report = _failure_report(
                "connect",
                error,
                "Start the handler, check the host and port; DingTalk reports this as 71012 url地址访问异常.",
                "unreachable",
            )
        except aiohttp.ClientError as exc:
            error = f"HTTP error: {type(exc).__name__}: {exc}"
            report = _failure_report(
                "connect", error, "The handler closed the connection or answered something that is not HTTP.", "http"
            )
        elapsed = (time.perf_counter() - clock) * 1000.0
        if status is not None:
            report = check_reply(
                status,
                body,
                self.profile,
                elapsed_ms=elapsed,
                budget_ms=self.budget_ms,
                request=request,  # names a reply signed over the request; an ISV check expects its Random
                headers=reply_headers,
            )
            if 300 <= status < 400:
                location = reply_headers.get("Location", "")
                error = f"redirected ({status}) to {location or 'nowhere'}: DingTalk does not follow redirects"
            elif cut:
                error = f"the reply is larger than {MAX_REPLY_BYTES // 1024} KiB (only that much was read)"
        delivery = Delivery(
            index=index,
            status=status,
            elapsed_ms=elapsed,
            reply_body=body,
            report=report,
            error=error,
            request=request,
            url=full,
            attempt=attempt,
            started_at=started,
            reply_headers=reply_headers,
        )
        if self.observer is not None:
            self.observer(delivery)
        return delivery


async def _read_capped(response: aiohttp.ClientResponse) -> tuple[bytes, bool]:
    """At most MAX_REPLY_BYTES of the reply body, and whether there was more."""
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_REPLY_BYTES:
        chunk = await response.content.read(MAX_REPLY_BYTES + 1 - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)[:MAX_REPLY_BYTES], size > MAX_REPLY_BYTES


async def _wait(seconds: float, cancel: threading.Event | None) -> bool:
    """Sleep, waking early when `cancel` is set; True when cancelled."""
    deadline = time.monotonic() + seconds
    while True:
        if cancel is not None and cancel.is_set():
            return True
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        await asyncio.sleep(min(remaining, 0.05))


async def send_async(
    url: str,
    message_or_request: str | HttpRequest,
    profile: Profile,
    pattern: str | Pattern = "once",
    *,
    timeout: float = DEFAULT_TIMEOUT,
    budget_ms: float = BUDGET_MS,
    delay_scale: float = 1.0,
    retry_delays: Sequence[float] = RETRY_DELAYS,
    observer: Observer | None = None,
    cancel: threading.Event | None = None,
) -> list[Delivery]:
    """The coroutine behind `send`, for callers that already run an event loop."""
    _check_url(url)
    plan = pattern if isinstance(pattern, Pattern) else Pattern.parse(pattern)
    if delay_scale < 0:
        raise SendError("delay scale must not be negative", "Use 1 for DingTalk's real 10 s / 30 s schedule.")
    sender = _Sender(url, message_or_request, profile, timeout=timeout, budget_ms=budget_ms, observer=observer)
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    async with aiohttp.ClientSession(connector=connector, auto_decompress=False) as session:
        if plan.kind == "burst":
            return list(await asyncio.gather(*(sender.post(session, i + 1) for i in range(plan.count))))
        if plan.kind == "retry":
            deliveries = [await sender.post(session, 1, attempt=1)]
            for attempt, delay in enumerate(retry_delays, start=2):
                if deliveries[-1].ok or await _wait(delay * delay_scale, cancel):
                    break
                deliveries.append(await sender.post(session, attempt, attempt=attempt))
            return deliveries
        deliveries = []
        for index in range(plan.count):
            if cancel is not None and cancel.is_set():
                break
            deliveries.append(await sender.post(session, index + 1))
        return deliveries


def send(
    url: str,
    message_or_request: str | HttpRequest,
    profile: Profile,
    pattern: str | Pattern = "once",
    **options: Any,
) -> list[Delivery]:
    """Send `message_or_request` to `url` with `pattern` and return every Delivery, in order.

    A str is a plaintext message, sealed afresh for each POST with `profile` (re-seal mode); an
    HttpRequest is sent byte for byte (replay-exact mode) and `profile` only judges the reply.
    Options: timeout (s, total per POST), budget_ms, delay_scale (retry waits), observer, cancel.
    Runs its own event loop: call it from a thread that has none running (CLI, GUI worker).
    """
    return asyncio.run(send_async(url, message_or_request, profile, pattern, **options))


def replay_request(exchange_request: HttpRequest) -> HttpRequest:
    """A captured request ready for replay_exact: the same method, query, body and headers."""
    return HttpRequest(
        exchange_request.method,
        exchange_request.path,
        dict(exchange_request.query),
        dict(exchange_request.headers),
        bytes(exchange_request.body),
    )
