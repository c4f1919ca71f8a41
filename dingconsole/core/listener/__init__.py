"""The embedded callback listener: aiohttp on its own thread and loop, recording every request before it answers."""

from __future__ import annotations

from dingconsole.core.listener.policies import Policy
from dingconsole.core.listener.server import DEFAULT_PATH, Listener, ListenerError

__all__ = ["DEFAULT_PATH", "Listener", "ListenerError", "Policy"]
