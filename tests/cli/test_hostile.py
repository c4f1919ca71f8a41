"""The command line against hostile input and a hostile environment (issue 11), as real subprocesses."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.core.store import EventStore
from tests.cli.serve_process import first_url, serve
from tests.listener_util import event, make_profile, push, reply_message, send

ESC = "\x1b"


def dc(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dingconsole", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
        input=stdin,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def profile() -> Profile:
    p = make_profile("demo")
    ProfileStore().add(p)
    return p


def test_serve_survives_a_deep_message_and_escapes_what_it_prints(profile: Profile) -> None:
    with serve() as proc:
        url = first_url(proc)
        deep = "[" * 20000 + "]" * 20000
        assert send("POST", url, push(profile, deep))[0] == 200
        hostile = push(profile, event("x" + ESC + "]0;pwned\x07" + ESC + "[2J\n12:00:00  #99  ok  200"))
        hostile.query["x"] = ESC + "[2J\r#99 ok"
        assert send("POST", url, hostile)[0] == 200
        assert send("POST", url, params={"nonce": ESC + "c\n#98 ok 200"}, data=b"x")[0] == 400
        status, body = send("POST", url, push(profile, event()))
        assert status == 200 and reply_message(profile, body) == "success"
        lines = [proc.stdout.readline() for _ in range(4)]
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "json_too_deep" in lines[0]
    printed = "".join(lines) + out
    assert ESC not in printed and "\x07" not in printed and "\r" not in printed
    assert all(line.count("\n") == 1 for line in lines)  # one request, one line
    assert "\\x1b" in lines[1]
    for args in (["events", "list"], ["events", "show", "1"], ["events", "list", "--json"], ["events", "show", "2"]):
        result = dc(*args)
        assert result.returncode == 0, (args, result.stderr)
        assert ESC not in result.stdout and "\x07" not in result.stdout, args
    assert "nested deeper than" in dc("events", "show", "1").stdout


def hostile_exchanges() -> list[Exchange]:
    evil = "$(touch PWNED)`touch PWNED`'; touch PWNED; '\n touch PWNED\r\n"
    return [
        Exchange(
            received_at=1_700_000_000.0 + i,
            request=HttpRequest(
                "POST",
                "/api/callback/" + evil + "\udce4\udcff",
                {"nonce": evil, evil: "x\x00y"},
                {"Content-Type": "application/json", "X-Evil" + str(i): evil + "\udcff", "Host": "h$(touch PWNED)"},
                body,
            ),
            outcome=Outcome.OK,
            event_type="fixture\n" + evil if i == 0 else evil,
            message=json.dumps({"EventType": evil}),
            reply_status=200,
        )
        for i, body in enumerate([evil.encode(), b"\x00\xff\xfe" + evil.encode(), b'{"encrypt":"abc"}'])
    ]


def test_bash_on_a_curl_export_of_hostile_events_runs_nothing_but_curl(tmp_path: Path) -> None:
    with EventStore() as store:
        store.add_many(hostile_exchanges())
    script = tmp_path / "replay.sh"
    result = dc("export", "--format", "curl", "--out", str(script))
    assert result.returncode == 0, result.stderr
    fake = tmp_path / "bin"
    fake.mkdir()
    log = tmp_path / "curl.log"
    # A fake curl that records its argv (NUL-separated) and its stdin; `touch` would leave PWNED behind.
    (fake / "curl").write_text(
        "#!/bin/sh\n"
        f'for a in "$@"; do last="$a"; printf "%s\\0" "$a"; done >> {log}\n'
        f'if [ "$last" = "@-" ]; then /bin/cat >> {log}; fi\n'
        f'printf "\\1" >> {log}\n'
    )
    (fake / "curl").chmod(0o755)
    (fake / "touch").write_text(f"#!/bin/sh\n: > {tmp_path / 'PWNED'}\n")  # an injected command would leave this
    (fake / "touch").chmod(0o755)
    (fake / "base64").symlink_to("/usr/bin/base64")
    work = tmp_path / "work"
    work.mkdir()
    run = subprocess.run(
        ["/bin/bash", str(script), "http://127.0.0.1:9"],
        cwd=work,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        env={"PATH": str(fake), "HOME": str(tmp_path)},
    )
    assert run.returncode == 0, run.stderr
    assert not list(work.iterdir()) and not (tmp_path / "PWNED").exists()
    calls = log.read_bytes().split(b"\x01")
    assert len(calls) == 4 and calls[-1] == b""  # three curls, each with its body on stdin
    evil = b"$(touch PWNED)`touch PWNED`'; touch PWNED; '\n touch PWNED\r\n"
    assert calls[0].endswith(b"--data-binary\x00@-\x00" + evil)  # the body, byte-exact, never an argument
    assert calls[1].endswith(b"@-\x00\x00\xff\xfe" + evil)
    # a header value with a line break would be two headers: left out (and said so in the script)
    assert not any(arg.startswith(b"X-Evil") for arg in calls[0].split(b"\x00"))
    assert b"# left out (curl cannot send them as captured): 'X-Evil0'" in script.read_bytes()
    assert stat.S_IMODE(script.stat().st_mode) & 0o077 == 0


def test_fixture_names_cannot_collide_with_the_kit(tmp_path: Path) -> None:
    kinds = ["fixture", "fixtures", "event", "check_url"]
    with EventStore() as store:
        store.add_many(
            [
                Exchange(
                    received_at=1_700_000_000.0 + i,
                    request=HttpRequest("POST", "/api/callback", {}, {}, b"{}"),
                    outcome=Outcome.OK,
                    event_type=kind,
                    message=json.dumps({"EventType": kind}),
                )
                for i, kind in enumerate(kinds)
            ]
        )
    out = tmp_path / "fx"
    assert dc("export", "--format", "fixtures", "--out", str(out)).returncode == 0
    test = out / "test_kit_names.py"
    test.write_text(
        "import types\n\n"
        "def test_kit(dingtalk, dingtalk_fixtures, dingtalk_fixture_events, dingtalk_check_url):\n"
        "    assert isinstance(dingtalk, types.ModuleType) and dingtalk.FORMAT == 'dingconsole-fixture'\n"
        "    assert len(dingtalk_fixtures) == 4 and dingtalk_fixture_events.event_type == 'fixture'\n"
        "    assert dingtalk_check_url.event_type == 'check_url'\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"],
        cwd=out,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_secrets_come_from_the_environment_not_only_the_command_line(profile: Profile) -> None:
    env = {"DINGCONSOLE_TOKEN": "123456", "DINGCONSOLE_AES_KEY": "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij"}
    signed = dc("sign", "--timestamp", "1445827045067", "--nonce", "nEXhMP4r", "--encrypt", "abc", env=env)
    on_line = dc("sign", "--token", "123456", "--timestamp", "1445827045067", "--nonce", "nEXhMP4r", "--encrypt", "abc")
    assert signed.returncode == 0 and signed.stdout == on_line.stdout, signed.stderr
    for command in (["sign"], ["decrypt"], ["encrypt"], ["diagnose"], ["profile", "add"], ["send"]):
        assert "DINGCONSOLE_" in dc(*command, "--help").stdout, command
    added = dc(
        "profile",
        "add",
        "fromenv",
        "--app-key",
        "dingenv",
        env={**env, "DINGCONSOLE_TOKEN": "Zk3pQ9vX2mL8rT5wY7aB1cD4"},
    )
    assert added.returncode == 0, added.stderr
    assert ProfileStore().get("fromenv").token == "Zk3pQ9vX2mL8rT5wY7aB1cD4"


def test_profile_add_warns_about_a_weak_token_and_offers_one() -> None:
    result = dc(
        "profile",
        "add",
        "weak",
        "--app-key",
        "dingweak",
        "--token",
        "123456",
        "--aes-key",
        "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij",
    )
    assert result.returncode == 0, result.stderr
    assert "weak" in result.stderr and "only digits" in result.stderr and "--token " in result.stderr


def no_loose_files(home: Path) -> list[str]:
    return [
        f"{p} {oct(stat.S_IMODE(p.stat().st_mode))}"
        for p in [home, *home.rglob("*")]
        if stat.S_IMODE(p.stat().st_mode) & 0o077
    ]


def test_no_file_under_home_is_readable_by_others(home: Path, profile: Profile) -> None:
    os.chmod(home, 0o755)
    os.chmod(ProfileStore().path, 0o644)
    with serve() as proc:
        url = first_url(proc)
        assert send("POST", url, push(profile, event()))[0] == 200
        proc.stdout.readline()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert "permissions" in err and "profiles.json" in err  # the loose profiles file was fixed, with a warning
    assert dc("events", "list").returncode == 0
    assert no_loose_files(home / "data") == [] and no_loose_files(home / "config") == []


def test_one_broken_profile_is_skipped_by_name_and_the_others_serve(home: Path, profile: Profile) -> None:
    path = ProfileStore().path
    data = json.loads(path.read_text("utf-8"))
    data["profiles"].append({"name": "broken", "owner_key": "dingx", "token": "t", "aes_key": "short"})
    path.write_text(json.dumps(data), "utf-8")
    with serve() as proc:
        url = first_url(proc)
        assert send("POST", url, push(profile, event()))[0] == 200
        proc.stdout.readline()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0
    assert "skipping profile broken" in err


def on_read_only_home(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run dingconsole with `home` read-only: a read-only bind mount for root (which ignores modes), else modes."""
    command = [sys.executable, "-m", "dingconsole", *args]
    if os.geteuid() == 0:
        remount = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'
        command = ["unshare", "-m", "sh", "-c", remount, str(home), *command]
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8")


def test_a_read_only_home_still_reads(home: Path, profile: Profile) -> None:
    with EventStore() as store:
        store.add(Exchange(received_at=1.0, request=HttpRequest(), outcome=Outcome.INVALID, error_code="x"))
    paths = [home, *home.rglob("*")]
    modes = {path: stat.S_IMODE(path.stat().st_mode) for path in paths}
    for path in paths:
        path.chmod(modes[path] & ~0o222)
    try:
        listed = on_read_only_home(home, "events", "list")
        assert listed.returncode == 0, listed.stderr
        assert "#1" in listed.stdout and "aside" not in listed.stderr
        assert "cannot be recorded" in listed.stderr
        profiles = on_read_only_home(home, "profile", "list")
        assert profiles.returncode == 0 and "demo" in profiles.stdout, profiles.stderr
        served = on_read_only_home(home, "serve")
        assert served.returncode == 1 and "cannot be recorded" in served.stderr, served.stderr
        assert "aside" not in served.stderr
    finally:
        for path in paths:
            path.chmod(modes[path])


def test_running_out_of_file_descriptors_is_logged_once_with_a_count(profile: Profile) -> None:
    import resource
    import socket

    def few_descriptors() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (48, 48))

    proc = subprocess.Popen(
        [sys.executable, "-m", "dingconsole", "serve"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=few_descriptors,
    )
    with proc:
        url = first_url(proc)
        host, port = url.split("//", 1)[1].split("/", 1)[0].split(":")
        flood = [socket.create_connection((host, int(port))) for _ in range(120)]
        try:
            for sock in flood:
                sock.sendall(b"GET /api/callback HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            while "file descriptors" not in (line := proc.stderr.readline()):  # the condition, logged once
                assert line, "serve ended without reporting the condition"
        finally:
            for sock in flood:
                sock.close()
        status, body = send("POST", url, push(profile, event()))
        assert status == 200 and reply_message(profile, body) == "success"
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err[-3000:]
    assert err.count("file descriptors") <= 2, err[-3000:]  # the first occurrence, and the count at the end
    assert "Traceback" not in err
    assert len(err) < 5000


def test_send_escapes_what_a_hostile_handler_replies() -> None:
    from aiohttp import web

    from tests.send_stubs import PROFILE, StubHandler
    from tests.send_stubs import serve as serve_handler

    class Hostile(StubHandler):
        async def handle(self, request: web.Request) -> web.StreamResponse:
            sealed = json.dumps(self.profile.crypto().seal("success"))
            return web.Response(text=sealed + ESC + "]0;pwned\x07" + ESC + "[2J", content_type="application/json")

    ProfileStore().add(PROFILE)
    with serve_handler(Hostile()) as url:
        result = dc("send", url, "--profile", PROFILE.name, "--event-type", "check_url")
    assert result.returncode == 1
    assert "\\x1b]0;pwned" in result.stdout and ESC not in result.stdout and "\x07" not in result.stdout
