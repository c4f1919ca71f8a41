"""Check what `python -m build` made: the wheel and the sdist carry every resource the program reads.

    python tools/check_dist.py dist/pkg

Resources are the files under resources/ (installed as dingconsole.resources: translations .qm, message
templates, icons, the pytest fixture kit) and the event catalogue (dingconsole/core/catalogue/families/*.json).
The wheel must also declare both entry points (`dingconsole`, windowed `dingconsole-gui`) and carry the
version of dingconsole/__init__.py, the one version source. Exit 1 with the list of what is missing.
"""

from __future__ import annotations

import configparser
import re
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def expected_files() -> set[str]:
    """Paths inside the installed package tree (as in the wheel)."""
    resources = {
        "dingconsole/resources/" + path.relative_to(ROOT / "resources").as_posix()
        for path in (ROOT / "resources").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    families = ROOT / "dingconsole" / "core" / "catalogue" / "families"
    catalogue = {f"dingconsole/core/catalogue/families/{path.name}" for path in families.glob("*.json")}
    return resources | catalogue


def version() -> str:
    match = re.search(r'__version__ = "([^"]+)"', (ROOT / "dingconsole" / "__init__.py").read_text("utf-8"))
    assert match, "dingconsole/__init__.py has no __version__"
    return match.group(1)


def check(folder: Path) -> list[str]:
    """What is wrong with the wheel and sdist in `folder` (empty: nothing)."""
    problems: list[str] = []
    wanted = expected_files()
    wheels = sorted(folder.glob(f"dingconsole-{version()}-*.whl"))
    sdists = sorted(folder.glob(f"dingconsole-{version()}.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        return [f"expected one wheel and one sdist of version {version()} in {folder}, found {wheels + sdists}"]
    with zipfile.ZipFile(wheels[0]) as wheel:
        names = set(wheel.namelist())
        problems += [f"wheel lacks {name}" for name in sorted(wanted - names)]
        entry_points = next((n for n in names if n.endswith(".dist-info/entry_points.txt")), None)
        parser = configparser.ConfigParser()
        if entry_points:
            parser.read_string(wheel.read(entry_points).decode("utf-8"))
        if parser.get("console_scripts", "dingconsole", fallback=None) != "dingconsole.cli:main":
            problems.append("wheel lacks the console entry point dingconsole")
        if parser.get("gui_scripts", "dingconsole-gui", fallback=None) != "dingconsole.cli:main":
            problems.append("wheel lacks the windowed entry point dingconsole-gui")
    with tarfile.open(sdists[0]) as sdist:
        prefix = f"dingconsole-{version()}/"
        members = {m.name.removeprefix(prefix) for m in sdist.getmembers() if m.isfile()}
    source_paths = {name.replace("dingconsole/resources/", "resources/", 1) for name in wanted}
    problems += [f"sdist lacks {name}" for name in sorted(source_paths - members)]
    return problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0] if args else "dist")
    problems = check(folder)
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"ok: wheel and sdist {version()} carry all {len(expected_files())} resource files and both entry points")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
