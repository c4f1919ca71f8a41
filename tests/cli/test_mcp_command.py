"""`dingconsole mcp` as a command: its help, and what it says when the optional `mcp` package is missing.

The server itself is tested through the SDK's client in tests/mcp/.
"""

from __future__ import annotations

import sys

import pytest

from tests.cli_runner import Cli


def test_help_names_the_tools_and_the_safety_rules(cli: Cli) -> None:
    rc, out, _err = cli("mcp", "--help")
    assert rc == 0
    for word in ("events_list", "conform", "--allow-remote", "--home", "loopback", "pip install"):
        assert word in out.replace("\n", " ")


def test_without_the_mcp_package_it_says_how_to_install_it(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    # as if `pip install dingconsole` had no [mcp] extra: every module of the SDK hidden, even those that another
    # test in this worker already imported (a loaded submodule would be found without its package)
    for name in [n for n in sys.modules if n == "mcp" or n.startswith("mcp.")] + ["mcp"]:
        monkeypatch.setitem(sys.modules, name, None)
    for name in [n for n in sys.modules if n.startswith("dingconsole.mcp_server")]:
        monkeypatch.delitem(sys.modules, name)
    rc, out, err = cli("mcp")
    assert rc == 1 and out == ""
    assert "pip install 'dingconsole[mcp]'" in err
