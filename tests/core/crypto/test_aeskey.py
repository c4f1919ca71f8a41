"""parse_aes_key: lenient on spare bits, precise about the length or character that is wrong."""

from __future__ import annotations

import re

import pytest

from dingconsole.core.crypto import generate_aes_key, generate_token, parse_aes_key
from dingconsole.core.errors import InvalidAesKey


def test_published_key_and_spare_bits() -> None:
    assert len(parse_aes_key("4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij")) == 32
    # 'a' and 'b' differ only in the two spare bits: a lenient decoder accepts both as the same key
    assert parse_aes_key("a" * 42 + "b") == parse_aes_key("a" * 42 + "a")


@pytest.mark.parametrize(
    ("key", "words"),
    [("a" * 42, "42 characters"), ("a" * 44, "44 characters"), ("a" * 20 + "+" + "a" * 22, "character 21 is '+'")],
)
def test_errors_name_the_problem(key: str, words: str) -> None:
    with pytest.raises(InvalidAesKey, match=re.escape(words)):
        parse_aes_key(key)


def test_generated_values_are_valid() -> None:
    assert len(parse_aes_key(generate_aes_key())) == 32
    assert len(generate_token()) == 32 and generate_token().isalnum()
