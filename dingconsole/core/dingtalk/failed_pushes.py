"""DingTalk's failed-push list (docs/PROTOCOL.md §1): fetch it into the store, replay it at a handler (recorded too).

After its retries DingTalk keeps an undelivered event only in `call_back/get_call_back_failed_result`
(up to 200 a call, `has_more`), and it DELETES what a call returned. So every page is committed to
the store before the next call is made: an error half-way loses nothing already fetched.

Response shape (from DingTalk's docs and users' posts; not verified against the live service):
{"errcode": 0, "has_more": bool, "failed_list": [{"call_back_tag": "user_add_org",
"event_time": 1535028105000, "user_add_org": {...} or "<text>"}, ...]}. Items are rebuilt into the
pushed event by core.dingtalk.failed_items; the token follows the app type (core.dingtalk.tokens).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from dingconsole.core import events, paths
from dingconsole.core.atomic import write_atomic
from dingconsole.core.dingtalk import tokens
from dingconsole.core.dingtalk.bridge import record
from dingconsole.core.dingtalk.failed_items import Unrebuildable, rebuild
from dingconsole.core.exchange import Exchange, HttpRequest, Outcome, Transport
from dingconsole.core.profiles import Profile
from dingconsole.core.send import sender
from dingconsole.core.store import EventStore
from dingconsole.core.untrusted import json_line

DEFAULT_API_BASE = tokens.DEFAULT_API_BASE
FAILED_PATH = "/call_back/get_call_back_failed_result"
MAX_PAGES = 500  # 100 000 events; a guard against a server that never stops saying has_more
FailedPushError = tokens.OpenApiError
access_token = tokens.access_token


def to_exchange(item: Any, profile: Profile, api_base: str, received_at: float | None = None) -> Exchange:
    """One failed_list entry as an Exchange; `message` is the rebuilt push payload, ready to replay.

    The raw entry is kept as the request body. An entry that cannot be rebuilt into an event
    (failed_items.Unrebuildable: no data, Java map text such as "{corpid=ding...}") is stored
    INVALID with `failed_item_unrebuildable` and no message, so it is never replayed."""
    raw = json.dumps(item, ensure_ascii=False).encode("utf-8")
    exchange = Exchange(
        received_at=received_at if received_at is not None else time.time(),
        request=HttpRequest("GET", FAILED_PATH, body=raw),
        remote=urlsplit(api_base).hostname or "",
        transport=Transport.FAILED_API,
        profile=profile.name,
    )
    tag = item.get("call_back_tag") if isinstance(item, dict) else None
    exchange.event_type = tag if isinstance(tag, str) and tag else None
    try:
        if not isinstance(item, dict):
            raise Unrebuildable("the entry is not a JSON object")
        message = rebuild(item)
    except Unrebuildable as exc:
        exchange.outcome = Outcome.INVALID
        exchange.error_code = "failed_item_unrebuildable" if exchange.event_type else "bad_failed_item"
        exchange.error_message = f"cannot rebuild the pushed event: {exc.reason}"
        return exchange
    exchange.message = json.dumps(message, ensure_ascii=False)
    exchange.event_type = str(message.get("EventType") or tag)
    exchange.event_id = events.event_id(message)
    exchange.outcome = Outcome.OK
    return exchange


async def fetch_async(
    store: EventStore,
    profile: Profile,
    *,
    api_base: str = DEFAULT_API_BASE,
    on_page: Callable[[list[Exchange]], None] | None = None,
    timeout: float = 20.0,
) -> list[Exchange]:
    """Fetch every page while has_more, committing each page to `store` before asking for the next."""
    base = api_base.rstrip("/")
    saved: list[Exchange] = []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session:
        token = await tokens.access_token(session, profile, base)
        for _ in range(MAX_PAGES):
            params = {"access_token": token}
            data = await tokens.call(session, "GET", base + FAILED_PATH, len(saved), params=params)
            if data.get("errcode") != 0:
                raise tokens.api_error("DingTalk refused the failed-push list request", data, len(saved))
            items = data.get("failed_list") or []
            if not isinstance(items, list):
                items = [items]
            page = [to_exchange(item, profile, base) for item in items]
            if page:
                _save(store, page, items, len(saved))
                saved.extend(page)
                if on_page is not None:
                    on_page(page)
            if not data.get("has_more") or not page:
                break
    return saved


def _save(store: EventStore, page: list[Exchange], items: list[Any], saved: int) -> None:
    """Commit a page; if the store refuses it, keep the items DingTalk already deleted in a private file."""
    try:
        store.add_many(page)
    except Exception as exc:  # noqa: BLE001 - whatever the store's trouble, the page must survive it
        kept = paths.data_dir() / f"failed-pushes-{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**9}.json"
        write_atomic(kept, json_line(items, indent=1).encode("utf-8"))  # printable: DingTalk relays what senders wrote
        raise FailedPushError(
            f"the event store refused a page of {len(page)} failed pushes ({exc}); they are kept in {kept}",
            "DingTalk no longer has them: keep that file (the list's raw items, as DingTalk sent them)."
            + (f" The {saved} fetched before are in the store." if saved else ""),
            kept=str(kept),
            saved=saved,
        ) from exc


def fetch(store: EventStore, profile: Profile, **options: Any) -> list[Exchange]:
    """Synchronous `fetch_async` with its own event loop (CLI, GUI worker thread)."""
    return asyncio.run(fetch_async(store, profile, **options))


def delivery_exchange(fetched: Exchange, delivery: sender.Delivery, profile: Profile) -> Exchange:
    """A replay delivery as its own exchange: the sealed push that was POSTed and the handler's judged reply.

    It points at the fetched event with `repeat_of` (same event, delivered again), keeps the event's
    message/type/id, and is OK or FAILED by DingTalk's check of the reply (`stream_bridge.record`)."""
    target = urlsplit(delivery.url)
    sent = delivery.request
    exchange = Exchange(
        received_at=delivery.started_at or time.time(),
        request=HttpRequest(sent.method, target.path or "/", dict(sent.query), dict(sent.headers), sent.body),
        remote=target.netloc,
        transport=Transport.FAILED_API,
        profile=profile.name,
        message=fetched.message,
        event_type=fetched.event_type,
        event_id=fetched.event_id,
        repeat_of=fetched.id,
    )
    record(exchange, delivery)
    return exchange


async def replay_async(
    exchanges: Iterable[Exchange],
    url: str,
    profile: Profile,
    *,
    store: EventStore | None = None,
    observer: Callable[[Exchange, sender.Delivery], None] | None = None,
    timeout: float = sender.DEFAULT_TIMEOUT,
) -> list[tuple[Exchange, sender.Delivery]]:
    """Seal each fetched event afresh with `profile` and POST it to the handler at `url`, in order.

    With a `store`, each delivery is saved as a new exchange (`delivery_exchange`) before the observer
    hears of it, so replays show in the table next to the events they replayed."""
    results = []
    for exchange in exchanges:
        if exchange.message is None:
            continue
        (delivery,) = await sender.send_async(url, exchange.message, profile, "once", timeout=timeout)
        if store is not None:
            store.add(delivery_exchange(exchange, delivery, profile))
        results.append((exchange, delivery))
        if observer is not None:
            observer(exchange, delivery)
    return results


def replay(
    exchanges: Iterable[Exchange], url: str, profile: Profile, **options: Any
) -> list[tuple[Exchange, sender.Delivery]]:
    return asyncio.run(replay_async(exchanges, url, profile, **options))
