"""Where config and data live — one override (`--home` / DINGCONSOLE_HOME) for all of it.

Tests and portable installs set the override so nothing touches the real home directory.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import platformdirs

from dingconsole.core.atomic import make_private_dirs

HOME_ENV = "DINGCONSOLE_HOME"
_APP = "dingconsole"


def set_home(path: str | os.PathLike[str]) -> None:
    """Point every state directory under `path` (used by `--home DIR`)."""
    os.environ[HOME_ENV] = str(Path(path).expanduser().resolve())


def _override() -> Path | None:
    value = os.environ.get(HOME_ENV)
    return Path(value) if value else None


def private_dir(path: Path) -> Path:
    """`path` as a directory only its owner can enter: created 0700, group/other bits of an existing one dropped.

    The config holds production tokens and keys, the data decrypted events: neither is anyone else's.
    Best effort on a read-only home (nothing can be repaired there, and reading must still work)."""
    make_private_dirs(path)  # missing parents 0700 too, whatever the umask
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            os.chmod(path, mode & ~0o077)
    except OSError:
        pass  # read-only file system or not ours: reading still works, and nothing here can be fixed
    return path


def private_file(path: Path) -> Path:
    """`path` as a file only its owner can read: created empty 0600 if missing, group/other bits dropped.

    For files another library writes (Qt's gui.ini): Qt keeps an existing file's mode when it saves."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            os.chmod(path, mode & ~0o077)
    except OSError:
        pass  # a read-only home: the settings are read, not written, and nothing can be repaired
    return path


def config_dir() -> Path:
    """Profiles and settings (0700)."""
    home = _override()
    return private_dir(home / "config" if home else Path(platformdirs.user_config_dir(_APP, appauthor=False)))


def data_dir() -> Path:
    """The event store and other durable data (0700)."""
    home = _override()
    return private_dir(home / "data" if home else Path(platformdirs.user_data_dir(_APP, appauthor=False)))
