"""Drive the tunnel the user already has (ssh, frpc, cloudflared, ngrok, cpolar or any command): start it
after the listener, find its public URL, verify it reaches the listener, restart it when it dies."""

from __future__ import annotations

from dingconsole.core.tunnel.errors import TunnelError
from dingconsole.core.tunnel.presets import CUSTOM, PRESETS, Launch, Preset, build
from dingconsole.core.tunnel.settings import TunnelSettings, load, save
from dingconsole.core.tunnel.supervisor import Timing, TunnelEvent, TunnelSupervisor
from dingconsole.core.tunnel.verify import Verification, verify

__all__ = [
    "CUSTOM",
    "PRESETS",
    "Launch",
    "Preset",
    "Timing",
    "TunnelError",
    "TunnelEvent",
    "TunnelSettings",
    "TunnelSupervisor",
    "Verification",
    "build",
    "load",
    "save",
    "verify",
]
