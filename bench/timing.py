"""Benchmark: can a sender with the token (not the aesKey) tell decryption failures apart by timing?

A CBC padding oracle needs one bit per request: did the padding check out? This script plays the
attacker against a real `dingconsole serve` over one keep-alive connection: pushes with a valid
signature whose ciphertext has valid padding (made for another owner key) and pushes with random
blocks (invalid padding), same size, in random order. It prints the median and spread of each kind's
reply time, the accuracy of the best one-request threshold classifier (50 % = no information), and
the reply time of a valid push sent right after each failure (the diagnosis runs after the reply:
does it delay the next request?).

    python bench/timing.py [--count 300] [--size 160000] [--source DIR]

`--source DIR` runs the listener from another checkout (e.g. an older commit) for a before/after.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from serve_process import serve  # noqa: E402

from dingconsole.core.crypto import DingCrypto, generate_aes_key, generate_token  # noqa: E402
from dingconsole.core.profiles import Profile, ProfileStore  # noqa: E402
from dingconsole.core.send import seal_push  # noqa: E402


def signed(profile: Profile, encrypt: str) -> tuple[str, bytes]:
    stamp = str(int(time.time() * 1000))
    query = {"msg_signature": profile.crypto().sign(stamp, "n0nce", encrypt), "timestamp": stamp, "nonce": "n0nce"}
    return urlencode(query), json.dumps({"encrypt": encrypt}).encode()


def pushes(profile: Profile, count: int, size: int) -> list[tuple[str, str, bytes]]:
    """(kind, query, body): valid-padding and invalid-padding failures of the same ciphertext size."""
    other = DingCrypto(profile.token, profile.aes_key, "dingsomeoneelse")
    out = []
    for i in range(count):
        valid = other.encrypt(json.dumps({"EventType": "user_add_org", "i": i, "note": "x" * size}))
        blocks = base64.b64encode(os.urandom(len(base64.b64decode(valid)))).decode()
        out.append(("valid padding", *signed(profile, valid)))
        out.append(("invalid padding", *signed(profile, blocks)))
    random.shuffle(out)
    return out


def timed(conn: http.client.HTTPConnection, path: str, query: str, body: bytes) -> tuple[int, float]:
    started = time.perf_counter()
    conn.request("POST", f"{path}?{query}", body=body, headers={"Content-Type": "application/json"})
    resp = conn.getresponse()
    resp.read()
    return resp.status, (time.perf_counter() - started) * 1000.0


def best_threshold_accuracy(a: list[float], b: list[float]) -> float:
    """The share of requests the best single threshold on reply time classifies right (0.5 = chance)."""
    labelled = sorted([(t, 0) for t in a] + [(t, 1) for t in b])
    total, ones = len(labelled), len(b)
    best, below_ones = max(ones, total - ones), 0
    for i, (_, label) in enumerate(labelled, 1):
        below_ones += label
        zeros_below = i - below_ones
        # class 0 below the threshold, class 1 above — or the other way round
        right = zeros_below + (ones - below_ones)
        best = max(best, right, total - right)
    return best / total


def spread(values: list[float]) -> str:
    q = statistics.quantiles(values, n=4)
    return f"{statistics.median(values):8.2f}  [{q[0]:.2f}–{q[2]:.2f}]"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300, help="pushes of each kind")
    parser.add_argument("--size", type=int, default=160_000, help="message bytes (the body is ~4/3 of it)")
    parser.add_argument("--source", type=Path, help="run serve from this checkout instead")
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="dingconsole-timing-"))
    os.environ["DINGCONSOLE_HOME"] = str(home)
    profile = Profile("bench", "dingbenchappkey", generate_token(), generate_aes_key())
    ProfileStore().add(profile)
    work = pushes(profile, args.count, args.size)
    with serve(home, "bench", args.source) as served:
        url = urlsplit(served)
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        follow_up = seal_push(json.dumps({"EventType": "user_add_org"}), profile)
        follow_query, follow_body = urlencode(follow_up.query), follow_up.body
        for _kind, query, body in work[:20]:  # warm up
            timed(conn, url.path, query, body)
        times: dict[str, list[float]] = {"valid padding": [], "invalid padding": []}
        after: dict[str, list[float]] = {"valid padding": [], "invalid padding": []}
        statuses = set()
        for kind, query, body in work:
            status, ms = timed(conn, url.path, query, body)
            statuses.add(status)
            times[kind].append(ms)
            _, next_ms = timed(conn, url.path, follow_query, follow_body)
            after[kind].append(next_ms)
        conn.close()

    print(f"{args.count} pushes of each kind, message {args.size} bytes, one keep-alive connection, replies {statuses}")
    print(f"{'failure':<18}{'reply ms (median [IQR])':>28}{'next push ms (median [IQR])':>32}")
    for kind in times:
        print(f"{kind:<18}{spread(times[kind]):>28}{spread(after[kind]):>32}")
    gap = statistics.median(times["valid padding"]) - statistics.median(times["invalid padding"])
    print(f"median gap valid - invalid: {gap:+.3f} ms")
    accuracy = best_threshold_accuracy(times["valid padding"], times["invalid padding"])
    print(f"best one-request threshold classifies {accuracy:.0%} right (50% = chance)")
    after_gap = statistics.median(after["valid padding"]) - statistics.median(after["invalid padding"])
    print(f"next-push median gap: {after_gap:+.3f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
