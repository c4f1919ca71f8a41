"""The tunnel setting (one, global): which preset or command, its fields, and its tokens.

Kept in `tunnel.json` in the config directory beside `profiles.json`, written 0600 like every file with
secrets. Each token can come from the environment instead (it wins over the file), so it need not be
saved at all; output shows tokens masked.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from dingconsole.core.atomic import write_atomic
from dingconsole.core.paths import config_dir
from dingconsole.core.profiles import mask

FILE_NAME = "tunnel.json"
SECRET_ENV = {
    "frp_token": "DINGCONSOLE_FRP_TOKEN",
    "ngrok_authtoken": "DINGCONSOLE_NGROK_AUTHTOKEN",
    "cpolar_authtoken": "DINGCONSOLE_CPOLAR_AUTHTOKEN",
}


@dataclass
class TunnelSettings:
    preset: str = ""  # a preset name (ssh, frpc, cloudflared, ngrok, cpolar) or a command with {port}
    url_pattern: str = ""  # a regex for the URL in the output (group 1 or the whole match); "" = the default
    public_url: str = ""  # given by hand: no detection (frpc needs it; ssh derives it from its fields)
    forwards: bool = False  # a custom command whose tunnel sets X-Forwarded-For
    ssh_target: str = ""  # user@host
    remote_port: str = ""  # the port on the ssh server
    frp_server: str = ""
    frp_server_port: str = "7000"
    frp_token: str = ""
    ngrok_authtoken: str = ""
    cpolar_authtoken: str = ""

    def secret(self, name: str) -> str:
        """A token: its environment variable when set, else the saved value."""
        return os.environ.get(SECRET_ENV[name], "") or str(getattr(self, name))

    def masked(self) -> dict[str, Any]:
        data = asdict(self)
        for name in SECRET_ENV:
            data[name] = mask(self.secret(name))
        return data

    def update(self, values: dict[str, str]) -> None:
        """Set fields from `KEY=VALUE` pairs (the CLI's --tunnel-option); unknown keys raise KeyError."""
        known = {f.name: f for f in fields(self)}
        for key, value in values.items():
            if key not in known or key in SECRET_ENV:
                raise KeyError(key)
            setattr(self, key, value.lower() in ("1", "true", "yes") if key == "forwards" else value)


def settings_path() -> Path:
    return config_dir() / FILE_NAME


def load(path: Path | None = None) -> TunnelSettings:
    """The saved setting, or the defaults when there is none (or it is unreadable: the faces say so on save)."""
    path = path or settings_path()
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return TunnelSettings()
    if not isinstance(data, dict):
        return TunnelSettings()
    settings = TunnelSettings()
    for f in fields(settings):
        value = data.get(f.name)
        if isinstance(value, type(getattr(settings, f.name))):
            setattr(settings, f.name, value)
    return settings


def save(settings: TunnelSettings, path: Path | None = None) -> None:
    write_atomic(path or settings_path(), json.dumps(asdict(settings), indent=2).encode(), mode=0o600)
