"""Benchmark: the real listener (`dingconsole serve`, every exchange persisted) vs two baselines.

The baselines do what the usual tutorial server does — verify the signature, decrypt, seal `success`,
store nothing: Flask on werkzeug's threaded server, and a bare aiohttp server (the ceiling for any
aiohttp handler on this machine). All run as subprocesses, driven the same way over N keep-alive
connections with distinct sealed pushes:

- with wrk (the default when installed; Debian: `apt-get install wrk`) for a fixed time — a C load
  generator, so the measurement is not capped by a Python client sharing the machine's 2 cores;
- or with an aiohttp client in this process (`--client aiohttp`), a fixed number of requests.

    python bench/listener.py [--client wrk|aiohttp] [--seconds 8] [--requests 3000] [--concurrency 16]

Prints req/s, p50 and p99 latency for each, the ratios, and checks that every push was persisted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import aiohttp
from serve_process import serve

from dingconsole.core.crypto import generate_aes_key, generate_token
from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.core.send import seal_push
from dingconsole.core.store import EventStore

FLASK_APP = """
import json, sys
from flask import Flask, request
from dingconsole.core.crypto import DingCrypto
crypto = DingCrypto(sys.argv[2], sys.argv[3], sys.argv[4])
app = Flask(__name__)

@app.post("/api/callback")
def callback():
    q = request.args
    encrypt = request.get_json(force=True)["encrypt"]
    crypto.verify(q.get("msg_signature") or q["signature"], q["timestamp"], q["nonce"], encrypt)
    crypto.decrypt(encrypt)
    return json.dumps(crypto.seal("success")), 200, {"Content-Type": "application/json"}

import logging
logging.getLogger("werkzeug").setLevel(logging.ERROR)
app.run(host="127.0.0.1", port=int(sys.argv[1]), threaded=True)
"""

BARE_AIOHTTP_APP = """
import json, sys
from aiohttp import web
from dingconsole.core.crypto import DingCrypto
crypto = DingCrypto(sys.argv[2], sys.argv[3], sys.argv[4])

async def callback(request):
    q = request.query
    encrypt = json.loads(await request.read())["encrypt"]
    crypto.verify(q.get("msg_signature") or q["signature"], q["timestamp"], q["nonce"], encrypt)
    crypto.decrypt(encrypt)
    return web.Response(body=json.dumps(crypto.seal("success")), content_type="application/json")

app = web.Application()
app.router.add_post("/api/callback", callback)
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None, access_log=None)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"server on port {port} did not come up")


async def drive(url: str, pushes: list, concurrency: int) -> tuple[float, list[float], int]:
    """Send every push over `concurrency` keep-alive connections; wall time, latencies (ms), failures."""
    latencies: list[float] = []
    failures = 0
    next_index = 0

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal next_index, failures
        while next_index < len(pushes):
            req = pushes[next_index]
            next_index += 1
            started = time.perf_counter()
            async with session.post(url, params=req.query, data=req.body, headers=req.headers) as resp:
                body = await resp.read()
            latencies.append((time.perf_counter() - started) * 1000.0)
            if resp.status != 200 or "encrypt" not in json.loads(body):
                failures += 1

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        started = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
        wall = time.perf_counter() - started
    return wall, latencies, failures


def _wrk_script(url: str, profile: Profile, count: int = 1000) -> Path:
    """A wrk Lua script cycling through `count` distinct sealed pushes (distinct eventIds, like real traffic)."""
    path = urlsplit(url).path
    entries = []
    for i in range(count):
        push = seal_push(json.dumps({"EventType": "user_add_org", "eventId": f"wrk-{i}", "UserId": ["u1"]}), profile)
        entries.append(f'{{"{path}?{urlencode(push.query)}", [==[{push.body.decode()}]==]}}')
    script = Path(tempfile.mkdtemp(prefix="dingconsole-wrk-")) / "pushes.lua"
    script.write_text(
        "local pushes = {\n" + ",\n".join(entries) + "\n}\n"
        "local i = 0\n"
        'wrk.headers["Content-Type"] = "application/json"\n'
        "request = function()\n"
        "  i = i % #pushes + 1\n"
        '  return wrk.format("POST", pushes[i][1], nil, pushes[i][2])\n'
        "end\n",
        "utf-8",
    )
    return script


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def measure_wrk(name: str, url: str, profile: Profile, seconds: int, concurrency: int) -> dict:
    """Drive `url` with wrk (C, epoll): far less CPU per request than a Python client on the same 2 cores."""
    script = _wrk_script(url, profile)
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    subprocess.run(["wrk", "-t1", f"-c{concurrency}", "-d1s", "-s", script, origin], capture_output=True, check=True)
    out = subprocess.run(
        ["wrk", "-t1", f"-c{concurrency}", f"-d{seconds}s", "--latency", "-s", script, origin],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    completed = int(re.search(r"(\d+) requests in", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "name": name,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),
        "p99": _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)),
        "failures": int(non_2xx.group(1)) if non_2xx else 0,
        "sent": completed,
    }


def measure(name: str, url: str, profile: Profile, requests: int, concurrency: int) -> dict:
    warmup = [seal_push(json.dumps({"EventType": "check_url"}), profile) for _ in range(200)]
    asyncio.run(drive(url, warmup, concurrency))
    pushes = [
        seal_push(json.dumps({"EventType": "user_add_org", "eventId": f"{name}-{i}", "UserId": ["u1"]}), profile)
        for i in range(requests)
    ]
    wall, latencies, failures = asyncio.run(drive(url, pushes, concurrency))
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "name": name,
        "rps": len(latencies) / wall,
        "p50": statistics.median(latencies),
        "p99": cuts[98],
        "failures": failures,
        "sent": len(pushes) + len(warmup),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument(
        "--client",
        choices=["wrk", "aiohttp"],
        default="wrk" if shutil.which("wrk") else "aiohttp",
        help="load generator (default: wrk when installed — Debian: apt-get install wrk)",
    )
    parser.add_argument("--seconds", type=int, default=8, help="run length with wrk")
    parser.add_argument("--source", type=Path, help="run serve from this checkout (a before/after comparison)")
    args = parser.parse_args()

    def run_load(name: str, url: str) -> dict:
        if args.client == "wrk":
            return measure_wrk(name, url, profile, args.seconds, args.concurrency)
        return measure(name, url, profile, args.requests, args.concurrency)

    home = Path(tempfile.mkdtemp(prefix="dingconsole-bench-"))
    env = {**os.environ, "DINGCONSOLE_HOME": str(home)}
    os.environ["DINGCONSOLE_HOME"] = str(home)
    profile = Profile("bench", "dingbenchappkey", generate_token(), generate_aes_key())
    ProfileStore().add(profile)

    results = []
    with serve(home, "bench", args.source) as url:
        results.append(run_load("dingconsole", url))
    with EventStore() as store:
        persisted = store.count()

    for name, app in (("flask", FLASK_APP), ("bare aiohttp", BARE_AIOHTTP_APP)):
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-c", app, str(port), profile.token, profile.aes_key, profile.owner_key],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        try:
            wait_port(port)
            results.append(run_load(name, f"http://127.0.0.1:{port}/api/callback"))
        finally:
            server.terminate()
            server.wait(timeout=30)

    load = f"wrk for {args.seconds} s" if args.client == "wrk" else f"aiohttp client, {args.requests} pushes"
    print(f"{load}, {args.concurrency} concurrent keep-alive connections, {os.cpu_count()} CPUs")
    print(f"{'server':<14}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'failures':>10}")
    for r in results:
        print(f"{r['name']:<14}{r['rps']:>10.0f}{r['p50']:>10.2f}{r['p99']:>10.2f}{r['failures']:>10}")
    ours, flask, bare = results
    print(f"ratio dingconsole/flask: {ours['rps'] / flask['rps']:.2f}x  (target >= 5x, p99 < 50 ms)")
    print(f"ratio dingconsole/bare aiohttp: {ours['rps'] / bare['rps']:.2f}x  (target >= 0.6x, aim 0.8x)")
    # wrk counts completed requests; one cut off when it stops may still have been recorded
    print(f"persisted by dingconsole: {persisted} exchanges for {ours['sent']} completed requests")
    return 0 if persisted >= ours["sent"] and not ours["failures"] else 1


if __name__ == "__main__":
    sys.exit(main())
