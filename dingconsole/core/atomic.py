"""Files and folders DingConsole creates for the user: private (0600/0700) whatever the umask, written atomically.

Everything written holds captured pushes, signatures or credentials. Under a permissive umask (000 is
common in containers and shared build hosts) Python's defaults give 0777 folders, where anyone on the
machine could swap a file (a fixtures folder's conftest.py runs in the user's test suite). So every
folder created here is made 0700 and every file 0600 (0700 when it is meant to run), explicitly.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from dingconsole.core.portable import set_file_mode

__all__ = ["make_private_dirs", "write_atomic"]


def make_private_dirs(path: Path) -> Path:
    """Create `path` and any missing parents, each one 0700 whatever the umask; existing folders are left as they are.

    `Path.mkdir(parents=True)` gives the parents the umask's default (0777 under umask 000) and the
    mode is itself filtered by the umask, hence the loop and the explicit chmod."""
    path = Path(path)
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():  # a file here makes the mkdir below fail with "Not a directory", as it should
            break
        missing.append(folder)
    if not missing and not path.is_dir():
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            if not folder.is_dir():
                raise
            continue  # created meanwhile by someone else: theirs, left alone
        os.chmod(folder, 0o700)
    return path


def write_atomic(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write `data` to `path` via a temp file in the same directory, fsync, then rename.

    The file gets exactly `mode` (0600 by default), missing parent folders 0700."""
    path = Path(path)
    make_private_dirs(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        set_file_mode(fd, mode)  # before any byte is written; on Windows the folder's ACL protects it
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
