#!/usr/bin/env python3
"""Refresh the translation catalogue: lupdate over dingconsole/gui/*.py, then lrelease to the .qm.

    python tools/update_translations.py          # update resources/i18n/*.ts and compile the .qm
    python tools/update_translations.py --check  # exit 1 when a string is missing or untranslated

Existing translations are kept (lupdate merges); strings no longer in the code are dropped
(-no-obsolete); source locations are left out so the .ts only changes when strings change.
New strings arrive as "unfinished": translate them (Qt Linguist, or by hand in the XML), run this
again, commit the .ts and the .qm together. tests/test_translations.py fails until you do.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUI = ROOT / "dingconsole" / "gui"
I18N = ROOT / "resources" / "i18n"
LOCALES = ("zh_CN",)


def tool(name: str) -> str:
    """pyside6-<name> next to the running interpreter, on PATH, or the binary inside the PySide6 package."""
    for candidate in (Path(sys.executable).parent / f"pyside6-{name}", shutil.which(f"pyside6-{name}")):
        if candidate and Path(candidate).exists():
            return str(candidate)
    spec = importlib.util.find_spec("PySide6")  # located, not imported: tools/ is no GUI code
    bundled = Path(spec.origin).parent / name if spec and spec.origin else None
    if bundled and bundled.exists():
        return str(bundled)
    raise SystemExit(f"pyside6-{name} not found: install PySide6-Essentials")


def sources() -> list[str]:
    return sorted(str(path) for path in GUI.rglob("*.py"))


def lupdate(ts: Path, locale: str) -> None:
    command = [tool("lupdate"), *sources(), "-ts", str(ts), "-no-obsolete", "-locations", "none"]
    command += ["-source-language", "en", "-target-language", locale, "-silent"]
    subprocess.run(command, check=True, cwd=ROOT)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("lrelease"), str(ts), "-qm", str(qm), "-silent"], check=True, cwd=ROOT)


def untranslated(ts: Path) -> list[tuple[str, str]]:
    """(context, source) of every message without a finished translation."""
    missing = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = [] if translation is None else [translation.text or "", *(f.text or "" for f in translation)]
            unfinished = translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete")
            if unfinished or not any(form.strip() for form in forms):
                missing.append((name, message.findtext("source") or ""))
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report untranslated strings")
    args = parser.parse_args(argv)
    I18N.mkdir(parents=True, exist_ok=True)
    status = 0
    for locale in LOCALES:
        ts = I18N / f"dingconsole_{locale}.ts"
        if not args.check:
            lupdate(ts, locale)
            lrelease(ts, ts.with_suffix(".qm"))
        missing = untranslated(ts)
        for context, source in missing:
            print(f"{ts.name}: untranslated [{context}] {source!r}")
        status |= bool(missing)
    return status


if __name__ == "__main__":
    sys.exit(main())
