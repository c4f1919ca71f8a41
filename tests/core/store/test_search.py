"""The indexed search returns exactly what the old LIKE scan returned: CJK of 1 and 2 characters,
punctuation, LIKE's own metacharacters, ids, error messages — indexed, not yet indexed, and after deletes."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import tempfile
from collections.abc import Iterator
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


@contextlib.contextmanager
def store_at_schema(path: Path, version: int) -> Iterator[sqlite3.Connection]:
    """A store file as schema `version` left it (migration tests fill it, then open it with EventStore)."""
    with sqlite3.connect(path) as conn:
        for step in MIGRATIONS[:version]:
            step(conn)
        conn.execute(f"PRAGMA user_version = {version}")
        yield conn


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
    assert search_mod.plan("周九") == ("prefix", "周九")
    assert search_mod.plan("周x") == ("prefix", "周")
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
    with sqlite3.connect(path) as conn:  # the contentless index forgot the deleted rows exactly
        conn.execute("INSERT INTO search_tri(search_tri, rank) VALUES ('integrity-check', 0)")
    store.clear()
    assert new_search(store, "周") == []


def test_an_old_store_is_migrated_and_indexed_in_the_background(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with store_at_schema(path, 2) as conn:
        conn.execute(
            "INSERT INTO exchanges (received_at, outcome, message, event_id) VALUES (1.0, 'ok', '王五的审批', 'e-9')"
        )
    with EventStore(path) as store:
        assert new_search(store, "王五") == [1]  # by the tail scan or the index, whichever is first
        assert store.wait_indexed(10)  # opening woke the upkeep thread: nothing else commits here
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
    """The search_tri document as schema 5's Python indexer built it (without the two closing newlines)."""
    message, *rest = fields
    parts = [message] if message else []
    parts += [f for f in rest if f and not (message and f in message)]
    return "\n".join(parts)


_fields = st.one_of(st.none(), st.text(alphabet='ab周九\n\x00é"', max_size=6), st.text(max_size=6))


@settings(max_examples=300, deadline=None)
@given(st.tuples(_fields, _fields, _fields, _fields))
def test_the_sql_document_is_the_fields_then_two_newlines(fields: tuple[str | None, ...]) -> None:
    with sqlite3.connect(":memory:") as conn:
        conn.execute("CREATE TABLE exchanges (message, error_message, event_type, event_id)")
        stored = tuple(None if f is None else f.encode("utf-8", "replace").decode("utf-8") for f in fields)
        conn.execute("INSERT INTO exchanges VALUES (?, ?, ?, ?)", stored)
        assert conn.execute(f"SELECT {search_mod.TRI_DOC} FROM exchanges").fetchone()[0] == v5_tri_text(stored) + "\n\n"


@pytest.mark.parametrize(("max_terms", "per_query"), [(2, 200), (2000, 1)], ids=["like-fallback", "one-term-queries"])
def test_short_cjk_agrees_with_like_however_its_trigrams_are_searched(
    corpus: tuple[EventStore, Path], monkeypatch: pytest.MonkeyPatch, max_terms: int, per_query: int
) -> None:
    """A character with more continuations than MAX_PREFIX_TERMS scans with LIKE; the trigrams of a
    shorter list are searched in chunks. Either way: the old LIKE's hits, in its order, paged alike."""
    store, path = corpus
    store.add_many([make(f"周{c}的说明", n=20 + i) for i, c in enumerate("一二三四五六七八")])
    store.wait_indexed()
    monkeypatch.setattr(search_mod, "MAX_PREFIX_TERMS", max_terms)
    monkeypatch.setattr(search_mod, "_TERMS_PER_QUERY", per_query)
    for text in ("周", "的", "周九", "说明", "九"):
        assert new_search(store, text) == old_like(path, text), text
        assert [ex.id for ex in store.query(EventFilter(text=text), limit=2, offset=1)] == old_like(path, text)[1:3]


def test_a_schema_5_store_is_reindexed_once_and_then_deletes_cleanly(tmp_path: Path) -> None:
    """Schema 6 changed the documents: the old index is emptied and rebuilt, never half-matched."""
    path = tmp_path / "old.sqlite3"
    with store_at_schema(path, 5) as conn:
        for i, ex in enumerate(CORPUS, start=1):
            fields = (ex.message, ex.error_message, ex.event_type, ex.event_id)
            conn.execute(
                "INSERT INTO exchanges (id, received_at, outcome, message, error_message, event_type, event_id)"
                " VALUES (?, ?, 'ok', ?, ?, ?, ?)",
                (i, float(i), *fields),
            )
            conn.execute("INSERT INTO search_tri(rowid, body) VALUES (?, ?)", (i, v5_tri_text(fields)))
        conn.execute("UPDATE meta SET value = ? WHERE key = 'indexed_upto'", (len(CORPUS),))
    with sqlite3.connect(path) as conn:  # schema 6 by itself: the old index emptied, the CJK index gone
        MIGRATIONS[5](conn)
        conn.execute("PRAGMA user_version = 6")
        assert conn.execute("SELECT value FROM meta WHERE key = 'indexed_upto'").fetchone()[0] == 0
        assert conn.execute("SELECT COUNT(*) FROM search_vocab").fetchone()[0] == 0
    with EventStore(path) as store:  # opening starts the rebuild; the tail scan answers meanwhile
        assert new_search(store, "周九") == old_like(path, "周九")
        store.wait_indexed()
        assert store.stats().unindexed == 0
        assert new_search(store, "周") == old_like(path, "周") == [5, 1]
        store.delete([1])
        with sqlite3.connect(path) as check:
            check.execute("INSERT INTO search_tri(search_tri, rank) VALUES ('integrity-check', 0)")
            assert check.execute("SELECT name FROM sqlite_master WHERE name = 'search_cjk'").fetchone() is None
            assert check.execute("SELECT COUNT(*) FROM search_vocab").fetchone()[0] > 0
        assert new_search(store, "周") == [5]
