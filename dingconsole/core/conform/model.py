"""What a conformance run produces: per case a verdict, a one-line detail, hints, and the evidence.

Every sentence is a `Text` — a message code and its parameters — rendered in English or Chinese by
`messages.render`, so the CLI, the JSON/JUnit/HTML reports and the window all say the same thing in
the reader's language. Parameters may hold text from the user's handler: it stays data here and is
escaped by whoever prints it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from dingconsole.core.conform.messages import plain, render


class Verdict(enum.StrEnum):
    PASS = "pass"
    FAIL = "fail"
    WARN = "warn"

    @property
    def rank(self) -> int:
        """fail > warn > pass, for 'the worst of these'."""
        return {Verdict.PASS: 0, Verdict.WARN: 1, Verdict.FAIL: 2}[self]


def worst(verdicts: list[Verdict], default: Verdict = Verdict.PASS) -> Verdict:
    return max(verdicts, key=lambda v: v.rank, default=default)


@dataclass(frozen=True)
class Text:
    """A sentence as a message code plus parameters (see messages.MESSAGES)."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, lang: str = "en") -> str:
        return render(self.code, self.params, lang)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": plain(self.params)}


def t(code: str, **params: Any) -> Text:
    return Text(code, params)


@dataclass(frozen=True)
class Hint:
    """What is wrong (diagnosis) and what to change (fix)."""

    diagnosis: Text
    fix: Text | None = None

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "diagnosis": self.diagnosis.render(lang),
            "fix": self.fix.render(lang) if self.fix else "",
            "code": self.diagnosis.code,
            "params": plain(self.diagnosis.params),
        }


@dataclass
class Evidence:
    """One push and its reply (or one observation across replies), judged."""

    label: Text
    verdict: Verdict
    status: int | None = None
    elapsed_ms: float | None = None
    reply: str = ""  # the reply body as text, cut to REPLY_EXCERPT characters
    note: Text | None = None  # why this evidence has its verdict
    content_type: str = ""
    location: str = ""
    steps: list[dict[str, Any]] = field(default_factory=list)  # check_reply steps that did not pass
    request: dict[str, Any] = field(default_factory=dict)  # what was sent: query, message size, padding
    expected: str = ""  # the correct reply (JSON), when the reply's format was wrong

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "label": self.label.render(lang),
            "status": self.verdict.value,
            "http_status": self.status,
            "elapsed_ms": None if self.elapsed_ms is None else round(self.elapsed_ms, 1),
            "reply": self.reply,
            "content_type": self.content_type,
            "location": self.location,
            "note": self.note.render(lang) if self.note else "",
            "steps": list(self.steps),
            "request": dict(self.request),
            "expected": self.expected,
        }


@dataclass(frozen=True)
class CaseSpec:
    """A case as data: a stable id and, in both languages, a title, what DingTalk does, what a handler answers."""

    id: str
    title: dict[str, str]
    dingtalk: dict[str, str]
    expects: dict[str, str]

    def text(self, part: str, lang: str = "en") -> str:
        table: dict[str, str] = getattr(self, part)
        return table.get(lang) or table["en"]


@dataclass
class CaseOutcome:
    """What a case's code returns; the runner adds the spec and the time taken."""

    verdict: Verdict
    detail: Text
    hints: list[Hint] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)


@dataclass
class CaseResult:
    spec: CaseSpec
    verdict: Verdict
    detail: Text
    hints: list[Hint] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)
    duration_ms: float = 0.0

    @property
    def id(self) -> str:
        return self.spec.id

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "id": self.spec.id,
            "status": self.verdict.value,
            "title": self.spec.text("title", lang),
            "detail": self.detail.render(lang),
            "hints": [hint.to_dict(lang) for hint in self.hints],
            "evidence": [item.to_dict(lang) for item in self.evidence],
            "metrics": dict(self.metrics),
            "duration_ms": round(self.duration_ms, 1),
            "dingtalk": self.spec.text("dingtalk", lang),
            "expects": self.spec.text("expects", lang),
        }


@dataclass
class RunResult:
    url: str
    profile: str
    cases: list[CaseResult] = field(default_factory=list)
    requests: int = 0
    duration_ms: float = 0.0
    cancelled: bool = False

    def count(self, verdict: Verdict) -> int:
        return sum(case.verdict is verdict for case in self.cases)

    @property
    def ok(self) -> bool:
        """True when no case failed (warnings allowed) and the run was not cancelled."""
        return not self.cancelled and self.count(Verdict.FAIL) == 0

    def summary(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "profile": self.profile,
            "total": len(self.cases),
            "passed": self.count(Verdict.PASS),
            "failed": self.count(Verdict.FAIL),
            "warned": self.count(Verdict.WARN),
            "requests": self.requests,
            "duration_ms": round(self.duration_ms, 1),
            "cancelled": self.cancelled,
            "ok": self.ok,
        }

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {"cases": [case.to_dict(lang) for case in self.cases], "summary": self.summary()}
