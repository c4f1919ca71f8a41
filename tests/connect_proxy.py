"""A tiny real HTTP proxy on loopback for the proxy tests: CONNECT tunnels (https/wss) and absolute-form
requests (http/ws), or a 407 to every request. Test code, not a product: it reads only the request head.

It records what it was asked (`requests`: the request lines), so a test proves the call went through it.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from yarl import URL


class ConnectProxy:
    def __init__(self, refuse: bool = False) -> None:
        self.refuse = refuse  # answer 407 Proxy Authentication Required to everything
        self.requests: list[str] = []
        self.loop = asyncio.new_event_loop()
        self.port = 0
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, OSError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        with contextlib.suppress(ConnectionError, OSError, RuntimeError):
            if writer.can_write_eof():
                writer.write_eof()  # half-close: the other direction may still be talking

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        writers = [writer]
        try:
            await self._relay(reader, writer, writers)
        except (asyncio.IncompleteReadError, ConnectionError, OSError, asyncio.CancelledError):
            pass
        finally:
            for each in writers:
                each.close()
                with contextlib.suppress(ConnectionError, OSError, asyncio.CancelledError):
                    await each.wait_closed()
            self._tasks.discard(task)

    async def _relay(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, writers: list[asyncio.StreamWriter]
    ) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        line = head.split(b"\r\n", 1)[0].decode("latin-1")
        self.requests.append(line)
        method, target, _ = line.split(" ", 2)
        if self.refuse:
            writer.write(b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n")
            await writer.drain()
            return
        if method == "CONNECT":
            host, port = target.rsplit(":", 1)
            up_reader, up_writer = await asyncio.open_connection(host, int(port))
            writers.append(up_writer)
            writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            await writer.drain()
        else:  # absolute-form: forward the head as it came (the server reads the path from it)
            url = URL(target)
            up_reader, up_writer = await asyncio.open_connection(url.host, url.port)
            writers.append(up_writer)
            up_writer.write(head)
            await up_writer.drain()
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))

    async def _start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _stop(self) -> None:
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)


@contextmanager
def running_proxy(refuse: bool = False) -> Iterator[ConnectProxy]:
    proxy = ConnectProxy(refuse)
    proxy._thread.start()
    asyncio.run_coroutine_threadsafe(proxy._start(), proxy.loop).result(5)
    try:
        yield proxy
    finally:
        asyncio.run_coroutine_threadsafe(proxy._stop(), proxy.loop).result(5)
        proxy.loop.call_soon_threadsafe(proxy.loop.stop)
        proxy._thread.join(5)
        proxy.loop.close()
