"""A captured exchange as something to send again: its decrypted message (sealed afresh) or its exact bytes.

Shared by `send --capture` and the MCP `send` tool, so both refuse an undecrypted capture the same way.
"""

from __future__ import annotations

from dingconsole.core.exchange import Exchange, HttpRequest
from dingconsole.core.send.sender import SendError, replay_request


class NotDecrypted(SendError):
    code = "send_not_decrypted"


def resend_source(exchange: Exchange, *, replay_exact: bool = False) -> str | HttpRequest:
    """The message to re-seal, or (replay_exact) the captured request as it arrived."""
    if replay_exact:
        return replay_request(exchange.request)
    if exchange.message is None:
        raise NotDecrypted(
            f"exchange #{exchange.id} was never decrypted, so there is no message to re-seal",
            "Replay its exact bytes instead (send --replay-exact, or replay_exact in the MCP send tool).",
            id=exchange.id,
        )
    return exchange.message
