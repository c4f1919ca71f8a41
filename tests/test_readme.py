"""The README's two set-up commands (and their PowerShell twins), and CI running exactly the README's test command."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup_commands(language: str = "sh") -> list[str]:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"```{language}\n(.+?)\n```", section)


def test_readme_has_exactly_two_setup_commands() -> None:
    commands = _setup_commands()
    assert len(commands) == 2, commands
    launch, test = commands
    assert launch.startswith("python3 -m venv .venv && ") and launch.endswith(".venv/bin/dingconsole")
    assert "'.[test]'" in test and test.endswith("python -m pytest")


def test_powershell_twins_say_the_same_as_the_two_setup_commands() -> None:
    """Windows users get the same two commands: `py` for `python3`, `;` for `&&` (Windows PowerShell 5.1 has
    no `&&`), `.venv\\Scripts\\` for `.venv/bin/`."""
    twins = [
        command.replace("python3 -m venv", "py -m venv").replace(" && ", "; ").replace(".venv/bin/", ".venv\\Scripts\\")
        for command in _setup_commands()
    ]
    assert _setup_commands("powershell") == twins


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    test_command = _setup_commands()[1]
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text("utf-8").splitlines()]
    assert test_command in ci_lines


def test_architecture_rule_is_stated_and_enforced() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "never imports PySide6" in readme
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    assert '"PySide6".msg' in pyproject


def test_core_and_cli_run_without_loading_qt() -> None:
    """Import every core and command module (but the GUI launcher) in a fresh interpreter: no Qt loaded."""
    code = (
        "import importlib, pkgutil, sys\n"
        "import dingconsole.core, dingconsole.commands\n"
        "for pkg in (dingconsole.core, dingconsole.commands):\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "import dingconsole.cli\n"
        "for name, _, _ in dingconsole.cli.COMMANDS:\n"
        "    dingconsole.cli.build_parser([name])\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
