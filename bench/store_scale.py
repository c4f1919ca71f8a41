"""Benchmark: the event store at scale — search, filters, paging, import, size, and the window over it.

    QT_QPA_PLATFORM=offscreen python bench/store_scale.py [--n 1000000] [--keep DIR]

Builds a realistic store of N exchanges (approval pushes with Chinese titles and ~1.3 KB sealed bodies,
a mix of types and outcomes, as the listener records them) by writing a JSON Lines export and importing
it through the bulk importer, then measures each goal of issue 15 beside today's approach on the same
data in the same run (a LIKE scan ordered by time; the old import: the whole file read, then one
add_many, no search index). Prints a table with ratios; asserts nothing.

Window rows: the real MainWindow over the built store, offscreen. "Longest GUI stall while typing" is
the largest gap of a 5 ms heartbeat timer while a search is typed a character at a time (120 ms apart);
today's approach ran the query on the GUI thread, so its stall is the LIKE query's own time.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["DINGCONSOLE_HOME"] = tempfile.mkdtemp(prefix="dingconsole-scale-home-")  # never the user's settings
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome, Transport  # noqa: E402
from dingconsole.core.export.bulk import import_stream  # noqa: E402
from dingconsole.core.export.formats import exchange_record  # noqa: E402
from dingconsole.core.profiles import Profile  # noqa: E402
from dingconsole.core.store import EventFilter, EventStore  # noqa: E402
from dingconsole.core.store.rows import SELECT, from_row  # noqa: E402

PROFILE = Profile("bench", "dingbenchappkey0001", "benchtoken", "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij")
RARE = "zebracorn"  # in 12 events of the whole store
NAME = "周九"  # one of 240 applicants: ~0.4 % of the events
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张"
GIVEN = "一二三四五六七八九十伟芳娜敏静丽强磊军洋"
KINDS = ["请假", "报销", "出差", "采购", "用印", "加班", "合同审批", "付款"]
TYPES = [("bpms_instance_change", 60), ("bpms_task_change", 25), ("user_modify_org", 10), ("chat_update_title", 5)]


def _names() -> list[str]:
    pool = [s + g for s in SURNAMES for g in GIVEN[:10]]
    random.Random(7).shuffle(pool)
    return pool[:240]


def _message(rng: random.Random, i: int, kind: str, name: str) -> dict[str, Any]:
    instance = f"{rng.getrandbits(64):016x}-{i:08d}"
    msg: dict[str, Any] = {
        "EventType": kind,
        "eventId": f"evt{rng.getrandbits(48):012x}{i:07d}",
        "corpId": "ding5f1e0c3a7b2d9e41",
        "processInstanceId": instance,
        "createTime": 1_732_000_000_000 + i * 1000,
        "title": f"{name}提交的{rng.choice(KINDS)}申请",
        "staffId": f"manager{rng.randrange(10000):04d}",
        "type": rng.choice(["start", "finish", "comment"]),
        "result": rng.choice(["agree", "refuse", ""]),
        "url": "https://aflow.dingtalk.com/dingtalk/mobile/homepage.htm?corpid=ding5f1e0c3a7b2d9e41"
        f"&dd_share=false&showmenu=true&procInstId={instance}&swfrom=isv&dinghash=approval#approval",
        "processCode": f"PROC-{rng.getrandbits(40):010X}-{rng.getrandbits(40):010X}",
        "businessId": f"2026{rng.getrandbits(50):015d}",
        "remark": f"{rng.choice(KINDS)}说明：第{i % 97}项，金额{rng.randrange(100, 99999)}元",
    }
    return msg


def build_export(n: int, path: Path) -> None:
    """N exchange records (as `export --format jsonl` writes them), sealed like real pushes."""
    rng = random.Random(42)
    names = _names()
    weights = [w for _, w in TYPES]
    kinds = [k for k, _ in TYPES]
    rare_at = set(rng.sample(range(n), min(12, n)))
    crypto = PROFILE.crypto()
    reply = b'{"msg_signature":"074e4b81c93515e8986b3b1387129bad791a7c15","timeStamp":"1795900377487",' \
        b'"nonce":"WOBMa2pD","encrypt":"S77Z1XZUOCcJL3Uw+NEdM6DFIzrHOCC4C9D98NXP51Re9YO/4nb0frUqRzW3cA2kP/uB4cJ' \
        b'trspRN7S7zvI6Bg=="}'  # fmt: skip
    start = time.time() - 20 * 86400  # the last 20 days: inside the default 30-day age cap
    step = 20 * 86400 / max(n, 1)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            kind = rng.choices(kinds, weights)[0]
            msg = _message(rng, i, kind, rng.choice(names))
            if i in rare_at:
                msg["remark"] += f" {RARE}"
            text = json.dumps(msg, ensure_ascii=False)
            stamp = str(int((start + i * step) * 1000))
            sealed = crypto.seal(text, timestamp=stamp, nonce=f"{rng.getrandbits(40):010x}"[:8])
            request = HttpRequest(
                "POST",
                "/api/callback",
                {
                    "signature": sealed["msg_signature"],
                    "msg_signature": sealed["msg_signature"],
                    "timestamp": stamp,
                    "nonce": sealed["nonce"],
                },
                {
                    "Host": "127.0.0.1:8080",
                    "User-Agent": "Go-http-client/1.1",
                    "Content-Type": "application/json; charset=utf-8",
                },
                ('{"encrypt":"' + sealed["encrypt"] + '"}').encode("ascii"),
            )  # what seal_push builds, with one DingCrypto for the whole run
            roll = rng.random()
            outcome = Outcome.OK if roll < 0.95 else Outcome.FAILED if roll < 0.98 else Outcome.INVALID
            ex = Exchange(
                received_at=start + i * step,
                request=request,
                remote="203.119.206.74",
                transport=Transport.HTTP,
                profile="bench",
                outcome=outcome,
                error_code=None if outcome is Outcome.OK else "signature_mismatch",
                error_message=None if outcome is Outcome.OK else "signature does not match: wrong token?",
                message=text if outcome is not Outcome.INVALID else None,
                event_type=kind,
                event_id=msg["eventId"],
                reply_status=200,
                reply_body=reply,
                handling_ms=0.6,
            )
            out.write(json.dumps(exchange_record(ex), ensure_ascii=False) + "\n")


# -- measuring ---------------------------------------------------------------------------------


def best_of(fn: Callable[[], Any], runs: int = 3) -> float:
    """The fastest of a few runs, in ms (a shared 2-core machine adds noise, never speed)."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return min(times)


def like_scan(conn: sqlite3.Connection, text: str, limit: int) -> list[Exchange]:
    """Today's search: LIKE over the four fields, newest first by time."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    sql = (
        f"{SELECT} WHERE message LIKE ?1 ESCAPE '\\' OR error_message LIKE ?1 ESCAPE '\\' OR event_type LIKE ?1"
        f" ESCAPE '\\' OR event_id LIKE ?1 ESCAPE '\\' ORDER BY received_at DESC, id DESC LIMIT {limit}"
    )
    return [from_row(r) for r in conn.execute(sql, (pattern,))]


def old_type_filter(conn: sqlite3.Connection, kind: str, limit: int) -> list[Exchange]:
    """Today's type filter: the single-column index, then a sort by time."""
    sql = f"{SELECT} INDEXED BY ix_old_event_type WHERE event_type = ? ORDER BY received_at DESC, id DESC LIMIT ?"
    return [from_row(r) for r in conn.execute(sql, (kind, limit))]


def store_bytes(path: Path) -> int:
    return sum(os.stat(str(path) + s).st_size for s in ("", "-wal") if os.path.exists(str(path) + s))


def old_import(jsonl: Path, n_old: int, folder: Path) -> tuple[float, float, float]:
    """Today's import (whole file, one add_many, no search index) of the first n_old lines, into a store
    without the search tables; returns (exchanges/s, bytes per exchange, MB of memory the read took)."""
    from dingconsole.core.export.importer import read_exchanges
    from dingconsole.core.store.schema import MIGRATIONS

    part = folder / "old.jsonl"
    with jsonl.open("rb") as src, part.open("wb") as dst:
        for _, line in zip(range(n_old), src, strict=False):
            dst.write(line)
    db = folder / "old.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")
    for step in MIGRATIONS:  # today's columns (4 KiB pages, as before), without the search index
        step(conn)
    conn.execute("DROP TABLE search_vocab")
    conn.execute("DROP TABLE search_tri")
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")
    conn.commit()
    conn.close()
    from dingconsole.core.store.rows import COLUMNS, INSERT, row_hash, to_row

    t0 = time.perf_counter()
    before = rss_now()
    exchanges = read_exchanges(part)
    grew = rss_now() - before  # the whole file and every exchange in memory at once
    with sqlite3.connect(db, isolation_level=None) as conn:  # the insert path as it was: one transaction
        conn.execute("BEGIN IMMEDIATE")
        for ex in exchanges:
            digest = row_hash(ex)
            conn.execute("SELECT MIN(id) FROM exchanges WHERE event_id = ?", (ex.event_id,)).fetchone()
            row = list(to_row(ex, digest))
            row[COLUMNS.index("body")], row[COLUMNS.index("body_form")] = bytes(ex.request.body), 0  # as it came
            conn.execute(INSERT, row)
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    seconds = time.perf_counter() - t0
    size = store_bytes(db) / n_old
    part.unlink()
    return n_old / seconds, size, grew


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_now() -> float:
    """The process's resident memory now, in MB."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024**2


# -- the window ----------------------------------------------------------------------------------


def window_rows(store: EventStore, conn: sqlite3.Connection, typed: str) -> dict[str, float]:
    """Start the window over the store, type a search, measure what a user feels."""
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from dingconsole.core.profiles import ProfileStore
    from dingconsole.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    out: dict[str, float] = {}
    t0 = time.perf_counter()
    gc.collect()
    before = rss_now()
    window = MainWindow(store=store, profiles=ProfileStore())
    window.show()
    app.processEvents()
    shown = time.perf_counter()
    while window.model.busy() or window.model.rowCount() == 0:
        app.processEvents()
    out["startup"] = (shown - t0) * 1000
    out["startup_rows"] = (time.perf_counter() - t0) * 1000
    # today's window: COUNT(*) and the first page built on the GUI thread before it showed
    out["startup_old"] = out["startup"] + best_of(lambda: (store.count(), store.query(limit=500)), 1)

    gaps: list[float] = []
    clock = QElapsedTimer()
    heartbeat = QTimer()
    heartbeat.setInterval(5)
    heartbeat.timeout.connect(lambda: gaps.append(clock.restart()))
    clock.start()
    heartbeat.start()
    search = window.events.search
    t_type = time.perf_counter()
    first_result: float | None = None
    for ch in typed:
        search.insert(ch)  # as a key press would (textChanged, the debounce timer)
        deadline = time.perf_counter() + 0.12
        while time.perf_counter() < deadline:
            app.processEvents()
    while window.events.search_timer.isActive() or window.model.busy():
        app.processEvents()
        if first_result is None and window.model.rowCount() and window.model.filter().text == typed:
            first_result = time.perf_counter()
    if first_result is None:
        first_result = time.perf_counter()
    heartbeat.stop()
    out["first_result"] = (first_result - t_type) * 1000 - 120 * (len(typed) - 1)  # after the last keystroke
    out["stall"] = max(gaps[1:] or [0.0]) - 5
    # today: after the debounce the LIKE scan ran on the GUI thread, once per pause in typing
    old = [best_of(lambda p=typed[: i + 1]: like_scan(conn, p, 500), 1) for i in range(len(typed))]
    out["stall_old"] = max(old)
    out["first_result_old"] = 250 + old[-1]  # the 250 ms debounce, then the query, on the GUI thread
    out["rows_shown"] = window.model.rowCount()
    out["memory"] = rss_now() - before
    window.shutdown()
    window.close()
    app.processEvents()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000, help="exchanges in the store (default 1,000,000)")
    parser.add_argument("--old-n", type=int, default=100_000, help="exchanges for today's import (default 100,000)")
    parser.add_argument("--keep", metavar="DIR", help="build in DIR and keep it (reused when it exists)")
    parser.add_argument("--no-window", action="store_true", help="skip the window rows")
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="dingconsole-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    jsonl, db = folder / "export.jsonl", folder / "events.sqlite3"
    try:
        _run(args, folder, jsonl, db)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def _run(args: argparse.Namespace, folder: Path, jsonl: Path, db: Path) -> None:
    n = args.n
    t0 = time.perf_counter()
    if not jsonl.exists():
        build_export(n, jsonl)
    print(f"export of {n:,} exchanges: {jsonl.stat().st_size / n:,.0f} bytes each, {time.perf_counter() - t0:.0f} s")
    imported = None
    if not db.exists():
        store = EventStore(db)
        last = [time.perf_counter()]

        rss_before, rss_peak = rss_now(), [0.0]

        def progress(count: int, done: int, total: int) -> None:
            rss_peak[0] = max(rss_peak[0], rss_now() - rss_before)
            if time.perf_counter() - last[0] > 10:
                last[0] = time.perf_counter()
                print(f"  imported {count:,} ({done / max(total, 1):.0%})", flush=True)

        imported = import_stream(store, jsonl, progress=progress)
        store.close()
        print(f"imported in {imported.seconds:.0f} s")
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    per_exchange = store_bytes(db) / n
    old_rate, old_size, old_mem = old_import(jsonl, min(args.old_n, n), folder) if imported else (0.0, 0.0, 0.0)

    store = EventStore(db)
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    conn.execute("CREATE INDEX IF NOT EXISTS ix_old_event_type ON exchanges (event_type)")  # today's index
    rows: list[tuple[str, float, float, str, str]] = []

    def timed(label: str, new: Callable[[], Any], old: Callable[[], Any], goal: str) -> None:
        rows.append((label, best_of(new), best_of(old), "ms", goal))

    timed(
        f"text search, rare word ({RARE}), first 20",
        lambda: store.query(EventFilter(text=RARE), limit=20),
        lambda: like_scan(conn, RARE, 20),
        "< 100 ms",
    )
    timed(
        f"text search, 2-char Chinese ({NAME}), first 50",
        lambda: store.query(EventFilter(text=NAME), limit=50),
        lambda: like_scan(conn, NAME, 50),
        "< 100 ms",
    )
    timed(
        f"text search, 1-char Chinese ({NAME[0]}), first 50",
        lambda: store.query(EventFilter(text=NAME[0]), limit=50),
        lambda: like_scan(conn, NAME[0], 50),
        "(typed first)",
    )
    timed(
        "filter by event type, first 50",
        lambda: store.query(EventFilter(event_types=("user_modify_org",)), limit=50),
        lambda: old_type_filter(conn, "user_modify_org", 50),
        "< 50 ms",
    )
    timed("first page (50)", lambda: store.query(limit=50), lambda: store.query(limit=50), "< 50 ms")
    assert {e.id for e in store.query(EventFilter(text=RARE))} == {e.id for e in like_scan(conn, RARE, 100)}
    conn.execute("DROP INDEX ix_old_event_type")
    conn.commit()
    window: dict[str, float] = {}
    if not args.no_window:
        gc.collect()
        window = window_rows(store, conn, "周九提交")
    store.close()
    conn.close()

    print()
    print(f"store_scale: {n:,} exchanges, {os.cpu_count()} cores, SQLite {sqlite3.sqlite_version}")
    print(f"{'measure':<46} {'new':>12} {'today (LIKE)':>14} {'ratio':>8}  goal")
    for label, new, old, unit, goal in rows:
        print(f"{label:<46} {new:>9.1f} {unit} {old:>11.1f} {unit} {old / max(new, 0.01):>7.1f}×  {goal}")
    if imported:
        print(
            f"{'import (exchanges/s, search index included)':<46} {imported.rate:>12,.0f} {old_rate:>14,.0f} "
            f"{imported.rate / max(old_rate, 1):>7.2f}×  ≥ 10,000/s"
        )
        print(
            f"{'store on disk, bytes/exchange (WAL checkpointed)':<46} {per_exchange:>12,.0f} {old_size:>14,.0f} "
            f"{old_size / per_exchange:>7.2f}×  ≤ 3 KB (old: no search index)"
        )
    if window:
        for label, key, goal in (
            ("window start-up (shown)", "startup", "< 1.5 s"),
            ("time to first search result in the window", "first_result", ""),
            ("longest GUI stall while typing a search", "stall", "< 50 ms"),
        ):
            new, old = window[key], window[key + "_old"]
            print(f"{label:<46} {new:>9.1f} ms {old:>11.1f} ms {old / max(new, 0.01):>7.1f}×  {goal}")
        print(f"{'  (first page of rows in the table)':<46} {window['startup_rows']:>9.1f} ms")
    if imported:
        print(
            f"{'import: memory growth (RSS)':<46} {rss_peak[0]:>9.0f} MB {old_mem:>11.0f} MB "
            f"{old_mem / max(rss_peak[0], 1):>7.1f}×  (today: {min(args.old_n, n):,} exchanges read at once)"
        )
    if window:
        print(f"{'window: memory growth (RSS), start + search':<46} {window['memory']:>9.0f} MB")
    print(f"{'peak memory of this whole run (RSS)':<46} {rss_mb():>9.0f} MB")
    print("queries: best of 3 runs each; the window rows: one run")


if __name__ == "__main__":
    main()
