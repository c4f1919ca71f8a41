"""The code's protocol citations lead somewhere: `docs/PROTOCOL.md §n` names a file and a section that exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "PROTOCOL.md"
CITATION = re.compile(r"(?P<path>[\w./]*)PROTOCOL\.md(?: §(?P<section>\d+))?(?:, \"(?P<sub>[^\"]+)\")?")


def _citations() -> list[tuple[str, str, str | None, str | None]]:
    found = []
    for folder in ("dingconsole", "tests", "bench", "tools"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == Path(__file__).resolve():
                continue
            for match in CITATION.finditer(path.read_text("utf-8")):
                where = str(path.relative_to(ROOT))
                found.append((where, match.group("path"), match.group("section"), match.group("sub")))
    return found


def test_every_citation_names_the_file_in_the_repository() -> None:
    assert DOC.is_file()
    wrong = [(where, prefix) for where, prefix, _, _ in _citations() if prefix != "docs/"]
    assert not wrong, f"cite it as docs/PROTOCOL.md §n: {wrong}"


def test_every_cited_section_exists() -> None:
    text = DOC.read_text("utf-8")
    sections = set(re.findall(r"^## (\d+)\. ", text, flags=re.MULTILINE))
    subsections = set(re.findall(r"^### (.+)$", text, flags=re.MULTILINE))
    citations = _citations()
    assert citations  # the code does cite it
    for where, _, section, sub in citations:
        assert section is None or section in sections, f"{where} cites §{section}, which docs/PROTOCOL.md lacks"
        if sub is not None:
            assert any(heading.startswith(sub) for heading in subsections), f"{where} cites {sub!r}"
