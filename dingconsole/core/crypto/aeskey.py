"""The encodingAesKey: 43 base64 characters that decode (with "=" appended) to a 32-byte AES-256 key."""

from __future__ import annotations

import base64
import secrets
import string
from dataclasses import dataclass

from dingconsole.core.errors import InvalidAesKey

AES_KEY_LENGTH = 43
_ALPHABET = frozenset(string.ascii_letters + string.digits)
_TOKEN_ALPHABET = string.ascii_letters + string.digits


def parse_aes_key(text: str) -> bytes:
    """Validate an encodingAesKey and return the 32 raw key bytes.

    Decoding is lenient about the spare bits of the last character (DingTalk issues such keys and
    strict decoders such as commons-codec >= 1.13 reject them).
    """
    if not isinstance(text, str):
        raise InvalidAesKey("aesKey must be text", "Paste the 43-character encodingAesKey from the developer console.")
    if len(text) != AES_KEY_LENGTH:
        check = inspect_aes_key(text)
        if check.problem == "whitespace":
            raise InvalidAesKey(
                f"aesKey has {check.whitespace} spaces or line breaks around it",
                "Copy the 43-character encodingAesKey without the surrounding whitespace.",
                length=len(text),
                whitespace=check.whitespace,
            )
        if check.problem == "equals":
            raise InvalidAesKey(
                "aesKey ends with '=' (44 characters)",
                "Give the 43 characters without '=': the '=' is appended only when the key is decoded.",
                length=len(text),
                equals=True,
            )
        raise InvalidAesKey(
            f"aesKey has {len(text)} characters, expected {AES_KEY_LENGTH}",
            "Copy the whole encodingAesKey (43 letters and digits, no '=' and no spaces).",
            length=len(text),
        )
    for index, char in enumerate(text):
        if char not in _ALPHABET:
            raise InvalidAesKey(
                f"aesKey character {index + 1} is {char!r}; only A–Z, a–z and 0–9 are allowed",
                "The encodingAesKey has letters and digits only; check for a stray '+', '/', '=' or space.",
                position=index + 1,
                char=char,
            )
    return base64.b64decode(text + "=")


@dataclass(frozen=True)
class AesKeyCheck:
    """What is wrong with an encodingAesKey, and the key to use when a safe strip fixes it.

    `problem` is None (fine), "whitespace" or "equals" (fixed: `cleaned` holds the 43 characters),
    "character" (`position` 1-based and `char`) or "length".
    """

    problem: str | None
    length: int
    cleaned: str | None = None
    position: int | None = None
    char: str | None = None
    whitespace: int = 0

    @property
    def usable(self) -> bool:
        return self.problem is None or self.cleaned is not None


def inspect_aes_key(text: str) -> AesKeyCheck:
    """Name the first problem of an aesKey: surrounding whitespace and a trailing '=' are stripped
    (the 43 characters left are the key DingTalk issued); a bad character or length is not guessed at."""
    stripped = text.strip()
    whitespace = len(text) - len(stripped)
    core = stripped[:-1] if len(stripped) == AES_KEY_LENGTH + 1 and stripped.endswith("=") else stripped
    if len(core) == AES_KEY_LENGTH and all(char in _ALPHABET for char in core):
        if whitespace:
            return AesKeyCheck("whitespace", len(text), core, whitespace=whitespace)
        if core != stripped:
            return AesKeyCheck("equals", len(text), core)
        return AesKeyCheck(None, len(text))
    for index, char in enumerate(text):
        if char not in _ALPHABET and not (char == "=" and index == len(text) - 1):
            return AesKeyCheck("character", len(text), position=index + 1, char=char)
    return AesKeyCheck("length", len(text))


def generate_aes_key() -> str:
    """A fresh random encodingAesKey, for setting up a new app or a test profile."""
    return "".join(secrets.choice(_TOKEN_ALPHABET) for _ in range(AES_KEY_LENGTH))


def generate_token(length: int = 32) -> str:
    """A fresh random callback token."""
    return "".join(secrets.choice(_TOKEN_ALPHABET) for _ in range(length))
