"""Regenerate the README screenshots: the real window, real pushes, both languages. Never hand-made.

Run under a virtual screen (Debian: xvfb, fonts-wqy-microhei):

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tools/screenshots.py

It works in a temporary DINGCONSOLE_HOME, starts the window's own listener, pushes the sample events
from tests/data/events (sealed with a demo profile) plus two broken pushes (wrong token, wrong owner
key) over HTTP, and saves docs/screenshots/{live-table,diagnosis,workbench}-{en,zh}.png.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from dingconsole.core.exchange import HttpRequest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "data" / "events"


def _post(url: str, request: HttpRequest) -> None:
    full = f"{url}?{urllib.parse.urlencode(request.query)}"
    req = urllib.request.Request(full, data=request.body, method="POST", headers=request.headers)
    try:
        urllib.request.urlopen(req, timeout=5).read()
    except urllib.error.HTTPError as exc:  # a broken push is answered 4xx on purpose
        exc.read()
        exc.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--lang", nargs="+", default=["en", "zh"])
    args = parser.parse_args()
    os.environ["DINGCONSOLE_HOME"] = tempfile.mkdtemp(prefix="dingconsole-shots-")
    args.out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    from dingconsole.core.crypto import generate_aes_key
    from dingconsole.core.profiles import Profile, ProfileStore
    from dingconsole.core.send import seal_push
    from dingconsole.gui import i18n
    from dingconsole.gui.app import application
    from dingconsole.gui.main_window import MainWindow

    application()
    profiles = ProfileStore()
    demo = Profile("demo", "dingdemoapp7x2k9q", "demotoken2026", generate_aes_key(), note="screenshots")
    profiles.add(demo)
    window = MainWindow(profiles=profiles)
    window.resize(1280, 820)  # the size the issue names: everything must fit here
    window.show()
    window.controls.start()
    url = window.controls.current_url()

    def settle(ms: int = 400) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    order = [
        "check_url",
        "user_add_org",
        "org_dept_create",
        "chat_add_member",
        "bpms_instance_change_start",
        "bpms_task_change_finish",
        "bpms_instance_change_finish",
    ]
    for name in order:
        _post(url, seal_push((SAMPLES / f"{name}.json").read_text("utf-8"), demo))
    wrong_token = Profile("x", demo.owner_key, "not-the-token", demo.aes_key)
    _post(url, seal_push(json.dumps({"EventType": "user_leave_org", "UserId": ["0423156789012345"]}), wrong_token))
    corp = Profile("y", "ding5f1e0c3a7b2d9e41", demo.token, demo.aes_key)
    _post(url, seal_push((SAMPLES / "user_modify_org.json").read_text("utf-8"), corp))
    settle(800)

    view = window.events
    for lang in args.lang:
        i18n.manager().set_language(lang, remember=False)
        settle()
        window.tabs.setCurrentIndex(0)
        view.select_row(2)  # the approval result, newest first after the two broken pushes
        settle()
        window.grab().save(str(args.out / f"live-table-{lang}.png"))
        view.select_row(0)  # wrong owner key (made for the CorpId)
        settle()
        window.details.tabs.setCurrentWidget(window.details.diagnosis)
        settle()
        window.grab().save(str(args.out / f"diagnosis-{lang}.png"))
        window.workbench.open_exchange(view.current_exchange())
        window.tabs.setCurrentWidget(window.workbench)
        settle(900)
        window.grab().save(str(args.out / f"workbench-{lang}.png"))
    window.close()
    QCoreApplication.processEvents()
    print("\n".join(sorted(str(p) for p in args.out.glob("*.png"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
