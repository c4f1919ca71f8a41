"""The page a GET on a callback path shows: details for the user's own browser, a bare page for strangers.

The full page names the profile and its owner key and shows the URL to paste into DingTalk. Strangers
(anyone whose Host header is not a loopback name or a host the user allowed) get only "listening":
enough to prove a tunnel reaches the listener, nothing about who it listens for.
"""

from __future__ import annotations

import html
import ipaddress
from typing import TYPE_CHECKING

from aiohttp import web

from dingconsole.core.listener.policies import Policy

if TYPE_CHECKING:
    from dingconsole.core.profiles import Profile

LOOPBACK_NAMES = frozenset({"localhost", "localhost."})

BARE_STATUS_PAGE = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>DingConsole is listening</title></head>
<body style="font-family: sans-serif; max-width: 46em; margin: 2em auto">
<h1>DingConsole is listening</h1>
<p>This address reaches a DingTalk callback listener. Details are shown to local browsers only
(open it as 127.0.0.1 or localhost, or allow this host name in DingConsole).</p>
</body></html>
"""


def host_name(host: str) -> str:
    """The name part of a Host header, lower-cased: `[::1]:80` → `::1`, `Example.com:8080` → `example.com`."""
    host = host.strip().lower()
    if host.startswith("["):
        end = host.find("]")
        return host[1:end] if end > 0 else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _is_loopback(name: str) -> bool:
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def allowed_host(host: str, allowed: frozenset[str]) -> bool:
    """A Host header the user allowed by name (with or without its port)."""
    return host_name(host) in allowed or host.strip().lower() in allowed


def trusted_host(host: str, allowed: frozenset[str], remote: str = "127.0.0.1") -> bool:
    """Loopback names and addresses, or a host the user allowed: who may see the profile on the status page.

    The Host header, not only the peer address: through a tunnel every request comes from 127.0.0.1,
    and a DNS-rebinding page in the user's own browser reaches 127.0.0.1 too — but with its own host
    name. A loopback Host from a peer that is not loopback (a script on another machine typing
    `Host: localhost` at a listener bound to 0.0.0.0) is a stranger all the same.
    """
    name = host_name(host)
    if name in allowed or host.strip().lower() in allowed:
        return True
    return _is_loopback(name) and _is_loopback(host_name(remote))


def status_page(profile: Profile, url: str, *, policy: Policy) -> bytes:
    """The human page a GET shows: proof the tunnel reaches the listener, and what to paste into DingTalk."""
    p = profile
    esc = html.escape
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>DingConsole is listening</title></head>
<body style="font-family: sans-serif; max-width: 46em; margin: 2em auto">
<h1>DingConsole is listening</h1>
<p>钉钉回调调试台正在监听 — this address reaches the callback listener.</p>
<table>
<tr><th align="left">Profile</th><td>{esc(p.name)}</td></tr>
<tr><th align="left">Owner key</th><td>{esc(p.owner_key)}</td></tr>
<tr><th align="left">Response policy</th><td>{esc(str(policy))}</td></tr>
</table>
<h2>Paste into DingTalk (事件订阅)</h2>
<p>Request URL (请求网址): <code>{esc(url)}</code></p>
<p>Use the same <b>token</b> and <b>aesKey</b> as profile <b>{esc(p.name)}</b>. DingTalk POSTs signed,
encrypted events here and expects the sealed <code>success</code> reply within 1500 ms;
this page is only for browsers (GET), and is recorded as an info exchange.</p>
</body></html>
""".encode()


def public_url(request: web.BaseRequest) -> str:
    """The URL as the browser reached it (through a tunnel, the tunnel's host), without the query."""
    proto = request.headers.get("X-Forwarded-Proto", request.scheme).split(",")[0].strip()
    host = request.headers.get("X-Forwarded-Host", request.host).split(",")[0].strip()
    return f"{proto}://{host}{request.path}"
