"""Stand-ins for DingTalk's own servers (the only thing tests may fake): the Stream gateway and the open API.

Each is a real aiohttp server on 127.0.0.1 (port 0) running on its own thread and loop, speaking the
documented frames, so the code under test talks real HTTP and a real WebSocket. Written from the
official SDKs (Python, Go) and the Stream protocol page, not from our client: the gateway can answer
an open with a scripted error (a 503, a throttling 403), send the documented `disconnect` (no
messageId, socket closed 10 s later), accept a socket that then stays silent (no frames, no pongs),
send CALLBACK frames (robot messages, card callbacks) and the same delivery twice. The open API
serves the three token flows (AppKey, CorpId, suiteKey) and the failed-push list.
"""

from __future__ import annotations

import asyncio
import json
import ssl
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from aiohttp import WSMsgType, web

from dingconsole.core.profiles import Profile

APP_KEY = "dingstreamappkey01"
APP_SECRET = "stream-secret-0123456789"
CORP_ID = "ding0123456789abcdef0123456789abcdef"  # "ding" + 32 hex: an owner key of register_call_back apps
CORP_SECRET = "corp-secret-abcdefghijkl"
SUITE_KEY = "suiteabcdefghijklmno"
SUITE_SECRET = "suite-secret-0123456789"
SUITE_TICKET = "ticket-0123456789"
AUTH_CORP_ID = "dingauthcorp00000000000000000000"
PERMANENT_CODE = "perm-code-0123"
# A profile whose AppKey/AppSecret the stand-in accepts (token and aesKey of the published vector).
PROFILE = Profile(
    name="streamer",
    owner_key=APP_KEY,
    token="tok123",
    aes_key="4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij",
    app_secret=APP_SECRET,
)


def wait_until(predicate: Callable[[], bool], timeout: float = 10.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


def event_frame(
    data: dict[str, Any] | str, *, event_id: str = "ev-1", event_type: str = "user_add_org", message_id: str = ""
) -> dict[str, Any]:
    return {
        "specVersion": "1.0",
        "type": "EVENT",
        "headers": {
            "topic": "*",
            "messageId": message_id or f"msg-{uuid.uuid4().hex[:8]}",
            "contentType": "application/json",
            "time": str(int(time.time() * 1000)),
            "eventType": event_type,
            "eventId": event_id,
            "eventCorpId": "dingcorp0001",
            "eventBornTime": str(int(time.time() * 1000)),
            "eventUnifiedAppId": "app-0001",
        },
        "data": data if isinstance(data, str) else json.dumps(data),
    }


def system_frame(topic: str, data: str = "", message_id: str | None = "") -> dict[str, Any]:
    """A SYSTEM frame; message_id=None leaves messageId out, as the documented `disconnect` example does."""
    headers = {"topic": topic, "contentType": "application/json", "time": str(int(time.time() * 1000))}
    if message_id is not None:
        headers["messageId"] = message_id or f"sys-{uuid.uuid4().hex[:8]}"
    return {"specVersion": "1.0", "type": "SYSTEM", "headers": headers, "data": data}


# The documented disconnect (Stream protocol page): no messageId, no reply expected.
DISCONNECT_DATA = json.dumps({"reason": "server is about to restart, please reconnect"})

ROBOT_TOPIC = "/v1.0/im/bot/messages/get"
CARD_TOPIC = "/v1.0/card/instances/callback"


def robot_message(text: str = "hello", msg_id: str = "msg-robot-1") -> dict[str, Any]:
    """A robot message as the SDKs' ChatbotMessage reads it (and an HTTP-mode robot receives it)."""
    return {
        "conversationId": "cidAbCdEf==",
        "atUsers": [{"dingtalkId": "$:LWCP_v1:$abc"}],
        "chatbotCorpId": "dingcorp0001",
        "chatbotUserId": "$:LWCP_v1:$bot",
        "msgId": msg_id,
        "senderNick": "张三",
        "isAdmin": False,
        "senderStaffId": "manager01",
        "sessionWebhookExpiredTime": int(time.time() * 1000) + 5_400_000,
        "createAt": int(time.time() * 1000),
        "senderCorpId": "dingcorp0001",
        "conversationType": "2",
        "senderId": "$:LWCP_v1:$sender",
        "conversationTitle": "项目群",
        "isInAtList": True,
        "sessionWebhook": "https://oapi.dingtalk.com/robot/sendBySession?session=x",
        "text": {"content": f" {text}"},
        "robotCode": APP_KEY,
        "msgtype": "text",
    }


def card_callback(action: str = "approve", params: dict[str, Any] | None = None) -> dict[str, Any]:
    """A card action as the SDKs' CardCallbackMessage reads it (`content` is JSON text)."""
    private = {"actionIds": [action], "params": params if params is not None else {"reason": "ok"}}
    return {
        "extension": "{}",
        "corpId": "dingcorp0001",
        "type": "actionCallback",
        "userId": "manager01",
        "content": json.dumps({"cardPrivateData": private}),
        "outTrackId": "card-track-001",
    }


def callback_frame(topic: str, data: dict[str, Any] | str, *, message_id: str = "") -> dict[str, Any]:
    return {
        "specVersion": "1.0",
        "type": "CALLBACK",
        "headers": {
            "topic": topic,
            "messageId": message_id or f"cb-{uuid.uuid4().hex[:8]}",
            "contentType": "application/json",
            "time": str(int(time.time() * 1000)),
            "appId": "app-0001",
            "connectionId": "conn-0001",
        },
        "data": data if isinstance(data, str) else json.dumps(data, ensure_ascii=False),
    }


class _Threaded:
    """An aiohttp app served on a thread; subclasses add routes in `routes()`."""

    def __init__(self, ssl_context: ssl.SSLContext | None = None) -> None:
        self.ssl_context = ssl_context  # serve HTTPS/WSS (a self-signed certificate in the doctor's tests)
        self.loop = asyncio.new_event_loop()
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def routes(self, app: web.Application) -> None:
        raise NotImplementedError

    @property
    def base(self) -> str:
        return f"{'https' if self.ssl_context else 'http'}://127.0.0.1:{self.port}"

    def call(self, coro: Any, timeout: float = 10.0) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    async def _start(self) -> None:
        app = web.Application()
        self.routes(app)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0, ssl_context=self.ssl_context)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def _stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def start(self) -> None:
        self._thread.start()
        self.call(self._start())

    def stop(self) -> None:
        self.call(self._before_stop())
        self.call(self._stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)
        self.loop.close()

    async def _before_stop(self) -> None:
        return None


class Gateway(_Threaded):
    """The Stream gateway: POST /v1.0/gateway/connections/open, then a WebSocket at /connect?ticket=."""

    def __init__(
        self, client_id: str = APP_KEY, client_secret: str = APP_SECRET, ssl_context: ssl.SSLContext | None = None
    ) -> None:
        super().__init__(ssl_context)
        self.client_id = client_id
        self.client_secret = client_secret
        self.open_bodies: list[dict[str, Any]] = []
        self.open_headers: list[dict[str, str]] = []
        self.tickets: list[str] = []
        self.used_tickets: list[str] = []
        self.received: list[dict[str, Any]] = []  # frames the client sent (ACKs), parsed
        self.connections = 0
        # replies for the next opens, in turn: (status, JSON body), e.g. a 503 or a throttling 403
        self.open_script: list[tuple[int, dict[str, Any]]] = []
        self.open_replies: list[int] = []  # the status of every open answered
        self.silent_next = False  # the next socket neither sends nor answers pings (a dead route)
        self.greet_next: dict[str, Any] | None = None  # a frame the next socket sends at once (a ping, an event)
        self.close_next = False  # the next socket is closed at once, before any frame
        self.opened_at: list[float] = []  # monotonic time each socket was accepted
        self.closed_at: dict[int, float] = {}  # socket number (1-based) -> monotonic time it closed
        self._ws: web.WebSocketResponse | None = None
        self._request: web.Request | None = None
        self._sockets: list[web.WebSocketResponse] = []
        self._timers: list[asyncio.Task[None]] = []
        self._lock = threading.Lock()

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/v1.0/gateway/connections/open", self._open)
        app.router.add_get("/connect", self._connect)

    async def _open(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.open_bodies.append(body)
        self.open_headers.append(dict(request.headers))
        if self.open_script:
            status, reply = self.open_script.pop(0)
            self.open_replies.append(status)
            return web.json_response(reply, status=status)
        if body.get("clientId") != self.client_id or body.get("clientSecret") != self.client_secret:
            return web.json_response(
                {"code": "InvalidAuthentication", "message": "clientId or clientSecret is wrong"}, status=401
            )
        ticket = uuid.uuid4().hex
        self.tickets.append(ticket)
        self.open_replies.append(200)
        scheme = "wss" if self.ssl_context else "ws"
        return web.json_response({"endpoint": f"{scheme}://127.0.0.1:{self.port}/connect", "ticket": ticket})

    async def _connect(self, request: web.Request) -> web.StreamResponse:
        ticket = request.query.get("ticket", "")
        if ticket not in self.tickets or ticket in self.used_tickets:
            return web.json_response({"code": "InvalidTicket"}, status=403)
        self.used_tickets.append(ticket)
        silent, self.silent_next = self.silent_next, False
        self.connections += 1  # counted before the handshake completes, so a connected client sees it
        number = self.connections
        self.opened_at.append(time.monotonic())
        ws = web.WebSocketResponse(autoping=not silent)
        await ws.prepare(request)
        self._ws, self._request = ws, request
        self._sockets.append(ws)
        greeting, self.greet_next = self.greet_next, None
        if greeting is not None:
            await ws.send_str(json.dumps(greeting))
        if self.close_next:
            self.close_next = False
            await ws.close()
        async for msg in ws:
            if msg.type == WSMsgType.TEXT and not silent:
                with self._lock:
                    self.received.append(json.loads(msg.data))
        self.closed_at[number] = time.monotonic()
        return ws

    # -- driving it from the test thread --------------------------------------------------------

    def send(self, frame: dict[str, Any] | str) -> None:
        text = frame if isinstance(frame, str) else json.dumps(frame)
        wait_until(lambda: self._ws is not None and not self._ws.closed, what="a client on the stand-in gateway")

        async def go() -> None:
            if self._ws is None or self._ws.closed:
                raise AssertionError("no client connected to the stand-in gateway")
            await self._ws.send_str(text)

        self.call(go())

    def disconnect(self, close_after: float = 10.0) -> None:
        """The documented disconnect: no messageId; the gateway goes quiet and closes ~10 s later."""
        self.send(system_frame("disconnect", DISCONNECT_DATA, message_id=None))
        ws = self._ws

        async def close_later() -> None:
            await asyncio.sleep(close_after)
            if ws is not None and not ws.closed:
                await ws.close()

        self.loop.call_soon_threadsafe(lambda: self._timers.append(self.loop.create_task(close_later())))

    def acks_for(self, message_id: str) -> list[dict[str, Any]]:
        with self._lock:
            return [f for f in self.received if f.get("headers", {}).get("messageId") == message_id]

    def wait_ack(self, message_id: str, timeout: float = 10.0) -> dict[str, Any]:
        wait_until(lambda: bool(self.acks_for(message_id)), timeout, f"ACK of {message_id}")
        return self.acks_for(message_id)[0]

    def drop(self) -> None:
        """Cut the TCP connection with no closing handshake, as a network failure would."""

        async def go() -> None:
            if self._request is not None and self._request.transport is not None:
                self._request.transport.abort()

        self.call(go())

    async def _before_stop(self) -> None:
        for task in self._timers:
            task.cancel()
        for ws in self._sockets:
            if not ws.closed:
                await ws.close()


class OpenApi(_Threaded):
    """oapi.dingtalk.com: /gettoken and /call_back/get_call_back_failed_result serving `pages` in turn.

    Like DingTalk, a page once returned is gone: each call pops the next one."""

    def __init__(self, pages: list[list[dict[str, Any]]], appkey: str = APP_KEY, appsecret: str = APP_SECRET) -> None:
        super().__init__()
        self.pages = list(pages)
        self.appkey = appkey
        self.appsecret = appsecret
        self.token = "tok-" + uuid.uuid4().hex[:8]
        self.calls: list[str] = []
        self.fail_on_call: int | None = None  # answer this call number (1-based) with an errcode

    # the CorpId flow (apps registered with register_call_back) and the ISV suite flow
    corpid = CORP_ID
    corpsecret = CORP_SECRET
    suite_key = SUITE_KEY
    suite_secret = SUITE_SECRET
    suite_ticket = SUITE_TICKET
    auth_corpid = AUTH_CORP_ID
    permanent_code = PERMANENT_CODE

    def routes(self, app: web.Application) -> None:
        app.router.add_get("/gettoken", self._gettoken)
        app.router.add_get("/call_back/get_call_back_failed_result", self._failed)
        app.router.add_post("/service/get_suite_token", self._suite_token)
        app.router.add_post("/service/get_corp_token", self._corp_token)
        self.token_requests: list[dict[str, Any]] = []
        self.suite_token = "suite-" + uuid.uuid4().hex[:8]

    async def _gettoken(self, request: web.Request) -> web.Response:
        query = dict(request.query)
        self.token_requests.append({"path": "/gettoken", **query})
        pairs = ((query.get("appkey"), query.get("appsecret")), (query.get("corpid"), query.get("corpsecret")))
        if pairs[0] != (self.appkey, self.appsecret) and pairs[1] != (self.corpid, self.corpsecret):
            return web.json_response({"errcode": 40089, "errmsg": "不合法的corpid或corpsecret"})
        return web.json_response({"errcode": 0, "errmsg": "ok", "access_token": self.token, "expires_in": 7200})

    async def _suite_token(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.token_requests.append({"path": "/service/get_suite_token", **body})
        expected = {"suite_key": self.suite_key, "suite_secret": self.suite_secret, "suite_ticket": self.suite_ticket}
        if body != expected:
            return web.json_response({"errcode": 40001, "errmsg": "不合法的suite_secret或suite_ticket"})
        return web.json_response({"errcode": 0, "suite_access_token": self.suite_token, "expires_in": 7200})

    async def _corp_token(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.token_requests.append({"path": "/service/get_corp_token", **dict(request.query), **body})
        if request.query.get("suite_access_token") != self.suite_token:
            return web.json_response({"errcode": 40001, "errmsg": "不合法的suite_access_token"})
        if body != {"auth_corpid": self.auth_corpid, "permanent_code": self.permanent_code}:
            return web.json_response({"errcode": 40078, "errmsg": "不存在的临时授权码"})
        return web.json_response({"errcode": 0, "errmsg": "ok", "access_token": self.token, "expires_in": 7200})

    async def _failed(self, request: web.Request) -> web.Response:
        self.calls.append(request.query.get("access_token", ""))
        if request.query.get("access_token") != self.token:
            return web.json_response({"errcode": 40014, "errmsg": "不合法的access_token"})
        if self.fail_on_call == len(self.calls):
            return web.json_response({"errcode": 90018, "errmsg": "请求太频繁"})
        page = self.pages.pop(0) if self.pages else []
        return web.json_response({"errcode": 0, "errmsg": "ok", "has_more": bool(self.pages), "failed_list": page})


@contextmanager
def running(server: _Threaded) -> Iterator[Any]:
    server.start()
    try:
        yield server
    finally:
        server.stop()
