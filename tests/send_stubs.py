"""Callback handlers written the way users get them wrong, served by a real aiohttp server on a thread.

Used by test_sender.py and test_cli_send.py: each mode answers a push in one particular (wrong) way,
and `received` keeps the decrypted messages so tests can count duplicates and bursts.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from aiohttp import web

from dingconsole.core.crypto import DingCrypto
from dingconsole.core.profiles import Profile

PROFILE = Profile(
    name="stub",
    owner_key="dingstubappkey0001",
    token="stubtoken123",
    aes_key="4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij",
)


class StubHandler:
    """mode: good | lower_timestamp | plain | other_owner | slow | redirect | hang | huge | fail_then_ok:N."""

    def __init__(self, profile: Profile = PROFILE, mode: str = "good", delay: float = 0.0) -> None:
        self.profile = profile
        self.mode = mode
        self.delay = delay
        self.received: list[str] = []
        self.calls = 0
        self.lock = threading.Lock()
        self.slow_marker = ""  # a push whose plaintext contains this waits `slow_seconds` (the others do not)
        self.slow_seconds = 0.0

    async def handle(self, request: web.Request) -> web.StreamResponse:
        crypto = self.profile.crypto()
        body = await request.read()
        opened = crypto.open_request(dict(request.query), body)
        with self.lock:
            self.calls += 1
            calls = self.calls
            self.received.append(opened.message)
        mode = self.mode
        if mode.startswith("fail_then_ok:"):
            mode = "plain" if calls <= int(mode.split(":")[1]) else "good"
        if self.delay or mode == "hang":
            await asyncio.sleep(30 if mode == "hang" else self.delay)
        if self.slow_marker and self.slow_marker in opened.message:
            await asyncio.sleep(self.slow_seconds)
        if mode == "redirect":
            raise web.HTTPFound("/elsewhere")
        if mode == "plain":
            return web.Response(text="success")
        if mode == "huge":  # a reply far larger than any DingTalk reply: 8 MiB, streamed
            response = web.StreamResponse(headers={"Content-Type": "application/json"})
            await response.prepare(request)
            for _ in range(8):
                await response.write(b"A" * (1 << 20))
            return response
        if mode == "other_owner":
            sealed = DingCrypto(self.profile.token, self.profile.aes_key, "dingsomeoneelse99").seal("success")
            return web.json_response(sealed)
        sealed = crypto.seal("success")
        if mode == "lower_timestamp":
            sealed["timestamp"] = sealed.pop("timeStamp")
        return web.json_response(sealed)


@contextmanager
def serve(handler: StubHandler, path: str = "/callback") -> Iterator[str]:
    """Run `handler` on 127.0.0.1:<free port> in a thread; yield the URL; shut everything down after."""
    loop = asyncio.new_event_loop()
    app = web.Application()
    app.router.add_post(path, handler.handle)
    runner = web.AppRunner(app, shutdown_timeout=0.5, handle_signals=False)
    ready = threading.Event()
    state: dict[str, object] = {}

    async def start() -> None:
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        state["port"] = runner.addresses[0][1]

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(start())
        ready.set()
        loop.run_forever()
        loop.run_until_complete(runner.cleanup())
        pending = asyncio.all_tasks(loop)
        for task in pending:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    ready.wait(10)
    try:
        yield f"http://127.0.0.1:{state['port']}{path}"
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


def event_ids(messages: list[str]) -> list[str]:
    return [json.loads(m).get("eventId") for m in messages]
