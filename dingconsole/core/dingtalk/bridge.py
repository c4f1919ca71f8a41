"""Stream → HTTP bridge: replay each Stream event at a local callback URL as DingTalk's HTTP mode would.

With it a user develops an HTTP callback handler on a laptop with no public URL: DingTalk delivers
over the outbound Stream socket and the bridge POSTs each delivery to the handler the way an HTTP
push would arrive —
- an EVENT is sealed with a chosen profile (token, aesKey, owner key) as a push, its fields spelled
  as the HTTP push spells them (core.dingtalk.spelling), and the reply judged by DingTalk's check
  (core.diagnose.check_reply via core.send.sender);
- a robot message (CALLBACK /v1.0/im/bot/messages/get) is POSTed as the HTTP-mode robot does: the
  JSON body as it came, with `timestamp` and `sign` headers made with the profile's AppSecret;
  any HTTP 200 is accepted and a JSON reply becomes the ACK's response.
Other CALLBACK topics are not forwarded. The verdict (True/False/None) decides the ACK.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from dingconsole.core import untrusted
from dingconsole.core.dingtalk import callbacks, spelling
from dingconsole.core.exchange import Exchange, Outcome
from dingconsole.core.profiles import Profile
from dingconsole.core.send import sender
from dingconsole.core.send.robot import post_robot

DEFAULT_TIMEOUT = 5.0


def check_handler_url(url: str) -> None:
    """Refuse anything but an absolute http(s) URL before any event is taken from DingTalk."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - parses the port: a bad one must be refused here, not at the first event
    except ValueError as exc:
        raise sender.SendError(
            f"{url!r} is not a valid URL: {exc}",
            "Give the handler's full URL, for example http://127.0.0.1:8080/api/callback.",
            url=url,
        ) from None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise sender.SendError(
            f"{url!r} is not an http(s) URL",
            "Give the handler's full URL, for example http://127.0.0.1:8080/api/callback.",
            url=url,
        )


class StreamBridge:
    """A `stream.Forwarder`: `await bridge(exchange)` fills the exchange's reply fields in place.

    Returns True when the handler accepted the delivery, False when DingTalk would count it as failed
    (the client then ACKs LATER), None when the exchange is not one the bridge forwards. Never
    raises: an unreachable handler is a recorded failure like any other."""

    def __init__(
        self,
        url: str,
        profile: Profile,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        budget_ms: float = sender.BUDGET_MS,
        robot_url: str | None = None,
    ) -> None:
        check_handler_url(url)
        if robot_url:
            check_handler_url(robot_url)
        self.url = url
        self.robot_url = robot_url or url
        self.profile = profile
        self.timeout = timeout
        self.budget_ms = budget_ms
        self.forwarded = 0
        self.failed = 0

    async def __call__(self, exchange: Exchange) -> bool | None:
        if exchange.message is None:
            return None
        if exchange.event_type == callbacks.ROBOT_EVENT:
            ok = await self._robot(exchange)
        elif exchange.request.path.startswith("/"):
            return None  # another CALLBACK topic (card callbacks): answered by the client itself
        else:
            (delivery,) = await sender.send_async(
                self.url, http_message(exchange), self.profile, "once", timeout=self.timeout, budget_ms=self.budget_ms
            )
            record(exchange, delivery)
            ok = delivery.ok
        self.forwarded += 1
        self.failed += int(not ok)
        return ok

    async def _robot(self, exchange: Exchange) -> bool:
        delivery = await post_robot(
            self.robot_url, (exchange.message or "").encode("utf-8"), self.profile.app_secret, timeout=self.timeout
        )
        exchange.reply_status = delivery.status
        exchange.reply_body = delivery.reply_body
        exchange.handling_ms = delivery.elapsed_ms
        if delivery.ok:
            return True
        exchange.outcome = Outcome.FAILED
        exchange.error_code = "robot_handler_unreachable" if delivery.status is None else "robot_handler_failed"
        exchange.error_message = delivery.verdict()
        return False


def robot_response(exchange: Exchange) -> object:
    """The ACK response for a robot message: the handler's JSON reply when bridged, else "OK" (the SDKs')."""
    if exchange.reply_body and exchange.reply_status == 200:
        try:
            return untrusted.loads(exchange.reply_body)
        except ValueError:
            return "OK"
    return "OK"


def http_message(exchange: Exchange) -> str:
    """The plaintext an HTTP push of this Stream event would carry (fields renamed, header fields added)."""
    return spelling.http_message(exchange.message or "", exchange.request.headers)


def record(exchange: Exchange, delivery: sender.Delivery) -> None:
    """Put a delivery (the handler's reply and its judgement) on the exchange it was made for."""
    exchange.reply_status = delivery.status
    exchange.reply_body = delivery.reply_body
    exchange.diagnosis = delivery.report.to_dict()
    exchange.handling_ms = delivery.elapsed_ms
    if delivery.ok:
        exchange.outcome = Outcome.OK
        return
    failure = delivery.report.first_failure
    exchange.outcome = Outcome.FAILED
    exchange.error_code = (failure.code if failure else None) or "reply_invalid"
    exchange.error_message = f"handler at {delivery.url.split('?', 1)[0]}: {delivery.verdict()}"
