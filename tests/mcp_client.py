"""The real `python -m dingconsole mcp` as a subprocess, driven by the `mcp` SDK's own stdio client.

One server per test module: the client session lives on an event loop in a helper thread, and the
(synchronous) tests hand it coroutines. The server's stderr goes to a file the tests read, so a
traceback — a crash the protocol would hide — fails them.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from mcp import ClientSession, StdioServerParameters, stdio_client
from mcp.types import CallToolResult

T = TypeVar("T")
TIMEOUT = 60.0


class McpServerProcess:
    """`dingconsole mcp ARGS` with a connected ClientSession; `call(name, **args)` calls a tool."""

    def __init__(self, *args: str, stderr_path: Path) -> None:
        self.stderr_path = stderr_path
        self._errlog = stderr_path.open("w", encoding="utf-8")
        self._params = StdioServerParameters(command=sys.executable, args=["-m", "dingconsole", "mcp", *args])
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="mcp-client", daemon=True)
        self._thread.start()
        self._ready: asyncio.Future[ClientSession] | None = None
        self._stop: asyncio.Event | None = None
        self._main = asyncio.run_coroutine_threadsafe(self._serve(), self._loop)
        self.session = self._run(self._started())

    async def _started(self) -> ClientSession:
        while self._ready is None:
            await asyncio.sleep(0.01)
        return await self._ready

    async def _serve(self) -> None:
        self._ready = self._loop.create_future()
        self._stop = asyncio.Event()
        try:
            async with (
                stdio_client(self._params, errlog=self._errlog) as (read, write),
                ClientSession(read, write) as session,
            ):
                await session.initialize()
                self._ready.set_result(session)
                await self._stop.wait()
        except BaseException as exc:
            if not self._ready.done():
                self._ready.set_exception(exc)
            raise

    def _run(self, coro: Awaitable[T]) -> T:
        async def wrapped() -> T:
            return await coro

        return asyncio.run_coroutine_threadsafe(wrapped(), self._loop).result(TIMEOUT)

    def run(self, fn: Callable[[ClientSession], Awaitable[T]]) -> T:
        """`await fn(session)` on the client's loop."""
        return self._run(fn(self.session))

    def call(self, name: str, **arguments: Any) -> CallToolResult:
        return self.run(lambda s: s.call_tool(name, arguments))

    def stderr(self) -> str:
        if not self._errlog.closed:
            self._errlog.flush()
        return self.stderr_path.read_text("utf-8")

    def close(self) -> None:
        if self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        try:
            self._main.result(TIMEOUT)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(TIMEOUT)
            self._loop.close()
            self._errlog.close()
