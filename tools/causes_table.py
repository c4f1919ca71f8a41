#!/usr/bin/env python3
"""Write (or check) the README's table of symptoms, causes and what the console says.

    python tools/causes_table.py          # rewrite the section between the causes markers
    python tools/causes_table.py --check  # exit 1 when the README differs from core/diagnose/causes.py

The table is rendered from the same `CAUSES` rows the diagnosis builds its steps from, so it
cannot drift; tests/core/diagnose/test_causes.py runs the check.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dingconsole.core.diagnose.causes import README_END, README_START, readme_section  # noqa: E402

README = ROOT / "README.md"


def updated(text: str) -> str:
    """The README text with its causes section replaced (ValueError when the markers are missing)."""
    start, end = text.index(README_START), text.index(README_END) + len(README_END)
    return text[:start] + readme_section() + text[end:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 when the README is stale")
    args = parser.parse_args()
    text = README.read_text(encoding="utf-8")
    new = updated(text)
    if args.check:
        if new != text:
            print("README.md's causes table is stale: run python tools/causes_table.py", file=sys.stderr)
            return 1
        return 0
    if new != text:
        README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
