"""Benchmark: push N events over HTTP into a running window; measure ingest, GUI stalls, startup, memory.

    QT_QPA_PLATFORM=offscreen python bench/gui_ingest.py [--events 10000] [--stored 100000]

Targets (issue 5): every row visible within 2 s of the last reply; no GUI-thread stall over 100 ms
(a 10 ms heartbeat QTimer measures the largest gap); with 100,000 stored events the window shows in
under 1.5 s. Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import tempfile
import threading
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["DINGCONSOLE_HOME"] = tempfile.mkdtemp(prefix="dingconsole-bench-")

import aiohttp  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QTimer  # noqa: E402

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome  # noqa: E402
from dingconsole.core.profiles import Profile, ProfileStore  # noqa: E402
from dingconsole.core.sender import seal_push, target_url  # noqa: E402
from dingconsole.core.store import EventStore  # noqa: E402
from dingconsole.gui.app import application  # noqa: E402
from dingconsole.gui.main_window import MainWindow  # noqa: E402

PROFILE = Profile("bench", "dingbenchappkey0001", "benchtoken", "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij")
CONCURRENCY = 64


class Heartbeat:
    """A 10 ms timer on the GUI thread; the largest gap between ticks is the worst stall."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.clock.start()
        self.last = 0
        self.max_gap = 0
        self.timer = QTimer()
        self.timer.timeout.connect(self.tick)
        self.timer.start(10)

    def tick(self) -> None:
        now = self.clock.elapsed()
        self.max_gap = max(self.max_gap, now - self.last)
        self.last = now

    def reset(self) -> None:
        self.last = self.clock.elapsed()
        self.max_gap = 0


async def _push_all(url: str, count: int, done: dict[str, float]) -> None:
    sem = asyncio.Semaphore(CONCURRENCY)
    async with aiohttp.ClientSession() as session:

        async def one(i: int) -> None:
            message = json.dumps({"EventType": "user_add_org", "UserId": [f"u{i}"], "eventId": f"bench{i}"})
            push = seal_push(message, PROFILE)
            async with sem, session.post(target_url(url, push), data=push.body) as reply:
                await reply.read()

        await asyncio.gather(*(one(i) for i in range(count)))
    done["last_reply"] = time.perf_counter()


def ingest(count: int) -> dict[str, float]:
    app = application()
    profiles = ProfileStore()
    profiles.add(PROFILE)
    window = MainWindow(profiles=profiles)
    window.show()
    window.controls.start()
    url = window.controls.current_url()
    heartbeat = Heartbeat()
    done: dict[str, float] = {}
    started = time.perf_counter()
    pusher = threading.Thread(target=lambda: asyncio.run(_push_all(url, count, done)))
    pusher.start()
    while window.model.rowCount() < count:
        app.processEvents()
        time.sleep(0.001)
    visible = time.perf_counter()
    pusher.join()
    window.events.table.scrollToBottom()
    app.processEvents()
    window.close()
    heartbeat.timer.stop()
    return {
        "push_s": done["last_reply"] - started,
        "rate": count / (done["last_reply"] - started),
        "visible_after_last_reply_s": max(visible - done["last_reply"], 0.0),
        "max_gui_gap_ms": float(heartbeat.max_gap),
    }


def startup(stored: int) -> dict[str, float]:
    app = application()
    store = EventStore()
    store.clear()
    now = time.time()
    batch = []
    for i in range(stored):
        message = json.dumps({"EventType": "check_url", "eventId": f"s{i}"})
        batch.append(
            Exchange(
                now - stored + i,
                HttpRequest(),
                "127.0.0.1",
                profile="bench",
                outcome=Outcome.OK,
                message=message,
                event_type="check_url",
                event_id=f"s{i}",
            )
        )
        if len(batch) == 10_000:
            store.add_many(batch, detect_repeats=False)
            batch = []
    if batch:
        store.add_many(batch, detect_repeats=False)
    store.close()
    begin = time.perf_counter()
    window = MainWindow()
    window.show()
    app.processEvents()
    shown = time.perf_counter() - begin
    heartbeat = Heartbeat()
    scroll_begin = time.perf_counter()
    bar = window.events.table.verticalScrollBar()
    for _ in range(40):  # scroll end to end, paging in as the view asks
        bar.setValue(bar.maximum())
        app.processEvents()
    scrolled = time.perf_counter() - scroll_begin
    rows = window.model.rowCount()
    window.close()
    return {
        "startup_s": shown,
        "scroll_40_pages_s": scrolled,
        "rows_paged_in": rows,
        "scroll_max_gap_ms": heartbeat.max_gap,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--stored", type=int, default=100_000)
    args = parser.parse_args()
    results = {**ingest(args.events), **startup(args.stored)}
    results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'measure':<30} {'value':>12}")
    for key, value in results.items():
        print(f"{key:<30} {value:>12.2f}")


if __name__ == "__main__":
    main()
