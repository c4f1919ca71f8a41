"""The windowed launchers (`dingconsole-gui` under pythonw, the frozen windowed executable on Windows) run
with sys.stdout and sys.stderr set to None: commands must still run, their output going nowhere."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.cli.test_crypto import CREDS, SIGNED

ROOT = Path(__file__).resolve().parents[2]

WITHOUT_CONSOLE = (
    "import sys\nsys.stdout = sys.stderr = None\nfrom dingconsole.cli import main\nsys.exit(main(sys.argv[1:]))\n"
)


def test_a_command_that_writes_bytes_runs_without_a_console() -> None:
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_CONSOLE, "decrypt", *CREDS, *SIGNED, "--raw"],
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, done
    assert done.stdout == b"" and done.stderr == b""


def test_a_usage_error_without_a_console_is_exit_2_not_a_crash() -> None:
    done = subprocess.run([sys.executable, "-c", WITHOUT_CONSOLE, "no-such-command"], capture_output=True, timeout=60)
    assert done.returncode == 2, done


def test_the_windowed_entry_point_is_the_same_program() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["gui-scripts"]["dingconsole-gui"] == project["scripts"]["dingconsole"]


def test_output_in_a_code_page_that_lacks_chinese_is_escaped_not_an_error() -> None:
    """Windows encodes redirected output in the ANSI code page (cp1252 on an English system): --help's 钉钉
    becomes backslash escapes instead of "internal error: UnicodeEncodeError"."""
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    done = subprocess.run([sys.executable, "-m", "dingconsole", "--help"], capture_output=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert b"\\u9489\\u9489" in done.stdout  # 钉钉
