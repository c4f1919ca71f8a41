"""Atomic, private file writes: a crash mid-write never leaves a half-written file behind, and nothing
written (profiles, exports, fixtures, reports) is anyone else's to read or replace, whatever the umask."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from dingconsole.core.portable import set_file_mode


def private_dirs(folder: Path) -> Path:
    """Create `folder` and every missing parent 0700, whatever the umask (under umask 000 `mkdir -p`
    made them 0777: anyone could swap a file in an export's folder, e.g. its conftest.py). Folders that
    already exist are the user's and are left as they are."""
    missing = []
    current = Path(folder)
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for made in reversed(missing):
        try:
            made.mkdir(mode=0o700)
        except FileExistsError:
            continue  # made meanwhile by someone else: theirs
        os.chmod(made, 0o700)  # mkdir's mode passes through the umask; chmod does not
    return folder


def write_atomic(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write `data` to `path` via a temp file in the same directory, fsync, then rename. The file gets
    `mode` (not filtered by the umask); missing folders on the way are made 0700 (`private_dirs`)."""
    private_dirs(path.parent)
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
