"""The open-API access token for a profile, by the flow its owner key's app type uses (docs/PROTOCOL.md §1).

- AppKey (Client ID, apps made in the developer console): GET /gettoken?appkey=&appsecret=
- CorpId (apps registered with register_call_back): GET /gettoken?corpid=&corpsecret=
- suiteKey (ISV suites): POST /service/get_suite_token {suite_key, suite_secret, suite_ticket} for a
  suite_access_token, then POST /service/get_corp_token?suite_access_token= {auth_corpid,
  permanent_code} for the authorised corp's token (DingTalk's "获取第三方应用授权企业的access_token").

The profile's AppSecret holds the app secret, corp secret or suite secret respectively; a suite also
needs the suite ticket, the authorising CorpId and its permanent code.
"""

from __future__ import annotations

from typing import Any

import aiohttp

from dingconsole.core.crypto.cipher import owner_key_kind
from dingconsole.core.dingtalk.remote_json import call_json
from dingconsole.core.errors import DingError
from dingconsole.core.profiles import Profile

DEFAULT_API_BASE = "https://oapi.dingtalk.com"
_HINTS = {
    40089: "The AppKey/AppSecret (or CorpId/CorpSecret) pair is wrong: copy both from the app's credentials page.",
    40014: "The access token was refused; fetch again.",
    90018: "Called too often: wait a minute and fetch again.",
    40001: "The suite secret or suite ticket is wrong (the ticket changes every 20 minutes).",
    40078: "The permanent code does not belong to this corp and suite.",
}


class OpenApiError(DingError):
    code = "failed_push_api"


class MissingTokenField(OpenApiError):
    code = "missing_token_field"


def flow(profile: Profile) -> str:
    """ "app_key", "corp_id" or "suite_key": which token flow the profile's owner key calls for."""
    kind = owner_key_kind(profile.owner_key)
    return kind if kind in ("corp_id", "suite_key") else "app_key"


def required_fields(kind: str) -> tuple[str, ...]:
    """Profile fields a token flow needs besides the owner key."""
    if kind == "suite_key":
        return ("app_secret", "suite_ticket", "auth_corp_id", "permanent_code")
    return ("app_secret",)


_FIELD_NAMES = {
    "app_secret": ("AppSecret", "--app-secret"),
    "suite_ticket": ("suite ticket", "--suite-ticket"),
    "auth_corp_id": ("authorising CorpId", "--auth-corp-id"),
    "permanent_code": ("permanent code", "--permanent-code"),
}
_SECRET_NAMES = {"app_key": "AppSecret", "corp_id": "CorpSecret", "suite_key": "SuiteSecret"}


def require_fields(profile: Profile) -> str:
    """The flow, after checking the profile has every field it needs (raised before any network call)."""
    kind = flow(profile)
    missing = [name for name in required_fields(kind) if not str(getattr(profile, name, "") or "").strip()]
    if missing:
        labels = [_SECRET_NAMES[kind] if m == "app_secret" else _FIELD_NAMES[m][0] for m in missing]
        options = " ".join(f"{_FIELD_NAMES[m][1]} …" for m in missing)
        raise MissingTokenField(
            f"profile {profile.name!r} ({kind.replace('_', ' ')} {profile.owner_key}) has no {', '.join(labels)}",
            f"The open API needs it for this app type. Add it with `dingconsole profile add {profile.name} … "
            f"{options} --replace` or in the profile dialog.",
            profile=profile.name,
            flow=kind,
            missing=missing,
        )
    return kind


def api_error(what: str, data: dict[str, Any], saved: int = 0) -> OpenApiError:
    code, msg = data.get("errcode"), data.get("errmsg", "")
    hint = _HINTS.get(code if isinstance(code, int) else -1, "See DingTalk's error code list for this errcode.")
    if saved:
        hint += f" The {saved} failed pushes fetched before the error are saved."
    return OpenApiError(f"{what}: errcode {code}: {msg}", hint, errcode=code, errmsg=msg, saved=saved)


async def call(session: aiohttp.ClientSession, method: str, url: str, saved: int = 0, **options: Any) -> dict[str, Any]:
    """One open-API call read as a JSON object; unreachable hosts and non-JSON answers raise OpenApiError."""

    def unreachable(cause: str) -> OpenApiError:
        return OpenApiError(
            f"cannot reach DingTalk's open API at {url}: {cause}",
            "Check the network (outbound HTTPS to oapi.dingtalk.com) or --api-base."
            + (f" The {saved} failed pushes fetched so far are saved." if saved else ""),
            url=url,
        )

    status, data, text = await call_json(session, method, url, unreachable=unreachable, **options)
    if not isinstance(data, dict):
        raise OpenApiError(
            f"DingTalk's open API answered HTTP {status} with something that is not a JSON object: {text[:200]!r}",
            "Is the API base URL right?",
            status=status,
        )
    return data


def _token(data: dict[str, Any], name: str, what: str) -> str:
    if data.get("errcode", 0) != 0 or not data.get(name):
        raise api_error(what, data)
    return str(data[name])


async def access_token(session: aiohttp.ClientSession, profile: Profile, api_base: str = DEFAULT_API_BASE) -> str:
    """The access token for the profile's corp, by the flow its owner key calls for."""
    base = api_base.rstrip("/")
    kind = require_fields(profile)
    refused = f"DingTalk refused the credentials of profile {profile.name!r}"
    if kind == "app_key":
        params = {"appkey": profile.owner_key, "appsecret": profile.app_secret}
        return _token(await call(session, "GET", base + "/gettoken", params=params), "access_token", refused)
    if kind == "corp_id":
        params = {"corpid": profile.owner_key, "corpsecret": profile.app_secret}
        return _token(await call(session, "GET", base + "/gettoken", params=params), "access_token", refused)
    suite = {"suite_key": profile.owner_key, "suite_secret": profile.app_secret, "suite_ticket": profile.suite_ticket}
    data = await call(session, "POST", base + "/service/get_suite_token", json=suite)
    suite_token = _token(data, "suite_access_token", f"{refused} (suite token)")
    corp = {"auth_corpid": profile.auth_corp_id, "permanent_code": profile.permanent_code}
    data = await call(
        session, "POST", base + "/service/get_corp_token", params={"suite_access_token": suite_token}, json=corp
    )
    return _token(data, "access_token", f"{refused} (corp token of {profile.auth_corp_id})")
