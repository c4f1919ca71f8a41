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
from dingconsole.core import portable
from dingconsole.core.errors import DingError
from dingconsole.gui import fonts
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
    fonts.apply_chinese_fallback(app)
    return app


def app_icon() -> QIcon:
    """The app icon from the packaged resources (also inside the frozen build)."""
    pixmap = QPixmap()
    pixmap.loadFromData((resources.files("dingconsole.resources") / "icons" / "dingconsole.png").read_bytes())
    return QIcon(pixmap)


def install_signal_handlers(window: MainWindow) -> QTimer:
    """Close `window` on SIGINT/SIGTERM (Ctrl+Break too on Windows); returns the timer letting Python see them."""

    def close(signum: int, frame: FrameType | None) -> None:
        # through the event loop: a signal that arrives before app.exec() would close the window while
        # no loop runs, and the loop started afterwards would wait forever with no window
        QTimer.singleShot(0, window.close)

    for sig in portable.stop_signals():  # SIGINT, SIGTERM; SIGBREAK (Ctrl+Break) on Windows
        signal.signal(sig, close)
    timer = QTimer(window)
    timer.timeout.connect(lambda: None)
    timer.start(SIGNAL_POLL_MS)
    return timer


def run(*, profile: str | None = None, listen: bool = False, host: str | None = None, port: int | None = None) -> int:
    """Open the window (optionally with the listener running) and return the exit code.

    The window always opens: an unknown profile, a busy port or an unusable home become a banner in
    it (and a line on stderr for whoever started it from a terminal), never exit code 1 and no window.
    `host`/`port` None: the ones the window remembered."""
    app = application()
    window = MainWindow(host=host, port=port)
    install_signal_handlers(window)
    if profile:
        try:
            window.profiles.set_active(profile)
            window.profiles_changed()
        except (DingError, OSError) as exc:
            message = exc.message if isinstance(exc, DingError) else str(exc)
            window.banner.show_problem("profile", message)
            print(f"error: {message}", file=sys.stderr)
    if listen:
        window.controls.toggle()  # a bind error lands in the banner (startFailed), not in an exit code
        if window.controls.running:
            print(f"listening on {window.controls.current_url()}", flush=True)
        else:
            print(f"error: {window.banner.text('listener')}", file=sys.stderr, flush=True)
    window.show()
    code = app.exec()
    window.shutdown()
    return int(code)
