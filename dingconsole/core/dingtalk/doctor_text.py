"""Every sentence the Stream doctor says, in English and Chinese, keyed by the codes core.dingtalk.doctor reports.

The same table serves the CLI (`--lang`) and the window (the UI language). Parameter values are never
parsed as templates, so text from DingTalk's answers is safe to pass in (escaping is the printer's job).
"""

from __future__ import annotations

from typing import Any

_LAYER = {
    "dns": ("DNS lookup", "DNS 解析"),
    "tcp": ("TCP connection", "TCP 连接"),
    "tls": ("TLS handshake", "TLS 握手"),
    "proxy": ("proxy", "代理"),
    "timeout": ("timeout", "超时"),
    "upgrade": ("HTTP upgrade to WebSocket", "WebSocket 的 HTTP 升级"),
    "other": ("network", "网络"),
}

STAGE_NAMES: dict[str, tuple[str, str]] = {
    "credentials": ("credentials", "凭证"),
    "token": ("access token", "访问令牌"),
    "open": ("connections/open", "connections/open"),
    "websocket": ("WebSocket", "WebSocket"),
    "first_frame": ("first frame", "首个帧"),
    "verdict": ("verdict", "结论"),
}
STATUS_NAMES: dict[str, tuple[str, str]] = {
    "pass": ("pass", "通过"),
    "fail": ("FAIL", "失败"),
    "skip": ("not checked", "未检查"),
}

MESSAGES: dict[str, tuple[str, str]] = {
    # -- credentials ------------------------------------------------------------------------------
    "cred_ok": (
        "AppKey {app_key} and an AppSecret of {secret_length} characters, no stray spaces",
        "AppKey {app_key}，AppSecret 共 {secret_length} 个字符，无多余空白",
    ),
    "cred_no_app_key": ("profile {profile} has no AppKey (Client ID)", "配置 {profile} 没有 AppKey（Client ID）"),
    "cred_no_app_secret": (
        "profile {profile} has no AppSecret (Client Secret)",
        "配置 {profile} 没有 AppSecret（Client Secret）",
    ),
    "cred_whitespace_edge": (
        "the {field} starts or ends with whitespace ({char})",
        "{field} 的开头或结尾有空白字符（{char}）",
    ),
    "cred_whitespace_inside": ("the {field} contains whitespace ({char})", "{field} 中间含有空白字符（{char}）"),
    "cred_whitespace_invisible": (
        "the {field} contains an invisible character ({char})",
        "{field} 含有不可见字符（{char}）",
    ),
    "cred_corp_id": (
        "the owner key {app_key} looks like a CorpId, not an app's AppKey",
        "所有者密钥 {app_key} 看起来是 CorpId，而不是应用的 AppKey",
    ),
    "hint_cred_add": (
        "Copy the AppKey and AppSecret from the app's credentials page in the developer console into the profile.",
        "从开发者后台应用的“凭证与基础信息”页复制 AppKey 和 AppSecret 填入配置。",
    ),
    "hint_cred_whitespace": (
        "DingTalk answers 401 authFailed to such a key: copy it again without spaces and save the profile.",
        "钉钉会对这样的密钥返回 401 authFailed：请去掉空白重新复制并保存配置。",
    ),
    "hint_cred_corp_id": (
        "Stream mode logs in with the app's AppKey (Client ID), found on its credentials page.",
        "Stream 模式使用应用的 AppKey（Client ID）登录，可在应用的凭证页找到。",
    ),
    # -- token --------------------------------------------------------------------------------------
    "token_ok": ("DingTalk's token API at {host} issued an access token", "钉钉令牌接口（{host}）已颁发访问令牌"),
    "token_skipped": ("not checked: the profile lacks {missing}", "未检查：配置缺少 {missing}"),
    "token_refused": (
        "DingTalk refused the credentials: errcode {errcode}: {errmsg}",
        "钉钉拒绝了凭证：errcode {errcode}：{errmsg}",
    ),
    "token_error": ("the token API answered errcode {errcode}: {errmsg}", "令牌接口返回 errcode {errcode}：{errmsg}"),
    "token_not_json": (
        "the token API answered HTTP {status} with something that is not JSON",
        "令牌接口返回 HTTP {status}，内容不是 JSON",
    ),
    "hint_token_refused": (
        "The AppKey/AppSecret pair is wrong: copy both again from the app's credentials page.",
        "AppKey/AppSecret 不匹配：请从应用凭证页重新复制两者。",
    ),
    "hint_token_error": (
        "See DingTalk's error code list for this errcode.",
        "请在钉钉错误码列表中查找该 errcode。",
    ),
    "hint_token_not_json": (
        "Something other than DingTalk answered: a proxy or captive portal, or a wrong API base.",
        "应答的不是钉钉：可能是代理或认证网关，或 API 地址有误。",
    ),
    # -- connections/open ---------------------------------------------------------------------------
    "open_ok": (
        "HTTP {status}: DingTalk gave an endpoint ({endpoint}) and a ticket",
        "HTTP {status}：钉钉返回了接入点（{endpoint}）和 ticket",
    ),
    "open_auth": (
        "HTTP {status} {code}: DingTalk says the credentials are wrong ({message})",
        "HTTP {status} {code}：钉钉表示凭证错误（{message}）",
    ),
    "open_invalid_parameter": (
        "HTTP {status} {code}: DingTalk refused the request, not the credentials ({message})",
        "HTTP {status} {code}：钉钉拒绝了请求，而非凭证（{message}）",
    ),
    "open_forbidden": (
        "HTTP {status} {code}: access denied, not a credentials error ({message})",
        "HTTP {status} {code}：访问被拒绝，并非凭证错误（{message}）",
    ),
    "open_throttled": ("HTTP {status} {code}: throttled ({message})", "HTTP {status} {code}：被限流（{message}）"),
    "open_server": (
        "HTTP {status} {code}: a gateway error on DingTalk's side ({message})",
        "HTTP {status} {code}：钉钉网关侧错误（{message}）",
    ),
    "open_not_json": (
        "HTTP {status}: the answer is not DingTalk's JSON: {body}",
        "HTTP {status}：应答不是钉钉的 JSON：{body}",
    ),
    "open_no_endpoint": (
        "HTTP {status}: no endpoint or ticket in the answer",
        "HTTP {status}：应答中没有接入点或 ticket",
    ),
    "open_unexpected": ("HTTP {status} {code}: DingTalk said: {message}", "HTTP {status} {code}：钉钉返回：{message}"),
    "hint_open_auth": (
        "Copy the AppKey (Client ID) and AppSecret (Client Secret) again; a stray space gives this too.",
        "请重新复制 AppKey（Client ID）与 AppSecret（Client Secret）；多余的空格也会导致此错误。",
    ),
    "hint_open_invalid_parameter": (
        "Publish the app (a version online), choose Stream mode for events in the developer console, and check that "
        "no proxy rewrites the request. The console retries this with backoff.",
        "请发布应用（有线上版本），在开发者后台为事件订阅选择 Stream 模式，并确认没有代理改写请求。控制台会退避重试。",
    ),
    "hint_open_forbidden": (
        "Check the app's permissions and publication, and any IP allow-list on the app. The console retries this.",
        "请检查应用的权限与发布状态，以及应用的 IP 白名单。控制台会退避重试。",
    ),
    "hint_open_throttled": (
        "Too many opens: wait a minute; the console backs off.",
        "连接请求过多：请稍等一分钟，控制台会退避。",
    ),
    "hint_open_server": ("Transient on DingTalk's side: try again shortly.", "钉钉侧的暂时性错误：请稍后再试。"),
    "hint_open_not_json": (
        "A proxy or firewall answered instead of DingTalk (an HTML page), or the gateway URL is wrong.",
        "应答来自代理或防火墙（HTML 页面）而非钉钉，或网关地址有误。",
    ),
    # -- network (token, open, websocket) -----------------------------------------------------------
    "net_dns": ("{host}: DNS lookup failed: {detail}", "{host}：DNS 解析失败：{detail}"),
    "net_tcp": ("{host}: TCP connection failed: {detail}", "{host}：TCP 连接失败：{detail}"),
    "net_tls": ("{host}: TLS handshake failed: {detail}", "{host}：TLS 握手失败：{detail}"),
    "net_proxy": ("{host}: the proxy {proxy} failed: {detail}", "{host}：代理 {proxy} 失败：{detail}"),
    "net_timeout": ("{host}: no answer in time: {detail}", "{host}：未能按时应答：{detail}"),
    "net_upgrade": (
        "{host}: the HTTP upgrade to WebSocket was refused: {detail}",
        "{host}：WebSocket 的 HTTP 升级被拒绝：{detail}",
    ),
    "net_other": ("{host}: network error: {detail}", "{host}：网络错误：{detail}"),
    "hint_net_dns": (
        "The name does not resolve: check DNS, or set HTTPS_PROXY if only a proxy can resolve it.",
        "域名无法解析：请检查 DNS；若只能经代理解析，请设置 HTTPS_PROXY。",
    ),
    "hint_net_tcp": (
        "Outbound connections are blocked or refused: allow HTTPS (443) to DingTalk or set HTTPS_PROXY.",
        "出站连接被阻断或拒绝：请放行到钉钉的 HTTPS（443），或设置 HTTPS_PROXY。",
    ),
    "hint_net_tls": (
        "The certificate is not trusted: a TLS-inspecting proxy or firewall is in the way.",
        "证书不受信任：中间有解密 TLS 的代理或防火墙。",
    ),
    "hint_net_proxy": (
        "Check HTTPS_PROXY/HTTP_PROXY/ALL_PROXY (host, port, credentials) or add the host to NO_PROXY.",
        "请检查 HTTPS_PROXY/HTTP_PROXY/ALL_PROXY（主机、端口、凭据），或把该主机加入 NO_PROXY。",
    ),
    "hint_net_timeout": (
        "Packets are dropped on the way: a firewall, or a proxy that must be set in HTTPS_PROXY.",
        "数据包在途中被丢弃：可能是防火墙，或需要在 HTTPS_PROXY 中设置代理。",
    ),
    "hint_net_upgrade": (
        "The ticket was refused (single use, 90 s) or a proxy does not pass WebSocket upgrades.",
        "ticket 被拒绝（一次性，90 秒有效），或代理不转发 WebSocket 升级。",
    ),
    "hint_net_other": ("Check the network.", "请检查网络。"),
    "proxy_unsupported": (
        "{proxy_variable}={proxy} is not an HTTP proxy; only http:// proxies (CONNECT) are supported",
        "{proxy_variable}={proxy} 不是 HTTP 代理；仅支持 http:// 代理（CONNECT）",
    ),
    "hint_proxy_unsupported": (
        "Point the variable at an HTTP proxy, or add DingTalk's hosts to NO_PROXY.",
        "请将该变量指向 HTTP 代理，或将钉钉主机加入 NO_PROXY。",
    ),
    # -- websocket and first frame ------------------------------------------------------------------
    "ws_ok": ("WebSocket open to {host} ({scheme})", "已打开到 {host} 的 WebSocket（{scheme}）"),
    "frame_system": (
        "a {type} {topic} frame after {seconds} s; subscribed: {topics}",
        "{seconds} 秒后收到 {type} {topic} 帧；已订阅：{topics}",
    ),
    "frame_delivery": (
        "a {type} frame on {topic} after {seconds} s (ACKed LATER: DingTalk delivers it again); subscribed: {topics}",
        "{seconds} 秒后收到 {topic} 上的 {type} 帧（已回 LATER，钉钉会重新投递）；已订阅：{topics}",
    ),
    "frame_silent": ("no frame within {wait} s; subscribed: {topics}", "{wait} 秒内未收到任何帧；已订阅：{topics}"),
    "frame_closed": (
        "the socket closed after {seconds} s without a frame (close code {close_code})",
        "连接在 {seconds} 秒后关闭，未收到任何帧（关闭码 {close_code}）",
    ),
    "frame_bad": ("the first frame is not a Stream frame", "首个帧不是 Stream 帧"),
    "hint_frame_silent": (
        "The socket is up but quiet: see the checklist below.",
        "连接已建立但没有消息：请对照下面的检查清单。",
    ),
    "hint_frame_closed": (
        "DingTalk closed the connection: another client may hold it, or the app is not in Stream mode.",
        "钉钉关闭了连接：可能有其他客户端占用，或应用未使用 Stream 模式。",
    ),
    "hint_frame_bad": ("Something other than DingTalk's gateway answered.", "应答的不是钉钉网关。"),
    # -- verdict and checklist ----------------------------------------------------------------------
    "not_checked": ("not checked (stopped at {after})", "未检查（在 {after} 处停止）"),
    "verdict_live": ("the stream is live", "Stream 连接正常"),
    "verdict_silent": ("the stream is connected but silent", "Stream 已连接但没有消息"),
    "verdict_failed": ("the {stage} stage fails", "{stage} 阶段失败"),
    "hint_verdict_live": (
        "If events still do not arrive, go through the checklist.",
        "如果仍收不到事件，请对照检查清单。",
    ),
    "hint_verdict_silent": ("Go through the checklist.", "请对照检查清单。"),
    "check_stream_mode": (
        "Events: the developer console's event subscription uses Stream mode (not an HTTP URL).",
        "事件：开发者后台的事件订阅选择了 Stream 模式（而非 HTTP 地址）。",
    ),
    "check_published": ("The app is published (a version online).", "应用已发布（有线上版本）。"),
    "check_subscriptions": (
        "The events you expect are subscribed, and the app has their permissions.",
        "已订阅所需事件，且应用拥有相应权限。",
    ),
    "check_robot_card": (
        "Robots and cards: subscribe their topics (--callback robot / card); the robot uses Stream mode.",
        "机器人与卡片：订阅其主题（--callback robot / card）；机器人使用 Stream 模式。",
    ),
    "check_card_callback_type": (
        "Interactive cards: the card's callbackType is STREAM.",
        "互动卡片：卡片的 callbackType 为 STREAM。",
    ),
    "check_other_consumer": (
        "No other client uses this AppKey (staging, production): connected clients split the events.",
        "没有其他客户端使用此 AppKey（测试或生产环境）：同时连接的客户端会分摊事件。",
    ),
    # -- CLI chrome ---------------------------------------------------------------------------------
    "cli_title": ("Stream doctor for profile {profile}", "配置 {profile} 的 Stream 诊断"),
    "cli_checklist": ("Checklist for a live but silent stream:", "已连接但收不到消息时的检查清单："),
    "cli_hint": ("→ {hint}", "→ {hint}"),
    "cli_stage": ("[{status}] {name}: {text}", "[{status}] {name}：{text}"),
    "cli_proxy": ("proxy: {proxy} ({proxy_variable})", "代理：{proxy}（{proxy_variable}）"),
    "cli_no_proxy": (
        "no proxy: NO_PROXY matches ({proxy_variable} is set)",
        "不走代理：匹配 NO_PROXY（已设置 {proxy_variable}）",
    ),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "zh" else pair[0]


def stage_name(stage: str, lang: str = "en") -> str:
    return _pick(STAGE_NAMES.get(stage, (stage, stage)), lang)


def status_name(status: str, lang: str = "en") -> str:
    return _pick(STATUS_NAMES.get(status, (status, status)), lang)


def render(code: str, params: dict[str, Any], lang: str = "en") -> str:
    """The sentence for `code` in `lang` ("en" or "zh"); an unknown code shows as itself."""
    pair = MESSAGES.get(code)
    if pair is None:
        return code
    values = dict(params)
    if "layer" in values:
        values["layer"] = _pick(_LAYER.get(str(values["layer"]), _LAYER["other"]), lang)
    for key in ("after", "stage"):
        if key in values:
            values[key] = stage_name(str(values[key]), lang)
    values.setdefault("proxy", "")
    try:
        return _pick(pair, lang).format_map(values)
    except (KeyError, IndexError, ValueError):
        return _pick(pair, lang)
