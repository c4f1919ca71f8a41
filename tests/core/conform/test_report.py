"""Reports of a run whose handler answers hostile text: JSON shape, JUnit XML and HTML stay well-formed and
escaped, and the files are private."""

from __future__ import annotations

import json
import stat
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

from dingconsole.core.conform import Verdict, get_case
from dingconsole.core.conform.model import CaseResult, Evidence, Hint, RunResult, t
from dingconsole.core.conform.report import html_report, json_bytes, junit_xml, safe_text, write_report

HOSTILE = '</pre><script>alert(1)</script>\x1b]0;pwned\x07 ]]> \u202eevil \x00 & "q"'


def _result() -> RunResult:
    reply = Evidence(
        label=t("push_check_url"),
        verdict=Verdict.FAIL,
        status=500,
        elapsed_ms=12.5,
        reply=HOSTILE,
        note=t("refused_status", status=500, reply=HOSTILE),
        steps=[{"name": "status", "status": "failed", "detail": HOSTILE, "hint": "", "code": None, "params": {}}],
    )
    failed = CaseResult(
        get_case("check_url"), Verdict.FAIL, t("refused_status", status=500, reply=HOSTILE),
        [Hint(t("refused_status", status=500, reply=HOSTILE), t("fix_check_url"))], [reply], {}, 15.0,
    )  # fmt: skip
    warned = CaseResult(
        get_case("reply_format"), Verdict.WARN, t("fmt_seconds"), [Hint(t("fmt_seconds"), t("fmt_fix_ms"))]
    )
    passed = CaseResult(get_case("redirect"), Verdict.PASS, t("redirect_ok", total=3))
    return RunResult("http://127.0.0.1:1/cb", "demo", [failed, warned, passed], requests=3, duration_ms=40.0)


def test_json_has_the_documented_shape_and_no_raw_control_characters() -> None:
    raw = json_bytes(_result()).decode("utf-8")
    assert "\x1b" not in raw and "\u202e" not in raw and "\x07" not in raw
    data = json.loads(raw)
    assert set(data) == {"cases", "summary"}
    case = data["cases"][0]
    assert {"id", "status", "title", "detail", "evidence"} <= set(case)
    assert case["status"] == "fail" and case["evidence"][0]["reply"] == HOSTILE  # same value, escaped on the wire
    assert data["summary"]["failed"] == 1 and data["summary"]["warned"] == 1 and data["summary"]["ok"] is False
    assert json.loads(json_bytes(_result(), "zh"))["cases"][0]["title"] == "回调地址验证按时应答"


def test_junit_is_well_formed_with_failures_and_warnings() -> None:
    root = ET.fromstring(junit_xml(_result()))
    suite = root.find("testsuite")
    assert suite is not None and suite.get("tests") == "3" and suite.get("failures") == "1"
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    failure = cases["check_url"].find("failure")
    assert failure is not None and "<script>" in (failure.text or "") and "\\x1b" in (failure.text or "")
    assert (cases["reply_format"].findtext("system-out") or "").startswith("WARN: ")
    assert cases["redirect"].find("failure") is None


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_escapes_the_handlers_text() -> None:
    page = html_report(_result()).decode("utf-8")
    parser = _Collect()
    parser.feed(page)
    assert "script" not in parser.tags
    assert "<script>alert(1)</script>" in "".join(parser.text)  # shown as text
    assert "\x1b" not in page and "\u202e" not in page and "\\u202e" in page
    assert "一致性测试报告" in html_report(_result(), "zh").decode("utf-8")


def test_report_files_are_private(tmp_path: Path) -> None:
    path = tmp_path / "out" / "report.xml"
    write_report(path, junit_xml(_result()))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and ET.parse(path).getroot().tag == "testsuites"


def test_safe_text_escapes_controls_and_keeps_newlines_unless_one_line() -> None:
    assert safe_text("a\x1b[2Jb\nc") == "a\\x1b[2Jb\nc"
    assert safe_text("a\nb\tc", one_line=True) == "a\\nb\\tc"
    assert safe_text("中文 emoji 👍") == "中文 emoji 👍"
