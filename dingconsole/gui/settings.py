"""The window's own settings (geometry, splitter, language, last profile) in an INI file under config_dir().

Never QSettings' default location: tests and portable installs set DINGCONSOLE_HOME and must not
touch the real home directory.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from dingconsole.core import paths

FILENAME = "gui.ini"


def open_settings() -> QSettings:
    # created 0600 before Qt writes it: Qt keeps an existing file's mode, not the umask's 0644
    return QSettings(str(paths.private_file(paths.config_dir() / FILENAME)), QSettings.Format.IniFormat)


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
