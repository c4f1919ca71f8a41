"""PKCS#7 to 32 bytes when padding; 1..32 accepted when unpadding; anything else InvalidPadding."""

from __future__ import annotations

import pytest

from dingconsole.core.crypto import pkcs7
from dingconsole.core.errors import InvalidPadding


@pytest.mark.parametrize("size", [0, 1, 31, 32, 33, 100])
def test_pad_to_32_and_back(size: int) -> None:
    padded = pkcs7.pad(b"x" * size)
    assert len(padded) % 32 == 0 and 1 <= padded[-1] <= 32
    assert pkcs7.unpad(padded) == b"x" * size


def test_sixteen_byte_padding_and_real_pad_values() -> None:
    assert pkcs7.unpad(pkcs7.pad(b"abc", 16)) == b"abc"
    assert pkcs7.pad_length(b"y" * 10 + bytes([22]) * 22) == 22 and pkcs7.pad_length(bytes([31]) * 32) == 31


@pytest.mark.parametrize("data", [b"", b"x" * 31 + b"\x00", b"x" * 31 + b"\x21", b"x" * 30 + b"\x01\x02", b"\x05"])
def test_bad_padding(data: bytes) -> None:
    with pytest.raises(InvalidPadding):
        pkcs7.unpad(data)
