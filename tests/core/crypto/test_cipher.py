"""DingCrypto: the published vector, pinned vectors of our own, round trips and exactly-typed errors."""

from __future__ import annotations

import base64
import json
import struct

import pytest
from Crypto.Cipher import AES
from hypothesis import given, settings
from hypothesis import strategies as st

from dingconsole.core.crypto import parse_aes_key, pkcs7
from dingconsole.core.crypto.cipher import DingCrypto, describe_owner_key, owner_key_kind, random_nonce
from dingconsole.core.errors import (
    BadRequest,
    DingError,
    InvalidBase64,
    InvalidBlockSize,
    InvalidLength,
    InvalidPadding,
    MissingParameter,
    OwnerKeyMismatch,
    SignatureMismatch,
)
from tests.vectors import AES_KEY, ENC, NONCE, OWNER, PLAIN, SIG, TOKEN, TS

QUERY = {"signature": SIG, "msg_signature": SIG, "timestamp": TS, "nonce": NONCE}
CRYPTO = DingCrypto(TOKEN, AES_KEY, OWNER)
PINNED = DingCrypto(TOKEN, AES_KEY, OWNER, random_bytes=lambda n: b"\x00" * n, clock=lambda: 1700000000.0)


def test_published_vector() -> None:
    assert CRYPTO.sign(TS, NONCE, ENC) == SIG
    opened = CRYPTO.open_request(QUERY, json.dumps({"encrypt": ENC}).encode())
    assert opened.message == PLAIN and opened.owner_key == OWNER and opened.pad_value == 22
    assert opened.declared_length == 97


def test_pinned_vectors_and_check_url() -> None:
    sealed = PINNED.seal('{"EventType":"check_url"}', nonce="abcdefgh")
    assert sealed["timeStamp"] == "1700000000000"
    assert sealed["encrypt"] == PINNED.encrypt('{"EventType":"check_url"}')
    key = parse_aes_key(AES_KEY)
    plain = AES.new(key, AES.MODE_CBC, key[:16]).decrypt(base64.b64decode(sealed["encrypt"]))
    assert plain[:20] == b"\x00" * 16 + struct.pack(">I", 25)
    assert len(plain) % 32 == 0 and "\n" not in sealed["encrypt"]
    query = {"msg_signature": sealed["msg_signature"], "timeStamp": sealed["timeStamp"], "nonce": "abcdefgh"}
    assert CRYPTO.open_request(query, {"encrypt": sealed["encrypt"]}).json() == {"EventType": "check_url"}


@settings(max_examples=40, deadline=None)
@given(st.one_of(st.just(""), st.text(min_size=1, max_size=1), st.text(max_size=300), st.just("钉钉回调😀" * 50)))
def test_round_trip(message: str) -> None:
    opened = CRYPTO.decrypt(CRYPTO.encrypt(message))
    assert opened.message == message and opened.declared_length == len(message.encode())


def test_one_mebibyte_round_trip() -> None:
    message = "x" * (1 << 20)
    assert CRYPTO.decrypt(CRYPTO.encrypt(message)).message == message


def test_go_demo_sixteen_byte_padding_and_line_broken_base64_open() -> None:
    key = parse_aes_key(AES_KEY)
    plain = b"r" * 16 + struct.pack(">I", 7) + b"success" + OWNER.encode()
    enc = base64.encodebytes(AES.new(key, AES.MODE_CBC, key[:16]).encrypt(pkcs7.pad(plain, 16))).decode()
    assert "\n" in enc
    assert CRYPTO.decrypt(enc).message == "success"


def _flip(encrypt: str, index: int) -> str:
    data = bytearray(base64.b64decode(encrypt))
    data[index] ^= 0x01
    return base64.b64encode(bytes(data)).decode()


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: DingCrypto("nope", AES_KEY, OWNER).verify(SIG, TS, NONCE, ENC), SignatureMismatch),
        (lambda: DingCrypto(TOKEN, "a" * 43, OWNER).decrypt(ENC), InvalidPadding),
        (lambda: DingCrypto(TOKEN, AES_KEY, "dingabc").decrypt(ENC), OwnerKeyMismatch),
        (lambda: CRYPTO.decrypt("abc$"), InvalidBase64),
        (lambda: CRYPTO.decrypt(ENC[:-8]), InvalidBlockSize),
        (lambda: CRYPTO.decrypt(_flip(ENC, -1)), InvalidPadding),
        (lambda: CRYPTO.open_request({"timestamp": TS}, {"encrypt": ENC}), MissingParameter),
        (lambda: CRYPTO.open_request(QUERY, b"not json"), BadRequest),
        (lambda: CRYPTO.open_request(QUERY, {"encrypt": _flip(ENC, 0)}), SignatureMismatch),
    ],
)
def test_each_fault_gives_exactly_its_error(call, error: type[DingError]) -> None:  # noqa: ANN001
    with pytest.raises(DingError) as info:
        call()
    assert type(info.value) is error and info.value.hint


def test_length_field_beyond_the_data() -> None:
    key = parse_aes_key(AES_KEY)
    plain = b"r" * 16 + struct.pack(">I", 500) + b"short" + OWNER.encode()
    enc = base64.b64encode(AES.new(key, AES.MODE_CBC, key[:16]).encrypt(pkcs7.pad(plain))).decode()
    with pytest.raises(InvalidLength) as info:
        CRYPTO.decrypt(enc)
    assert info.value.params["declared"] == 500


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=16, max_size=96).filter(lambda b: len(b) % 16 == 0))
def test_random_ciphertexts_only_raise_ding_errors(data: bytes) -> None:
    try:
        opened = CRYPTO.decrypt(base64.b64encode(data).decode())
    except DingError as exc:
        assert exc.code != "error"
    else:
        assert isinstance(opened.message, str)


def test_random_nonce_is_alphanumeric() -> None:
    nonces = {random_nonce() for _ in range(50)}
    assert len(nonces) == 50 and all(len(n) == 8 and n.isalnum() and n.isascii() for n in nonces)


@pytest.mark.parametrize(
    ("key", "kind"),
    [
        ("suite4xxxxxxxxxxxxxxx", "suite_key"),
        ("ding5f1e0c3a7b2d9e41", "corp_id"),  # ding + 16 hex
        ("dingc8dd0b6bb2f0ef1a35c2f4657eb6378f", "corp_id"),  # ding + 32 hex
        ("dingiz5mfmbumbpuxv4h", "app_key"),  # a Client ID: letters beyond hex
        ("ding5f1e0c3a7b2d9e4", "app_key"),  # 15 hex digits: not a CorpId's length
        ("ww1234567890", "unknown"),
        ("", "unknown"),
    ],
)
def test_owner_key_kind_tells_appkey_corpid_and_suitekey_apart(key: str, kind: str) -> None:
    assert owner_key_kind(key) == kind
    assert describe_owner_key(key).startswith(("a ", "an "))
