"""Where the suite may push without asking: loopback only. Anything else gets a warning first.

The suite sends forgeries and a burst; pointed at someone else's production handler by mistake it
would look like an attack. Callers (CLI, window) ask before running against a non-loopback URL.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from dingconsole.core.conform.cases import ConformError


def check_target(url: str) -> str:
    """The URL, or ConformError when it is not a usable http(s) URL."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - parses the port: a bad one must surface here
    except ValueError as exc:
        raise ConformError(f"{url!r} is not a valid URL: {exc}", _EXAMPLE) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConformError(f"{url!r} is not an http(s) URL", _EXAMPLE)
    return url.strip()


_EXAMPLE = "Give the handler's full callback URL, for example http://127.0.0.1:8080/api/callback."


def loopback_host(host: str) -> bool:
    """localhost, *.localhost or a loopback address literal, without asking DNS."""
    host = host.lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_loopback(url: str) -> bool:
    """True when every address the URL's host names is a loopback address (127.0.0.0/8, ::1, localhost)."""
    host = urlsplit(url).hostname
    if not host:
        return False
    if loopback_host(host):
        return True
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    addresses = {str(info[4][0]) for info in infos}
    return bool(addresses) and all(ipaddress.ip_address(a.split("%", 1)[0]).is_loopback for a in addresses)
