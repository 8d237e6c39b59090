"""Build the search tables inside the knowledge-base SQLite file.

`build_index(conn)` reads the KB tables (documents, provisions, tables) of the same file and
writes:

* ``search_units``: one row per unit (see `units`), everything a result shows;
* ``search_fts``: a contentless FTS5 table over Python-made tokens (see `textfold`) in eight
  columns — title, context (heading path) and body, each as unigrams and bigrams, plus jieba
  words of title and of body. Separate columns let BM25 weigh a title or heading hit above a
  body hit, and keep bigram phrases contiguous (mixing unigrams in would break adjacency);
* ``search_terms``: an inverted index of jieba search-mode words (one row per word: its unit
  rowids and term frequencies as packed int32 arrays) and of provision labels (``label:第七条``).
  The ranker reads only the rows of the query's words, so a query costs what its words cost, not
  what the corpus costs (see `rank`);
* ``search_cites``: which units cite which 文号 (found by `renshe.corpus.docnum.find_all` at
  build time), so a query for a 文号 finds the documents citing it without a phrase scan;
* ``search_docs``: one row per document with its title's words (title evidence is counted once
  per document, on whole words);
* ``search_meta``: the index format version, unit count, mean unit length and a build stamp
  (cached arrays are keyed on it).

Contentless keeps the file small; snippets are cut from ``search_units.text`` in Python anyway
(FTS5's own `snippet()` would return our tokens, not the text).
"""

from __future__ import annotations

import sqlite3
import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from renshe.corpus import docnum
from renshe.resources import data_text
from renshe.search.lexicon import lexicon
from renshe.search.textfold import bi_tokens, cut, fold, joined, uni_tokens, word_tokens
from renshe.search.units import Unit, units_from_kb

INDEX_VERSION = "2"
# BM25 (Okapi) parameters. The term-frequency part of each posting is computed here, once, so
# a query only multiplies it by the word's idf.
K1 = 1.2
B = 0.75
COLUMNS = ("t_uni", "t_bi", "t_w", "c_uni", "c_bi", "b_uni", "b_bi", "b_w")

_SCHEMA = f"""
DROP TABLE IF EXISTS search_units;
DROP TABLE IF EXISTS search_fts;
DROP TABLE IF EXISTS search_meta;
DROP TABLE IF EXISTS search_terms;
DROP TABLE IF EXISTS search_docs;
DROP TABLE IF EXISTS search_cites;
CREATE TABLE search_units(
  rowid INTEGER PRIMARY KEY,
  doc_id TEXT NOT NULL, doc_number TEXT, doc_title TEXT NOT NULL,
  provision_id TEXT, label TEXT NOT NULL, context TEXT NOT NULL, text TEXT NOT NULL,
  kind TEXT NOT NULL, category TEXT, level TEXT NOT NULL, year INTEGER,
  effective_from TEXT, effective_until TEXT,
  line_start INTEGER NOT NULL, line_end INTEGER NOT NULL, ord INTEGER NOT NULL,
  table_id TEXT, row INTEGER, n_words INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE search_terms(
  term TEXT PRIMARY KEY, df INTEGER NOT NULL, rowids BLOB NOT NULL, impacts BLOB NOT NULL
)
  WITHOUT ROWID;
CREATE TABLE search_docs(doc_id TEXT PRIMARY KEY, title_words TEXT NOT NULL);
CREATE TABLE search_cites(doc_number TEXT NOT NULL, rowid_ INTEGER NOT NULL, PRIMARY KEY (doc_number, rowid_))
  WITHOUT ROWID;
CREATE INDEX search_units_doc ON search_units(doc_id, ord);
CREATE INDEX search_units_docnum ON search_units(doc_number);
CREATE VIRTUAL TABLE search_fts USING fts5({", ".join(COLUMNS)}, content='', tokenize='unicode61');
CREATE TABLE search_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@lru_cache(maxsize=1)
def domain_terms() -> tuple[str, ...]:
    """The words of the domain dictionary and the law's words of the synonym groups."""
    words = {
        line.split("#", 1)[0].split()[0]
        for line in data_text("search/dictionary.txt").splitlines()
        if line.split("#", 1)[0].strip()
    }
    words.update(g[0] for g in lexicon().groups)
    return tuple(sorted(fold(w) for w in words if len(w) >= 3))


def title_words(title: str) -> list[str]:
    """The whole words of a title: jieba search-mode words and every run of up to four
    consecutive words of the precise cut (延迟/法定/退休年龄 → 法定退休年龄), so a law's term
    that jieba splits still matches on word boundaries — and a fragment across a boundary
    (能领 in 高技能/领军) never does."""
    out = dict.fromkeys(word_tokens(title))
    words = [w for w in cut(fold(title)) if w.strip()]
    folded = fold(title)
    for t in domain_terms():  # a domain term inside a longer one: 法定退休年龄 in 延迟法定退休年龄
        if t in folded and any(len(t) < len(w) and t in w for w in words):
            out.setdefault(t, None)
    for i in range(len(words)):
        for j in range(i + 2, min(len(words), i + 4) + 1):
            span = "".join(words[i:j])
            if len(span) <= 10 and span.isalnum():
                out.setdefault(span, None)
    return list(out)


def _posting_row(
    word: str, ps: list[tuple[int, int]], norm: npt.NDArray[np.float64]
) -> tuple[str, int, bytes, bytes]:
    """(word, df, rowids, impacts), highest impact first: a reader that wants only the best
    units of a very common word takes a prefix (`rank.POSTINGS_CAP`)."""
    pairs = np.array(ps, dtype=np.int64).reshape(-1, 2)
    rows, tfs = pairs[:, 0], pairs[:, 1].astype(np.float64)
    impact = tfs * (K1 + 1) / (tfs + norm[rows])
    order = np.lexsort((rows, -impact))
    return (
        word,
        len(ps),
        rows[order].astype(np.int32).tobytes(),
        impact[order].astype(np.float32).tobytes(),
    )


def build_index(conn: sqlite3.Connection) -> None:
    """(Re)build the search tables from the KB tables in `conn`; commits."""
    write_units(conn, units_from_kb(conn))


def write_units(conn: sqlite3.Connection, units: Sequence[Unit]) -> None:
    """Write `units` as the search tables (also used by benchmarks on stand-in units)."""
    lexicon()  # the domain words must be in jieba before any word tokens are made
    conn.executescript(_SCHEMA)
    unit_rows: list[tuple[Any, ...]] = []
    lengths = [0]
    fts_rows = []
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    cites: set[tuple[str, int]] = set()
    total_words = 0
    for rowid, u in enumerate(units, start=1):
        unit_rows.append(
            (
                rowid,
                u.doc_id,
                u.doc_number,
                u.doc_title,
                u.provision_id,
                u.label,
                u.context,
                u.text,
                u.kind,
                u.category,
                u.level,
                u.year,
                u.effective_from,
                u.effective_until,
                u.line_start,
                u.line_end,
                u.order,
                u.table_id,
                u.row,
            )
        )
        # Titles are ranked per document (search_docs) and the ranker's words live in
        # search_terms: the FTS table keeps only what phrase matching needs (heading path and
        # body as unigrams and bigrams); its title and word columns stay empty.
        t = ("", "", "")
        ctx = f"{u.index_context if u.index_context is not None else u.context} {u.label}"
        body = u.index_text if u.index_text is not None else u.text
        # The ranker's words: heading path (a table's title) and body; not the label (第68行,
        # 第二条 are serial numbers, not content) and not a table's column names (repeated on
        # every row, they would make each row a hit for 退休).
        words = Counter(word_tokens(f"{u.context} {body}"))
        n_words = sum(words.values())
        total_words += n_words
        for w, tf in words.items():
            postings[w].append((rowid, tf))
        if "号" in u.text:
            cites.update((m.canonical, rowid) for m in docnum.find_all(u.text) if m.canonical != u.doc_number)
        if u.kind != "table_row" and u.label:
            postings[f"label:{u.label}"].append((rowid, 1))
        unit_rows[-1] = (*unit_rows[-1], n_words)
        lengths.append(n_words)
        fts_rows.append(
            (
                rowid,
                *t,
                joined(uni_tokens(ctx)),
                joined(bi_tokens(ctx)),
                joined(uni_tokens(body)),
                joined(bi_tokens(body)),
                "",
            )
        )
    conn.executemany(f"INSERT INTO search_units VALUES({','.join('?' * 20)})", unit_rows)
    avg = total_words / max(1, len(units))
    norm = K1 * (1 - B + B * np.array(lengths, dtype=np.float64) / max(avg, 1e-9))
    conn.executemany(
        "INSERT INTO search_terms VALUES(?, ?, ?, ?)",
        (_posting_row(w, ps, norm) for w, ps in postings.items()),
    )
    conn.executemany("INSERT INTO search_cites VALUES(?, ?)", sorted(cites))
    titles = {u.doc_id: u.doc_title for u in units}
    conn.executemany(
        "INSERT INTO search_docs VALUES(?, ?)",
        ((d, " ".join(title_words(t))) for d, t in titles.items()),
    )
    conn.executemany(
        f"INSERT INTO search_fts(rowid, {', '.join(COLUMNS)}) VALUES({','.join('?' * 9)})", fts_rows
    )
    conn.execute("INSERT INTO search_fts(search_fts) VALUES('optimize')")
    conn.execute("INSERT INTO search_meta VALUES('version', ?)", (INDEX_VERSION,))
    conn.execute("INSERT INTO search_meta VALUES('units', ?)", (str(len(units)),))
    conn.execute("INSERT INTO search_meta VALUES('avg_words', ?)", (str(avg),))
    conn.execute("INSERT INTO search_meta VALUES('stamp', ?)", (uuid.uuid4().hex,))
    conn.commit()
