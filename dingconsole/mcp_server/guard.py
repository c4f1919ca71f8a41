"""The safety rules of the MCP server: no secret in any result, loopback only, bounded output.

An agent can be talked into anything by the text it reads (a push's message, a handler's reply), so
the rules are enforced here, not asked of it:
- every string of every result passes `Redactor`, which replaces each profile's token, aesKey,
  AppSecret and permanent code (and their URL-encoded forms) — whatever tool or input produced it;
- `send` and `conform` reach a loopback host, or a host named with `--allow-remote` at start, and
  nothing else; decided from the URL alone, before any connection or DNS lookup (a name that
  resolves to 127.0.0.1 today may not tomorrow);
- long text is cut with a visible marker.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, urlsplit

from dingconsole.core.conform.safety import check_target, loopback_host
from dingconsole.core.profiles import SECRET_FIELDS, Profile, ProfileError, ProfileStore
from dingconsole.mcp_server.reply import ToolFailure
from dingconsole.mcp_server.texts import render

REDACTED = "[redacted]"
MIN_SECRET = 4  # shorter values would blank out ordinary words; the profile check calls such tokens weak anyway
MAX_CHARS = 4000  # a body, message or reply shown in a result, by default
MAX_TEXT = 60_000  # a whole result's text


class Redactor:
    """Replaces every secret value in strings, dicts and lists (keys included)."""

    def __init__(self, secrets: Iterable[str]) -> None:
        found = {form for value in secrets if len(value) >= MIN_SECRET for form in (value, quote(value, safe=""))}
        self.secrets = sorted(found, key=len, reverse=True)  # a longer secret first: one may contain another

    @classmethod
    def from_profiles(cls, profiles: Iterable[Profile] | None = None) -> Redactor:
        """The secrets of every saved profile (read now: a profile added while serving counts at once)."""
        if profiles is None:
            try:
                profiles = list(ProfileStore())
            except ProfileError:  # an unreadable profiles file: no tool can use a secret from it either
                profiles = []
        return cls(getattr(p, name) for p in profiles for name in SECRET_FIELDS)

    def text(self, value: str) -> str:
        for secret in self.secrets:
            if secret in value:
                value = value.replace(secret, REDACTED)
        return value

    def value(self, data: Any) -> Any:
        if isinstance(data, str):
            return self.text(data)
        if isinstance(data, dict):
            return {self.value(k): self.value(v) for k, v in data.items()}
        if isinstance(data, list | tuple):
            return [self.value(v) for v in data]
        return data


def allowed_target(url: str, allow_remote: Iterable[str]) -> str:
    """The URL when it is an http(s) URL to loopback or an allowed host; ToolFailure otherwise."""
    url = check_target(url)  # ConformError (a DingError) for a URL that is not http(s)
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if loopback_host(host) or host in {h.lower().strip("[]").rstrip(".") for h in allow_remote}:
        return url
    raise ToolFailure("remote_refused", host=host)


def cut(text: str, limit: int = MAX_CHARS, lang: str = "en") -> tuple[str, bool]:
    """`text` up to `limit` characters, with the marker saying how much was left out."""
    if len(text) <= limit:
        return text, False
    return text[:limit] + render("truncated", {"count": len(text) - limit}, lang), True


def bounded(data: Any, limit: int = MAX_CHARS, lang: str = "en") -> tuple[Any, bool]:
    """Every string in `data` cut to `limit`; and whether any was."""
    if isinstance(data, str):
        return cut(data, limit, lang)
    if isinstance(data, dict):
        items = {k: bounded(v, limit, lang) for k, v in data.items()}
        return {k: v for k, (v, _) in items.items()}, any(t for _, t in items.values())
    if isinstance(data, list | tuple):
        parts = [bounded(v, limit, lang) for v in data]
        return [v for v, _ in parts], any(t for _, t in parts)
    return data, False
