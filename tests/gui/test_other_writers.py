"""Issue 23: rows another writer (a `dingconsole serve` on the same home) records appear in the open window,
and a second listener on the same store is named — but the window's own rows never count as another's.

Real SQLite: a second EventStore on the same file is another connection, as another process would be."""

from __future__ import annotations

import json
import time
from pathlib import Path

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome, Transport
from dingconsole.core.profiles import ProfileStore
from dingconsole.core.send import seal_push
from dingconsole.core.store import EventStore
from dingconsole.gui.main_window import MainWindow
from tests.listener_util import make_profile, send


def _row(kind: str, transport: Transport = Transport.HTTP) -> Exchange:
    return Exchange(
        received_at=time.time(),
        request=HttpRequest("POST", "/api/callback", {}, {}, b"{}"),
        transport=transport,
        profile="demo",
        outcome=Outcome.OK,
        message=json.dumps({"EventType": kind}),
        event_type=kind,
    )


def _shown(window: MainWindow) -> list[str]:
    model = window.model
    return [str(model.exchange(r).event_type) for r in range(model.rowCount())]


def test_another_writers_rows_appear_and_a_second_listener_is_named(qtbot, home, tmp_path: Path) -> None:
    path = tmp_path / "events.sqlite3"
    profile = make_profile()
    profiles = ProfileStore()
    profiles.add(profile)
    with EventStore(path) as store, EventStore(path) as other:
        window = MainWindow(profiles=profiles, store=store)
        qtbot.addWidget(window)
        qtbot.wait_until(lambda: not window.model.busy(), timeout=10_000)  # the first page is in: only polls add rows
        other.add(_row("chat_quit"))
        qtbot.wait_until(lambda: "chat_quit" in _shown(window), timeout=10_000)
        assert "shared_store" not in window.banner.keys()  # this window listens to nothing yet

        window.controls.start()
        assert (
            send("POST", window.controls.current_url(), seal_push(json.dumps({"EventType": "check_url"}), profile))[0]
            == 200
        )
        qtbot.wait_until(lambda: "check_url" in _shown(window), timeout=10_000)
        qtbot.wait(2 * 1000 + 500)  # two polls: the window's own push must not look like another listener's
        assert "shared_store" not in window.banner.keys()
        assert _shown(window).count("check_url") == 1

        other.add(_row("org_remove"))
        qtbot.wait_until(lambda: "shared_store" in window.banner.keys(), timeout=10_000)
        assert _shown(window).count("org_remove") == 1
        window.close()
