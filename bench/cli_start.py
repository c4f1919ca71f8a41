"""Start-up cost of the CLI: `dingconsole --version` and a real `decrypt`, against a bare Python start.

Each command runs as a fresh process (what a user or a script pays), interleaved with the baseline
`python -c pass` so machine load hits both alike; the table shows medians and the ratio. Target
(issue 14): both within 5x of the bare start. Run: python bench/cli_start.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

# DingTalk's published vector (docs/PROTOCOL.md §2)
TOKEN, AES_KEY, OWNER = "123456", "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij", "suite4xxxxxxxxxxxxxxx"
TS, NONCE, SIG = "1445827045067", "nEXhMP4r", "5a65ceeef9aab2d149439f82dc191dd6c5cbe2c0"
ENC = (
    "1a3NBxmCFwkCJvfoQ7WhJHB+iX3qHPsc9JbaDznE1i03peOk1LaOQoRz3+nlyGNhwmwJ3vDMG+OzrHMeiZI7gTRWVdUBmfxjZ8Ej23JVYa9Vr"
    "YeJ5as7XM/ZpulX8NEQis44w53h1qAgnC3PRzM7Zc/D6Ibr0rgUathB6zRHP8PYrfgnNOS9PhSBdHlegK+AGGanfwjXuQ9+0pZcy0w9lQ=="
)
TARGET = 5.0


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{argv[2:]} failed ({done.returncode}): {done.stderr.decode(errors='replace')}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "DINGCONSOLE_HOME": home}
        commands = {
            "python -c pass (baseline)": [py, "-c", "pass"],
            "dingconsole --version": [py, "-m", "dingconsole", "--version"],
            "dingconsole decrypt (published vector)": [
                py, "-m", "dingconsole", "decrypt", "--token", TOKEN, "--aes-key", AES_KEY,
                "--app-key", OWNER, "--signature", SIG, "--timestamp", TS, "--nonce", NONCE,
                "--encrypt", ENC,
            ],
        }  # fmt: skip
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for argv in commands.values():  # warm the file cache once
            timed(argv, env)
        for _ in range(args.runs):
            for name, argv in commands.items():
                samples[name].append(timed(argv, env))
    base = statistics.median(samples["python -c pass (baseline)"])
    print(f"{'command':42} {'median ms':>10} {'ratio':>7}  target")
    for name, values in samples.items():
        med = statistics.median(values)
        ratio = med / base
        verdict = "" if "baseline" in name else ("ok" if ratio <= TARGET else "MISSED")
        print(f"{name:42} {med * 1000:10.1f} {ratio:6.2f}x  {'' if 'baseline' in name else f'<= {TARGET}x '}{verdict}")


if __name__ == "__main__":
    main()
