"""ISV suite URL checks: DingTalk wants the message's Random value sealed, not `success`.

DingTalk's ISV demo (openapi-demo-java, CreateSuiteReceiveServlet) answers `check_create_suite_url`
by sealing the `Random` field of the decrypted message; `check_update_suite_url` carries the same
field and is answered the same way. The listener, the sender and the reply checker all ask here.
"""

from __future__ import annotations

from typing import Any

from dingconsole.core import untrusted
from dingconsole.core.crypto import DingCrypto, body_encrypt
from dingconsole.core.errors import DingError

SUITE_CHECKS = ("check_create_suite_url", "check_update_suite_url")


def reply_message(payload: Any) -> str:
    """What a handler seals in its reply to this decrypted event: Random for suite checks, else success."""
    if isinstance(payload, dict) and payload.get("EventType") in SUITE_CHECKS:
        random = payload.get("Random")
        if isinstance(random, str) and random:
            return random
    return "success"


def expected_reply(body: bytes | str, crypto: DingCrypto) -> tuple[str | None, str]:
    """(suite check event type or None, message to seal) for the push `body`, opened with `crypto`."""
    try:
        message = crypto.decrypt(body_encrypt(body), check_owner=False).message
        payload = untrusted.loads(message)
    except (DingError, ValueError):
        return None, "success"
    wanted = reply_message(payload)
    return (payload.get("EventType") if wanted != "success" else None), wanted
