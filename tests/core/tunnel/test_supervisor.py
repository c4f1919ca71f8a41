"""The tunnel supervisor against fake tunnel tools (real processes, real sockets, loopback only)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from aiohttp import web

from dingconsole.core.listener import Listener
from dingconsole.core.listener.status_page import BARE_STATUS_PAGE
from dingconsole.core.profiles import Profile
from dingconsole.core.tunnel import Timing, TunnelEvent, TunnelSettings, TunnelSupervisor
from tests.core.tunnel.fakes import install
from tests.listener_util import send

FAST = Timing(url_timeout=5.0, verify_timeout=3.0, verify_window=3.0, verify_every=0.2, check_every=0.5, backoff=(0.1,))


class Events:
    def __init__(self) -> None:
        self.seen: list[TunnelEvent] = []
        self._cond = threading.Condition()

    def __call__(self, event: TunnelEvent) -> None:
        with self._cond:
            self.seen.append(event)
            self._cond.notify_all()

    def wait(self, test: Callable[[TunnelEvent], bool], timeout: float = 15.0) -> TunnelEvent:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                hit = next((e for e in self.seen if test(e)), None)
                if hit is not None:
                    return hit
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no such event within {timeout} s; seen: {self.seen}")
                self._cond.wait(left)

    def states(self) -> list[str]:
        with self._cond:
            return [e.state for e in self.seen]


@pytest.fixture
def run(listener: Listener, profile: Profile) -> Iterator[Callable[[TunnelSettings], tuple[TunnelSupervisor, Events]]]:
    started: list[TunnelSupervisor] = []

    def start(settings: TunnelSettings) -> tuple[TunnelSupervisor, Events]:
        events = Events()
        path = f"{listener.path}/{profile.name}"
        supervisor = TunnelSupervisor(settings, listener, path, events, FAST)
        supervisor.start()
        started.append(supervisor)
        return supervisor, events

    yield start
    for supervisor in started:
        supervisor.stop()


def test_forwarding_tunnel_is_detected_verified_and_its_requests_are_strangers(
    bin_dir: Path, monkeypatch: pytest.MonkeyPatch, run, listener: Listener, profile: Profile
) -> None:
    install(bin_dir, "ngrok")
    monkeypatch.setenv("FAKE_STYLE", "ngrok")
    monkeypatch.setenv("FAKE_FORWARD", "1")
    monkeypatch.setenv("FAKE_XFF", "203.0.113.7")
    captured: list = []
    listener.add_observer(captured.append)
    supervisor, events = run(TunnelSettings(preset="ngrok"))
    up = events.wait(lambda e: e.state == "up")
    assert up.public_url.startswith("http://127.0.0.1:")
    assert up.callback_url == f"{up.public_url}/api/callback/{profile.name}"
    events.wait(lambda e: e.state == "verified")
    # A browser through the tunnel naming a loopback Host: still a stranger (the tunnel's header says so).
    status, body = send("GET", up.callback_url, headers={"Host": "localhost"})
    assert status == 200 and body == BARE_STATUS_PAGE
    assert profile.owner_key.encode() not in body
    # The same listener, asked locally, shows the details: the difference is the tunnel, not the path.
    _, local = send("GET", listener.urls()[profile.name])
    assert profile.owner_key.encode() in local
    assert captured[-2].remote == "203.0.113.7"  # the client the tunnel named, not 127.0.0.1
    supervisor.stop()
    assert events.states()[-1] == "stopped"
    assert not listener.tunnel.hosts and not listener.tunnel.forwards


def test_tunnel_host_alone_makes_a_stranger_when_the_tool_adds_no_header(
    bin_dir: Path, monkeypatch: pytest.MonkeyPatch, run, profile: Profile
) -> None:
    """A custom command that only forwards bytes (like ssh -R): the public host it names is a stranger's,
    even though it is 127.0.0.1 here and the peer is loopback."""
    fake = install(bin_dir, "mytunnel")
    monkeypatch.setenv("FAKE_FORWARD", "1")
    supervisor, events = run(TunnelSettings(preset=f"{fake} {{port}}"))
    up = events.wait(lambda e: e.state == "up")
    events.wait(lambda e: e.state == "verified")
    status, body = send("GET", up.callback_url)
    assert status == 200 and body == BARE_STATUS_PAGE


def test_url_that_points_elsewhere_is_not_verified(bin_dir: Path, monkeypatch: pytest.MonkeyPatch, run) -> None:
    async def hello(request: web.Request) -> web.Response:
        return web.Response(text="<html><body>DingConsole is listening</body></html>", content_type="text/html")

    other = _serve(hello)
    try:
        install(bin_dir, "cpolar")
        monkeypatch.setenv("FAKE_STYLE", "plain")
        monkeypatch.setenv("FAKE_URL", other.url)
        supervisor, events = run(TunnelSettings(preset=f"{bin_dir / 'cpolar'} {{port}}"))
        bad = events.wait(lambda e: e.state == "unreachable")
        assert bad.code == "not_this_listener"
        assert "verified" not in events.states()
        assert bad.tail and other.url in bad.tail[-1]
    finally:
        other.close()


def test_tunnel_that_dies_comes_back_with_a_new_url(
    bin_dir: Path, monkeypatch: pytest.MonkeyPatch, run, tmp_path: Path
) -> None:
    fake = install(bin_dir, "quick")
    monkeypatch.setenv("FAKE_FORWARD", "1")
    monkeypatch.setenv("FAKE_DIE_AFTER", "1.5")
    monkeypatch.setenv("FAKE_STATE", str(tmp_path / "runs"))
    supervisor, events = run(TunnelSettings(preset=f"{fake} {{port}}"))
    first = events.wait(lambda e: e.state == "up")
    events.wait(lambda e: e.state == "verified")
    died = events.wait(lambda e: e.state == "restarting")
    assert died.code == "exited" and died.retry_in == 0.1
    assert any("edge lost" in line for line in died.tail)
    again = events.wait(lambda e: e.state == "up" and e.public_url != first.public_url)
    assert again.previous_url == first.public_url  # the face says: change the URL in DingTalk
    events.wait(lambda e: e.state == "verified" and e.public_url == again.public_url)


def test_tunnel_that_stops_answering_is_restarted(
    bin_dir: Path, monkeypatch: pytest.MonkeyPatch, run, tmp_path: Path
) -> None:
    fake = install(bin_dir, "quick")
    monkeypatch.setenv("FAKE_FORWARD", "1")
    monkeypatch.setenv("FAKE_STALL_AFTER", "1.0")
    monkeypatch.setenv("FAKE_STATE", str(tmp_path / "runs"))
    supervisor, events = run(TunnelSettings(preset=f"{fake} {{port}}"))
    first = events.wait(lambda e: e.state == "verified")
    stalled = events.wait(lambda e: e.state == "restarting")
    assert stalled.code == "not_answering" and stalled.public_url == first.public_url
    again = events.wait(lambda e: e.state == "verified" and e.public_url != first.public_url)
    assert (tmp_path / "runs").read_text() == "2"
    assert again.callback_url.startswith(again.public_url)


def test_missing_tool_is_named_with_how_to_install_it(bin_dir: Path, monkeypatch: pytest.MonkeyPatch, run) -> None:
    monkeypatch.setenv("PATH", str(bin_dir))  # nothing installed
    supervisor, events = run(TunnelSettings(preset="cloudflared"))
    failed = events.wait(lambda e: e.state == "failed")
    assert failed.code == "tool_missing"
    assert "cloudflared is not installed" in failed.message
    assert "developers.cloudflare.com" in failed.hint
    events.wait(lambda e: e.state == "stopped")
    assert "restarting" not in events.states()


def test_tool_that_prints_no_url_times_out_with_its_last_lines(
    bin_dir: Path, monkeypatch: pytest.MonkeyPatch, listener: Listener, profile: Profile
) -> None:
    install(bin_dir, "cloudflared")
    monkeypatch.setenv("FAKE_STYLE", "frpc")  # prints lines, none of them a trycloudflare.com URL
    events = Events()
    timing = Timing(url_timeout=1.0, verify_window=0.5, backoff=(30.0,))
    supervisor = TunnelSupervisor(TunnelSettings(preset="cloudflared"), listener, "/api/callback", events, timing)
    supervisor.start()
    try:
        late = events.wait(lambda e: e.state == "restarting")
        assert late.code == "no_url"
        assert "no public URL within 1 s" in late.message
        assert any("start proxy success" in line for line in late.tail)
    finally:
        started = time.monotonic()
        supervisor.stop()
        assert time.monotonic() - started < 10  # the 30 s backoff does not hold up the stop
    assert events.states()[-1] == "stopped"


def test_tool_that_exits_at_once_says_why(bin_dir: Path, monkeypatch: pytest.MonkeyPatch, run) -> None:
    install(bin_dir, "ngrok")
    monkeypatch.setenv("FAKE_EXIT", "1")
    supervisor, events = run(TunnelSettings(preset="ngrok"))
    gone = events.wait(lambda e: e.state == "restarting")
    assert gone.code == "exited"
    assert "authentication failed" in gone.tail[-1]


class _Server:
    def __init__(self, runner: web.AppRunner, loop_thread: threading.Thread, loop, url: str) -> None:
        self.runner, self.thread, self.loop, self.url = runner, loop_thread, loop, url

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()


def _serve(handler) -> _Server:
    """Another HTTP server on loopback: what a stale tunnel URL may point at."""
    loop = asyncio.new_event_loop()
    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", handler)
    runner = web.AppRunner(app)

    async def setup() -> str:
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        return f"http://127.0.0.1:{runner.addresses[0][1]}"

    url = loop.run_until_complete(setup())
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    return _Server(runner, thread, loop, url)
