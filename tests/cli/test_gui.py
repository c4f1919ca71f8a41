"""`dingconsole gui --listen` as a real process: it listens, answers, and exits 0 on SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request

from dingconsole.core.store import EventStore


def test_gui_listen_then_sigterm_exits_cleanly(home) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "dingconsole", "gui", "--listen"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("listening on http://127.0.0.1:"), line
        url = line.split()[-1]
        request = urllib.request.Request(url, data=b"not a push", method="POST")
        try:
            urllib.request.urlopen(request, timeout=10).close()
        except urllib.error.HTTPError as exc:  # the listener answered (and recorded) the bad push
            exc.close()
            assert exc.code in (400, 404)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert (home / "config" / "gui.ini").exists()  # state saved under --home, not the real home
    store = EventStore()
    assert store.count() == 1  # the bad push was committed before the process exited
    store.close()  # state saved under --home, not the real home


def run_until_error_line(args: list[str]) -> tuple[int, str, str]:
    """Start `dingconsole gui ARGS`, wait for its first stderr line (the window is open by then), SIGTERM it."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "dingconsole", "gui", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stderr is not None
        first = proc.stderr.readline()
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    return proc.returncode, out, first + err


def test_gui_unknown_profile_opens_the_window_and_says_so(home) -> None:
    """The window always opens: the error is a banner in it (and a line on stderr), not exit 1."""
    code, _out, err = run_until_error_line(["--profile", "nope"])
    assert "no profile named 'nope'" in err
    assert code == 0, err


def test_gui_listen_on_a_taken_port_opens_the_window_without_a_modal_box(home) -> None:
    """Headless or from a script nobody can click a modal box away: the error goes to stderr and to the
    window's banner; the window stays open (SIGTERM closes it cleanly)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        code, out, err = run_until_error_line(["--listen", "--port", str(port)])
    assert code == 0, err
    assert f"127.0.0.1:{port}" in err
    assert "already in use" in err
    assert "listening on" not in out
