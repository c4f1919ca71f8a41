"""`dingconsole selftest`: prove an installed or frozen build works — crypto vectors, resources, listener."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from dingconsole.commands._common import print_json


def register(sub: Any) -> None:
    p = sub.add_parser(
        "selftest",
        help="check this build: crypto vectors, resources, a listener round trip",
        description="Check the crypto against known vectors, the packaged resources, and a real listener on a "
        "free port answering a sealed push. Uses a temporary directory only. Exit 0 when every check passes.",
    )
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from dingconsole.core.selftest import run_checks

    results = run_checks()
    if args.json:
        print_json({"ok": all(r.ok for r in results), "checks": [asdict(r) for r in results]})
    else:
        for result in results:
            print(f"{'PASS' if result.ok else 'FAIL'}  {result.name}: {result.detail}")
        passed = sum(r.ok for r in results)
        print(f"selftest {'OK' if passed == len(results) else 'FAILED'}: {passed} of {len(results)} checks")
    return 0 if all(r.ok for r in results) else 1
