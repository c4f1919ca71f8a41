"""Full-text search over the store: one FTS5 trigram index narrows a search, the old LIKE decides.

What a search means has not changed: an event matches when the text is a substring of its decrypted
message, error message, event type or event id, ASCII letters compared case-insensitively (SQLite's
LIKE). The index only finds *candidates* quickly; every candidate is rechecked with that same LIKE, so
a search returns exactly what the old full-table LIKE scan returned (tests/core/store/test_search.py
compares the two on generated stores).

- `search_tri`: FTS5 trigram index over the four fields (contentless, detail=none: rowids only, about a
  third of a full trigram index). A text of 3+ characters becomes an AND of its trigrams.
- A 1- or 2-character text has no trigram of its own, and a Chinese name or word is often exactly that
  (`周九`). Every document ends in two newlines, so each character of it starts a trigram: the rows
  holding `周九` are the rows holding some trigram that begins with it. Those trigrams are read off the
  index's vocabulary (`search_vocab`, a range scan) and searched together. This is done for CJK text
  (ideographs, kana, hangul, full-width forms: no case to fold); a short text mixing CJK with anything
  else looks up its first CJK character.
- Anything else (1–2 characters with no CJK in them, e.g. `{"`) scans newest first with LIKE and stops
  at the page's end: such short texts are everywhere, so the scan ends early. So does a CJK character
  followed by more distinct pairs than MAX_PREFIX_TERMS (common punctuation).

The document is built by SQLite itself from the stored columns (`TRI_DOC`), one statement per batch,
so indexing runs in C without Python's lock — beside an import parsing the next batch on another core.
Deleting a row from a contentless index needs the very text it was indexed with, so deletion builds it
the same way.

Search results are ranked newest first by arrival in the store (id), which lets the index drive the
query and stop after a page. Rows not yet indexed (the indexer runs after commits, off the reply path)
are scanned with LIKE: `id > indexed_upto` is a short range at the tail.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from dingconsole.core.store.filter import label_types

INDEXED_KEY = "indexed_upto"  # meta: every id at or below it is in the index

# Scripts whose words are 1-2 characters: CJK ideographs, kana, hangul, CJK and full-width punctuation.
_CJK_RANGES = (
    (0x3000, 0x30FF),  # CJK symbols and punctuation, hiragana, katakana
    (0x3400, 0x4DBF),  # extension A
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xAC00, 0xD7AF),  # hangul syllables
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFF00, 0xFFEF),  # full-width forms (，：（）)
    (0x20000, 0x3134F),  # extensions B-G
)


def is_cjk(char: str) -> bool:
    point = ord(char)
    return any(a <= point <= b for a, b in _CJK_RANGES)


def _tri_doc() -> str:
    """The search_tri document of an exchanges row, as an SQL expression: the message, then each other field
    not already inside it (it usually holds the type and id), one per line (a match across lines is rechecked
    away), then two newlines so that every character starts a trigram (the prefix search for short CJK
    text). Built without substr() and trim(), which stop at a NUL character that a stored field may hold."""
    present = ["coalesce(message, '') <> ''"]
    parts = ["CASE WHEN coalesce(message, '') <> '' THEN message ELSE '' END"]
    for field in ("error_message", "event_type", "event_id"):
        here = f"(coalesce({field}, '') <> '' AND NOT (coalesce(message, '') <> '' AND instr(message, {field}) > 0))"
        newline = f"CASE WHEN {' OR '.join(present)} THEN char(10) ELSE '' END"
        parts.append(f"CASE WHEN {here} THEN {newline} || {field} ELSE '' END")
        present.append(here)
    return " || ".join(parts) + " || char(10, 10)"


# The same text, rebuilt, deletes a row from the index.
TRI_DOC = _tri_doc()


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


MAX_PREFIX_TERMS = 2000  # trigrams a short CJK text may stand for before a LIKE scan is cheaper
_TERMS_PER_QUERY = 200  # trigrams OR-ed in one MATCH


def plan(text: str) -> tuple[str, str] | None:
    """How the index narrows a search for `text`: ("match", an FTS5 expression) for 3+ characters,
    ("prefix", the start of the trigrams to look up) for short CJK text; None: scan with LIKE."""
    if len(text) >= 3:
        grams = [text[i : i + 3] for i in range(0, len(text) - 2, 3)]
        if (len(text) - 3) % 3:
            grams.append(text[-3:])  # the last trigram, so the AND covers every character
        return "match", " AND ".join(_quoted(g) for g in dict.fromkeys(grams))
    if all(is_cjk(c) for c in text):
        return "prefix", text  # one character, or an adjacent pair
    cjk = [c for c in text if is_cjk(c)]
    if cjk:
        return "prefix", cjk[0]  # a CJK character plus another: look up the CJK one
    return None


def prefix_terms(conn: sqlite3.Connection, prefix: str, limit: int = MAX_PREFIX_TERMS) -> list[str]:
    """The index's trigrams that begin with `prefix` (at most `limit` + 1 of them). The index folds case,
    and a few CJK-range characters have one (full-width Ｌａｔｉｎ): their folded form is looked up too."""
    terms: list[str] = []
    for start in dict.fromkeys((prefix, prefix.lower())):
        rows = conn.execute(
            "SELECT term FROM search_vocab WHERE term >= ? AND term < ? LIMIT ?",
            (start, start + "\U0010ffff" * 3, limit + 1 - len(terms)),
        )
        terms += [r[0] for r in rows]
    return terms


def like_clause(text: str) -> tuple[str, list[Any]]:
    """The old search: a case-insensitive (ASCII) substring of any of the four fields."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    clause = (
        "(message LIKE ? ESCAPE '\\' OR error_message LIKE ? ESCAPE '\\'"
        " OR event_type LIKE ? ESCAPE '\\' OR event_id LIKE ? ESCAPE '\\')"
    )
    return clause, [pattern] * 4


# -- keeping the index ---------------------------------------------------------------------------

SEARCH_FIELDS = "message, error_message, event_type, event_id"


def indexed_upto(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (INDEXED_KEY,)).fetchone()
    return int(row[0]) if row else 0


def index_range(conn: sqlite3.Connection, after: int, upto: int) -> None:
    """Index the rows with after < id <= upto and move the high-water mark to `upto` (caller's write
    transaction): one statement, run by SQLite without Python's lock."""
    conn.execute(
        f"INSERT INTO search_tri(rowid, body) SELECT id, {TRI_DOC} FROM exchanges WHERE id > ? AND id <= ?",
        (after, upto),
    )
    conn.execute("UPDATE meta SET value = ? WHERE key = ?", (upto, INDEXED_KEY))


def index_pending(conn: sqlite3.Connection, batch: int = 2000) -> int:
    """Index up to `batch` rows past the high-water mark, inside the caller's write transaction."""
    upto = indexed_upto(conn)
    row = conn.execute(
        "SELECT COUNT(*), MAX(id) FROM (SELECT id FROM exchanges WHERE id > ? ORDER BY id LIMIT ?)", (upto, batch)
    ).fetchone()
    if not row[0]:
        return 0
    index_range(conn, upto, int(row[1]))
    return int(row[0])


def unindex(conn: sqlite3.Connection, ids: list[int]) -> None:
    """Remove these rows from the indexes before they are deleted (caller's write transaction).

    A contentless FTS5 table forgets a row when told exactly the text it was indexed with."""
    upto = indexed_upto(conn)
    wanted = [i for i in ids if i <= upto]
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        conn.execute(
            "INSERT INTO search_tri(search_tri, rowid, body)"
            f" SELECT 'delete', id, {TRI_DOC} FROM exchanges WHERE id IN ({marks})",
            chunk,
        )


def reindex(conn: sqlite3.Connection, ids: list[int]) -> None:
    """Index these rows again after `unindex` and an update (only those the index already covered)."""
    upto = indexed_upto(conn)
    wanted = [i for i in ids if i <= upto]
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        conn.execute(
            f"INSERT INTO search_tri(rowid, body) SELECT id, {TRI_DOC} FROM exchanges WHERE id IN ({marks})", chunk
        )


def unindex_all(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT INTO search_tri(search_tri) VALUES ('delete-all')")


# -- querying ------------------------------------------------------------------------------------


def search_ids(
    conn: sqlite3.Connection, text: str, where: str, params: list[Any], limit: int | None, offset: int
) -> list[int]:
    """Ids of exchanges matching `text` (and the rest of the filter: `where`/`params`, "" or " AND …"),
    newest id first, after skipping `offset`."""
    want = None if limit is None else limit + offset
    like, like_params = like_clause(text)
    upto = indexed_upto(conn)
    ids = [
        r[0]
        for r in conn.execute(
            f"SELECT id FROM exchanges WHERE id > ? AND {like}{where} ORDER BY id DESC"
            + ("" if want is None else f" LIMIT {int(want)}"),
            [upto, *like_params, *params],
        )
    ]
    if want is None or len(ids) < want:
        rest = None if want is None else want - len(ids)
        ids += _indexed_ids(conn, text, like, [*like_params, *params], where, upto, rest)
    labelled = label_types(text)
    if labelled:  # rows whose type's label holds the text: newest `want` of them, merged by id
        marks = ", ".join("?" * len(labelled))
        sql = f"SELECT id FROM exchanges WHERE event_type IN ({marks}){where} ORDER BY id DESC"
        more = [r[0] for r in conn.execute(sql + ("" if want is None else f" LIMIT {int(want)}"), [*labelled, *params])]
        ids = sorted(set(ids) | set(more), reverse=True)[:want]
    return ids[offset:]


def _indexed_ids(
    conn: sqlite3.Connection, text: str, like: str, args: list[Any], where: str, upto: int, rest: int | None
) -> list[int]:
    """Matching ids at or below the high-water mark, newest first, at most `rest` of them."""
    tail = "" if rest is None else f" LIMIT {int(rest)}"
    how = plan(text)
    matches: list[str] = []
    if how is not None and how[0] == "match":
        matches = [how[1]]
    elif how is not None:
        terms = prefix_terms(conn, how[1])
        if len(terms) <= MAX_PREFIX_TERMS:
            if not terms:
                return []
            chunks = [terms[i : i + _TERMS_PER_QUERY] for i in range(0, len(terms), _TERMS_PER_QUERY)]
            matches = [" OR ".join(_quoted(t) for t in chunk) for chunk in chunks]
    if not matches:  # no index narrows it: newest first, to the page's end
        sql = f"SELECT id FROM exchanges WHERE id <= ? AND {like}{where} ORDER BY id DESC{tail}"
        return [r[0] for r in conn.execute(sql, [upto, *args])]
    sql = (
        "SELECT e.id FROM search_tri AS f CROSS JOIN exchanges AS e ON e.id = f.rowid"
        f" WHERE f.search_tri MATCH ? AND f.rowid <= ? AND {like}{where} ORDER BY f.rowid DESC{tail}"
    )
    found: set[int] = set()
    for match in matches:  # each returns its newest `rest`; together they hold the newest `rest` of all
        found.update(r[0] for r in conn.execute(sql, [match, upto, *args]))
    ordered = sorted(found, reverse=True)
    return ordered if rest is None else ordered[:rest]


def search_count(conn: sqlite3.Connection, text: str, where: str, params: list[Any]) -> int:
    return len(search_ids(conn, text, where, params, None, 0))
