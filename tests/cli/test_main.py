"""The dispatcher: the real entry point, its last lines of defence, the command list, lazy imports.

A bad --home, an --out that is a directory or an existing file, a corrupt event store: each is the
user's environment, not a bug, so each gets `error: ...` and exit 1 — never "internal error" (exit 3).
Those run in-process (`cli`); `--version` and the import check run a real interpreter.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dingconsole import __version__
from tests.cli_runner import Cli, run_subprocess
from tests.vectors import AES_KEY, ENC, NONCE, OWNER, SIG, TOKEN, TS


def test_the_installed_entry_point_answers_version() -> None:
    ran = run_subprocess("--version")
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == f"dingconsole {__version__}"


def test_home_that_is_a_file_is_a_clear_error(tmp_path: Path, cli: Cli) -> None:
    not_a_dir = tmp_path / "afile"
    not_a_dir.write_text("x")
    result = cli("--home", str(not_a_dir), "profile", "list")
    assert result.returncode == 1, result.stderr
    assert "internal error" not in result.stderr
    assert result.stderr.startswith("error: ") and "Not a directory" in result.stderr
    assert str(not_a_dir) in result.stderr


def test_export_onto_a_directory_is_a_clear_error(home: Path, tmp_path: Path, cli: Cli) -> None:
    cli("import", str(_one_jsonl(tmp_path)))
    result = cli("export", "--format", "jsonl", "--out", str(tmp_path))
    assert result.returncode == 1, result.stderr
    assert "internal error" not in result.stderr
    assert "Is a directory" in result.stderr and result.stderr.rstrip().endswith(str(tmp_path))


def test_corrupt_event_store_is_a_clear_error(home: Path, cli: Cli) -> None:
    store = home / "data" / "events.sqlite3"
    store.parent.mkdir(parents=True)
    store.write_bytes(b"this is not sqlite, it is garbage " * 100)
    result = cli("events", "list")
    assert result.returncode == 1, result.stderr
    assert "internal error" not in result.stderr
    assert str(store) in result.stderr and "hint:" in result.stderr


def _one_jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "one.jsonl"
    path.write_text(
        '{"received_at": 1700000000.0, "request": {"method": "GET", "path": "/api/callback", "query": {}, '
        '"headers": {}, "body": ""}, "remote": "127.0.0.1", "transport": "http", "profile": null, '
        '"outcome": "info", "error_code": null, "error_message": null, "diagnosis": null, "message": null, '
        '"event_type": null, "event_id": null, "body_truncated": false, "reply_status": 200, "reply_body": "", '
        '"handling_ms": 1.0, "repeat_of": null, "id": 1}\n'
    )
    return path


def test_commands_listed_in_cli_are_every_command_module_with_the_same_help() -> None:
    """cli.COMMANDS is the one list: no command module is left out, and --help says what the module says."""
    import argparse
    import pkgutil

    import dingconsole.commands
    from dingconsole import cli

    modules = {
        info.name for info in pkgutil.iter_modules(dingconsole.commands.__path__) if not info.name.startswith("_")
    }
    assert modules == {module for _, module, _ in cli.COMMANDS}
    for name, module, help_text in cli.COMMANDS:
        sub = argparse.ArgumentParser().add_subparsers()
        cli.load_command(module).register(sub)
        helps = {action.dest: action.help for action in sub._choices_actions}
        assert helps[name] == help_text, name


@pytest.mark.parametrize(
    ("argv", "absent"),
    [
        (["--version"], ("aiohttp", "Crypto", "dingconsole.core.crypto", "dingconsole.commands.serve")),
        (["--help"], ("aiohttp", "Crypto", "dingconsole.commands.decrypt")),
        (["decrypt", "--help"], ("aiohttp", "dingconsole.core.listener", "dingconsole.commands.serve")),
        (
            [
                "decrypt",
                "--token",
                TOKEN,
                "--aes-key",
                AES_KEY,
                "--app-key",
                OWNER,
                "--signature",
                SIG,
                "--timestamp",
                TS,
                "--nonce",
                NONCE,
                "--encrypt",
                ENC,
            ],
            ("aiohttp", "dingconsole.core.diagnose", "dingconsole.core.paste"),
        ),  # fmt: skip
    ],
)
def test_a_command_imports_only_what_it_uses(argv: list[str], absent: tuple[str, ...]) -> None:
    """`--version` loads no crypto, `decrypt` no HTTP stack: each command imports its own needs when run."""
    code = (
        "import sys\nfrom dingconsole import cli\n"
        f"try:\n    cli.main({argv!r})\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.strip().splitlines()[-1].split())
    for name in absent:
        assert name not in loaded, f"{argv} imported {name}"
