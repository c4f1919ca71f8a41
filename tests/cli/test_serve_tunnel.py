"""`serve --tunnel`: the public URL, the verification result, a missing tool, and a clean stop."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from dingconsole.commands import serve
from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.core.tunnel import Timing, TunnelSupervisor
from tests.cli_runner import Cli, Live
from tests.core.tunnel.fakes import install
from tests.listener_util import make_profile, send


@pytest.fixture
def profile() -> Profile:
    p = make_profile("shop")
    ProfileStore().add(p)
    return p


def test_serve_prints_the_public_url_and_verifies_it(
    profile: Profile, cli: Cli, bin_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install(bin_dir, "ngrok")
    monkeypatch.setenv("FAKE_STYLE", "ngrok")
    monkeypatch.setenv("FAKE_FORWARD", "1")
    monkeypatch.setenv("FAKE_XFF", "203.0.113.7")
    monkeypatch.setenv("DINGCONSOLE_NGROK_AUTHTOKEN", "ngrok-token-0123456789")
    seen: dict[str, str] = {}

    def talk(live: Live) -> None:
        assert live.line().startswith("listening on http://127.0.0.1:")
        public = live.line()
        assert public.startswith("public URL: http://127.0.0.1:") and public.endswith("/api/callback/shop"), public
        seen["url"] = public.split("public URL: ", 1)[1]
        lines = [live.line(20) for _ in range(2)]  # the check's own GET is recorded and printed too
        assert f"tunnel: verified: {seen['url']} reaches this listener" in lines, lines
        assert any("GET /api/callback/shop (status page)" in line for line in lines)
        status, body = send("GET", seen["url"], headers={"Host": "localhost"})
        assert status == 200 and profile.owner_key.encode() not in body

    ran = cli.live("serve", "--tunnel", "ngrok", body=talk)
    assert ran.returncode == 0, ran.stderr
    assert "tunnel: starting ngrok" in ran.stderr and "tunnel: tunnel stopped" in ran.stderr
    assert "ngrok-token-0123456789" not in ran.stdout + ran.stderr
    with pytest.raises(OSError):  # the tunnel is gone with the listener
        send("GET", seen["url"])


def test_serve_with_a_tool_that_is_not_installed_says_how_to_get_it(
    profile: Profile, cli: Cli, bin_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(bin_dir))
    ran = cli("serve", "--tunnel", "cloudflared")
    assert ran.returncode == 2
    assert "cloudflared is not installed" in ran.stderr and "developers.cloudflare.com" in ran.stderr
    assert ran.stdout == ""  # refused before listening


def test_serve_reports_a_url_that_does_not_reach_it(
    profile: Profile, cli: Cli, bin_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = install(bin_dir, "mytunnel")
    monkeypatch.setenv("FAKE_STYLE", "silent")
    quick = Timing(verify_timeout=2.0, verify_window=1.0, verify_every=0.2)  # not 20 s of retries
    monkeypatch.setattr(serve, "TunnelSupervisor", functools.partial(TunnelSupervisor, timing=quick))

    def talk(live: Live) -> None:
        live.line()
        assert live.line() == "public URL: http://127.0.0.1:9/api/callback/shop"  # port 9: nobody listens
        assert live.line(40).startswith("tunnel: not reachable: http://127.0.0.1:9/api/callback/shop:")

    ran = cli.live("serve", "--tunnel", f"{fake} {{port}}", "--public-url", "http://127.0.0.1:9", body=talk)
    assert ran.returncode == 0, ran.stderr


def test_bad_tunnel_options_are_usage_errors(profile: Profile, cli: Cli, bin_dir: Path) -> None:
    install(bin_dir, "ssh")
    assert "needs ssh_target" in cli("serve", "--tunnel", "ssh").stderr
    ran = cli("serve", "--tunnel", "ssh", "--tunnel-option", "frp_token=x")
    assert ran.returncode == 2 and "no field 'frp_token'" in ran.stderr
    assert "no {port} placeholder" in cli("serve", "--tunnel", "mytunnel http").stderr
