"""`dingconsole stream` and `dingconsole failed` as real subprocesses against the stand-in gateway and open API."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from dingconsole.core.exchange import Outcome, Transport
from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.core.store import EventStore
from tests.dingtalk_standin import PROFILE, Gateway, OpenApi, event_frame, running
from tests.send_stubs import PROFILE as HANDLER_PROFILE
from tests.send_stubs import StubHandler, serve


@pytest.fixture(autouse=True)
def profiles(home: Path) -> None:
    store = ProfileStore()
    store.add(PROFILE)
    store.add(Profile(**{**PROFILE.to_dict(), "name": "nosecret", "app_secret": ""}))
    store.add(Profile(**{**PROFILE.to_dict(), "name": "wrong", "app_secret": "nope"}))
    store.add(Profile(**{**HANDLER_PROFILE.to_dict(), "name": "handler"}))


class Proc:
    """A running `dingconsole` with its stdout and stderr read line by line on threads."""

    def __init__(self, *args: str) -> None:
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "dingconsole", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.out: queue.Queue[str] = queue.Queue()
        self.err: list[str] = []
        self._threads = [
            threading.Thread(target=self._pump, args=(self.popen.stdout, self.out.put), daemon=True),
            threading.Thread(target=self._pump, args=(self.popen.stderr, self.err.append), daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    @staticmethod
    def _pump(stream: object, sink: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            sink(line.rstrip("\n"))  # type: ignore[operator]
        stream.close()  # type: ignore[attr-defined]

    def line(self, timeout: float = 15.0) -> str:
        return self.out.get(timeout=timeout)

    def wait_err(self, text: str, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while not any(text in line for line in self.err):
            if time.monotonic() > deadline or self.popen.poll() is not None and not self._threads[1].is_alive():
                raise AssertionError(f"{text!r} not in stderr: {self.err}")
            time.sleep(0.02)

    def finish(self, sig: int | None = signal.SIGINT, timeout: float = 20.0) -> int:
        if sig is not None and self.popen.poll() is None:
            self.popen.send_signal(sig)
        try:
            code = self.popen.wait(timeout)
        finally:
            if self.popen.poll() is None:
                self.popen.kill()
                self.popen.wait()
            for thread in self._threads:
                thread.join(5)
        return code

    def stderr(self) -> str:
        return "\n".join(self.err)


def test_stream_prints_each_event_and_stops_on_sigint(gateway: Gateway) -> None:
    proc = Proc("stream", "--profile", "streamer", "--gateway-base", gateway.base)
    try:
        proc.wait_err("connected as")
        gateway.send(event_frame({"EventType": "user_add_org", "UserId": ["u7"]}, event_id="ev-c1", message_id="c1"))
        line = proc.line()
        assert "user_add_org" in line and "ev-c1" in line and "#1" in line
        gateway.wait_ack("c1")
    finally:
        code = proc.finish(signal.SIGINT)
    assert code == 0, proc.stderr()
    assert "stopped after 1 events" in proc.stderr()
    with EventStore() as store:
        (ex,) = store.query()
    assert ex.transport is Transport.STREAM and ex.event_id == "ev-c1"


def test_stream_json_lines_and_sigterm(gateway: Gateway) -> None:
    proc = Proc("stream", "--profile", "streamer", "--json", "--gateway-base", gateway.base)
    try:
        proc.wait_err("connected as")
        gateway.send(
            event_frame({"EventType": "chat_disband"}, event_type="chat_disband", event_id="ev-j", message_id="j1")
        )
        data = json.loads(proc.line())
    finally:
        code = proc.finish(signal.SIGTERM)
    assert code == 0, proc.stderr()
    assert data["transport"] == "stream" and data["event_type"] == "chat_disband" and data["id"] == 1


def test_stream_forwards_to_a_handler(gateway: Gateway) -> None:
    handler = StubHandler(mode="good")
    with serve(handler) as url:
        proc = Proc(
            "stream", "--profile", "streamer", "--forward", url, "--forward-profile", "handler",
            "--gateway-base", gateway.base,
        )  # fmt: skip
        try:
            proc.wait_err("forwarding to")
            gateway.send(
                event_frame({"EventType": "check_in"}, event_type="check_in", event_id="ev-f", message_id="f1")
            )
            line = proc.line()
        finally:
            code = proc.finish()
    assert code == 0, proc.stderr()
    assert "handler replied 200: passed" in line
    assert [json.loads(m)["EventType"] for m in handler.received] == ["check_in"]


def test_stream_without_app_secret_is_a_usage_error(gateway: Gateway) -> None:
    proc = Proc("stream", "--profile", "nosecret", "--gateway-base", gateway.base)
    code = proc.finish(sig=None)
    assert code == 2
    assert "no AppSecret" in proc.stderr()
    assert gateway.open_bodies == []
    # the hint's command must exist, with the options it names
    suggested = re.search(r"`dingconsole ([^`]+)`", proc.stderr())
    assert suggested is not None, proc.stderr()
    words = suggested.group(1).split()
    helped = subprocess.run(
        [sys.executable, "-m", "dingconsole", *words[:2], "--help"], capture_output=True, text=True, timeout=60
    )
    assert helped.returncode == 0, helped.stderr
    assert all(opt in helped.stdout for opt in words if opt.startswith("--"))


def test_stream_with_wrong_credentials_fails_clearly(gateway: Gateway) -> None:
    proc = Proc("stream", "--profile", "wrong", "--gateway-base", gateway.base)
    code = proc.finish(sig=None)
    assert code == 1
    assert "error [stream_auth]" in proc.stderr() and "hint:" in proc.stderr()


def test_failed_fetches_stores_and_replays() -> None:
    pages = [
        [{"call_back_tag": "user_add_org", "event_time": 1, "user_add_org": {"UserId": ["a"]}}],
        [{"call_back_tag": "org_dept_remove", "event_time": 2, "org_dept_remove": {"DeptId": [3]}}],
    ]
    handler = StubHandler(mode="good")
    with running(OpenApi(pages)) as api, serve(handler) as url:
        proc = Proc(
            "failed", "--profile", "streamer", "--replay", url, "--replay-profile", "handler", "--api-base", api.base
        )
        code = proc.finish(sig=None)
        lines = [proc.out.get_nowait() for _ in range(proc.out.qsize())]
    assert code == 0, proc.stderr()
    assert "fetched 2 failed pushes" in proc.stderr()
    assert sum("replay #" in line and "passed" in line for line in lines) == 2
    assert [json.loads(m)["EventType"] for m in handler.received] == ["user_add_org", "org_dept_remove"]
    with EventStore() as store:
        stored = store.query(newest_first=False)
    fetched, replays = stored[:2], stored[2:]
    assert {ex.transport for ex in stored} == {Transport.FAILED_API}
    assert len(replays) == 2  # each replay delivery is saved, pointing at the event it replayed
    assert [ex.repeat_of for ex in replays] == [ex.id for ex in fetched]
    assert all(ex.outcome is Outcome.OK and ex.reply_status == 200 and ex.profile == "handler" for ex in replays)


def test_failed_json_and_wrong_credentials() -> None:
    pages = [[{"call_back_tag": "check_in", "event_time": 1, "check_in": {"userId": "u"}}]]
    with running(OpenApi(pages)) as api:
        bad = Proc("failed", "--profile", "wrong", "--api-base", api.base)
        assert bad.finish(sig=None) == 1
        assert "40089" in bad.stderr()
        good = Proc("failed", "--profile", "streamer", "--json", "--api-base", api.base)
        assert good.finish(sig=None) == 0, good.stderr()
        data = json.loads("\n".join(good.out.get_nowait() for _ in range(good.out.qsize())))
    assert [ex["event_type"] for ex in data["fetched"]] == ["check_in"] and data["replayed"] == []
