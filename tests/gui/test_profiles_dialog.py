"""The profiles dialog: add, edit, duplicate, delete; live validation; reveal; generate; test."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox

from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.gui import i18n
from dingconsole.gui.profiles_dialog import ProfilesDialog

AES_KEY = "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij"
APP_KEY = "dingxxxxxxxxxxxxxxxx1"


def fill(dialog: ProfilesDialog, name: str = "shop", aes_key: str = AES_KEY) -> None:
    dialog.name.setText(name)
    dialog.owner_key.setText(APP_KEY)
    dialog.token.setText("123456")
    dialog.aes_key.setText(aes_key)


def answer(monkeypatch: pytest.MonkeyPatch, button: QMessageBox.StandardButton) -> list[tuple]:
    """Answer the delete question with `button`; returns the questions asked (args after the parent)."""
    asked: list[tuple] = []

    def question(parent, *args):
        asked.append(args)
        return button

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_add_edit_duplicate_delete(qtbot, monkeypatch) -> None:
    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    store = ProfileStore()
    dialog = ProfilesDialog(store)
    qtbot.addWidget(dialog)
    dialog.new_profile()
    fill(dialog)
    with qtbot.wait_signal(dialog.profilesChanged):
        dialog.save_button.click()
    assert ProfileStore().get("shop").token == "123456"  # saved to disk

    dialog.token.setText("654321")
    dialog.name.setText("shop2")
    dialog.save_button.click()
    reloaded = ProfileStore()
    assert reloaded.names() == ["shop2"] and reloaded.get("shop2").token == "654321"

    dialog.duplicate_button.click()
    assert ProfileStore().names() == ["shop2", "shop2-2"]
    assert dialog.name.text() == "shop2-2"

    dialog.delete_button.click()
    assert ProfileStore().names() == ["shop2"]
    assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == ["shop2"]
    assert len(asked) == 1 and "shop2-2" in asked[0][1]


def test_delete_asks_first_and_no_keeps_the_profile(qtbot, monkeypatch) -> None:
    asked = answer(monkeypatch, QMessageBox.StandardButton.No)
    store = ProfileStore()
    store.add(Profile("shop", APP_KEY, "123456", AES_KEY))
    dialog = ProfilesDialog(store)
    qtbot.addWidget(dialog)
    dialog.delete_button.click()
    assert ProfileStore().names() == ["shop"]
    assert dialog.list.count() == 1
    (title, text, buttons, default) = asked[0]
    assert "“shop”" in text and "listener" not in text  # nothing is listening
    assert default == QMessageBox.StandardButton.No
    assert buttons == QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_deleting_the_profile_the_running_listener_uses_says_so(qtbot, monkeypatch) -> None:
    from dingconsole.gui.main_window import MainWindow

    asked = answer(monkeypatch, QMessageBox.StandardButton.No)
    store = ProfileStore()
    store.add(Profile("shop", APP_KEY, "123456", AES_KEY))
    window = MainWindow(profiles=store)
    qtbot.addWidget(window)
    window.controls.start()
    try:
        dialog = window.profiles_dialog()
        dialog.delete_button.click()
        text = asked[0][1]
        assert "running listener" in text and window.controls.current_url() in text
        assert "shop" in ProfileStore().names()
    finally:
        window.close()


def test_live_validation_names_the_aes_key_fault(qtbot) -> None:
    dialog = ProfilesDialog(ProfileStore())
    qtbot.addWidget(dialog)
    fill(dialog, aes_key=AES_KEY[:-1])
    assert "42 characters" in dialog.aes_hint.text()
    assert not dialog.save_button.isEnabled()
    dialog.aes_key.setText(AES_KEY[:-1] + "+")
    assert "'+'" in dialog.aes_hint.text()
    assert not dialog.test_button.isEnabled()
    dialog.aes_key.setText(AES_KEY)
    assert dialog.save_button.isEnabled()
    assert "AppKey" in dialog.owner_hint.text()
    dialog.name.setText("bad name!")
    assert not dialog.save_button.isEnabled()
    assert "not allowed" in dialog.save_button.toolTip()


def test_secrets_hidden_until_revealed_and_generate(qtbot) -> None:
    store = ProfileStore()
    store.add(Profile("app", APP_KEY, "tok", AES_KEY))
    dialog = ProfilesDialog(store)
    qtbot.addWidget(dialog)
    assert dialog.name.text() == "app"
    assert dialog.aes_key.echoMode() is QLineEdit.EchoMode.Password
    dialog.reveal.setChecked(True)
    assert dialog.aes_key.echoMode() is QLineEdit.EchoMode.Normal
    dialog.new_profile()
    dialog.owner_key.setText(APP_KEY)
    dialog.generate_button.click()
    assert len(dialog.aes_key.text()) == 43 and dialog.token.text()
    assert dialog.save_button.isEnabled()


def test_test_button_proves_the_profile(qtbot) -> None:
    dialog = ProfilesDialog(ProfileStore())
    qtbot.addWidget(dialog)
    fill(dialog)
    dialog.test_button.click()
    assert dialog.status.text().startswith("✔")
    assert APP_KEY in dialog.status.text()


def test_every_field_has_a_visible_label(qtbot) -> None:
    """QFormLayout.addRow("", field) makes no label: the form used to show bare, unnamed boxes."""
    dialog = ProfilesDialog(ProfileStore())
    qtbot.addWidget(dialog)
    fields = {
        dialog.name: "Name",
        dialog.owner_key: "Owner key",
        dialog.token: "Token",
        dialog.aes_key: "aesKey",
        dialog.app_secret: "App secret",
        dialog.callback_path: "Callback path",
        dialog.note: "Note",
    }
    for field, text in fields.items():
        label = dialog.form.labelForField(field)
        assert isinstance(label, QLabel) and label.text() == text


def test_hints_and_duplicate_name_in_chinese(qtbot) -> None:
    manager = i18n.manager()
    manager.set_language(i18n.CHINESE, remember=False)
    try:
        store = ProfileStore()
        store.add(Profile("shop", APP_KEY, "123456", AES_KEY))
        dialog = ProfilesDialog(store)
        qtbot.addWidget(dialog)
        dialog.new_profile()
        fill(dialog, aes_key=AES_KEY[:-1] + "-")
        assert "aesKey character" not in dialog.aes_hint.text() and "'-'" in dialog.aes_hint.text()
        assert "AppKey" in dialog.owner_hint.text() and " an " not in dialog.owner_hint.text()
        dialog.aes_key.setText(AES_KEY)
        assert not dialog.save()
        assert "shop" in dialog.status.text() and "exists" not in dialog.status.text()
        assert store.names() == ["shop"]
    finally:
        manager.set_language(i18n.ENGLISH, remember=False)


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_an_open_dialog_follows_a_language_switch(qtbot) -> None:
    store = ProfileStore()
    store.add(Profile("shop", APP_KEY, "123456", AES_KEY))
    dialog = ProfilesDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    manager = i18n.manager()
    manager.set_language(i18n.CHINESE, remember=False)
    try:
        qtbot.wait_until(lambda: dialog.delete_button.text() != "Delete")
        assert dialog.windowTitle() != "Profiles" and "AppKey" in dialog.owner_hint.text()
        assert dialog.owner_hint.text() != "This looks like an AppKey (Client ID)."
    finally:
        manager.set_language(i18n.ENGLISH, remember=False)
    qtbot.wait_until(lambda: dialog.delete_button.text() == "Delete")


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_close_with_unsaved_edits_asks_and_save_keeps_them(qtbot, home) -> None:
    from PySide6.QtWidgets import QMessageBox

    store = ProfileStore()
    store.add(Profile("shop", "dingappkey123456", "tok123", "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij"))
    dialog = ProfilesDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.note.setText("edited")
    asked: list[str] = []
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save]

    def answer() -> QMessageBox.StandardButton:
        asked.append(dialog.name.text())
        return answers.pop(0)

    dialog.ask_unsaved = answer  # type: ignore[method-assign]
    dialog.reject()  # Cancel: the dialog stays, the edit too
    assert dialog.isVisible() and dialog.note.text() == "edited"
    dialog.reject()  # Save
    assert not dialog.isVisible()
    assert asked == ["shop", "shop"]
    assert ProfileStore().get("shop").note == "edited"


def test_the_offending_aes_key_character_is_shown_while_masked(qtbot, home) -> None:
    dialog = ProfilesDialog(ProfileStore())
    qtbot.addWidget(dialog)
    key = "a" * 20 + "-" + "b" * 22
    dialog.aes_key.setText(key)
    assert not dialog.reveal.isChecked()
    hint = dialog.aes_hint.text()
    assert "21" in hint and "•" * 20 + "[-]" + "•" * 22 in hint
    assert key not in hint  # the rest of the secret stays hidden
    height = dialog.aes_hint.minimumHeight()
    dialog.aes_key.setText("")
    assert dialog.aes_hint.minimumHeight() == height  # the room stays: no jumping layout
    dialog.reveal.setChecked(True)
    dialog.aes_key.setText(key)
    assert "[-]" not in dialog.aes_hint.text()  # visible anyway: no need to repeat it
