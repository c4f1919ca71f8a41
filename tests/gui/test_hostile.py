"""The window shows what a push, a paste or a file holds as plain text: a pushed `<h1>` shows as `<h1>`."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItemIterator

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.core.send import seal_push
from dingconsole.core.store import EventStore
from dingconsole.gui.main_window import MainWindow
from tests.gui.windows import shown_window
from tests.http_recorder import recording
from tests.listener_util import send

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

MARKUP = "<h1>big</h1><img src='http://attacker.example/x.png'>"
PROFILE = Profile("shop", "dingappkey123456", "Zk3pQ9vX2mL8rT5wY7aB", "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij")


def hostile_rows() -> list[Exchange]:
    failed_step = {"name": "owner_key", "status": "failed", "detail": f"payload was made for {MARKUP}", "hint": MARKUP}
    return [
        Exchange(
            received_at=1_700_000_000.0,
            request=HttpRequest("POST", "/api/callback", {"nonce": MARKUP}, {"X-Markup": MARKUP}, b"{}"),
            profile="shop",
            outcome=Outcome.OK,
            event_type=MARKUP,
            message=json.dumps({"EventType": MARKUP, "title": MARKUP}),
            reply_status=200,
        ),
        Exchange(
            received_at=1_700_000_001.0,
            request=HttpRequest("POST", "/api/callback", {}, {}, b"{}"),
            profile="shop",
            outcome=Outcome.FAILED,
            error_code="owner_key_mismatch",
            error_message=MARKUP,
            diagnosis={"kind": "request", "ok": False, "steps": [failed_step]},
            reply_status=400,
        ),
        Exchange(
            received_at=1_700_000_002.0,
            request=HttpRequest("POST", "/api/callback", {}, {}, b"{}"),
            profile="shop",
            outcome=Outcome.OK,
            message="[" * 20000 + "]" * 20000,
            error_code="json_too_deep",
            error_message="the message is JSON nested deeper than 100 levels: stored and shown as text",
            reply_status=200,
        ),
    ]


def tooltips(tree: QTreeWidget) -> list[str]:
    found = []
    iterator = QTreeWidgetItemIterator(tree)
    while item := iterator.value():
        found += [item.toolTip(column) for column in range(tree.columnCount())]
        iterator += 1
    return found


def test_markup_from_pushes_is_shown_as_text(qtbot, tmp_path) -> None:
    ProfileStore().add(PROFILE)
    store = EventStore(tmp_path / "events.sqlite3")
    store.add_many(hostile_rows())
    window = MainWindow(profiles=ProfileStore(), store=store)
    qtbot.addWidget(window)
    window.show()
    qtbot.wait_until(lambda: window.events.proxy.rowCount() == 3)
    for row in range(3):
        window.events.select_row(row)
        qtbot.wait_until(lambda: window.details.exchange() is not None)
        exchange = window.details.exchange()
        for label in window.findChildren(QLabel):
            if "<h1>" in label.text():
                assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName() or label.text()[:60]
        model = window.events.proxy
        for column in range(model.columnCount()):
            tip = model.data(model.index(row, column), Qt.ItemDataRole.ToolTipRole) or ""
            assert "<h1>" not in tip, tip  # escaped: shown literally, never rendered
        for tree in window.findChildren(QTreeWidget):
            for tip in tooltips(tree):
                assert "<h1>" not in tip, tip
        assert exchange is not None
    window.events.select_row(0)  # newest first: the deep message
    deep = window.details.exchange()
    assert deep is not None and deep.message.startswith("[[[")
    assert window.details.json_text.toPlainText().startswith("[[[")  # the deep message: shown as text
    window.close()
    store.close()


def test_the_window_writes_only_private_files(qtbot, home) -> None:
    import stat

    ProfileStore().add(PROFILE)
    window = MainWindow(profiles=ProfileStore())
    qtbot.addWidget(window)
    window.show()
    window.close()
    window.settings.sync()
    written = [p for p in home.rglob("*")]
    assert any(p.name == "gui.ini" for p in written)
    loose = [f"{p} {oct(stat.S_IMODE(p.stat().st_mode))}" for p in written if stat.S_IMODE(p.stat().st_mode) & 0o077]
    assert loose == []


def test_the_profile_dialog_warns_about_a_weak_token_and_offers_one(qtbot) -> None:
    from dingconsole.gui.profiles_dialog import ProfilesDialog

    dialog = ProfilesDialog(ProfileStore())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.token.setText("123456")
    assert dialog.token_warning.isVisible() and "digits" in dialog.token_warning.hint.text()
    dialog.token.setText("abc123")
    assert dialog.token_warning.isVisible() and "12" in dialog.token_warning.hint.text()
    aes = dialog.aes_key.text()
    dialog.token_warning.button.click()
    assert len(dialog.token.text()) >= 32 and dialog.aes_key.text() == aes
    assert not dialog.token_warning.isVisible()


def test_allowed_hosts_in_the_window_reach_the_status_page(qtbot) -> None:
    from tests.listener_util import send

    ProfileStore().add(PROFILE)
    window = MainWindow(profiles=ProfileStore())
    qtbot.addWidget(window)
    controls = window.controls
    assert controls.allow_hosts_action in controls.copy_menu.actions()
    with qtbot.wait_signal(controls.stateChanged):
        controls.start_action.trigger()
    url = controls.url_edit.text()
    assert PROFILE.owner_key.encode() not in send("GET", url, headers={"Host": "tunnel.example.com"})[1]
    controls.allow_hosts_action.set_hosts(["tunnel.example.com"])
    assert PROFILE.owner_key.encode() in send("GET", url, headers={"Host": "tunnel.example.com"})[1]
    window.close()
    again = MainWindow(profiles=ProfileStore())  # remembered in gui.ini
    qtbot.addWidget(again)
    assert again.controls.allow_hosts_action.hosts == ["tunnel.example.com"]
    again.close()


def test_a_broken_profile_is_skipped_by_name_and_the_others_answer(qtbot) -> None:
    from dingconsole.core.send.sender import seal_push, target_url
    from tests.listener_util import event, send

    profiles = ProfileStore()
    profiles.add(PROFILE)
    data = json.loads(profiles.path.read_text("utf-8"))
    data["profiles"].append({"name": "broken", "owner_key": "dingx", "token": "t", "aes_key": "short"})
    profiles.path.write_text(json.dumps(data), "utf-8")
    window = MainWindow(profiles=ProfileStore())
    qtbot.addWidget(window)
    with qtbot.wait_signal(window.controls.stateChanged):
        window.controls.start_action.trigger()
    assert "broken" in window.statusBar().currentMessage()
    push = seal_push(event(), PROFILE)
    assert send("POST", target_url(window.controls.url_edit.text(), push), data=push.body)[0] == 200
    window.close()


def test_copy_as_curl_replays_to_this_listener_never_to_the_captured_host(qtbot) -> None:
    """A push's Host header is the sender's word: the copied command, run by bash, reaches this console's own
    listener (a second row) and nothing reaches the host the push named."""
    assert shutil.which("curl"), "curl is needed: install it (the Debian package `curl`; .ci/run does)"
    window = shown_window(qtbot, PROFILE)
    try:
        window.controls.start()
        with recording() as attacker:
            push = seal_push(json.dumps({"EventType": "user_add_org"}), PROFILE)
            status, _ = send(
                "POST", window.controls.current_url(), push, headers={"Host": attacker.host, **push.headers}
            )
            assert status == 200
            qtbot.wait_until(lambda: window.events.proxy.rowCount() == 1)
            window.events.select_row(0)
            qtbot.wait_until(lambda: window.details.exchange() is not None)
            assert window.details.exchange().request.headers["Host"] == attacker.host
            command = window.actions_.copy_curl()
            replayed = subprocess.run(["bash", "-c", command + " -sS -o /dev/null"], capture_output=True, timeout=60)
            assert replayed.returncode == 0, replayed.stderr
            qtbot.wait_until(lambda: window.events.proxy.rowCount() == 2)
            assert attacker.requests() == []
        assert attacker.host not in command
    finally:
        window.close()
