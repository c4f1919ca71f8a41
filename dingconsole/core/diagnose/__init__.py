"""Step-by-step diagnosis of a push and of a reply: a Report of typed steps (codes + params, no UI prose)."""

from __future__ import annotations

from dingconsole.core.diagnose.reply import check_reply
from dingconsole.core.diagnose.report import LayoutPart, Report, Status, Step
from dingconsole.core.diagnose.request import diagnose_request, query_was_given

__all__ = [
    "LayoutPart",
    "Report",
    "Status",
    "Step",
    "check_reply",
    "check_reply",
    "diagnose_request",
    "query_was_given",
]
