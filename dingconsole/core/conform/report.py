"""A run's report as JSON, JUnit XML (for CI) and HTML (to read or attach to a ticket).

The reports quote the handler's replies, which can hold anything: XML and HTML are built with
xml.etree (never by pasting strings), so markup is escaped by construction; control characters,
which XML cannot carry and terminals act on, are written as visible escapes (`\\x1b`).
"""

from __future__ import annotations

import re
import socket
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from dingconsole.core import untrusted
from dingconsole.core.atomic import write_atomic
from dingconsole.core.conform.model import CaseResult, Evidence, RunResult, Verdict

ICONS = {Verdict.PASS: "✔", Verdict.FAIL: "✘", Verdict.WARN: "⚠"}
_XML_NONCHARACTERS = re.compile("[\ufffe\uffff]")  # printable text that XML still cannot carry


def safe_text(value: object, *, one_line: bool = False) -> str:
    """Text fit for a terminal, XML or HTML: every control character as a visible escape (core.untrusted)."""
    text = untrusted.printable(value) if one_line else untrusted.printable_block(value)
    return _XML_NONCHARACTERS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def to_json(result: RunResult, lang: str = "en") -> dict[str, Any]:
    """{"cases": [{"id", "status", "title", "detail", "evidence", …}], "summary": {…}}."""
    return result.to_dict(lang)


def json_bytes(result: RunResult, lang: str = "en") -> bytes:
    """The JSON report: readable non-ASCII text, every control character escaped (core.untrusted.json_line)."""
    return (untrusted.json_line(to_json(result, lang), indent=2) + "\n").encode("utf-8")


def evidence_lines(item: Evidence, lang: str = "en") -> list[str]:
    """One piece of evidence as plain lines (JUnit failure text, terminal detail)."""
    status = "—" if item.status is None else str(item.status)
    elapsed = "" if item.elapsed_ms is None else f" {item.elapsed_ms:.0f} ms"
    lines = [f"{ICONS[item.verdict]} {item.label.render(lang)}: HTTP {status}{elapsed}"]
    if item.note:
        lines.append(f"    {item.note.render(lang)}")
    if item.reply:
        lines.append(f"    reply: {item.reply[:500]}")
    if item.location:
        lines.append(f"    Location: {item.location}")
    for step in item.steps:
        lines.append(f"    {step['status']} {step['name']}: {step['detail']}")
    if item.expected:
        lines.append(f"    correct reply like: {item.expected}")
    return lines


def case_lines(case: CaseResult, lang: str = "en") -> list[str]:
    lines = [case.detail.render(lang)]
    for hint in case.hints:
        lines.append(hint.diagnosis.render(lang))
        if hint.fix:
            lines.append("  → " + hint.fix.render(lang))
    for item in case.evidence:
        lines.extend(evidence_lines(item, lang))
    return lines


def junit_xml(result: RunResult, lang: str = "en") -> bytes:
    """JUnit XML: one testcase per case; fail → <failure>, warn → a passing test whose output says WARN."""
    failures = result.count(Verdict.FAIL)
    seconds = f"{result.duration_ms / 1000:.3f}"
    suites = ET.Element(
        "testsuites", name="dingconsole conform", tests=str(len(result.cases)), failures=str(failures),
        errors="0", time=seconds,
    )  # fmt: skip
    suite = ET.SubElement(
        suites, "testsuite", name="dingconsole conform", tests=str(len(result.cases)), failures=str(failures),
        errors="0", skipped="0", time=seconds, timestamp=time.strftime("%Y-%m-%dT%H:%M:%S"),
        hostname=safe_text(socket.gethostname(), one_line=True),
    )  # fmt: skip
    properties = ET.SubElement(suite, "properties")
    for name, value in (("url", result.url), ("profile", result.profile), ("requests", result.requests)):
        ET.SubElement(properties, "property", name=name, value=safe_text(value, one_line=True))
    for case in result.cases:
        element = ET.SubElement(
            suite, "testcase", classname="dingconsole.conform", name=case.id, time=f"{case.duration_ms / 1000:.3f}"
        )
        body = safe_text("\n".join(case_lines(case, lang)))
        if case.verdict is Verdict.FAIL:
            failure = ET.SubElement(
                element, "failure", message=safe_text(case.detail.render(lang), one_line=True), type="conformance"
            )
            failure.text = body
        else:
            out = ET.SubElement(element, "system-out")
            out.text = ("WARN: " if case.verdict is Verdict.WARN else "") + body
    ET.indent(suites)
    return ET.tostring(suites, encoding="utf-8", xml_declaration=True)


_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 70em; color: #222; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .3em .6em; border-bottom: 1px solid #ddd; vertical-align: top; }
.pass { color: #2e7d32; } .fail { color: #c62828; } .warn { color: #ef6c00; }
pre { white-space: pre-wrap; word-break: break-all; background: #f6f6f6; padding: .5em; }
details { margin: .5em 0 1em; }
"""

_HEADINGS = {
    "en": ("Conformance report", "Case", "Title", "Result", "What DingTalk does", "A correct handler",
           "Push", "HTTP", "ms", "Note", "Hints", "Evidence", "Summary"),
    "zh": ("一致性测试报告", "用例", "标题", "结果", "钉钉的行为", "正确的处理程序",
           "推送", "HTTP", "毫秒", "说明", "提示", "证据", "汇总"),
}  # fmt: skip


def _cell(row: ET.Element, text: object, cls: str | None = None, tag: str = "td") -> ET.Element:
    cell = ET.SubElement(row, tag, {"class": cls} if cls else {})
    cell.text = safe_text(text)
    return cell


def html_report(result: RunResult, lang: str = "en") -> bytes:
    """A standalone HTML page: the summary table, then per case its hints and evidence."""
    h = _HEADINGS.get(lang, _HEADINGS["en"])
    root = ET.Element("html", lang="zh-CN" if lang == "zh" else "en")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "meta", charset="utf-8")
    ET.SubElement(head, "title").text = f"{h[0]} — {safe_text(result.url, one_line=True)}"
    ET.SubElement(head, "style").text = _STYLE
    body = ET.SubElement(root, "body")
    ET.SubElement(body, "h1").text = h[0]
    summary = result.summary()
    ET.SubElement(body, "p").text = safe_text(
        f"{h[12]}: {result.url} · {result.profile} · ✔ {summary['passed']} ✘ {summary['failed']} "
        f"⚠ {summary['warned']} · {summary['requests']} requests · {summary['duration_ms'] / 1000:.1f} s"
    )
    table = ET.SubElement(body, "table")
    header = ET.SubElement(table, "tr")
    for text in (h[3], h[1], h[2], h[9]):
        _cell(header, text, tag="th")
    for case in result.cases:
        row = ET.SubElement(table, "tr")
        _cell(row, f"{ICONS[case.verdict]} {case.verdict.value}", case.verdict.value)
        _cell(row, case.id)
        _cell(row, case.spec.text("title", lang))
        _cell(row, case.detail.render(lang))
    for case in result.cases:
        _case_section(body, case, lang, h)
    html = ET.tostring(root, encoding="unicode", method="html")
    return ("<!doctype html>\n" + html + "\n").encode("utf-8")


def _case_section(body: ET.Element, case: CaseResult, lang: str, h: tuple[str, ...]) -> None:
    section = ET.SubElement(body, "details", {"open": "open"} if case.verdict is not Verdict.PASS else {})
    title = ET.SubElement(section, "summary", {"class": case.verdict.value})
    title.text = safe_text(f"{ICONS[case.verdict]} {case.id} — {case.spec.text('title', lang)}")
    facts = ET.SubElement(section, "p")
    facts.text = safe_text(f"{h[4]}: {case.spec.text('dingtalk', lang)}. {h[5]}: {case.spec.text('expects', lang)}.")
    if case.hints:
        ET.SubElement(section, "h4").text = h[10]
        items = ET.SubElement(section, "ul")
        for hint in case.hints:
            entry = ET.SubElement(items, "li")
            entry.text = safe_text(hint.diagnosis.render(lang))
            if hint.fix:
                ET.SubElement(entry, "br").tail = safe_text("→ " + hint.fix.render(lang))
    if not case.evidence:
        return
    ET.SubElement(section, "h4").text = h[11]
    table = ET.SubElement(section, "table")
    header = ET.SubElement(table, "tr")
    for text in (h[3], h[6], h[7], h[8], h[9]):
        _cell(header, text, tag="th")
    for item in case.evidence:
        row = ET.SubElement(table, "tr")
        _cell(row, ICONS[item.verdict], item.verdict.value)
        _cell(row, item.label.render(lang))
        _cell(row, "—" if item.status is None else item.status)
        _cell(row, "" if item.elapsed_ms is None else f"{item.elapsed_ms:.0f}")
        note = _cell(row, item.note.render(lang) if item.note else "")
        if item.reply or item.steps or item.expected:
            lines = evidence_lines(item, lang)[1:]
            ET.SubElement(note, "pre").text = safe_text("\n".join(line.strip() for line in lines))


def write_report(path: Path, data: bytes) -> None:
    """Write a report file atomically, readable by its owner only (it quotes signatures and replies)."""
    write_atomic(path, data, 0o600)
