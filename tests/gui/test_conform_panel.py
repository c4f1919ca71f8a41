"""The Conformance panel in a real Send tab (offscreen): the suite runs on a worker against a live listener
and a buggy demo handler, rows appear as cases finish and expand to their evidence, the report exports as
HTML and JSON, and a language switch re-renders the rows."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from dingconsole.core.conform import CASE_IDS, RunResult
from dingconsole.core.listener import Listener
from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.core.store import EventStore
from dingconsole.gui import conform_panel, i18n
from dingconsole.gui.conform_panel import ROLE, ConformPanel
from dingconsole.gui.send_tab import SendTab
from tests.conform_handlers import demo_handlers

PROFILE = Profile("app", "dingb4c0a5f3e7d1e2f4", "tokentoken", "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij")


@pytest.fixture
def tab(qtbot, home: Path) -> Iterator[SendTab]:
    profiles = ProfileStore()
    profiles.add(PROFILE)
    widget = SendTab(profiles)
    qtbot.addWidget(widget)
    yield widget
    widget.shutdown()


@pytest.fixture
def listener(tmp_path: Path) -> Iterator[Listener]:
    with EventStore(tmp_path / "events.sqlite3") as store:
        server = Listener(store, [PROFILE])
        server.start()
        yield server
        server.stop()


def run(qtbot, panel: ConformPanel) -> RunResult:
    with qtbot.waitSignal(panel.finished, timeout=60_000) as blocker:
        panel.run_button.click()
        assert panel._worker is not None and panel._worker.isRunning()  # off the GUI thread
        assert not panel.run_button.isEnabled() and panel.cancel_button.isEnabled()
    return blocker.args[0]


def test_the_listener_passes_every_case_live_in_the_table(
    qtbot, tab: SendTab, listener: Listener, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = tab.conform
    tab.set_url(listener.url)
    threads: list[int] = []
    real_run = conform_panel.conform.run

    def recording_run(*args, **kwargs):
        threads.append(threading.get_ident())
        return real_run(*args, **kwargs)

    monkeypatch.setattr(conform_panel.conform, "run", recording_run)
    live: list[int] = []
    panel.tree.model().rowsInserted.connect(
        lambda parent, *_: None if parent.isValid() else live.append(panel.tree.topLevelItemCount())
    )
    result = run(qtbot, panel)
    assert result.ok and [case.id for case in result.cases] == list(CASE_IDS)
    assert threads and threading.get_ident() not in threads  # the suite ran on the worker thread
    assert live == list(range(1, 14))  # a row per case, one by one while the suite ran
    assert panel.tree.topLevelItemCount() == 13
    rows = [panel.tree.topLevelItem(i) for i in range(13)]
    assert all(row.text(0) == "✔" for row in rows)
    assert "13 cases: 13 passed, 0 failed" in panel.state.text()
    burst = next(row for row in rows if row.text(1) == "burst")
    assert burst.childCount() == 20  # expandable to its evidence
    panel.tree.setCurrentItem(burst.child(0))
    assert "HTTP 200" in panel.details.toPlainText()


def test_a_bug_shows_its_hint_and_the_report_exports(qtbot, tab: SendTab, tmp_path: Path) -> None:
    panel = tab.conform
    with demo_handlers(PROFILE.token, PROFILE.aes_key, PROFILE.owner_key) as base:
        tab.set_url(f"{base}/timestamp")
        result = run(qtbot, panel)
    assert not result.ok
    row = next(panel.tree.topLevelItem(i) for i in range(13) if panel.tree.topLevelItem(i).text(1) == "reply_format")
    assert row.text(0) == "✘" and "`timeStamp`" in row.text(3)
    metrics = panel.tree.fontMetrics()  # issue 23: the Case and Title columns were cut
    for i in range(panel.tree.topLevelItemCount()):
        case = panel.tree.topLevelItem(i)
        for column in (1, 2):
            assert panel.tree.columnWidth(column) >= metrics.horizontalAdvance(case.text(column)), case.text(column)
    hint = row.child(0)
    assert hint.data(0, ROLE)[0] == "hint" and "DingTalk requires `timeStamp`" in hint.text(3)
    panel.tree.setCurrentItem(row.child(1))
    shown = panel.details.toPlainText()
    assert '"timestamp"' in shown and "The correct reply would be like:" in shown and "Reply fields" in shown
    assert panel.export_button.isEnabled()
    panel.export_to(tmp_path / "report.html")
    panel.export_to(tmp_path / "report.json")
    assert "<!doctype html>" in (tmp_path / "report.html").read_text("utf-8")
    data = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert [c["id"] for c in data["cases"] if c["status"] == "fail"] == ["check_url", "reply_format"]


def test_missing_input_and_a_remote_url_do_not_run(qtbot, tab: SendTab) -> None:
    panel = tab.conform
    tab.set_url("not a url")
    panel.run_button.click()
    assert panel._worker is None and panel.state.text().startswith("✘")
    asked: list[str] = []
    panel.confirm_remote = lambda url: asked.append(url) or False
    tab.set_url("http://192.0.2.1/callback")
    panel.run_button.click()
    assert asked == ["http://192.0.2.1/callback"] and panel._worker is None


def test_rows_follow_the_language(qtbot, tab: SendTab, listener: Listener) -> None:
    panel = tab.conform
    tab.set_url(listener.url)
    manager = i18n.manager()
    try:
        manager.set_language(i18n.CHINESE, remember=False)
        with qtbot.waitSignal(panel.finished, timeout=60_000) as blocker:
            panel.run_button.click()
        run_result = blocker.args[0]
        assert run_result is not None
        first = panel.tree.topLevelItem(0)
        assert first.text(2) == "回调地址验证按时应答" and "毫秒" in first.text(3)
        assert panel.run_button.text() == "运行一致性测试"
        manager.set_language(i18n.ENGLISH, remember=False)
        qtbot.waitUntil(lambda: panel.tree.topLevelItem(0).text(2) == "URL check answered in time")
        assert panel.run_button.text() == "Run conformance suite"
    finally:
        manager.set_language(i18n.ENGLISH, remember=False)
