"""Root fixtures: Qt runs offscreen, and every test gets its own DINGCONSOLE_HOME — never the real home."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.pop("DINGCONSOLE_HOME", None)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh state directory for this test; the core and every subprocess started from it use it."""
    path = tmp_path / "home"
    path.mkdir()
    monkeypatch.setenv("DINGCONSOLE_HOME", str(path))
    return path
