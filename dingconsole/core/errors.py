"""Typed protocol errors: each carries a stable machine code, its parameters and a hint a person can act on.

The GUI re-renders hints in the user's language from `code` + `params`; the CLI prints `message`
and `hint` as they are. No other exception type escapes the crypto and diagnosis API.
"""

from __future__ import annotations

from typing import Any


class DingError(Exception):
    """Base of every error the protocol core raises on bad input."""

    code = "error"

    def __init__(self, message: str, hint: str = "", **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.params = params

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "hint": self.hint, "params": self.params}

    def __str__(self) -> str:
        return f"{self.message} — {self.hint}" if self.hint else self.message


class InvalidAesKey(DingError):
    code = "invalid_aes_key"


class MissingParameter(DingError):
    code = "missing_parameter"


class BadRequest(DingError):
    """The request is not shaped like a DingTalk push (body not JSON, no `encrypt`, unparseable paste)."""

    code = "bad_request"


class SignatureMismatch(DingError):
    code = "signature_mismatch"


class InvalidBase64(DingError):
    code = "invalid_base64"


class InvalidBlockSize(DingError):
    code = "invalid_block_size"


class BadTimestamp(DingError):
    """The query's timestamp is not digits: no DingTalk push (the listener refuses it before any crypto)."""

    code = "bad_timestamp"


class InvalidPadding(DingError):
    code = "invalid_padding"


class InvalidLength(DingError):
    code = "invalid_length"


class OwnerKeyMismatch(DingError):
    code = "owner_key_mismatch"


class InvalidUtf8(DingError):
    code = "invalid_utf8"


class InvalidJson(DingError):
    code = "invalid_json"


class ReplyInvalid(DingError):
    """A callback reply that DingTalk would refuse (71009 "返回文本非success")."""

    code = "reply_invalid"
