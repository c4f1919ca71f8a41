"""The field-check step of a diagnosis (issue 17) in both languages: title, detail and hint, in the
diagnosis view of the window."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from dingconsole.core.crypto import generate_aes_key
from dingconsole.core.diagnose import Status, diagnose_request
from dingconsole.core.profiles import Profile
from dingconsole.core.send import seal_push, templates
from dingconsole.gui import hints, i18n
from dingconsole.gui.detail_panes import DiagnosisView
from dingconsole.gui.step_details import step_detail

DEMO = Profile("demo", "dingdemoapp7x2k9q", "demotoken2026", generate_aes_key())


@pytest.fixture
def zh(qapp) -> Iterator[i18n.LanguageManager]:
    manager = i18n.manager()
    manager.set_language(i18n.CHINESE, remember=False)
    yield manager
    manager.set_language(i18n.ENGLISH, remember=False)


def outdated_push() -> str:
    payload = templates.render_payload("meetingroom_book")
    del payload["bookId"]
    payload["isApproval"] = "yes"
    return json.dumps(payload, ensure_ascii=False)


def test_the_field_step_in_chinese_and_english(zh) -> None:
    report = diagnose_request(seal_push(outdated_push(), DEMO), [DEMO])
    step = next(s for s in report.steps if s.name == "event_fields")
    assert report.ok and step.status is Status.WARNING
    text = step_detail(step)
    assert text.startswith("会议室预定 与钉钉文档中的字段不一致") and "bookId（缺失）" in text
    assert "isApproval（为 string，应为 boolean）" in text
    assert hints.step_title("event_fields") == "事件字段" and hints.status_text(step.status) == "提示"
    assert hints.error_hint(step.code, step.params, step.hint, step.name).startswith("这不是错误")
    zh.set_language(i18n.ENGLISH, remember=False)
    assert step_detail(step) == step.detail and "bookId (missing" in step.detail
    assert hints.step_title("event_fields") == "Event fields"


def test_the_diagnosis_view_shows_the_warning(qtbot, zh) -> None:
    view = DiagnosisView()
    qtbot.addWidget(view)
    view.set_report(diagnose_request(seal_push(outdated_push(), DEMO), [DEMO]))
    rows = [[view.steps.topLevelItem(i).text(c) for c in (0, 1)] for i in range(view.steps.topLevelItemCount())]
    fields = [r for r in rows if "事件字段" in r[0]]
    assert fields and "与钉钉文档中的字段不一致" in fields[0][1]
