"""The HTTP-mode robot callback signature (docs/PROTOCOL.md §4, "HTTP-mode robots").

DingTalk POSTs a robot message as plain JSON with two headers: `timestamp` (ms) and
`sign` = Base64(HmacSHA256(key = AppSecret, message = timestamp + "\\n" + AppSecret)). A receiver must
refuse a wrong sign and a timestamp more than an hour from its own clock. `check` returns what is
wrong as a stable code with parameters; the diagnosis stays in the console (a listener answers a
stranger generically, docs/PROTOCOL.md §6).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass, field
from typing import Any

from dingconsole.core import untrusted

MAX_SKEW_MS = 3_600_000  # DingTalk's documented limit: one hour either way
# what every robot message carries; not `senderStaffId`, which DingTalk fills in for internal members only
REQUIRED_FIELDS = ("msgtype", "conversationId")
SIGNED_CODES = frozenset({"robot_ok", "robot_bad_body"})  # the verdicts `check` reaches past the sign


def robot_sign(app_secret: str, timestamp: str) -> str:
    """Base64(HmacSHA256(key=AppSecret, timestamp + "\\n" + AppSecret))."""
    digest = hmac.new(app_secret.encode("utf-8"), f"{timestamp}\n{app_secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def robot_headers(app_secret: str, timestamp_ms: int | None = None) -> dict[str, str]:
    """The two headers DingTalk puts on a robot callback, for the bridge and `send`."""
    stamp = str(timestamp_ms if timestamp_ms is not None else int(time.time() * 1000))
    return {"timestamp": stamp, "sign": robot_sign(app_secret, stamp)}


@dataclass
class RobotCheck:
    """The verdict on one HTTP robot callback: ok, or the first problem as code + params."""

    ok: bool
    code: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    message: dict[str, Any] | None = None

    @property
    def signed(self) -> bool:
        """The sign verified (a bad body after it still needed the AppSecret)."""
        return self.code in SIGNED_CODES

    @property
    def text(self) -> str:
        """An English one-liner for CLI and stored rows; the GUI renders `code` + `params` itself."""
        templates = {
            "robot_missing_headers": "robot callback without `timestamp` and `sign` headers",
            "robot_no_secret": "robot callback, but the profile has no AppSecret to verify it with",
            "robot_bad_timestamp": "robot `timestamp` header {timestamp!r} is not milliseconds",
            "robot_stale_timestamp": "robot timestamp is {skew_s} s away from this clock (limit 3600 s)",
            "robot_bad_sign": "robot `sign` does not match the profile's AppSecret (wrong secret?)",
            "robot_bad_body": "robot body is not a JSON message: {reason}",
            "robot_ok": "robot callback signed with the profile's AppSecret",
        }
        return templates.get(self.code, self.code).format(**self.params)


def is_robot_request(headers: dict[str, str]) -> bool:
    """A request shaped like an HTTP robot callback (both headers, any case)."""
    names = {name.lower() for name in headers}
    return "sign" in names and "timestamp" in names


def _header(headers: dict[str, str], name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name:
            return value.strip()
    return ""


def check(headers: dict[str, str], body: bytes, app_secret: str, now_ms: int | None = None) -> RobotCheck:
    """Verify an HTTP robot callback against one AppSecret: headers, clock skew, sign, body."""
    stamp, received = _header(headers, "timestamp"), _header(headers, "sign")
    if not stamp or not received:
        return RobotCheck(False, "robot_missing_headers")
    if not app_secret:
        return RobotCheck(False, "robot_no_secret")
    if not (stamp.isascii() and stamp.isdigit() and len(stamp) <= 19):  # int() takes '²' and '０', not 5,000 digits
        return RobotCheck(False, "robot_bad_timestamp", {"timestamp": stamp[:40]})
    now = now_ms if now_ms is not None else int(time.time() * 1000)
    skew = abs(now - int(stamp))
    if skew > MAX_SKEW_MS:
        return RobotCheck(False, "robot_stale_timestamp", {"skew_s": skew // 1000})
    if not hmac.compare_digest(robot_sign(app_secret, stamp).encode(), received.encode("utf-8", "replace")):
        return RobotCheck(False, "robot_bad_sign")
    try:
        message = untrusted.loads(body)
    except json.JSONDecodeError as exc:
        return RobotCheck(False, "robot_bad_body", {"reason": f"not JSON ({exc.msg})"})
    except ValueError as exc:  # not UTF-8 text, or nested too deep
        return RobotCheck(False, "robot_bad_body", {"reason": f"not JSON ({str(exc)[:80]})"})
    if not isinstance(message, dict):
        return RobotCheck(False, "robot_bad_body", {"reason": "not a JSON object"})
    missing = [name for name in REQUIRED_FIELDS if name not in message]
    if missing:
        return RobotCheck(False, "robot_bad_body", {"reason": "missing " + ", ".join(missing)}, message)
    return RobotCheck(True, "robot_ok", {}, message)
