"""parse_aes_key: lenient on spare bits, precise about the length or character that is wrong."""

from __future__ import annotations

import re

import pytest

from dingconsole.core.crypto import generate_aes_key, generate_token, parse_aes_key
from dingconsole.core.crypto.aeskey import inspect_aes_key
from dingconsole.core.errors import InvalidAesKey
from dingconsole.core.profiles import Profile, ProfileError, validate

KEY43 = "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij"


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


@pytest.mark.parametrize(
    ("text", "problem", "cleaned"),
    [
        (KEY43 + " ", "whitespace", KEY43),
        ("\t" + KEY43 + "\n", "whitespace", KEY43),
        (KEY43 + "=", "equals", KEY43),
        (KEY43[:20] + "+" + KEY43[21:], "character", None),
        (KEY43[:42], "length", None),
        (KEY43, None, None),
    ],
)
def test_inspect_names_the_problem_and_strips_only_what_is_safe(
    text: str, problem: str | None, cleaned: str | None
) -> None:
    check = inspect_aes_key(text)
    assert (check.problem, check.cleaned) == (problem, cleaned)
    assert check.usable == (problem in (None, "whitespace", "equals"))
    if problem == "character":
        assert (check.position, check.char) == (21, "+")


def test_parse_refuses_whitespace_and_equals_by_name() -> None:
    with pytest.raises(InvalidAesKey, match="spaces or line breaks around it"):
        parse_aes_key(KEY43 + " ")
    with pytest.raises(InvalidAesKey, match="ends with '='"):
        parse_aes_key(KEY43 + "=")


def test_a_token_with_surrounding_whitespace_is_refused_at_entry() -> None:
    with pytest.raises(ProfileError, match="token has spaces or line breaks around it"):
        validate(Profile("p", "dingabc", "token123 ", KEY43))
