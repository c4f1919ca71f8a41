"""PKCS#7 padding to DingTalk's 32-byte block, and a tolerant unpadder (pad values 1..32)."""

from __future__ import annotations

from dingconsole.core.errors import InvalidPadding

BLOCK_SIZE = 32


def pad(data: bytes, block_size: int = BLOCK_SIZE) -> bytes:
    """Pad to a multiple of `block_size`; always adds 1..block_size bytes."""
    amount = block_size - len(data) % block_size
    return data + bytes([amount]) * amount


def pad_length(data: bytes) -> int:
    """How many trailing bytes are padding; raises InvalidPadding when the tail is not PKCS#7.

    Accepts 1..32 so both DingTalk's 32-byte padding and the Go demo's 16-byte padding open.
    """
    if not data:
        raise InvalidPadding("plaintext is empty", "The aesKey differs, or the ciphertext was cut short.")
    amount = data[-1]
    if not 1 <= amount <= BLOCK_SIZE or amount > len(data):
        raise InvalidPadding(
            f"last byte is {amount}, not a padding value 1..{BLOCK_SIZE}",
            "The aesKey differs from the one that encrypted this payload.",
            value=amount,
        )
    if data[-amount:] != bytes([amount]) * amount:
        raise InvalidPadding(
            f"padding of {amount} bytes is not uniform",
            "The aesKey differs from the one that encrypted this payload.",
            value=amount,
        )
    return amount


def unpad(data: bytes) -> bytes:
    return data[: len(data) - pad_length(data)]
