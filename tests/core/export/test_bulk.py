"""Bulk import/export in batches against a real store: progress, the search index built, bad lines named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
from dingconsole.core.export.bulk import export_stream, import_stream
from dingconsole.core.export.formats import write_jsonl
from dingconsole.core.export.importer import ImportFileError
from dingconsole.core.store import EventFilter, EventStore


def make(i: int) -> Exchange:
    return Exchange(
        received_at=1_700_000_000.0 + i,
        request=HttpRequest(method="POST", path="/cb", body=b'{"encrypt":"x"}'),
        outcome=Outcome.OK,
        message=json.dumps({"EventType": "bpms_task_change", "title": f"李四{i}号"}, ensure_ascii=False),
        event_type="bpms_task_change",
        event_id=f"evt-{i}",
    )


def test_import_in_batches_builds_the_index_and_reports_progress(tmp_path: Path) -> None:
    source = tmp_path / "export.jsonl"
    write_jsonl([make(i) for i in range(10)], source)
    seen: list[tuple[int, int, int]] = []
    with EventStore(tmp_path / "e.sqlite3") as store:
        result = import_stream(store, source, batch=4, progress=lambda *p: seen.append(p))
        assert result.count == 10 and result.rate > 0
        assert [count for count, _, _ in seen] == [4, 8, 10]
        assert seen[-1][1] == seen[-1][2] == source.stat().st_size
        assert store.stats().unindexed == 0  # searchable when the import returns
        assert len(store.query(EventFilter(text="李四"))) == 10
        assert [ex.event_id for ex in export_stream(store, batch=3)] == [f"evt-{i}" for i in range(10)]
        picked = list(export_stream(store, EventFilter(text="李四3"), batch=3))
        assert [ex.event_id for ex in picked] == ["evt-3"]


def test_a_bad_line_is_named_and_the_batches_before_it_stay(tmp_path: Path) -> None:
    source = tmp_path / "export.jsonl"
    write_jsonl([make(i) for i in range(5)], source)
    with source.open("a", encoding="utf-8") as out:
        out.write("{not json\n")
    with EventStore(tmp_path / "e.sqlite3") as store:
        with pytest.raises(ImportFileError, match="line 6") as caught:
            import_stream(store, source, batch=2)
        assert "before it were imported" in (caught.value.hint or "")
        assert store.count() == 4  # two whole batches; the third held the bad line
