"""bash_quote: every captured byte comes back from bash as the same byte, and nothing runs."""

from __future__ import annotations

import subprocess

import pytest

from dingconsole.core.export.shell import bash_quote, to_bytes

HOSTILE = [
    "plain",
    "审批 agree",
    "it's",
    "$(touch pwned)",
    "`touch pwned`",
    "a\ntouch pwned",
    "a\r\nb",
    '${HOME} $HOME !! \\ "q"',
    "tab\there",
    "\x1b[2J",
    "bad utf-8 \udce4\udcff",
    "lone \ud800 surrogate",
    "' ; touch pwned ; '",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_bash_gives_back_the_exact_bytes(text: str, tmp_path) -> None:
    script = f"printf '%s' {bash_quote(text)}\n"
    result = subprocess.run(["bash", "-c", script], capture_output=True, cwd=tmp_path, check=True)
    assert result.stdout == to_bytes(text)
    assert not (tmp_path / "pwned").exists()
