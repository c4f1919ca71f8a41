"""The indexed search returns exactly what the old LIKE scan returned: CJK of 1 and 2 characters,
punctuation, LIKE's own metacharacters, ids, error messages — indexed, not yet indexed, and after deletes."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dingconsole.core.exchange import Exchange, HttpRequest, Outcome
from dingconsole.core.store import EventFilter, EventStore
from dingconsole.core.store import search as search_mod
from dingconsole.core.store.schema import MIGRATIONS


def make(
    message: str | None, *, error: str | None = None, event_id: str | None = None, n: int = 0, kind: str = "bpms"
) -> Exchange:
    return Exchange(
        received_at=1_700_000_000.0 + n,
        request=HttpRequest(method="POST", path="/cb", query={}, headers={}, body=b"{}"),
        outcome=Outcome.OK if error is None else Outcome.FAILED,
        message=message,
        error_message=error,
        event_type=kind,
        event_id=event_id,
    )


def old_like(path: Path, text: str) -> list[int]:
    """The search as it was before the index: LIKE over the four fields, on the same file."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT id FROM exchanges WHERE message LIKE ?1 ESCAPE '\\' OR error_message LIKE ?1 ESCAPE '\\'"
            " OR event_type LIKE ?1 ESCAPE '\\' OR event_id LIKE ?1 ESCAPE '\\' ORDER BY id DESC",
            (pattern,),
        ).fetchall()
    return [r[0] for r in rows]


def new_search(store: EventStore, text: str) -> list[int]:
    return [ex.id for ex in store.query(EventFilter(text=text)) if ex.id is not None]


CORPUS = [
    make(json.dumps({"title": "周九提交的请假申请", "staff": "manager7788"}, ensure_ascii=False), event_id="evt-0001"),
    make(json.dumps({"title": "张三的报销", "note": "金额：１２０元，批"}, ensure_ascii=False), event_id="evt-0002"),
    make('{"a":"100%_done\\\\path","b":"Ａ"}', event_id="EVT_0003"),
    make(None, error="signature mismatch: 签名不对", event_id=None, kind="unknown"),
    make(json.dumps({"title": "周", "x": "九"}, ensure_ascii=False), event_id="evt-0005"),
    make(json.dumps({"title": "ひらがなカタカナ한국어"}, ensure_ascii=False), event_id="evt-0006"),
]
NEEDLES = [
    "周", "九", "周九", "九提", "的", "张三", "三的", "，", "：", "１２", "元，", "Ａ", "ひ", "カタ", "한국",
    "签名", "名", "manager", "MANAGER", "7788", "evt-0001", "0003", "evt_", "EVT", "_", "%", "\\", "100%_",
    '"', '{"', "}", "signature", "mismatch: 签", "bpms", "BpMs", "unknown", "x", "周x", "九\"",
    "nothing-here", "请假申请", "周九提交", " ",
]  # fmt: skip


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[EventStore, Path]:
    store = EventStore(tmp_path / "events.sqlite3")
    store.add_many([make(ex.message, error=ex.error_message, event_id=ex.event_id, n=i, kind=ex.event_type or "")
                    for i, ex in enumerate(CORPUS)])  # fmt: skip
    yield store, store.path
    store.close()


@pytest.mark.parametrize("indexed", [True, False], ids=["indexed", "tail-scan"])
@pytest.mark.parametrize("text", NEEDLES)
def test_same_hits_as_the_like_scan(corpus: tuple[EventStore, Path], text: str, indexed: bool) -> None:
    store, path = corpus
    store.wait_indexed()
    if not indexed:
        with sqlite3.connect(path) as conn:  # as if the upkeep thread had not got to them yet
            conn.execute("UPDATE meta SET value = 0 WHERE key = 'indexed_upto'")
    assert new_search(store, text) == old_like(path, text)
    assert store.count(EventFilter(text=text)) == len(old_like(path, text))


def test_short_chinese_is_found_through_the_index(corpus: tuple[EventStore, Path]) -> None:
    store, _ = corpus
    store.wait_indexed()
    assert search_mod.plan("周九") == ("search_cjk", '"' + "00005468" + "00004e5d" + '"')
    assert search_mod.plan("周")[0] == "search_cjk"  # type: ignore[index]
    assert search_mod.plan('{"') is None
    assert [store.get(i).event_id for i in new_search(store, "周九")] == ["evt-0001"]  # type: ignore[union-attr]
    assert len(new_search(store, "周")) == 2 and len(new_search(store, "九")) == 2


def test_paging_and_other_filters_combine(corpus: tuple[EventStore, Path]) -> None:
    store, path = corpus
    store.wait_indexed()
    every = old_like(path, "e")
    assert [ex.id for ex in store.query(EventFilter(text="e"), limit=2, offset=1)] == every[1:3]
    oldest = store.query(EventFilter(text="e"), newest_first=False, limit=2)
    assert [ex.id for ex in oldest] == every[::-1][:2]
    failed = store.query(EventFilter(text="e", outcomes=(Outcome.FAILED,)))
    assert [ex.error_message for ex in failed] == ["signature mismatch: 签名不对"]


def test_delete_and_clear_leave_no_stale_hits(corpus: tuple[EventStore, Path]) -> None:
    store, path = corpus
    store.wait_indexed()
    first = new_search(store, "周九")
    store.delete(first)
    assert new_search(store, "周九") == [] == old_like(path, "周九")
    store.add(make("周九又来了", n=10))
    store.wait_indexed()
    assert len(new_search(store, "周九")) == 1
    with sqlite3.connect(path) as conn:  # the contentless indexes forgot the deleted rows exactly
        conn.execute("INSERT INTO search_tri(search_tri, rank) VALUES ('integrity-check', 0)")
        conn.execute("INSERT INTO search_cjk(search_cjk, rank) VALUES ('integrity-check', 0)")
    store.clear()
    assert new_search(store, "周") == []


def test_an_old_store_is_migrated_and_indexed(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as conn:
        for step in MIGRATIONS[:2]:
            step(conn)
        conn.execute("PRAGMA user_version = 2")
        conn.execute(
            "INSERT INTO exchanges (received_at, outcome, message, event_id) VALUES (1.0, 'ok', '王五的审批', 'e-9')"
        )
    with EventStore(path) as store:
        assert store.stats().unindexed == 1
        assert new_search(store, "王五") == [1]  # found by the tail scan before indexing
        assert store.index_now() == 1
        assert store.stats().unindexed == 0
        assert new_search(store, "王五") == [1] == new_search(store, "e-9")


_ALPHABET = 'aAbB_%\\"{}:， 周九王五的审批ひカ한0-'
_texts = st.text(alphabet=_ALPHABET, max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.one_of(st.none(), _texts), st.one_of(st.none(), _texts)), min_size=1, max_size=8),
    st.lists(st.text(alphabet=_ALPHABET, min_size=1, max_size=4), min_size=1, max_size=6),
    st.booleans(),
)
def test_generated_stores_agree_with_like(
    rows: list[tuple[str | None, str | None]], needles: list[str], index_all: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder, EventStore(Path(folder) / "e.sqlite3") as store:
        store.add_many([make(m, event_id=e, n=i) for i, (m, e) in enumerate(rows)], detect_repeats=False)
        store.wait_indexed()
        if not index_all:
            store.add(make(rows[0][0], event_id=rows[0][1], n=99), detect_repeats=False)  # maybe still a tail
        for needle in needles:
            assert new_search(store, needle) == old_like(store.path, needle), needle


def v5_tri_text(fields: tuple[str | None, ...]) -> str:
    """The search_tri document as schema 5's Python indexer built it (stores indexed by it must still delete)."""
    message, *rest = fields
    parts = [message] if message else []
    parts += [f for f in rest if f and not (message and f in message)]
    return "\n".join(parts)


_fields = st.one_of(st.none(), st.text(alphabet='ab周九\n\x00é"', max_size=6), st.text(max_size=6))


@settings(max_examples=300, deadline=None)
@given(st.tuples(_fields, _fields, _fields, _fields))
def test_the_sql_document_is_the_one_python_built(fields: tuple[str | None, ...]) -> None:
    with sqlite3.connect(":memory:") as conn:
        conn.execute("CREATE TABLE exchanges (message, error_message, event_type, event_id)")
        stored = tuple(None if f is None else f.encode("utf-8", "replace").decode("utf-8") for f in fields)
        conn.execute("INSERT INTO exchanges VALUES (?, ?, ?, ?)", stored)
        assert conn.execute(f"SELECT {search_mod.TRI_DOC} FROM exchanges").fetchone()[0] == v5_tri_text(stored)


def test_rows_indexed_by_the_python_builder_are_deleted_cleanly(tmp_path: Path) -> None:
    """A store indexed before the documents moved into SQL: trimming and deleting still remove its rows."""
    with EventStore(tmp_path / "e.sqlite3") as store:
        store.add_many(CORPUS)
        conn = sqlite3.connect(store.path)
        with conn:
            conn.execute("UPDATE meta SET value = 0 WHERE key = 'indexed_upto'")
            conn.execute("INSERT INTO search_tri(search_tri) VALUES ('delete-all')")
            conn.execute("INSERT INTO search_cjk(search_cjk) VALUES ('delete-all')")
            rows = conn.execute(f"SELECT id, {search_mod.SEARCH_FIELDS} FROM exchanges").fetchall()
            for row in rows:  # as schema 5 indexed them
                conn.execute("INSERT INTO search_tri(rowid, body) VALUES (?, ?)", (row[0], v5_tri_text(row[1:])))
                if grams := search_mod.cjk_tokens(row[1:]):
                    conn.execute("INSERT INTO search_cjk(rowid, grams) VALUES (?, ?)", (row[0], grams))
            conn.execute("UPDATE meta SET value = ? WHERE key = 'indexed_upto'", (rows[-1][0],))
        conn.close()
        store.delete([1, 4])
        with sqlite3.connect(store.path) as check:
            for table in ("search_tri", "search_cjk"):  # a delete with the wrong text corrupts the index
                check.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 0)")
        assert new_search(store, "周九") == []
        assert new_search(store, "周") == [5]
        assert new_search(store, "EVT_0003") == old_like(store.path, "EVT_0003") == [3]
