"""Full-text search over the store: two FTS5 indexes that narrow a search, and the old LIKE that decides.

What a search means has not changed: an event matches when the text is a substring of its decrypted
message, error message, event type or event id, ASCII letters compared case-insensitively (SQLite's
LIKE). The indexes only find *candidates* quickly; every candidate is rechecked with that same LIKE, so
a search returns exactly what the old full-table LIKE scan returned (tests/core/store/test_search.py
compares the two on generated stores).

- `search_tri`: FTS5 trigram index over the four fields (contentless, detail=none: rowids only, about a
  third of a full trigram index). A text of 3+ characters becomes an AND of its trigrams.
- `search_cjk`: every CJK character and every pair of adjacent CJK characters as a token (written as
  hex code points, so SQLite's own Unicode tables never decide what a token is). Trigrams cannot find
  a 1- or 2-character text; a Chinese name or word is often exactly that (`周九`), so such a text looks
  up its bigram, or a CJK character of it. Only CJK runs are tokenised this way, so the index stays small.
- Anything else (1–2 characters with no CJK in them, e.g. `{"`) scans newest first with LIKE and stops
  at the page's end: such short texts are everywhere, so the scan ends early.

Both documents are written in one statement per batch: the trigram document is built by SQLite itself
from the stored columns (`TRI_DOC`), so indexing a batch runs in C without Python's lock, beside an
import parsing the next batch on another core. Deleting a row from a contentless index needs the very
text it was indexed with, so deletion builds it the same way (stores indexed by 0.x's Python builder
got the same text: tests/core/store/test_search.py).

Search results are ranked newest first by arrival in the store (id), which lets the index drive the
query and stop after a page. Rows not yet indexed (the indexer runs after commits, off the reply path)
are scanned with LIKE: `id > indexed_upto` is a short range at the tail.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from typing import Any

INDEXED_KEY = "indexed_upto"  # meta: every id at or below it is in both indexes

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
_CJK_RUN = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in _CJK_RANGES) + "]+")


def is_cjk(char: str) -> bool:
    point = ord(char)
    return any(a <= point <= b for a, b in _CJK_RANGES)


def _hex(text: str) -> str:
    """Code points as 8 hex digits each (UTF-32): a token SQLite's ASCII tokenizer keeps whole."""
    return text.encode("utf-32-be").hex()


_CHAR_HEX: dict[str, str] = {}  # a character's token, cached: a store holds a few thousand distinct CJK characters


def _char_hex(char: str) -> str:
    token = _CHAR_HEX.get(char)
    if token is None:
        token = _CHAR_HEX[char] = _hex(char)
    return token


def cjk_tokens(fields: Iterable[str | None]) -> str:
    """The search_cjk document: each CJK character and each adjacent pair, space-separated hex tokens
    (a set: with detail=none only presence counts, and a delete re-tokenises the same set)."""
    tokens: set[str] = set()
    for field in fields:
        if not field or field.isascii():
            continue
        for run in _CJK_RUN.findall(field):
            chars = [_CHAR_HEX.get(c) or _char_hex(c) for c in run]
            tokens.update(chars)
            tokens.update(map(str.__add__, chars, chars[1:]))
    return " ".join(tokens)


def _tri_doc() -> str:
    """The search_tri document of an exchanges row, as an SQL expression: the message, then each other field
    not already inside it (it usually holds the type and id), one per line (a match across lines is rechecked
    away). Built without substr() and trim(), which stop at a NUL character that a stored field may hold."""
    present = ["coalesce(message, '') <> ''"]
    parts = ["CASE WHEN coalesce(message, '') <> '' THEN message ELSE '' END"]
    for field in ("error_message", "event_type", "event_id"):
        here = f"(coalesce({field}, '') <> '' AND NOT (coalesce(message, '') <> '' AND instr(message, {field}) > 0))"
        newline = f"CASE WHEN {' OR '.join(present)} THEN char(10) ELSE '' END"
        parts.append(f"CASE WHEN {here} THEN {newline} || {field} ELSE '' END")
        present.append(here)
    return " || ".join(parts)


# The same text, rebuilt, deletes a row from the index.
TRI_DOC = _tri_doc()


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def plan(text: str) -> tuple[str, str] | None:
    """Which index narrows a search for `text`, and its MATCH expression; None: scan with LIKE."""
    if len(text) >= 3:
        grams = [text[i : i + 3] for i in range(0, len(text) - 2, 3)]
        if (len(text) - 3) % 3:
            grams.append(text[-3:])  # the last trigram, so the AND covers every character
        return "search_tri", " AND ".join(_quoted(g) for g in dict.fromkeys(grams))
    if all(is_cjk(c) for c in text):
        return "search_cjk", _quoted(_hex(text))  # one character, or an adjacent pair
    cjk = [c for c in text if is_cjk(c)]
    if cjk:
        return "search_cjk", _quoted(_hex(cjk[0]))  # a CJK character plus another: look up the CJK one
    return None


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


def index_range(conn: sqlite3.Connection, after: int, upto: int, cjk: dict[int, str] | None = None) -> None:
    """Index the rows with after < id <= upto and move the high-water mark to `upto` (caller's write
    transaction). `cjk`: the search_cjk documents of (some of) these rows, already built by the caller
    (an import builds them while parsing); the others are built here."""
    conn.execute(
        f"INSERT INTO search_tri(rowid, body) SELECT id, {TRI_DOC} FROM exchanges WHERE id > ? AND id <= ?",
        (after, upto),
    )
    known = cjk or {}
    present = conn.execute("SELECT COUNT(*) FROM exchanges WHERE id > ? AND id <= ?", (after, upto)).fetchone()[0]
    if sum(1 for i in known if after < i <= upto) < present:  # rows the caller did not prepare: live pushes
        rows = conn.execute(f"SELECT id, {SEARCH_FIELDS} FROM exchanges WHERE id > ? AND id <= ?", (after, upto))
        known = {**known, **{r[0]: cjk_tokens(r[1:]) for r in rows if r[0] not in known}}
    docs = [(i, grams) for i, grams in known.items() if after < i <= upto and grams]
    if docs:
        conn.execute(
            "INSERT INTO search_cjk(rowid, grams)"
            " SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?)",
            (json.dumps(docs),),
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
        rows = conn.execute(f"SELECT id, {SEARCH_FIELDS} FROM exchanges WHERE id IN ({marks})", chunk).fetchall()
        cjk = [("delete", r[0], g) for r in rows if (g := cjk_tokens(r[1:]))]
        conn.executemany("INSERT INTO search_cjk(search_cjk, rowid, grams) VALUES (?, ?, ?)", cjk)


def unindex_all(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT INTO search_tri(search_tri) VALUES ('delete-all')")
    conn.execute("INSERT INTO search_cjk(search_cjk) VALUES ('delete-all')")


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
        how = plan(text)
        tail = "" if rest is None else f" LIMIT {int(rest)}"
        if how is None:
            sql = f"SELECT id FROM exchanges WHERE id <= ? AND {like}{where} ORDER BY id DESC{tail}"
            args: list[Any] = [upto, *like_params, *params]
        else:
            table, match = how
            sql = (
                f"SELECT e.id FROM {table} AS f CROSS JOIN exchanges AS e ON e.id = f.rowid"
                f" WHERE f.{table} MATCH ? AND f.rowid <= ? AND {like}{where} ORDER BY f.rowid DESC{tail}"
            )
            args = [match, upto, *like_params, *params]
        ids += [r[0] for r in conn.execute(sql, args)]
    return ids[offset:]


def search_count(conn: sqlite3.Connection, text: str, where: str, params: list[Any]) -> int:
    return len(search_ids(conn, text, where, params, None, 0))
