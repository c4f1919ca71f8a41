"""DingTalk deletes what a failed-push call returned: when the store cannot take a page, the page is
written to a private file (0600) named in the error, so nothing fetched is lost."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from dingconsole.core import paths
from dingconsole.core.dingtalk import failed_pushes
from dingconsole.core.exchange import Exchange
from dingconsole.core.store import EventStore
from tests.dingtalk_standin import PROFILE, OpenApi, running

ITEM = {"call_back_tag": "user_add_org", "event_time": 1700000000000, "user_add_org": {"corpid": "c", "userid": ["u"]}}


class FullStore(EventStore):
    def add_many(self, exchanges: Iterable[Exchange], **options: Any) -> list[int]:
        raise OSError("disk full")


def test_a_page_the_store_refuses_is_kept_in_a_private_file(tmp_path: Path, home: Path) -> None:
    with running(OpenApi([[ITEM]])) as api, FullStore(tmp_path / "e.sqlite3") as store:
        with pytest.raises(failed_pushes.FailedPushError) as caught:
            failed_pushes.fetch(store, PROFILE, api_base=api.base)
    (kept,) = list(paths.data_dir().glob("failed-pushes-*.json"))
    assert str(kept) in caught.value.message + (caught.value.hint or "")
    assert "disk full" in caught.value.message
    assert json.loads(kept.read_text(encoding="utf-8")) == [ITEM]
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
