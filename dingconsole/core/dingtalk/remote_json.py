"""One HTTP call to DingTalk's own servers (Stream gateway, open API), read as JSON.

Both the Stream client and the failed-push fetcher need the same three things: the status and text,
a typed error naming the host when it cannot be reached, and lenient JSON (None when the body is not
JSON, so each caller can say what it expected).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import aiohttp

from dingconsole.core import untrusted
from dingconsole.core.errors import DingError

_QUERY_VALUE = re.compile(r"([?&][^=&\s'\"]*=)[^&\s'\"]*")


async def call_json(
    session: aiohttp.ClientSession,
    method: str,
    url: str,
    *,
    unreachable: Callable[[str], DingError],
    **options: Any,
) -> tuple[int, Any, str]:
    """(HTTP status, parsed JSON or None, body text); network errors raise `unreachable(cause)`.

    A redirect is an answer, not followed: the request carries secrets (appsecret in the query,
    clientSecret in the body) that must not travel to wherever a 3xx points. aiohttp's error texts
    may quote the URL with its query, so query values are blanked in the cause."""
    options.setdefault("allow_redirects", False)
    try:
        async with session.request(method, url, **options) as response:
            text = await response.text()
            status = response.status
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        raise unreachable(_QUERY_VALUE.sub(r"\1…", str(exc)) or type(exc).__name__) from None
    try:
        data = untrusted.loads(text)
    except ValueError:
        data = None
    return status, data, text
