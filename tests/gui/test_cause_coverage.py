"""Every cause of the table (core/diagnose/causes.py) is said in Chinese too: detail line and hint.

New causes need both languages (issue 23); this walks the table's own example params, so a row added
without its Chinese text fails here rather than showing English in the Chinese UI.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from dingconsole.core.diagnose import Status
from dingconsole.core.diagnose.causes import CAUSES, cause_step
from dingconsole.gui import i18n
from dingconsole.gui.hints import step_hint
from dingconsole.gui.step_details import step_detail

CJK = re.compile(r"[\u4e00-\u9fff]")
# reply_fields is the README's row for the reply's field checks, whose steps carry reply_invalid (step_details)
TABLE_ONLY = {"reply_fields"}


@pytest.fixture
def zh(qapp) -> Iterator[i18n.LanguageManager]:
    manager = i18n.manager()
    manager.set_language(i18n.CHINESE, remember=False)
    yield manager
    manager.set_language(i18n.ENGLISH, remember=False)


@pytest.mark.parametrize("cause", [c for c in CAUSES if c.code not in TABLE_ONLY], ids=lambda c: c.code)
def test_every_cause_has_chinese_detail_and_hint(zh, cause) -> None:  # noqa: ANN001 - a Cause
    step = cause_step(cause.code, **cause.example)
    detail = step_detail(step)
    assert CJK.search(detail) and detail != step.detail, (cause.code, detail)
    if step.hint and step.status is not Status.PASSED:  # a passed step shows no hint
        hint = step_hint(step)
        assert CJK.search(hint) and hint != step.hint, (cause.code, hint)
