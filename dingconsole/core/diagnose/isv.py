"""ISV suite URL checks: DingTalk wants the message's Random value sealed, not `success`.

DingTalk's ISV demo (openapi-demo-java, CreateSuiteReceiveServlet) answers `check_create_suite_url`
by sealing the `Random` field of the decrypted message; `check_update_suite_url` carries the same
field and is answered the same way. The listener, the sender and the reply checker all ask here.
"""

from __future__ import annotations

import copy
from typing import Any

from dingconsole.core import untrusted
from dingconsole.core.crypto import Decrypted, DingCrypto, body_encrypt
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


def placeholder_sealed(payload: Any, found: str, owner_key: str) -> bool:
    """A suite URL check sealed for its TestSuiteKey placeholder while the profile holds the real suiteKey.

    Before a suite exists DingTalk seals check_create_suite_url for the placeholder its TestSuiteKey
    names ("suite4xxxxxxxxxxxxxxx"), and the ISV demo opens it and seals the reply with that same key
    (DingTalk's ISV callback docs, CREATE_SUITE_KEY). The listener, the diagnosis and the reply
    checker all excuse exactly this case.
    """
    return (
        isinstance(payload, dict)
        and payload.get("EventType") in SUITE_CHECKS
        and owner_key.startswith("suite")
        and found != owner_key
        and found.startswith("suite")
        and found == payload.get("TestSuiteKey", found)
    )


def open_placeholder_check(crypto: DingCrypto, body: bytes | str) -> tuple[Decrypted, DingCrypto] | None:
    """For a verified push refused for its owner key: (the push opened, a crypto that seals for its
    placeholder key) when it is such a suite check, else None."""
    try:
        opened = crypto.decrypt(body_encrypt(body), check_owner=False)
    except DingError:
        return None
    sealer = open_placeholder(crypto, opened)
    return (opened, sealer) if sealer is not None else None


def open_placeholder(crypto: DingCrypto, opened: Decrypted) -> DingCrypto | None:
    """A crypto that seals for the placeholder key when `opened` (made for another key than the
    profile's) is a suite URL check sealed for its TestSuiteKey, else None. The key prefixes are
    compared before the message is parsed, so other mismatches cost no parse."""
    if not (crypto.owner_key.startswith("suite") and opened.owner_key.startswith("suite")):
        return None
    try:
        payload = untrusted.loads(opened.message)
    except ValueError:
        return None
    if not placeholder_sealed(payload, opened.owner_key, crypto.owner_key):
        return None
    sealer = copy.copy(crypto)  # same token and aesKey (and clock), sealing for the placeholder
    sealer.owner_key = opened.owner_key
    return sealer
