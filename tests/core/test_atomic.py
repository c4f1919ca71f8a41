"""core/atomic.py: the one way files and folders are created for the user, private whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from dingconsole.core import paths
from dingconsole.core.atomic import make_private_dirs, write_atomic


@pytest.fixture
def umask_000() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_write_atomic_creates_every_missing_parent_0700_and_the_file_0600(tmp_path: Path, umask_000: None) -> None:
    target = tmp_path / "a" / "b" / "c" / "report.html"
    write_atomic(target, b"x")
    assert [mode(p) for p in (tmp_path / "a", tmp_path / "a" / "b", target.parent)] == [0o700] * 3
    assert mode(target) == 0o600 and target.read_bytes() == b"x"
    write_atomic(tmp_path / "a" / "run.sh", b"#!/bin/sh\n", mode=0o700)
    assert mode(tmp_path / "a" / "run.sh") == 0o700


def test_a_restrictive_umask_does_not_leave_a_folder_the_owner_cannot_use(tmp_path: Path) -> None:
    old = os.umask(0o277)  # would give dr-x------: the file inside could not be created
    try:
        write_atomic(tmp_path / "d" / "f", b"x")
    finally:
        os.umask(old)
    assert mode(tmp_path / "d") == 0o700 and mode(tmp_path / "d" / "f") == 0o600


def test_existing_folders_keep_their_mode(tmp_path: Path, umask_000: None) -> None:
    os.chmod(tmp_path, 0o755)
    make_private_dirs(tmp_path / "new")
    assert mode(tmp_path) == 0o755 and mode(tmp_path / "new") == 0o700


def test_a_file_in_the_way_is_an_error_not_a_folder(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(NotADirectoryError):
        make_private_dirs(tmp_path / "f" / "sub" / "deeper")
    with pytest.raises(FileExistsError):
        make_private_dirs(tmp_path / "f")


def test_the_state_folders_and_their_missing_parents_are_0700(tmp_path: Path, umask_000: None, monkeypatch) -> None:
    home = tmp_path / "portable" / "home"
    monkeypatch.setenv(paths.HOME_ENV, str(home))
    config, data = paths.config_dir(), paths.data_dir()
    assert [mode(p) for p in (tmp_path / "portable", home, config, data)] == [0o700] * 4
