"""The shape of a diagnosis: ordered steps, each passed / failed / skipped with its reason.

Produced by `diagnose`, stored with every exchange (as `to_dict()`), shown by the CLI and the GUI.
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field
from typing import Any


class Status(enum.StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"
    WARNING = "warning"  # a note worth reading that is not why anything fails (never counted as a failure)


@dataclass
class Step:
    """One check. `name` is a stable id (parse, parameters, signature, base64, block_size, padding,
    length, owner_key, json, event_type; for replies: status, fields, ...); `code` is the DingError code
    when it failed, so a GUI can render the hint in the user's language from `params`."""

    name: str
    status: Status
    detail: str = ""
    hint: str = ""
    code: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class LayoutPart:
    """A region of the decrypted plaintext (random | length | message | owner_key | padding)."""

    name: str
    start: int
    end: int
    preview: str = ""


@dataclass
class Report:
    kind: str  # "request" or "reply"
    steps: list[Step] = field(default_factory=list)
    profile: str | None = None  # the profile that fits, when one does
    owner_key: str | None = None  # the key found in the payload, once decryption got that far
    message: str | None = None
    event_type: str | None = None
    layout: list[LayoutPart] = field(default_factory=list)
    correct_reply: dict[str, str] | None = None  # for replies: what the profile would have answered

    @property
    def ok(self) -> bool:
        return bool(self.steps) and all(step.status is not Status.FAILED for step in self.steps)

    @property
    def first_failure(self) -> Step | None:
        return next((step for step in self.steps if step.status is Status.FAILED), None)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for step in data["steps"]:
            step["status"] = Status(step["status"]).value
        data["ok"] = self.ok
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        steps = [Step(**{**s, "status": Status(s["status"])}) for s in data.get("steps", [])]
        layout = [LayoutPart(**part) for part in data.get("layout", [])]
        known = {"kind", "profile", "owner_key", "message", "event_type", "correct_reply"}
        return cls(steps=steps, layout=layout, **{k: v for k, v in data.items() if k in known})
