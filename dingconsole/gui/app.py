"""QApplication setup and the `dingconsole gui` entry point.

SIGINT/SIGTERM close the window the normal way (listener stopped, everything committed): Python only
runs signal handlers between bytecodes, so a short QTimer gives the interpreter a turn while Qt's
event loop runs.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Sequence
from importlib import resources
from types import FrameType

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QApplication

from dingconsole import __version__
from dingconsole.core.profiles import ProfileStore
from dingconsole.gui.main_window import MainWindow

SIGNAL_POLL_MS = 200


def application(argv: Sequence[str] | None = None) -> QApplication:
    """The one QApplication (reused when one exists, as under pytest-qt)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    app.setApplicationName("DingConsole")
    app.setOrganizationName("dingconsole")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    return app


def app_icon() -> QIcon:
    """The app icon from the packaged resources (also inside the frozen build)."""
    pixmap = QPixmap()
    pixmap.loadFromData((resources.files("dingconsole.resources") / "icons" / "dingconsole.png").read_bytes())
    return QIcon(pixmap)


def install_signal_handlers(window: MainWindow) -> QTimer:
    """Close `window` on SIGINT/SIGTERM; returns the timer that lets Python see the signals."""

    def close(signum: int, frame: FrameType | None) -> None:
        window.close()

    signal.signal(signal.SIGINT, close)
    signal.signal(signal.SIGTERM, close)
    timer = QTimer(window)
    timer.timeout.connect(lambda: None)
    timer.start(SIGNAL_POLL_MS)
    return timer


def run(*, profile: str | None = None, listen: bool = False, host: str = "127.0.0.1", port: int = 0) -> int:
    """Open the window (optionally with the listener running) and return the exit code."""
    app = application()
    profiles = ProfileStore()
    if profile:
        profiles.set_active(profile)  # raises ProfileError (exit 1) for an unknown name
    window = MainWindow(profiles=profiles, host=host, port=port)
    if listen:
        try:
            window.controls.start()
        except OSError as exc:
            # No modal box: headless or from a script nobody can click it away and the process hangs.
            window.shutdown()
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"listening on {window.controls.current_url()}", flush=True)
    install_signal_handlers(window)
    window.show()
    code = app.exec()
    window.shutdown()
    return int(code)
