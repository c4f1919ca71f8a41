"""The platform branches of core/portable.py, each run here by simulating the platform where that is honest:
Windows' Python before 3.13 has no os.fchmod; Windows reports 0o666 for files; a Windows console sends
Ctrl+Break as SIGBREAK (bound here to SIGUSR1, a signal Linux has and nothing else uses)."""

from __future__ import annotations

import logging
import os
import signal
import stat
import sys
from pathlib import Path

import pytest

from dingconsole.commands._common import StopRequest
from dingconsole.core import portable
from dingconsole.core.atomic import write_atomic
from dingconsole.core.profiles import Profile, ProfileStore

KEY = "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij"


def test_profiles_save_where_os_has_no_fchmod(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Python 3.11/3.12 on Windows: os.fchmod does not exist; saving a profile must still work."""
    monkeypatch.delattr(os, "fchmod")
    store = ProfileStore(tmp_path / "profiles.json")
    store.add(Profile("a", "dingabc", "tok-secret", KEY))
    assert ProfileStore(tmp_path / "profiles.json").get("a").token == "tok-secret"


def test_windows_loads_profiles_without_a_false_permissions_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Every file on Windows reports 0o666: no "others could read" warning, no chmod (the ACL protects it)."""
    path = tmp_path / "profiles.json"
    ProfileStore(path).add(Profile("a", "dingabc", "tok", KEY))
    path.chmod(0o666)
    monkeypatch.setattr(sys, "platform", "win32")
    with caplog.at_level(logging.WARNING):
        assert ProfileStore(path).get("a").token == "tok"
    assert not [r for r in caplog.records if "permissions" in r.getMessage()]
    assert stat.S_IMODE(path.stat().st_mode) == 0o666  # untouched: chmod means nothing there


def test_posix_still_repairs_a_readable_profiles_file(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "profiles.json"
    ProfileStore(path).add(Profile("a", "dingabc", "tok", KEY))
    path.chmod(0o644)
    with caplog.at_level(logging.WARNING):
        ProfileStore(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert any("permissions" in r.getMessage() for r in caplog.records)


def test_file_modes_are_set_only_where_they_protect(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_atomic(tmp_path / "posix.sh", b"#!/bin/sh\n", mode=0o700)
    assert stat.S_IMODE((tmp_path / "posix.sh").stat().st_mode) == 0o700
    monkeypatch.setattr(sys, "platform", "win32")
    write_atomic(tmp_path / "windows.sh", b"#!/bin/sh\n", mode=0o700)
    assert stat.S_IMODE((tmp_path / "windows.sh").stat().st_mode) == 0o600  # mkstemp's own; no fchmod


@pytest.mark.parametrize(("platform", "protect"), [("linux", True), ("darwin", True), ("win32", False)])
def test_permission_bits_protect(platform: str, protect: bool) -> None:
    assert portable.permission_bits_protect(platform) is protect


def test_stop_signals_here_are_sigint_and_sigterm() -> None:
    assert portable.stop_signals() == [signal.SIGINT, signal.SIGTERM]


def test_ctrl_break_stops_a_command_on_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(signal, "SIGBREAK", signal.SIGUSR1, raising=False)
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGUSR1)}
    stop = StopRequest()
    try:
        stop.install()
        assert signal.getsignal(signal.SIGUSR1) == stop.set
        os.kill(os.getpid(), signal.SIGUSR1)
        assert stop.wait(0.01)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
