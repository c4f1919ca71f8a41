"""kill -9 in the middle of a burst: every push that got its reply is in the store afterwards."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys

import aiohttp

from dingconsole.core.profiles import ProfileStore
from dingconsole.core.store import EventFilter, EventStore
from tests.listener_util import event, make_profile, push

TOTAL, KILL_AFTER, CONCURRENCY = 400, 120, 16


def test_every_replied_push_survives_kill_9() -> None:
    profile = make_profile("demo")
    ProfileStore().add(profile)
    reqs = [push(profile, event(event_id=f"dur-{i}")) for i in range(TOTAL)]
    replied: list[str] = []
    with subprocess.Popen(
        [sys.executable, "-m", "dingconsole", "serve"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    ) as proc:
        url = proc.stdout.readline().split("listening on ", 1)[1].strip()

        async def burst() -> None:
            queue: asyncio.Queue[int] = asyncio.Queue()
            for i in range(TOTAL):
                queue.put_nowait(i)

            async def worker(session: aiohttp.ClientSession) -> None:
                while not queue.empty():
                    i = queue.get_nowait()
                    try:
                        async with session.post(url, params=reqs[i].query, data=reqs[i].body) as resp:
                            await resp.read()
                            if resp.status == 200:
                                replied.append(f"dur-{i}")
                    except aiohttp.ClientError:
                        continue
                    if len(replied) == KILL_AFTER and proc.poll() is None:
                        os.kill(proc.pid, signal.SIGKILL)

            async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=CONCURRENCY)) as session:
                await asyncio.gather(*(worker(session) for _ in range(CONCURRENCY)))

        asyncio.run(burst())
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert KILL_AFTER <= len(replied) < TOTAL  # killed mid-burst
    with EventStore() as store:
        stored = {ex.event_id for ex in store.query(EventFilter(event_types=["user_add_org"]))}
    missing = set(replied) - stored
    assert not missing, f"{len(missing)} replied pushes lost: {sorted(missing)[:5]}"
