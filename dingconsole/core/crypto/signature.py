"""DingTalk's message signature: SHA-1 over token, timestamp, nonce and encrypt, sorted byte-wise."""

from __future__ import annotations

import hashlib
import hmac


def sign(token: str, timestamp: str, nonce: str, encrypt: str) -> str:
    """Lowercase hex SHA-1 of the four strings sorted in ordinal (UTF-8 byte) order, concatenated."""
    parts = sorted(part.encode("utf-8") for part in (token, timestamp, nonce, encrypt))
    return hashlib.sha1(b"".join(parts)).hexdigest()


def same_signature(expected: str, received: str) -> bool:
    """Constant-time comparison, case-insensitive on the hex digits."""
    return hmac.compare_digest(
        expected.lower().encode("ascii", "replace"), received.strip().lower().encode("ascii", "replace")
    )
