"""Every window test has the one QApplication (pytest-qt's `qapp`), whichever test an xdist worker runs first.

Tests that use only `qtmodeltester` (or build a model directly) do not ask for `qapp` themselves; run
first in a worker, they met no QApplication and the language manager refused to start.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication


@pytest.fixture(autouse=True)
def _the_application(qapp: QApplication) -> QApplication:
    return qapp
