"""DingTalk callback crypto (docs/PROTOCOL.md §2): cipher and framing, aesKey, 32-byte PKCS#7, SHA-1 signature."""

from __future__ import annotations

from dingconsole.core.crypto.aeskey import generate_aes_key, generate_token, parse_aes_key
from dingconsole.core.crypto.cipher import (
    Decrypted,
    DingCrypto,
    body_encrypt,
    decode_ciphertext,
    describe_owner_key,
    parse_json_message,
    random_nonce,
    request_params,
)
from dingconsole.core.crypto.pkcs7 import pad
from dingconsole.core.crypto.signature import same_signature, sign

__all__ = [
    "Decrypted",
    "DingCrypto",
    "body_encrypt",
    "decode_ciphertext",
    "describe_owner_key",
    "generate_aes_key",
    "generate_token",
    "pad",
    "parse_aes_key",
    "parse_json_message",
    "random_nonce",
    "request_params",
    "same_signature",
    "sign",
]
