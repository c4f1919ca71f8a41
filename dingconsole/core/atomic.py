"""Atomic file writes: a crash mid-write never leaves a half-written config behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from dingconsole.core.portable import set_file_mode


def write_atomic(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write `data` to `path` via a temp file in the same directory, fsync, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
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
