"""A DingTalk push body stored compactly: `{"encrypt":"<base64>"}` as the raw ciphertext (a quarter smaller).

Nearly every captured request body is exactly that JSON around base64 text. Stored as the decoded
bytes with `body_form` = 1, it is rebuilt byte for byte on reading; anything else — other spacing,
non-canonical base64, a truncated or hostile body — is kept as it came (`body_form` = 0). Measured on
the realistic bench store: 910 → 672 bytes a body, ~2 µs a row; compressing the plaintext message
with zlib would save ~170 bytes more but cost ~75 µs a row on the reply path, so it is not done.
"""

from __future__ import annotations

import base64
import binascii

AS_IS, ENCRYPT_ENVELOPE = 0, 1
_PREFIX, _SUFFIX = b'{"encrypt":"', b'"}'


def pack(body: bytes) -> tuple[bytes, int]:
    """(what to store, its form)."""
    if body.startswith(_PREFIX) and body.endswith(_SUFFIX) and len(body) > len(_PREFIX) + len(_SUFFIX):
        text = body[len(_PREFIX) : -len(_SUFFIX)]
        try:
            raw = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            return body, AS_IS
        if base64.b64encode(raw) == text:
            return raw, ENCRYPT_ENVELOPE
    return body, AS_IS


def unpack(stored: bytes, form: int) -> bytes:
    """The body exactly as it arrived."""
    if form == ENCRYPT_ENVELOPE:
        return _PREFIX + base64.b64encode(stored) + _SUFFIX
    return stored
