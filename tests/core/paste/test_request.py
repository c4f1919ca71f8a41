"""parse_pasted: every shape a user can paste, and BadRequest (never anything else) for garbage."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dingconsole.core.errors import BadRequest
from dingconsole.core.paste import parse_pasted
from tests.vectors import ENC

QUERY = "signature=5a65ceeef9aab2d149439f82dc191dd6c5cbe2c0&timestamp=1445827045067&nonce=nEXhMP4r"
BODY = json.dumps({"encrypt": ENC})
EXPECTED_QUERY = {
    "signature": "5a65ceeef9aab2d149439f82dc191dd6c5cbe2c0",
    "timestamp": "1445827045067",
    "nonce": "nEXhMP4r",
}


def test_curl_bash_with_continuations() -> None:
    text = (
        f"curl -X POST 'http://localhost:8080/api/callback?{QUERY}' \\\n"
        f"  -H 'Content-Type: application/json' \\\n  -d '{BODY}'"
    )
    pasted = parse_pasted(text)
    assert pasted.kind == "curl"
    assert pasted.request is not None
    assert pasted.request.method == "POST"
    assert pasted.request.path == "/api/callback"
    assert pasted.request.query == EXPECTED_QUERY
    assert pasted.request.headers == {"Content-Type": "application/json"}
    assert json.loads(pasted.request.body) == {"encrypt": ENC}
    assert pasted.encrypt == ENC


def test_curl_windows_cmd_copy() -> None:
    body = BODY.replace('"', '^\\^"').replace("{", "^{").replace("}", "^}")
    text = (
        f'curl ^"http://localhost:8080/cb?{QUERY.replace("&", "^&")}^" ^\r\n'
        f'  -H ^"content-type: application/json^" ^\r\n  --data-raw ^"{body}^"\r\n'
    )
    pasted = parse_pasted(text)
    assert pasted.kind == "curl"
    assert pasted.request is not None
    assert pasted.request.query == EXPECTED_QUERY
    assert pasted.encrypt == ENC


@pytest.mark.parametrize("option", ["-d", "--data", "--data-raw", "--data-binary"])
def test_curl_data_options_imply_post(option: str) -> None:
    pasted = parse_pasted(f"curl -s 'https://x.example/cb?{QUERY}' {option} '{BODY}' --compressed")
    assert pasted.request is not None
    assert pasted.request.method == "POST"
    assert pasted.encrypt == ENC


def test_curl_glued_short_options_and_url_option() -> None:
    pasted = parse_pasted(f"curl -XPUT -H'X-A: 1' --url 'http://h/p?{QUERY}' -d '{BODY}'")
    assert pasted.request is not None
    assert (pasted.request.method, pasted.request.path, pasted.request.headers) == ("PUT", "/p", {"X-A": "1"})


def test_curl_body_from_file_is_explained() -> None:
    with pytest.raises(BadRequest, match="file 'body.json'"):
        parse_pasted("curl http://h/cb -d @body.json")


@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_raw_http_request(newline: str) -> None:
    lines = [f"POST /cb?{QUERY} HTTP/1.1", "Host: example.com", "Content-Type: application/json",
             f"Content-Length: {len(BODY)}", "", BODY]  # fmt: skip
    pasted = parse_pasted(newline.join(lines) + newline)
    assert pasted.kind == "http"
    assert pasted.request is not None
    assert pasted.request.query == EXPECTED_QUERY
    assert pasted.request.headers["Host"] == "example.com"
    assert pasted.request.body == BODY.encode()
    assert pasted.notes == []


def test_raw_http_without_host_and_wrong_length_is_tolerated() -> None:
    pasted = parse_pasted(f"POST /cb?{QUERY} HTTP/1.1\nContent-Length: 3\n\n{BODY}")
    assert pasted.request is not None
    assert pasted.request.body == BODY.encode()
    assert "Host" not in pasted.request.headers
    assert any("Content-Length says 3" in note for note in pasted.notes)
    assert any("Host" in note for note in pasted.notes)


def test_raw_http_chunked_body_is_decoded_by_h11() -> None:
    head = f"POST /cb?{QUERY} HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
    raw = head + f"{len(BODY):x}\r\n{BODY}\r\n0\r\n\r\n"
    pasted = parse_pasted(raw)
    assert pasted.encrypt == ENC


def test_raw_http_response_is_a_reply() -> None:
    reply = {"msg_signature": "a", "timeStamp": "1", "nonce": "n", "encrypt": "e"}
    pasted = parse_pasted("HTTP/1.1 500 Internal Server Error\nContent-Type: application/json\n\n" + json.dumps(reply))
    assert (pasted.kind, pasted.status, pasted.reply) == ("http_response", 500, reply)


def test_json_body_and_reply_json() -> None:
    body = parse_pasted("  " + BODY + "\n")
    assert body.kind == "json_body"
    assert body.encrypt == ENC
    reply = parse_pasted(json.dumps({"msg_signature": "a", "timestamp": "1", "nonce": "n", "encrypt": "e"}))
    assert reply.kind == "reply"
    assert reply.reply is not None and reply.reply["timestamp"] == "1"


def test_double_encoded_json_is_noted() -> None:
    pasted = parse_pasted(json.dumps(BODY))
    assert pasted.kind == "json_body"
    assert "encoded twice" in pasted.notes[0]


def test_url_and_bare_query_and_url_followed_by_body() -> None:
    url = parse_pasted(f"https://example.com/api/callback?{QUERY}")
    assert (url.kind, url.request and url.request.query) == ("url", EXPECTED_QUERY)
    bare = parse_pasted(QUERY)
    assert bare.request is not None and bare.request.query == EXPECTED_QUERY
    both = parse_pasted(f"http://h/cb?{QUERY}\n{BODY}")
    assert both.encrypt == ENC


def test_bare_encrypt_with_line_breaks_and_url_encoding() -> None:
    pasted = parse_pasted(ENC[:70] + "\n" + ENC[70:])
    assert (pasted.kind, pasted.encrypt) == ("encrypt", ENC)
    assert pasted.request is not None and json.loads(pasted.request.body) == {"encrypt": ENC}
    encoded = ENC.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    assert parse_pasted(encoded).encrypt == ENC


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "nothing was pasted"),
        ("   \n ", "nothing was pasted"),
        ("hello world", "cannot tell"),
        ("{not json", "does not parse"),
        ("[1, 2]", "list"),
        ('{"EventType": "check_url"}', "no encrypt field"),
        ("curl", "no URL"),
        ("curl 'http://h", "quotes"),
        ("curl http://h -H", "has no value"),
        ("GET / HTTP/1.1\nno colon here\n\n", "not a valid HTTP request"),
        ("https://example.com/cb?a=1", "no signature"),
    ],
)
def test_garbage_gives_bad_request(text: str, words: str) -> None:
    with pytest.raises(BadRequest, match=words) as info:
        parse_pasted(text)
    assert info.value.hint


# PowerShell syntax fragments, so the fuzz reaches deep into the tokenizer (quotes, here-strings,
# hashtables, groups, escapes, continuations) rather than failing on the first character.
_PS_PIECES = [
    " ", "\n", "`\n", "`", '"', "'", "''", '""', "`\"", "$", "$x", "$(", "$([char]65)", "@{", "}", "(", ")",
    "@\"\n", "\n\"@", "@'\n", "\n'@", "=", ";", "|", "-Uri", "-Body", "-Headers", "-Method", ":", "#",
    "<#", "#>", "http://h/?signature=a&timestamp=1&nonce=n", "ConvertTo-Json", "[System.Text.Encoding]::UTF8.GetBytes",
    "\u201c", "\u2019", "\u2013Body", "{\"encrypt\":\"QUJD\"}", "-InFile",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(),
        st.binary().map(lambda b: b.decode("latin-1")),
        st.text().map(lambda t: "curl " + t),
        st.text().map(lambda t: "POST / HTTP/1.1\n" + t),
        st.text().map(lambda t: "{" + t),
        st.text().map(lambda t: "HTTP/1.1 200 OK\n" + t),
        st.text().map(lambda t: "Invoke-WebRequest " + t),
        st.text().map(lambda t: "$s = New-Object X\nirm -Uri " + t),
        st.lists(st.sampled_from(_PS_PIECES), max_size=12).map(lambda parts: "iwr " + "".join(parts)),
    )
)
def test_fuzz_only_bad_request_escapes(text: str) -> None:
    try:
        pasted = parse_pasted(text)
    except BadRequest as exc:
        assert exc.message
    else:
        assert pasted.request is not None or pasted.reply is not None or pasted.kind == "http_response"


def test_request_line_without_http_version_is_a_raw_request() -> None:
    text = f"POST /api/callback?{QUERY}\r\nHost: example.com\r\nContent-Type: application/json\r\n\r\n{BODY}"
    pasted = parse_pasted(text)
    assert pasted.kind == "http"
    assert pasted.request is not None and pasted.request.query == EXPECTED_QUERY
    assert pasted.request.headers["Content-Type"] == "application/json"
    assert pasted.encrypt == ENC
    assert any("HTTP/1.1" in note for note in pasted.notes)
