"""Benchmark: what naming the cause costs — diagnose_request on damaged pushes vs the same push intact.

The listener diagnoses every failed push (after it has replied), so a hostile sender can make it
diagnose at will: the transit repairs (spaces, escapes, newlines, truncation) must stay within a small
multiple of one clean decryption. Pushes are sealed with pycryptodome directly (tests' independent
sealer), one profile, message sizes from 200 B to 1 MB.

    python bench/diagnose.py [--rounds 20]

Prints ms per diagnosis for each damage and its ratio to the intact push of the same size.
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dingconsole.core.diagnose import diagnose_request  # noqa: E402
from dingconsole.core.exchange import HttpRequest  # noqa: E402
from dingconsole.core.profiles import Profile  # noqa: E402
from tests.core.diagnose import independent as ind  # noqa: E402

PROFILES = [Profile("p", ind.APP_KEY, ind.TOKEN, ind.AES_KEY)]
Damage = Callable[[str], tuple[str, dict[str, str]]]
DAMAGES: dict[str, Damage] = {
    "intact": lambda enc: (enc, ind.query(enc)),
    "wrong token": lambda enc: (enc, ind.query(enc, token="other")),
    "'+' as spaces": lambda enc: (enc.replace("+", " "), ind.query(enc)),
    "cut one block": lambda enc: (base64.b64encode(base64.b64decode(enc)[:-16]).decode(), ind.query(enc)),
    "other app": lambda enc: (ind.seal("{}", aes_key="Z" * 43), ind.query(enc, token="other")),
}


def per_call_ms(request: HttpRequest, rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        diagnose_request(request, PROFILES, now=ind.NOW)
    return (time.perf_counter() - start) / rounds * 1000.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    print(f"{'size':>9}  {'damage':<14} {'ms':>9} {'× intact':>9}  first cause")
    for size in (200, 64_000, 1_000_000):
        enc = ind.seal(json.dumps({"EventType": "user_add_org", "d": "a" * size}))
        rounds = max(2, args.rounds * 200 // max(size // 1000, 200))
        base = 0.0
        for name, damage in DAMAGES.items():
            received, query = damage(enc)
            request = HttpRequest("POST", "/", query, {}, ind.body(received))
            ms = per_call_ms(request, rounds)
            base = base or ms
            failure = diagnose_request(request, PROFILES, now=ind.NOW).first_failure
            cause = failure.code if failure is not None else "-"
            print(f"{size:>9}  {name:<14} {ms:>9.2f} {ms / base:>9.1f}  {cause}")


if __name__ == "__main__":
    main()
