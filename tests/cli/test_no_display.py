"""`dingconsole` (the window) where no window can open: exit 2 with a pointer to `serve`, not Qt's abort."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dingconsole.commands.gui import display_missing

DISPLAY_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")


def _without_display(home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in DISPLAY_VARIABLES}
    env["DINGCONSOLE_HOME"] = str(home)
    return env


@pytest.mark.parametrize("argv", [[], ["gui", "--listen"]], ids=["no-command", "gui"])
def test_no_display_exits_2_with_a_pointer_to_serve(home: Path, argv: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dingconsole", *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_without_display(home),
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert "no display — use `dingconsole serve` / `--help`" in done.stderr
    assert "xcb" not in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""


def test_other_commands_still_run_without_a_display(home: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dingconsole", "profile", "list"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_without_display(home),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("environ", "platform", "missing"),
    [
        ({}, "linux", True),
        ({}, "freebsd14", True),
        ({"DISPLAY": ":0"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"DISPLAY": ""}, "linux", True),
        ({}, "win32", False),  # Windows and macOS: a logged-in user always has a window server
        ({}, "darwin", False),
    ],
)
def test_display_missing_per_platform(environ: dict[str, str], platform: str, missing: bool) -> None:
    assert display_missing(environ, platform) is missing
