"""One HTTP call to DingTalk's own servers (Stream gateway, open API), read as JSON.

Both the Stream client and the failed-push fetcher need the same three things: the status and text,
a typed error naming the host when it cannot be reached, and lenient JSON (None when the body is not
JSON, so each caller can say what it expected).
"""

from __future__ import annotations

import re
import socket
import ssl
from collections.abc import Callable
from typing import Any

import aiohttp

from dingconsole.core import untrusted
from dingconsole.core.dingtalk.proxies import proxy_for
from dingconsole.core.errors import DingError

_QUERY_VALUE = re.compile(r"([?&][^=&\s'\"]*=)[^&\s'\"]*")


def scrub(exc: BaseException) -> str:
    """An exception's text with query values blanked (aiohttp may quote a URL carrying a secret)."""
    return _QUERY_VALUE.sub(r"\1…", str(exc)) or type(exc).__name__


def network_layer(exc: BaseException) -> str:
    """Where a call failed, as a stable code: proxy, dns, tls, tcp, timeout, upgrade or other.

    Proxy errors come first: aiohttp raises them as connector errors of the proxy, not the target."""
    if isinstance(exc, aiohttp.ClientProxyConnectionError | aiohttp.ClientHttpProxyError):
        return "proxy"
    if isinstance(exc, aiohttp.ClientConnectorDNSError) or isinstance(getattr(exc, "os_error", None), socket.gaierror):
        return "dns"
    if isinstance(exc, aiohttp.ClientSSLError | ssl.SSLError):
        return "tls"
    if isinstance(exc, aiohttp.WSServerHandshakeError):
        return "upgrade"
    if isinstance(exc, TimeoutError | aiohttp.ServerTimeoutError):
        return "timeout"
    if isinstance(exc, aiohttp.ClientConnectorError | ConnectionError):
        return "tcp"
    return "other"


async def call_json(
    session: aiohttp.ClientSession,
    method: str,
    url: str,
    *,
    unreachable: Callable[[str], DingError],
    **options: Any,
) -> tuple[int, Any, str]:
    """(HTTP status, parsed JSON or None, body text); network errors raise `unreachable(cause)`.

    A redirect is an answer, not followed: the request carries secrets (appsecret in the query,
    clientSecret in the body) that must not travel to wherever a 3xx points. The proxy is the one the
    environment names for the URL (core.dingtalk.proxies), unless the caller passes its own. aiohttp's error texts
    may quote the URL with its query, so query values are blanked in the cause."""
    options.setdefault("allow_redirects", False)
    options.setdefault("proxy", proxy_for(url))  # HTTPS_PROXY/ALL_PROXY/NO_PROXY (core.dingtalk.proxies)
    try:
        async with session.request(method, url, **options) as response:
            text = await response.text()
            status = response.status
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        error = unreachable(scrub(exc))
        error.params.setdefault("layer", network_layer(exc))
        raise error from None
    try:
        data = untrusted.loads(text)
    except ValueError:
        data = None
    return status, data, text
