"""`dingconsole events tail`: the last matches, then --follow with real listeners writing the same store.

Writers are real: a `serve` process, or a listener in this process on the home's store; the tail runs
in-process (`cli.live`) or as its own process when the test is about its pipe and its signals.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Iterator

import pytest

from dingconsole.core.listener import Listener
from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.core.store import EventStore
from tests.cli.serve_process import first_url, serve
from tests.cli_runner import Cli, Live
from tests.listener_util import event, make_profile, push, send


@pytest.fixture
def profile() -> Profile:
    saved = make_profile("demo")
    ProfileStore().add(saved)
    return saved


@pytest.fixture
def home_listener(profile: Profile) -> Iterator[Listener]:
    """A listener recording into the home's own store (the one `events tail` reads)."""
    with EventStore() as store:
        listener = Listener(store, [profile])
        listener.start()
        try:
            yield listener
        finally:
            listener.stop()


def tail_process(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "dingconsole", "events", "tail", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def test_the_last_matches_oldest_first(home_listener: Listener, profile: Profile, cli: Cli) -> None:
    for number in range(3):
        assert send("POST", home_listener.url, push(profile, event("user_add_org", event_id=f"e{number}")))[0] == 200
    assert send("POST", home_listener.url, data=b"junk")[0] == 400
    lines = cli("events", "tail", "--limit", "2", "--outcome", "ok").stdout.splitlines()
    assert len(lines) == 2 and "#2" in lines[0] and "#3" in lines[1]
    records = [json.loads(line) for line in cli("events", "tail", "--jsonl").stdout.splitlines()]
    assert [r["id"] for r in records] == [1, 2, 3, 4] and records[-1]["outcome"] == "failed"
    assert "员工入职" in cli("events", "tail", "--limit", "1", "--type", "user_add_org", "--lang", "zh").stdout
    assert cli("events", "tail", "--limit", "-1").returncode == 2
    assert cli("events", "tail", "--since", "yesterday-ish").returncode == 2


def test_follow_prints_what_serve_records_as_it_records_it(profile: Profile, cli: Cli) -> None:
    received: list[dict] = []
    with serve() as writer:
        url = first_url(writer)
        assert send("POST", url, push(profile, event("user_add_org", event_id="before")))[0] == 200

        def follow(live: Live) -> None:
            ready = json.loads(live.line())
            assert ready == {"ready": True, "last_id": 1}
            assert send("POST", url, push(profile, event("user_add_org", event_id="while-1")))[0] == 200
            received.append(json.loads(live.line()))
            assert send("POST", url, data=b"junk")[0] == 400  # filtered out: --outcome ok
            assert send("POST", url, push(profile, event("user_leave_org", event_id="while-2")))[0] == 200
            received.append(json.loads(live.line()))

        ran = cli.live("events", "tail", "--follow", "--jsonl", "--limit", "0", "--outcome", "ok", body=follow,
                       stop=signal.SIGTERM)  # fmt: skip
        writer.send_signal(signal.SIGINT)
        writer.communicate(timeout=30)
    assert ran.returncode == 0, ran.stderr
    assert [r["event_id"] for r in received] == ["while-1", "while-2"]
    assert [r["id"] for r in received] == [2, 4]
    assert received[0]["event"]["label"]["zh"] == "员工入职"
    assert ran.stdout.count("\n") == 3  # the ready line and the two events: nothing else


def test_a_reader_that_closes_the_pipe_ends_the_tail_quietly(home_listener: Listener, profile: Profile) -> None:
    proc = tail_process("--follow", "--jsonl")
    assert proc.stdout is not None and proc.stderr is not None
    assert json.loads(proc.stdout.readline()) == {"ready": True, "last_id": 0}
    assert send("POST", home_listener.url, push(profile, event("user_add_org", event_id="seen")))[0] == 200
    assert json.loads(proc.stdout.readline())["event_id"] == "seen"
    proc.stdout.close()  # the reader goes away while the tail is idle
    assert proc.wait(timeout=15) == 0
    err = proc.stderr.read()
    proc.stderr.close()
    assert "Traceback" not in err and "Broken pipe" not in err and "BrokenPipe" not in err, err


def test_sigint_stops_a_follow(home_listener: Listener, profile: Profile) -> None:
    assert send("POST", home_listener.url, push(profile, event("user_add_org", event_id="old")))[0] == 200
    proc = tail_process("--follow")
    assert proc.stdout is not None
    assert "#1" in proc.stdout.readline()  # the backlog, as text
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=15)
    assert proc.returncode == 0, err
    assert "following new exchanges" in err and "Traceback" not in err and out == ""
