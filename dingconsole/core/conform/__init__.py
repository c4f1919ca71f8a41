"""A conformance suite for the user's own callback handler: DingTalk's behaviours played case by case.

Cases are data (cases.py); probes, forgery and inspect hold the code of each; the runner runs them
through a bounded context; report.py writes JSON, JUnit XML and HTML.
"""

from __future__ import annotations

from dingconsole.core.conform.cases import CASE_IDS, CASES, ConformError, get_case, select
from dingconsole.core.conform.context import MAX_BURST, Options
from dingconsole.core.conform.messages import render
from dingconsole.core.conform.model import CaseResult, CaseSpec, Evidence, Hint, RunResult, Text, Verdict
from dingconsole.core.conform.runner import run, run_async
from dingconsole.core.conform.safety import check_target, is_loopback

__all__ = [
    "CASES",
    "CASE_IDS",
    "MAX_BURST",
    "CaseResult",
    "CaseSpec",
    "ConformError",
    "Evidence",
    "Hint",
    "Options",
    "RunResult",
    "Text",
    "Verdict",
    "check_target",
    "get_case",
    "is_loopback",
    "render",
    "run",
    "run_async",
    "select",
]
