"""Open a ciphertext far enough to explain it: plaintext framing read by hand-held steps, not all-or-nothing.

`DingCrypto.decrypt` answers "does it open?"; the diagnosis also needs "why not?": whether the
length field was written by a sender that counted characters (the key found then *ends with* the
expected key and the declared length equals the message's character count), and whether a
ciphertext that no aesKey opens was merely cut short (CBC decrypts every block on its own, so the
right key still reads a plausible header and the start of a JSON message).
"""

from __future__ import annotations

import base64
import binascii
import re
import struct
from dataclasses import dataclass

from Crypto.Cipher import AES

from dingconsole.core.crypto import pkcs7
from dingconsole.core.crypto.aeskey import parse_aes_key
from dingconsole.core.errors import DingError

HEADER = 20
_MAX_MESSAGE = 16 * 1024 * 1024  # a declared length beyond this is noise, not a cut message
_B64_CHARS = re.compile(r"[^A-Za-z0-9+/]")


@dataclass(frozen=True)
class CharCounted:
    """A length field written by counting characters: the real message and its sizes."""

    message: str
    declared: int
    characters: int
    actual: int  # UTF-8 bytes
    owner_key: str


def aes_bytes(aes_key: str) -> bytes | None:
    try:
        return parse_aes_key(aes_key)
    except DingError:
        return None


def raw_plaintext(data: bytes, key: bytes) -> bytes:
    """AES-256-CBC with IV = key[:16] over whole blocks (the caller passes a multiple of 16)."""
    return AES.new(key, AES.MODE_CBC, key[:16]).decrypt(data)


def char_counted(data: bytes, key: bytes, owner_keys: list[str]) -> CharCounted | None:
    """Spot the character-counting sender: the bytes after the header are message + a known owner key,
    and the declared length is the message's character count, not its byte count."""
    plain = raw_plaintext(data, key)
    try:
        end = len(plain) - pkcs7.pad_length(plain)
    except DingError:
        return None
    if end < HEADER:
        return None
    (declared,) = struct.unpack_from(">I", plain, 16)
    rest = plain[HEADER:end]
    for owner in sorted({k for k in owner_keys if k}, key=len, reverse=True):
        tail = owner.encode("utf-8")
        if not rest.endswith(tail):
            continue
        body = rest[: len(rest) - len(tail)]
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if len(body) != declared and declared in (len(text), len(text.encode("utf-16-le")) // 2):
            return CharCounted(text, declared, len(text), len(body), owner)
    return None


@dataclass(frozen=True)
class CutShort:
    """A ciphertext cut short that the key still opens the start of."""

    size: int  # ciphertext bytes that arrived (whole blocks decoded)
    chars: int  # base64 characters that arrived
    declared: int
    by_chars: bool  # cut mid-value (not whole blocks / not whole base64 quanta)


def whole_block_prefix(encrypt: str) -> tuple[bytes, int, bool]:
    """The longest decodable whole-block prefix of a (maybe cut) base64 value, its character count,
    and whether the value stops mid-block."""
    chars = _B64_CHARS.sub("", encrypt)
    usable = chars[: len(chars) - 1] if len(chars) % 4 == 1 else chars  # one stray character holds no byte
    try:
        data = base64.b64decode(usable + "=" * (-len(usable) % 4))
    except (binascii.Error, ValueError):
        return b"", len(chars), True
    whole = data[: len(data) - len(data) % 16]
    return whole, len(chars), (len(chars) * 3 // 4) % 16 != 0


def cut_short(encrypt: str, key: bytes) -> CutShort | None:
    """The value was truncated when the key reads a header whose length runs past the data and whose
    message starts like JSON text; None when the ciphertext is whole or the key does not fit."""
    data, chars, by_chars = whole_block_prefix(encrypt)
    if len(data) < 32:
        return None
    plain = raw_plaintext(data, key)
    (declared,) = struct.unpack_from(">I", plain, 16)
    if not 0 < declared <= _MAX_MESSAGE:
        return None
    start = plain[HEADER : HEADER + min(declared, 64)]
    text = start.decode("utf-8", "ignore").lstrip()
    if not text.startswith(("{", "[")) or len(text) < min(len(start), 8) // 2:
        return None
    if _opens_whole(plain, declared) or (not by_chars and _padded(plain)):
        return None  # whole, or whole blocks ending in valid padding: a length problem, not a cut
    return CutShort(len(data), chars, declared, by_chars)


def _padded(plain: bytes) -> bool:
    try:
        pkcs7.pad_length(plain)
    except DingError:
        return False
    return True


def _opens_whole(plain: bytes, declared: int) -> bool:
    """The plaintext is complete: valid padding and room for the declared message."""
    try:
        end = len(plain) - pkcs7.pad_length(plain)
    except DingError:
        return False
    return end - HEADER >= declared
