"""Checks of a reply's HTTP headers, beside check_reply (which judges status and body).

DingTalk's reply is JSON, and the official demos send it as `application/json`; a framework that
returns a dumped string often labels it `text/html` or `text/plain`.
"""

from __future__ import annotations

from collections.abc import Mapping

from dingconsole.core.diagnose.report import Status, Step
from dingconsole.core.errors import ReplyInvalid


def header_value(headers: Mapping[str, str], name: str) -> str:
    """A header's value, whatever the case of its name ("" when absent)."""
    wanted = name.lower()
    return next((value for key, value in headers.items() if key.lower() == wanted), "")


def check_content_type(headers: Mapping[str, str]) -> Step:
    """Step `content_type`: passes for application/json (or any +json type), with or without a charset."""
    found = header_value(headers, "Content-Type")
    media = found.split(";", 1)[0].strip().lower()
    if media == "application/json" or (media.startswith("application/") and media.endswith("+json")):
        return Step("content_type", Status.PASSED, f"Content-Type {found}", params={"found": found})
    detail = f"Content-Type is {found!r}, not application/json" if found else "the reply has no Content-Type"
    return Step(
        "content_type",
        Status.FAILED,
        detail,
        "Send the reply as JSON: Content-Type: application/json (Flask jsonify, Spring @ResponseBody, "
        "c.JSON in Gin) rather than a dumped string.",
        ReplyInvalid.code,
        {"field": "Content-Type", "found": found},
    )
