"""DingTalk's failed-push list (docs/PROTOCOL.md §1): fetch it into the store, replay it at a handler (recorded too).

After its retries DingTalk keeps an undelivered event only in `call_back/get_call_back_failed_result`
(up to 200 a call, `has_more`), and it DELETES what a call returned. So every page is committed to
the store before the next call is made: an error half-way loses nothing already fetched.

Response shape (from DingTalk's docs and users' posts; not verified against the live service):
{"errcode": 0, "has_more": bool, "failed_list": [{"call_back_tag": "user_add_org",
"event_time": 1535028105000, "user_add_org": {...} or "<text>"}, ...]}.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from dingconsole.core import events
from dingconsole.core.dingtalk.bridge import record
from dingconsole.core.dingtalk.remote_json import call_json
from dingconsole.core.dingtalk.stream import require_app_secret
from dingconsole.core.errors import DingError
from dingconsole.core.exchange import Exchange, HttpRequest, Outcome, Transport
from dingconsole.core.profiles import Profile
from dingconsole.core.send import sender
from dingconsole.core.store import EventStore

DEFAULT_API_BASE = "https://oapi.dingtalk.com"
FAILED_PATH = "/call_back/get_call_back_failed_result"
MAX_PAGES = 500  # 100 000 events; a guard against a server that never stops saying has_more


class FailedPushError(DingError):
    code = "failed_push_api"


def _api_error(what: str, data: dict[str, Any], saved: int) -> FailedPushError:
    code, msg = data.get("errcode"), data.get("errmsg", "")
    hint = {
        40089: "The AppKey/AppSecret pair is wrong: copy both from the app's credentials page.",
        40014: "The access token was refused; fetch again.",
        90018: "Called too often: wait a minute and fetch again.",
    }.get(code if isinstance(code, int) else -1, "See DingTalk's error code list for this errcode.")
    if saved:
        hint += f" The {saved} failed pushes fetched before the error are saved."
    return FailedPushError(f"{what}: errcode {code}: {msg}", hint, errcode=code, errmsg=msg, saved=saved)


async def _get_json(session: aiohttp.ClientSession, url: str, params: dict[str, str], saved: int) -> dict[str, Any]:
    def unreachable(cause: str) -> FailedPushError:
        return FailedPushError(
            f"cannot reach DingTalk's open API at {url}: {cause}",
            "Check the network (outbound HTTPS to oapi.dingtalk.com) or --api-base."
            + (f" The {saved} failed pushes fetched so far are saved." if saved else ""),
            url=url,
        )

    status, data, text = await call_json(session, "GET", url, params=params, unreachable=unreachable)
    if not isinstance(data, dict):
        raise FailedPushError(
            f"DingTalk's open API answered HTTP {status} with something that is not a JSON object: {text[:200]!r}",
            "Is the API base URL right?",
            status=status,
        )
    return data


async def access_token(session: aiohttp.ClientSession, profile: Profile, api_base: str = DEFAULT_API_BASE) -> str:
    """GET /gettoken with the profile's AppKey (owner key) and AppSecret."""
    require_app_secret(profile)
    data = await _get_json(
        session, api_base.rstrip("/") + "/gettoken", {"appkey": profile.owner_key, "appsecret": profile.app_secret}, 0
    )
    if data.get("errcode") != 0 or not data.get("access_token"):
        raise _api_error(f"DingTalk refused the credentials of profile {profile.name!r}", data, 0)
    return str(data["access_token"])


def to_exchange(item: Any, profile: Profile, api_base: str, received_at: float | None = None) -> Exchange:
    """One failed_list entry as an Exchange; `message` is the event payload with its EventType, ready to replay.

    The raw entry is kept as the request body. A payload that is not JSON (DingTalk has been seen to
    return Java map text such as "{corpid=ding...}") is kept verbatim under "FailedPayload"."""
    raw = json.dumps(item, ensure_ascii=False).encode("utf-8")
    exchange = Exchange(
        received_at=received_at if received_at is not None else time.time(),
        request=HttpRequest("GET", FAILED_PATH, body=raw),
        remote=urlsplit(api_base).hostname or "",
        transport=Transport.FAILED_API,
        profile=profile.name,
    )
    tag = item.get("call_back_tag") if isinstance(item, dict) else None
    if not isinstance(tag, str) or not tag:
        exchange.outcome = Outcome.INVALID
        exchange.error_code = "bad_failed_item"
        exchange.error_message = "failed_list entry has no call_back_tag"
        return exchange
    payload = item.get(tag)
    if isinstance(payload, str):
        try:
            payload = json.loads(payload)
        except ValueError:
            payload = {"FailedPayload": payload}
    if not isinstance(payload, dict):
        payload = {} if payload is None else {"FailedPayload": payload}
    message = {"EventType": tag, **payload} if "EventType" not in payload else dict(payload)
    if item.get("event_time") is not None:
        message.setdefault("EventTime", item["event_time"])
    exchange.message = json.dumps(message, ensure_ascii=False)
    exchange.event_type = tag
    exchange.event_id = events.event_id(payload)
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
        token = await access_token(session, profile, base)
        for _ in range(MAX_PAGES):
            data = await _get_json(session, base + FAILED_PATH, {"access_token": token}, len(saved))
            if data.get("errcode") != 0:
                raise _api_error("DingTalk refused the failed-push list request", data, len(saved))
            items = data.get("failed_list") or []
            if not isinstance(items, list):
                items = [items]
            page = [to_exchange(item, profile, base) for item in items]
            if page:
                store.add_many(page)
                saved.extend(page)
                if on_page is not None:
                    on_page(page)
            if not data.get("has_more") or not page:
                break
    return saved


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
