"""Helpers for the listener tests: profiles, signed pushes, and a real aiohttp client."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from typing import Any

import aiohttp

from dingconsole.core.crypto import DingCrypto, generate_aes_key, generate_token
from dingconsole.core.exchange import HttpRequest
from dingconsole.core.profiles import Profile
from dingconsole.core.send import seal_push


def make_profile(name: str = "demo", owner_key: str = "dingappkey0001") -> Profile:
    return Profile(name=name, owner_key=owner_key, token=generate_token(), aes_key=generate_aes_key())


def event(kind: str = "user_add_org", event_id: str | None = None, **extra: Any) -> str:
    payload: dict[str, Any] = {"EventType": kind, "CorpId": "ding5f1e0c3a7b2d9e41", **extra}
    if event_id is not None:
        payload["eventId"] = event_id
    return json.dumps(payload, ensure_ascii=False)


def push(profile: Profile, message: str) -> HttpRequest:
    return seal_push(message, profile)


async def send_async(
    session: aiohttp.ClientSession, method: str, url: str, req: HttpRequest | None = None, **kw: Any
) -> tuple[int, bytes]:
    params = req.query if req is not None else kw.pop("params", None)
    data = req.body if req is not None else kw.pop("data", None)
    async with session.request(method, url, params=params, data=data, **kw) as resp:
        return resp.status, await resp.read()


def send(method: str, url: str, req: HttpRequest | None = None, **kw: Any) -> tuple[int, bytes]:
    """One request with a fresh session, closed afterwards."""

    async def run() -> tuple[int, bytes]:
        async with aiohttp.ClientSession() as session:
            return await send_async(session, method, url, req, **kw)

    return asyncio.run(run())


def post(url: str, body: bytes | None = None, *, method: str = "POST") -> tuple[int, bytes]:
    """One blocking request as DingTalk sends a push (a JSON content type): for tests on the GUI thread."""
    return send(method, url, data=body, headers={"Content-Type": "application/json"})


def send_many(url: str, reqs: Sequence[HttpRequest], *, limit: int = 0) -> list[int]:
    """All requests at once (limit=0: one connection each), returning the statuses in order."""

    async def run() -> list[int]:
        connector = aiohttp.TCPConnector(limit=limit)
        async with aiohttp.ClientSession(connector=connector) as session:
            results = await asyncio.gather(*(send_async(session, "POST", url, r) for r in reqs))
        return [status for status, _ in results]

    return asyncio.run(run())


def reply_message(profile: Profile, body: bytes) -> str:
    """Check a sealed reply's signature and return what it decrypts to."""
    data = json.loads(body)
    assert set(data) == {"msg_signature", "timeStamp", "nonce", "encrypt"}
    crypto: DingCrypto = profile.crypto()
    crypto.verify(data["msg_signature"], data["timeStamp"], data["nonce"], data["encrypt"])
    return crypto.decrypt(data["encrypt"]).message


def wait_diagnosed(store: Any, count: int = 1, timeout: float = 5.0) -> None:
    """Wait until `count` failed exchanges carry their diagnosis: the listener attaches it after replying."""
    import time

    deadline = time.monotonic() + timeout
    while sum(1 for ex in store.query() if ex.diagnosis) < count:
        assert time.monotonic() < deadline, "no diagnosis was attached"
        time.sleep(0.01)
