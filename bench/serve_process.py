"""`dingconsole serve` as a subprocess for the benchmarks, optionally from another checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def serve(home: Path, profile: str, source: Path | None = None) -> Iterator[str]:
    """Run serve for `profile` with DINGCONSOLE_HOME=home; yields its URL, stops it (SIGTERM) after.

    `source`: a checkout to run instead (`-m` puts the working directory first on sys.path, so the
    process starts there). Its output goes to a file, not a pipe: no drain thread in this process."""
    env = {**os.environ, "DINGCONSOLE_HOME": str(home)}
    if source is not None:
        env["PYTHONPATH"] = str(source.resolve())
    out_path = home / "serve.out"
    with out_path.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "dingconsole", "serve", "--profile", profile],
            stdout=out,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=source.resolve() if source is not None else None,
        )
    try:
        deadline = time.monotonic() + 20
        while "\n" not in out_path.read_text() and time.monotonic() < deadline:
            time.sleep(0.05)
        yield out_path.read_text().splitlines()[0].split("listening on ", 1)[1].strip()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
