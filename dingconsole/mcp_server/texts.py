"""Every sentence the MCP tools say themselves, in English and Chinese, keyed by a stable code.

What the core already words (event labels and summaries, conformance results) comes from its own
tables (core.events, core.conform.messages); this table only frames them. The diagnosis steps' detail
and hint stay the core's English sentences (the Chinese ones are Qt translations, which a headless
server cannot load); their codes and params are in every result for an agent to read.
"""

from __future__ import annotations

from typing import Any

LANGS = ("en", "zh")

MESSAGES: dict[str, tuple[str, str]] = {
    "truncated": ("…[truncated: {count} more characters]", "…[已截断：还有 {count} 个字符]"),
    "events_none": ("no exchange matches", "没有符合条件的记录"),
    "events_found": (
        "{shown} of {total} matching exchanges, newest first",
        "符合条件的记录共 {total} 条，显示最新的 {shown} 条",
    ),
    "event_header": ("exchange #{id}: {label}", "记录 #{id}：{label}"),
    "event_summary": ("summary: {summary}", "摘要：{summary}"),
    "event_not_found": ("no exchange #{id} in the event store", "事件库中没有记录 #{id}"),
    "profiles_none": (
        "no profiles yet (add one with `dingconsole profile add`)",
        "还没有配置（用 `dingconsole profile add` 添加）",
    ),
    "profiles_found": ("{count} profiles; secrets are never shown", "{count} 个配置；密钥从不显示"),
    "profile_line": (
        "{mark} {name}  owner key {owner_key}  token: {token} · aesKey: {aes_key} · AppSecret: {app_secret}",
        "{mark} {name}  owner key {owner_key}  token：{token} · aesKey：{aes_key} · AppSecret：{app_secret}",
    ),
    "secret_set": ("set", "已设置"),
    "secret_missing": ("missing", "未设置"),
    "weak_token": ("  the token is weak: {why}", "  token 强度不足：{why}"),
    "weak_digits_only": ("it is only digits", "只有数字"),
    "weak_too_short": ("it is short", "太短"),
    "catalogue_families": ("{count} event families", "{count} 个事件分类"),
    "catalogue_family": ("{label} ({family}): {count} event types", "{label}（{family}）：{count} 种事件"),
    "catalogue_type": ("{type}: {label} (family {family})", "{type}：{label}（分类 {family}）"),
    "required": (", required", "，必填"),
    "catalogue_template": ("template payload (fresh ids and times):", "模板内容（新的 id 与时间）："),
    "catalogue_fields": ("documented fields:", "文档中的字段："),
    "unknown_family": ("no event family {family!r}", "没有事件分类 {family!r}"),
    "unknown_type": ("no event type or template {name!r}", "没有事件类型或模板 {name!r}"),
    "checks_passed": ("every check that could run passed", "所有能执行的检查都通过了"),
    "checks_failed": ("a check failed: {step}", "有检查未通过：{step}"),
    "nothing_checked": ("nothing could be checked", "没有可执行的检查"),
    "output": ("output:", "输出："),
    "facts": ("found:", "发现："),
    "signature": ("signature: {signature}", "签名：{signature}"),
    "send_header": (
        "sent to {url} with profile {profile} ({pattern}): {passed} of {total} replies pass DingTalk's check",
        "用配置 {profile} 发送到 {url}（{pattern}）：{total} 个应答中 {passed} 个通过钉钉的检查",
    ),
    "remote_refused": (
        "{host} is not a loopback address: send and conform only reach another host when the server was "
        "started with --allow-remote {host}",
        "{host} 不是本机回环地址：只有用 --allow-remote {host} 启动服务时，send 与 conform 才会访问其他主机",
    ),
    "no_profile": (
        "no profile to use: give a profile name (see profiles_list)",
        "没有可用的配置：请给出配置名称（见 profiles_list）",
    ),
    "one_source": (
        "give exactly one of event_type, message or capture",
        "event_type、message、capture 三者只能给一个",
    ),
    "replay_needs_capture": (
        "replay_exact replays a captured exchange: give capture",
        "replay_exact 重放已捕获的记录：请给出 capture",
    ),
    "no_app_secret": (
        "profile {profile!r} has no AppSecret to sign a robot message with",
        "配置 {profile!r} 没有用于机器人签名的 AppSecret",
    ),
    "conform_cases": ("{count} conformance cases", "{count} 个一致性测试用例"),
    "empty_input": ("the text is empty", "文本为空"),
    "invalid_argument": ("invalid argument: {detail}", "参数无效：{detail}"),
    "internal": ("internal error: {detail}", "内部错误：{detail}"),
    "error": ("error [{code}]: {message}", "错误 [{code}]：{message}"),
    "hint": ("hint: {hint}", "提示：{hint}"),
}


def render(code: str, params: dict[str, Any] | None = None, lang: str = "en") -> str:
    """The sentence for `code` in `lang` (English for an unknown language), its fields filled from `params`."""
    english, chinese = MESSAGES[code]
    template = chinese if lang == "zh" else english
    return template.format(**(params or {}))
