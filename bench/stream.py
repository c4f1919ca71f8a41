"""Benchmark: Stream mode against the stand-in gateway — how long a documented `disconnect` costs, and ACK latency.

The issue's target: after a `disconnect` a new connection within 1 s (the previous client waited ~11 s).
ACK latency is measured from the frame's arrival to the ACK leaving (store commit in between; with the
bridge, the handler's reply too), against the 1500 ms a DingTalk HTTP push allows its handler.
The rounds follow each other at once; more than 5 disconnects within 10 s are a storm that the client
paces on purpose (stream_protocol.Pacer), so the default stays at 5 routine rebalances.

    python bench/stream.py [--rounds 5] [--events 300] [--slow 2.0]

The last rows show the concurrent handling of EVENT frames: one event's --forward target answers only
after --slow seconds, the nine sent right after it are answered at once; the ACK latency of those nine
is measured at the gateway with one frame at a time (concurrency 1, the console before) and with the
client's default bound.

Prints a table with the measured values and their ratio to the target.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dingconsole.core.dingtalk.bridge import StreamBridge  # noqa: E402
from dingconsole.core.dingtalk.stream import DEFAULT_CONCURRENCY, Backoff, StreamClient  # noqa: E402
from dingconsole.core.store import EventStore  # noqa: E402
from tests.dingtalk_standin import PROFILE, Gateway, event_frame, running, wait_until  # noqa: E402
from tests.send_stubs import StubHandler, serve  # noqa: E402


def disconnect_gaps(gateway: Gateway, rounds: int) -> list[float]:
    """Seconds from each documented disconnect to the next socket being accepted by the gateway."""
    gaps = []
    for n in range(rounds):
        sent = time.monotonic()
        gateway.disconnect(close_after=10.0)
        wait_until(lambda n=n: gateway.connections == n + 2, 10, "reconnect")
        gaps.append(gateway.opened_at[n + 1] - sent)
    return gaps


def deliver(gateway: Gateway, events: int, prefix: str) -> None:
    """Send events one at a time, each after the previous ACK (the client's health records the latency)."""
    for i in range(events):
        gateway.send(event_frame({"EventType": "check_in"}, event_id=f"{prefix}{i}", message_id=f"{prefix}m{i}"))
        gateway.wait_ack(f"{prefix}m{i}")


def slow_neighbour_latency(store: EventStore, slow: float, concurrency: int, rounds: int = 3) -> list[float]:
    """ACK latency (ms, seen at the gateway) of the events sent right after one whose handler is slow."""
    latencies: list[float] = []
    handler = StubHandler(profile=PROFILE)
    handler.slow_marker, handler.slow_seconds = "slow-one", slow
    with running(Gateway()) as gateway, serve(handler) as url:
        bridge = StreamBridge(url, PROFILE, timeout=slow + 5)
        client = StreamClient(
            store, PROFILE, gateway_base=gateway.base, ip="", forwarder=bridge, concurrency=concurrency
        )
        client.start()
        for r in range(rounds):
            sent: dict[str, float] = {}
            gateway.send(event_frame({"EventType": "check_in", "note": "slow-one"}, message_id=f"c{concurrency}s{r}"))
            for i in range(9):
                sent[f"c{concurrency}r{r}f{i}"] = time.monotonic()
                gateway.send(event_frame({"EventType": "check_in"}, message_id=f"c{concurrency}r{r}f{i}"))
            pending = dict(sent)
            while pending:
                for mid in [m for m in pending if gateway.acks_for(m)]:
                    latencies.append((time.monotonic() - pending.pop(mid)) * 1000)
                time.sleep(0.002)
            gateway.wait_ack(f"c{concurrency}s{r}", timeout=slow + 10)
        client.stop()
    return latencies


def run(rounds: int, events: int, slow: float = 2.0) -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp, EventStore(Path(tmp) / "bench.db") as store:
        with running(Gateway()) as gateway:
            client = StreamClient(store, PROFILE, gateway_base=gateway.base, backoff=Backoff(0.05, 2, 0.2), ip="")
            client.start()
            gaps = disconnect_gaps(gateway, rounds)
            deliver(gateway, events, "plain")
            plain = client.health.to_dict()
            client.stop()
        rows.append(("disconnect → new connection, p50 (s)", statistics.median(gaps), 1.0))
        rows.append(("disconnect → new connection, max (s)", max(gaps), 1.0))
        rows.append(("ACK after commit, average (ms)", plain["ack_ms_avg"], 1500.0))
        rows.append(("ACK after commit, max (ms)", plain["ack_ms_max"], 1500.0))
        with running(Gateway()) as gateway, serve(StubHandler(profile=PROFILE)) as url:
            client = StreamClient(
                store, PROFILE, gateway_base=gateway.base, ip="", forwarder=StreamBridge(url, PROFILE)
            )
            client.start()
            deliver(gateway, events // 3, "bridged")
            bridged = client.health.to_dict()
            client.stop()
        rows.append(("ACK after the bridged handler, average (ms)", bridged["ack_ms_avg"], 1500.0))
        rows.append(("ACK after the bridged handler, max (ms)", bridged["ack_ms_max"], 1500.0))
        before = slow_neighbour_latency(store, slow, concurrency=1)
        after = slow_neighbour_latency(store, slow, concurrency=DEFAULT_CONCURRENCY)
        rows.append(("ACK beside a slow handler, one at a time, p50 (ms)", statistics.median(before), 1500.0))
        rows.append(("ACK beside a slow handler, one at a time, max (ms)", max(before), 1500.0))
        rows.append(("ACK beside a slow handler, concurrent, p50 (ms)", statistics.median(after), 1500.0))
        rows.append(("ACK beside a slow handler, concurrent, max (ms)", max(after), 1500.0))
    print(f"{'measure':52} {'value':>10} {'target':>10} {'ratio':>8}")
    for name, value, target in rows:
        print(f"{name:52} {value:10.3f} {target:10.1f} {value / target:8.3f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--slow", type=float, default=2.0, help="seconds the slow forward target takes")
    options = parser.parse_args()
    run(options.rounds, options.events, options.slow)
