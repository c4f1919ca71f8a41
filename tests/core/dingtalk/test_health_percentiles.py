"""ACK latency percentiles in the Stream health snapshot (what `stream --json` and the window's health line show)."""

from __future__ import annotations

import time

from dingconsole.core.dingtalk.health import StreamHealth, percentile


def test_nearest_rank_percentiles() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.5) == 50 and percentile(values, 0.9) == 90 and percentile(values, 0.99) == 99
    assert percentile([7.0], 0.99) == 7 and percentile([], 0.5) is None


def test_the_snapshot_reports_p50_p90_p99_of_recent_acks() -> None:
    health = StreamHealth()
    assert health.to_dict()["ack_ms_p50"] is None
    now = time.time()
    for ms in [10] * 90 + [500] * 9 + [3000]:
        health.acked(now - ms / 1000)
    snapshot = health.to_dict()
    assert 9 <= snapshot["ack_ms_p50"] < 60 and 9 <= snapshot["ack_ms_p90"] < 60
    assert 490 <= snapshot["ack_ms_p99"] < 560 and snapshot["ack_ms_max"] >= 2990
