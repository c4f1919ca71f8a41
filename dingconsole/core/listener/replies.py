"""What the listener says to the network: JSON error bodies, the generic 400/403, and the diagnosis it keeps.

Nothing here may depend on the secrets or the plaintext once it is in a reply (docs/PROTOCOL.md §6); the
full diagnosis is for the store, the window and the CLI only.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from dingconsole.core.diagnose import Report, Status, Step, diagnose_request
from dingconsole.core.errors import (
    DingError,
    InvalidBase64,
    InvalidBlockSize,
    InvalidLength,
    InvalidPadding,
    InvalidUtf8,
    OwnerKeyMismatch,
)
from dingconsole.core.exchange import HttpRequest
from dingconsole.core.profiles import Profile

log = logging.getLogger(__name__)

JSON_TYPE = "application/json"

BAD_HTTP_HINT = (
    "This is not valid HTTP/1.1, so it was rejected before any callback logic ran. DingTalk sends "
    "well-formed requests: look at the client, proxy or tunnel that sent this (raw bytes recorded)."
)
TLS_HINT = (
    "Something spoke HTTPS (TLS) to this plain-HTTP port. Use an http:// URL here, or put a tunnel "
    "that terminates TLS in front of the listener."
)
INCOMPLETE_HINT = "The client closed the connection mid-request; DingTalk sends a whole request at once."

# Which diagnosis step an error code belongs to (used when no full diagnosis is available).
STEP_OF_CODE = {
    "missing_parameter": "parameters",
    "bad_timestamp": "timestamp",
    "bad_request": "parse",
    "signature_mismatch": "signature",
    "invalid_base64": "base64",
    "invalid_block_size": "block_size",
    "invalid_padding": "padding",
    "invalid_length": "length",
    "invalid_utf8": "length",
    "owner_key_mismatch": "owner_key",
    "invalid_json": "json",
    "invalid_aes_key": "profile",
}
# Failures a stranger can cause without the token: the reply may say what was wrong with *their* input.
INPUT_CODES = frozenset({"missing_parameter", "bad_request", "bad_timestamp"})
SEE_CONSOLE = "The request was recorded; its diagnosis is in DingConsole (the window, or `dingconsole events show`)."
# One body for every wrong signature, one for every failure behind a valid signature: nothing in them
# depends on the secrets or the plaintext (no expected signature, byte value, length, key or profile).
FORBIDDEN_BODY = (
    b'{"error":"signature_mismatch","step":"signature","message":"the signature does not match","hint":"'
    + SEE_CONSOLE.encode()
    + b'"}'
)
REJECTED_BODY = (
    b'{"error":"rejected","step":"decrypt","message":"the payload could not be opened","hint":"'
    + SEE_CONSOLE.encode()
    + b'"}'
)


# What the record says of a push that did not open, before its diagnosis: one fixed sentence per step,
# since building the detailed error (byte values, the key found) before the reply would show in its timing.
_REJECTED = {
    "invalid_base64": (InvalidBase64, "encrypt is not base64"),
    "invalid_block_size": (InvalidBlockSize, "the ciphertext is not a whole number of 16-byte AES blocks"),
    "invalid_padding": (
        InvalidPadding,
        "the decrypted padding is not PKCS#7: the aesKey differs, or the value was altered",
    ),
    "invalid_length": (InvalidLength, "the length field does not fit: the aesKey differs, or the value was altered"),
    "invalid_utf8": (InvalidUtf8, "the decrypted message is not UTF-8"),
    "owner_key_mismatch": (OwnerKeyMismatch, "the payload was made for another owner key than the profile's"),
}


def rejected_error(code: str) -> DingError:
    """The error recorded for a verified push that did not open at step `code` (details: the diagnosis)."""
    kind, message = _REJECTED[code]
    return kind(message, "The diagnosis of this exchange says why.")


def diagnose_failure(request: HttpRequest, profile: Profile, error: DingError) -> Report:
    """The full diagnosis for a failed push; a one-step report if the diagnosis engine itself fails."""
    try:
        return diagnose_request(request, [profile], query_given=True)  # a push must carry its query
    except Exception:  # noqa: BLE001 - a diagnosis bug must not lose the exchange; logged
        log.exception("diagnose_request failed; recording the listener's own error instead")
    step = Step(
        name=STEP_OF_CODE.get(error.code, "request"),
        status=Status.FAILED,
        detail=error.message,
        hint=error.hint,
        code=error.code,
        params=dict(error.params),
    )
    return Report(kind="request", steps=[step], profile=profile.name)


# One encoder for every reply: json.dumps with non-default options builds a new JSONEncoder per call.
_compact_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def json_bytes(data: Mapping[str, Any]) -> bytes:
    return _compact_json(data).encode("utf-8")


def error_body(code: str, step: str, message: str, hint: str) -> bytes:
    return json_bytes({"error": code, "step": step, "message": message, "hint": hint})


def reply_headers(headers: Mapping[str, str], body: bytes) -> dict[str, str]:
    """The headers our handler set on a reply, with the Content-Length sent with `body` (stored for the
    Reply tab and HAR exports; aiohttp adds Date and Server itself when it writes the answer)."""
    found = {str(name): str(value) for name, value in headers.items()}
    found.setdefault("Content-Length", str(len(body)))
    return found
