"""Benchmark: the listener's work before the signature check, for hostile bodies vs a benign push.

Everything the listener does with a request before its signature verifies is open to anyone who has
the URL (docs/PROTOCOL.md §6), so it must stay linear in the body and cheap at the 1 MiB cap. This
script builds adversarial body families at each size, runs the pre-signature path on each
(`listener.opening.verify`: the query, the timestamp, the body's encrypt value, the signature) and
prints the worst family's cost next to a benign DingTalk push of the same size. A second table does
the same for `untrusted.loads`, the bounded JSON parser that `import` runs on every line and the
listener on a decrypted message (after the signature).

    python bench/hostile.py [--repeat 5]

The ratio column is worst hostile / benign: near 1 means the size, not the content, decides the cost.
Bodies over listener.opening.MAX_PUSH_BODY are refused on their length alone (the last row).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dingconsole.core.crypto import DingCrypto, generate_aes_key, generate_token  # noqa: E402
from dingconsole.core.errors import DingError  # noqa: E402
from dingconsole.core.listener import opening  # noqa: E402
from dingconsole.core.untrusted import loads  # noqa: E402

SIZES = [1024, 16 * 1024, 64 * 1024, 256 * 1024, opening.MAX_PUSH_BODY - 64, 1024 * 1024 - 64]


def families(size: int) -> dict[str, bytes]:
    """Bodies of about `size` bytes built to hurt a scanner or a parser."""
    half = size // 2
    return {
        "unterminated string, escaped quotes": b'"' + b'\\"' * half + b"[" * 101,
        "escape runs": b'{"encrypt":"' + b"\\\\" * half + b'"}',
        "bracket runs []": b"[" + b"[]," * (size // 3 - 1) + b"[]]",
        "deep nesting": b"[" * size,
        "nested 100 deep, repeated": (b"[" * 100 + b"]" * 100 + b",") * (size // 201),
        "long number": b'{"encrypt":' + b"1" * (size - 13) + b"}",
        "many small objects": b"[" + b'{"a":1},' * (size // 8 - 1) + b"1]",
        "quotes and brackets": b'"[' * half,
        "encrypt among other keys": b'{"x":"' + b"y" * (size - 30) + b'","encrypt":"AAAA"}',
    }


def benign(crypto: DingCrypto, size: int) -> tuple[dict[str, str], bytes]:
    """A real push sealed for the profile, its body padded to about `size` bytes by the message (at most
    the largest encrypt the listener accepts: past it, the benign row is the refusal of a large push)."""
    room = max(0, int((min(size, opening.MAX_ENCRYPT) - 40) * 3 / 4) - 120)
    sealed = crypto.seal(json.dumps({"EventType": "user_add_org", "note": "x" * room}))
    query = {k: sealed[k] for k in ("msg_signature", "nonce")} | {"timestamp": sealed["timeStamp"]}
    return query, json.dumps({"encrypt": sealed["encrypt"]}).encode()


def cost_ms(run: Callable[[], object], repeat: int) -> float:
    """Median wall time of `run` in ms (one core, nothing else in this process)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        try:
            run()
        except (DingError, ValueError):
            pass
        times.append((time.perf_counter() - started) * 1000.0)
    return statistics.median(times)


def table(title: str, rows: list[tuple[int, str, float, float]]) -> None:
    print(title)
    print(f"{'body':>10}  {'benign ms':>10}  {'worst ms':>10}  {'ratio':>6}  worst family")
    for size, family, worst, base in rows:
        print(f"{size:>10}  {base:>10.3f}  {worst:>10.3f}  {worst / base:>6.1f}  {family}")
    print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    crypto = DingCrypto(generate_token(), generate_aes_key(), "dingbenchappkey")
    before, parse = [], []
    for size in SIZES:
        query, body = benign(crypto, size)
        base = cost_ms(lambda q=query, b=body: opening.verify(crypto, q, b), args.repeat)
        hostile = {
            name: cost_ms(lambda q=query, b=b: opening.verify(crypto, q, b), args.repeat)
            for name, b in families(size).items()
        }
        worst = max(hostile, key=hostile.__getitem__)
        before.append((size, worst, hostile[worst], base))
        base_parse = cost_ms(lambda b=body: loads(b), args.repeat)
        parsed = {name: cost_ms(lambda b=b: loads(b), args.repeat) for name, b in families(size).items()}
        worst = max(parsed, key=parsed.__getitem__)
        parse.append((size, worst, parsed[worst], base_parse))
    table(f"Before the signature (listener.opening.verify), median of {args.repeat} runs:", before)
    table("Bounded JSON parse (untrusted.loads: import lines, decrypted messages):", parse)
    return 0


if __name__ == "__main__":
    sys.exit(main())
