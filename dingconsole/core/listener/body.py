"""Reading a request's body at the listener: the size cap, the slow-client timer, and refusals as Answers.

A body is read whole before anything looks at it, at most MAX_BODY bytes (413 past that, drained up to
DRAIN_LIMIT so the client sees the answer), within BODY_TIMEOUT seconds (408). What is kept of a body
that is refused anyway is capped, so a flood of large bodies cannot fill the disk.
"""

from __future__ import annotations

import asyncio

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from dingconsole.core.exchange import Exchange, Outcome
from dingconsole.core.listener.replies import BAD_HTTP_HINT, INCOMPLETE_HINT

MAX_BODY = 1024 * 1024  # a push body is a few KiB; anything over 1 MiB gets 413
# how much of an oversized (or unauthenticated, failed) body is kept in the store: a few KB (a real push whole;
# two such rows share a 16 KiB page), so a flood of 1 MiB junk fits its small quota (core/store/retention.py)
RECORDED_OVERSIZE = 6 * 1024
DRAIN_LIMIT = 8 * MAX_BODY  # read (and drop) up to this much so the client sees the 413 cleanly
BODY_TIMEOUT = 10.0  # seconds a client may take to send its body


def truncate_body(ex: Exchange, keep: int = RECORDED_OVERSIZE) -> None:
    """Keep only the first `keep` bytes of a refused request's body in the record (marked truncated)."""
    if len(ex.request.body) > keep:
        ex.request.body = ex.request.body[:keep]
        ex.body_truncated = True


class Answer(Exception):
    """Raised inside processing to finish a request with a recorded outcome and a JSON error."""

    def __init__(
        self,
        status: int,
        outcome: Outcome,
        code: str,
        step: str,
        message: str,
        hint: str = "",
        *,
        drop: bool = False,
        body: bytes | None = None,
    ) -> None:
        super().__init__(message)
        self.body = body  # the reply's bytes when they must not carry `message` (the generic 400/403)
        self.status, self.outcome, self.code, self.step, self.message, self.hint = (
            status,
            outcome,
            code,
            step,
            message,
            hint,
        )
        self.drop = drop  # no reply can be sent (the client is gone): record it without one


async def read_body(request: web.BaseRequest, ex: Exchange, *, keep: int = MAX_BODY) -> bytes:
    """Read the body into `ex.request.body`, enforcing the size limit and the slow-client timeout.

    `keep` caps what is recorded of a body that will be refused anyway (marked truncated)."""
    buf = bytearray()
    total = 0
    content = request.content
    try:
        if content.is_eof() and content.exception() is None:
            # The whole body came in with the headers (a push always does): take it, no timer or await.
            chunk = content.read_nowait(-1)
            total = len(chunk)
            buf += chunk[: MAX_BODY + 1]
        else:
            async with asyncio.timeout(BODY_TIMEOUT):
                while total <= DRAIN_LIMIT:
                    chunk = await content.read(65536)
                    if not chunk:
                        break
                    total += len(chunk)
                    if len(buf) <= MAX_BODY:
                        buf += chunk[: MAX_BODY + 1 - len(buf)]
    except HttpProcessingError as exc:  # bad framing (chunk size, Content-Length) found mid-body
        ex.request.body = bytes(buf[:RECORDED_OVERSIZE])
        ex.body_truncated = total > len(ex.request.body)
        raise Answer(400, Outcome.INVALID, "bad_http", "body", exc.message, BAD_HTTP_HINT) from None
    except ConnectionResetError:
        ex.request.body = bytes(buf[:RECORDED_OVERSIZE])
        ex.body_truncated = total > len(ex.request.body)
        raise Answer(
            400,
            Outcome.INVALID,
            "client_disconnected",
            "body",
            f"the client closed the connection after {total} bytes of its body",
            INCOMPLETE_HINT,
            drop=True,
        ) from None
    except TimeoutError:
        ex.request.body = bytes(buf[:RECORDED_OVERSIZE])
        ex.body_truncated = True
        raise Answer(
            408,
            Outcome.INVALID,
            "timeout",
            "body",
            f"the client sent only {total} bytes of its body in {BODY_TIMEOUT:.0f} s",
            "A push body is small and sent at once; a slow or stalled client was cut off.",
        ) from None
    if total > MAX_BODY:
        ex.request.body = bytes(buf[:RECORDED_OVERSIZE])
        ex.body_truncated = True
        raise Answer(
            413,
            Outcome.INVALID,
            "too_large",
            "size",
            f"body is over {MAX_BODY // 1024} KiB",
            "A DingTalk push body is a few KiB; this is not a push.",
        )
    ex.request.body = bytes(buf)
    if len(buf) > keep:
        truncate_body(ex, keep)
    return ex.request.body
