"""Root fixtures: Qt runs offscreen, and every test gets its own DINGCONSOLE_HOME — never the real home."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from dingconsole.core.listener import Listener
from dingconsole.core.profiles import Profile
from dingconsole.core.store import EventStore
from tests.dingtalk_standin import Gateway, running
from tests.listener_util import make_profile

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.pop("DINGCONSOLE_HOME", None)
# calls to DingTalk's stand-ins on loopback must not go through the developer's own proxy (proxy tests set them)
for _name in ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "NO_PROXY"):
    os.environ.pop(_name, None)
    os.environ.pop(_name.lower(), None)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh state directory for this test; the core and every subprocess started from it use it."""
    path = tmp_path / "home"
    path.mkdir()
    monkeypatch.setenv("DINGCONSOLE_HOME", str(path))
    return path


@pytest.fixture
def profile() -> Profile:
    """Fresh credentials (random token and aesKey); modules that need them saved override this."""
    return make_profile()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EventStore]:
    """A real SQLite event store in this test's own directory."""
    with EventStore(tmp_path / "events.sqlite3") as event_store:
        yield event_store


@pytest.fixture
def listener(store: EventStore, profile: Profile) -> Iterator[Listener]:
    """A real listener on a free loopback port, answering for `profile`."""
    server = Listener(store, [profile])
    server.start()
    yield server
    server.stop()


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    """A local stand-in of DingTalk's Stream gateway and open API (real HTTP and WebSocket)."""
    with running(Gateway()) as stand_in:
        yield stand_in


@pytest.fixture
def bin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder first on PATH, where a test installs the fake tools it needs (tests/core/tunnel/fakes.py)."""
    from tests.core.tunnel.fakes import path_with

    path = tmp_path / "bin"
    path.mkdir()
    monkeypatch.setenv("PATH", path_with(path))
    return path
