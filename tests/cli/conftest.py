"""The shared command-line fixture: `cli` runs `dingconsole …` in this process (see tests/cli_runner.py)."""

from __future__ import annotations

import pytest

from tests.cli_runner import Cli


@pytest.fixture
def cli() -> Cli:
    """Run `dingconsole …` in this process: `rc, out, err = cli("profile", "list")`."""
    return Cli()
