"""Benchmark: a flood of unauthenticated requests against `dingconsole serve` while real pushes keep coming.

The attacker has only the URL: over N keep-alive connections it sends, round-robin, a bad-signature push
with a 300 KiB body, a 100 KiB POST to a path that does not exist, a GET of the status page and a PUT.
Beside it one connection sends a validly signed push every 20 ms. A sampler reads the store file
(read-only) twice a second. Prints, for the code under test (this checkout, or `--code DIR` for another
checkout, e.g. the commit before):

- junk requests answered and their rate; real pushes' p50/p99 reply time when quiet and during the flood;
- the store's bytes in use (pages not free: what the size cap compares with) at its peak and at the end,
  against the cap (`--max-size`), and the rows that were not real pushes at the peak and the end;
- how many real pushes (quiet and during the flood) are still in the store.

    python bench/flood.py [--seconds 15] [--connections 8] [--max-size 20M] [--code DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import aiohttp

from dingconsole.core.crypto import generate_aes_key, generate_token
from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.core.send import seal_push

REAL_EVERY_S = 0.02


def sample(db: Path, stop: threading.Event, peaks: dict[str, int]) -> None:
    """Peak bytes in use and peak non-real rows, read off the file as `serve` writes it."""
    while not stop.wait(0.5):
        try:
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
            try:
                used, junk = measure(conn)
            finally:
                conn.close()
        except sqlite3.Error:
            continue
        peaks["used"] = max(peaks.get("used", 0), used)
        peaks["junk"] = max(peaks.get("junk", 0), junk)


def measure(conn: sqlite3.Connection) -> tuple[int, int]:
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    used = (
        conn.execute("PRAGMA page_count").fetchone()[0] - conn.execute("PRAGMA freelist_count").fetchone()[0]
    ) * page
    junk = conn.execute("SELECT COUNT(*) FROM exchanges WHERE outcome <> 'ok'").fetchone()[0]
    return int(used), int(junk)


async def real_pushes(url: str, profile: Profile, stop: asyncio.Event, tag: str) -> list[float]:
    """One keep-alive connection, a signed push every REAL_EVERY_S until `stop`; reply times in ms."""
    times: list[float] = []
    async with aiohttp.ClientSession() as session:
        i = 0
        while not stop.is_set():
            req = seal_push(json.dumps({"EventType": "user_add_org", "eventId": f"{tag}-{i}"}), profile)
            started = time.perf_counter()
            async with session.post(url, params=req.query, data=req.body) as resp:
                await resp.read()
                if resp.status != 200:
                    raise RuntimeError(f"a real push got {resp.status}")
            times.append((time.perf_counter() - started) * 1000)
            i += 1
            await asyncio.sleep(REAL_EVERY_S)
    return times


async def junk(url: str, profile: Profile, stop: asyncio.Event, connections: int) -> int:
    """The attacker's loop on `connections` connections; returns the requests answered."""
    base = url.rsplit("/", 1)[0]
    forged = seal_push('{"EventType":"x"}', profile)
    forged.query.update(msg_signature="0" * 40, signature="0" * 40)
    big = b'{"encrypt":"' + b"A" * (300 * 1024) + b'"}'
    path_body = b"x" * (100 * 1024)
    sent = 0

    async def worker(session: aiohttp.ClientSession, k: int) -> None:
        nonlocal sent
        i = k
        while not stop.is_set():
            kind = i % 4
            if kind == 0:
                request = session.post(url, params=forged.query, data=big)
            elif kind == 1:
                request = session.post(f"{base}/nowhere-{i}", data=path_body)
            elif kind == 2:
                request = session.get(url)
            else:
                request = session.put(url, data=b"junk")
            async with request as resp:
                await resp.read()
            sent += 1
            i += connections

    connector = aiohttp.TCPConnector(limit=connections)
    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.gather(*(worker(session, k) for k in range(connections)))
    return sent


async def scenario(url: str, profile: Profile, seconds: float, connections: int) -> dict:
    quiet_stop, flood_stop = asyncio.Event(), asyncio.Event()
    quiet = asyncio.create_task(real_pushes(url, profile, quiet_stop, "quiet"))
    await asyncio.sleep(3)
    quiet_stop.set()
    quiet_times = await quiet
    during = asyncio.create_task(real_pushes(url, profile, flood_stop, "flood"))
    attack = asyncio.create_task(junk(url, profile, flood_stop, connections))
    started = time.monotonic()
    await asyncio.sleep(seconds)
    flood_stop.set()
    sent = await attack
    elapsed = time.monotonic() - started
    flood_times = await during
    await asyncio.sleep(3)  # the burst is over: the upkeep thread settles
    return {"quiet": quiet_times, "flood": flood_times, "junk": sent, "rate": sent / elapsed}


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 2 else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--max-size", default="20M")
    parser.add_argument("--code", type=Path, help="run `serve` from this checkout instead (PYTHONPATH)")
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="dingconsole-flood-"))
    env = {**os.environ, "DINGCONSOLE_HOME": str(home)}
    if args.code:
        env["PYTHONPATH"] = str(args.code.resolve())
    os.environ["DINGCONSOLE_HOME"] = str(home)
    profile = Profile("bench", "dingbenchappkey", generate_token(), generate_aes_key())
    ProfileStore().add(profile)
    out_path = home / "serve.out"
    with out_path.open("w") as out:
        serve = subprocess.Popen(
            [sys.executable, "-m", "dingconsole", "serve", "--profile", "bench", "--max-size", args.max_size],
            stdout=out,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=home,  # not a checkout: `-m` puts the working directory first on the path
        )
    peaks: dict[str, int] = {}
    stop = threading.Event()
    try:
        deadline = time.monotonic() + 20
        while "\n" not in out_path.read_text() and time.monotonic() < deadline:
            time.sleep(0.05)
        url = out_path.read_text().splitlines()[0].split("listening on ", 1)[1].strip()
        db = next(home.rglob("events.sqlite3"))
        sampler = threading.Thread(target=sample, args=(db, stop, peaks), daemon=True)
        sampler.start()
        result = asyncio.run(scenario(url, profile, args.seconds, args.connections))
        stop.set()
        sampler.join()
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        used, junk_left = measure(conn)
        kept = conn.execute("SELECT COUNT(*) FROM exchanges WHERE outcome = 'ok'").fetchone()[0]
        conn.close()
    finally:
        stop.set()
        serve.terminate()
        serve.wait(timeout=30)

    mib = 1024**2
    real_sent = len(result["quiet"]) + len(result["flood"])
    code = str(args.code or Path(__file__).resolve().parent.parent)
    print(f"{code}: flood of {args.seconds:.0f} s on {args.connections} connections, cap {args.max_size}")
    print(f"{'junk answered':<34}{result['junk']:>10,}  ({result['rate']:.0f}/s)")
    print(f"{'real push p50/p99 ms, quiet':<34}{p(result['quiet'], 50):>10.2f}{p(result['quiet'], 99):>10.2f}")
    print(f"{'real push p50/p99 ms, in flood':<34}{p(result['flood'], 50):>10.2f}{p(result['flood'], 99):>10.2f}")
    print(f"{'store in use MiB, peak / end':<34}{peaks.get('used', 0) / mib:>10.2f}{used / mib:>10.2f}")
    print(f"{'junk rows, peak / end':<34}{peaks.get('junk', 0):>10,}{junk_left:>10,}")
    print(f"{'real pushes kept / sent':<34}{kept:>10,}{real_sent:>10,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
