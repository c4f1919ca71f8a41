"""The suite's pushes: padding chosen exactly, forgeries that fail for the intended reason only."""

from __future__ import annotations

import json

import pytest

from dingconsole.core.conform import CASE_IDS, CASES, pushes, select
from dingconsole.core.conform.cases import ConformError
from dingconsole.core.crypto import DingCrypto, request_params
from dingconsole.core.errors import InvalidBlockSize, InvalidPadding, OwnerKeyMismatch, SignatureMismatch
from dingconsole.core.profiles import Profile
from tests.listener_util import make_profile


def _open(profile: Profile, request) -> tuple[str, int]:
    crypto = DingCrypto(profile.token, profile.aes_key, profile.owner_key)
    opened = crypto.open_request(request.query, request.body)
    return opened.message, opened.pad_value


@pytest.mark.parametrize("pad", range(1, 33))
def test_with_pad_gives_exactly_that_pad_value(pad: int) -> None:
    profile = make_profile()
    message, found = _open(profile, pushes.seal(pushes.ascii_event(), profile, pad=pad))
    assert found == pad and json.loads(message)["EventType"] == "user_add_org"


def test_default_sealing_keeps_padding_within_16_bytes() -> None:
    profile = make_profile()
    for template in pushes.event_templates():
        _message, pad = _open(profile, pushes.seal(pushes.render(template.name), profile))
        assert 1 <= pad <= 16, template.name


def test_event_templates_cover_the_named_families_and_skip_url_checks() -> None:
    chosen = pushes.event_templates()
    names = {t.name for t in chosen}
    assert {"bpms_instance_change_start", "bpms_task_change_start", "user_add_org", "org_dept_create"} <= names
    assert {"chat_add_member", "attendance_check_record", "check_in"} <= names
    assert not {t.event_type for t in chosen} & pushes.URL_CHECKS
    assert any(not pushes.render(t.name).isascii() for t in chosen), "Chinese text must be among them"


def test_forgeries_fail_for_their_own_reason_only() -> None:
    profile = make_profile()
    crypto = DingCrypto(profile.token, profile.aes_key, profile.owner_key)
    with pytest.raises(SignatureMismatch):
        crypto.open_request(*_parts(pushes.seal("{}", profile, token=pushes.other_token(profile))))
    foreign = pushes.foreign_owner_key(profile)
    assert foreign != profile.owner_key and foreign.startswith("ding")
    with pytest.raises(OwnerKeyMismatch):
        crypto.open_request(*_parts(pushes.seal("{}", profile, owner_key=foreign)))
    with pytest.raises(InvalidPadding):
        crypto.open_request(*_parts(pushes.tampered_padding(pushes.ascii_event(), profile)))
    with pytest.raises(InvalidBlockSize):
        crypto.open_request(*_parts(pushes.tampered_length(pushes.ascii_event(), profile)))


def _parts(request):
    return request.query, request.body


def test_signature_parameter_variants() -> None:
    profile = make_profile()
    request = pushes.seal("{}", profile)
    only_sig = pushes.drop_param(request, "msg_signature")
    assert "msg_signature" not in only_sig.query and request_params(only_sig.query)["signature"]
    assert "signature" not in pushes.drop_param(request, "signature").query


def test_large_text_is_about_the_size_asked_in_utf8_bytes() -> None:
    for unicode in (False, True):
        text = pushes.large_text(60_000, unicode=unicode)
        assert 59_900 <= len(text.encode("utf-8")) <= 60_000
        assert text.isascii() is not unicode


def test_cases_are_data_with_both_languages_and_stable_ids() -> None:
    assert CASE_IDS == (
        "check_url", "event_types", "signature_param", "unicode_large", "padding_32", "duplicate",
        "retry_after_failure", "burst", "forged_signature", "wrong_owner_key", "tampered_ciphertext",
        "reply_format", "redirect",
    )  # fmt: skip
    for spec in CASES:
        for part in ("title", "dingtalk", "expects"):
            assert spec.text(part, "en") and spec.text(part, "zh") and spec.text(part, "zh") != spec.text(part, "en")
    assert [s.id for s in select(" burst , check_url ")] == ["check_url", "burst"]
    with pytest.raises(ConformError, match="unknown case id x"):
        select("x")


def test_every_message_code_exists_with_the_same_fields_in_both_languages() -> None:
    import re
    import string
    from pathlib import Path

    from dingconsole.core.conform import messages

    source = "".join(p.read_text("utf-8") for p in Path(messages.__file__).parent.glob("*.py"))
    used = set(re.findall(r'\bt\(\s*"([a-z0-9_]+)"', source)) | set(re.findall(r'"((?:diag|push)_[a-z0-9_]+)"', source))
    assert used - set(messages.MESSAGES) - {"push_"} == set()  # "push_" + kind: the four unicode pushes
    for code, (en, zh) in messages.MESSAGES.items():
        fields = [{name for _, name, _, _ in string.Formatter().parse(text) if name} for text in (en, zh)]
        assert fields[0] == fields[1], code
        assert en != zh or code == "fmt_fix_checker", code
