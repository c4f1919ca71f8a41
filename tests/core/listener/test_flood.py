"""A flood of unauthenticated requests against a real listener and a real store (issue 22, item 4).

Before: every junk request kept 64 KiB of its body and counted toward the size cap like a real event;
retention trimmed oldest first across outcomes, so 600 junk requests removed every earlier real event,
and the last-hour exemption let the flood itself grow past the cap (39 MiB against 20 MB). Now the
listener marks what never got past a signature check, those rows have their own small quota and are
trimmed first, and the cap holds.
"""

from __future__ import annotations

import asyncio
import time

import aiohttp

from dingconsole.core.exchange import Exchange
from dingconsole.core.listener import Listener
from dingconsole.core.listener.handler import RECORDED_OVERSIZE
from dingconsole.core.profiles import Profile
from dingconsole.core.store import EventStore
from dingconsole.core.store.retention import RetentionPolicy, unauthenticated_usage, used_bytes
from tests.listener_util import event, push

FLOOD_TIMEOUT = 60.0  # seconds the whole flood may take on a loaded 2-core machine


def flood(url: str, profile: Profile, rounds: int, real_every: int = 0) -> list[int]:
    """What an attacker with only the URL sends, `rounds` times four kinds over eight keep-alive
    connections: a bad-signature push with a 300 KiB body, a 100 KiB POST to a path that does not exist,
    a GET of the status page, a PUT. Every `real_every` rounds one validly signed push goes in between.
    Returns the statuses of the real pushes."""
    base = url.rsplit("/", 1)[0]
    forged = push(profile, event())
    forged.query.update(msg_signature="0" * 40, signature="0" * 40)
    big = b'{"encrypt":"' + b"A" * (300 * 1024) + b'"}'

    async def one(session: aiohttp.ClientSession, i: int) -> int | None:
        kind = i % 4
        if kind == 0:
            request = session.post(url, params=forged.query, data=big)
        elif kind == 1:
            request = session.post(f"{base}/nowhere-{i}", data=b"x" * (100 * 1024))
        elif kind == 2:
            request = session.get(url)
        else:
            request = session.put(url, data=b"junk")
        async with request as resp:
            await resp.read()
        if not real_every or i % (4 * real_every):
            return None
        real = push(profile, event(f"real_{i}"))
        async with session.post(url, params=real.query, data=real.body) as resp:
            await resp.read()
            return resp.status

    async def run() -> list[int]:
        connector = aiohttp.TCPConnector(limit=8)
        async with aiohttp.ClientSession(connector=connector) as session:
            async with asyncio.timeout(FLOOD_TIMEOUT):
                done = await asyncio.gather(*(one(session, i) for i in range(4 * rounds)))
        return [status for status in done if status is not None]

    return asyncio.run(run())


def real_pushes(url: str, profile: Profile, count: int) -> None:
    async def run() -> None:
        async with aiohttp.ClientSession() as session:
            for i in range(count):
                req = push(profile, event("user_add_org", event_id=f"evt-{i}", pad="x" * 1500))
                async with session.post(url, params=req.query, data=req.body) as resp:
                    assert resp.status == 200
                    await resp.read()

    asyncio.run(run())


def authenticated(store: EventStore) -> list[Exchange]:
    return [ex for ex in store.query() if not ex.unauthenticated]


def test_a_flood_evicts_no_real_event_and_the_cap_holds(listener: Listener, store: EventStore, profile: Profile):
    real_pushes(listener.url, profile, 40)
    real = {ex.id for ex in store.query()}
    store.pin([min(real)])
    statuses = flood(listener.url, profile, rounds=150, real_every=10)  # 600 junk requests, 15 real pushes
    assert statuses == [200] * 15
    real |= {ex.id for ex in store.query() if ex.event_type and ex.event_type.startswith("real_")}
    assert len(real) == 55
    cap = 2 * 1024 * 1024
    policy = RetentionPolicy(max_bytes=cap, max_age_days=None)
    store.trim_now(policy)  # everything was recorded in the last hour: this session's grace applies
    assert {ex.id for ex in authenticated(store)} == real
    rows, stored = unauthenticated_usage(store._reader())
    assert 0 < rows <= policy.unauthenticated_rows and stored <= policy.unauthenticated_bytes
    assert used_bytes(store._reader()) <= cap  # the flood did not get past the cap on the last hour's grace
    store.trim_now(policy, grace=0)  # an hour later: still no real event goes to make room for junk
    assert real <= {ex.id for ex in store.query()}
    assert used_bytes(store._reader()) <= cap


def test_unauthenticated_rows_keep_only_the_newest_within_their_quota(listener: Listener, store: EventStore, profile):
    real_pushes(listener.url, profile, 5)
    flood(listener.url, profile, rounds=60)
    quota = RetentionPolicy(max_bytes=None, max_age_days=None, unauthenticated_rows=50, unauthenticated_bytes=10**9)
    junk_before = sorted(ex.id for ex in store.query() if ex.unauthenticated and ex.id is not None)
    assert len(junk_before) == 240
    assert max(len(ex.request.body) for ex in store.query()) <= RECORDED_OVERSIZE  # bodies kept to a few KB
    store.trim_now(quota)
    junk = sorted(ex.id for ex in store.query() if ex.unauthenticated and ex.id is not None)
    assert junk == junk_before[-50:]  # the newest fifty
    assert len(authenticated(store)) == 5
    by_bytes = RetentionPolicy(max_bytes=None, max_age_days=None, unauthenticated_bytes=64 * 1024)
    store.trim_now(by_bytes)
    rows, stored = unauthenticated_usage(store._reader())
    assert 0 < rows < 50 and stored <= 64 * 1024
    assert len(authenticated(store)) == 5


def test_the_upkeep_thread_trims_a_flood_while_it_lasts(listener: Listener, store: EventStore, profile: Profile):
    """No retention pass is due for an hour: the junk arriving is what starts the trimming."""
    real_pushes(listener.url, profile, 10)
    policy = RetentionPolicy(max_bytes=None, max_age_days=None, unauthenticated_rows=100)
    store.set_retention(policy, delay=3600)
    flood(listener.url, profile, rounds=100)
    deadline = time.monotonic() + 20
    while unauthenticated_usage(store._reader())[0] > 100 and time.monotonic() < deadline:
        store.wait_indexed(0.05)
    assert unauthenticated_usage(store._reader())[0] <= 100
    assert len(authenticated(store)) == 10
    assert store.trimmed_now >= 300
