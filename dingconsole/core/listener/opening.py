"""How the listener opens a push: bounded work before the signature, one path for every failure after it.

Before the signature verifies, the sender is a stranger (docs/PROTOCOL.md §6): the query is checked and
the body's `encrypt` value found in work linear in the body and done in C — DingTalk's own body shape
by one regex, anything else small enough by the JSON parser, anything else refused. No depth scan, no
Python loop over the body.

After the signature verifies, the sender holds the token but maybe not the aesKey. A reply whose timing
depended on *why* decryption failed (padding, length, UTF-8, owner key) would be a CBC padding oracle:
with a leaked token, a stranger could decrypt pushes and forge new ones. So `open_verified` does the
same work for every failure — one decryption, no error message built, no second decryption — and the
caller answers every failure with the same bytes. Which step failed, and why, is worked out after the
reply has gone (replies.diagnose_failure), off the event loop.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Mapping
from typing import NamedTuple

from dingconsole.core.crypto import Decrypted, DingCrypto, body_encrypt, request_params
from dingconsole.core.diagnose import Report
from dingconsole.core.diagnose.isv import open_placeholder
from dingconsole.core.diagnose.notes import timestamp_step
from dingconsole.core.errors import BadRequest, BadTimestamp, OwnerKeyMismatch
from dingconsole.core.exchange import Exchange

MAX_ENCRYPT = 512 * 1024  # base64 characters a push may carry: a DingTalk push is a few KiB; half the body cap
# the largest body such an encrypt can come in ('/' escaped as '\/' adds 1/64 on average; 1/16 allowed)
MAX_PUSH_BODY = MAX_ENCRYPT + MAX_ENCRYPT // 16 + 1024
FULL_PARSE_MAX = 16 * 1024  # bodies not in DingTalk's exact shape are parsed as JSON only up to this size
STALE_AFTER_S = 86400.0  # a push older than a day is accepted (DingTalk retries) but noted as stale
FUTURE_AFTER_S = 3600.0  # and so is one stamped more than an hour ahead

# DingTalk's body exactly: {"encrypt":"<base64>"} with optional blanks, '/' possibly escaped as '\/'.
# The two ends by regex, the value between them by `translate` (a C pass, ~10x a regex's speed).
_BODY_HEAD = re.compile(rb'\s*\{\s*"encrypt"\s*:\s*"')
_BASE64 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="
_TIMESTAMP = re.compile(r"[0-9]{1,19}")


class Opened(NamedTuple):
    """A push that opened: the message, and the crypto that seals the reply (a suite check's own key)."""

    decrypted: Decrypted
    sealer: DingCrypto


def check_timestamp(stamp: str) -> None:
    """A timestamp that is not digits is no DingTalk push: refused before any crypto (BadTimestamp)."""
    if not _TIMESTAMP.fullmatch(stamp):
        raise BadTimestamp(
            "timestamp is not a number",
            "DingTalk's timestamp is the time in milliseconds, digits only.",
            timestamp=stamp[:40],
        )


def dingtalk_encrypt(body: bytes) -> str | None:
    """The encrypt value of a body in DingTalk's exact shape, else None — a few C passes, no parse."""
    head = _BODY_HEAD.match(body)
    end = len(body.rstrip())
    if head is None or body[end - 1 : end] != b"}":
        return None
    close = len(body[: end - 1].rstrip())
    if close <= head.end() or body[close - 1 : close] != b'"':
        return None
    value = body[head.end() : close - 1]
    odd = value.translate(None, _BASE64)  # what is not base64: only the backslashes of escaped slashes
    if not odd:
        return value.decode("ascii")
    if odd.count(b"\\") != len(odd):
        return None
    try:  # JSON's own string decoder for the escapes (C, linear), then base64 characters only
        decoded: str = json.loads(b'"' + value + b'"')
    except ValueError:
        return None
    return decoded if decoded.isascii() and not decoded.encode().translate(None, _BASE64) else None


def push_encrypt(body: bytes) -> str:
    """The body's `encrypt` value, found in bounded work for any body (BadRequest when there is none)."""
    if len(body) > MAX_PUSH_BODY:
        raise BadRequest(
            f"encrypt is over {MAX_ENCRYPT // 1024} KiB",
            "A DingTalk push carries a few KiB of ciphertext; this one is not read.",
        )
    encrypted = dingtalk_encrypt(body)
    if encrypted is None and len(body) <= FULL_PARSE_MAX:
        encrypted = body_encrypt(body)
    elif encrypted is None:
        raise BadRequest(
            f'body is over {FULL_PARSE_MAX // 1024} KiB and not a {{"encrypt": "..."}} object',
            'DingTalk posts exactly {"encrypt": "..."}; a larger body of another shape is not read.',
        )
    if len(encrypted) > MAX_ENCRYPT:
        raise BadRequest(
            f"encrypt is over {MAX_ENCRYPT // 1024} KiB",
            "A DingTalk push carries a few KiB of ciphertext; this one is not read.",
        )
    return encrypted


def verify(crypto: DingCrypto, query: Mapping[str, str], body: bytes) -> str:
    """Check the query and the signature; returns the verified `encrypt` value. Raises the input error
    (MissingParameter, BadTimestamp, BadRequest) or SignatureMismatch."""
    params = request_params(query)
    check_timestamp(params["timestamp"])
    encrypted = push_encrypt(body)
    crypto.verify(params["signature"], params["timestamp"], params["nonce"], encrypted)
    return encrypted


def open_verified(crypto: DingCrypto, encrypted: str) -> Opened | str:
    """Open a verified ciphertext for this profile, or return the failed step's code — with the same
    work for every way it fails (no message built, no second decryption).

    The one exception is DingTalk's ISV suite URL check sealed for its placeholder key, which opens:
    its message is parsed only when the key found starts with "suite" as the profile's does, which a
    stranger altering ciphertext cannot aim at."""
    opened = crypto.try_open(encrypted)
    if isinstance(opened, str):
        return opened
    if not crypto.owner_key or opened.owner_key == crypto.owner_key:
        return Opened(opened, crypto)
    sealer = open_placeholder(crypto, opened)
    return Opened(opened, sealer) if sealer is not None else OwnerKeyMismatch.code


def stale_age(stamp: str, now: float | None = None) -> float | None:
    """How far the push's (millisecond) timestamp lies from now when that makes it stale, else None.

    Positive: that many seconds old; negative: that far in the future. Seconds-timestamps (10 digits)
    read as milliseconds would look 50 years old: those are a hand-made sender, noted by the diagnosis."""
    if len(stamp) <= 11:
        return None
    age = (time.time() if now is None else now) - int(stamp) / 1000.0
    return age if age > STALE_AFTER_S or age < -FUTURE_AFTER_S else None


def note_if_stale(ex: Exchange, profile: str) -> None:
    """A push older than a day (or far ahead) is accepted, as DingTalk's retries need, but marked stale:
    an error code on the OK record, and a diagnosis holding the timestamp step (which says by how much)."""
    stamp = request_params(ex.request.query)["timestamp"]  # it verified: the parameters are there
    age = stale_age(stamp, ex.received_at)
    if age is None:
        return
    step = timestamp_step(stamp, ex.received_at)
    ex.error_code = "stale_timestamp"
    when = "more than a day old" if age > 0 else "more than an hour in the future"
    ex.error_message = f"accepted, but stale: the timestamp is {when}"
    report = Report(kind="request", steps=[step], profile=profile, message=ex.message, event_type=ex.event_type)
    ex.diagnosis = report.to_dict()
