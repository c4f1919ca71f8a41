"""Exports are inert (issue 22): nothing in a capture makes a later command read a file, expand a glob
or reach a host the user did not name, and everything written is private whatever the umask.

Before: a body starting with `@` became `--data-binary '@/path'` (the replay POSTed a local file), a URL
holding `[1-5]` became five requests, and `bash replay.sh` with no argument sent everything to the
captured Host header — the sender's choice. The scripts run for real here, with bash and curl, against
a real HTTP server on loopback.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
from dingconsole.core.export import curl_command, export_fixtures, write_curl, write_har, write_jsonl

CURL = shutil.which("curl")
BASH = shutil.which("bash")


class Recorder(BaseHTTPRequestHandler):
    """Keeps (method, path, body) of every request; answers 200."""

    seen: list[tuple[str, str, bytes]]

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        length = int(self.headers.get("Content-Length") or 0)
        self.server.seen.append((self.command, self.path, self.rfile.read(length)))  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[ThreadingHTTPServer]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    httpd.seen = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def origin(httpd: ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{httpd.server_address[1]}"


def captured(body: bytes, path: str = "/api/callback", host: str = "127.0.0.1:8080", **query: str) -> Exchange:
    request = HttpRequest("POST", path, dict(query), {"Host": host, "Content-Type": "application/json"}, body)
    return Exchange(received_at=1_700_000_000.0, request=request, outcome=Outcome.FAILED, id=7)


def run_bash(command: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    assert CURL and BASH, "curl and bash are needed (.ci/run installs curl)"
    return subprocess.run(command, capture_output=True, text=True, timeout=60, env={**os.environ, **(env or {})})


def test_a_body_naming_a_file_is_sent_as_text_not_as_the_file(tmp_path: Path, server) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the contents of a local file")
    body = f"@{secret}".encode()
    script = tmp_path / "replay.sh"
    write_curl([captured(body)], script)
    result = run_bash([BASH, str(script), origin(server)])
    assert result.returncode == 0, result.stderr
    assert [seen[2] for seen in server.seen] == [body]
    command = curl_command(captured(body).request, origin(server))
    assert run_bash([BASH, "-c", command]).returncode == 0
    assert server.seen[-1][2] == body


def test_brackets_and_braces_in_a_url_are_one_literal_request(tmp_path: Path, server) -> None:
    exchange = captured(b"{}", path="/api/x[1-5]", q="{a,b}")
    script = tmp_path / "replay.sh"
    write_curl([exchange], script)
    assert run_bash([BASH, str(script), origin(server)]).returncode == 0
    assert [(m, p) for m, p, _ in server.seen] == [("POST", "/api/x[1-5]?q=%7Ba%2Cb%7D")]


def test_the_replay_goes_only_where_the_user_says(tmp_path: Path, server) -> None:
    attacker = captured(b"{}", host=f"127.0.0.1:{server.server_address[1]}")  # the Host header a sender chose
    script = tmp_path / "replay.sh"
    write_curl([attacker], script)
    result = run_bash([BASH, str(script)])
    assert result.returncode != 0 and "ORIGIN" in result.stderr
    assert run_bash([BASH, str(script), "file:///etc/passwd"]).returncode == 2
    assert server.seen == []
    command = curl_command(attacker.request)  # copy as curl: $ORIGIN or nothing
    result = run_bash([BASH, "-c", command], env={"ORIGIN": ""})
    assert result.returncode != 0 and server.seen == []
    assert run_bash([BASH, "-c", command], env={"ORIGIN": origin(server)}).returncode == 0
    assert len(server.seen) == 1


def test_a_path_cannot_turn_the_origin_into_another_host(tmp_path: Path, server) -> None:
    sneaky = captured(b"{}", path="@127.0.0.2:1/x")
    assert run_bash([BASH, "-c", curl_command(sneaky.request, origin(server))]).returncode == 0
    assert server.seen[0][1] == "/@127.0.0.2:1/x"


def test_a_header_named_like_a_file_is_not_passed_to_curl() -> None:
    request = HttpRequest("POST", "/api/callback", {}, {"@/etc/passwd": "x", "X-Ok": "1"}, b"")
    command = curl_command(request, "http://127.0.0.1:1")
    assert "/etc/passwd" not in command and "X-Ok: 1" in command


def test_the_fixture_readme_is_printable_text(tmp_path: Path) -> None:
    exchange = Exchange(
        received_at=1_700_000_000.0,
        request=HttpRequest("POST", "/api/callback", {}, {}, b"{}"),
        outcome=Outcome.OK,
        message='{"EventType": "evil\\u001b]0;pwned\\u0007"}',
        event_type="evil\x1b]0;pwned\x07\x1b[2J",
        id=1,
    )
    export_fixtures([exchange], tmp_path / "fx")
    readme = (tmp_path / "fx" / "README.txt").read_text("utf-8")
    assert "\x1b" not in readme and "\x07" not in readme and "\\x1b" in readme
    assert all(ch.isprintable() or ch in "\n" for ch in readme)


def test_everything_written_is_private_under_umask_000(tmp_path: Path) -> None:
    exchange = Exchange(
        received_at=1_700_000_000.0,
        request=HttpRequest("POST", "/api/callback", {}, {}, b"{}"),
        outcome=Outcome.OK,
        message='{"EventType": "user_add_org"}',
        event_type="user_add_org",
        id=1,
    )
    previous = os.umask(0)
    try:
        export_fixtures([exchange], tmp_path / "a" / "fixtures")
        write_jsonl([exchange], tmp_path / "b" / "c" / "out.jsonl")
        write_curl([exchange], tmp_path / "d" / "replay.sh")
        write_har([exchange], tmp_path / "e" / "out.har")
    finally:
        os.umask(previous)
    made = [tmp_path / name for name in "abde"]
    for path in [*made, *(p for top in made for p in top.rglob("*"))]:
        mode = stat.S_IMODE(path.stat().st_mode)
        if path.is_dir():
            assert mode == 0o700, (path, oct(mode))
        else:
            assert mode == (0o700 if path.suffix == ".sh" else 0o600), (path, oct(mode))
