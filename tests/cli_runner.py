"""One way to run the command line in tests: `cli.main(argv)` in this process, or a real subprocess.

Tests take the `cli` fixture (tests/cli/conftest.py); the classes live here so tests can name the types.

In-process is the default (no interpreter start, no re-import: ~100× cheaper). Each call gets fresh
stdout/stderr captures and its own stdin, runs against this test's private DINGCONSOLE_HOME (the root
`home` fixture; `--home` in argv works too and is undone with it), and leaves the process's SIGINT and
SIGTERM handlers as it found them. Commands that run until stopped (`serve`, `stream`) run through
`cli.live`: the command keeps the main thread (where Python delivers signals), the test body runs on a
helper thread, and the command is stopped with a real signal once it has installed its handler.
A few tests keep a real subprocess (`run_subprocess`) to prove the installed entry point works.
"""

from __future__ import annotations

import contextlib
import io
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from dingconsole import cli as cli_module

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Ran(NamedTuple):
    """What one command did: unpack as `rc, out, err` or read `.returncode`, `.stdout`, `.stderr`."""

    returncode: int
    stdout: str
    stderr: str


class _Bytes:
    """`sys.stdout.buffer` for commands that write bytes (`decrypt --raw`)."""

    def __init__(self, text: _Capture) -> None:
        self._text = text

    def write(self, data: bytes) -> int:
        self._text.write(bytes(data).decode("utf-8", "surrogateescape"))
        return len(data)

    def flush(self) -> None:
        pass


class _Capture(io.TextIOBase):
    """A thread-safe text stream that keeps everything written and hands out complete lines as they come."""

    encoding = "utf-8"
    errors = "strict"

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._parts: list[str] = []
        self._partial = ""
        self.lines: queue.Queue[str] = queue.Queue()
        self.buffer = _Bytes(self)

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        with self._lock:
            self._parts.append(text)
            *complete, self._partial = (self._partial + text).split("\n")
            for line in complete:
                self.lines.put(line)
        return len(text)

    def getvalue(self) -> str:
        with self._lock:
            return "".join(self._parts)


class Live:
    """A command running in this process (see `Cli.live`): read its output while it runs."""

    def __init__(self, out: _Capture, err: _Capture) -> None:
        self._out, self._err = out, err

    def line(self, timeout: float = 15.0) -> str:
        """The next complete stdout line (without its newline)."""
        try:
            return self._out.lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no stdout line within {timeout} s; stderr: {self.stderr()!r}") from None

    def wait_err(self, text: str, timeout: float = 15.0) -> None:
        """Wait until `text` appears on stderr."""
        deadline = time.monotonic() + timeout
        while text not in self._err.getvalue():
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not on stderr within {timeout} s: {self.stderr()!r}")
            time.sleep(0.01)

    def stdout(self) -> str:
        return self._out.getvalue()

    def stderr(self) -> str:
        return self._err.getvalue()


class Cli:
    """`cli(*argv, stdin=...)` runs one command in this process; see the module docstring."""

    def __call__(self, *argv: str, stdin: str | bytes | None = None) -> Ran:
        out, err = _Capture(), _Capture()
        with _redirected(out, err, stdin):
            code = _main(argv)
        result = Ran(code, out.getvalue(), err.getvalue())
        assert "Traceback" not in result.stderr, result.stderr
        return result

    def live(
        self, *argv: str, body: Callable[[Live], Any], stop: signal.Signals | None = signal.SIGINT, timeout: float = 60
    ) -> Ran:
        """Run a long-running command; `body(live)` talks to it on a helper thread, then `stop` ends it.

        `stop=None` waits for the command to end by itself. Whatever `body` raises is raised here,
        after the command has stopped.
        """
        out, err = _Capture(), _Capture()
        live = Live(out, err)
        failure: list[BaseException] = []
        done = threading.Event()
        gate = threading.Lock()  # no signal once the command has returned (its handler is about to go)
        before = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}

        def drive() -> None:
            try:
                body(live)
            except BaseException as exc:  # noqa: BLE001 - re-raised on the test's thread
                failure.append(exc)
            if stop is None:
                return
            # Only signal once the command has its own handler: the default SIGTERM would end pytest.
            deadline = time.monotonic() + timeout
            while signal.getsignal(stop) is before[stop] and not done.is_set():
                if time.monotonic() > deadline:
                    failure.append(AssertionError(f"the command never installed a {stop.name} handler"))
                    return
                time.sleep(0.01)
            with gate:
                if not done.is_set():
                    os.kill(os.getpid(), stop)

        helper = threading.Thread(target=drive, name="cli-live-body", daemon=True)
        with _redirected(out, err, None):
            helper.start()
            try:
                code = _main(argv)
            finally:
                with gate:
                    done.set()
                helper.join(timeout)
        if failure:
            raise failure[0]
        result = Ran(code, out.getvalue(), err.getvalue())
        assert "Traceback" not in result.stderr, result.stderr
        return result


def _main(argv: tuple[str, ...]) -> int:
    """`cli.main`, with argparse's own exits (`--help`, `--version`) turned into the code a process would have."""
    try:
        return cli_module.main(list(argv))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)


@contextlib.contextmanager
def _redirected(out: _Capture, err: _Capture, stdin: str | bytes | None) -> Iterator[None]:
    data = stdin.encode("utf-8") if isinstance(stdin, str) else (stdin or b"")
    saved_streams = sys.stdin, sys.stdout, sys.stderr
    saved_handlers = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
    saved_home = os.environ.get("DINGCONSOLE_HOME")
    stdin_stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    sys.stdin, sys.stdout, sys.stderr = stdin_stream, out, err
    try:
        yield
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        stdin_stream.close()
        for sig, handler in saved_handlers.items():
            signal.signal(sig, handler)
        if saved_home is None:  # `--home DIR` sets the variable (paths.set_home): give it back
            os.environ.pop("DINGCONSOLE_HOME", None)
        else:
            os.environ["DINGCONSOLE_HOME"] = saved_home


def run_subprocess(*argv: str, stdin: str | None = None, env: dict[str, str] | None = None, timeout: float = 60) -> Ran:
    """`python -m dingconsole …` as a real process (for the few tests that prove the entry point)."""
    done = subprocess.run(
        [sys.executable, "-m", "dingconsole", *argv],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=timeout,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return Ran(done.returncode, done.stdout, done.stderr)
