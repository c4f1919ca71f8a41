"""The causes table: every row renders, the diagnosis speaks its codes, and the README shows it verbatim."""

from __future__ import annotations

import re
from pathlib import Path

from dingconsole.core.diagnose.causes import BY_CODE, CAUSES, README_END, README_START, readme_section, render

ROOT = Path(__file__).resolve().parents[3]


def test_every_cause_renders_its_example_and_codes_are_unique() -> None:
    assert len(BY_CODE) == len(CAUSES)
    for cause in CAUSES:
        detail, hint = render(cause.code, cause.example)
        assert detail and "{" not in detail and "{" not in cause.cause, cause.code
        assert hint or cause.status.value == "passed", cause.code


def test_the_readme_table_is_generated_from_the_causes() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start, end = readme.index(README_START), readme.index(README_END) + len(README_END)
    assert readme[start:end] == readme_section(), "run: python tools/causes_table.py"


def test_the_diagnosis_names_only_causes_of_the_table() -> None:
    """Every cause_step("…") in the diagnosis names a row, so no conclusion is missing from the README."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "dingconsole/core/diagnose").glob("*.py"))
    calls = r'(?:cause_step|render|Repair)\(\s*"(\w+)"'
    used = set(re.findall(calls, source))
    assert used and used <= BY_CODE.keys()
    assert {"plus_as_space", "truncated_blocks", "length_counts_characters", "reply_signature_upper_case"} <= used
