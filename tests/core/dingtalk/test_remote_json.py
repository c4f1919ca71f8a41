"""Calls to DingTalk's servers carry secrets (appsecret in the query, clientSecret in the body): a
redirect is not followed to wherever it points, and no error text repeats a query's values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from dingconsole.core.dingtalk import failed_pushes
from dingconsole.core.dingtalk.stream import Backoff, State, StreamClient
from dingconsole.core.store import EventStore
from tests.dingtalk_standin import APP_SECRET, PROFILE, _Threaded, running, wait_until


class Elsewhere(_Threaded):
    """Another host: records every request that reaches it."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def routes(self, app: web.Application) -> None:
        async def record(request: web.Request) -> web.Response:
            self.seen.append(str(request.rel_url) + (await request.text()))
            return web.json_response({"errcode": 0, "access_token": "t", "endpoint": "ws://x", "ticket": "t"})

        app.router.add_route("*", "/{tail:.*}", record)


class Redirecting(_Threaded):
    """An API base that redirects every call (307 keeps the method and body) to `target`, or to itself."""

    def __init__(self, target: str | None) -> None:
        super().__init__()
        self.target = target

    def routes(self, app: web.Application) -> None:
        async def redirect(request: web.Request) -> web.Response:
            raise web.HTTPTemporaryRedirect(location=(self.target or self.base) + str(request.rel_url))

        app.router.add_route("*", "/{tail:.*}", redirect)


def test_the_open_api_token_call_is_not_redirected_elsewhere(tmp_path: Path) -> None:
    with running(Elsewhere()) as other, running(Redirecting(None)) as api:
        api.target = other.base
        with EventStore(tmp_path / "e.sqlite3") as store, pytest.raises(failed_pushes.FailedPushError) as caught:
            failed_pushes.fetch(store, PROFILE, api_base=api.base)
        assert other.seen == []
    assert APP_SECRET not in caught.value.message + (caught.value.hint or "")


def test_a_redirect_loop_names_no_secret(tmp_path: Path) -> None:
    with running(Redirecting(None)) as api, EventStore(tmp_path / "e.sqlite3") as store:
        with pytest.raises(failed_pushes.FailedPushError) as caught:
            failed_pushes.fetch(store, PROFILE, api_base=api.base)
    assert APP_SECRET not in caught.value.message + (caught.value.hint or "")


def test_the_stream_open_is_not_redirected_elsewhere(store: EventStore) -> None:
    details: list[Any] = []
    with running(Elsewhere()) as other, running(Redirecting(None)) as gateway:
        gateway.target = other.base
        fast = Backoff(initial=0.05, factor=2.0, maximum=0.2)
        client = StreamClient(store, PROFILE, gateway_base=gateway.base, backoff=fast, ip="")
        client.add_state_observer(lambda state, detail: details.append((state, detail)))
        client.start(timeout=5)
        try:
            wait_until(lambda: any(s is State.RECONNECTING for s, _ in details), what="the redirect refused")
        finally:
            client.stop()
        assert other.seen == []
