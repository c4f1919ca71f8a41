"""The callback listener: an aiohttp server on a thread of its own, recording every request in the store.

Paths: every profile answers on `<path>/<profile name>` (and on its own `callback_path`, when set);
the active profile also answers on `<path>` itself. Binds 127.0.0.1 unless told otherwise.

Durability: the handler hands each exchange to a batching writer task on the loop, which commits
whatever has queued up in one transaction (group commit) and only then lets the handlers send
their replies. Observers run on the listener thread after the commit. Requests aiohttp's HTTP parser
rejects are recorded too (core/listener_protocol.py).
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import logging
import threading
from collections.abc import Callable, Sequence

from aiohttp import web

from dingconsole.core.crypto import DingCrypto
from dingconsole.core.errors import DingError
from dingconsole.core.exchange import Exchange
from dingconsole.core.listener.faults import FaultLog
from dingconsole.core.listener.handler import CallbackHandler, Route, normalize_path
from dingconsole.core.listener.policies import Policy
from dingconsole.core.listener.protocol import RecordingServer
from dingconsole.core.listener.tunnel_gate import TunnelGate
from dingconsole.core.profiles import Profile
from dingconsole.core.store import EventStore

log = logging.getLogger(__name__)

DEFAULT_PATH = "/api/callback"
IDLE_TIMEOUT = 15.0  # seconds an idle (keep-alive or silent) connection is kept
SHUTDOWN_TIMEOUT = 5.0  # seconds in-flight requests get to finish on stop()
BACKLOG = 1024  # hundreds of clients may connect at once

Observer = Callable[[Exchange], None]


class ListenerError(OSError):
    """The listener could not start (port taken, address not available)."""


class _BatchWriter:
    """Queue exchanges on the loop; commit each batch in one transaction (group commit)."""

    def __init__(self, store: EventStore, notify: Callable[[Exchange], None]) -> None:
        self._store = store
        self._notify = notify  # for submitted (fire-and-forget) exchanges, once committed
        self._pending: list[tuple[Exchange, asyncio.Future[None] | None]] = []
        self._diagnosed: list[tuple[Exchange, asyncio.Future[None]]] = []  # diagnoses to attach to stored rows
        self._wake = asyncio.Event()
        self._closing = False
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def commit(self, exchange: Exchange) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((exchange, future))
        self._wake.set()
        await future

    async def attach(self, exchange: Exchange) -> None:
        """Store the diagnosis of an exchange already committed (computed after its reply left)."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._diagnosed.append((exchange, future))
        self._wake.set()
        await future

    def submit(self, exchange: Exchange) -> None:
        """Queue an exchange nobody waits for (a connection that closed mid-request); observers run after."""
        if self._closing and self._task.done():
            self._store.add(exchange)  # too late for a batch: commit it now
            self._notify(exchange)
            return
        self._pending.append((exchange, None))
        self._wake.set()

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            # One more turn of the loop first: requests whose bytes are already in join this batch. A
            # commit costs ~30 us a row at ten rows and less at more; against wrk this made the listener
            # ~8 % faster (bench/listener.py, alternating runs) for well under a millisecond of latency.
            await asyncio.sleep(0)
            self._wake.clear()
            batch, self._pending = self._pending, []
            diagnosed, self._diagnosed = self._diagnosed, []
            if diagnosed:
                try:
                    self._store.set_diagnoses([ex for ex, _ in diagnosed])
                except Exception as exc:  # noqa: BLE001 - handed to every waiting handler
                    for _, waiter in diagnosed:
                        if not waiter.done():
                            waiter.set_exception(exc)
                else:
                    for _, waiter in diagnosed:
                        if not waiter.done():
                            waiter.set_result(None)
            if batch:
                try:
                    # Inline on the loop: a WAL commit with synchronous=NORMAL is CPU work, and a writer
                    # thread measured slower (GIL hand-offs on every socket send). While it runs, new
                    # requests queue up and form the next batch.
                    self._store.add_many([ex for ex, _ in batch])
                except Exception as exc:  # noqa: BLE001 - handed to every waiting handler
                    for ex, future in batch:
                        if future is None:
                            log.error("could not store a %s exchange: %s", ex.error_code, exc)
                        elif not future.done():
                            future.set_exception(exc)
                else:
                    for ex, future in batch:
                        if future is None:
                            self._notify(ex)
                        elif not future.done():
                            future.set_result(None)
            if self._closing and not self._pending and not self._diagnosed:
                return

    async def close(self) -> None:
        """Commit what is queued, then stop the writer thread."""
        self._closing = True
        self._wake.set()
        await self._task


class Listener:
    """Start/stop from any thread; `urls()`, observers, policy and profiles may change while it runs."""

    def __init__(
        self,
        store: EventStore,
        profiles: Sequence[Profile],
        *,
        active: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        path: str = DEFAULT_PATH,
        policy: Policy | None = None,
        allow_hosts: Sequence[str] = (),
    ) -> None:
        self.store = store
        self.host = host
        self.port = port
        self.path = normalize_path("/" + path.lstrip("/"))
        self._observers: list[Observer] = []
        self._observers_lock = threading.Lock()
        self._profiles: list[Profile] = list(profiles)
        self._active = active
        self.faults = FaultLog(log)
        self.skipped: dict[str, str] = {}  # profile name -> why it cannot answer (set by set_profiles)
        self._handler = CallbackHandler(self._commit, self._notify, self._attach, self.faults)
        self._handler.policy = policy or Policy.success()
        self._handler.prefix = self.path
        self.set_allowed_hosts(allow_hosts)
        self.set_profiles(self._profiles, active)
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.BaseRunner | None = None
        self._writer: _BatchWriter | None = None

    # -- configuration -------------------------------------------------------------------------

    @property
    def policy(self) -> Policy:
        return self._handler.policy

    def set_policy(self, policy: Policy) -> None:
        """Switch the response policy; the next request uses it."""
        self._handler.policy = policy

    @property
    def allowed_hosts(self) -> frozenset[str]:
        return self._handler.allowed_hosts

    def set_allowed_hosts(self, hosts: Sequence[str]) -> None:
        """Host names (beside loopback) whose visitors see profile details on the status page."""
        self._handler.allowed_hosts = frozenset(h.strip().lower() for h in hosts if h.strip())

    @property
    def tunnel(self) -> TunnelGate:
        """A running tunnel's public hosts and headers (set by core/tunnel), and the verification probe."""
        return self._handler.tunnel

    @property
    def profiles(self) -> list[Profile]:
        return list(self._profiles)

    @property
    def active(self) -> str | None:
        return self._active

    def set_profiles(self, profiles: Sequence[Profile], active: str | None = None) -> None:
        """Replace the profiles (and which one answers on the default path) while running.

        A profile that cannot open a push (a broken aesKey in a hand-edited file) is skipped and named
        in `skipped`; the others answer. ValueError when none is left of a non-empty list."""
        usable: list[tuple[Profile, DingCrypto]] = []
        skipped: dict[str, str] = {}
        for profile in profiles:
            try:
                usable.append((profile, profile.crypto()))
            except DingError as exc:
                skipped[profile.name] = exc.message
        if profiles and not usable:
            raise ValueError("no usable profile: " + "; ".join(f"{n}: {why}" for n, why in skipped.items()))
        self.skipped = skipped
        profiles = [p for p, _ in usable]
        crypto_of = {p.name: c for p, c in usable}
        names = [p.name for p in profiles]
        if active in skipped:
            active = None
        if active is not None and active not in names:
            raise ValueError(f"active profile {active!r} is not among {names}")
        active = active if active is not None else (names[0] if names else None)
        routes: dict[str, Route] = {}
        for profile in profiles:
            crypto = crypto_of[profile.name]
            own = [f"{self.path}/{profile.name}"]
            if profile.callback_path:
                own.append("/" + profile.callback_path.lstrip("/"))
            if profile.name == active:
                own.append(self.path)
            for route_path in own:
                key = normalize_path(route_path)
                routes[key] = Route(key, profile, crypto)
        self._profiles, self._active = profiles, active
        self._handler.routes = routes  # one rebind: the handler sees the old or the new table

    # -- addresses -----------------------------------------------------------------------------

    @property
    def exposed(self) -> bool:
        """True when bound beyond loopback (reachable from other machines)."""
        try:
            return not ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return self.host not in ("localhost",)

    @property
    def warning(self) -> str | None:
        if not self.exposed:
            return None
        return (
            f"the listener is bound to {self.host}, so it is exposed: any machine that can reach this one "
            "can post to it (its replies and status page reveal no secrets or profiles to strangers). "
            "Bind 127.0.0.1 and use a tunnel unless you need this."
        )

    def _base(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def url(self) -> str:
        """The default callback URL (answered by the active profile)."""
        return self._base() + self.path

    def urls(self) -> dict[str, str]:
        """Profile name → its own callback URL."""
        return {p.name: f"{self._base()}{self.path}/{p.name}" for p in self._profiles}

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- observers -----------------------------------------------------------------------------

    def add_observer(self, callback: Observer) -> None:
        """`callback(exchange)` runs on the listener thread after each exchange is committed and before
        its reply is sent — keep it quick (print a line, emit a queued Qt signal)."""
        with self._observers_lock:
            self._observers.append(callback)

    def remove_observer(self, callback: Observer) -> None:
        with self._observers_lock:
            if callback in self._observers:
                self._observers.remove(callback)

    def _notify(self, exchange: Exchange) -> None:
        with self._observers_lock:
            observers = list(self._observers)
        for callback in observers:
            try:
                callback(exchange)
            except Exception:  # noqa: BLE001 - one bad observer must not stop the others or the listener
                log.exception("listener observer %r failed", callback)

    async def _commit(self, exchange: Exchange) -> None:
        if self._writer is None:
            raise RuntimeError("listener is not running")
        await self._writer.commit(exchange)

    async def _attach(self, exchange: Exchange) -> None:
        if self._writer is None:
            self.store.set_diagnoses([exchange])
        else:
            await self._writer.attach(exchange)

    def _submit(self, exchange: Exchange) -> None:
        if self._writer is None:
            self.store.add(exchange)
            self._notify(exchange)
        else:
            self._writer.submit(exchange)

    # -- lifetime ------------------------------------------------------------------------------

    def start(self) -> None:
        """Bind and serve on a new thread; returns once the socket is bound (raises ListenerError if not)."""
        if self.running:
            raise RuntimeError("listener already running")
        if getattr(self.store, "read_only", False):
            raise ListenerError(
                errno.EROFS, f"{self.store.path} is read-only, so new events cannot be recorded: the listener stays off"
            )
        ready = threading.Event()
        failure: list[BaseException] = []
        loop = asyncio.new_event_loop()
        self._loop = loop

        def run() -> None:
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self._serve_setup())
            except BaseException as exc:  # noqa: BLE001 - re-raised by start() in the caller's thread
                failure.append(exc)
                loop.run_until_complete(self._teardown())
                ready.set()
                return
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self._teardown())

        self._thread = threading.Thread(target=run, name="dingconsole-listener", daemon=True)
        self._thread.start()
        ready.wait()
        if failure:
            self._thread.join()
            self._thread = None
            loop.close()
            self._loop = None
            exc = failure[0]
            if isinstance(exc, OSError):
                raise ListenerError(exc.errno, self._bind_message(exc)) from exc
            raise exc

    def _bind_message(self, exc: OSError) -> str:
        if exc.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
            return f"port {self.port} on {self.host} is already in use; pick another with --port, or 0 for any"
        return f"cannot listen on {self.host}:{self.port}: {exc.strerror or exc}"

    async def _serve_setup(self) -> None:
        asyncio.get_running_loop().set_exception_handler(self.faults.loop_exception_handler)  # EMFILE on accept
        self._writer = _BatchWriter(self.store, self._notify)
        server = RecordingServer(
            self._handler,
            commit=self._commit,
            notify=self._notify,
            submit=self._submit,
            faults=self.faults,
            handler_cancellation=False,
            auto_decompress=False,  # a Content-Encoding is refused (415), never inflated
            keepalive_timeout=IDLE_TIMEOUT,
            access_log=None,  # every request is recorded in the store; no per-request log line as well
        )
        runner = web.ServerRunner(server, handle_signals=False, shutdown_timeout=SHUTDOWN_TIMEOUT)
        self._runner = runner
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port, backlog=BACKLOG)
        await site.start()
        self.port = runner.addresses[0][1]

    async def _teardown(self) -> None:
        self.faults.stopping = True
        if self._runner is not None:
            await self._runner.cleanup()  # stops accepting, lets in-flight handlers finish
            self._runner = None
        await self._handler.settle()  # the diagnoses that followed replies, before the writer closes
        if self._writer is not None:
            await self._writer.close()
            self._writer = None
        self.faults.close()

    def stop(self) -> None:
        """Stop gracefully: in-flight requests finish and are committed. Idempotent."""
        thread, loop = self._thread, self._loop
        if thread is None or loop is None:
            return
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
        self._thread = None
        self._loop = None

    def __enter__(self) -> Listener:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
