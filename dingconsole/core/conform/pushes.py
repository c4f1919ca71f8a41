"""The pushes the suite sends: sealed like DingTalk's (core.send.seal_push), with the padding chosen,
and the deliberate forgeries (another token, another owner key, a corrupted ciphertext).

Padding: DingTalk pads to 32 bytes, so about half of real pushes carry pad values over 16 and a
16-byte unpadder fails at random. To make each fault show in one case only, every push except
padding_32's is sized (spaces inside the JSON, before its closing brace) to a pad value of 1..16;
padding_32 then sends exactly the values 17..32.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import secrets
from typing import Any

from dingconsole.core import catalogue, untrusted
from dingconsole.core.crypto import decode_ciphertext, generate_token, sign
from dingconsole.core.exchange import HttpRequest
from dingconsole.core.profiles import Profile
from dingconsole.core.send import seal_push
from dingconsole.core.send import templates as templates_mod

HEADER_BYTES = 20  # 16 random bytes + the 4-byte length
BLOCK = 32
SMALL_PAD = 16  # the largest pad value every unpadder accepts
REPRESENTATIVES = (
    "bpms_instance_change_start",
    "bpms_task_change_start",
    "user_add_org",
    "org_dept_create",
    "chat_add_member",
    "attendance_check_record",
    "check_in",
)
URL_CHECKS = frozenset({"check_url", "check_create_suite_url", "check_update_suite_url"})
ASCII_EVENT = "user_add_org"  # a contacts event in plain ASCII: the cases not about Unicode use it
LARGE_BYTES = 60 * 1024


def pad_of(message: str, owner_key: str) -> int:
    """The PKCS#7 pad value (1..32) DingTalk's framing gives this message for this owner key."""
    size = HEADER_BYTES + len(message.encode("utf-8")) + len(owner_key.encode("utf-8"))
    return BLOCK - size % BLOCK


def with_pad(message: str, owner_key: str, pad: int | None = None) -> str:
    """`message` with spaces before its closing brace so the pad value is `pad` (default: at most 16)."""
    current = pad_of(message, owner_key)
    if pad is None:
        extra = 0 if current <= SMALL_PAD else current - SMALL_PAD
    else:
        if not 1 <= pad <= BLOCK:
            raise ValueError(f"pad value {pad} is not 1..{BLOCK}")
        extra = (current - pad) % BLOCK
    if not extra:
        return message
    stripped = message.rstrip()
    if stripped.endswith("}"):
        return stripped[:-1] + " " * extra + "}"
    return message + " " * extra


def seal(
    message: str,
    profile: Profile,
    *,
    pad: int | None = None,
    owner_key: str | None = None,
    token: str | None = None,
) -> HttpRequest:
    """A push of `message` sealed with the profile (or with another owner key / token), padding chosen."""
    owner = profile.owner_key if owner_key is None else owner_key
    sealer = profile
    if owner_key is not None or token is not None:
        sealer = dataclasses.replace(profile, owner_key=owner, token=profile.token if token is None else token)
    return seal_push(with_pad(message, owner, pad), sealer)


def drop_param(request: HttpRequest, name: str) -> HttpRequest:
    """The same push without one query parameter (`signature` or `msg_signature`)."""
    query = {k: v for k, v in request.query.items() if k != name}
    return dataclasses.replace(request, query=query)


def _encrypt_of(request: HttpRequest) -> str:
    return str(untrusted.loads(request.body)["encrypt"])


def _resign(request: HttpRequest, profile: Profile, encrypt: str) -> HttpRequest:
    """The push with `encrypt` replaced and a *valid* signature (the profile's token) over it."""
    query = dict(request.query)
    signature = sign(profile.token, query["timestamp"], query["nonce"], encrypt)
    query["signature"] = query["msg_signature"] = signature
    body = json.dumps({"encrypt": encrypt}, separators=(",", ":")).encode("ascii")
    return dataclasses.replace(request, query=query, body=body)


def tampered_padding(message: str, profile: Profile) -> HttpRequest:
    """A validly signed push whose ciphertext decrypts to a last byte of 0: no PKCS#7 unpadder accepts it.

    CBC bit-flipping: XOR-ing byte 15 of the second-to-last ciphertext block flips the same bit of the
    last plaintext byte, whose value (the pad) we chose.
    """
    pad = 8
    request = seal(message, profile, pad=pad)
    data = bytearray(decode_ciphertext(_encrypt_of(request)))
    data[-17] ^= pad
    return _resign(request, profile, base64.b64encode(bytes(data)).decode("ascii"))


def tampered_length(message: str, profile: Profile) -> HttpRequest:
    """A validly signed push whose ciphertext lost its last 8 bytes (not a whole number of AES blocks)."""
    request = seal(message, profile)
    data = decode_ciphertext(_encrypt_of(request))[:-8]
    return _resign(request, profile, base64.b64encode(data).decode("ascii"))


def foreign_owner_key(profile: Profile) -> str:
    """An owner key of another app, shaped like the profile's (so the handler cannot reject it by shape)."""
    own = profile.owner_key
    while True:
        if own.startswith("suite"):
            key = "suite" + secrets.token_hex(8)
        else:
            key = "ding" + secrets.token_hex(8)
        if key != own:
            return key


def other_token(profile: Profile) -> str:
    while True:
        token = generate_token()
        if token != profile.token:
            return token


def render(name: str, **overrides: Any) -> str:
    return templates_mod.render(name, **overrides)


def ascii_event(event_id: str | None = None) -> str:
    """A contacts event in plain ASCII with an `eventId` (fresh unless given): DingTalk de-duplicates on it."""
    return templates_mod.render(ASCII_EVENT, eventId=event_id or secrets.token_hex(16))


def _over_http(template: templates_mod.Template) -> bool:
    spec = catalogue.get(template.event_type) if template.event_type in catalogue.types() else None
    return spec is None or "http" in spec.transports


def event_templates() -> list[templates_mod.Template]:
    """The events event_types pushes: approval instance and task, a user and a department change, a chat,
    an attendance record and a check-in, then one of every other family DingTalk pushes over HTTP.
    No URL checks (answered differently, and check_url's business)."""
    usable = [t for t in templates_mod.templates() if t.event_type not in URL_CHECKS and _over_http(t)]
    by_name = {t.name: t for t in usable}
    chosen = [by_name[name] for name in REPRESENTATIVES if name in by_name]
    covered = {t.family for t in chosen}
    for template in usable:
        if template.family not in covered:
            chosen.append(template)
            covered.add(template.family)
    return chosen


def is_ascii(text: str) -> bool:
    return text.isascii()


def large_text(size: int, *, unicode: bool) -> str:
    """About `size` UTF-8 bytes of comment text: ASCII only, or Chinese and emoji mixed in."""
    unit = "同意，请补充发票照片 👍 OK. " if unicode else "Approved, please attach the invoice photo. "
    repeat = size // len(unit.encode("utf-8")) + 1
    text = unit * repeat
    while len(text.encode("utf-8")) > size:
        text = text[:-1]
    return text
