"""The Stream mode wire protocol (docs/PROTOCOL.md §4) without the connection: constants, errors, frames, backoff.

Split from core.stream so the client module stays about the connection's lifecycle.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from dingconsole.core import events
from dingconsole.core.errors import DingError
from dingconsole.core.profiles import Profile

DEFAULT_GATEWAY = "https://api.dingtalk.com"
OPEN_PATH = "/v1.0/gateway/connections/open"
EVENT_ACK_DATA = json.dumps({"status": "SUCCESS", "message": "success"})


class StreamError(DingError):
    """The gateway could not be reached or answered something that is not a connection."""

    code = "stream_error"


class StreamAuthError(StreamError):
    """The gateway refused the AppKey/AppSecret."""

    code = "stream_auth"


class MissingAppSecret(StreamError):
    code = "missing_app_secret"


@dataclass(frozen=True)
class Backoff:
    """Delays between reconnects after a dropped socket: initial, doubled each time, capped."""

    initial: float = 1.0
    factor: float = 2.0
    maximum: float = 60.0

    def delays(self) -> Iterator[float]:
        delay = self.initial
        while True:
            yield delay
            delay = min(delay * self.factor, self.maximum)


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


def local_ip() -> str:
    """The address of the interface that would route outward (a UDP connect sends nothing)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.connect(("8.8.8.8", 80))
            return str(sock.getsockname()[0])
    except OSError:
        return "127.0.0.1"


def ack_frame(message_id: str, data: str) -> str:
    return json.dumps(
        {
            "code": 200,
            "message": "OK",
            "headers": {"messageId": message_id, "contentType": "application/json"},
            "data": data,
        }
    )


def event_identity(headers: dict[str, Any], payload: Any) -> tuple[str | None, str | None]:
    """(event_type, event_id): the frame headers first, then the payload's own fields."""
    kind = headers.get("eventType") or events.event_type(payload)
    ident = headers.get("eventId") or events.event_id(payload)
    return (str(kind) if kind else None, str(ident) if ident else None)
