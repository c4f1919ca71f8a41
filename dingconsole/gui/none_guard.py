"""Keep PySide6's lost references to None from ever freeing it (Python 3.11 only).

PySide6 6.12 on Python 3.11 drops one reference to None each time C++ calls a Python override that
returns None — a model's data() or headerData() for a role it does not serve, thousands of times a
second while a live table paints and sorts. After a few million calls None's count reaches zero and
the interpreter aborts with "none_dealloc: deallocating None" (seen in the GUI tests and in a long
live session). Python 3.12 made None immortal, which is the fix; on 3.11 we give None the same
headroom once: 2**60 extra references, which no session can use up. tests/gui/test_none_guard.py
shows the leak and that the guard holds.
"""

from __future__ import annotations

import ctypes
import sys

HEADROOM = 2**60
_installed = False


def install() -> None:
    """Idempotent; a no-op where None is immortal (3.12+)."""
    global _installed
    if _installed or sys.version_info >= (3, 12):
        return
    ctypes.c_ssize_t.from_address(id(None)).value += HEADROOM
    _installed = True
