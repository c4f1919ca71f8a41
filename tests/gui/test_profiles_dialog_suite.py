"""The profile dialog keeps what the failed-push list needs per app type, and refuses whitespace in keys."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from dingconsole.core.profiles import ProfileStore
from dingconsole.gui.profiles_dialog import ProfilesDialog
from tests.core.dingtalk.test_failed_app_types import APP, SUITE


def test_suite_fields_show_for_a_suite_key_and_survive_a_save(qtbot: QtBot) -> None:
    store = ProfileStore()
    store.add(SUITE)
    store.add(APP)
    dialog = ProfilesDialog(store)
    qtbot.addWidget(dialog)
    dialog._select("suite")
    assert dialog.form.isRowVisible(dialog.permanent_code) and dialog.suite_ticket.text() == SUITE.suite_ticket
    dialog.note.setText("edited")
    dialog.save()
    saved = ProfileStore().get("suite")
    assert (saved.suite_ticket, saved.auth_corp_id, saved.permanent_code, saved.note) == (
        SUITE.suite_ticket,
        SUITE.auth_corp_id,
        SUITE.permanent_code,
        "edited",
    )
    dialog._select("app")
    assert not dialog.form.isRowVisible(dialog.permanent_code)


def test_whitespace_inside_the_app_secret_is_refused_at_entry(qtbot: QtBot) -> None:
    store = ProfileStore()
    store.add(APP)
    dialog = ProfilesDialog(store)
    qtbot.addWidget(dialog)
    dialog._select("app")
    dialog.app_secret.setText("abc def")
    assert not dialog.save_button.isEnabled()
    assert "space" in (dialog.validation_error() or "")
