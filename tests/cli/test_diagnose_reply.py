"""`diagnose --reply FILE --request PUSH`: a reply judged against the push it answers (ISV Random)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_runner import Cli
from tests.vectors import AES_KEY, ENC, NONCE, OWNER, SIG, TOKEN, TS

PUSH = f"curl 'http://h/cb?signature={SIG}&timestamp={TS}&nonce={NONCE}' -d '{{\"encrypt\":\"{ENC}\"}}'"


def test_a_suite_check_reply_is_judged_against_its_push(tmp_path: Path, cli: Cli) -> None:
    assert cli("profile", "add", "isv", "--app-key", OWNER, "--token", TOKEN, "--aes-key", AES_KEY).returncode == 0
    push = tmp_path / "push.txt"
    push.write_text(PUSH, encoding="utf-8")
    success = cli("encrypt", "--profile", "isv", "--text", "success").stdout
    random = cli("encrypt", "--profile", "isv", "--text", "LPIdSnlF").stdout
    plain = cli("diagnose", "--profile", "isv", "--reply", "-", stdin=success)
    assert plain.returncode == 0, plain.stdout  # without the push, 'success' is what a reply seals
    wrong = cli("diagnose", "--profile", "isv", "--reply", "-", "--request", str(push), "--json", stdin=success)
    data = json.loads(wrong.stdout)
    assert wrong.returncode == 1
    failed = [s for s in data["steps"] if s["status"] == "failed"]
    assert [s["code"] for s in failed] == ["reply_suite_random"]
    assert "LPIdSnlF" in failed[0]["detail"]
    right = cli("diagnose", "--profile", "isv", "--reply", "-", "--request", str(push), stdin=random)
    assert right.returncode == 0, right.stdout


def test_what_a_reply_says_is_printed_escaped(cli: Cli) -> None:
    """The body excerpt under a non-JSON reply is the handler's text: its control characters must not
    reach the terminal (a title change, a cleared screen, reordered text)."""
    args = ("--token", TOKEN, "--aes-key", AES_KEY, "--app-key", OWNER, "--reply", "-", "--status", "500")
    for body in ("<html><title>x</title>\x1b]0;pwn\x07 hi</html>", "oops \x1b[2J \u202eabc\r\nmore"):
        result = cli("diagnose", *args, stdin=body)
        assert result.returncode == 1
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "\u202e" not in result.stdout
        assert "\\x1b" in result.stdout
