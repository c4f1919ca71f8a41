"""The curl export and "Copy as curl", run for real by bash and curl against real local servers (issue 22, item 3).

Whatever a capture holds, a replay sends the captured bytes and nothing else, once, to the origin the
user named: curl reads no local file, expands no glob, and never goes where the captured Host says.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
from dingconsole.core.export import curl_command, write_curl
from tests.http_recorder import Recorder, recording

SECRET = b"the content of a local file: never to be sent\n"


@pytest.fixture(scope="module", autouse=True)
def curl() -> str:
    """These tests run curl for real; a machine without it must say so, not pass quietly (.ci/run installs it)."""
    path = shutil.which("curl")
    if path is None:
        pytest.fail("curl is needed: install it (the Debian package `curl`; .ci/run does)")
    return path


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_bytes(SECRET)
    return path


def captured(
    path: str = "/api/callback/prod",
    body: bytes = b'{"encrypt":"abc"}',
    headers: dict[str, str] | None = None,
    query: dict[str, str] | None = None,
) -> Exchange:
    request = HttpRequest(
        "POST",
        path,
        {"nonce": "n1"} if query is None else query,
        {"Content-Type": "application/json"} if headers is None else headers,
        body,
    )
    return Exchange(time.time(), request, outcome=Outcome.OK, id=7, event_type="check_url")


def _env(tmp_path: Path) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path)}  # no ~/.curlrc of the user's


def run_script(tmp_path: Path, exchanges: list[Exchange], *args: str) -> subprocess.CompletedProcess[bytes]:
    script = tmp_path / "replay.sh"
    write_curl(exchanges, script)
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    return subprocess.run(
        ["bash", str(script), *args],
        capture_output=True,
        timeout=60,
        cwd=work,
        stdin=subprocess.DEVNULL,
        env=_env(tmp_path),
    )


def run_command(tmp_path: Path, exchange: Exchange, origin: str) -> subprocess.CompletedProcess[bytes]:
    """What "Copy as curl" puts on the clipboard, pasted into bash."""
    command = curl_command(exchange.request, origin=origin)
    return subprocess.run(
        ["bash", "-c", command + " -sS -o /dev/null"],
        capture_output=True,
        timeout=60,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        env=_env(tmp_path),
    )


def replay(tmp_path: Path, how: str, exchange: Exchange, server: Recorder) -> None:
    proc = (
        run_script(tmp_path, [exchange], server.origin)
        if how == "script"
        else run_command(tmp_path, exchange, server.origin)
    )
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")


@pytest.mark.parametrize("how", ["script", "command"])
def test_a_body_naming_a_local_file_arrives_as_that_literal_body(tmp_path: Path, secret: Path, how: str) -> None:
    """`--data-binary '@/path'` made curl POST the file; the body is the captured text, byte for byte."""
    bodies = [b"@" + str(secret).encode(), b"@/etc/hostname", b"@-", b"@" + str(secret).encode() + b"\r\n"]
    with recording() as server:
        for body in bodies:
            replay(tmp_path, how, captured(body=body), server)
        got = [r.body for r in server.requests()]
    assert got == bodies
    assert all(SECRET not in body for body in got)


@pytest.mark.parametrize("how", ["script", "command"])
@pytest.mark.parametrize(
    "path",
    ["/api/callback/x[1-5]", "/api/callback/{a,b}", "/api/callback/[a-c]{1,2}", "/api/a b#c?d%41[0-9]"],
)
def test_glob_characters_in_a_path_make_one_request_with_that_literal_path(tmp_path: Path, how: str, path: str) -> None:
    with recording() as server:
        replay(tmp_path, how, captured(path=path), server)
        got = server.requests()
    assert [r.path for r in got] == [path]
    assert got[0].body == b'{"encrypt":"abc"}'


def test_the_script_goes_only_where_the_user_says_never_to_the_captured_host(tmp_path: Path, secret: Path) -> None:
    """`bash replay.sh` with no argument sent everything to the Host the sender wrote (with the file of item 1)."""
    with recording() as attacker, recording() as user:
        hostile = [
            captured(body=b"@" + str(secret).encode(), headers={"Host": attacker.host}),
            captured(path=f"@{attacker.host}/x", headers={"Host": attacker.host}),  # ORIGIN + path = user@attacker
            captured(path=f"//{attacker.host}/y", headers={"Host": attacker.host}),
        ]
        refused = run_script(tmp_path, hostile)
        assert refused.returncode == 2 and b"ORIGIN" in refused.stderr
        assert attacker.requests() == [] and user.requests() == []
        assert run_script(tmp_path, hostile, "").returncode == 2  # an empty ORIGIN is no origin either
        sent = run_script(tmp_path, hostile, user.origin + "/")
        assert sent.returncode == 0, sent.stderr
        assert attacker.requests() == []
        got = user.requests()
    assert [r.path for r in got] == ["/api/callback/prod", f"/@{attacker.host}/x", f"/{attacker.host}/y"]
    assert all(r.headers["Host"] == user.host for r in got)
    assert got[0].body == b"@" + str(secret).encode()


def test_a_copied_command_goes_to_the_origin_given_not_the_captured_host(tmp_path: Path) -> None:
    with recording() as attacker, recording() as user:
        for path in ("/api/callback", f"@{attacker.host}/x"):
            exchange = captured(path=path, headers={"Host": attacker.host, "X-Trace": "t"})
            assert attacker.host not in curl_command(exchange.request, origin=user.origin).split("/", 3)[2]
            assert run_command(tmp_path, exchange, user.origin).returncode == 0
        assert attacker.requests() == []
        got = user.requests()
    assert len(got) == 2 and all(r.headers["Host"] == user.host and r.headers["X-Trace"] == "t" for r in got)


@pytest.mark.parametrize("how", ["script", "command"])
def test_a_header_curl_would_read_a_file_from_or_split_in_two_is_left_out(tmp_path: Path, how: str) -> None:
    """`-H @file` makes curl read headers from a file; a line break in a value would be a second header."""
    leak = tmp_path / "h: v"  # the argument `@<path>: v` names this file
    leak.write_text("X-Leak: the content of a local file\n")
    headers = {
        "Content-Type": "application/json",
        f"@{tmp_path / 'h'}": "v",
        "X-Split": "a\r\nX-Injected: 1",
        "X-Fine": "kept",
    }
    with recording() as server:
        replay(tmp_path, how, captured(headers=headers), server)
        [got] = server.requests()
    assert "X-Leak" not in got.headers and "X-Injected" not in got.headers
    assert got.headers["X-Fine"] == "kept" and got.headers["Content-Type"] == "application/json"
    if how == "script":
        assert "# left out" in (tmp_path / "replay.sh").read_text("utf-8")


def test_a_large_body_and_a_binary_one_arrive_byte_for_byte(tmp_path: Path) -> None:
    """Through stdin: no argument-length limit (a 1 MiB push), and bytes that are not UTF-8 or hold a NUL."""
    large = b'{"encrypt":"' + b"A" * (1024 * 1024) + b'"}'
    binary = b"\x00\xff\xfe @/etc/hostname $(touch PWNED)"
    with recording() as server:
        proc = run_script(tmp_path, [captured(body=large), captured(body=binary)], server.origin)
        assert proc.returncode == 0, proc.stderr
        got = [r.body for r in server.requests()]
    assert got == [large, binary]
    assert not (tmp_path / "work" / "PWNED").exists()
