"""Checking a reply in the workbench as DingTalk does: the correct reply passes, a lower-case
`timestamp` is flagged (field and fix named), and an HTTP response with a non-200 status fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dingconsole.core.diagnose import Status
from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.core.workbench import Analysis
from dingconsole.gui import i18n
from dingconsole.gui.workbench import WorkbenchTab

PROFILE = Profile("app", "dingb4c0a5f3e7d1e2f4", "tokentoken", "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij")


@pytest.fixture
def tab(qtbot, home: Path) -> WorkbenchTab:
    store = ProfileStore()
    store.add(PROFILE)
    widget = WorkbenchTab(store)
    qtbot.addWidget(widget)
    return widget


def check(qtbot, tab: WorkbenchTab, text: str) -> Analysis:
    with qtbot.waitSignal(tab.analysisReady, timeout=10_000) as blocker:
        tab.load_text(text)  # automatic action: a reply is checked as a reply
    return blocker.args[0]


def test_the_correct_reply_passes(qtbot, tab: WorkbenchTab) -> None:
    analysis = check(qtbot, tab, json.dumps(PROFILE.crypto().seal("success")))
    assert analysis.action == "reply" and analysis.kind == "reply"
    assert analysis.report.ok
    assert tab.results.verdict_text().startswith("✔")


def test_lower_case_timestamp_is_flagged(qtbot, tab: WorkbenchTab) -> None:
    reply = PROFILE.crypto().seal("success")
    reply["timestamp"] = reply.pop("timeStamp")
    analysis = check(qtbot, tab, json.dumps(reply))
    fields = next(step for step in analysis.report.steps if step.name == "fields")
    assert fields.status is Status.FAILED
    assert "`timestamp` should be `timeStamp`" in fields.detail
    assert analysis.report.first_failure.name == "fields"
    verdict = tab.results.verdict_text()
    assert verdict.startswith("✘") and "timeStamp" in verdict
    # the correct reply is shown for comparison, with the camelCase field
    assert "timeStamp" in json.loads(tab.results.output.toPlainText())


def test_an_http_response_with_a_bad_status_fails(qtbot, tab: WorkbenchTab) -> None:
    body = json.dumps(PROFILE.crypto().seal("success"))
    analysis = check(qtbot, tab, f"HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n\r\n{body}")
    assert analysis.kind == "http_response"
    assert analysis.report.first_failure.name == "status"


def test_the_failed_step_is_named_once_in_chinese(qtbot, tab: WorkbenchTab) -> None:
    """In Chinese the verdict read "✘ 在“返回字段”一步失败：返回字段：`timestamp` 应为 …": the
    translated detail starts with the step title, which the sentence already names."""
    manager = i18n.manager()
    manager.set_language(i18n.CHINESE, remember=False)
    try:
        reply = PROFILE.crypto().seal("success")
        reply["timestamp"] = reply.pop("timeStamp")
        check(qtbot, tab, json.dumps(reply))
        first_line = tab.results.verdict_text().splitlines()[0]
        assert first_line.startswith("✘ 在“返回字段”一步失败：") and first_line.count("返回字段") == 1
        assert "`timestamp` 应为 `timeStamp`" in first_line
        line = tab.results.diagnosis.verdict.text()  # the diagnosis pane's own line, same sentence
        assert line.count("返回字段") == 1 and "`timestamp` 应为 `timeStamp`" in line
    finally:
        manager.set_language(i18n.ENGLISH, remember=False)
