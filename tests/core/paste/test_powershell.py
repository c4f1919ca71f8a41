"""PowerShell web requests (DevTools "Copy as PowerShell", typed Invoke-WebRequest / Invoke-RestMethod /
iwr / irm / the curl alias): the quoting tokenizer, and the whole paste down to a decrypted push."""

from __future__ import annotations

import json
import re

import pytest

from dingconsole.core.crypto import DingCrypto
from dingconsole.core.errors import BadRequest
from dingconsole.core.exchange import HttpRequest
from dingconsole.core.paste import parse_pasted
from dingconsole.core.paste.powershell import looks_like_powershell
from dingconsole.core.paste.powershell_tokens import Param, Table, Var, Word, tokenize
from dingconsole.core.profiles import Profile
from dingconsole.core.send.sender import seal_push, target_url

# The published vector (docs/PROTOCOL.md §2)
from tests.cli_runner import Cli
from tests.vectors import AES_KEY, ENC, NONCE, OWNER, PLAIN, SIG, TOKEN, TS

URL = f"http://localhost:8080/api/callback?signature={SIG}&timestamp={TS}&nonce={NONCE}"
BODY = json.dumps({"encrypt": ENC})
PROFILE = Profile("isv", OWNER, TOKEN, AES_KEY)
CREDS = ["--token", TOKEN, "--aes-key", AES_KEY, "--app-key", OWNER]


def devtools_quote(text: str) -> str:
    """How Chrome DevTools quotes a PowerShell string: backtick before ` $ ", non-printable ASCII as $([char]N)."""
    escaped = re.sub(r'[`$"]', lambda m: "`" + m.group(), text)
    return '"' + re.sub(r"[^\x20-\x7e]", lambda m: f"$([char]{ord(m.group())})", escaped) + '"'


def copy_as_powershell(request: HttpRequest, url: str) -> str:
    """A Chrome "Copy as PowerShell" of `request` (session lines, header hashtable, backtick continuations)."""
    headers = "\n  ".join(
        f"{devtools_quote(k)}={devtools_quote(v)}" for k, v in request.headers.items() if k.lower() != "content-type"
    )
    body = request.body.decode()
    body_arg = devtools_quote(body)
    if re.search(r"[^\x20-\x7e]", body):
        body_arg = f"([System.Text.Encoding]::UTF8.GetBytes({body_arg}))"
    return (
        "$session = New-Object Microsoft.PowerShell.Commands.WebRequestSession\n"
        '$session.UserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0"\n'
        '$session.Cookies.Add((New-Object System.Net.Cookie("sid", "a`"b", "/", "localhost")))\n'
        f"Invoke-WebRequest -UseBasicParsing -Uri {devtools_quote(url)} `\n"
        '-Method "POST" `\n'
        "-WebSession $session `\n"
        f'-Headers @{{\n"Accept"="*/*"\n  "Accept-Language"="zh-CN,zh;q=0.9"\n  {headers}\n}} `\n'
        f"-ContentType {devtools_quote(request.headers['Content-Type'])} `\n"
        f"-Body {body_arg}\n"
    )


def decrypted(text: str) -> str:
    pasted = parse_pasted(text)
    assert pasted.kind == "powershell" and pasted.request is not None
    request = pasted.request
    return DingCrypto(TOKEN, AES_KEY, OWNER).open_request(request.query, request.body).message


# -- the tokenizer -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('"a`"b``c`$d`n`r`t"', 'a"b`c$d\n\r\t'),
        ('"say ""hi"""', 'say "hi"'),
        ("'it''s `n $x'", "it's `n $x"),
        ('"caf$([char]233) $([char]0x4E2D)"', "café 中"),
        ("\"a\"'b'c", "abc"),
        ("\u201csmart\u201d", "smart"),
        ('@"\n{"encrypt": "`$a"}\nline 2\n"@', '{"encrypt": "$a"}\nline 2'),
        ("@'\n{\"x\": '$y'}\n'@", "{\"x\": '$y'}"),
        ("@'\r\nwindows\r\n'@", "windows"),
    ],
)
def test_quoting_forms(source: str, expected: str) -> None:
    [[word]] = tokenize(source)
    assert isinstance(word, Word) and word.text == expected


def test_statements_continuations_comments_hashtables() -> None:
    source = (
        '# a comment\n$h = @{ \'A\' = \'x\'; B = "y"\n  "C-D"="z" }\n'
        "irm `\n  -Uri:'http://h/p?a=1&b=2' <# inline #> -Headers $h; iwr http://h/?x=1"
    )
    assignment, command, second = tokenize(source)
    assert isinstance(assignment[0], Var) and assignment[0].name == "h"
    table = assignment[2]
    assert isinstance(table, Table)
    assert {k: v.text for k, v in table.entries.items() if isinstance(v, Word)} == {"A": "x", "B": "y", "C-D": "z"}
    assert command[0] == Word("irm")
    assert command[1] == Param("Uri", Word("http://h/p?a=1&b=2", quoted=True))
    assert [type(t) for t in command[2:]] == [Param, Var]
    assert second == [Word("iwr"), Word("http://h/?x=1")]


def test_detection() -> None:
    assert looks_like_powershell(f"Invoke-WebRequest -Uri '{URL}'")
    assert looks_like_powershell(f"$session = New-Object X\nInvoke-RestMethod '{URL}'")
    assert looks_like_powershell(f"PS C:\\> iwr '{URL}'")
    assert looks_like_powershell(f"curl -Uri '{URL}' -Method POST")
    assert not looks_like_powershell(f"curl -X POST '{URL}' -d '{BODY}'")
    assert not looks_like_powershell(f"curl '{URL}' --url x")
    assert not looks_like_powershell(URL)
    assert not looks_like_powershell(f"POST /cb HTTP/1.1\nX: 1\n\nInvoke-WebRequest {URL}")


# -- whole pastes ------------------------------------------------------------------------------


def test_chrome_copy_of_the_published_vector_decrypts() -> None:
    request = HttpRequest("POST", "/api/callback", {}, {"Content-Type": "application/json"}, BODY.encode())
    text = copy_as_powershell(request, URL)
    pasted = parse_pasted(text)
    assert pasted.kind == "powershell" and pasted.request is not None
    assert pasted.request.query == {"signature": SIG, "timestamp": TS, "nonce": NONCE}
    assert pasted.request.headers == {
        "Accept": "*/*",
        "Accept-Language": "zh-CN,zh;q=0.9",
        "Content-Type": "application/json",
    }
    assert (pasted.request.method, pasted.request.path, pasted.encrypt) == ("POST", "/api/callback", ENC)
    assert decrypted(text) == PLAIN
    assert pasted.notes == []


def test_chrome_copy_of_a_sealed_push_decrypts_through_the_cli() -> None:
    message = json.dumps({"EventType": "check_url", "Note": "审批 `$\"'"}, ensure_ascii=False)
    push = seal_push(message, PROFILE, path="/api/callback")
    text = copy_as_powershell(push, target_url("http://127.0.0.1:9000/api/callback", push))
    assert decrypted(text) == message
    result = Cli()("decrypt", *CREDS, "--request", "-", "--raw", stdin=text)
    assert result.returncode == 0, result.stderr
    assert result.stdout == message


def test_non_ascii_body_through_get_bytes() -> None:
    body = json.dumps({"encrypt": ENC, "note": "测试\n"}, ensure_ascii=False)
    request = HttpRequest("POST", "/cb", {}, {"Content-Type": "application/json"}, body.encode())
    text = copy_as_powershell(request, URL)
    assert "GetBytes(" in text and "$([char]27979)" in text
    pasted = parse_pasted(text)
    assert pasted.request is not None and pasted.request.body == body.encode("utf-8")
    assert decrypted(text) == PLAIN


@pytest.mark.parametrize(
    "body_arg",
    [
        '"{`"encrypt`":`"' + ENC + '`"}"',  # double quotes, backtick escapes
        '"{""encrypt"":""' + ENC + '""}"',  # double quotes, doubled
        '\'{"encrypt":"' + ENC + "\"}'",  # single quotes
        '@"\n{"encrypt": "' + ENC + '"}\n"@',  # expandable here-string
        '@\'\n{"encrypt":\n  "' + ENC + "\"}\n'@",  # literal here-string
        "(@{encrypt='" + ENC + "'} | ConvertTo-Json)",
        '([System.Text.Encoding]::UTF8.GetBytes(\'{"encrypt":"' + ENC + "\"}'))",
    ],
)
def test_each_body_quoting_form(body_arg: str) -> None:
    text = f"Invoke-WebRequest -Uri '{URL}' -Method Post -ContentType 'application/json' -Body {body_arg}"
    assert decrypted(text) == PLAIN


def test_typed_invoke_restmethod_with_variables_and_positional_url() -> None:
    text = (
        f"PS C:\\Users\\me> $url = '{URL}'\n"
        "$headers = @{ 'X-Test' = 'yes' }\n"
        f"$body = @'\n{BODY}\n'@\n"
        "Invoke-RestMethod $url -Method post -Headers $headers -Body $body `\n"
        "  -ContentType 'application/json' -TimeoutSec 5"
    )
    pasted = parse_pasted(text)
    assert pasted.request is not None and pasted.request.method == "POST"
    assert pasted.request.headers == {"X-Test": "yes", "Content-Type": "application/json"}
    assert decrypted(text) == PLAIN


def test_curl_alias_and_short_aliases() -> None:
    alias = f"curl -Uri \"{URL}\" -Method POST -Body '{BODY}' -UseBasicParsing"
    assert decrypted(alias) == PLAIN
    irm = f"irm -Url '{URL}' -Meth Post -Body '{BODY}' `"  # -Url, a parameter prefix, a stray last backtick
    assert decrypted(irm) == PLAIN
    no_method = parse_pasted(f"iwr '{URL}' -Body '{BODY}'")
    assert no_method.request is not None and no_method.request.method == "POST"
    assert any("no -Method" in note for note in no_method.notes)
    assert parse_pasted(f"curl -X POST '{URL}' -d '{BODY}'").kind == "curl"


def test_unexpanded_variable_in_a_string_is_noted() -> None:
    pasted = parse_pasted(f'iwr "{URL}" -Method POST -Body "{{`"encrypt`":`"$enc`"}}"')
    assert pasted.request is not None and pasted.request.body == b'{"encrypt":"$enc"}'
    assert any("$enc" in note for note in pasted.notes)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Invoke-WebRequest -Method POST", "no -Uri"),
        (f"iwr '{URL}' -Body \"abc", "not closed"),
        (f"iwr '{URL}' -Body @\"\nabc\n", "here-string is not closed"),
        (f"iwr '{URL}' -Body $body", r"\$body is not assigned"),
        (f"iwr '{URL}' -Body (Get-Content body.json)", "cannot evaluate -Body"),
        (f"iwr '{URL}' -InFile body.json", "read from the file 'body.json'"),
        (f"iwr '{URL}' -Headers @{{ 'a' }}", "hashtable entry"),
        (f"iwr '{URL}' -Headers 'x'", "expected a hashtable"),
        (f"iwr '{URL}' -Body", "has no value"),
        ("iwr " + "(" * 40 + ")" * 40, "nested too deeply"),
        (f"iwr '{URL}' -Body )", "unexpected"),
    ],
)
def test_unreadable_powershell_gives_bad_request(text: str, words: str) -> None:
    with pytest.raises(BadRequest, match=words) as info:
        parse_pasted(text)
    assert info.value.hint
