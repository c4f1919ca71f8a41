"""Presets: the command each tool gets, where its secrets go, and how its URL is read from its real output."""

from __future__ import annotations

import stat
import threading
from pathlib import Path

import pytest

from dingconsole.core.tunnel import TunnelError, TunnelSettings, build, load, save
from dingconsole.core.tunnel.process import TunnelProcess
from tests.core.tunnel.fakes import install, path_with

TOKEN = "s3cr3t-token-0123456789"


@pytest.fixture
def bin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "bin"
    for tool in ("ssh", "frpc", "cloudflared", "ngrok", "cpolar"):
        install(path, tool)
    monkeypatch.setenv("PATH", path_with(path))
    return path


def detect(settings: TunnelSettings, tmp_path: Path, style: str, monkeypatch: pytest.MonkeyPatch, url: str) -> str:
    monkeypatch.setenv("FAKE_STYLE", style)
    monkeypatch.setenv("FAKE_URL", url)
    process = TunnelProcess(build(settings, 41723, tmp_path))
    process.start()
    try:
        return process.wait_url(5.0, threading.Event())
    finally:
        process.stop()


@pytest.mark.parametrize(
    ("preset", "style", "printed"),
    [
        ("cloudflared", "cloudflared", "https://oklahoma-solo-younger-truck.trycloudflare.com"),
        ("ngrok", "ngrok", "https://1a2b-203-0-113-7.ngrok-free.app"),
        ("cpolar", "cpolar", "https://5d6a7e3.r6.cpolar.top"),
    ],
)
def test_url_read_from_what_the_real_tool_prints(
    bin_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, preset: str, style: str, printed: str
) -> None:
    assert detect(TunnelSettings(preset=preset), tmp_path, style, monkeypatch, printed) == printed


def test_cloudflared_skips_the_docs_link_it_prints_first(
    bin_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = detect(
        TunnelSettings(preset="cloudflared"), tmp_path, "cloudflared", monkeypatch, "https://a-b.trycloudflare.com"
    )
    assert "developers.cloudflare.com" not in url


def test_custom_command_takes_the_first_url_or_a_pattern(
    bin_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    command = f"{bin_dir / 'cpolar'} http {{port}}"
    plain = detect(TunnelSettings(preset=command), tmp_path, "plain", monkeypatch, "http://x.example:8080")
    assert plain == "http://x.example:8080"
    settings = TunnelSettings(preset=command, url_pattern=r"url=(\S+)")
    assert detect(settings, tmp_path, "ngrok", monkeypatch, "https://y.example") == "https://y.example"


def test_frpc_gets_a_private_config_with_the_token_not_a_flag(bin_dir: Path, tmp_path: Path) -> None:
    settings = TunnelSettings(
        preset="frpc", frp_server="frp.example.com", frp_token=TOKEN, public_url="http://hook.example.com"
    )
    launch = build(settings, 41723, tmp_path)
    assert TOKEN not in " ".join(launch.argv)
    config = Path(launch.argv[launch.argv.index("-c") + 1])
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    text = config.read_text()
    assert f'auth.token = "{TOKEN}"' in text
    assert 'customDomains = ["hook.example.com"]' in text and "localPort = 41723" in text
    assert launch.public_url == "http://hook.example.com" and launch.forwards
    tcp = build(TunnelSettings(preset="frpc", frp_server="1.2.3.4", public_url="http://1.2.3.4:6000"), 1, tmp_path)
    assert "remotePort = 6000" in Path(tcp.argv[-1]).read_text() and not tcp.forwards


def test_frpc_is_up_when_it_says_start_proxy_success(
    bin_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = TunnelSettings(preset="frpc", frp_server="frp.example.com", public_url="http://hook.example.com/")
    assert detect(settings, tmp_path, "frpc", monkeypatch, "") == "http://hook.example.com"


def test_ngrok_and_cpolar_tokens_go_by_environment_and_config_file(
    bin_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DINGCONSOLE_NGROK_AUTHTOKEN", TOKEN)
    ngrok = build(TunnelSettings(preset="ngrok"), 41723, tmp_path)
    assert ngrok.env == {"NGROK_AUTHTOKEN": TOKEN} and TOKEN not in " ".join(ngrok.argv)
    cpolar = build(TunnelSettings(preset="cpolar", cpolar_authtoken=TOKEN), 41723, tmp_path)
    assert TOKEN not in " ".join(cpolar.argv)
    config = Path(cpolar.argv[cpolar.argv.index("-config") + 1])
    assert config.read_text() == f'authtoken: "{TOKEN}"\n'
    assert stat.S_IMODE(config.stat().st_mode) == 0o600


def test_a_token_the_tool_echoes_is_masked_in_its_output(
    bin_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DINGCONSOLE_NGROK_AUTHTOKEN", TOKEN)
    monkeypatch.setenv("FAKE_STYLE", "plain")
    monkeypatch.setenv("FAKE_URL", f"https://example.com/?token={TOKEN}")
    process = TunnelProcess(build(TunnelSettings(preset="ngrok", url_pattern="never"), 1, tmp_path))
    process.start()
    try:
        with pytest.raises(TunnelError) as raised:
            process.wait_url(1.0, threading.Event())
    finally:
        process.stop()
    assert raised.value.code == "no_url"
    assert raised.value.tail and all(TOKEN not in line for line in raised.value.tail)


def test_ssh_reverse_tunnel_command_and_url(bin_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = TunnelSettings(preset="ssh", ssh_target="me@dev.example.com", remote_port="8080")
    launch = build(settings, 41723, tmp_path)
    assert launch.argv[-3:] == ["-R", "0.0.0.0:8080:127.0.0.1:41723", "me@dev.example.com"]
    assert "BatchMode=yes" in launch.argv and "ExitOnForwardFailure=yes" in launch.argv
    assert launch.public_url == "http://dev.example.com:8080" and not launch.forwards
    # ssh prints nothing when the forward works: up once it has stayed alive a moment
    assert detect(settings, tmp_path, "silent", monkeypatch, "") == "http://dev.example.com:8080"
    with pytest.raises(TunnelError) as missing:
        build(TunnelSettings(preset="ssh"), 1, tmp_path)
    assert missing.value.code == "missing_setting"


def test_bad_commands_and_patterns_are_refused(bin_dir: Path, tmp_path: Path) -> None:
    for settings, code in (
        (TunnelSettings(preset="mytunnel --no-port"), "bad_command"),
        (TunnelSettings(preset='mytunnel "{port}'), "bad_command"),
        (TunnelSettings(preset="cloudflared", url_pattern="(unclosed"), "bad_pattern"),
        (TunnelSettings(preset="cloudflared", public_url="ftp://x"), "bad_url"),
        (TunnelSettings(preset="no-such-tool-here {port}"), "tool_missing"),
    ):
        with pytest.raises(TunnelError) as raised:
            build(settings, 1, tmp_path)
        assert raised.value.code == code, settings


def test_settings_file_is_private_and_env_tokens_win(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "tunnel.json"
    save(TunnelSettings(preset="frpc", frp_token=TOKEN), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    loaded = load(path)
    assert loaded.preset == "frpc" and loaded.secret("frp_token") == TOKEN
    assert TOKEN not in str(loaded.masked())
    monkeypatch.setenv("DINGCONSOLE_FRP_TOKEN", "from-env-0123")
    assert loaded.secret("frp_token") == "from-env-0123"
