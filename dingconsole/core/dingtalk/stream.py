"""DingTalk Stream mode client (docs/PROTOCOL.md §4) on aiohttp: its own thread and loop, start()/stop(), observers.

Why not the official `dingtalk-stream` SDK: its client loops forever (no stop), calls the blocking
`requests` library inside its event loop, sleeps a fixed 10 s between reconnects, reads the gateway
URL from a class constant, and pulls in `requests` + `websockets`. The protocol is small — one POST for
a ticket, then JSON frames on a WebSocket — so we speak it directly with the aiohttp we already ship.

Frames are ACKed at once on the reading task; recording (bridge, store, observers) happens on a
worker task in arrival order, so a slow local handler never delays a ping reply.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import json
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import aiohttp
from yarl import URL

from dingconsole import __version__
from dingconsole.core.dingtalk.remote_json import call_json
from dingconsole.core.dingtalk.stream_protocol import (
    DEFAULT_GATEWAY,
    EVENT_ACK_DATA,
    OPEN_PATH,
    Backoff,
    MissingAppSecret,
    StreamAuthError,
    StreamError,
    ack_frame,
    event_identity,
    local_ip,
    require_app_secret,
)
from dingconsole.core.errors import DingError
from dingconsole.core.exchange import Exchange, HttpRequest, Outcome, Transport
from dingconsole.core.profiles import Profile

_SENTINEL = object()
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


class State(enum.StrEnum):
    STOPPED = "stopped"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    FAILED = "failed"


class Store(Protocol):
    """What the client needs of core.store.EventStore (which also marks repeats on eventId)."""

    def add(self, exchange: Exchange) -> int: ...


# Completes an EVENT exchange before it is stored (the bridge fills in the handler's reply).
Forwarder = Callable[[Exchange], Awaitable[None]]


class StreamClient:
    """A Stream mode connection for one profile, recording every EVENT into `store` (Transport.STREAM).

    start() returns once the first connection is up, or raises StreamError/StreamAuthError; after
    that a dropped socket is retried with `backoff`, a SYSTEM disconnect at once with a fresh ticket.
    Observers run on the client thread after the exchange is stored.
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
    ) -> None:
        require_app_secret(profile)
        self.store = store
        self.profile = profile
        self.gateway_base = gateway_base.rstrip("/")
        self.backoff = backoff or Backoff()
        self.forwarder = forwarder
        self.ip = ip
        self.open_timeout = open_timeout
        self.state = State.STOPPED
        self.connections = 0
        self.pings = 0
        self.events = 0
        self.last_error: DingError | None = None
        self._observers: list[Callable[[Exchange], None]] = []
        self._state_observers: list[Callable[[State, str], None]] = []
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._run_task: asyncio.Task[None] | None = None
        self._started = threading.Event()
        self._start_error: BaseException | None = None
        self._queue: asyncio.Queue[Any] | None = None
        self._remote = ""

    # -- public API -------------------------------------------------------------------------

    def add_observer(self, callback: Callable[[Exchange], None]) -> None:
        self._observers.append(callback)

    def remove_observer(self, callback: Callable[[Exchange], None]) -> None:
        self._observers.remove(callback)

    def add_state_observer(self, callback: Callable[[State, str], None]) -> None:
        """callback(state, detail), on the client thread, whenever the connection state changes."""
        self._state_observers.append(callback)

    def start(self, timeout: float = 30.0) -> None:
        if self._thread is not None:
            raise StreamError("the Stream client is already running")
        self._started.clear()
        self._start_error = None
        self._thread = threading.Thread(target=self._thread_main, name="dingconsole-stream", daemon=True)
        self._thread.start()
        if not self._started.wait(timeout):
            self.stop()
            raise StreamError(f"no Stream connection within {timeout:.0f} s", "Is the gateway reachable?")
        if self._start_error is not None:
            error = self._start_error
            self._join()
            raise error

    def stop(self, timeout: float = 10.0) -> None:
        """Close the socket, finish recording what arrived, end the thread. Safe to call twice."""
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
                await worker

    def _set_state(self, state: State, detail: str) -> None:
        self.state = state
        for callback in list(self._state_observers):
            callback(state, detail)

    def _fail_start(self, error: DingError) -> None:
        self.last_error = error
        self._start_error = error
        self._set_state(State.FAILED, error.message)
        self._started.set()

    # -- connection -------------------------------------------------------------------------

    async def open_connection(self, session: aiohttp.ClientSession) -> tuple[str, str]:
        """POST the credentials; return (endpoint, ticket). Raises StreamAuthError / StreamError."""
        url = self.gateway_base + OPEN_PATH
        body = {
            "clientId": self.profile.owner_key,
            "clientSecret": self.profile.app_secret,
            "subscriptions": [{"type": "EVENT", "topic": "*"}],
            "ua": f"dingconsole/{__version__}",
            "localIp": self.ip if self.ip is not None else local_ip(),
        }

        def unreachable(cause: str) -> StreamError:
            return StreamError(
                f"cannot reach the Stream gateway {self.gateway_base}: {cause}",
                "Check the network (outbound HTTPS to api.dingtalk.com) or --gateway-base.",
                url=url,
            )

        timeout = aiohttp.ClientTimeout(total=self.open_timeout)
        status, data, text = await call_json(session, "POST", url, json=body, timeout=timeout, unreachable=unreachable)
        if status in (400, 401, 403) or (isinstance(data, dict) and "code" in data and "endpoint" not in data):
            detail = data.get("message") or data.get("code") if isinstance(data, dict) else text[:200]
            raise StreamAuthError(
                f"the gateway refused the credentials of profile {self.profile.name!r} (HTTP {status}: {detail})",
                "Check the AppKey (owner key) and AppSecret, and that the app uses Stream mode "
                "for event subscription in the developer console.",
                status=status,
                detail=str(detail),
            )
        if status != 200 or not isinstance(data, dict) or not data.get("endpoint") or not data.get("ticket"):
            raise StreamError(
                f"the gateway answered HTTP {status} without an endpoint and ticket: {text[:200]!r}",
                "Try again later; if it persists the gateway URL may be wrong.",
                status=status,
            )
        return str(data["endpoint"]), str(data["ticket"])

    async def _run(self, session: aiohttp.ClientSession) -> None:
        delays = self.backoff.delays()
        first = True
        while True:
            self._set_state(State.CONNECTING if first else State.RECONNECTING, "")
            try:
                endpoint, ticket = await self.open_connection(session)
                ws_url = URL(endpoint).update_query(ticket=ticket)
                async with session.ws_connect(ws_url, autoping=True, heartbeat=60) as ws:
                    self.connections += 1
                    self._remote = URL(endpoint).host or ""
                    self._set_state(State.CONNECTED, endpoint)
                    if first:
                        first = False
                        self._started.set()
                    delays = self.backoff.delays()
                    reason = await self._read(ws)
            except StreamAuthError as exc:
                if first:
                    self._fail_start(exc)
                else:
                    self.last_error = exc
                    self._set_state(State.FAILED, exc.message)
                return
            except (StreamError, aiohttp.ClientError, OSError, TimeoutError) as exc:
                error = (
                    exc
                    if isinstance(exc, StreamError)
                    else StreamError(
                        f"the Stream WebSocket failed: {exc or type(exc).__name__}",
                        "The gateway returned an endpoint that could not be opened.",
                    )
                )
                if first:
                    self._fail_start(error)
                    return
                self.last_error = error
                reason = "error"
            if reason == "disconnect":
                continue  # the gateway asked us to move: a fresh ticket, no delay
            self._set_state(State.RECONNECTING, f"{reason}; retrying")
            await asyncio.sleep(next(delays))

    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> str:
        async for msg in ws:
            if msg.type == aiohttp.WSMsgType.TEXT:
                text = msg.data
            elif msg.type == aiohttp.WSMsgType.BINARY:
                text = msg.data.decode("utf-8", "replace")
            else:
                break
            if await self._on_frame(ws, text, time.time()) == "disconnect":
                await ws.close()
                return "disconnect"
        return "closed"

    # -- frames -----------------------------------------------------------------------------

    async def _on_frame(self, ws: aiohttp.ClientWebSocketResponse, text: str, received_at: float) -> str | None:
        started = time.perf_counter()
        try:
            frame = json.loads(text)
        except ValueError as exc:
            self._bad_frame(text, received_at, f"frame is not JSON ({exc})")
            return None
        if not isinstance(frame, dict):
            self._bad_frame(text, received_at, "frame is not a JSON object")
            return None
        headers = frame.get("headers")
        if not isinstance(headers, dict):
            self._bad_frame(text, received_at, "frame has no `headers` object")
            return None
        message_id = headers.get("messageId")
        kind = frame.get("type")
        topic = headers.get("topic")
        if not message_id:
            self._bad_frame(text, received_at, f"{kind or 'untyped'} frame has no headers.messageId, cannot ACK")
            return None
        data = frame.get("data")
        if kind == "SYSTEM":
            await ws.send_str(ack_frame(str(message_id), data if isinstance(data, str) else json.dumps(data)))
            if topic == "ping":
                self.pings += 1
            return "disconnect" if topic == "disconnect" else None
        if kind != "EVENT":
            self._bad_frame(text, received_at, f"unexpected frame type {kind!r} (only EVENT is subscribed)")
            return None
        ack = ack_frame(str(message_id), EVENT_ACK_DATA)
        await ws.send_str(ack)
        self.events += 1
        exchange = Exchange(
            received_at=received_at,
            request=HttpRequest(
                method="STREAM",
                path=str(topic or "*"),
                headers={str(k): str(v) for k, v in headers.items()},
                body=text.encode("utf-8"),
            ),
            remote=self._remote,
            transport=Transport.STREAM,
            profile=self.profile.name,
            outcome=Outcome.OK,
            reply_status=200,
            reply_body=ack.encode("utf-8"),
            handling_ms=(time.perf_counter() - started) * 1000,
        )
        if not isinstance(data, str):
            exchange.outcome = Outcome.FAILED
            exchange.error_code = "bad_frame"
            exchange.error_message = "EVENT frame has no `data` string"
            exchange.event_type, exchange.event_id = event_identity(headers, None)
        else:
            exchange.message = data
            try:
                payload = json.loads(data)
            except ValueError as exc:
                payload = None
                exchange.outcome = Outcome.FAILED
                exchange.error_code = "invalid_json"
                exchange.error_message = f"EVENT data is not JSON ({exc})"
            exchange.event_type, exchange.event_id = event_identity(headers, payload)
        self._enqueue(exchange)
        return None

    def _bad_frame(self, text: str, received_at: float, reason: str) -> None:
        self._enqueue(
            Exchange(
                received_at=received_at,
                request=HttpRequest(method="STREAM", path="*", body=text.encode("utf-8", "replace")),
                transport=Transport.STREAM,
                profile=self.profile.name,
                outcome=Outcome.INVALID,
                error_code="bad_frame",
                error_message=reason,
            )
        )

    def _enqueue(self, exchange: Exchange) -> None:
        if self._queue is not None:
            self._queue.put_nowait(exchange)

    async def _worker(self, queue: asyncio.Queue[Any]) -> None:
        """Bridge, store (which marks a repeated eventId), notify — one at a time, in arrival order."""
        while True:
            item = await queue.get()
            if item is _SENTINEL:
                return
            exchange: Exchange = item
            if self.forwarder is not None and exchange.outcome is Outcome.OK:
                await self.forwarder(exchange)
            try:
                self.store.add(exchange)
            except Exception as exc:  # noqa: BLE001 - keep the connection; the next event may store fine
                log.exception("cannot store a Stream event")
                self.last_error = StreamError(f"cannot store a Stream event: {exc}", "Is the event store closed?")
                continue
            for callback in list(self._observers):
                try:
                    callback(exchange)
                except Exception:  # noqa: BLE001 - one broken observer must not stop the recording
                    log.exception("Stream observer %r failed", callback)
