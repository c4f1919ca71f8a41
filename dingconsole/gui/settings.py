"""The window's own settings (geometry, splitter, language, last profile) in an INI file under config_dir().

Never QSettings' default location: tests and portable installs set DINGCONSOLE_HOME and must not
touch the real home directory.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from dingconsole.core import paths

FILENAME = "gui.ini"


_scratch: Path | None = None


def scratch_dir() -> Path:
    """One private temporary folder per process for whatever an unusable home cannot hold."""
    global _scratch
    if _scratch is None:
        _scratch = Path(tempfile.mkdtemp(prefix="dingconsole-"))
    return _scratch


def open_settings() -> QSettings:
    """gui.ini in the config folder; in the session's scratch folder when the home is unusable
    (gui/startup.py tells the user so), so that no caller has to handle a home it cannot create."""
    try:
        # created 0600 before Qt writes it: Qt keeps an existing file's mode, not the umask's 0644
        return QSettings(str(paths.private_file(paths.config_dir() / FILENAME)), QSettings.Format.IniFormat)
    except OSError:
        return QSettings(str(scratch_dir() / FILENAME), QSettings.Format.IniFormat)


def read_bytes(settings: QSettings, key: str) -> QByteArray | None:
    value = settings.value(key)
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def read_bool(settings: QSettings, key: str, default: bool) -> bool:
    value: Any = settings.value(key, default)
    if isinstance(value, str):
        return value.lower() in ("true", "1", "yes")
    return bool(value)


def read_str(settings: QSettings, key: str, default: str = "") -> str:
    value = settings.value(key, default)
    return value if isinstance(value, str) else default


def read_int(settings: QSettings, key: str, default: int) -> int:
    value: Any = settings.value(key, default)
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
