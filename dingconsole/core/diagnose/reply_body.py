"""What a reply that is not the sealed JSON actually is: an nginx/Apache error page, other HTML, empty, text.

A 502 from nginx means the handler never saw the push, so "answer 200 once the push is handled" is
the wrong advice; the status hint depends on who answered. The body itself (its first 2 KB) is
shown, escaped by the faces as plain text, never interpreted.
"""

from __future__ import annotations

import html
import re

from dingconsole.core.diagnose.causes import PREVIEW_BYTES, cause_step
from dingconsole.core.diagnose.report import Status, Step

PROXY_STATUSES = (502, 503, 504)
JAVA_KEY_SIZE = b"Illegal key size"  # java.security.InvalidKeyException, in a stack trace the handler returned
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_SERVERS = (
    (re.compile(rb"<center>\s*nginx", re.IGNORECASE), "nginx"),
    (re.compile(rb"openresty|tengine", re.IGNORECASE), "nginx"),
    (re.compile(rb"<address>\s*Apache", re.IGNORECASE), "Apache"),
    (re.compile(rb"cloudflare", re.IGNORECASE), "Cloudflare"),
    (re.compile(rb"ngrok", re.IGNORECASE), "ngrok"),
)


def preview(raw: bytes) -> str:
    """The first 2 KB of a body as text (undecodable bytes replaced), with a mark when cut."""
    text = raw[:PREVIEW_BYTES].decode("utf-8", "replace")
    return text + ("…" if len(raw) > PREVIEW_BYTES else "")


def server_of(raw: bytes, headers: dict[str, str] | None = None) -> str:
    """Who wrote an error page: nginx, Apache, … from the body (or the Server header), else ''."""
    for pattern, name in _SERVERS:
        if pattern.search(raw[: PREVIEW_BYTES * 4]):
            return name
    server = next((v for k, v in (headers or {}).items() if k.lower() == "server"), "")
    return server.split("/")[0].strip()


def is_html(raw: bytes) -> bool:
    head = raw.lstrip()[:200].lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<center", b"<h1")) or b"<html" in head


def page_title(raw: bytes) -> str:
    match = _TITLE.search(raw[: PREVIEW_BYTES * 4])
    return " ".join(html.unescape(match.group(1).decode("utf-8", "replace")).split())[:80] if match else ""


def page_description(raw: bytes) -> str:
    """'an nginx error page “502 Bad Gateway”', 'an HTML page “Login”', 'an HTML page'."""
    server = server_of(raw)
    title = page_title(raw)
    kind = f"an {server} error page" if server in ("nginx", "Apache") else "an HTML page"
    if server and server not in ("nginx", "Apache"):
        kind = f"an HTML page from {server}"
    return f"{kind} “{title}”" if title else kind


def status_step(status: int, raw: bytes, headers: dict[str, str] | None = None) -> Step:
    """HTTP 200 passes; otherwise the hint depends on who answered (proxy, handler, router)."""
    if status == 200:
        return Step("status", Status.PASSED, "HTTP 200")
    if 300 <= status < 400:
        return Step(
            "status",
            Status.FAILED,
            f"HTTP {status}: a redirect",
            "DingTalk does not follow redirects: give it the final URL.",
            "reply_invalid",
            {"field": "status", "status": status},
        )
    if status in PROXY_STATUSES:
        server = server_of(raw, headers) or "a proxy"
        return cause_step("reply_status_proxy", status=status, server=server)
    if status == 404:
        return cause_step("reply_status_not_found", status=status)
    if status >= 500:
        if JAVA_KEY_SIZE in raw:
            return cause_step("java_illegal_key_size", status=status)
        return cause_step("reply_status_error", status=status)
    return Step(
        "status",
        Status.FAILED,
        f"HTTP {status}, DingTalk needs 200",
        "Answer 200 once the push is handled, even for events you ignore; anything else counts as a "
        "failed push and is retried.",
        "reply_invalid",
        {"field": "status", "status": status},
    )


def non_json_step(raw: bytes, error: str) -> Step:
    """The json step for a body that is not JSON: empty, an HTML/error page, or other text (shown)."""
    if not raw.strip():
        return cause_step("reply_body_empty")
    if is_html(raw):
        step = cause_step("reply_body_page", page=page_description(raw), body=preview(raw))
        step.params.update(server=server_of(raw), title=page_title(raw))
        return step
    return cause_step("reply_not_json", error=error, body=preview(raw))
