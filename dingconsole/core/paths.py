"""Where config and data live — one override (`--home` / DINGCONSOLE_HOME) for all of it.

Tests and portable installs set the override so nothing touches the real home directory.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

HOME_ENV = "DINGCONSOLE_HOME"
_APP = "dingconsole"


def set_home(path: str | os.PathLike[str]) -> None:
    """Point every state directory under `path` (used by `--home DIR`)."""
    os.environ[HOME_ENV] = str(Path(path).expanduser().resolve())


def _override() -> Path | None:
    value = os.environ.get(HOME_ENV)
    return Path(value) if value else None


def config_dir() -> Path:
    """Profiles and settings."""
    home = _override()
    path = home / "config" if home else Path(platformdirs.user_config_dir(_APP, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    """The event store and other durable data."""
    home = _override()
    path = home / "data" if home else Path(platformdirs.user_data_dir(_APP, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path
