"""One run of a tunnel tool: the process, its output (last lines kept, secrets masked) and the URL it prints.

stdout and stderr are read together on a thread of their own (cloudflared prints its URL on stderr,
ngrok on stdout). On POSIX the tool gets a session of its own, so a Ctrl+C meant for `serve` does not
kill it behind the supervisor's back, and stopping it ends its children too (a custom `sh -c …`).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import deque

from dingconsole.core.tunnel.errors import TunnelError
from dingconsole.core.tunnel.presets import Launch
from dingconsole.core.untrusted import printable

TAIL_LINES = 12
MAX_LINE = 2000  # characters kept of one output line
SETTLE_S = 2.0  # a tool that prints no URL and has no ready line (ssh) counts as up when alive this long
STOP_GRACE_S = 3.0


class TunnelProcess:
    def __init__(self, launch: Launch) -> None:
        self.launch = launch
        self._proc: subprocess.Popen[str] | None = None
        self._lines: deque[str] = deque(maxlen=TAIL_LINES)
        self._lock = threading.Lock()
        self._found = threading.Event()
        self._url: str | None = None
        self._reader: threading.Thread | None = None

    def start(self) -> None:
        env = dict(os.environ, **self.launch.env)
        kwargs: dict[str, object] = {}
        if sys.platform != "win32":
            kwargs["start_new_session"] = True
        try:
            self._proc = subprocess.Popen(  # noqa: S603 - the user's own tunnel command, never a shell string
                self.launch.argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                env=env,
                text=True,
                encoding="utf-8",
                errors="replace",
                bufsize=1,
                **kwargs,  # type: ignore[call-overload]
            )
        except OSError as exc:  # found on PATH a moment ago, but not executable (or gone)
            raise TunnelError(
                "tool_missing", f"cannot run {self.launch.argv[0]}: {exc.strerror or exc}", self.launch.install
            ) from None
        self._reader = threading.Thread(target=self._read, name="dingconsole-tunnel-output", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        proc = self._proc
        assert proc is not None and proc.stdout is not None
        pattern, ready = self.launch.url_pattern, self.launch.ready_pattern
        for raw in proc.stdout:
            line = raw.rstrip("\r\n")[:MAX_LINE]
            with self._lock:
                self._lines.append(self._mask(line))
            if self._found.is_set():
                continue
            if self.launch.public_url is not None:
                if ready is not None and ready.search(line):
                    self._url = self.launch.public_url
                    self._found.set()
            elif pattern is not None:
                match = pattern.search(line)
                if match:
                    self._url = (match.group(1) if match.groups() else match.group(0)).rstrip(".,;)/")
                    self._found.set()
        proc.stdout.close()

    def _mask(self, line: str) -> str:
        for secret in self.launch.secrets:
            line = line.replace(secret, "•" * 6)
        return printable(line)

    def tail(self) -> list[str]:
        """The tool's last output lines (escaped, tokens masked)."""
        with self._lock:
            return list(self._lines)

    @property
    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def returncode(self) -> int | None:
        return None if self._proc is None else self._proc.poll()

    def wait_url(self, timeout: float, cancelled: threading.Event) -> str:
        """The public URL once the tool has printed it (or, given by hand, once it is up).

        Raises TunnelError `exited` when the tool stops first, `no_url` when `timeout` passes."""
        deadline = time.monotonic() + timeout
        settle = None
        if self.launch.public_url is not None and self.launch.ready_pattern is None:
            settle = time.monotonic() + min(SETTLE_S, timeout)
        while not cancelled.is_set():
            if self._found.wait(0.1):
                assert self._url is not None
                return self._url
            if not self.alive:
                self._drain()
                if self._found.is_set() and self._url is not None:
                    return self._url
                code = self.returncode
                raise TunnelError(
                    "exited",
                    f"{self.launch.argv[0]} exited (code {code}) before the tunnel was up",
                    "its last output lines say why",
                    tail=self.tail(),
                    tool=self.launch.argv[0],
                    returncode=code,
                )
            now = time.monotonic()
            if settle is not None and now >= settle:
                assert self.launch.public_url is not None
                return self.launch.public_url
            if now >= deadline:
                raise TunnelError(
                    "no_url",
                    f"{self.launch.argv[0]} printed no public URL within {timeout:g} s",
                    "give the URL by hand (--public-url) or a pattern that finds it (--tunnel-url-pattern)",
                    tail=self.tail(),
                    tool=self.launch.argv[0],
                    timeout=timeout,
                )
        raise TunnelError("stopped", "the tunnel was stopped")

    def _drain(self) -> None:
        if self._reader is not None:
            self._reader.join(timeout=1.0)  # the last lines of a process that just exited

    def stop(self) -> None:
        """Terminate (its whole session on POSIX), then kill after a grace period. Idempotent."""
        proc = self._proc
        if proc is None:
            return
        if proc.poll() is None:
            self._signal(proc, signal.SIGTERM)
            try:
                proc.wait(STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                self._signal(proc, signal.SIGKILL if sys.platform != "win32" else signal.SIGTERM)
                proc.wait(STOP_GRACE_S)
        self._drain()
        for path in self.launch.files:
            path.unlink(missing_ok=True)

    @staticmethod
    def _signal(proc: subprocess.Popen[str], sig: int) -> None:
        try:
            if sys.platform != "win32":
                os.killpg(proc.pid, sig)  # the session the tool leads (start_new_session): it and its children
            else:
                proc.terminate() if sig == signal.SIGTERM else proc.kill()
        except (ProcessLookupError, PermissionError):
            pass
