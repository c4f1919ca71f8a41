"""Which proxy a call to DingTalk's servers goes through, from HTTPS_PROXY/HTTP_PROXY/ALL_PROXY/NO_PROXY.

Explicit rather than aiohttp's `trust_env`: aiohttp looks proxies up by the URL's own scheme, so a
`wss://` endpoint finds no proxy and ALL_PROXY is ignored, while corporate networks usually set only
HTTPS_PROXY (or ALL_PROXY). Here https/wss use HTTPS_PROXY, http/ws use HTTP_PROXY, either falls back
to ALL_PROXY, and NO_PROXY wins (the standard library's rules: host suffixes, `*`, ports). Both
upper and lower case names are read, lower case first, as curl and the standard library do.
"""

from __future__ import annotations

import os
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from yarl import URL

# the standard library's NO_PROXY matcher (public, but missing from typeshed's stubs)
_BYPASS: Callable[[str, dict[str, str]], bool] = getattr(urllib.request, "proxy_bypass_environment")  # noqa: B009
SUPPORTED_SCHEMES = ("http",)  # aiohttp speaks to HTTP proxies only (CONNECT for https/wss)


@dataclass(frozen=True)
class ProxyChoice:
    """The proxy for one URL: `url` ("" for none), the variable it came from, and why not when bypassed."""

    url: str = ""
    variable: str = ""
    bypassed_by_no_proxy: bool = False

    @property
    def supported(self) -> bool:
        return not self.url or URL(self.url).scheme in SUPPORTED_SCHEMES

    def to_dict(self) -> dict[str, object]:
        return {
            "proxy": redact(self.url),
            "variable": self.variable,
            "no_proxy": self.bypassed_by_no_proxy,
            "supported": self.supported,
        }


def _env(name: str) -> tuple[str, str]:
    for variable in (name.lower(), name.upper()):
        value = os.environ.get(variable, "").strip()
        if value:
            return value, variable
    return "", ""


def choose(url: str) -> ProxyChoice:
    """The proxy the environment asks for to reach `url`."""
    target = URL(url)
    specific = "HTTPS_PROXY" if target.scheme in ("https", "wss") else "HTTP_PROXY"
    value, variable = _env(specific)
    if not value:
        value, variable = _env("ALL_PROXY")
    if not value:
        return ProxyChoice()
    no_proxy, _ = _env("NO_PROXY")
    host = target.host or ""
    if no_proxy and _BYPASS(f"{host}:{target.port}" if target.port else host, {"no": no_proxy}):
        return ProxyChoice(variable=variable, bypassed_by_no_proxy=True)
    if "://" not in value:
        value = "http://" + value
    return ProxyChoice(value, variable)


def proxy_for(url: str) -> str | None:
    """The proxy URL to hand to aiohttp for `url`, or None (unsupported schemes are the doctor's to name)."""
    choice = choose(url)
    return choice.url if choice.url and choice.supported else None


def redact(proxy: str) -> str:
    """A proxy URL with any password hidden (proxies often carry user:password@)."""
    if not proxy:
        return ""
    parsed = URL(proxy)
    return str(parsed.with_password("***")) if parsed.password else proxy
