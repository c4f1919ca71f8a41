"""DingTalk Stream mode client (docs/PROTOCOL.md §4) on aiohttp: its own thread and loop, start()/stop(), observers.

Not the official `dingtalk-stream` SDK: it cannot be stopped from another thread, blocks its loop with
`requests` and pulls in `requests` + `websockets`; the protocol (one POST, then JSON frames) is small.

Lifecycle as the SDKs behave: failed opens and dropped or silent sockets (keepalive watchdog: a ping
after `keepalive` s without a frame, no pong within half of that) are retried with a growing delay,
forever; only a definite credentials refusal stops (FAILED). A `disconnect` opens the next connection
at once; the old one closes once that is up and the ACKs owed on it are sent. SYSTEM frames are
answered on the reading task; EVENT/CALLBACK frames are bridged, stored and only then ACKed, several at
once (bounded, as the SDKs run handlers concurrently) — LATER when the handler or the store failed, so
DingTalk redelivers.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

import aiohttp
from yarl import URL

from dingconsole.core.dingtalk import callbacks
from dingconsole.core.dingtalk.health import StreamHealth
from dingconsole.core.dingtalk.proxies import proxy_for
from dingconsole.core.dingtalk.stream_frames import Connection, Frame, ack_for, bridge_failed, read_frame
from dingconsole.core.dingtalk.stream_protocol import (
    DEFAULT_GATEWAY,
    EVENT_ACK_DATA,
    OPEN_PATH,
    Backoff,
    Forwarder,
    MissingAppSecret,
    Pacer,
    State,
    Store,
    StreamAuthError,
    StreamError,
    ack_frame,
    event_identity,
    local_ip,
    open_body,
    open_gateway,
    require_app_secret,
    stream_ua,
)
from dingconsole.core.errors import DingError
from dingconsole.core.exchange import Exchange, Outcome
from dingconsole.core.profiles import Profile

_SENTINEL = object()
# EVENT/CALLBACK frames handled at once (the Python SDK allows 100 pending tasks; a debugging console
# forwarding to one local handler needs fewer, and the bound keeps a flood from opening 100 sockets)
DEFAULT_CONCURRENCY = 16
RETIRE_TIMEOUT = 15.0  # the gateway closes a disconnected socket after ~10 s anyway
log = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_GATEWAY",
    "EVENT_ACK_DATA",
    "OPEN_PATH",
    "Backoff",
    "Forwarder",
    "MissingAppSecret",
    "State",
    "Store",
    "StreamAuthError",
    "StreamClient",
    "StreamError",
    "ack_frame",
    "event_identity",
    "require_app_secret",
]


class StreamClient:
    """A Stream mode connection for one profile, recording every EVENT/CALLBACK into `store` (Transport.STREAM).

    start() returns once the first attempt connected or failed transiently (the client keeps trying
    in the background), and raises StreamAuthError when the gateway refused the credentials.
    `callback_topics` adds CALLBACK subscriptions (robot messages, card callbacks, any topic);
    `keepalive` is the watchdog's idle interval in seconds; `concurrency` bounds the frames handled at
    once (1 handles them strictly in arrival order). `health` is read from any thread.
    """

    def __init__(
        self,
        store: Store,
        profile: Profile,
        *,
        gateway_base: str = DEFAULT_GATEWAY,
        backoff: Backoff | None = None,
        forwarder: Forwarder | None = None,
        ip: str | None = None,
        open_timeout: float = 15.0,
        callback_topics: Sequence[str] = (),
        keepalive: float = 60.0,
        concurrency: int = DEFAULT_CONCURRENCY,
    ) -> None:
        require_app_secret(profile)
        self.store = store
        self.profile = profile
        self.gateway_base = gateway_base.rstrip("/")
        self.backoff = backoff or Backoff(jitter=1.0)
        self.forwarder = forwarder
        self.ip = ip
        self.open_timeout = open_timeout
        self.callback_topics = tuple(dict.fromkeys(callbacks.check_topic(t) for t in callback_topics))
        self.keepalive = keepalive
        self.concurrency = max(1, concurrency)
        self.health = StreamHealth()
        self.state = State.STOPPED
        self.last_error: DingError | None = None
        self._observers: list[Callable[[Exchange], None]] = []
        self._state_observers: list[Callable[[State, str], None]] = []
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._run_task: asyncio.Task[None] | None = None
        self._started = threading.Event()
        self._start_error: BaseException | None = None
        self._queue: asyncio.Queue[Any] | None = None
        self._retiring: set[asyncio.Task[None]] = set()
        self._awaiting_successor: list[asyncio.Event] = []
        self._current: Connection | None = None

    # counters kept for callers of the earlier API
    @property
    def connections(self) -> int:
        return self.health.connections

    @property
    def pings(self) -> int:
        return self.health.pings

    @property
    def events(self) -> int:
        return self.health.events + self.health.callbacks

    # -- public API -------------------------------------------------------------------------

    def add_observer(self, callback: Callable[[Exchange], None]) -> None:
        self._observers.append(callback)

    def remove_observer(self, callback: Callable[[Exchange], None]) -> None:
        self._observers.remove(callback)

    def add_state_observer(self, callback: Callable[[State, str], None]) -> None:
        """callback(state, detail), on the client thread, whenever the connection state changes."""
        self._state_observers.append(callback)

    def subscriptions(self) -> list[dict[str, str]]:
        return [{"type": "EVENT", "topic": "*"}] + [{"type": "CALLBACK", "topic": t} for t in self.callback_topics]

    def start(self, timeout: float = 30.0) -> None:
        if self._thread is not None:
            raise StreamError("the Stream client is already running")
        self._started.clear()
        self._start_error = None
        self._thread = threading.Thread(target=self._thread_main, name="dingconsole-stream", daemon=True)
        self._thread.start()
        if not self._started.wait(timeout):
            return  # still trying (visible as RECONNECTING); stop() ends it
        if self._start_error is not None:
            error = self._start_error
            self._join()
            raise error

    def stop(self, timeout: float = 10.0) -> None:
        """Close the sockets, finish recording (and ACKing) what arrived, end the thread. Safe to call twice."""
        loop, task = self._loop, self._run_task
        if loop is not None and task is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: it is already stopping
                loop.call_soon_threadsafe(task.cancel)
        self._join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- thread and loop --------------------------------------------------------------------

    def _join(self, timeout: float = 10.0) -> None:
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        self._thread = None

    def _thread_main(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._main())
        except BaseException as exc:  # noqa: BLE001 - handed to start(); the thread must end cleanly
            self._start_error = self._start_error or exc
        finally:
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()
            if self.state is not State.FAILED:  # a failure stays visible as the final state
                self._set_state(State.STOPPED, "")
            self._started.set()

    async def _main(self) -> None:
        queue: asyncio.Queue[Any] = asyncio.Queue()
        self._queue = queue
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=None, sock_connect=10)) as session:
            worker = asyncio.create_task(self._worker(queue))
            self._run_task = asyncio.create_task(self._run(session))
            try:
                with contextlib.suppress(asyncio.CancelledError):  # stop() cancels the run task: a normal end
                    await self._run_task
            finally:
                queue.put_nowait(_SENTINEL)
                await worker  # ACKs what is still queued while the sockets are open
                for task in list(self._retiring):
                    task.cancel()
                await asyncio.gather(*self._retiring, return_exceptions=True)
                if self._current is not None:
                    await self._current.ws.close()

    def _set_state(self, state: State, detail: str) -> None:
        self.state = state
        self.health.state = state.value
        for callback in list(self._state_observers):
            callback(state, detail)

    # -- connection -------------------------------------------------------------------------

    async def open_connection(self, session: aiohttp.ClientSession) -> tuple[str, str]:
        """POST the credentials; return (endpoint, ticket). Raises StreamAuthError (final) / StreamError."""
        ip = self.ip if self.ip is not None else local_ip()
        body = open_body(self.profile, self.subscriptions(), stream_ua(), ip)
        return await open_gateway(session, self.gateway_base, body, self.profile, self.open_timeout)

    async def _connect(self, session: aiohttp.ClientSession) -> Connection:
        endpoint, ticket = await self.open_connection(session)
        try:
            async with asyncio.timeout(self.open_timeout):  # a black-holed handshake must not hang CONNECTING
                ws = await session.ws_connect(
                    URL(endpoint).update_query(ticket=ticket),
                    autoping=True,
                    heartbeat=self.keepalive,
                    proxy=proxy_for(endpoint),
                )
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise StreamError(
                f"the Stream WebSocket at {URL(endpoint).with_query(None)} failed: {exc or type(exc).__name__}",
                "The gateway returned an endpoint that could not be opened; retrying.",
            ) from None
        return Connection(ws, endpoint)

    async def _run(self, session: aiohttp.ClientSession) -> None:
        pacer = Pacer(self.backoff)  # growing delays; a `disconnect` followed at once
        self._set_state(State.CONNECTING, "")
        while True:
            try:
                conn = await self._connect(session)
            except StreamAuthError as exc:
                self.last_error = exc
                self.health.last_error = exc.message
                if not self._started.is_set():
                    self._start_error = exc
                self._set_state(State.FAILED, exc.message)
                self._started.set()
                return
            except StreamError as exc:
                self.last_error = exc
                delay = pacer.failed()
                self.health.reconnecting("transient", exc.message)
                self._set_state(State.RECONNECTING, f"{exc.message}; retrying in {delay:.1f} s")
                self._started.set()  # start() returns; the client goes on trying
                await asyncio.sleep(delay)
                continue
            self._current = conn
            for successor_up in self._awaiting_successor:
                successor_up.set()
            self._awaiting_successor.clear()
            self.health.connected(conn.endpoint)
            self._set_state(State.CONNECTED, conn.endpoint)
            self._started.set()
            opened = time.monotonic()
            reason = await self._read(conn)
            delay = pacer.ended(time.monotonic() - opened, disconnect=reason == "disconnect")
            if reason == "disconnect":
                self.health.reconnecting("disconnect")
                detail = "disconnect: the gateway moves this connection"
                self._set_state(State.RECONNECTING, f"{detail}; retrying in {delay:.1f} s" if delay else detail)
                successor_up = asyncio.Event()
                self._awaiting_successor.append(successor_up)
                task = asyncio.create_task(self._retire(conn, successor_up))
                self._retiring.add(task)
                task.add_done_callback(self._retiring.discard)
                await asyncio.sleep(delay)
                continue  # at once (unless disconnected again at once), with a fresh ticket
            await conn.ws.close()
            self._current = None
            detail = str(conn.ws.exception() or "") if reason != "closed" else ""
            self.health.reconnecting(reason, detail)
            self._set_state(State.RECONNECTING, f"{reason}{': ' + detail if detail else ''}; retrying in {delay:.1f} s")
            await asyncio.sleep(delay)

    async def _retire(self, conn: Connection, successor_up: asyncio.Event) -> None:
        """Close a disconnected socket once its successor is up and the ACKs owed on it are sent."""
        try:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(RETIRE_TIMEOUT):
                    await successor_up.wait()
                    await conn.idle.wait()
        finally:
            await conn.ws.close()

    async def _read(self, conn: Connection) -> str:
        """Serve one socket; returns why it ended: disconnect, closed, silent (watchdog) or error."""
        ws = conn.ws
        async for msg in ws:
            if msg.type == aiohttp.WSMsgType.TEXT:
                text = msg.data
            elif msg.type == aiohttp.WSMsgType.BINARY:
                text = msg.data.decode("utf-8", "replace")
            else:
                break
            if await self._on_frame(conn, text, time.time()) == "disconnect":
                return "disconnect"
        if isinstance(ws.exception(), aiohttp.ServerTimeoutError):
            return "silent"
        return "error" if ws.exception() is not None else "closed"

    # -- frames -----------------------------------------------------------------------------

    async def _on_frame(self, conn: Connection, text: str, received_at: float) -> str | None:
        frame = read_frame(text, received_at, self.profile.name, URL(conn.endpoint).host or "")
        if frame.kind == "SYSTEM":
            return await self._on_system(conn, frame)
        if frame.kind == "EVENT":
            self.health.events += 1
        elif frame.kind == "CALLBACK":
            self.health.callbacks += 1
        if frame.exchange is not None and self._queue is not None:
            if frame.kind != "BAD":
                conn.hold()
            self._queue.put_nowait((frame, conn))
        return None

    async def _on_system(self, conn: Connection, frame: Frame) -> str | None:
        data = frame.data if isinstance(frame.data, str) else json.dumps(frame.data)
        if frame.message_id:
            with contextlib.suppress(ConnectionError, RuntimeError):
                await conn.ws.send_str(ack_frame(frame.message_id, data, content_type=frame.content_type))
        if frame.topic == "ping":
            self.health.pings += 1
            self.health.last_ping = time.time()
        return "disconnect" if frame.topic == "disconnect" else None

    async def _worker(self, queue: asyncio.Queue[Any]) -> None:
        """Take frames in arrival order; handle each in its own task, at most `concurrency` at once, so one
        slow --forward target does not hold every later ACK into redelivery (ACKs may leave out of order).
        At the end, waits for the frames in hand: their ACKs go out while the sockets are still open."""
        slots = asyncio.Semaphore(self.concurrency)
        tasks: set[asyncio.Task[None]] = set()
        while True:
            item = await queue.get()
            if item is _SENTINEL:
                break
            await slots.acquire()
            task = asyncio.create_task(self._handle(item, slots))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _handle(self, item: tuple[Frame, Connection], slots: asyncio.Semaphore) -> None:
        """Bridge, store (which marks a repeated eventId), ACK, notify — one frame."""
        frame, conn = item
        try:
            exchange = frame.exchange
            assert exchange is not None
            if frame.kind == "BAD":
                self._store(exchange)
                self._notify(exchange)
                return
            try:
                accepted = await self._forward(exchange)
                ack, later = ack_for(frame, exchange, accepted)
                if accepted is None:  # not bridged: the stored reply is the ACK itself
                    exchange.reply_status, exchange.reply_body = 200, ack.encode("utf-8")
                if not self._store(exchange):
                    ack, later = ack_for(frame, exchange, False)
                await self._send_ack(conn, ack, exchange.received_at, later)
            finally:
                conn.release()
            if exchange.id is not None:
                self._notify(exchange)
        finally:
            slots.release()

    async def _forward(self, exchange: Exchange) -> bool | None:
        """The bridge's verdict (None when it is off or the exchange is not one it forwards)."""
        if self.forwarder is None or exchange.outcome is not Outcome.OK:
            return None
        try:
            return await self.forwarder(exchange)
        except Exception as exc:  # noqa: BLE001 - a broken bridge must not end the worker (nothing ACKed again)
            log.exception("the Stream bridge failed")
            return bridge_failed(exchange, exc)

    def _store(self, exchange: Exchange) -> bool:
        try:
            self.store.add(exchange)
        except Exception as exc:  # noqa: BLE001 - keep the connection; DingTalk will deliver it again
            log.exception("cannot store a Stream frame")
            self.last_error = StreamError(f"cannot store a Stream event: {exc}", "Is the event store closed?")
            self.health.last_error = self.last_error.message
            return False
        if exchange.repeat_of is not None:
            self.health.duplicates += 1
        return True

    async def _send_ack(self, conn: Connection, ack: str, received_at: float, later: bool) -> None:
        if conn.ws.closed:
            return  # that connection is gone: DingTalk delivers the event again on the new one
        with contextlib.suppress(ConnectionError, RuntimeError):
            await conn.ws.send_str(ack)
            self.health.acked(received_at, later)

    def _notify(self, exchange: Exchange) -> None:
        for callback in list(self._observers):
            try:
                callback(exchange)
            except Exception:  # noqa: BLE001 - one broken observer must not stop the recording
                log.exception("Stream observer %r failed", callback)
