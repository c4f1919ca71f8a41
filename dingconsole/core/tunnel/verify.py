"""End-to-end check: a GET through the public URL must reach *this* listener.

The listener issues a one-time token and its proof (core/listener/tunnel_gate.py); the GET carries the
token, and only the page of this listener shows the proof. A page without it is someone else's (a stale
tunnel URL now pointing at another machine, a captive portal), a redirect is not followed (DingTalk does
not follow redirects either), and the check goes direct, not through a proxy: DingTalk comes from the
internet. TLS certificates are checked as DingTalk checks them.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode

from dingconsole.core.listener.tunnel_gate import PROBE_PARAM, TunnelGate

MAX_PAGE = 64 * 1024


@dataclass(frozen=True)
class Verification:
    ok: bool
    code: str  # verified, connect_failed, timeout, http_status, redirect, not_this_listener
    detail: str = ""  # the error, the status, the redirect target (plain text; faces escape)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def verify(callback_url: str, gate: TunnelGate, timeout: float = 10.0) -> Verification:
    token, proof = gate.issue()
    url = callback_url + ("&" if "?" in callback_url else "?") + urlencode({PROBE_PARAM: token})
    request = urllib.request.Request(url, headers={"User-Agent": "DingConsole tunnel check"})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            body = response.read(MAX_PAGE)
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            return Verification(False, "redirect", exc.headers.get("Location", "") or str(exc.code))
        return Verification(False, "http_status", f"HTTP {exc.code} {exc.reason}")
    except TimeoutError:
        return Verification(False, "timeout", f"no answer within {timeout:g} s")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return Verification(False, "connect_failed", str(reason))
    if proof.encode() in body:
        return Verification(True, "verified")
    return Verification(False, "not_this_listener", "the URL answered, but not with this listener's proof")
