"""DingTalk callback crypto (docs/PROTOCOL.md §2): encrypt, decrypt, sign, seal a reply, open a request.

Plaintext layout: 16 random bytes | 4-byte big-endian length of msg in UTF-8 bytes | msg | owner key,
PKCS#7-padded to 32 bytes, AES-256-CBC with IV = first 16 bytes of the key.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import secrets
import string
import struct
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from Crypto.Cipher import AES

from dingconsole.core.crypto import pkcs7
from dingconsole.core.crypto.aeskey import parse_aes_key
from dingconsole.core.crypto.signature import same_signature, sign
from dingconsole.core.errors import (
    BadRequest,
    DingError,
    InvalidBase64,
    InvalidBlockSize,
    InvalidJson,
    InvalidLength,
    InvalidPadding,
    InvalidUtf8,
    MissingParameter,
    OwnerKeyMismatch,
    SignatureMismatch,
)
from dingconsole.core.untrusted import loads as bounded_loads

RANDOM_BYTES = 16
LENGTH_BYTES = 4
HEADER_BYTES = RANDOM_BYTES + LENGTH_BYTES
_NONCE_ALPHABET = string.ascii_letters + string.digits
_WHITESPACE = re.compile(rb"\s+")


@dataclass(frozen=True)
class Segment:
    """One region of the decrypted plaintext, for the byte-layout view."""

    name: str
    start: int
    end: int

    @property
    def size(self) -> int:
        return self.end - self.start


class Decrypted(NamedTuple):
    """What a ciphertext opened to: the message, the key it was made for, and how the bytes lay.

    A NamedTuple rather than a frozen dataclass: just as immutable, and built once per push on the
    listener's hot path, where the frozen dataclass's __init__ cost a measurable microsecond.
    """

    message: str
    message_bytes: bytes
    owner_key: str
    random: bytes
    declared_length: int
    pad_value: int
    plaintext_size: int

    def json(self) -> Any:
        """The message as JSON; raises InvalidJson with the parser's position when it is not."""
        return parse_json_message(self.message)

    def layout(self) -> list[Segment]:
        """random | length | message | owner key | padding, with offsets into the plaintext."""
        msg_end = HEADER_BYTES + self.declared_length
        key_end = self.plaintext_size - self.pad_value
        return [
            Segment("random", 0, RANDOM_BYTES),
            Segment("length", RANDOM_BYTES, HEADER_BYTES),
            Segment("message", HEADER_BYTES, msg_end),
            Segment("owner_key", msg_end, key_end),
            Segment("padding", key_end, self.plaintext_size),
        ]


def parse_json_message(message: str) -> Any:
    try:
        return bounded_loads(message)
    except ValueError as exc:
        raise InvalidJson(
            f"message is not JSON: {exc}",
            "The payload decrypted, but its message is not the JSON an event should be.",
            detail=str(exc),
        ) from None


def decode_ciphertext(encrypt: str | bytes) -> bytes:
    """Base64-decode a ciphertext, tolerating line breaks and missing '=' but naming bad characters."""
    raw = encrypt.encode("utf-8", "replace") if isinstance(encrypt, str) else bytes(encrypt)
    try:  # fast path for the common clean value; the tolerant path below explains anything else
        data = binascii.a2b_base64(raw, strict_mode=True)  # validated in C (b64decode's validate= uses a regex)
    except binascii.Error:
        data = b""
    if data and not len(data) % AES.block_size:
        return data
    raw = _WHITESPACE.sub(b"", raw)
    if not raw:
        raise InvalidBase64("encrypt is empty", 'Paste the value of the body\'s "encrypt" field.')
    bad = re.search(rb"[^A-Za-z0-9+/=]", raw)
    if bad:
        char = raw[bad.start() : bad.start() + 1].decode("latin-1")
        raise InvalidBase64(
            f"encrypt is not base64: character {bad.start() + 1} is {char!r}",
            "Copy the encrypt value exactly; URL-decode it if it came from a query string.",
            position=bad.start() + 1,
            char=char,
        )
    stripped = raw.rstrip(b"=")
    try:
        data = base64.b64decode(stripped + b"=" * (-len(stripped) % 4))
    except binascii.Error as exc:
        raise InvalidBase64(f"encrypt is not base64: {exc}", "The encrypt value was cut or altered.") from None
    if not data or len(data) % AES.block_size:
        raise InvalidBlockSize(
            f"ciphertext is {len(data)} bytes, not a whole number of 16-byte AES blocks",
            "The encrypt value was truncated or altered in transit.",
            size=len(data),
        )
    return data


class DingCrypto:
    """Crypto bound to one set of credentials. Randomness and the clock are injectable for tests."""

    def __init__(
        self,
        token: str,
        aes_key: str,
        owner_key: str = "",
        *,
        random_bytes: Callable[[int], bytes] = os.urandom,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.token = token
        self.owner_key = owner_key
        self._key = parse_aes_key(aes_key)
        self._iv = self._key[:16]
        self._random_bytes = random_bytes
        self._clock = clock

    # -- AES framing -------------------------------------------------------------------------

    def encrypt(self, message: str | bytes, *, owner_key: str | None = None) -> str:
        """Encrypt `message` for `owner_key` (default: this profile's) → base64 with no line breaks."""
        body = message.encode("utf-8") if isinstance(message, str) else bytes(message)
        key = (self.owner_key if owner_key is None else owner_key).encode("utf-8")
        plain = self._random_bytes(RANDOM_BYTES) + struct.pack(">I", len(body)) + body + key
        cipher = AES.new(self._key, AES.MODE_CBC, self._iv)
        return base64.b64encode(cipher.encrypt(pkcs7.pad(plain))).decode("ascii")

    def decrypt(self, encrypt: str | bytes, *, check_owner: bool = True) -> Decrypted:
        """Open a ciphertext; check the trailing owner key unless `check_owner` is false or none is set.

        Raises the DingError that names what failed (padding, length, UTF-8, owner key), with details."""
        plain = self._plaintext(decode_ciphertext(encrypt))
        opened = frame(plain)
        if isinstance(opened, str):
            raise frame_error(plain)
        if check_owner and self.owner_key and opened.owner_key != self.owner_key:
            raise owner_mismatch(opened.owner_key, self.owner_key)
        return opened

    def try_open(self, encrypt: str) -> Decrypted | str:
        """Open a ciphertext, or return the code of the step that failed, building no error message.

        For the listener between the signature check and the reply (docs/PROTOCOL.md §6): which step
        failed must not show in the reply's timing (a CBC padding oracle), so nothing here formats a
        message or decrypts twice. The owner key is the caller's to compare."""
        try:
            data = decode_ciphertext(encrypt)
        except DingError as err:  # the sender's own base64: nothing secret in how it fails
            return err.code
        return frame(self._plaintext(data))

    def _plaintext(self, data: bytes) -> bytes:
        return AES.new(self._key, AES.MODE_CBC, self._iv).decrypt(data)

    # -- signatures --------------------------------------------------------------------------

    def sign(self, timestamp: str, nonce: str, encrypt: str) -> str:
        return sign(self.token, timestamp, nonce, encrypt)

    def verify(self, signature: str, timestamp: str, nonce: str, encrypt: str) -> None:
        """Raise SignatureMismatch (expected vs received) unless the signature fits this token."""
        expected = self.sign(timestamp, nonce, encrypt)
        if not same_signature(expected, signature):
            raise SignatureMismatch(
                f"signature mismatch: expected {expected}, received {signature}",
                "The token differs from the one DingTalk signs with (the token, not the aesKey).",
                expected=expected,
                received=signature,
            )

    # -- envelopes ---------------------------------------------------------------------------

    def seal(
        self, message: str | bytes = "success", *, timestamp: str | None = None, nonce: str | None = None
    ) -> dict[str, str]:
        """A signed envelope: the reply DingTalk expects, or (with an event) a push body plus its query."""
        ts = timestamp if timestamp is not None else str(int(self._clock() * 1000))
        nc = nonce if nonce is not None else random_nonce()
        encrypted = self.encrypt(message)
        return {"msg_signature": self.sign(ts, nc, encrypted), "timeStamp": ts, "nonce": nc, "encrypt": encrypted}

    def open_request(self, query: Mapping[str, str], body: bytes | str | Mapping[str, Any]) -> Decrypted:
        """Verify and decrypt a whole push: query (signature, timestamp, nonce) plus the JSON body."""
        params = request_params(query)
        encrypted = body_encrypt(body)
        self.verify(params["signature"], params["timestamp"], params["nonce"], encrypted)
        return self.decrypt(encrypted)


_PADDINGS = [bytes([n]) * n for n in range(pkcs7.BLOCK_SIZE + 1)]


def frame(plain: bytes) -> Decrypted | str:
    """The message a decrypted plaintext frames (random | length | message | owner key | padding), or the
    code of the check that failed (padding, the length field, UTF-8); `frame_error` gives the details."""
    size = len(plain)
    amount = plain[-1] if size else 0
    if not 1 <= amount <= pkcs7.BLOCK_SIZE or amount > size or not plain.endswith(_PADDINGS[amount]):
        return InvalidPadding.code
    end = size - amount  # index instead of slicing: no copy of a large plaintext
    if end < HEADER_BYTES:
        return InvalidLength.code
    (declared,) = struct.unpack_from(">I", plain, RANDOM_BYTES)
    if declared > end - HEADER_BYTES:
        return InvalidLength.code
    body = plain[HEADER_BYTES : HEADER_BYTES + declared]
    try:
        message = body.decode("utf-8")
    except UnicodeDecodeError:
        return InvalidUtf8.code
    return Decrypted(
        message=message,
        message_bytes=body,
        owner_key=plain[HEADER_BYTES + declared : end].decode("utf-8", "replace"),
        random=plain[:RANDOM_BYTES],
        declared_length=declared,
        pad_value=amount,
        plaintext_size=size,
    )


def frame_error(plain: bytes) -> DingError:
    """Why `frame(plain)` found no message: the padding, length or UTF-8 error with its details."""
    pad_value = pkcs7.pad_length(plain)  # raises InvalidPadding when that is what is wrong
    end = len(plain) - pad_value
    if end < HEADER_BYTES:
        return InvalidLength(
            f"plaintext has {end} bytes, fewer than the {HEADER_BYTES}-byte header",
            "The aesKey differs, or the ciphertext was not made by DingTalk's scheme.",
            declared=None,
            available=end - HEADER_BYTES,
        )
    (declared,) = struct.unpack_from(">I", plain, RANDOM_BYTES)
    available = end - HEADER_BYTES
    if declared > available:
        return InvalidLength(
            f"length field says {declared} bytes but only {available} follow",
            "The aesKey differs, or the sender counted characters instead of UTF-8 bytes.",
            declared=declared,
            available=available,
        )
    try:
        plain[HEADER_BYTES : HEADER_BYTES + declared].decode("utf-8")
    except UnicodeDecodeError as exc:
        return InvalidUtf8(
            f"message is not UTF-8 (byte {exc.start} of {declared})",
            "The sender counted characters instead of UTF-8 bytes, or the payload is not text.",
            declared=declared,
            position=exc.start,
        )
    raise ValueError("frame_error called on a plaintext that frames a message")


def owner_mismatch(found: str, expected: str) -> OwnerKeyMismatch:
    return OwnerKeyMismatch(
        f"payload was made for {found!r}, the profile has {expected!r}",
        f"Set the profile's owner key to {found!r} ({describe_owner_key(found)}); "
        "DingTalk appends the AppKey for console apps, the CorpId for register_call_back, the suiteKey for ISV apps.",
        found=found,
        expected=expected,
    )


def owner_key_kind(key: str) -> str:
    """Which kind of key an owner key looks like: "suite_key", "corp_id", "app_key" or "unknown".

    suiteKeys start with "suite"; CorpIds are "ding" plus 16 or 32 hex digits; AppKeys (Client IDs)
    are other "ding…" keys. A guess for hints only — the payload's own key is what counts.
    """
    if key.startswith("suite"):
        return "suite_key"
    if key.startswith("ding") and len(key) in (20, 36) and all(c in string.hexdigits for c in key[4:]):
        return "corp_id"
    if key.startswith("ding"):
        return "app_key"
    return "unknown"


_OWNER_KEY_KINDS = {
    "suite_key": "a suiteKey of a third-party app",
    "corp_id": "a CorpId, used by apps registered with register_call_back",
    "app_key": "an AppKey (Client ID)",
    "unknown": "an unrecognised key",
}


def describe_owner_key(key: str) -> str:
    """The kind of an owner key in words, for hints (AppKey vs CorpId vs suiteKey)."""
    return _OWNER_KEY_KINDS[owner_key_kind(key)]


def random_nonce(length: int = 8) -> str:
    """Letters and digits, uniformly: base64 of random bytes with '+' and '/' dropped (faster than choice())."""
    nonce = ""
    while len(nonce) < length:
        chunk = base64.b64encode(secrets.token_bytes(3 * ((length + 3) // 4))).decode("ascii")
        nonce += chunk.replace("+", "").replace("/", "")
    return nonce[:length]


def request_params(query: Mapping[str, str]) -> dict[str, str]:
    """Pick signature, timestamp and nonce from a query, accepting the spellings DingTalk uses."""
    signature = query.get("msg_signature") or query.get("signature")
    timestamp = query.get("timestamp") or query.get("timeStamp")
    nonce = query.get("nonce")
    missing = [
        name for name, value in (("msg_signature", signature), ("timestamp", timestamp), ("nonce", nonce)) if not value
    ]
    if missing:
        raise MissingParameter(
            f"query is missing {', '.join(missing)}",
            "DingTalk puts signature/msg_signature, timestamp and nonce in the URL query of every push.",
            missing=missing,
        )
    return {"signature": str(signature), "timestamp": str(timestamp), "nonce": str(nonce)}


def body_encrypt(body: bytes | str | Mapping[str, Any]) -> str:
    """The `encrypt` field of a push body, with a clear error when the body is not that shape."""
    if type(body) is not bytes and isinstance(body, Mapping):  # bytes first: the ABC check is slow
        data: Any = body
    else:
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
        if not text.strip():
            raise BadRequest("body is empty", 'DingTalk posts a JSON body {"encrypt": "..."}.')
        try:
            data = bounded_loads(text)  # a body nested 20,000 deep is a 400, not a RecursionError
        except ValueError as exc:
            raise BadRequest(f"body is not JSON: {exc}", 'DingTalk posts a JSON body {"encrypt": "..."}.') from None
    if not (type(data) is dict or isinstance(data, Mapping)) or not isinstance(data.get("encrypt"), str):
        raise BadRequest('body has no "encrypt" string', 'DingTalk posts a JSON body {"encrypt": "..."}.')
    return data["encrypt"]
