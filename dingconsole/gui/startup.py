"""Open the window's parts (settings, profiles, event store) so that the window always opens.

A read-only or unusable home, a broken profiles file or a port someone else holds must not leave the
user with an exit code and a line on stderr: each part falls back to something that works for this
session and hands back a problem (a banner key and a text saying what is wrong and what still works).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QFontDatabase

from dingconsole.core import paths
from dingconsole.core.errors import DingError
from dingconsole.core.profiles import ProfileError, ProfileStore
from dingconsole.core.store import EventStore
from dingconsole.gui import detail_texts, settings

translate = QCoreApplication.translate

scratch_dir = settings.scratch_dir


def _reason(exc: BaseException) -> str:
    """What went wrong, in the UI language where the core or the OS said it in English."""
    if isinstance(exc, DingError):
        return detail_texts.localise(exc.message)
    if isinstance(exc, OSError) and exc.strerror:
        return detail_texts.os_error_text(exc)
    return str(exc)


@dataclass
class Problem:
    key: str
    text: str


@dataclass
class Parts:
    settings: QSettings
    profiles: ProfileStore
    store: EventStore
    profiles_broken: bool = False  # the file exists but cannot be read: never save over it
    problems: list[Problem] = field(default_factory=list)


def open_settings() -> tuple[QSettings, Problem | None]:
    try:
        paths.config_dir()
    except OSError as exc:
        fallback = settings.open_settings()  # in the scratch folder
        text = translate(
            "Startup",
            "The home folder cannot be used (%1). Window settings, profiles and events are kept in a "
            "temporary folder for this session only (%2); everything else works. Start with --home DIR "
            "(a writable folder) to keep them.",
        )
        return fallback, Problem("home", text.replace("%1", _reason(exc)).replace("%2", str(scratch_dir())))
    return settings.open_settings(), None


def open_profiles(profiles: ProfileStore | None) -> tuple[ProfileStore, bool, Problem | None]:
    """The profiles store; (store, broken, problem). A broken file is left untouched on disk."""
    if profiles is not None:
        return profiles, False, None
    try:
        return ProfileStore(), False, None
    except ProfileError as exc:
        store = ProfileStore(path=scratch_dir() / "unread-profiles.json")  # empty; the real file waits
        store.path = Path(exc.params.get("path", "")) if exc.params.get("path") else _profiles_path(store)
        text = translate(
            "Startup",
            "The profiles file cannot be read: %1 Fix or remove it — the window picks it up at once. "
            "Until then no profile is loaded; the Workbench takes typed-in credentials.",
        )
        return store, True, Problem("profiles", text.replace("%1", _reason(exc)))
    except OSError as exc:
        store = ProfileStore(path=scratch_dir() / "profiles.json")
        text = translate("Startup", "Profiles cannot be kept in the home folder (%1); they last for this session only.")
        return store, False, Problem("profiles", text.replace("%1", _reason(exc)))


def _profiles_path(store: ProfileStore) -> Path:
    try:
        return paths.config_dir() / "profiles.json"
    except OSError:
        return store.path


def open_store(store: EventStore | None) -> tuple[EventStore, Problem | None]:
    """The event store; read-only or elsewhere when the home cannot take new events."""
    if store is not None:
        return store, _read_only_problem(store)
    try:
        opened = EventStore()
    except (DingError, OSError) as exc:
        fallback = EventStore(scratch_dir() / "events.sqlite3")
        text = translate(
            "Startup",
            "The event store cannot be opened (%1). Captured events go to a temporary store for this "
            "session only (%2); the listener, Workbench and Send tab work as usual.",
        )
        return fallback, Problem("store", text.replace("%1", _reason(exc)).replace("%2", str(fallback.path)))
    return opened, _read_only_problem(opened)


def _read_only_problem(store: EventStore) -> Problem | None:
    if not getattr(store, "read_only", False):
        return None
    text = translate(
        "Startup",
        "The event store is read-only (%1): earlier events can be browsed, searched and exported, and "
        "the Workbench and Send tab work, but the listener cannot record new pushes. Make the folder "
        "writable or start with --home DIR.",
    )
    reason = detail_texts.localise(str(getattr(store, "read_only_reason", "") or store.path))
    return Problem("store", text.replace("%1", reason))


def font_problem(lang: str) -> Problem | None:
    """Chinese chosen but no font can draw it: say so in both languages (one of them is readable)."""
    if lang != "zh" or QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        return None
    english = "No Chinese font is installed, so Chinese text shows as boxes. Install one (e.g. fonts-noto-cjk or fonts-wqy-microhei) or switch the Language menu to English."  # noqa: E501
    return Problem("font", translate("Startup", "No Chinese font is installed.") + " — " + english)


def open_parts(profiles: ProfileStore | None = None, store: EventStore | None = None) -> Parts:
    """Settings, profiles and the store, each with a fallback and a problem when the home fails it."""
    opened_settings, home_problem = open_settings()
    opened_profiles, broken, profiles_problem = open_profiles(profiles)
    opened_store, store_problem = open_store(store)
    problems = [p for p in (home_problem, profiles_problem, store_problem) if p is not None]
    return Parts(opened_settings, opened_profiles, opened_store, broken, problems)
