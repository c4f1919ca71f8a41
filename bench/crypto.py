"""Per-operation cost of open-request (verify + decrypt) and seal-reply, against a straight-line baseline.

The baseline is the minimum any implementation must do (pycryptodome + hashlib, inline, no checks
beyond what decryption needs). Target: DingCrypto within 1.3x of it. Run: python bench/crypto.py
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
import time
from collections.abc import Callable

from Crypto.Cipher import AES

from dingconsole.core.crypto import DingCrypto

TOKEN = "123456"
AES_KEY = "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij"
OWNER = "suite4xxxxxxxxxxxxxxx"
KEY = base64.b64decode(AES_KEY + "=")
SIZES = {"200 B": 200, "2 KB": 2048, "64 KB": 65536}
TS, NONCE = "1445827045067", "nEXhMP4r"


def baseline_open(query: dict[str, str], body: bytes) -> str:
    encrypt = json.loads(body)["encrypt"]
    parts = sorted(p.encode() for p in (TOKEN, query["timestamp"], query["nonce"], encrypt))
    if hashlib.sha1(b"".join(parts)).hexdigest() != query["msg_signature"]:
        raise ValueError("signature")
    plain = AES.new(KEY, AES.MODE_CBC, KEY[:16]).decrypt(base64.b64decode(encrypt))
    plain = plain[: -plain[-1]]
    (length,) = struct.unpack(">I", plain[16:20])
    if plain[20 + length :] != OWNER.encode():
        raise ValueError("owner")
    return plain[20 : 20 + length].decode()


def baseline_seal(message: str = "success") -> dict[str, str]:
    body = message.encode()
    plain = os.urandom(16) + struct.pack(">I", len(body)) + body + OWNER.encode()
    pad = 32 - len(plain) % 32
    encrypt = base64.b64encode(AES.new(KEY, AES.MODE_CBC, KEY[:16]).encrypt(plain + bytes([pad]) * pad)).decode()
    ts, nonce = str(int(time.time() * 1000)), "abcd1234"
    parts = sorted(p.encode() for p in (TOKEN, ts, nonce, encrypt))
    return {"msg_signature": hashlib.sha1(b"".join(parts)).hexdigest(), "timeStamp": ts, "nonce": nonce,
            "encrypt": encrypt}  # fmt: skip


def _calls_per_round(func: Callable[[], object], seconds: float) -> int:
    func()
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < 0.02:
        func()
        n += 1
    return max(1, int(n * seconds / (time.perf_counter() - start)))


def compare(ours: Callable[[], object], base: Callable[[], object], rounds: int = 9) -> tuple[float, float]:
    """Best per-call time (µs) of each, measured in alternating rounds so both see the same machine load."""
    n_ours, n_base = _calls_per_round(ours, 0.05), _calls_per_round(base, 0.05)
    best = [float("inf"), float("inf")]
    for _ in range(rounds):
        for index, (func, n) in enumerate(((ours, n_ours), (base, n_base))):
            t0 = time.perf_counter()
            for _ in range(n):
                func()
            best[index] = min(best[index], (time.perf_counter() - t0) / n)
    return best[0] * 1e6, best[1] * 1e6


def main() -> None:
    crypto = DingCrypto(TOKEN, AES_KEY, OWNER)
    rows = []
    for label, size in SIZES.items():
        message = json.dumps({"EventType": "bench", "data": "x" * max(0, size - 32)})[:size]
        sealed = crypto.seal(message, timestamp=TS, nonce=NONCE)
        query = {"msg_signature": sealed["msg_signature"], "timestamp": TS, "nonce": NONCE}
        body = json.dumps({"encrypt": sealed["encrypt"]}).encode()
        assert crypto.open_request(query, body).message == baseline_open(query, body) == message
        ours, base = compare(
            lambda q=query, b=body: crypto.open_request(q, b), lambda q=query, b=body: baseline_open(q, b)
        )
        rows.append((f"open-request {label}", ours, base))
    rows.append(("seal-reply success", *compare(crypto.seal, baseline_seal)))
    print(f"{'operation':<22} {'dingconsole µs':>15} {'baseline µs':>12} {'ratio':>6}")
    for name, ours, base in rows:
        print(f"{name:<22} {ours:>15.1f} {base:>12.1f} {ours / base:>5.2f}x")


if __name__ == "__main__":
    main()
