"""One cause the diagnosis can name (see causes.py for the table and why it is one table)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dingconsole.core.diagnose.report import Status

PREVIEW_BYTES = 2048  # how much of a non-JSON reply body is shown
ISV_DEMO = "open-dingtalk openapi-demo-java CreateSuiteReceiveServlet"


@dataclass(frozen=True)
class Cause:
    code: str
    step: str
    symptom: str  # what the user sees elsewhere (DingTalk's console, their own code)
    cause: str  # what is really wrong
    says: str  # the console's detail line: a str.format template over the step's params
    hint: str  # what to do: a template too
    status: Status = Status.FAILED
    example: dict[str, Any] = field(default_factory=dict)  # params that render the README's row
