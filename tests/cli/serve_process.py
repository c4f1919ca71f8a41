"""The real `python -m dingconsole serve` as a subprocess, for the few CLI tests that need a process of its own."""

from __future__ import annotations

import subprocess
import sys


def serve(*args: str) -> subprocess.Popen[str]:
    """Start `dingconsole serve ARGS` with piped output (bytes that are not UTF-8 kept as surrogates)."""
    return subprocess.Popen(
        [sys.executable, "-m", "dingconsole", "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
    )


def first_url(proc: subprocess.Popen[str]) -> str:
    """The URL of serve's first line (`listening on URL`); its stderr in the message when it did not start."""
    assert proc.stdout is not None and proc.stderr is not None
    line = proc.stdout.readline()
    assert line.startswith("listening on "), line + proc.stderr.read()
    return line.split("listening on ", 1)[1].strip()
