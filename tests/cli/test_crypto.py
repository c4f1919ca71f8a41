"""decrypt / encrypt / sign / diagnose: output, exit codes, no tracebacks.

In-process (`cli`), except the byte-exact `--raw` check, which reads a real process's stdout.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.cli_runner import Cli
from tests.vectors import AES_KEY, ENC, NONCE, OWNER, PLAIN, SIG, TOKEN, TS

CREDS = ["--token", TOKEN, "--aes-key", AES_KEY, "--app-key", OWNER]
SIGNED = ["--signature", SIG, "--timestamp", TS, "--nonce", NONCE, "--encrypt", ENC]


def test_done_means_published_vector_raw_is_byte_exact() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dingconsole", "decrypt", *CREDS, *SIGNED, "--raw"], capture_output=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == PLAIN.encode()


def test_decrypt_pretty_and_json_output(cli: Cli) -> None:
    pretty = cli("decrypt", *CREDS, *SIGNED)
    assert pretty.returncode == 0 and json.loads(pretty.stdout) == json.loads(PLAIN)
    assert pretty.stdout.startswith('{\n  "EventType"')
    machine = json.loads(cli("decrypt", *CREDS, *SIGNED, "--json").stdout)
    assert machine["ok"] and machine["verified"] and machine["owner_key"] == OWNER
    assert machine["event_type"] == "check_create_suite_url" and machine["message"] == PLAIN


def test_wrong_token_wrong_aes_key_wrong_owner_each_get_their_diagnosis(cli: Cli) -> None:
    token = cli("decrypt", "--token", "654321", "--aes-key", AES_KEY, "--app-key", OWNER, *SIGNED)
    assert token.returncode == 1
    assert "FAIL  signature" in token.stderr and "error [signature_mismatch]" in token.stderr
    assert "token" in token.stderr.split("error [")[1]
    key = cli(
        "decrypt",
        "--token",
        TOKEN,
        "--aes-key",
        "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
        "--app-key",
        OWNER,
        *SIGNED,
    )
    assert key.returncode == 1
    assert "error [invalid_padding]" in key.stderr or "error [invalid_length]" in key.stderr
    assert "aesKey differs" in key.stderr
    owner = cli("decrypt", "--token", TOKEN, "--aes-key", AES_KEY, "--app-key", "dingabcdef", *SIGNED)
    assert owner.returncode == 1
    assert "error [owner_key_mismatch]" in owner.stderr and "made for suite4…" in owner.stderr
    assert f"'{OWNER}'" in owner.stderr
    assert owner.stdout == ""


def test_decrypt_from_pasted_curl_on_stdin_and_failure_as_json(cli: Cli) -> None:
    curl = (
        f"curl 'http://h/cb?signature={SIG}&timestamp={TS}&nonce={NONCE}' \\\n"
        f" -H 'Content-Type: application/json' \\\n -d '{{\"encrypt\":\"{ENC}\"}}'"
    )
    result = cli("decrypt", *CREDS, "--request", "-", "--raw", stdin=curl)
    assert result.returncode == 0 and result.stdout == PLAIN
    failed = cli("decrypt", "--token", "x", "--aes-key", AES_KEY, "--request", "-", "--json", stdin=curl)
    data = json.loads(failed.stdout)
    assert failed.returncode == 1 and data["ok"] is False and data["error"]["code"] == "signature_mismatch"
    by_name = {step["name"]: step for step in data["diagnosis"]["steps"]}
    assert by_name["signature"]["status"] == "failed"


def test_encrypt_then_sign_then_decrypt_round_trip(tmp_path: Path, cli: Cli) -> None:
    message = tmp_path / "event.json"
    message.write_text('{"EventType":"check_url","名":"钉钉😀"}', "utf-8")
    sealed = json.loads(
        cli("encrypt", *CREDS, "--file", str(message), "--timestamp", "1700000000000", "--nonce", "abcd1234").stdout
    )
    assert (sealed["timeStamp"], sealed["nonce"]) == ("1700000000000", "abcd1234")
    signature = cli(
        "sign", "--token", TOKEN, "--timestamp", "1700000000000", "--nonce", "abcd1234", "--encrypt", sealed["encrypt"]
    ).stdout.strip()
    assert signature == sealed["msg_signature"]
    back = cli(
        "decrypt",
        *CREDS,
        "--signature",
        signature,
        "--timestamp",
        "1700000000000",
        "--nonce",
        "abcd1234",
        "--encrypt",
        sealed["encrypt"],
        "--raw",
    )
    assert back.stdout == message.read_text("utf-8")


def test_diagnose_push_against_saved_profiles_and_reply(cli: Cli) -> None:
    assert cli("profile", "add", "app", "--app-key", "dingabc", "--token", "t1",
               "--aes-key", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG").returncode == 0  # fmt: skip
    assert cli("profile", "add", "isv", "--app-key", OWNER, "--token", TOKEN, "--aes-key", AES_KEY).returncode == 0
    report = cli("diagnose", *SIGNED)
    assert report.returncode == 0, report.stdout
    assert "matches the token of profile 'isv'" in report.stdout and "22 × 0x16" in report.stdout
    data = json.loads(cli("diagnose", *SIGNED, "--json").stdout)
    assert data["all_passed"] and data["profile"] == "isv"
    bad_reply = json.dumps({"msg_signature": "x", "timestamp": "1", "nonce": "n", "encrypt": "e"})
    reply = cli("diagnose", "--profile", "isv", "--reply", "-", stdin=bad_reply)
    assert reply.returncode == 1
    assert "`timestamp` should be `timeStamp`" in reply.stdout and "the correct reply would be" in reply.stdout
    good = cli("encrypt", "--profile", "isv", "--text", "success").stdout
    assert cli("diagnose", "--profile", "isv", "--reply", "-", "--elapsed-ms", "20", stdin=good).returncode == 0


def test_diagnose_bare_encrypt_skips_the_signature_and_exits_0(cli: Cli) -> None:
    assert cli("profile", "add", "isv", "--app-key", OWNER, "--token", TOKEN, "--aes-key", AES_KEY).returncode == 0
    result = cli("diagnose", "--encrypt", ENC, "--profile", "isv")
    assert result.returncode == 0, result.stdout
    assert "skip  parameters  no query given: signature not checked" in result.stdout
    assert "FAIL" not in result.stdout
    data = json.loads(cli("diagnose", "--request", "-", "--profile", "isv", "--json", stdin=ENC).stdout)
    assert data["all_passed"] and data["ok"]
    assert {s["name"]: s["status"] for s in data["steps"]}["signature"] == "skipped"
    curl = f"curl 'http://h/cb?timestamp={TS}&nonce={NONCE}' -d '{{\"encrypt\":\"{ENC}\"}}'"
    missing = cli("diagnose", "--request", "-", "--profile", "isv", stdin=curl)
    assert missing.returncode == 1 and "FAIL  parameters" in missing.stdout
    other_key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
    wrong = cli("decrypt", "--token", "wrong", "--aes-key", other_key, "--encrypt", ENC)
    assert wrong.returncode == 1 and "skip  parameters" in wrong.stderr


def test_usage_errors_exit_2(cli: Cli) -> None:
    for args in (["decrypt", "--encrypt", ENC], ["decrypt", *CREDS], ["sign", "--token", "t"],
                 ["decrypt", *CREDS, "--encrypt", ENC, "--signature", SIG], ["diagnose", "--encrypt", ENC],
                 ["decrypt", *CREDS, "--request", "/nonexistent/file"]):  # fmt: skip
        result = cli(*args)
        assert result.returncode == 2, args
        assert result.stderr.startswith("error:")
    garbage = cli("decrypt", *CREDS, "--request", "-", stdin="hello world")
    assert garbage.returncode == 1 and "error [bad_request]" in garbage.stderr
    assert cli("decrypt", "--help").returncode == 0


def test_request_as_events_show_prints_it_decrypts(cli: Cli) -> None:
    """`events show` prints the request line without an HTTP version and the body pretty-printed; pasting
    that into decrypt must open it (it used to be taken for a URL, the headers for the body: 'not JSON')."""
    pasted = (
        f"POST /api/callback?signature={SIG}&msg_signature={SIG}&timestamp={TS}&nonce={NONCE}\n"
        "Host: 127.0.0.1:8080\nContent-Type: application/json; charset=utf-8\nContent-Length: 229\n\n"
        + json.dumps({"encrypt": ENC}, indent=2)
        + "\n"
    )
    result = cli("decrypt", *CREDS, "--request", "-", stdin=pasted)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(PLAIN)
