"""A real HTTP server on 127.0.0.1 that records every request it gets (any method, any path) and answers 200.

For tests that run an exported curl script or a copied curl command for real: what arrived, where,
and how many times is the evidence, not the text of the command.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from aiohttp import web


@dataclass(frozen=True)
class Received:
    method: str
    path: str  # decoded, as the listener stores it
    raw_path: str  # path and query as they were on the request line
    headers: dict[str, str]
    body: bytes


@dataclass
class Recorder:
    origin: str = ""  # http://127.0.0.1:<port>, once serving
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def host(self) -> str:
        """host:port, as a Host header names this server."""
        return self.origin.removeprefix("http://")

    def requests(self) -> list[Received]:
        with self.lock:
            return list(self.received)

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        with self.lock:
            self.received.append(Received(request.method, request.path, request.raw_path, dict(request.headers), body))
        return web.Response(text="ok")


@contextmanager
def recording() -> Iterator[Recorder]:
    """A Recorder serving on a free loopback port in its own thread, shut down after."""
    recorder = Recorder()
    loop = asyncio.new_event_loop()
    app = web.Application(client_max_size=4 * 1024 * 1024)
    app.router.add_route("*", "/{tail:.*}", recorder.handle)
    runner = web.AppRunner(app, shutdown_timeout=0.5, handle_signals=False)
    ready = threading.Event()

    async def start() -> None:
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        recorder.origin = f"http://127.0.0.1:{runner.addresses[0][1]}"

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(start())
        ready.set()
        loop.run_forever()
        loop.run_until_complete(runner.cleanup())
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()

    thread = threading.Thread(target=run, name="http-recorder", daemon=True)
    thread.start()
    if not ready.wait(10):
        raise RuntimeError("the recording server did not start")
    try:
        yield recorder
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
