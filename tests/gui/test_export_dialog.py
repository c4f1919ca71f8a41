"""The export dialog writes the chosen format for the chosen events, keeps secrets out unless asked
(with the CLI's keep-original rule), can be cancelled, and an export imports back."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from dingconsole.core.exchange import Exchange, Outcome
from dingconsole.core.export import export_fixtures
from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.core.send import seal_push
from dingconsole.core.store import EventFilter, EventStore
from dingconsole.gui.export_dialog import ExportDialog, ImportJob
from dingconsole.gui.main_window import MainWindow

PROFILE = Profile("app", "dingb4c0a5f3e7d1e2f4", "tokentoken", "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij")


def captured(event_type: str) -> Exchange:
    message = json.dumps({"EventType": event_type, "TimeStamp": "1700000000000"})
    return Exchange(
        received_at=time.time(),
        request=seal_push(message, PROFILE, path="/api/callback"),
        remote="127.0.0.1",
        profile="app",
        outcome=Outcome.OK,
        message=message,
        event_type=event_type,
        reply_status=200,
        reply_body=json.dumps(PROFILE.crypto().seal("success")).encode(),
    )


@pytest.fixture
def events(tmp_path: Path) -> Iterator[EventStore]:
    store = EventStore(tmp_path / "events.sqlite3")
    store.add_many([captured("check_url"), captured("user_add_org"), captured("org_dept_create")])
    yield store
    store.close()


@pytest.fixture
def profiles(home: Path) -> ProfileStore:
    store = ProfileStore()
    store.add(PROFILE)
    return store


def export(qtbot, dialog: ExportDialog) -> dict:
    with qtbot.waitSignal(dialog.finishedExport, timeout=20_000) as blocker:
        dialog.export_button.click()
    return blocker.args[0]


@pytest.mark.parametrize("fmt", ["jsonl", "curl", "har"])
def test_export_writes_the_chosen_format(qtbot, events: EventStore, profiles, tmp_path: Path, fmt: str) -> None:
    dialog = ExportDialog(events, profiles=profiles)
    qtbot.addWidget(dialog)
    assert dialog.all_radio.isChecked() and not dialog.selected_radio.isEnabled()
    dialog.format.setCurrentIndex(dialog.format.findData(fmt))
    assert not dialog.keep_original.isEnabled()
    out = tmp_path / f"out.{fmt}"
    dialog.destination.setText(str(out))
    summary = export(qtbot, dialog)
    assert summary["ok"] and summary["count"] == 3
    text = out.read_text("utf-8")
    if fmt == "jsonl":
        assert [json.loads(line)["event_type"] for line in text.splitlines()] == [
            "check_url", "user_add_org", "org_dept_create"
        ]  # fmt: skip
    elif fmt == "curl":
        assert text.count("curl ") == 3
        assert f"bash {out} ORIGIN" in dialog.status.text()  # the script needs the origin: it never guesses one
    else:
        assert len(json.loads(text)["log"]["entries"]) == 3
    assert "3" in dialog.status.text()
    assert "tokentoken" not in text


def test_selected_events_as_fixtures_without_secrets(qtbot, events, profiles, tmp_path: Path) -> None:
    first = events.query(newest_first=False)[0]
    dialog = ExportDialog(events, selected=[first.id], current_filter=EventFilter(), profiles=profiles)
    qtbot.addWidget(dialog)
    assert dialog.selected_radio.isChecked()
    dialog.format.setCurrentIndex(dialog.format.findData("fixtures"))
    folder = tmp_path / "fixtures"
    dialog.destination.setText(str(folder))
    summary = export(qtbot, dialog)
    assert summary["ok"] and summary["count"] == 1
    fixtures = [p for p in folder.glob("0*.json")]
    assert len(fixtures) == 1
    assert "tokentoken" not in fixtures[0].read_text("utf-8")  # re-sealed with a generated test profile


def test_keep_original_needs_include_secrets(qtbot, events, profiles, tmp_path: Path) -> None:
    dialog = ExportDialog(events, profiles=profiles)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("fixtures"))
    dialog.destination.setText(str(tmp_path / "kept"))
    dialog.keep_original.setChecked(True)
    assert not dialog.export_button.isEnabled()
    dialog.include_secrets.setChecked(True)
    assert dialog.export_button.isEnabled()
    summary = export(qtbot, dialog)
    assert summary["ok"] and summary["count"] == 3
    assert "tokentoken" in next((tmp_path / "kept").glob("0*.json")).read_text("utf-8")


def test_cancel_stops_a_long_export(qtbot, tmp_path: Path, profiles) -> None:
    store = EventStore(tmp_path / "many.sqlite3")
    store.add_many([captured("check_url") for _ in range(3000)])
    dialog = ExportDialog(store, profiles=profiles)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("fixtures"))
    dialog.destination.setText(str(tmp_path / "many"))
    with qtbot.waitSignal(dialog.finishedExport, timeout=60_000) as blocker:
        dialog.export_button.click()
        qtbot.waitUntil(lambda: dialog.progress.value() > 0, timeout=30_000)
        dialog.close_button.click()  # "Cancel" while running
    assert blocker.args[0]["cancelled"]
    assert len(list((tmp_path / "many").glob("0*.json"))) < 3000
    store.close()


def test_an_export_imports_back(qtbot, events: EventStore, profiles, tmp_path: Path) -> None:
    dialog = ExportDialog(events, profiles=profiles)
    qtbot.addWidget(dialog)
    out = tmp_path / "events.jsonl"
    dialog.destination.setText(str(out))
    export(qtbot, dialog)
    target = EventStore(tmp_path / "imported.sqlite3")
    job = ImportJob(target, out)
    with qtbot.waitSignal(job.done, timeout=20_000) as blocker:
        job.start()
    job.wait()
    assert blocker.args[0]["ok"] and len(blocker.args[0]["ids"]) == 3, blocker.args[0]
    assert {e.event_type for e in target.query()} == {"check_url", "user_add_org", "org_dept_create"}
    target.close()


def test_file_menu_imports_a_whole_fixtures_folder(qtbot, events: EventStore, tmp_path: Path, monkeypatch) -> None:
    """File → Import… only picks files, so an exported fixtures folder came in one .json at a time;
    "Import fixtures folder…" takes the folder and says how many events it imported."""
    folder = tmp_path / "fixtures"
    export_fixtures(events.query(newest_first=False), folder)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kwargs: str(folder))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text, *args: shown.append(text))
    window = MainWindow(profiles=ProfileStore())
    qtbot.addWidget(window)
    try:
        action = window.import_folder_action
        assert action in window.file_menu.actions() and action.text() == "Import &fixtures folder…"
        action.trigger()
        qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
        assert shown == ["Imported 3 event(s)."]
        assert {e.event_type for e in window.store.query()} == {"check_url", "user_add_org", "org_dept_create"}
    finally:
        window.close()


def test_a_cancelled_fixtures_export_removes_only_the_files_it_wrote(qtbot, tmp_path: Path, profiles) -> None:
    """A cancelled export left its fixture files behind (a half export that looks whole) and only said
    "Export cancelled."; it now removes what it wrote, keeps the user's own files, and says so."""
    store = EventStore(tmp_path / "many.sqlite3")
    store.add_many([captured("check_url") for _ in range(3000)])
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.json").write_text('{"mine": true}', "utf-8")
    (folder / "todo.txt").write_text("keep me", "utf-8")
    dialog = ExportDialog(store, profiles=profiles)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("fixtures"))
    dialog.destination.setText(str(folder))
    with qtbot.waitSignal(dialog.finishedExport, timeout=60_000) as blocker:
        dialog.export_button.click()
        qtbot.waitUntil(lambda: dialog.progress.value() > 0, timeout=30_000)
        dialog.close_button.click()  # "Cancel" while running
    summary = blocker.args[0]
    assert summary["cancelled"] and summary["removed"] > 0
    assert sorted(p.name for p in folder.iterdir()) == ["notes.json", "todo.txt"]
    assert (folder / "notes.json").read_text("utf-8") == '{"mine": true}'
    status = dialog.status.text()
    assert status.startswith("Export cancelled.") and f"The {summary['removed']} fixture file(s)" in status
    assert str(folder) in status
    store.close()


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_an_export_does_not_squash_the_dialog(qtbot, events: EventStore, profiles, tmp_path: Path) -> None:
    """After an export the progress bar and the result line appeared and squashed the radio buttons."""
    dialog = ExportDialog(events, profiles=profiles)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait_exposed(dialog)
    before = [radio.geometry().height() for radio in (dialog.selected_radio, dialog.filtered_radio, dialog.all_radio)]
    dialog.format.setCurrentIndex(dialog.format.findData("jsonl"))
    dialog.destination.setText(str(tmp_path / "out.jsonl"))
    assert export(qtbot, dialog)["ok"]
    qtbot.wait_until(lambda: dialog.status.text() != "")
    dialog.status.setText(dialog.status.text() + "\n" + dialog.status.text())  # two lines, as a long path makes
    qtbot.wait(0)
    after = [radio.geometry().height() for radio in (dialog.selected_radio, dialog.filtered_radio, dialog.all_radio)]
    assert after == before
    assert dialog.height() >= dialog.minimumSizeHint().height()
