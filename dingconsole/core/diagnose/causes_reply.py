"""The causes of a refused reply (DingTalk's 71009 "返回文本非success", 71012), rows of causes.py's table."""

from __future__ import annotations

from dingconsole.core.diagnose.cause import ISV_DEMO, Cause
from dingconsole.core.diagnose.report import Status

_STATUS_EXAMPLE = {"status": 502, "server": "nginx"}

REPLY_CAUSES: tuple[Cause, ...] = (
    Cause(
        "reply_fields",
        "fields",
        '71009 返回文本非success, "HTTP请求结果校验返回字段值失败"',
        "wrong reply field names (`timestamp` instead of `timeStamp`, re-cased keys), missing or extra fields",
        "{problems}",
        'DingTalk wants exactly {{"msg_signature", "timeStamp", "nonce", "encrypt"}} as a JSON object. '
        "Compare with the correct reply.",
        example={"problems": "`timestamp` should be `timeStamp`"},
    ),
    Cause(
        "reply_timestamp_number",
        "timestamp",
        "none seen yet (a handler that builds the reply from a number)",
        "timeStamp is a JSON number, not a string",
        "timeStamp is a JSON number ({value}), not a string: every official demo sends a string; whether "
        "DingTalk accepts a number is unverified",
        "Send timeStamp as a string of digits, as the demos do: str(int(time.time() * 1000)).",
        Status.WARNING,
        example={"value": "1700000001"},
    ),
    Cause(
        "reply_too_slow",
        "time",
        "the URL check times out",
        "the reply took longer than DingTalk waits (1500 ms)",
        "answered in {elapsed_ms:.0f} ms, over the {budget_ms:.0f} ms budget",
        "Reply first and do slow work afterwards (a queue or a background task); DingTalk gives up and retries.",
        example={"elapsed_ms": 2140.0, "budget_ms": 1500.0},
    ),
    Cause(
        "unreachable",
        "connect",
        '71012 "url地址访问异常"',
        "DingTalk cannot reach the URL (not exposed, wrong port), or it redirects (3xx)",
        "cannot connect to {target}: {reason}",
        "Start the handler, check the host and port; expose the listener through a tunnel or a reachable bind "
        "address. DingTalk does not follow redirects.",
        example={"target": "127.0.0.1:8080", "reason": "connection refused"},
    ),
    Cause(
        "reply_status_proxy",
        "status",
        "71009 / url地址访问异常 while the handler logs nothing",
        "a proxy answered: it cannot reach your handler",
        "HTTP {status} from {server}: the proxy cannot reach your handler",
        "The handler never saw the push: start it, and check the proxy's upstream address and port.",
        example=_STATUS_EXAMPLE,
    ),
    Cause(
        "java_illegal_key_size",
        "status",
        "Java InvalidKeyException: Illegal key size (often inside an HTTP 500 reply)",
        "on JDK 9+ the official Java demo's own static block sets crypto.policy=limited (its reflection that "
        "should undo it fails on JDK 12+); on JDK ≤ 8u151 the missing unlimited JCE policy",
        "HTTP {status} with Java's 'Illegal key size': the handler cannot use the 32-byte AES key",
        "Not the aesKey: in the official Java demo (DingCallbackCrypto) remove the static block that sets "
        'crypto.policy=limited, or run Security.setProperty("crypto.policy", "unlimited") before that class '
        "loads. On JDK 8u151 and older install the unlimited-strength JCE policy files.",
        example={"status": 500},
    ),
    Cause(
        "reply_status_error",
        "status",
        "71009 返回文本非success",
        "the handler failed (HTTP 5xx)",
        "HTTP {status}: the handler failed",
        "The handler raised an error: its log has the reason. DingTalk needs HTTP 200 with the sealed reply.",
        example={"status": 500},
    ),
    Cause(
        "reply_status_not_found",
        "status",
        "71009 / url地址访问异常",
        "nothing answers at this path",
        "HTTP {status}: nothing answers at this path",
        "Check the callback path registered with DingTalk against the handler's route (trailing slash, prefix).",
        example={"status": 404},
    ),
    Cause(
        "reply_body_page",
        "json",
        "71009 返回文本非success",
        "the reply is an HTML page (an nginx or Apache error page, a login page), not the sealed JSON",
        "the reply is {page}, not JSON",
        "DingTalk wants the sealed JSON reply. The body (first 2 KB):\n{body}",
        example={"page": "an nginx error page “502 Bad Gateway”", "body": "<html>…"},
    ),
    Cause(
        "reply_bom",
        "json",
        "a .NET or PowerShell handler's reply reported as 'not JSON: Expecting value'",
        "the reply starts with a UTF-8 byte order mark (EF BB BF)",
        "the reply starts with a UTF-8 byte order mark (EF BB BF); the rest was checked without it",
        "Write the reply as UTF-8 without a BOM (.NET: new UTF8Encoding(false)): JSON senders must not add one "
        "(RFC 8259 §8.1). Whether DingTalk skips it is unverified.",
        example={},
    ),
    Cause(
        "reply_body_empty",
        "json",
        "71009 返回文本非success",
        "the reply body is empty",
        "the reply body is empty",
        'Send {{"msg_signature", "timeStamp", "nonce", "encrypt"}} as JSON with HTTP 200.',
        example={},
    ),
    Cause(
        "reply_not_json",
        "json",
        "71009 返回文本非success",
        "the reply is text, not JSON",
        "the reply is not JSON: {error}",
        'DingTalk wants exactly {{"msg_signature", "timeStamp", "nonce", "encrypt"}}. The body (first 2 KB):\n{body}',
        example={"error": "Expecting value: line 1 column 1 (char 0)", "body": "ok"},
    ),
    Cause(
        "reply_signature_upper_case",
        "signature",
        "71009 返回文本非success (.NET handlers)",
        "msg_signature is upper-case hex; every official demo compares lower-case",
        "msg_signature {received} is upper-case hex; DingTalk's demos compare lower-case hex",
        ".NET's Convert.ToHexString gives upper case: use Convert.ToHexString(hash).ToLowerInvariant().",
        example={"received": "5A65CEEEF9…"},
    ),
    Cause(
        "reply_signed_request_timestamp",
        "signature",
        "71009 返回文本非success",
        "the reply was signed over the request's timestamp, not its own timeStamp",
        "msg_signature was computed over the request's timestamp {request_timestamp}, "
        "not the reply's own timeStamp {timestamp}",
        "Sign the values you send back: the reply's own timeStamp, nonce and encrypt.",
        example={"request_timestamp": "1445827045067", "timestamp": "1445827046"},
    ),
    Cause(
        "reply_line_breaks",
        "encoding",
        "none yet (DingTalk tolerates them today)",
        "the reply's encrypt holds line breaks (Python's base64.encodebytes)",
        "encrypt holds {count} line breaks (base64.encodebytes); DingTalk accepts them today, strict parsers do not",
        "Use base64.b64encode, which adds no line breaks.",
        Status.WARNING,
        example={"count": 3},
    ),
    Cause(
        "reply_suite_random",
        "message",
        "71009 on 'create suite' / 'update suite' URL checks",
        "an ISV suite URL check is answered with the Random value sealed, not 'success'",
        "for {event_type} DingTalk wants the Random value {random!r} sealed, the reply holds {found!r}",
        "Answer check_create_suite_url and check_update_suite_url with the message's Random value, sealed "
        "like success (" + ISV_DEMO + ").",
        example={"event_type": "check_create_suite_url", "random": "LPIdSnlF", "found": "success"},
    ),
)
