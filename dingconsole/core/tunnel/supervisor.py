"""Run the tunnel beside the listener: start it, find its URL, prove it reaches the listener, keep it up.

Started after the listener (it needs the port) and stopped with it. Everything happens on one thread
of its own; what happens is told to `on_event` (on that thread) as a TunnelEvent of codes and params,
which the faces render (serve prints lines, the window shows them in the toolbar).

When the process dies, or a tunnel that was verified stops answering twice in a row, it is restarted
with backoff (1, 2, 5, 10, 30, 60 s). When the restarted tunnel has another URL, the event says so:
DingTalk's setting must change. A tunnel that comes up but does not reach the listener is left running
and reported `unreachable` (a restart would not fix an sshd without GatewayPorts or a wrong frps domain).
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from dingconsole.core.listener.tunnel_gate import TunnelGate
from dingconsole.core.paths import config_dir, private_dir
from dingconsole.core.tunnel.errors import TunnelError
from dingconsole.core.tunnel.presets import build
from dingconsole.core.tunnel.process import TunnelProcess
from dingconsole.core.tunnel.settings import TunnelSettings
from dingconsole.core.tunnel.verify import Verification, verify

BACKOFF_S = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0)
PERMANENT = frozenset({"tool_missing", "missing_setting", "bad_command", "bad_pattern", "bad_url"})


class ListenerLike(Protocol):
    @property
    def port(self) -> int: ...

    @property
    def tunnel(self) -> TunnelGate: ...


@dataclass(frozen=True)
class TunnelEvent:
    """state: starting, up (URL known, checking), verified, unreachable, restarting, failed, stopped."""

    state: str
    public_url: str = ""  # the tunnel's base URL
    callback_url: str = ""  # public_url + the callback path: what to paste into DingTalk
    code: str = ""  # why (a TunnelError code, a Verification code, `exited`, `not_answering`)
    message: str = ""  # the English sentence for the CLI (the window renders code + params instead)
    hint: str = ""
    tail: list[str] = field(default_factory=list)  # the tool's last output lines, masked and escaped
    previous_url: str = ""  # set on `up` when a restart brought another URL: DingTalk's setting must change
    retry_in: float = 0.0  # seconds until the next start (restarting)


@dataclass
class Timing:
    url_timeout: float = 30.0  # for the tool to print its URL
    verify_timeout: float = 10.0  # one GET
    verify_window: float = 20.0  # a new tunnel may take a while to be reachable: retry this long
    verify_every: float = 2.0
    check_every: float = 300.0  # a verified tunnel is checked again this often (each check is a recorded GET)
    backoff: Sequence[float] = BACKOFF_S


class TunnelSupervisor:
    def __init__(
        self,
        settings: TunnelSettings,
        listener: ListenerLike,
        callback_path: str,
        on_event: Callable[[TunnelEvent], None],
        timing: Timing | None = None,
    ) -> None:
        self.settings = settings
        self.listener = listener
        self.callback_path = "/" + callback_path.lstrip("/")
        self.on_event = on_event
        self.timing = timing or Timing()
        self.last: TunnelEvent = TunnelEvent("stopped")
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._process: TunnelProcess | None = None
        self._lock = threading.Lock()

    # -- lifetime ----------------------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("tunnel already running")
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="dingconsole-tunnel", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 15.0) -> None:
        """Stop the tool and the thread (bounded); the listener forgets the tunnel. Idempotent."""
        self._stop.set()
        with self._lock:
            process = self._process
        if process is not None:
            process.stop()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)
        self.listener.tunnel.set((), False)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _emit(self, event: TunnelEvent) -> None:
        self.last = event
        self.on_event(event)

    # -- the loop ----------------------------------------------------------------------------------

    def _run(self) -> None:
        workdir = Path(tempfile.mkdtemp(prefix="tunnel-", dir=private_dir(_runtime_dir())))
        attempt, previous = 0, ""
        try:
            while not self._stop.is_set():
                reason = self._once(workdir, previous)
                if reason is None:
                    return
                event, url, verified = reason
                previous = url or previous
                attempt = 0 if verified else attempt + 1
                delay = self.timing.backoff[min(attempt, len(self.timing.backoff) - 1)]
                if self._stop.is_set():
                    break
                self._emit(replace(event, retry_in=delay))
                if self._stop.wait(delay):
                    break
        finally:
            for child in workdir.iterdir():
                child.unlink(missing_ok=True)
            workdir.rmdir()
            self._emit(TunnelEvent("stopped", message="tunnel stopped"))

    def _once(self, workdir: Path, previous: str) -> tuple[TunnelEvent, str, bool] | None:
        """One run of the tool. None: give up (a setting is wrong, or stopped); else why to restart."""
        try:
            launch = build(self.settings, self.listener.port, workdir)
        except TunnelError as exc:
            self._emit(TunnelEvent("failed", code=exc.code, message=exc.message, hint=exc.hint))
            return None
        self._emit(TunnelEvent("starting", message=f"starting {launch.argv[0]}"))
        process = TunnelProcess(launch)
        with self._lock:
            if self._stop.is_set():
                return None
            self._process = process
        try:
            process.start()
            url = process.wait_url(self.timing.url_timeout, self._stop).rstrip("/")
        except TunnelError as exc:
            process.stop()
            if self._stop.is_set():
                return None
            if exc.code in PERMANENT:
                self._emit(TunnelEvent("failed", code=exc.code, message=exc.message, hint=exc.hint))
                return None
            event = TunnelEvent("restarting", code=exc.code, message=exc.message, hint=exc.hint, tail=exc.tail)
            return event, "", False
        netloc = urlsplit(url).netloc
        self.listener.tunnel.set([netloc] if netloc else [], launch.forwards)
        callback = url + self.callback_path
        changed = previous if previous and previous != url else ""
        message = f"public URL: {callback}"
        self._emit(TunnelEvent("up", url, callback, message=message, previous_url=changed))
        try:
            return self._watch(process, url, callback)
        finally:
            process.stop()

    def _watch(self, process: TunnelProcess, url: str, callback: str) -> tuple[TunnelEvent, str, bool] | None:
        t = self.timing
        result = self._verify_until(process, callback, t.verify_window)
        if result is None:
            return self._died(process, url, False)
        verified = result.ok
        self._report(result, url, callback, process)
        failures = 0
        while True:
            waited = 0.0
            while waited < (t.check_every if verified else t.verify_every * 5):
                if self._stop.wait(0.2):
                    return None
                waited += 0.2
                if not process.alive:
                    return self._died(process, url, verified)
            result = verify(callback, self.listener.tunnel, t.verify_timeout)
            if self._stop.is_set():
                return None
            if result.ok:
                failures = 0
                if not verified or self.last.state != "verified":
                    self._report(result, url, callback, process)
                verified = True
                continue
            failures += 1
            if verified and failures >= 2:
                event = TunnelEvent(
                    "restarting",
                    url,
                    callback,
                    code="not_answering",
                    message=f"the tunnel stopped answering ({result.code}: {result.detail})",
                    tail=process.tail(),
                )
                return event, url, True
            if not verified and self.last.state != "unreachable":
                self._report(result, url, callback, process)

    def _verify_until(self, process: TunnelProcess, callback: str, window: float) -> Verification | None:
        """Verify, retrying for `window` seconds (a new tunnel is often reachable a few seconds late)."""
        t = self.timing
        spent = 0.0
        while True:
            result = verify(callback, self.listener.tunnel, t.verify_timeout)
            if result.ok or spent >= window or self._stop.is_set():
                return result
            if self._stop.wait(t.verify_every):
                return result
            spent += t.verify_every
            if not process.alive:
                return None

    def _report(self, result: Verification, url: str, callback: str, process: TunnelProcess) -> None:
        if result.ok:
            self._emit(
                TunnelEvent("verified", url, callback, code="verified", message="verified: reaches this listener")
            )
            return
        self._emit(
            TunnelEvent(
                "unreachable",
                url,
                callback,
                code=result.code,
                message=f"not reachable: {result.detail}",
                hint=_hint(self.settings.preset, result.code),
                tail=process.tail(),
            )
        )

    def _died(self, process: TunnelProcess, url: str, verified: bool) -> tuple[TunnelEvent, str, bool] | None:
        if self._stop.is_set():
            return None
        process.stop()
        code = process.returncode
        event = TunnelEvent(
            "restarting",
            url,
            code="exited",
            message=f"{process.launch.argv[0]} exited (code {code})",
            tail=process.tail(),
        )
        return event, url, verified


def _hint(preset: str, code: str) -> str:
    if preset == "ssh" and code in ("connect_failed", "timeout"):
        return (
            "the server's sshd must allow the remote port on its public address: set `GatewayPorts yes` "
            "(or `clientspecified`) in sshd_config, and open the port in its firewall"
        )
    if code == "not_this_listener":
        return "the URL reaches some other server: check the tunnel's target port and the URL"
    if code == "redirect":
        return "DingTalk does not follow redirects: use the URL the redirect points to (often https://)"
    return "check the tunnel's output below"


def _runtime_dir() -> Path:
    """Where the private config files of a running tunnel live (0700, removed when it stops)."""
    return config_dir() / "tunnel"
