"""Tunnel presets: how each tool is started for a local port, where its public URL comes from, what it needs.

How each tool reports its public URL (docs/TUNNELS.md has the sources):
- cloudflared quick tunnel: prints a box on stderr with `https://<words>.trycloudflare.com`
  (the first URL it prints is a link to Cloudflare's docs, so the pattern names trycloudflare.com);
- ngrok (v3): `--log stdout --log-format logfmt` prints `msg="started tunnel" ... url=https://…`;
  its local agent API (http://127.0.0.1:4040/api/tunnels, `public_url`) says the same;
- cpolar: an ngrok v2 fork; with `-log stdout` it prints the tunnel's `https://….cpolar.top`/`.cpolar.cn`;
- frpc and ssh print no URL: it is the user's own server, so the URL is given (or derived from the
  fields) and the tunnel counts as up when frpc says `start proxy success`, or ssh has not exited;
- custom: the first http(s):// URL the command prints, or a pattern, or a URL given by hand.
Secrets never go on the command line (`ps` shows it): frp's and cpolar's tokens go into a private
config file, ngrok's into its NGROK_AUTHTOKEN environment variable.
"""

from __future__ import annotations

import ipaddress
import json
import re
import shlex
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from dingconsole.core.atomic import write_atomic
from dingconsole.core.tunnel.errors import TunnelError
from dingconsole.core.tunnel.settings import TunnelSettings

FIRST_URL = r"https?://[^\s\"'<>|]+"


@dataclass(frozen=True)
class Preset:
    name: str
    tool: str  # the executable looked up on PATH
    install: str  # how to get it, named when it is missing
    needs: str  # what the user provides, for the README table and the faces
    url_pattern: str | None  # a regex whose group 1 (or whole match) is the URL; None: the URL is given
    forwards: bool  # the tunnel adds X-Forwarded-For (the listener records its client, treats it as a stranger)
    ready_pattern: str | None = None  # when the URL is given: the line that says the tunnel is up


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "ssh",
            "ssh",
            "the OpenSSH client: preinstalled on macOS and most Linux (else apt/dnf install openssh-client); "
            "Windows: Settings > Optional features > OpenSSH Client",
            "a server you can `ssh user@host` into with a key, and a free port on it; its sshd needs "
            "`GatewayPorts yes` (or `clientspecified`) or the port listens on the server's loopback only",
            None,
            forwards=False,
        ),
        Preset(
            "frpc",
            "frpc",
            "download frp from https://github.com/fatedier/frp/releases (frpc, v0.52 or later: TOML config)",
            "your frps server address and port, its auth token, and the public URL frps serves "
            "(a domain routed to frps's vhostHTTPPort, or http://IP:remotePort for a TCP proxy)",
            None,
            forwards=True,
            ready_pattern=r"start proxy success",
        ),
        Preset(
            "cloudflared",
            "cloudflared",
            "https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/downloads/ "
            "(brew install cloudflared; winget install Cloudflare.cloudflared)",
            "nothing: a quick tunnel needs no account (a new random URL at every start, no uptime guarantee)",
            r"(https://[-a-z0-9]+\.trycloudflare\.com)",
            forwards=True,
        ),
        Preset(
            "ngrok",
            "ngrok",
            "https://ngrok.com/download (brew install ngrok; choco install ngrok)",
            "an ngrok account's authtoken (saved here or in DINGCONSOLE_NGROK_AUTHTOKEN / NGROK_AUTHTOKEN, "
            "or in ngrok's own config)",
            r"url=(https?://\S+)",
            forwards=True,
        ),
        Preset(
            "cpolar",
            "cpolar",
            "https://www.cpolar.com/download",
            "a cpolar account's authtoken (saved here or in DINGCONSOLE_CPOLAR_AUTHTOKEN, or in cpolar's own config)",
            r"(https://[-a-z0-9.]+\.cpolar\.(?:top|cn|io|com))",
            forwards=True,
        ),
    )
}
CUSTOM = "custom"


@dataclass
class Launch:
    """One way to run the tunnel: the process to start and how to read its URL. Built per start."""

    preset: str
    argv: list[str]
    install: str = ""
    env: dict[str, str] = field(default_factory=dict)  # added to the environment (secrets go here, not argv)
    url_pattern: re.Pattern[str] | None = None
    public_url: str | None = None  # given by hand (or derived): no detection, only readiness
    ready_pattern: re.Pattern[str] | None = None
    forwards: bool = False
    files: list[Path] = field(default_factory=list)  # private config files, removed when the tunnel stops
    secrets: list[str] = field(default_factory=list)  # masked in every output line shown


def build(settings: TunnelSettings, port: int, workdir: Path) -> Launch:
    """The Launch for `settings.preset` (a preset name, or a command with `{port}`) and the listener's port.

    Raises TunnelError (missing_setting, bad_command, bad_pattern, tool_missing)."""
    name = settings.preset.strip()
    launch = _preset_launch(name, settings, port, workdir) if name in PRESETS else _custom(settings, port)
    if settings.url_pattern:
        launch.url_pattern = compile_pattern(settings.url_pattern)
    if settings.public_url:
        launch.public_url = settings.public_url.rstrip("/")
    if launch.public_url is not None:
        _check_url(launch.public_url)
    if shutil.which(launch.argv[0]) is None:
        raise TunnelError(
            "tool_missing",
            f"{launch.argv[0]} is not installed (not found on PATH)",
            f"install it: {launch.install}" if launch.install else "install it, or give its full path",
            tool=launch.argv[0],
            install=launch.install,
        )
    return launch


def compile_pattern(text: str) -> re.Pattern[str]:
    try:
        return re.compile(text)
    except re.error as exc:
        raise TunnelError("bad_pattern", f"the URL pattern is not a regular expression: {exc}", pattern=text) from None


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TunnelError("bad_url", f"{url!r} is not an http(s):// URL", "give it as https://host[:port]", url=url)


def _custom(settings: TunnelSettings, port: int) -> Launch:
    try:
        words = shlex.split(settings.preset)
    except ValueError as exc:
        raise TunnelError("bad_command", f"the tunnel command cannot be split into words: {exc}") from None
    if not words:
        raise TunnelError("bad_command", "no tunnel command given", "name a preset or a command with {port}")
    if not any("{port}" in w for w in words) and not settings.public_url:
        raise TunnelError(
            "bad_command",
            "the tunnel command has no {port} placeholder",
            "write {port} where the listener's port goes, e.g. `mytunnel http {port}`",
        )
    argv = [w.replace("{port}", str(port)) for w in words]
    return Launch(CUSTOM, argv, url_pattern=re.compile(FIRST_URL), forwards=settings.forwards)


def _need(value: str, what: str, preset: str) -> str:
    if not value.strip():
        raise TunnelError("missing_setting", f"the {preset} tunnel needs {what}", setting=what, preset=preset)
    return value.strip()


def _preset_launch(name: str, s: TunnelSettings, port: int, workdir: Path) -> Launch:
    p = PRESETS[name]
    launch = Launch(
        name,
        [p.tool],
        p.install,
        url_pattern=re.compile(p.url_pattern) if p.url_pattern else None,
        ready_pattern=re.compile(p.ready_pattern) if p.ready_pattern else None,
        forwards=p.forwards,
    )
    local = f"http://127.0.0.1:{port}"
    if name == "cloudflared":
        launch.argv += ["tunnel", "--no-autoupdate", "--url", local]
    elif name == "ngrok":
        launch.argv += ["http", local, "--log", "stdout", "--log-format", "logfmt"]
        token = s.secret("ngrok_authtoken")
        if token:
            launch.env["NGROK_AUTHTOKEN"] = token
            launch.secrets.append(token)
    elif name == "cpolar":
        launch.argv += ["http", str(port), "-log", "stdout"]
        token = s.secret("cpolar_authtoken")
        if token:
            # cpolar reads its authtoken from a YAML config; JSON strings are valid YAML scalars.
            launch.argv += ["-config", str(_private(workdir / "cpolar.yml", f"authtoken: {json.dumps(token)}\n"))]
            launch.files.append(workdir / "cpolar.yml")
            launch.secrets.append(token)
    elif name == "ssh":
        target = _need(s.ssh_target, "ssh_target (user@host)", name)
        remote_port = _need(s.remote_port, "remote_port (a free port on the server)", name)
        launch.argv += [
            "-N",
            "-o",
            "ExitOnForwardFailure=yes",
            "-o",
            "ServerAliveInterval=15",
            "-o",
            "ServerAliveCountMax=3",
            "-o",
            "BatchMode=yes",  # never a password prompt nobody sees: key authentication only
            "-R",
            f"0.0.0.0:{remote_port}:127.0.0.1:{port}",
            target,
        ]
        host = target.rsplit("@", 1)[-1]
        launch.public_url = f"http://{host}:{remote_port}"
    elif name == "frpc":
        config, tcp = _frpc_config(s, port, workdir / "frpc.toml")
        launch.argv += ["-c", str(config)]
        launch.forwards = not tcp  # frps's HTTP vhost adds X-Forwarded-For; a TCP proxy passes bytes only
        launch.files.append(workdir / "frpc.toml")
        token = s.secret("frp_token")
        if token:
            launch.secrets.append(token)
        launch.public_url = _need(s.public_url, "public_url (the URL frps serves)", name)
    return launch


def _frpc_config(s: TunnelSettings, port: int, path: Path) -> tuple[Path, bool]:
    """frpc's TOML: a TCP proxy when the public URL is an IP address with a port, an HTTP proxy (with the URL's
    host as custom domain) otherwise. TOML basic strings take JSON's escapes, so json.dumps quotes the values."""
    server = _need(s.frp_server, "frp_server (the frps address)", "frpc")
    public = urlsplit(_need(s.public_url, "public_url (the URL frps serves)", "frpc"))
    lines = [
        f"serverAddr = {json.dumps(server)}",
        f"serverPort = {int(s.frp_server_port or 7000)}",
        "loginFailExit = false",
    ]
    token = s.secret("frp_token")
    if token:
        lines += ['auth.method = "token"', f"auth.token = {json.dumps(token)}"]
    lines += ["", "[[proxies]]", 'name = "dingconsole"', 'localIP = "127.0.0.1"', f"localPort = {port}"]
    host = public.hostname or ""
    tcp = _is_ip(host) and public.port is not None
    if tcp:
        lines += ['type = "tcp"', f"remotePort = {public.port}"]
    else:
        lines += ['type = "http"', f"customDomains = [{json.dumps(host)}]"]
    return _private(path, "\n".join(lines) + "\n"), tcp


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _private(path: Path, text: str) -> Path:
    write_atomic(path, text.encode(), mode=0o600)
    return path
