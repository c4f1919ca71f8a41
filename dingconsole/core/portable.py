"""The few places where Windows, macOS and Linux differ for the core, each a function a test can aim at.

File privacy. On Linux and macOS the state folders are 0700 and the files 0600: permission bits are what
keeps other local users out. On Windows they are not: `os.chmod` only sets or clears the read-only flag,
`os.stat` reports 0o666 for every writable file, and Python before 3.13 has no `os.fchmod`. What protects
the files there is the folder's access-control list: without --home they live under %LOCALAPPDATA%
(C:\\Users\\NAME\\AppData\\Local\\dingconsole), inside the user's profile folder, which Windows makes
readable by that user, SYSTEM and the Administrators only, and new files inherit that. A --home outside
the profile folder inherits whatever that folder's ACL allows: choose one only you can read.

Stop signals. Ctrl+C is SIGINT everywhere; `kill` and service managers send SIGTERM on POSIX. A Windows
console sends Ctrl+Break as SIGBREAK; SIGTERM there is only raised by the process itself (another
process "terminating" it calls TerminateProcess, which no handler sees).
"""

from __future__ import annotations

import os
import signal
import sys


def permission_bits_protect(platform: str | None = None) -> bool:
    """Whether POSIX permission bits are what keeps other users out (everywhere but Windows)."""
    return not (sys.platform if platform is None else platform).startswith("win")


def set_file_mode(fd: int, mode: int) -> None:
    """`os.fchmod` where it exists; nothing on Windows before Python 3.13 (the folder's ACL protects the file)."""
    fchmod = getattr(os, "fchmod", None)
    if fchmod is not None and permission_bits_protect():
        fchmod(fd, mode)


def stop_signals() -> list[signal.Signals]:
    """The signals that ask a long-running command or the window to stop cleanly on this OS."""
    names = ("SIGINT", "SIGTERM", "SIGBREAK")  # SIGBREAK: Ctrl+Break in a Windows console
    return [sig for sig in (getattr(signal, name, None) for name in names) if sig is not None]
