"""HTTP-mode robot callbacks at the listener: verify `timestamp` + `sign` with the profile's AppSecret.

A request with both headers is a robot message (docs/PROTOCOL.md §4, "HTTP-mode robots"), not an
encrypted push; on a profile without an AppSecret it is refused as one (robot_no_secret). The
diagnosis (wrong secret, stale timestamp, bad body) goes on the recorded exchange, for the console;
the sender gets one generic 403 whatever went wrong, so the listener is no oracle for the secret (docs/PROTOCOL.md §6).
"""

from __future__ import annotations

import json

from aiohttp import web

from dingconsole.core.crypto.robot_sign import check, is_robot_request
from dingconsole.core.dingtalk.callbacks import ROBOT_EVENT, callback_id
from dingconsole.core.exchange import Exchange, Outcome
from dingconsole.core.profiles import Profile

ACCEPTED_BODY = b"{}"  # DingTalk takes any 200; a JSON message here would be posted into the chat
REFUSED_BODY = json.dumps(
    {"errcode": "robot_rejected", "errmsg": "the robot callback was not accepted; see the DingConsole window"}
).encode()


def wants(profile: Profile, headers: dict[str, str]) -> bool:
    """Is this request shaped like a robot callback? Answered as one whether or not the profile has an
    AppSecret to verify it (refused without one), so a stranger cannot tell profiles apart by it."""
    return is_robot_request(headers)


def answer(profile: Profile, ex: Exchange, body: bytes) -> web.Response:
    """Verify, record the verdict on `ex`, and answer 200 or the generic 403."""
    verdict = check(ex.request.headers, body, profile.app_secret)
    ex.unauthenticated = not verdict.signed
    ex.event_type = ROBOT_EVENT
    if verdict.message is not None:
        ex.message = body.decode("utf-8", "replace")
        ex.event_id = callback_id({}, verdict.message)
    if verdict.ok:
        ex.outcome = Outcome.OK
        return web.Response(body=ACCEPTED_BODY, content_type="application/json")
    ex.outcome = Outcome.FAILED
    ex.error_code = verdict.code
    ex.error_message = verdict.text
    return web.Response(status=403, body=REFUSED_BODY, content_type="application/json")
