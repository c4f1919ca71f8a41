"""Fake tunnel tools: small Python programs the tests write onto PATH under the real tools' names.

They print what the real tools print (docs/TUNNELS.md) and, with FAKE_FORWARD=1, really forward: an
asyncio TCP forwarder on another loopback port whose URL they print, optionally adding the
X-Forwarded-For header a real tunnel adds. Behaviour comes from environment variables, because the
command line is the preset's.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

FAKE_SOURCE = r"""
import asyncio, os, re, sys, time

argv = " ".join(sys.argv[1:])
found = re.search(r"127\.0\.0\.1:(\d+)", argv)
digits = [a for a in sys.argv[1:] if a.isdigit()]
target = int(found.group(1)) if found else int(digits[-1]) if digits else 0
style = os.environ.get("FAKE_STYLE", "plain")
xff = os.environ.get("FAKE_XFF", "").encode()
state = os.environ.get("FAKE_STATE", "")
run = 0
if state:
    run = int(open(state).read() or 0) if os.path.exists(state) else 0
    open(state, "w").write(str(run + 1))
die_after = float(os.environ.get("FAKE_DIE_AFTER", "0")) if run == 0 else 0.0
stall_after = float(os.environ.get("FAKE_STALL_AFTER", "0")) if run == 0 else 0.0


def say(line):
    print(line, flush=True)


def announce(url):
    if style == "cloudflared":
        say("INF Thank you for trying Cloudflare Tunnel. ... follow https://developers.cloudflare.com/cloudflare-one/connections/connect-apps")
        say("INF Requesting new quick Tunnel on trycloudflare.com...")
        say("INF +--------------------------------------------------------------------------------------------+")
        say("INF |  Your quick Tunnel has been created! Visit it at (it may take some time to be reachable):  |")
        say(f"INF |  {url}                                                      |")
        say("INF +--------------------------------------------------------------------------------------------+")
    elif style in ("ngrok", "cpolar"):
        say('t=2026-01-01T00:00:00+0000 lvl=info msg="starting web service" obj=web addr=127.0.0.1:4040')
        started = 't=2026-01-01T00:00:01+0000 lvl=info msg="started tunnel" obj=tunnels name=command_line'
        say(f"{started} addr=http://127.0.0.1:{target} url={url}")
    elif style == "frpc":
        say("2026-01-01 00:00:00.000 [I] [client/service.go:295] login to server success")
        say("2026-01-01 00:00:00.100 [I] [client/proxy/proxy_manager.go:173] [dingconsole] start proxy success")
    elif style == "plain":
        say(f"your url is: {url}")
    # silent: nothing


async def pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()


async def handle(client_r, client_w):
    try:
        up_r, up_w = await asyncio.open_connection("127.0.0.1", target)
    except OSError:
        client_w.close()
        return
    if xff:
        first = await client_r.readline()
        up_w.write(first + b"X-Forwarded-For: " + xff + b"\r\n")
    await asyncio.gather(pipe(client_r, up_w), pipe(up_r, client_w))


async def main():
    if os.environ.get("FAKE_EXIT"):
        say("ERR failed to connect to the edge: authentication failed")
        sys.exit(3)
    url = os.environ.get("FAKE_URL", "")
    if os.environ.get("FAKE_FORWARD"):
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    announce(url)
    if stall_after:  # alive, but the public side stops answering (a tunnel whose edge went away)
        await asyncio.sleep(stall_after)
        server.close()
    if die_after:
        await asyncio.sleep(die_after)
        say("ERR connection to the edge lost")
        sys.exit(1)
    await asyncio.sleep(3600)


asyncio.run(main())
"""


def install(bin_dir: Path, name: str) -> Path:
    """Write the fake as an executable `name` in bin_dir (put bin_dir first on PATH)."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    path = bin_dir / name
    path.write_text(f"#!{sys.executable}\n{FAKE_SOURCE}", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def path_with(bin_dir: Path) -> str:
    return f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"
