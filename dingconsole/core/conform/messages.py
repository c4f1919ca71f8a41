"""Every sentence the suite says, in English and Chinese, keyed by a stable code.

Templates use str.format fields; a parameter may be another message (rendered in the same
language) or a {"en": …, "zh": …} label. Parameter values are never parsed as templates, so text
from a handler's reply is safe to pass in (escaping for a terminal or HTML is the printer's job).
"""

from __future__ import annotations

from typing import Any

LANGS = ("en", "zh")

MESSAGES: dict[str, tuple[str, str]] = {
    # -- what was sent ------------------------------------------------------------------------
    "push_check_url": ("URL check (check_url)", "回调地址验证（check_url）"),
    "push_template": ("{label} ({name})", "{label}（{name}）"),
    "push_only_signature": ("push with only `signature` in the query", "查询参数只有 `signature` 的推送"),
    "push_only_msg_signature": ("push with only `msg_signature` in the query", "查询参数只有 `msg_signature` 的推送"),
    "push_chinese": ("approval comment in Chinese ({kb} KB)", "中文审批评论（{kb} KB）"),
    "push_emoji": ("approval comment with emoji ({kb} KB)", "带 emoji 的审批评论（{kb} KB）"),
    "push_ascii_large": ("large ASCII message ({kb} KB)", "大的纯 ASCII 消息（{kb} KB）"),
    "push_unicode_large": ("large message in Chinese and emoji ({kb} KB)", "中文与 emoji 的大消息（{kb} KB）"),
    "push_pad": ("padding of {pad} bytes", "{pad} 字节的填充"),
    "push_delivery": ("delivery {number} of eventId {event_id}", "eventId {event_id} 的第 {number} 次推送"),
    "push_attempt_first": ("attempt 1 of eventId {event_id}", "eventId {event_id} 的第 1 次推送"),
    "push_attempt_retry": (
        "attempt {attempt}, after {waited} s (DingTalk: {dingtalk} s)",
        "第 {attempt} 次推送，等待 {waited} 秒后（钉钉：{dingtalk} 秒）",
    ),
    "push_burst": ("burst push {number} of {total}", "并发推送 {number}/{total}"),
    "push_forged": ("push signed with another token", "用别的 token 签名的推送"),
    "push_foreign_owner": ("push sealed for the owner key {key}", "为 owner key {key} 封装的推送"),
    "push_tampered_padding": (
        "validly signed push whose ciphertext decrypts to bad padding",
        "签名正确、解密后填充错误的推送",
    ),
    "push_tampered_length": (
        "validly signed push whose ciphertext lost 8 bytes",
        "签名正确、密文少了 8 字节的推送",
    ),
    # -- single replies -------------------------------------------------------------------------
    "accepted": ("accepted: sealed success in {ms} ms", "已接受：{ms} 毫秒内返回加密的 success"),
    "accepted_see_format": (
        "accepted in {ms} ms; the reply's format is judged by reply_format",
        "已接受（{ms} 毫秒）；应答格式见 reply_format",
    ),
    "no_reply": ("no reply: {error}", "没有应答：{error}"),
    "redirected": ("redirected (HTTP {status}) to {location}", "被重定向（HTTP {status}）到 {location}"),
    "refused_status": ("refused: HTTP {status} {reply}", "被拒绝：HTTP {status} {reply}"),
    "refused_message": ("answered a sealed {message!r}, not 'success'", "返回的加密内容是 {message!r}，不是 success"),
    "refused_unreadable": (
        "the reply is not a success DingTalk can read: {detail} {reply}",
        "应答不是钉钉能读懂的 success：{detail} {reply}",
    ),
    "too_slow": (
        "answered in {ms} ms, over DingTalk's {budget} ms",
        "用了 {ms} 毫秒应答，超过钉钉的 {budget} 毫秒",
    ),
    "failed": ("failed", "未通过"),
    # -- fixes shared by several cases -------------------------------------------------------
    "fix_answer_success": (
        "Answer every genuine push with the sealed success reply, even events you ignore; "
        "anything else makes DingTalk retry and, in the end, drop the event.",
        "对每个真实推送都返回加密的 success，不处理的事件也一样；否则钉钉会重推，最终丢弃该事件。",
    ),
    "fix_reply_first": (
        "Reply first and do the slow work afterwards (a queue or a background task).",
        "先应答，再做耗时的工作（放进队列或后台任务）。",
    ),
    # -- check_url ------------------------------------------------------------------------------
    "check_url_ok": (
        "sealed success in {ms} ms (budget {budget} ms)",
        "{ms} 毫秒返回加密的 success（预算 {budget} 毫秒）",
    ),
    "refused_java_key_size": (
        "HTTP {status} with Java's 'Illegal key size': on JDK 9+ the official Java demo's static block sets "
        "crypto.policy=limited — remove it, or set crypto.policy=unlimited before the class loads (not the aesKey)",
        "HTTP {status}，带有 Java 的“Illegal key size”：在 JDK 9+ 上，官方 Java 示例的静态代码块设置了 "
        "crypto.policy=limited——删除它，或在该类加载前设置 crypto.policy=unlimited（问题不在 aesKey）",
    ),
    "check_url_refused_shape": (
        "DingTalk would not save the URL: the reply is accepted in intent but its checker refuses it ({detail})",
        "钉钉不会保存回调地址：应答本意是接受，但钉钉的校验会拒绝它（{detail}）",
    ),
    "fix_check_url": (
        "Decrypt the check_url push like any event and answer the sealed success; "
        "DingTalk saves the URL only after that reply.",
        "像其他事件一样解密 check_url 推送并返回加密的 success；钉钉收到后才会保存回调地址。",
    ),
    # -- event_types ----------------------------------------------------------------------------
    "types_ok": ("all {total} event types accepted", "全部 {total} 种事件都已接受"),
    "types_refused": (
        "{count} of {total} event types refused: {names}",
        "{total} 种事件中有 {count} 种被拒绝：{names}",
    ),
    "diag_counts_characters": (
        "Pushes in plain ASCII are accepted, pushes with Chinese or emoji are refused: your handler counts "
        "characters where DingTalk's length field counts UTF-8 bytes (the official Python 3 demo's bug).",
        "纯 ASCII 的推送被接受，含中文或 emoji 的推送被拒绝：你的处理程序按字符计算长度，"
        "而钉钉的长度字段是 UTF-8 字节数（官方 Python 3 示例就有这个错误）。",
    ),
    "fix_count_bytes": (
        "Slice the decrypted bytes before decoding: length = int.from_bytes(plain[16:20], 'big'); "
        "message = plain[20:20+length].decode('utf-8'); the owner key follows.",
        "先按字节切分再解码：length = int.from_bytes(plain[16:20], 'big')；"
        "message = plain[20:20+length].decode('utf-8')；其后是 owner key。",
    ),
    # -- signature_param ------------------------------------------------------------------------
    "signature_param_ok": ("both forms accepted", "两种形式都已接受"),
    "signature_param_bad": ("a form of the signature parameter is refused", "有一种签名参数形式被拒绝"),
    "diag_reads_msg_signature_only": (
        "A push with only `signature` is refused: your handler reads only `msg_signature`.",
        "只带 `signature` 的推送被拒绝：你的处理程序只读取 `msg_signature`。",
    ),
    "diag_reads_signature_only": (
        "A push with only `msg_signature` is refused: your handler reads only `signature`.",
        "只带 `msg_signature` 的推送被拒绝：你的处理程序只读取 `signature`。",
    ),
    "fix_signature_fallback": (
        "Read msg_signature and fall back to signature (DingTalk's demos do exactly this).",
        "读取 msg_signature，没有时改读 signature（钉钉官方示例就是这样做的）。",
    ),
    # -- unicode_large --------------------------------------------------------------------------
    "unicode_ok": ("Chinese, emoji and 60 KB messages accepted", "中文、emoji 与 60 KB 的消息都已接受"),
    "unicode_bad": ("{count} of {total} pushes refused", "{total} 个推送中有 {count} 个被拒绝"),
    "diag_body_limit": (
        "Small pushes are accepted, the 60 KB ones refused (HTTP {status}): a request size limit in the "
        "handler or a proxy in front of it.",
        "小的推送被接受，60 KB 的被拒绝（HTTP {status}）：处理程序或前面的代理限制了请求大小。",
    ),
    "fix_body_limit": (
        "Allow request bodies of at least 1 MB (nginx client_max_body_size, Flask MAX_CONTENT_LENGTH, …).",
        "允许至少 1 MB 的请求体（nginx 的 client_max_body_size、Flask 的 MAX_CONTENT_LENGTH 等）。",
    ),
    # -- padding_32 -----------------------------------------------------------------------------
    "padding_ok": ("pad values 16..32 accepted", "16..32 的填充值都已接受"),
    "padding_bad": ("refused pad values: {pads}", "被拒绝的填充值：{pads}"),
    "diag_unpad16": (
        "Padding of up to 16 bytes is accepted, 17..32 refused: your handler unpads to 16-byte blocks "
        "(unpad(data, 16), PKCS5Padding); DingTalk pads to 32 bytes.",
        "16 字节以内的填充被接受，17..32 被拒绝：你的处理程序按 16 字节分组去填充"
        "（unpad(data, 16)、PKCS5Padding）；钉钉按 32 字节填充。",
    ),
    "fix_unpad32": (
        "Remove the padding by its last byte, accepting values 1..32: pad = plain[-1]; plain = plain[:-pad].",
        "按最后一个字节去掉填充，接受 1..32：pad = plain[-1]；plain = plain[:-pad]。",
    ),
    # -- duplicate / retry ----------------------------------------------------------------------
    "duplicate_ok": ("both deliveries accepted", "两次推送都已接受"),
    "duplicate_bad": ("a delivery of the same event is refused", "同一事件的某次推送被拒绝"),
    "diag_refuses_duplicate": (
        "The first delivery is accepted, the second refused ({reason}): your handler treats a duplicate as an error.",
        "第一次推送被接受，第二次被拒绝（{reason}）：你的处理程序把重复推送当成了错误。",
    ),
    "fix_duplicate": (
        "De-duplicate on eventId silently: answer the sealed success again and skip the work.",
        "按 eventId 静默去重：再次返回加密的 success，只是不再重复处理。",
    ),
    "attempt_one_failed": (
        "the failure DingTalk retries after (judged by the redeliveries): {reason}",
        "钉钉据此重推的那次失败（以重推结果为准）：{reason}",
    ),
    "retry_ok": ("all {count} redeliveries accepted", "全部 {count} 次重推都已接受"),
    "retry_bad": ("{count} redeliveries refused", "{count} 次重推被拒绝"),
    "diag_refuses_redelivery": (
        "A redelivery of an event the handler had accepted is refused ({reason}); DingTalk keeps retrying "
        "an event until it gets success.",
        "处理程序已接受过的事件，重推时被拒绝（{reason}）；钉钉会一直重推，直到收到 success。",
    ),
    "diag_refuses_all": ("Every delivery is refused ({reason}).", "每次推送都被拒绝（{reason}）。"),
    # -- burst ----------------------------------------------------------------------------------
    "burst_ok": (
        "{n} pushes at once: all accepted within {budget} ms; p50 {p50} ms, p99 {p99} ms",
        "同时 {n} 个推送：全部在 {budget} 毫秒内接受；p50 {p50} 毫秒，p99 {p99} 毫秒",
    ),
    "burst_bad": (
        "{n} pushes at once: {refused} refused, {slow} over {budget} ms; p50 {p50} ms, p99 {p99} ms",
        "同时 {n} 个推送：{refused} 个被拒绝，{slow} 个超过 {budget} 毫秒；p50 {p50} 毫秒，p99 {p99} 毫秒",
    ),
    "diag_burst_slow": (
        "{slow} of {n} simultaneous pushes were answered after {budget} ms: the handler serialises its work.",
        "{n} 个同时到达的推送中有 {slow} 个在 {budget} 毫秒后才应答：处理程序在串行处理。",
    ),
    "diag_burst_refused": (
        "{count} of {n} simultaneous pushes were refused ({reason}).",
        "{n} 个同时到达的推送中有 {count} 个被拒绝（{reason}）。",
    ),
    "diag_burst_no_reply": (
        "{count} of {n} simultaneous pushes got no reply ({reason}): connection limit or crash under load.",
        "{n} 个同时到达的推送中有 {count} 个没有应答（{reason}）：连接数受限，或在负载下崩溃。",
    ),
    "fix_burst": (
        "Serve requests concurrently (several workers or an async server) and answer each at once.",
        "并发处理请求（多个 worker 或异步服务器），每个请求立即应答。",
    ),
    # -- forgeries ------------------------------------------------------------------------------
    "forgery_refused": ("refused, as it should be: {reason}", "已拒绝，这是正确的：{reason}"),
    "forgery_plain_success": (
        "answered the plain text 'success': if the handler acted on this push, it checked nothing",
        "返回了明文 success：如果处理程序处理了这个推送，说明它什么都没有校验",
    ),
    "forged_refused": ("refused (HTTP {status})", "已拒绝（HTTP {status}）"),
    "forged_accepted": ("a forged push was accepted", "伪造的推送被接受了"),
    "diag_no_signature_check": (
        "Your handler answered sealed success to a push signed with another token: it does not verify "
        "msg_signature, so anyone who knows the URL can forge events.",
        "你的处理程序对用别的 token 签名的推送返回了加密的 success：它没有校验 msg_signature，"
        "任何知道地址的人都能伪造事件。",
    ),
    "fix_verify_signature": (
        "Before decrypting, compute SHA-1 over the sorted token, timestamp, nonce and encrypt, and compare it "
        "with msg_signature in constant time; refuse on mismatch.",
        "解密前，把 token、timestamp、nonce、encrypt 排序后拼接计算 SHA-1，"
        "与 msg_signature 做常量时间比较；不一致就拒绝。",
    ),
    "owner_refused": ("refused (HTTP {status})", "已拒绝（HTTP {status}）"),
    "owner_accepted": ("a push made for another app was accepted", "为其他应用生成的推送被接受了"),
    "diag_no_owner_check": (
        "Your handler accepted a push made for {key}: it does not compare the key at the end of the "
        "plaintext with its own AppKey / CorpId / suiteKey.",
        "你的处理程序接受了为 {key} 生成的推送：它没有把明文末尾的 key 与自己的 AppKey / CorpId / suiteKey 比较。",
    ),
    "fix_check_owner": (
        "After decrypting, check that the trailing key equals {own}; refuse otherwise.",
        "解密后检查末尾的 key 是否等于 {own}；不相等就拒绝。",
    ),
    "tampered_ok": ("corrupted ciphertexts refused cleanly", "被篡改的密文都被平稳地拒绝"),
    "tampered_accepted": (
        "a corrupted ciphertext was answered with sealed success",
        "被篡改的密文得到了加密的 success",
    ),
    "diag_crash": (
        "Your handler crashed (HTTP {status}) on a ciphertext that does not decrypt.",
        "密文无法解密时，你的处理程序崩溃了（HTTP {status}）。",
    ),
    "diag_crash_traceback": (
        "Your handler crashed (HTTP {status}) on a ciphertext that does not decrypt, and its reply shows a traceback.",
        "密文无法解密时，你的处理程序崩溃了（HTTP {status}），应答里还有调用栈。",
    ),
    "diag_traceback": (
        "The reply (HTTP {status}) shows a traceback: it tells an attacker how the handler works.",
        "应答（HTTP {status}）里有调用栈：它向攻击者泄露了处理程序的实现。",
    ),
    "tampered_no_reply": (
        "no reply ({error}): did the handler crash?",
        "没有应答（{error}）：处理程序崩溃了吗？",
    ),
    "fix_catch_decrypt": (
        "Catch decryption errors (bad padding, bad length, bad base64) and answer 400 or 403 with a short, "
        "generic body; DingTalk retries 5xx.",
        "捕获解密错误（填充、长度、base64 错误），返回 400 或 403 和简短的通用内容；钉钉会重试 5xx。",
    ),
    "fix_no_traceback": (
        "Turn off debug error pages in production and answer errors with a generic body.",
        "在生产环境关闭调试错误页，错误应答只给通用内容。",
    ),
    # -- reply_format ---------------------------------------------------------------------------
    "fmt_ok": ("all {total} accepted replies have DingTalk's format", "全部 {total} 个接受应答的格式都正确"),
    "fmt_none": (
        "no reply accepted a genuine push, so none has the format DingTalk needs",
        "没有应答接受真实推送，因此没有符合钉钉格式的应答",
    ),
    "fmt_count": ("{what} ({count} of {total} replies)", "{what}（{total} 个应答中的 {count} 个）"),
    "fmt_bad": ("{what} ({count} of {total} replies)", "{what}（{total} 个应答中的 {count} 个）"),
    "fmt_warn": ("{what} ({count} of {total} replies)", "{what}（{total} 个应答中的 {count} 个）"),
    "fmt_status": (
        "your handler answered HTTP {status}; DingTalk requires 200",
        "你的处理程序返回 HTTP {status}；钉钉要求 200",
    ),
    "fmt_fix_status": ("Answer with status 200 exactly.", "状态码必须是 200。"),
    "fmt_plain_success": (
        "your handler answered the plain text `success`; DingTalk requires the encrypted JSON reply",
        "你的处理程序返回了明文 `success`；钉钉要求加密后的 JSON 应答",
    ),
    "fmt_fix_plain": (
        'Encrypt "success" and answer {{"msg_signature", "timeStamp", "nonce", "encrypt"}} as JSON.',
        '加密 "success"，以 JSON 返回 {{"msg_signature", "timeStamp", "nonce", "encrypt"}}。',
    ),
    "fmt_field_spelling": (
        "your handler answered `{found}`; DingTalk requires `{expected}`",
        "你的处理程序返回了 `{found}`；钉钉要求 `{expected}`",
    ),
    "fmt_fields": ("the reply's fields are wrong: {detail}", "应答字段不对：{detail}"),
    "fmt_fix_fields": (
        "Answer exactly msg_signature, timeStamp (camelCase), nonce and encrypt.",
        "只返回 msg_signature、timeStamp（驼峰）、nonce 和 encrypt 四个字段。",
    ),
    "fmt_owner_key": (
        "the reply was encrypted for {found}, the profile's owner key is {expected}",
        "应答是为 {found} 加密的，配置的 owner key 是 {expected}",
    ),
    "fmt_fix_owner": (
        "Encrypt the reply with the same owner key DingTalk appends to the push.",
        "用钉钉推送里附带的同一个 owner key 加密应答。",
    ),
    "fmt_content_type": (
        "the reply's Content-Type is {found!r}; DingTalk's reply is JSON",
        "应答的 Content-Type 是 {found!r}；钉钉的应答是 JSON",
    ),
    "fmt_fix_content_type": (
        "Send Content-Type: application/json (Flask jsonify, Spring @ResponseBody, Gin c.JSON).",
        "发送 Content-Type: application/json（Flask jsonify、Spring @ResponseBody、Gin c.JSON）。",
    ),
    "fmt_seconds": (
        "timeStamp is in seconds; DingTalk's own timestamps are milliseconds (accepted, but unusual)",
        "timeStamp 是秒；钉钉自己的时间戳是毫秒（可以接受，但不常见）",
    ),
    "fmt_fix_ms": ("Use str(int(time.time() * 1000)).", "使用 str(int(time.time() * 1000))。"),
    "fmt_signature_upper": (
        "your handler's msg_signature is upper-case hex; DingTalk's demos compare lower-case hex",
        "你的处理程序的 msg_signature 是大写十六进制；钉钉官方示例比较的是小写",
    ),
    "fmt_fix_signature_upper": (
        "Send the SHA-1 as lower-case hex (.NET: Convert.ToHexString(hash).ToLowerInvariant()).",
        "以小写十六进制发送 SHA-1（.NET：Convert.ToHexString(hash).ToLowerInvariant()）。",
    ),
    "fmt_signed_request": (
        "your handler signed its reply over the request's timestamp, not the reply's own timeStamp",
        "你的处理程序用请求的 timestamp 而不是应答自己的 timeStamp 计算签名",
    ),
    "fmt_fix_sign_own": (
        "Sign the values you send back: the reply's own timeStamp, nonce and encrypt.",
        "对应答里实际返回的 timeStamp、nonce 和 encrypt 签名。",
    ),
    "fmt_line_breaks": (
        "the reply's encrypt holds {count} line breaks (base64.encodebytes); DingTalk accepts them today",
        "应答的 encrypt 含有 {count} 个换行（base64.encodebytes）；钉钉目前可以接受",
    ),
    "fmt_fix_b64": ("Use base64.b64encode, which adds no line breaks.", "使用不加换行的 base64.b64encode。"),
    "fmt_step": ("the reply fails the {step} check: {detail}", "应答未通过 {step} 检查：{detail}"),
    "fmt_step_warn": ("the {step} check warns: {detail}", "{step} 检查给出警告：{detail}"),
    "fmt_fix_checker": ("{hint}", "{hint}"),
    "fmt_fix_compare": (
        "Compare with the correct reply shown in the evidence.",
        "与证据中给出的正确应答对照。",
    ),
    # -- redirect -------------------------------------------------------------------------------
    "redirect_ok": ("no redirect among {total} replies", "{total} 个应答中没有重定向"),
    "redirect_bad": ("{count} of {total} replies redirect: {note}", "{total} 个应答中有 {count} 个重定向：{note}"),
    "diag_redirect": (
        "your handler answered HTTP {status} to {location}; DingTalk does not follow redirects",
        "你的处理程序返回 HTTP {status} 到 {location}；钉钉不跟随重定向",
    ),
    "fix_redirect": (
        "Give DingTalk the final URL (scheme, host, path and trailing slash exactly as the server wants them).",
        "把最终地址填给钉钉（协议、主机、路径和末尾斜杠都与服务器要求的一致）。",
    ),
    # -- the runner -----------------------------------------------------------------------------
    "case_time_limit": (
        "stopped after the case's time limit of {seconds} s",
        "超过本用例 {seconds} 秒的时间限制，已停止",
    ),
    "not_run_unreachable": ("not run: {url} did not answer", "未运行：{url} 没有应答"),
    "diag_slow_replies": (
        "{count} replies of this case came after DingTalk's budget (up to {ms} ms): the handler is slow on every push.",
        "本用例有 {count} 个应答超过钉钉的时间预算（最长 {ms} 毫秒）：处理程序对每个推送都很慢。",
    ),
    "request_limit": ("stopped at the run's limit of {limit} requests", "达到本次运行 {limit} 个请求的上限，已停止"),
    "case_error": ("the case could not run: {error}", "用例无法运行：{error}"),
    "fix_start_handler": (
        "Start the handler (and any tunnel in front of it) and check the URL.",
        "启动处理程序（以及前面的隧道），并检查地址。",
    ),
    # -- the command line's header and summary ------------------------------------------------
    "cli_header": (
        "conform {url} with profile {profile} ({count} cases)",
        "conform {url}，配置 {profile}（{count} 个用例）",
    ),
    "cli_summary": (
        "{total} cases: {passed} passed, {failed} failed, {warned} warned · {requests} requests · {seconds} s",
        "{total} 个用例：{passed} 通过，{failed} 失败，{warned} 警告 · {requests} 个请求 · {seconds} 秒",
    ),
    "cli_list": ("DingTalk: {dingtalk}\n{pad}correct:  {expects}", "钉钉：{dingtalk}\n{pad}正确：{expects}"),
}


def _value(value: Any, lang: str) -> Any:
    if hasattr(value, "render"):
        return value.render(lang)
    if isinstance(value, dict) and "en" in value:
        return value.get(lang) or value["en"]
    return value


def render(code: str, params: dict[str, Any], lang: str = "en") -> str:
    """The sentence for `code` in `lang` ("en" or "zh"); an unknown code shows as itself."""
    pair = MESSAGES.get(code)
    if pair is None:
        return code
    template = pair[1] if lang == "zh" else pair[0]
    values = {key: _value(value, lang) for key, value in params.items()}
    try:
        return template.format_map(values)
    except (KeyError, IndexError, ValueError):
        return template


def plain(params: dict[str, Any]) -> dict[str, Any]:
    """Parameters as JSON data: nested messages become {"code", "params"}."""
    out: dict[str, Any] = {}
    for key, value in params.items():
        if hasattr(value, "code") and hasattr(value, "params"):
            out[key] = {"code": value.code, "params": plain(value.params)}
        else:
            out[key] = value
    return out
