"""The Chinese catalogue is in step with the code: every translatable string under dingconsole/gui is
in the .ts with a translation (including calls lupdate would miss), and the shipped .qm is compiled
from exactly this .ts. Fix with `python tools/update_translations.py` and translate what it lists."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import update_translations as tool  # noqa: E402 - the script lives in tools/, not in a package

TS = ROOT / "resources" / "i18n" / "dingconsole_zh_CN.ts"
QM = TS.with_suffix(".qm")


def messages(ts: Path) -> set[tuple[str, str]]:
    root = ET.parse(ts).getroot()
    return {
        (context.findtext("name") or "", message.findtext("source") or "")
        for context in root.iter("context")
        for message in context.iter("message")
    }


def calls_in_code() -> set[tuple[str, str]]:
    """(context, text) of every self.tr("…") and translate("Context", "…") call, read with ast."""
    found: set[tuple[str, str]] = set()
    for path in sorted((ROOT / "dingconsole" / "gui").rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for cls in [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)] + [tree]:
            for node in ast.walk(cls):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                func, args = node.func, node.args
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                strings = [a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                if name == "tr" and isinstance(cls, ast.ClassDef) and len(strings) == 1 and len(args) == 1:
                    found.add((cls.name, strings[0]))
                elif name in ("tr", "translate", "_tr") and len(strings) >= 2 and len(args) >= 2:
                    found.add((strings[0], strings[1]))
    return found


def test_every_string_in_the_code_is_in_the_catalogue() -> None:
    missing = calls_in_code() - messages(TS)
    assert not missing, f"not in {TS.name} (run tools/update_translations.py; use translate/self.tr): {missing}"


def test_the_catalogue_matches_a_fresh_lupdate(tmp_path: Path) -> None:
    fresh = tmp_path / TS.name
    shutil.copy(TS, fresh)
    tool.lupdate(fresh, "zh_CN")
    assert messages(fresh) == messages(TS), "the .ts is out of step with the code: run tools/update_translations.py"


def test_every_string_is_translated() -> None:
    assert tool.untranslated(TS) == []


def test_the_qm_is_compiled_from_this_ts(tmp_path: Path) -> None:
    compiled = tmp_path / QM.name
    subprocess.run([tool.tool("lrelease"), str(TS), "-qm", str(compiled), "-silent"], check=True)
    assert compiled.read_bytes() == QM.read_bytes(), "the .qm is stale: run tools/update_translations.py"
