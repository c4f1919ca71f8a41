"""Opening the main window the way most window tests need it."""

from __future__ import annotations

from typing import Any

from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.gui.main_window import MainWindow


def shown_window(qtbot: Any, profile: Profile) -> MainWindow:
    """The main window, shown, over a home holding `profile` (the caller closes it; pytest-qt deletes it)."""
    profiles = ProfileStore()
    profiles.add(profile)
    window = MainWindow(profiles=profiles)
    qtbot.addWidget(window)
    window.show()
    return window
