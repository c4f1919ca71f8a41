"""What a user needs to trust a Stream connection: state, since when, where, why it reconnected, ACK speed.

`StreamHealth` is filled on the client thread and read (as a snapshot dict) by the CLI's `--json`
status lines and the window's health line. Reasons are stable codes; the GUI translates them.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

# reconnect reason codes (the GUI renders each in the user's language)
REASONS = ("disconnect", "closed", "silent", "error", "transient", "retry")
KEEP_RECONNECTS = 20
KEEP_LATENCIES = 1000  # the percentiles are over the last this many ACKs


def percentile(values: list[float], share: float) -> float | None:
    """The nearest-rank percentile (share 0..1) of `values`, or None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    rank = math.ceil(round(share * len(ordered), 9))  # rounded first: 0.99 * 100 is 99.00000000000001
    return ordered[min(len(ordered), max(1, rank)) - 1]


@dataclass
class StreamHealth:
    state: str = "stopped"
    connected_since: float | None = None
    endpoint: str = ""
    connections: int = 0
    reconnects: int = 0
    recent: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=KEEP_RECONNECTS))
    last_ping: float | None = None
    pings: int = 0
    events: int = 0
    callbacks: int = 0
    duplicates: int = 0
    acks: int = 0
    later: int = 0
    ack_ms_last: float | None = None
    ack_ms_total: float = 0.0
    ack_ms_max: float = 0.0
    last_error: str = ""
    latencies: deque[float] = field(default_factory=lambda: deque(maxlen=KEEP_LATENCIES), repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def connected(self, endpoint: str) -> None:
        with self._lock:
            self.connections += 1
            self.endpoint = endpoint
            self.connected_since = time.time()

    def reconnecting(self, reason: str, detail: str = "") -> None:
        """Count one reconnect and remember why (`reason` is one of REASONS)."""
        with self._lock:
            self.reconnects += 1
            self.connected_since = None
            self.recent.append({"at": time.time(), "reason": reason, "detail": detail})
            if detail:
                self.last_error = detail

    def acked(self, received_at: float, later: bool = False) -> None:
        """One EVENT/CALLBACK ACK sent; latency is from the frame's arrival to the ACK's send."""
        elapsed = max(0.0, (time.time() - received_at) * 1000)
        with self._lock:
            self.acks += 1
            self.later += int(later)
            self.ack_ms_last = elapsed
            self.ack_ms_total += elapsed
            self.ack_ms_max = max(self.ack_ms_max, elapsed)
            self.latencies.append(elapsed)

    def to_dict(self) -> dict[str, Any]:
        with self._lock:
            recent = list(self.latencies)
            shares = {"ack_ms_p50": 0.5, "ack_ms_p90": 0.9, "ack_ms_p99": 0.99}
            tiles = {key: percentile(recent, share) for key, share in shares.items()}
            return {
                "state": self.state,
                "connected_since": self.connected_since,
                "endpoint": self.endpoint,
                "connections": self.connections,
                "reconnects": self.reconnects,
                "recent_reconnects": list(self.recent),
                "last_ping": self.last_ping,
                "pings": self.pings,
                "events": self.events,
                "callbacks": self.callbacks,
                "duplicates": self.duplicates,
                "acks": self.acks,
                "later": self.later,
                "ack_ms_last": None if self.ack_ms_last is None else round(self.ack_ms_last, 1),
                "ack_ms_avg": round(self.ack_ms_total / self.acks, 1) if self.acks else None,
                "ack_ms_max": round(self.ack_ms_max, 1),
                **{key: None if value is None else round(value, 1) for key, value in tiles.items()},
                "last_error": self.last_error,
            }
