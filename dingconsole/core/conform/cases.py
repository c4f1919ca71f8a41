"""The conformance cases as data: stable ids, and in Chinese and English a title, what DingTalk does
and what a correct handler answers. The code that runs each case lives in probes/forgery/inspect;
the runner joins the two by id. Ids are stable: CI configurations and `--only` name them.
"""

from __future__ import annotations

from dingconsole.core.conform.model import CaseSpec
from dingconsole.core.errors import DingError


class ConformError(DingError):
    code = "conform_error"


def _spec(case_id: str, title: tuple[str, str], dingtalk: tuple[str, str], expects: tuple[str, str]) -> CaseSpec:
    return CaseSpec(
        case_id,
        {"en": title[0], "zh": title[1]},
        {"en": dingtalk[0], "zh": dingtalk[1]},
        {"en": expects[0], "zh": expects[1]},
    )


CASES: tuple[CaseSpec, ...] = (
    _spec(
        "check_url",
        ("URL check answered in time", "回调地址验证按时应答"),
        ("pushes check_url when the callback URL is saved", "保存回调地址时推送 check_url 验证事件"),
        ("sealed success within 1500 ms", "1500 毫秒内返回加密的 success"),
    ),
    _spec(
        "event_types",
        ("Every event type is answered", "每种事件类型都有应答"),
        (
            "pushes approval, task, contacts, department, chat and attendance events",
            "推送审批、审批任务、通讯录、部门、群会话和考勤事件",
        ),
        ("sealed success to each, including types it ignores", "对每个事件都返回加密的 success，不处理的类型也一样"),
    ),
    _spec(
        "signature_param",
        ("signature and msg_signature both accepted", "signature 与 msg_signature 都接受"),
        (
            "older pushes carry only signature; a push may carry only msg_signature",
            "较早的推送只带 signature；也有推送只带 msg_signature",
        ),
        ("accepts both forms", "两种形式都接受"),
    ),
    _spec(
        "unicode_large",
        ("Chinese, emoji and a 60 KB message", "中文、emoji 与 60 KB 的消息"),
        (
            "pushes Chinese text, emoji and messages of tens of KB",
            "推送中文、emoji 以及几十 KB 的消息",
        ),
        ("success: lengths are UTF-8 bytes, not characters", "返回 success：长度按 UTF-8 字节计，而不是字符"),
    ),
    _spec(
        "padding_32",
        ("Padding of 17..32 bytes", "17..32 字节的填充"),
        (
            "pads to 32-byte blocks: real pushes carry pad values such as 22 and 31",
            "按 32 字节分组填充：真实推送的填充值有 22、31 等",
        ),
        ("success (pad values 1..32 accepted)", "返回 success（接受 1..32 的填充值）"),
    ),
    _spec(
        "duplicate",
        ("The same event twice", "同一事件推送两次"),
        ("may deliver the same eventId twice", "可能把同一个 eventId 推送两次"),
        ("success both times", "两次都返回 success"),
    ),
    _spec(
        "retry_after_failure",
        ("Redelivery after a failure", "失败后的重推"),
        (
            "redelivers an event after 10 s and 30 s when it saw no success (scaled down here)",
            "没有收到 success 时，10 秒、30 秒后重推同一事件（此处按比例缩短）",
        ),
        ("success on every redelivery", "每次重推都返回 success"),
    ),
    _spec(
        "burst",
        ("A burst of pushes at once", "同时到达的一批推送"),
        ("pushes many events at the same moment (N, default 20)", "同一时刻推送许多事件（N 个，默认 20）"),
        ("every reply within 1500 ms", "每个应答都在 1500 毫秒内"),
    ),
    _spec(
        "forged_signature",
        ("A forged signature is refused", "拒绝伪造的签名"),
        (
            "never signs with another token — an attacker who knows the URL does",
            "钉钉不会用别的 token 签名——知道地址的攻击者会",
        ),
        ("no sealed success (any refusal passes)", "不返回加密的 success（任何拒绝都算通过）"),
    ),
    _spec(
        "wrong_owner_key",
        ("A push made for another app is refused", "拒绝为其他应用生成的推送"),
        ("a push sealed for another app's owner key", "用其他应用的 owner key 封装的推送"),
        ("no sealed success", "不返回加密的 success"),
    ),
    _spec(
        "tampered_ciphertext",
        ("A corrupted ciphertext is refused cleanly", "平稳地拒绝被篡改的密文"),
        (
            "a valid signature over a ciphertext that does not decrypt",
            "签名正确、但密文无法解密的推送",
        ),
        ("no sealed success, no 5xx, no traceback", "不返回加密的 success，不返回 5xx，不泄露调用栈"),
    ),
    _spec(
        "reply_format",
        ("Reply format", "应答格式"),
        ("checks every reply it gets (71009 返回文本非success)", "检查收到的每个应答（71009 返回文本非success）"),
        (
            "HTTP 200, exactly the four fields, timeStamp spelled so, lower-case signature, JSON content type",
            "HTTP 200、恰好四个字段、拼写为 timeStamp、小写签名、JSON 内容类型",
        ),
    ),
    _spec(
        "redirect",
        ("No redirects", "没有重定向"),
        ("does not follow redirects (71012 url地址访问异常)", "不跟随重定向（71012 url地址访问异常）"),
        ("no 3xx", "不返回 3xx"),
    ),
)

CASE_IDS: tuple[str, ...] = tuple(spec.id for spec in CASES)


def get_case(case_id: str) -> CaseSpec:
    for spec in CASES:
        if spec.id == case_id:
            return spec
    raise ConformError(f"no case {case_id!r}", "Cases: " + ", ".join(CASE_IDS) + ".", case=case_id)


def select(only: str | list[str] | tuple[str, ...] | None) -> list[CaseSpec]:
    """The cases to run, in suite order: all, or those named in `only` ("id,id" or a list)."""
    if not only:
        return list(CASES)
    names = [n.strip() for n in (only.split(",") if isinstance(only, str) else only) if n.strip()]
    if not names:
        return list(CASES)
    unknown = [n for n in names if n not in CASE_IDS]
    if unknown:
        raise ConformError(
            f"unknown case id {', '.join(unknown)}",
            "Cases: " + ", ".join(CASE_IDS) + ".",
            unknown=unknown,
        )
    return [spec for spec in CASES if spec.id in names]
