"""The Stream mode wire protocol (docs/PROTOCOL.md §4) without the connection: constants, errors, frames, backoff.

Split from core.dingtalk.stream so the client module stays about the connection's lifecycle. How the
gateway's answers are classified (transient vs final) follows the official SDKs, which retry every
failed open with a growing delay, and the gateway's documented error codes.
"""

from __future__ import annotations

import enum
import json
import random
import socket
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

import aiohttp

from dingconsole import __version__
from dingconsole.core import events
from dingconsole.core.dingtalk.remote_json import call_json
from dingconsole.core.errors import DingError
from dingconsole.core.exchange import Exchange
from dingconsole.core.profiles import Profile, invisible_char

DEFAULT_GATEWAY = "https://api.dingtalk.com"
OPEN_PATH = "/v1.0/gateway/connections/open"
EVENT_ACK_DATA = json.dumps({"status": "SUCCESS", "message": "success"})
# throttling and overload codes the gateway (an Alibaba Cloud API gateway) answers with
_TRANSIENT_MARKERS = (
    "qpslimit",
    "throttl",
    "flowcontrol",
    "toomanyrequests",
    "ratelimit",
    "serviceunavailable",
    "busy",
)
_CREDENTIAL_CODES = ("authfailed", "invalidauthentication")


class State(enum.StrEnum):
    STOPPED = "stopped"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    FAILED = "failed"


class Store(Protocol):
    """What the client needs of core.store.EventStore (which also marks repeats on eventId)."""

    def add(self, exchange: Exchange) -> int: ...


# Completes an exchange before it is stored and ACKed (the bridge fills in the handler's reply) and
# says whether the handler accepted it: True, False (ACK LATER / code 500), None (not forwarded).
Forwarder = Callable[[Exchange], Awaitable[bool | None]]


class StreamError(DingError):
    """The gateway could not be reached or answered something that is not a connection (retried)."""

    code = "stream_error"


class StreamAuthError(StreamError):
    """The gateway definitely refused the AppKey/AppSecret (the only final error)."""

    code = "stream_auth"


class MissingAppSecret(StreamError):
    code = "missing_app_secret"


@dataclass(frozen=True)
class Backoff:
    """Delays between reconnects: initial, multiplied by `factor` each time, capped, plus up to `jitter` s."""

    initial: float = 1.0
    factor: float = 2.0
    maximum: float = 60.0
    jitter: float = 0.0

    def delays(self) -> Iterator[float]:
        delay = self.initial
        while True:
            yield delay + (random.uniform(0, self.jitter) if self.jitter else 0.0)
            delay = min(delay * self.factor, self.maximum)


class Pacer:
    """When to reconnect: `backoff` after each failure, reset only by a connection that lived
    `stable_after` s (sockets that die at once keep the delay growing). A `disconnect` is followed at
    once, unless more than `burst` came within `stable_after` s: a storm gets the growing delay."""

    def __init__(self, backoff: Backoff, stable_after: float = 10.0, burst: int = 5) -> None:
        self.backoff, self.stable_after, self.burst = backoff, stable_after, burst
        self._delays = backoff.delays()
        self._disconnects: deque[float] = deque()

    def failed(self) -> float:
        return next(self._delays)

    def ended(self, lived: float, disconnect: bool) -> float:
        """The pause before the next connection, for one that lived `lived` s."""
        if lived >= self.stable_after:
            self._delays = self.backoff.delays()
        if not disconnect:
            return next(self._delays)
        now = time.monotonic()
        while self._disconnects and now - self._disconnects[0] > self.stable_after:
            self._disconnects.popleft()
        self._disconnects.append(now)
        return next(self._delays) if len(self._disconnects) > self.burst else 0.0


def whitespace_kind(value: str) -> tuple[str, str]:
    """("edge" | "inside" | "invisible", the character named) for a key DingTalk cannot accept, or ("", "")."""
    if value != value.strip():
        return "edge", repr(value[0] if value[0].isspace() else value[-1])
    inner = next((c for c in value if c.isspace()), "")
    if inner:
        return "inside", repr(inner)
    hidden = invisible_char(value)
    return ("invisible", str(hidden)) if hidden else ("", "")


def whitespace_problem(label: str, value: str) -> str | None:
    """Why `value` cannot be a key DingTalk accepts (whitespace gives `401 authFailed`), or None."""
    where, char = whitespace_kind(value)
    if where == "edge":
        return f"the {label} has a space or line break at its start or end"
    if where == "inside":
        return f"the {label} contains a space or line break"
    return f"the {label} contains an invisible or control character ({char})" if where else None


def require_app_secret(profile: Profile) -> None:
    """Stream mode and the open API need the AppSecret; say so before any network call."""
    if not profile.app_secret:
        raise MissingAppSecret(
            f"profile {profile.name!r} has no AppSecret (Client Secret)",
            f"Add it with `dingconsole profile add {profile.name} --app-key K --token T --aes-key A "
            "--app-secret S --replace` or in the profile dialog; it is on the app's "
            "credentials page in the DingTalk developer console.",
            profile=profile.name,
        )
    if not profile.owner_key:
        raise MissingAppSecret(
            f"profile {profile.name!r} has no AppKey (Client ID)",
            "Stream mode logs in with the app's AppKey; set it as the profile's owner key.",
            profile=profile.name,
        )
    for label, value in (("AppKey", profile.owner_key), ("AppSecret", profile.app_secret)):
        problem = whitespace_problem(label, value)
        if problem:
            raise MissingAppSecret(
                f"profile {profile.name!r}: {problem}",
                "DingTalk answers `401 authFailed` to such a key: copy it again without spaces and save the profile.",
                profile=profile.name,
                field=label,
            )


def is_credentials_refusal(status: int, code: str) -> bool:
    """DingTalk said the AppKey/AppSecret are wrong: 401, or its `authFailed`/`InvalidAuthentication` codes."""
    return status == 401 or code.lower() in _CREDENTIAL_CODES


def is_throttled(status: int, code: str) -> bool:
    return status == 429 or any(m in code.lower().replace("_", "").replace(".", "") for m in _TRANSIENT_MARKERS)


def open_refusal(status: int, data: Any, text: str, profile: Profile, gateway: str) -> StreamError:
    """The error for a connections/open answer without an endpoint: final only for a definite credentials
    refusal; `400 InvalidParameter`, `403 Forbidden.AccessDenied…`, throttling and 5xx are retried, as both
    official SDKs retry every failed open, each named by what DingTalk said."""
    code = str(data.get("code") or "") if isinstance(data, dict) else ""
    message = str(data.get("message") or "") if isinstance(data, dict) else ""
    detail = message or code or text[:200]
    if is_credentials_refusal(status, code):
        return StreamAuthError(
            f"the gateway refused the credentials of profile {profile.name!r} (HTTP {status} {code}: {detail})",
            "Copy the AppKey (Client ID) and AppSecret (Client Secret) again from the app's credentials page; "
            "`dingconsole stream doctor` checks each stage.",
            status=status,
            detail=detail,
            gateway_code=code,
        )
    throttled = is_throttled(status, code)
    if throttled or status >= 500:
        hint = "Transient (throttling or a gateway error): retrying with backoff."
    elif status == 400:
        hint = (
            "DingTalk refused the request (not the credentials): is the app published, with Stream mode chosen "
            "for events, and is a proxy in the way? Retrying with backoff; `dingconsole stream doctor` says more."
        )
    elif status == 403:
        hint = (
            "DingTalk denied access (not the credentials): the app's permissions, its publication or an IP "
            "allow-list. Retrying with backoff; `dingconsole stream doctor` says more."
        )
    else:
        hint = f"Retrying with backoff; if it persists check the gateway URL ({gateway})."
    return StreamError(
        f"the gateway answered HTTP {status} {code or ''} without a connection: {detail}".replace("  ", " "),
        hint,
        status=status,
        gateway_code=code,
    )


def stream_ua() -> str:
    """The `ua` of connections/open in the SDKs' documented `name-sdk-lang/version` form."""
    return f"dingconsole-sdk-python/v{__version__}"


def open_headers() -> dict[str, str]:
    """Headers of the open call as the Python SDK sends them (JSON both ways)."""
    return {"Accept": "application/json", "User-Agent": f"dingconsole/{__version__}"}


def open_body(profile: Profile, subscriptions: list[dict[str, str]], ua: str, ip: str) -> dict[str, Any]:
    """The connections/open request: credentials, subscriptions, client name and local address."""
    return {
        "clientId": profile.owner_key,
        "clientSecret": profile.app_secret,
        "subscriptions": subscriptions,
        "ua": ua,
        "localIp": ip,
    }


async def open_gateway(
    session: aiohttp.ClientSession, gateway: str, body: dict[str, Any], profile: Profile, timeout: float
) -> tuple[str, str]:
    """POST connections/open; (endpoint, ticket), or the classified refusal (`open_refusal`) raised."""
    url = gateway + OPEN_PATH

    def unreachable(cause: str) -> StreamError:
        return StreamError(
            f"cannot reach the Stream gateway {gateway}: {cause}",
            "Check the network (outbound HTTPS to api.dingtalk.com) or --gateway-base; retrying.",
            url=url,
        )

    limit = aiohttp.ClientTimeout(total=timeout)
    status, data, text = await call_json(
        session, "POST", url, json=body, headers=open_headers(), timeout=limit, unreachable=unreachable
    )
    if status == 200 and isinstance(data, dict) and data.get("endpoint") and data.get("ticket"):
        return str(data["endpoint"]), str(data["ticket"])
    raise open_refusal(status, data, text, profile, gateway)


def local_ip() -> str:
    """The address of the interface that would route outward (a UDP connect sends nothing)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.connect(("8.8.8.8", 80))
            return str(sock.getsockname()[0])
    except OSError:
        return ""  # unknown, as the Python SDK sends it (not a made-up loopback address)


def ack_frame(
    message_id: str, data: str, code: int = 200, message: str = "OK", content_type: str = "application/json"
) -> str:
    """An ACK with the headers the SDKs send: the messageId, the request's own contentType echoed (Java SDK;
    the Python SDK always says application/json, which is what DingTalk sends), and `time` in ms (Java SDK)."""
    headers = {"messageId": message_id, "contentType": content_type, "time": str(int(time.time() * 1000))}
    return json.dumps({"code": code, "message": message, "headers": headers, "data": data}, ensure_ascii=False)


def event_ack_data(later: bool = False) -> str:
    """An EVENT ACK's data: SUCCESS, or LATER to have DingTalk deliver it again."""
    if not later:
        return EVENT_ACK_DATA
    return json.dumps({"status": "LATER", "message": "the handler did not accept it"})


def event_identity(headers: dict[str, Any], payload: Any) -> tuple[str | None, str | None]:
    """(event_type, event_id): the frame headers first, then the payload's own fields."""
    kind = headers.get("eventType") or events.event_type(payload)
    ident = headers.get("eventId") or events.event_id(payload)
    return (str(kind) if kind else None, str(ident) if ident else None)
