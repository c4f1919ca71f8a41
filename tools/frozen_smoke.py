"""Smoke test of a frozen build on any OS: `--version`, `selftest`, then the window starts and listens.

    python tools/frozen_smoke.py dist/dingconsole/dingconsole [--gui dist/dingconsole/dingconsole-gui]

The window is started from the windowed executable (`--gui`, default: the CLI one) with the platform Qt
picks on its own (xcb under Xvfb on Linux, windows, cocoa); `--offscreen` sets QT_QPA_PLATFORM=offscreen.
Its state lives in a home folder whose path has spaces and Chinese characters (C:\\Users\\张三\\ style).
Its listener must answer GET /api/callback on its port (printed nowhere: a windowed Windows program has no stdout),
then close: SIGTERM on POSIX (exit 0 required, as a clean close); on Windows, where a windowed process
has no console signal to receive, it is terminated after it answered. Exit 1 on any failure.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION = re.search(r'__version__ = "([^"]+)"', (ROOT / "dingconsole" / "__init__.py").read_text("utf-8"))
HOME_NAME = "钉钉 用户 张三"  # spaces and Chinese characters, as under C:\Users\张三\


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answers(port: int) -> bool:
    """Whether the listener answers at all (404 without a profile is an answer)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy: it is loopback
    try:
        with opener.open(f"http://127.0.0.1:{port}/api/callback", timeout=2):
            return True
    except urllib.error.HTTPError as exc:
        exc.close()
        return True
    except (urllib.error.URLError, OSError):
        return False


def check_cli(exe: Path, home: Path) -> None:
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=120)
    expected = f"dingconsole {VERSION.group(1) if VERSION else '?'}"
    if version.stdout.strip() != expected:
        raise SystemExit(f"--version said {version.stdout.strip()!r}, expected {expected!r}: {version.stderr}")
    print(f"ok: {exe.name} --version = {expected}")
    subprocess.run([str(exe), "--home", str(home), "selftest"], check=True, timeout=300)
    print("ok: selftest")


def check_window(gui: Path, home: Path, offscreen: bool, timeout: float) -> None:
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)
    if offscreen:
        env["QT_QPA_PLATFORM"] = "offscreen"
    port = _free_port()
    log = home.parent / "gui.log"
    with open(log, "w+", encoding="utf-8", errors="replace") as out:
        proc = subprocess.Popen(
            [str(gui), "--home", str(home), "gui", "--listen", "--port", str(port)], stdout=out, stderr=out, env=env
        )
        try:
            deadline = time.monotonic() + timeout
            while not _answers(port):
                if proc.poll() is not None or time.monotonic() > deadline:
                    out.seek(0)
                    raise SystemExit(f"the window did not listen (exit {proc.poll()}):\n{out.read()}")
                time.sleep(0.3)
            print(f"ok: {gui.name} opened its window and listened on port {port}")
            if sys.platform == "win32":
                proc.terminate()
                proc.wait(timeout=30)
                print("ok: terminated (Windows: a windowed process gets no console signal)")
                return
            proc.send_signal(signal.SIGTERM)
            code = proc.wait(timeout=60)
            if code != 0:
                out.seek(0)
                raise SystemExit(f"the window did not close cleanly on SIGTERM (exit {code}):\n{out.read()}")
            print("ok: closed cleanly on SIGTERM")
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    if not (home / "data" / "events.sqlite3").exists():
        raise SystemExit(f"no event store under the home {home}")
    print(f"ok: state kept under {home}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("exe", type=Path, help="the frozen command-line executable")
    parser.add_argument("--gui", type=Path, help="the frozen windowed executable (default: exe)")
    parser.add_argument("--offscreen", action="store_true", help="QT_QPA_PLATFORM=offscreen for the window")
    parser.add_argument("--timeout", type=float, default=90, help="seconds the window may take to listen")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        home = Path(scratch) / HOME_NAME
        check_cli(args.exe.absolute(), home)
        check_window((args.gui or args.exe).absolute(), home, args.offscreen, args.timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
