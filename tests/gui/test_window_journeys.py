"""Journeys through the whole window as a new user takes them: first run → a profile added in the
dialog reaches every tab → start → pushes arrive while a row is selected; profiles changed on disk by
the CLI while the window runs; a broken profiles file, an unusable or read-only home and a busy port
each open the window with a banner saying what is wrong and what still works."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from dingconsole.core.crypto import generate_aes_key, generate_token
from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.core.send.sender import seal_push
from dingconsole.gui import settings
from dingconsole.gui.main_window import MainWindow
from tests.gui.zh_walk import latin_words
from tests.listener_util import send_many

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def combo_texts(combo) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def everywhere(win: MainWindow) -> dict[str, list[str]]:
    """Every profile selector in the window."""
    return {
        "toolbar": combo_texts(win.controls.profile_combo),
        "send": combo_texts(win.send.profile),
        "workbench": combo_texts(win.workbench.input.profile),
        "filter": combo_texts(win.events.profile_filter),
    }


def open_window(qtbot, **kwargs) -> MainWindow:
    win = MainWindow(**kwargs)
    qtbot.addWidget(win)
    win.show()
    return win


def test_first_run_profile_from_the_dialog_reaches_every_tab_and_live_pushes_keep_the_selection(qtbot) -> None:
    win = open_window(qtbot)
    try:
        assert all("shop" not in names for names in everywhere(win).values())
        dialog = win.profiles_dialog()
        dialog.new_profile()
        token, aes = generate_token(), generate_aes_key()
        dialog.name.setText("shop")
        dialog.owner_key.setText("dingappkey123456")
        dialog.token.setText(token)
        dialog.aes_key.setText(aes)
        assert dialog.save()
        dialog.close()
        for where, names in everywhere(win).items():
            assert "shop" in names, where
        assert win.send.profile.currentText() == "shop"

        win.controls.start_action.trigger()
        assert win.controls.running
        profile = Profile("shop", "dingappkey123456", token, aes)
        url = win.controls.current_url()

        def burst(start: int, count: int) -> list:
            return [seal_push(json.dumps({"EventType": "user_add_org", "UserId": [f"u{n}"]}), profile) for n in
                    range(start, start + count)]  # fmt: skip

        send_many(url, burst(0, 5))
        qtbot.wait_until(lambda: win.events.proxy.rowCount() == 5)
        win.events.select_row(2)
        chosen = win.events.current_exchange()
        for start in (100, 200, 300):
            send_many(url, burst(start, 40))
            qtbot.wait_until(lambda s=start: win.events.proxy.rowCount() == 5 + 40 * (s // 100))
            assert [ex.id for ex in win.events.selected_exchanges()] == [chosen.id]
            assert win.details.exchange().id == chosen.id
            assert win.details.json_tree.document() == chosen.message_json()
    finally:
        win.close()


def test_profiles_changed_by_the_cli_while_the_window_runs(qtbot, home: Path) -> None:
    win = open_window(qtbot)
    try:
        env = {**os.environ, "DINGCONSOLE_HOME": str(home)}
        added = subprocess.run(
            [sys.executable, "-m", "dingconsole", "profile", "add", "isv", "--app-key", "suiteabc123",
             "--token", generate_token(), "--aes-key", generate_aes_key()],
            env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
        qtbot.wait_until(lambda: all("isv" in names for names in everywhere(win).values()), timeout=5000)

        dialog = win.profiles_dialog()
        dialog.show()
        ProfileStore().remove("isv")  # deleted on disk by another process, while the dialog is open
        qtbot.wait_until(lambda: all("isv" not in names for names in everywhere(win).values()), timeout=5000)
        assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == []
        dialog.close()
    finally:
        win.close()


def test_a_broken_profiles_file_opens_the_window_and_its_repair_is_picked_up(qtbot, home: Path) -> None:
    path = home / "config" / "profiles.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json", "utf-8")
    win = open_window(qtbot)
    try:
        text = win.banner.text("profiles")
        assert text and "cannot be read" in text and "Workbench" in text
        assert path.read_text("utf-8") == "{not json"  # nothing was saved over it
        good = ProfileStore(path=home / "elsewhere.json")
        good.add(Profile("fixed", "dingappkey123456", generate_token(), generate_aes_key()))
        path.write_text(good.path.read_text("utf-8"), "utf-8")
        qtbot.wait_until(lambda: win.banner.text("profiles") is None, timeout=5000)
        assert "fixed" in combo_texts(win.controls.profile_combo)
    finally:
        win.close()


def test_an_unusable_home_opens_the_window_with_a_banner(qtbot, tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("DINGCONSOLE_HOME", str(blocker / "home"))  # even root cannot make a folder there
    win = open_window(qtbot)
    try:
        assert "home" in win.banner.keys()
        assert "temporary folder" in (win.banner.text("home") or "")
        win.controls.start()  # the listener still works, into the session's temporary store
        assert win.controls.running
    finally:
        win.close()


def test_a_busy_port_opens_the_window_with_a_banner_and_the_port_is_a_remembered_setting(qtbot) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        win = open_window(qtbot, port=port)
        try:
            win.controls.start_action.trigger()
            assert not win.controls.running
            text = win.banner.text("listener") or ""
            assert f"127.0.0.1:{port}" in text and "another port" in text
            win.controls.port_spin.setValue(0)  # any free port
            win.controls.start_action.trigger()
            assert win.controls.running and win.banner.text("listener") is None
        finally:
            win.close()
    remembered = settings.open_settings()
    assert settings.read_int(remembered, "listenerPort", -1) == 0
    win = open_window(qtbot)
    try:
        win.controls.port_spin.setValue(port)
        assert win.controls.port == port
    finally:
        win.close()
    again = open_window(qtbot)
    try:
        assert again.controls.port == port and again.controls.port_spin.value() == port
    finally:
        again.close()


READ_ONLY_WINDOW = """
import json, sys
from dingconsole.gui.app import application
from dingconsole.gui import i18n
app = application()
i18n.manager().set_language(sys.argv[1], remember=False)
from dingconsole.gui.main_window import MainWindow
win = MainWindow()
win.show()
win.controls.toggle()
print(json.dumps({"keys": win.banner.keys(), "store": win.banner.text("store"),
                  "rows": win.model.rowCount(), "running": win.controls.running}))
win.close()
"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_read_only_home_opens_the_window_with_a_banner(home: Path, lang: str) -> None:
    from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
    from dingconsole.core.store import EventStore

    if os.geteuid() == 0 and subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode != 0:
        pytest.fail("root without mount namespaces: cannot make a read-only home here")
    with EventStore() as store:
        store.add(Exchange(received_at=1.0, request=HttpRequest(), outcome=Outcome.INVALID, error_code="x"))
    command = [sys.executable, "-c", READ_ONLY_WINDOW, lang]
    if os.geteuid() == 0:  # root ignores modes: a read-only bind mount in a private mount namespace
        remount = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'
        command = ["unshare", "-m", "sh", "-c", remount, str(home), *command]
    else:
        for path in [home, *home.rglob("*")]:
            path.chmod(path.stat().st_mode & ~0o222)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    assert "store" in shown["keys"]
    if lang == "en":
        assert "read-only" in shown["store"] and "cannot be written" in shown["store"]
    else:  # the path, the word SQLite said it in, and nothing else in English
        assert "只读" in shown["store"] and latin_words(shown["store"]) == []
    assert shown["rows"] == 1 or shown["rows"] == 0  # the table loads on its worker
