"""A key pasted from a web page or chat can carry an invisible character (zero-width space, BOM) or a
control character: DingTalk answers `401 authFailed` as it does for a space, so it is refused at entry
(the profile dialog and `profile add` both use `validate`) and again before a Stream connection."""

from __future__ import annotations

import dataclasses

import pytest

from dingconsole.core.dingtalk.stream_protocol import MissingAppSecret, require_app_secret
from dingconsole.core.profiles import ProfileError, validate
from tests.dingtalk_standin import APP_KEY, APP_SECRET, PROFILE

HIDDEN = ["\u200b", "\ufeff", "\x1b", "\x00", "\u2060"]


@pytest.mark.parametrize("char", HIDDEN)
@pytest.mark.parametrize("field", ["owner_key", "app_secret"])
def test_an_invisible_character_in_a_key_is_refused_at_entry(field: str, char: str) -> None:
    value = (APP_KEY if field == "owner_key" else APP_SECRET)[:4] + char + "rest"
    with pytest.raises(ProfileError) as caught:
        validate(dataclasses.replace(PROFILE, **{field: value}))
    assert f"U+{ord(char):04X}" in caught.value.message


@pytest.mark.parametrize("char", HIDDEN)
@pytest.mark.parametrize("field", ["owner_key", "app_secret"])
def test_stream_refuses_an_invisible_character_before_connecting(field: str, char: str) -> None:
    value = (APP_KEY if field == "owner_key" else APP_SECRET) + char
    with pytest.raises(MissingAppSecret) as caught:
        require_app_secret(dataclasses.replace(PROFILE, **{field: value}))
    assert f"U+{ord(char):04X}" in caught.value.message
