"""The records every part shares: an HTTP request as seen on the wire, and a captured exchange.

The listener fills an Exchange, the store persists it, export/sender read it, the GUI shows it.
"""

from __future__ import annotations

import enum
import json
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlencode

from dingconsole.core import untrusted


def pretty_json(text: str) -> str:
    """`text` indented when it is JSON, unchanged when it is not (or nests too deep to show as a tree)."""
    try:
        return json.dumps(untrusted.loads(text), ensure_ascii=False, indent=2)
    except ValueError:  # not JSON, or JsonTooDeep: shown as it was sent or captured
        return text


class Outcome(enum.StrEnum):
    """How an exchange ended, coarse enough for a coloured icon; `error_code` says the detail."""

    OK = "ok"  # verified, decrypted, answered with the sealed success reply
    FAILED = "failed"  # shaped like a push but failed a protocol step (signature, key, padding, ...)
    INVALID = "invalid"  # not a push at all: wrong method, unknown path, too large, no body
    POLICY = "policy"  # a valid push answered with a deliberate failure (response policy)
    INFO = "info"  # a harmless request: a GET of the human status page


class Transport(enum.StrEnum):
    HTTP = "http"
    STREAM = "stream"
    FAILED_API = "failed_api"
    IMPORT = "import"


@dataclass
class HttpRequest:
    """A request as it travels: method, path, query (first value of each name), headers, raw body."""

    method: str = "POST"
    path: str = "/"
    query: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    def url_path(self) -> str:
        """Path plus the encoded query, as it appeared in the request line."""
        return f"{self.path}?{urlencode(self.query)}" if self.query else self.path

    def body_text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Exchange:
    """One request the console saw and what it answered — the unit of the store and the table."""

    received_at: float
    request: HttpRequest
    remote: str = ""
    transport: Transport = Transport.HTTP
    profile: str | None = None
    outcome: Outcome = Outcome.INVALID
    error_code: str | None = None
    error_message: str | None = None
    diagnosis: dict[str, Any] | None = None  # a diagnose.Report as JSON (Report.to_dict())
    message: str | None = None  # the decrypted plaintext
    event_type: str | None = None
    event_id: str | None = None
    body_truncated: bool = False
    reply_status: int | None = None
    reply_body: bytes = b""
    # the headers our answer carried (Content-Type, Content-Length, Connection…): the Reply tab and HAR show them
    reply_headers: dict[str, str] = field(default_factory=dict)
    handling_ms: float = 0.0
    repeat_of: int | None = None
    # recorded by the listener before any signature verified (a stranger could have sent it: unknown path,
    # bad signature, a status-page GET…): retention keeps these in a small quota of their own, so a flood
    # cannot evict the user's events (core/store/retention.py). Imports, Stream and the rest: False.
    unauthenticated: bool = False
    id: int | None = None

    def message_json(self) -> Any:
        """The decrypted message parsed as JSON, or None when there is none or it is not JSON."""
        if self.message is None:
            return None
        try:
            return untrusted.loads(self.message)
        except ValueError:  # not JSON, or nested deeper than untrusted.MAX_JSON_DEPTH: shown as text
            return None

    @property
    def recovered(self) -> bool:
        """A failed push whose message the diagnosis opened anyway (shown marked so, never as verified)."""
        return (
            self.outcome is not Outcome.OK
            and self.message is not None
            and bool(self.diagnosis)
            and (self.diagnosis or {}).get("message") == self.message
        )

    def adopt_recovered(self) -> bool:
        """Take the message and event type the diagnosis recovered from a failed push, so it is shown,
        searched and counted under its type (issue 23); True when something was taken."""
        found = (self.diagnosis or {}).get("message")
        if self.message is not None or not isinstance(found, str) or self.outcome is Outcome.OK:
            return False
        self.message = found
        kind = (self.diagnosis or {}).get("event_type")
        if self.event_type is None and isinstance(kind, str):
            self.event_type = kind
        return True

    def cause(self) -> tuple[str | None, str]:
        """The diagnosed cause (the diagnosis's first failure: code, English detail), else the error as
        recorded. The listener records a fixed error per failing step; the cause is in the diagnosis."""
        steps = (self.diagnosis or {}).get("steps") or []
        for step in steps:
            if isinstance(step, dict) and step.get("status") == "failed":
                return step.get("code") or self.error_code, str(step.get("detail") or "")
        return self.error_code, self.error_message or ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (bytes as text, enums as values), for `--json`, jsonl export and tests."""
        data = asdict(self)
        data["transport"] = self.transport.value
        data["outcome"] = self.outcome.value
        data["request"]["body"] = self.request.body_text()
        data["reply_body"] = self.reply_body.decode("utf-8", "replace")
        return data
