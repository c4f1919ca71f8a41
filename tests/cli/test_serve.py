"""`dingconsole serve`: first line, one line per exchange, --json, clean stop on SIGINT and SIGTERM.

One test runs the real `python -m dingconsole serve` process; the rest run it in-process (`cli`).
"""

from __future__ import annotations

import json
import signal
import socket

import pytest

from dingconsole.core.exchange import Outcome
from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.core.store import EventStore
from tests.cli.serve_process import first_url, serve
from tests.cli_runner import Cli, Live
from tests.listener_util import event, make_profile, push, send


@pytest.fixture
def profile() -> Profile:
    p = make_profile("demo")
    ProfileStore().add(p)
    return p


def test_lines_per_exchange_and_sigint_stops_cleanly(profile: Profile) -> None:
    with serve() as proc:
        url = first_url(proc)
        assert url.startswith("http://127.0.0.1:") and url.endswith("/api/callback")
        assert send("POST", url, push(profile, event("user_add_org", UserId=["u1"])))[0] == 200
        assert send("POST", url, data=b"junk")[0] == 400
        assert send("GET", url)[0] == 200
        # A failure's line follows its diagnosis, made after the reply in a worker: it may come later.
        lines = sorted((proc.stdout.readline() for _ in range(3)), key=lambda line: int(line.split("#")[1].split()[0]))
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert " ok " in lines[0] and "user_add_org" in lines[0] and "demo" in lines[0]
    assert " failed " in lines[1] and "[bad_request] body is not JSON" in lines[1]  # the diagnosed cause (issue 23)
    assert " info " in lines[2]
    assert out == ""
    assert "stopped after 3 exchanges" in err
    with EventStore() as store:
        assert store.count() == 3


def test_json_lines_policy_and_sigterm(profile: Profile, cli: Cli) -> None:
    other = make_profile("other", "dingother")
    ProfileStore().add(other)
    records: list[dict] = []

    def talk(live: Live) -> None:
        line = live.line()
        assert line.startswith("listening on http://127.0.0.1:"), line
        url = line.split("listening on ", 1)[1]
        assert url.endswith("/hook")
        assert send("POST", url, push(other, event(event_id="x1")))[0] == 500
        assert send("POST", url + "/demo", push(profile, event()))[0] == 404  # only --profile answers
        records.extend(json.loads(live.line()) for _ in range(2))

    argv = ["serve", "--json", "--profile", "other", "--policy", "http_500", "--path", "/hook"]
    ran = cli.live(*argv, body=talk, stop=signal.SIGTERM)
    assert ran.returncode == 0, ran.stderr
    assert "stopped after 2 exchanges" in ran.stderr
    assert records[0]["outcome"] == Outcome.POLICY.value and records[0]["event_id"] == "x1"
    assert records[0]["profile"] == "other" and records[0]["reply_status"] == 500
    assert records[1]["outcome"] == Outcome.INVALID.value


def test_no_profiles_is_a_usage_error(cli: Cli) -> None:
    result = cli("serve")
    assert result.returncode == 2
    assert "no profiles" in result.stderr


def test_port_taken_and_bad_policy_are_usage_errors(profile: Profile, cli: Cli) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        result = cli("serve", "--port", str(taken.getsockname()[1]))
    assert result.returncode == 2 and "already in use" in result.stderr
    bad = cli("serve", "--policy", "sometimes")
    assert bad.returncode == 2 and "unknown policy" in bad.stderr


@pytest.mark.parametrize("port", ["70000", "-1"])
def test_port_out_of_range_is_a_usage_error(profile: Profile, port: str, cli: Cli) -> None:
    result = cli("serve", "--port", port)
    assert result.returncode == 2, result.stderr
    assert "internal error" not in result.stderr and "0 to 65535" in result.stderr
