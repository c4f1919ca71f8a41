"""`dingconsole selftest` passes on a healthy build, and reports (not raises) a failing check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dingconsole.core import selftest
from tests.cli_runner import Cli


def test_selftest_command_passes_and_writes_nothing_to_home(home: Path) -> None:
    done = Cli()("selftest", "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout)
    assert result["ok"] is True
    assert [c["name"] for c in result["checks"]] == [name for name, _ in selftest.CHECKS]
    assert not any(home.rglob("*.sqlite3")), "selftest must only use a temporary directory"


def test_a_failing_check_is_reported_and_the_others_still_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> str:
        raise AssertionError("vector mismatch")

    monkeypatch.setattr(selftest, "CHECKS", [("broken", broken), ("round trip", selftest._round_trip)])
    results = selftest.run_checks()
    assert [(r.name, r.ok) for r in results] == [("broken", False), ("round trip", True)]
    assert "vector mismatch" in results[0].detail


def test_selftest_text_output_exit_code() -> None:
    done = Cli()("selftest")
    assert done.returncode == 0
    lines = done.stdout.strip().splitlines()
    assert all(line.startswith("PASS") for line in lines[:-1])
    assert lines[-1] == f"selftest OK: {len(selftest.CHECKS)} of {len(selftest.CHECKS)} checks"
