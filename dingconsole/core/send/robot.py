"""Deliver a robot message the way DingTalk's HTTP-mode robot does (docs/PROTOCOL.md §4, "HTTP-mode robots").

DingTalk POSTs the message JSON as it is — not encrypted — with a `timestamp` (ms) header and
`sign` = Base64(HmacSHA256(key=AppSecret, timestamp + "\\n" + AppSecret)). The robot's endpoint
accepts it with any HTTP 200; a JSON body in the reply (`{"msgtype": "text", …}`) is a message
DingTalk posts back into the conversation. Used by `send --robot` and the Stream → HTTP bridge.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from dingconsole.core import untrusted
from dingconsole.core.crypto.robot_sign import robot_headers
from dingconsole.core.send.sender import DEFAULT_TIMEOUT, _check_url


@dataclass
class RobotDelivery:
    url: str
    status: int | None
    elapsed_ms: float
    reply_body: bytes = b""
    error: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None and self.status == 200

    def reply_json(self) -> Any:
        try:
            return untrusted.loads(self.reply_body) if self.reply_body else None
        except ValueError:
            return None

    def verdict(self) -> str:
        if self.error:
            return self.error
        if self.ok:
            return "passed: DingTalk's robot accepts any HTTP 200"
        return f"DingTalk's robot counts HTTP {self.status} as a failure (it expects 200)"

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "status": self.status,
            "elapsed_ms": round(self.elapsed_ms, 1),
            "ok": self.ok,
            "error": self.error,
            "verdict": self.verdict(),
            "request_headers": self.headers,
            "reply": self.reply_body.decode("utf-8", "replace"),
        }


async def post_robot(
    url: str, body: bytes, app_secret: str, *, timeout: float = DEFAULT_TIMEOUT, timestamp_ms: int | None = None
) -> RobotDelivery:
    """One POST as the HTTP-mode robot; never raises for network trouble (it is the delivery's `error`)."""
    _check_url(url)
    headers = {"Content-Type": "application/json; charset=utf-8", **robot_headers(app_secret, timestamp_ms)}
    started = time.perf_counter()
    target = url.split("?", 1)[0]
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session:
            async with session.post(url, data=body, headers=headers, allow_redirects=False) as reply:
                data = await reply.read()
                status = reply.status
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        elapsed = (time.perf_counter() - started) * 1000
        error = f"robot handler at {target} unreachable: {exc or type(exc).__name__}"
        return RobotDelivery(url, None, elapsed, error=error, headers=headers)
    return RobotDelivery(url, status, (time.perf_counter() - started) * 1000, data, headers=headers)


def as_robot_message(message: str) -> str:
    """The message as the robot sends it: templates name their type in `EventType`, a robot message has none."""
    try:
        payload = untrusted.loads(message)
    except ValueError:
        return message
    if not isinstance(payload, dict) or payload.get("EventType") != "robot_message":
        return message
    del payload["EventType"]
    return json.dumps(payload, ensure_ascii=False)


def send_robot(url: str, message: str, app_secret: str, *, timeout: float = DEFAULT_TIMEOUT) -> RobotDelivery:
    """Synchronous `post_robot` of a message (JSON text) with its own event loop (the CLI)."""
    return asyncio.run(post_robot(url, message.encode("utf-8"), app_secret, timeout=timeout))
