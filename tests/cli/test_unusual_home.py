"""A home folder like C:\\Users\\张三\\… : spaces and Chinese characters in every path the program touches
(profiles, the SQLite store, exports), through real processes: --home and DINGCONSOLE_HOME as the OS encodes them."""

from __future__ import annotations

import json
import os
import signal
import string
from pathlib import Path

from tests.cli.serve_process import first_url, serve
from tests.cli_runner import run_subprocess

AES_KEY = (string.ascii_letters + string.digits)[:43]


def test_serve_send_list_and_export_under_a_home_with_spaces_and_chinese(tmp_path: Path, monkeypatch) -> None:
    home = tmp_path / "钉钉 用户 张三" / "回调 数据"
    env = {key: value for key, value in os.environ.items() if key != "DINGCONSOLE_HOME"}
    added = run_subprocess(
        "--home", str(home), "profile", "add", "ci", "--app-key", "dingunusualhome1", "--token", "tok",
        "--aes-key", AES_KEY, env=env,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    monkeypatch.setenv("DINGCONSOLE_HOME", str(home))  # serve reads it from the environment, the others from --home
    proc = serve("--port", "0")
    try:
        url = first_url(proc)
        sent = run_subprocess("--home", str(home), "send", url, "--profile", "ci", "--event-type", "check_url", env=env)
        assert sent.returncode == 0, sent.stdout + sent.stderr
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
    assert proc.returncode == 0
    listed = run_subprocess("--home", str(home), "events", "list", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == 1
    out = tmp_path / "导出 结果"
    for fmt, target in (("jsonl", out / "事件 列表.jsonl"), ("fixtures", out / "夹具 目录")):
        exported = run_subprocess("--home", str(home), "export", "--format", fmt, "--out", str(target), env=env)
        assert exported.returncode == 0, exported.stderr
        assert target.exists()
    assert (home / "config" / "profiles.json").exists() and (home / "data" / "events.sqlite3").exists()
    assert b"\r\n" not in (out / "事件 列表.jsonl").read_bytes()  # exports are bytes, LF on every OS
