"""Step-by-step diagnosis of a push and of a reply: a Report of typed steps (codes + params, no UI prose)."""

from __future__ import annotations

from dingconsole.core.diagnose.reply import REPLY_FIELDS, check_reply
from dingconsole.core.diagnose.reply_headers import check_content_type, header_value
from dingconsole.core.diagnose.report import LayoutPart, Report, Status, Step
from dingconsole.core.diagnose.request import diagnose_request

__all__ = [
    "REPLY_FIELDS",
    "LayoutPart",
    "Report",
    "Status",
    "Step",
    "check_content_type",
    "check_reply",
    "diagnose_request",
    "header_value",
]
