"""One `dingconsole mcp --home DIR` per test module, over a store seeded through the real listener.

The home is the module's own (not the per-test `home` fixture): the server process outlives a test.
The listener keeps running, so `send` and `conform` have a loopback handler to talk to, and the
pushes it records land in the store the server reads — across processes, as in real use.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from dingconsole.core.crypto import generate_token
from dingconsole.core.exchange import HttpRequest
from dingconsole.core.listener import Listener
from dingconsole.core.profiles import Profile, ProfileStore
from dingconsole.core.store import EventStore
from tests.listener_util import event, make_profile, push, send, wait_diagnosed
from tests.mcp_client import McpServerProcess

BIG_TEXT = "长" * 6000 + "end-of-big"


@dataclasses.dataclass
class Seeded:
    home: Path
    demo: Profile
    robot: Profile
    listener: Listener
    store: EventStore
    ids: dict[str, int]
    requests: dict[str, HttpRequest]
    server: McpServerProcess

    @property
    def secrets(self) -> list[str]:
        return [self.demo.token, self.demo.aes_key, self.robot.token, self.robot.aes_key, self.robot.app_secret]

    def call(self, name: str, **arguments: object) -> tuple[bool, str, dict]:
        """(is_error, text, structured content) of one tool call."""
        result = self.server.call(name, **arguments)
        return bool(result.is_error), result.content[0].text, result.structured_content or {}

    def newest_id(self) -> int:
        return self.store.max_id()


def _seed(home: Path, stderr: Path) -> Seeded:
    config = home / "config"
    config.mkdir(parents=True, mode=0o700)
    (home / "data").mkdir(mode=0o700)
    demo = make_profile("demo")
    robot = dataclasses.replace(make_profile("robot", "dingrobotkey01"), app_secret="AppSecret-" + generate_token())
    profiles = ProfileStore(path=config / "profiles.json")
    profiles.add(demo)
    profiles.add(robot)
    store = EventStore(home / "data" / "events.sqlite3")
    listener = Listener(store, [demo, robot], active="demo")
    listener.start()
    requests = {
        "valid": push(demo, event("user_add_org", event_id="evt-1", UserId=["u1"])),
        "forged": push(make_profile("demo"), event("user_leave_org", event_id="evt-2")),
        "big": push(demo, event("bpms_task_change", event_id="evt-big", title=BIG_TEXT)),
        # a push whose message quotes the secrets: no tool may hand them on
        "secret": push(demo, event("user_modify_org", event_id="evt-3", note=" ".join([demo.token, demo.aes_key,
                                                                                      robot.app_secret]))),
    }  # fmt: skip
    ids: dict[str, int] = {}
    for name in ("valid", "repeat", "forged", "junk", "big", "secret"):
        if name == "junk":
            status = send("POST", listener.url, data=b"junk")[0]
        else:
            status = send("POST", listener.url, requests["valid" if name == "repeat" else name])[0]
        assert status == {"forged": 403, "junk": 400}.get(name, 200), name
        ids[name] = store.max_id()
    wait_diagnosed(store, 2)
    server = McpServerProcess("--home", str(home), stderr_path=stderr)
    return Seeded(home, demo, robot, listener, store, ids, requests, server)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    root = tmp_path_factory.mktemp("mcp")
    env = _seed(root / "home", root / "server-stderr.txt")
    try:
        yield env
    finally:
        try:
            env.server.close()
        finally:
            env.listener.stop()
            env.store.close()
    stderr = env.server.stderr()
    assert "Traceback" not in stderr, stderr


def dump(result: object) -> str:
    """A whole tool result or resource as the JSON that crossed the wire."""
    return json.dumps(result.model_dump(mode="json", by_alias=True), ensure_ascii=False)  # type: ignore[attr-defined]
